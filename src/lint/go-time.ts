/**
 * The two pieces of Go's `time` package that the Argo Events controllers use when they validate
 * a Sensor: loading a location by name and parsing an `HH:MM:SS` time of day.
 */

const locationCache = new Map<string, boolean>();

// IANA zone names start with a letter; Go never accepts numeric offsets such as `+01:00`, which
// newer ICU versions would.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

/**
 * Whether Go's `time.LoadLocation(name)` succeeds: `""`, `UTC` and `Local` always do, otherwise
 * the name must be an IANA time zone. Go reads zoneinfo files, so the lookup is case-sensitive;
 * a name that matches its canonical ICU spelling only when case is ignored (`america/new_york`)
 * is rejected. Aliases (`US/Eastern`) are accepted, as their case cannot be checked against ICU.
 */
export function isLoadableLocation(name: string): boolean {
  if (name === '' || name === 'UTC' || name === 'Local') {
    return true;
  }
  const cached = locationCache.get(name);
  if (cached !== undefined) {
    return cached;
  }
  const valid = ZONE_NAME.test(name) && icuAccepts(name);
  locationCache.set(name, valid);
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

// Go's layout `15:04:05`: the hour may have one or two digits, minutes and seconds exactly two.
// Go also accepts a fractional second after `.` or `,` even when the layout has none.
const TIME_OF_DAY = /^(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d+))?$/;

/**
 * Parses a time of day the way the Sensor controller does (`HH:MM:SS`, fractional seconds
 * allowed) and returns nanoseconds since midnight, or `undefined` when Go would reject it.
 */
export function parseTimeOfDay(text: string): number | undefined {
  const match = TIME_OF_DAY.exec(text);
  if (match === null) {
    return undefined;
  }
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  const seconds = Number(match[3]);
  if (hours > 23 || minutes > 59 || seconds > 59) {
    return undefined;
  }
  // Go keeps nine digits of the fraction and drops the rest.
  const nanos = match[4] === undefined ? 0 : Number(match[4].slice(0, 9).padEnd(9, '0'));
  return ((hours * 60 + minutes) * 60 + seconds) * 1e9 + nanos;
}
