import { EngineError } from './errors';
import { checkTimeZone, isLoadableLocation, zonedFields, zonedToEpoch } from './time-zone';

/*
 * Cron expressions as Argo Events reads `conditionsReset[].byTime.cron`: robfig/cron v3 with a
 * parser for exactly five fields (minute, hour, day of month, month, day of week) and without
 * descriptors, so `@daily` and six-field expressions are rejected. A leading `TZ=<zone>` or
 * `CRON_TZ=<zone>` picks the time zone, as in robfig/cron.
 */

interface FieldBounds {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly names?: ReadonlyMap<string, number>;
}

const MONTH_NAMES = new Map(
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((n, i) => [n, i + 1]),
);
const DAY_NAMES = new Map(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((n, i) => [n, i]));

const FIELDS: readonly FieldBounds[] = [
  { label: 'minute', min: 0, max: 59 },
  { label: 'hour', min: 0, max: 23 },
  { label: 'day of month', min: 1, max: 31 },
  { label: 'month', min: 1, max: 12, names: MONTH_NAMES },
  { label: 'day of week', min: 0, max: 6, names: DAY_NAMES },
];

interface Field {
  readonly values: ReadonlySet<number>;
  /** `*` or `?` without a step: decides how day of month and day of week combine. */
  readonly star: boolean;
}

interface ParsedSpec {
  readonly fields: readonly Field[];
  /** The zone of a `TZ=`/`CRON_TZ=` prefix. */
  readonly zone?: string;
}

const INTEGER = /^[+-]?\d+$/;
const MAX_INT64 = 9223372036854775807n;

const MINUTE = 60_000;
const SEARCH_LIMIT_MS = 5 * 366 * 24 * 60 * MINUTE;

/**
 * A parsed schedule and its activations. When both day fields are restricted (neither is `*` or
 * `?`), a day matching either one counts, as in robfig/cron and classic cron.
 */
export class CronSchedule {
  /**
   * Parses `expression`, to run in `timezone` (an IANA name; `''`, `UTC` and `Local` are UTC)
   * unless the expression names its own zone.
   * @throws EngineError for an expression Argo Events rejects or an unknown time zone
   */
  public static parse(expression: string, timezone = ''): CronSchedule {
    const spec = parseSpec(expression);
    if (typeof spec === 'string') {
      throw new EngineError(spec);
    }
    checkTimeZone(timezone);
    // robfig/cron runs a schedule whose zone is Local in the zone of the scheduler.
    const zone = spec.zone !== undefined && spec.zone !== 'Local' ? spec.zone : timezone;
    return new CronSchedule(spec.fields, zone);
  }

  private constructor(private readonly fields: readonly Field[], private readonly timezone: string) {}

  /** The first activation strictly after `after`, or `undefined` if none within five years. */
  public next(after: Date): Date | undefined {
    const [minute, hour, dom, month, dow] = this.fields;
    // A field whose items were all empty (`,`) matches nothing.
    if (this.fields.some((f) => f.values.size === 0)) {
      return undefined;
    }
    let t = Math.floor(after.getTime() / MINUTE) * MINUTE + MINUTE;
    const limit = after.getTime() + SEARCH_LIMIT_MS;
    while (t <= limit) {
      const f = zonedFields(t, this.timezone);
      if (!month.values.has(f.month)) {
        t = this.startOfNextDay(f);
        continue;
      }
      const domMatch = dom.values.has(f.day);
      const dowMatch = dow.values.has(f.weekday);
      const dayMatch = dom.star || dow.star ? domMatch && dowMatch : domMatch || dowMatch;
      if (!dayMatch) {
        t = this.startOfNextDay(f);
        continue;
      }
      if (!hour.values.has(f.hour)) {
        t += (60 - f.minute) * MINUTE;
        continue;
      }
      if (!minute.values.has(f.minute)) {
        t += MINUTE;
        continue;
      }
      return new Date(t);
    }
    return undefined;
  }

  private startOfNextDay(f: { year: number; month: number; day: number }): number {
    return zonedToEpoch(this.timezone, f.year, f.month, f.day + 1, 0, 0, 0);
  }
}

/** Why Argo Events would reject `spec` as a cron expression, or `undefined` when it accepts it. */
export function cronError(spec: string): string | undefined {
  const parsed = parseSpec(spec);
  return typeof parsed === 'string' ? parsed : undefined;
}

/** The fields of `spec`, or why robfig/cron rejects it. */
function parseSpec(spec: string): ParsedSpec | string {
  if (spec === '') {
    return 'the expression is empty';
  }
  let body = spec;
  let zone: string | undefined;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    if (space < 0) {
      return 'the time zone prefix must be followed by the five fields';
    }
    zone = spec.slice(spec.indexOf('=') + 1, space);
    if (!isLoadableLocation(zone)) {
      return `unknown time zone ${JSON.stringify(zone)} in the prefix`;
    }
    body = spec.slice(space).trim();
  }
  if (body.startsWith('@')) {
    return 'descriptors such as @daily are not accepted; write the five fields';
  }
  const texts = body.split(/\s+/).filter((f) => f !== '');
  if (texts.length !== FIELDS.length) {
    return `expected exactly 5 fields (minute hour day-of-month month day-of-week), found ${texts.length}`;
  }
  const fields: Field[] = [];
  for (let i = 0; i < FIELDS.length; i++) {
    const values = new Set<number>();
    let star = false;
    // Empty items between commas are skipped, as Go's strings.FieldsFunc does.
    for (const item of texts[i].split(',').filter((r) => r !== '')) {
      const range = parseRange(item, FIELDS[i]);
      if (typeof range === 'string') {
        return `${FIELDS[i].label} field ${JSON.stringify(texts[i])}: ${range}`;
      }
      for (let v = range.start; v <= range.end; v += range.step) {
        values.add(v);
      }
      star = star || range.star;
    }
    fields.push({ values, star });
  }
  return { fields, ...(zone === undefined ? {} : { zone }) };
}

interface Range {
  readonly start: number;
  readonly end: number;
  readonly step: number;
  readonly star: boolean;
}

/** One list item: `*`, `?`, `n`, `a-b`, each optionally with `/step`; names for months and days. */
function parseRange(item: string, bounds: FieldBounds): Range | string {
  const rangeAndStep = item.split('/');
  if (rangeAndStep.length > 2) {
    return `too many slashes in ${JSON.stringify(item)}`;
  }
  const lowAndHigh = rangeAndStep[0].split('-');
  let start: number | undefined;
  let end: number | undefined;
  let star = false;
  // `*` and `?` take the whole range; whatever follows a hyphen after them is ignored.
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = bounds.min;
    end = bounds.max;
    star = true;
  } else {
    if (lowAndHigh.length > 2) {
      return `too many hyphens in ${JSON.stringify(item)}`;
    }
    start = valueOf(lowAndHigh[0], bounds);
    end = lowAndHigh.length === 2 ? valueOf(lowAndHigh[1], bounds) : start;
    if (start === undefined || end === undefined) {
      return `${JSON.stringify(item)} is not a number${bounds.names ? ' or name' : ''}`;
    }
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const parsed = nonNegativeInteger(rangeAndStep[1]);
    if (parsed === undefined) {
      return `step ${JSON.stringify(rangeAndStep[1])} is not a non-negative integer`;
    }
    if (parsed === 0) {
      return 'the step must be positive';
    }
    step = parsed;
    // `N/step` means `N-max/step`.
    if (lowAndHigh.length === 1) {
      end = bounds.max;
    }
  }
  if (start < bounds.min) {
    return `${start} is below the minimum ${bounds.min}`;
  }
  if (end > bounds.max) {
    return `${end} is above the maximum ${bounds.max}`;
  }
  if (start > end) {
    return `the range starts at ${start}, after its end ${end}`;
  }
  return { start, end, step, star: star && step === 1 };
}

function valueOf(text: string, bounds: FieldBounds): number | undefined {
  return bounds.names?.get(text.toLowerCase()) ?? nonNegativeInteger(text);
}

// Go's strconv.Atoi followed by a sign check: an optional sign, decimal digits, within int64.
function nonNegativeInteger(text: string): number | undefined {
  if (!INTEGER.test(text)) {
    return undefined;
  }
  const value = BigInt(text);
  if (value < 0n || value > MAX_INT64) {
    return undefined;
  }
  return Number(value);
}
