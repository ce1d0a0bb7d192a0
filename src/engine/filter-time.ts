import { EngineError } from './errors';
import { FilterOutcome } from './filter-outcome';
import { checkTimeZone, zonedFields, zonedToEpoch } from './time-zone';

/** A Sensor `filters.time`: a daily window `[start, stop)` in `HH:MM:SS`, UTC unless `timezone`. */
export interface TimeFilter {
  readonly start: string;
  readonly stop: string;
  readonly timezone?: string;
}

const CLOCK = /^(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d+))?$/;

/**
 * Parses `HH:MM:SS` the way Go's `time.Parse("2006-01-02 15:04:05", …)` accepts the clock part:
 * one or two hour digits, exactly two minute and second digits, optional fractional seconds.
 */
function parseClock(text: string): { hour: number; minute: number; second: number; ms: number } {
  const m = CLOCK.exec(text);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3]) > 59) {
    throw new EngineError(`parsing time "${text}" as "15:04:05": cannot parse "${text}" as a clock time`);
  }
  const ms = m[4] ? Number(m[4].slice(0, 3).padEnd(3, '0')) : 0;
  return { hour: Number(m[1]), minute: Number(m[2]), second: Number(m[3]), ms };
}

/** The instant of `clock` on the calendar date `base` has in `zone`. */
function instantOn(clock: string, base: Date, zone: string): number {
  const c = parseClock(clock);
  const d = zonedFields(base.getTime(), zone);
  return zonedToEpoch(zone, d.year, d.month, d.day, c.hour, c.minute, c.second, c.ms);
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
