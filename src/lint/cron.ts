import { isLoadableLocation } from './go-time';

/**
 * Validation of the cron expressions in a Sensor's `conditionsReset[].byTime.cron`. The controller
 * parses them with robfig/cron v3 configured for exactly five fields (minute, hour, day of month,
 * month, day of week) and without descriptors, so `@daily` and six-field expressions are rejected.
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

const INTEGER = /^[+-]?\d+$/;
const MAX_INT64 = 9223372036854775807n;

/**
 * Returns why the controller would reject `spec` as a five-field cron expression, or `undefined`
 * when it accepts it. A leading `TZ=<zone>` or `CRON_TZ=<zone>` is allowed, as in robfig/cron.
 */
export function cronError(spec: string): string | undefined {
  if (spec === '') {
    return 'the expression is empty';
  }
  let body = spec;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    if (space < 0) {
      return 'the time zone prefix must be followed by the five fields';
    }
    const zone = spec.slice(spec.indexOf('=') + 1, space);
    if (!isLoadableLocation(zone)) {
      return `unknown time zone ${JSON.stringify(zone)} in the prefix`;
    }
    body = spec.slice(space).trim();
  }
  if (body.startsWith('@')) {
    return 'descriptors such as @daily are not accepted; write the five fields';
  }
  const fields = body.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== FIELDS.length) {
    return `expected exactly 5 fields (minute hour day-of-month month day-of-week), found ${fields.length}`;
  }
  for (let i = 0; i < FIELDS.length; i++) {
    // Empty items between commas are skipped, as Go's strings.FieldsFunc does.
    for (const item of fields[i].split(',').filter((r) => r !== '')) {
      const problem = rangeError(item, FIELDS[i]);
      if (problem !== undefined) {
        return `${FIELDS[i].label} field ${JSON.stringify(fields[i])}: ${problem}`;
      }
    }
  }
  return undefined;
}

function rangeError(item: string, bounds: FieldBounds): string | undefined {
  const rangeAndStep = item.split('/');
  if (rangeAndStep.length > 2) {
    return `too many slashes in ${JSON.stringify(item)}`;
  }
  const lowAndHigh = rangeAndStep[0].split('-');
  let start: number | undefined;
  let end: number | undefined;
  // `*` and `?` take the whole range; whatever follows a hyphen after them is ignored.
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = bounds.min;
    end = bounds.max;
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
  if (rangeAndStep.length === 2) {
    const step = nonNegativeInteger(rangeAndStep[1]);
    if (step === undefined) {
      return `step ${JSON.stringify(rangeAndStep[1])} is not a non-negative integer`;
    }
    if (step === 0) {
      return 'the step must be positive';
    }
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
  return undefined;
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
