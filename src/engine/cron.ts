import { EngineError } from './errors';
import { checkTimeZone, zonedFields, zonedToEpoch } from './time-zone';

interface FieldRange {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MONTH_NAMES: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};
const DOW_NAMES: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

const FIELDS: readonly FieldRange[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES },
  { name: 'day of week', min: 0, max: 6, names: DOW_NAMES },
];

interface Field {
  readonly values: ReadonlySet<number>;
  /** `*` or `?`: relevant for how day of month and day of week combine. */
  readonly star: boolean;
}

const MINUTE = 60_000;
const SEARCH_LIMIT_MS = 5 * 366 * 24 * 60 * MINUTE;

/**
 * A five-field cron schedule (minute hour day-of-month month day-of-week) as parsed by
 * robfig/cron with the options Argo Events uses for `conditionsReset.byTime`: `*`, `?`, lists,
 * ranges, steps and month/day names; no seconds field and no `@` descriptors. When both day
 * fields are restricted, either may match.
 */
export class CronSchedule {
  /** @throws EngineError for a malformed expression or an unknown time zone */
  public static parse(expression: string, timezone = ''): CronSchedule {
    const parts = expression.trim().split(/\s+/);
    if (parts.length !== 5) {
      throw new EngineError(`expected exactly 5 fields, found ${parts.length}: ${expression}`);
    }
    if (timezone) {
      checkTimeZone(timezone);
    }
    return new CronSchedule(parts.map((p, i) => parseField(p, FIELDS[i])), timezone);
  }

  private constructor(private readonly fields: readonly Field[], private readonly timezone: string) {}

  /** The first activation strictly after `after`, or `undefined` if none within five years. */
  public next(after: Date): Date | undefined {
    const [minute, hour, dom, month, dow] = this.fields;
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

function parseField(text: string, range: FieldRange): Field {
  const values = new Set<number>();
  let star = false;
  for (const part of text.split(',')) {
    const [span, stepText, extra] = part.split('/');
    if (extra !== undefined) {
      throw new EngineError(`too many slashes in ${range.name}: ${part}`);
    }
    let start: number;
    let end: number;
    let wildcard = false;
    if (span === '*' || span === '?') {
      start = range.min;
      end = range.max;
      wildcard = true;
    } else {
      const bounds = span.split('-');
      if (bounds.length > 2) {
        throw new EngineError(`too many hyphens in ${range.name}: ${part}`);
      }
      start = parseValue(bounds[0], range);
      end = bounds.length === 2 ? parseValue(bounds[1], range) : start;
      if (stepText !== undefined && bounds.length === 1) {
        end = range.max;
      }
    }
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) === 0) {
        throw new EngineError(`step of ${range.name} must be a positive number: ${part}`);
      }
      step = Number(stepText);
    }
    if (start < range.min || end > range.max || start > end) {
      throw new EngineError(`${range.name} out of range (${range.min}-${range.max}): ${part}`);
    }
    for (let v = start; v <= end; v += step) {
      values.add(v);
    }
    star = star || (wildcard && step === 1);
  }
  return { values, star };
}

function parseValue(text: string, range: FieldRange): number {
  const named = range.names?.[text.toLowerCase()];
  if (named !== undefined) {
    return named;
  }
  if (!/^\d+$/.test(text)) {
    throw new EngineError(`failed to parse ${range.name} '${text}'`);
  }
  return Number(text);
}
