import { EngineError } from './errors';

/** Calendar fields of an instant in some time zone. */
export interface ZonedFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** 0 = Sunday, as Go's `time.Weekday`. */
  readonly weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** True for `UTC` and the empty name, which Go's `time.LoadLocation` maps to UTC. */
function isUtc(zone: string): boolean {
  return zone === '' || zone === 'UTC';
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric',
        weekday: 'short',
      });
    } catch {
      throw new EngineError(`unknown time zone ${zone}`);
    }
    formatters.set(zone, f);
  }
  return f;
}

/** Throws an EngineError when `zone` is not an IANA zone name. */
export function checkTimeZone(zone: string): void {
  if (!isUtc(zone) && zone !== 'Local') {
    formatterFor(zone);
  }
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** The wall-clock fields of `epochMs` in `zone` (IANA name, `''`/`UTC` for UTC). */
export function zonedFields(epochMs: number, zone: string): ZonedFields {
  if (isUtc(zone)) {
    const d = new Date(epochMs);
    return {
      year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
      hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), weekday: d.getUTCDay(),
    };
  }
  const parts: Record<string, string> = {};
  for (const p of formatterFor(zone).formatToParts(new Date(epochMs))) {
    parts[p.type] = p.value;
  }
  return {
    year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
    hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday],
  };
}

/**
 * The instant at which the wall clock in `zone` shows the given fields (`time.Date(…, loc)`).
 * Inside a daylight-saving gap or overlap the offset in effect just before is used.
 */
export function zonedToEpoch(
  zone: string, year: number, month: number, day: number, hour: number, minute: number, second: number, ms = 0,
): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (isUtc(zone)) {
    return asUtc;
  }
  const guess = asUtc - offsetAt(asUtc, zone);
  return asUtc - offsetAt(guess, zone);
}

function offsetAt(epochMs: number, zone: string): number {
  const f = zonedFields(epochMs, zone);
  const wall = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return wall - Math.floor(epochMs / 1000) * 1000;
}
