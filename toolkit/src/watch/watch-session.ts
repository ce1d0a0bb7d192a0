import { describeObject } from '../engine/manifests';
import { Simulator } from '../simulate/simulator';
import { ResourceEvent } from '../simulate/types';
import { UnreachableError } from './errors';
import { EventOrigin, formatEventJson, formatEventText } from './event-format';
import { InformerCache } from './informer-cache';
import { ReflectorEnd, Sleep, runReflector } from './reflector';
import { ResourceClient, describeTarget, qualifiedResource } from './resource-client';
import { PlannedWatch } from './watch-plan';

/** Options of {@link runWatchSession}. */
export interface WatchSessionOptions {
  readonly client: ResourceClient;
  /** Built with `startTime` at the start of the session, so that `afterStart` filters behave as in a freshly started EventSource. */
  readonly simulator: Simulator;
  readonly watches: readonly PlannedWatch[];
  /** Aborting it ends the session with `stopped`. */
  readonly signal: AbortSignal;
  /** Receives one line per change, without the newline. */
  readonly output: (line: string) => void;
  /** Receives problems and notices, one message per call. */
  readonly report: (message: string) => void;
  /** Print JSON lines instead of text. */
  readonly json?: boolean;
  /** @default - the system clock */
  readonly clock?: () => Date;
  /** @default - a timer */
  readonly sleep?: Sleep;
}

/**
 * How a session ended: `stopped` by its signal; `unreachable` when the server could not be reached
 * before anything was listed; `forbidden` when every watch was refused (401/403); `unavailable`
 * when every watch ended otherwise (some resource not served).
 */
export type WatchOutcome = 'stopped' | 'unreachable' | 'forbidden' | 'unavailable';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function scopeOf(watch: PlannedWatch): string {
  return watch.target.namespace === '' ? 'in all namespaces' : `in namespace ${watch.target.namespace}`;
}

function endMessage(end: Exclude<ReflectorEnd, { reason: 'stopped' }>, watch: PlannedWatch): string {
  const resource = qualifiedResource(watch.target);
  switch (end.reason) {
    case 'forbidden':
      return `forbidden: RBAC does not let you ${end.verb} ${resource} ${scopeOf(watch)} (grant the "${end.verb}" verb `
        + `on ${resource}${watch.target.namespace === '' ? ' cluster-wide' : ''}); not watching it. The server said: ${end.error.message}`;
    case 'unauthorized':
      return `unauthorized: the server rejected the credentials when asked to ${end.verb} ${resource} `
        + `(log in again or refresh the kubeconfig's token). The server said: ${end.error.message}`;
    default:
      return `the server does not serve ${describeTarget(watch.target)} (is its CRD installed, the version right, and the `
        + `resource namespaced?); not watching it. The server said: ${end.error.message}`;
  }
}

/**
 * Watches what the planned EventSource events watch, runs every change through the simulator and
 * writes one line per change, until the signal aborts or no watch is left running (at once when
 * there is nothing to watch). Never executes a trigger: the simulator only predicts them.
 */
export async function runWatchSession(options: WatchSessionOptions): Promise<WatchOutcome> {
  const { client, simulator, output, report } = options;
  const clock = options.clock ?? (() => new Date());
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  if (options.signal.aborted) {
    stop.abort();
  }
  options.signal.addEventListener('abort', onAbort);

  const cache = new InformerCache();
  let listedAny = false;
  let unreachable = false;

  const simulate = (change: ResourceEvent, origin: EventOrigin, watch: PlannedWatch): void => {
    const time = clock();
    try {
      // The stream's resource, in case the kind's plural is irregular.
      const result = simulator.emit({ ...change, resource: watch.target.resource }, { time });
      const event = { change, origin, time, result };
      output(options.json ? formatEventJson(event) : formatEventText(event));
    } catch (error) {
      report(`${change.type} ${describeObject(change.object)}: cannot simulate: ${messageOf(error)}`);
    }
  };

  const ends = await Promise.all(options.watches.map(async (watch, i) => {
    const stream = { id: String(i), ...(watch.selector ? { selector: watch.selector } : {}) };
    const end = await runReflector(client, watch.target, {
      listed(items, relist) {
        listedAny = true;
        for (const change of cache.replace(stream, items)) {
          simulate(change, relist ? 'relist' : 'list', watch);
        }
      },
      changed(type, object) {
        const change = cache.apply(stream, type, object);
        if (change) {
          simulate(change, 'watch', watch);
        }
      },
      retrying(error, verb, delayMs) {
        if (error instanceof UnreachableError && !listedAny) {
          // Nothing ever worked: a wrong server or network, not a blip worth waiting out.
          if (!unreachable) {
            unreachable = true;
            report(error.message);
          }
          stop.abort();
          return;
        }
        report(`${describeTarget(watch.target)}: ${verb} failed: ${messageOf(error)}; retrying in ${delayMs / 1000} s`);
      },
      recovered() {
        report(`${describeTarget(watch.target)}: listed again, watching`);
      },
    }, { signal: stop.signal, ...(options.sleep ? { sleep: options.sleep } : {}) });
    if (end.reason !== 'stopped') {
      cache.forget(stream.id);
      report(endMessage(end, watch));
    }
    return end;
  }));
  options.signal.removeEventListener('abort', onAbort);

  if (unreachable) {
    return 'unreachable';
  }
  if (options.signal.aborted || ends.length === 0) {
    return 'stopped';
  }
  return ends.every((e) => e.reason === 'forbidden' || e.reason === 'unauthorized') ? 'forbidden' : 'unavailable';
}
