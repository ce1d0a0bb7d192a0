import { EngineError } from './errors';
import { FilterOutcome } from './filter-outcome';
import { checkTimeZone, zonedFields, zonedToEpoch } from './time-zone';

/** A Sensor `filters.time`: a daily window `[start, stop)` in `HH:MM:SS`, UTC unless `timezone`. */
export interface TimeFilter {
  readonly start: string;
  readonly stop: string;
  readonly timezone?: string;
}

// Go's layout `15:04:05`: the hour may have one or two digits, minutes and seconds exactly two.
// Go also accepts a fractional second after `.` or `,` even when the layout has none.
const CLOCK = /^(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d+))?$/;

/**
 * A time of day as Go's `time.Parse` reads it with the `15:04:05` layout, in nanoseconds since
 * midnight (Go keeps nine digits of a fraction and drops the rest); undefined when Go rejects it.
 */
export function parseTimeOfDay(text: string): number | undefined {
  const match = CLOCK.exec(text);
  if (match === null) {
    return undefined;
  }
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  const seconds = Number(match[3]);
  if (hours > 23 || minutes > 59 || seconds > 59) {
    return undefined;
  }
  const nanos = match[4] === undefined ? 0 : Number(match[4].slice(0, 9).padEnd(9, '0'));
  return ((hours * 60 + minutes) * 60 + seconds) * 1e9 + nanos;
}

/** The instant of `clock` on the calendar date `base` has in `zone`. */
function instantOn(clock: string, base: Date, zone: string): number {
  const nanos = parseTimeOfDay(clock);
  if (nanos === undefined) {
    throw new EngineError(`parsing time "${clock}" as "15:04:05": cannot parse "${clock}" as a clock time`);
  }
  const d = zonedFields(base.getTime(), zone);
  return zonedToEpoch(zone, d.year, d.month, d.day, 0, 0, 0, Math.floor(nanos / 1e6));
}

/**
 * `filterTime`: whether the event time falls in the window on the event's own date (in the
 * filter's time zone). Start is inclusive, stop exclusive; a stop before the start wraps past
 * midnight. A malformed clock or an unknown zone is an error, as upstream.
 */
export function filterTime(timeFilter: TimeFilter | null | undefined, eventTime: Date): FilterOutcome {
  if (!timeFilter) {
    return { pass: true };
  }
  const zone = timeFilter.timezone ?? '';
  let start: number;
  let stop: number;
  try {
    if (zone !== '') {
      try {
        checkTimeZone(zone);
      } catch (e) {
        throw new EngineError(`invalid timezone '${zone}': ${(e as Error).message}`);
      }
    }
    start = instantOn(timeFilter.start, eventTime, zone);
    stop = instantOn(timeFilter.stop, eventTime, zone);
  } catch (e) {
    return { pass: false, error: `time filter error (${(e as Error).message})` };
  }
  const t = eventTime.getTime();
  if (start < stop) {
    return { pass: t >= start && t < stop };
  }
  return { pass: t >= start || t < stop };
}
