import { EngineError } from './errors';

/** `retryStrategy` / `policy.k8s.backoff` (`v1alpha1.Backoff`). */
export interface BackoffSpec {
  /** A Go duration string, or an integer number of nanoseconds. */
  readonly duration?: string | number;
  /** A number; a quoted number does not parse upstream. */
  readonly factor?: unknown;
  readonly jitter?: unknown;
  /** Total attempts. */
  readonly steps?: number;
}

/** How often a failing trigger runs and how long it sleeps in between (before jitter). */
export interface RetryPlan {
  readonly attempts: number;
  /** Sleeps between attempts in milliseconds, `attempts - 1` of them. */
  readonly sleepsMs: readonly number[];
  /** Each sleep is extended by up to `jitter` × itself at random. */
  readonly jitter: number;
}

const UNITS_MS: Record<string, number> = {
  'ns': 1e-6, 'us': 1e-3, 'µs': 1e-3, 'μs': 1e-3, 'ms': 1, 's': 1000, 'm': 60_000, 'h': 3_600_000,
};

/** `time.ParseDuration`, in milliseconds (e.g. `1m30s`, `500ms`, `-1.5h`; a bare `0`). */
export function parseGoDuration(text: string): number {
  const m = /^([+-]?)(.*)$/.exec(text) as RegExpExecArray;
  const body = m[2];
  if (body === '0') {
    return 0;
  }
  const part = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let pos = 0;
  let total = 0;
  while (pos < body.length) {
    part.lastIndex = pos;
    const p = part.exec(body);
    if (!p) {
      break;
    }
    total += Number(p[1]) * UNITS_MS[p[2]];
    pos = part.lastIndex;
  }
  if (body === '' || pos !== body.length) {
    throw new EngineError(`time: invalid duration ${JSON.stringify(text)}`);
  }
  return m[1] === '-' ? -total : total;
}

function trimNumber(n: number): string {
  return String(Number(n.toFixed(6)));
}

/** `time.Duration.String()` for a number of milliseconds, e.g. `1.5s`, `2m0s`, `500ms`. */
export function formatGoDuration(ms: number): string {
  if (ms === 0) {
    return '0s';
  }
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs < 1) {
    return `${sign}${trimNumber(abs * 1000)}µs`;
  }
  if (abs < 1000) {
    return `${sign}${trimNumber(abs)}ms`;
  }
  const hours = Math.floor(abs / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const seconds = trimNumber((abs % 60_000) / 1000);
  if (hours > 0) {
    return `${sign}${hours}h${minutes}m${seconds}s`;
  }
  return minutes > 0 ? `${sign}${minutes}m${seconds}s` : `${sign}${seconds}s`;
}

/** An `Amount` (factor, jitter): a JSON number; strings are rejected as upstream rejects them. */
function amount(value: unknown, field: string, fallback: number): number {
  if (value === undefined || value === null) {
    return fallback;
  }
  if (typeof value === 'number') {
    return value;
  }
  // Argo Events parses the raw JSON text, quotes included, so even "2" does not parse.
  const shown = typeof value === 'string' ? `the string ${JSON.stringify(value)}` : JSON.stringify(value);
  throw new EngineError(`${field} must be a number, not ${shown}: Argo Events cannot parse it and never executes the trigger`);
}

/**
 * The retry plan of a backoff: no backoff means one attempt; `steps` ≤ 0 means 5; the first sleep
 * is `duration` (default 1s) and each next one is multiplied by `factor` (default 1).
 * @throws EngineError for a duration or amount Argo Events cannot parse
 */
export function retryPlan(spec: BackoffSpec | null | undefined, field = 'retryStrategy'): RetryPlan {
  if (!spec) {
    return { attempts: 1, sleepsMs: [], jitter: 0 };
  }
  let first = 1000;
  if (typeof spec.duration === 'number') {
    first = spec.duration / 1e6;
  } else if (typeof spec.duration === 'string' && spec.duration !== '') {
    try {
      first = parseGoDuration(spec.duration);
    } catch (e) {
      throw new EngineError(`${field}.duration: ${(e as Error).message}`);
    }
  }
  const factor = amount(spec.factor, `${field}.factor`, 1);
  const jitter = amount(spec.jitter, `${field}.jitter`, 1);
  const attempts = typeof spec.steps === 'number' && spec.steps > 0 ? Math.floor(spec.steps) : 5;
  const sleepsMs: number[] = [];
  let d = first;
  for (let i = 1; i < attempts; i++) {
    sleepsMs.push(d);
    d *= factor;
  }
  return { attempts, sleepsMs, jitter };
}
