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
const loadable = new Map<string, boolean>();

// IANA zone names start with a letter; Go never accepts numeric offsets such as `+01:00`, which
// newer ICU versions would.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

/**
 * `''`, `UTC` and `Local`, which Go's `time.LoadLocation` maps to UTC and the machine's zone. An
 * Argo Events pod has no zone configured, so its local time is UTC.
 */
function isUtc(zone: string): boolean {
  return zone === '' || zone === 'UTC' || zone === 'Local';
}

/**
 * Whether Go's `time.LoadLocation(name)` succeeds: `""`, `UTC` and `Local` always do, otherwise
 * the name must be an IANA time zone. Go reads zoneinfo files, so the lookup is case-sensitive;
 * a name that matches its canonical ICU spelling only when case is ignored (`america/new_york`)
 * is rejected. Aliases (`US/Eastern`) are accepted, as their case cannot be checked against ICU.
 */
export function isLoadableLocation(name: string): boolean {
  if (isUtc(name)) {
    return true;
  }
  let valid = loadable.get(name);
  if (valid === undefined) {
    valid = ZONE_NAME.test(name) && icuAccepts(name);
    loadable.set(name, valid);
  }
  return valid;
}

function icuAccepts(name: string): boolean {
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  return resolved === name || resolved.toLowerCase() !== name.toLowerCase();
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

/** Throws an EngineError when Go's `time.LoadLocation(zone)` would fail. */
export function checkTimeZone(zone: string): void {
  if (!isLoadableLocation(zone)) {
    throw new EngineError(`unknown time zone ${zone}`);
  }
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** The wall-clock fields of `epochMs` in `zone`, a name {@link isLoadableLocation} accepts. */
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
