/**
 * The Sensor controller reads a time filter's `start` and `stop` with Go's
 * `time.Parse("2006-01-02 15:04:05", "<today> <value>")` and reports the parse error as it is, so
 * its message quotes the controller's current date. This reproduces that parse for the clock part
 * (the date part is always well-formed), with Go's error text.
 */

const LAYOUT = '2006-01-02 15:04:05';

/** A parsed time of day, or Go's error for it. */
export type GoClock = { readonly nanos: number; readonly error?: undefined } | { readonly nanos?: undefined; readonly error: string };

/**
 * Parses `clock` as the `15:04:05` part of {@link LAYOUT}, after the date `date` (`YYYY-MM-DD`).
 * Like Go, it accepts one- or two-digit hours, spaces before the hour, and a fractional second
 * after `.` or `,` although the layout has none.
 */
export function parseGoClock(date: string, clock: string): GoClock {
  const whole = `${date} ${clock}`;
  const fail = (layoutElem: string, valueElem: string): GoClock =>
    ({ error: `parsing time ${goTimeQuote(whole)} as ${goTimeQuote(LAYOUT)}: cannot parse ${goTimeQuote(valueElem)} as ${goTimeQuote(layoutElem)}` });
  const outOfRange = (what: string): GoClock => ({ error: `parsing time ${goTimeQuote(whole)}: ${what} out of range` });

  // The layout's space matches any run of spaces.
  let value = clock.replace(/^ +/, '');
  const hour = getnum(value, false);
  if (hour === undefined) {
    return fail('15', value);
  }
  value = value.slice(hour.width);
  if (hour.n >= 24) {
    return outOfRange('hour');
  }
  const fields = [hour.n];
  for (const [elem, what] of [['04', 'minute'], ['05', 'second']]) {
    if (!value.startsWith(':')) {
      return fail(':', value);
    }
    value = value.slice(1);
    const field = getnum(value, true);
    if (field === undefined) {
      return fail(elem, value);
    }
    value = value.slice(field.width);
    if (field.n >= 60) {
      return outOfRange(what);
    }
    fields.push(field.n);
  }
  let nanos = 0;
  // A fraction the layout does not ask for: Go keeps nine digits and drops the rest.
  const fraction = /^[.,](\d+)/.exec(value);
  if (fraction !== null) {
    nanos = Number(fraction[1].slice(0, 9).padEnd(9, '0'));
    value = value.slice(fraction[0].length);
  }
  if (value !== '') {
    return { error: `parsing time ${goTimeQuote(whole)}: extra text: ${goTimeQuote(value)}` };
  }
  const [h, m, s] = fields;
  return { nanos: ((h * 60 + m) * 60 + s) * 1e9 + nanos };
}

/** Go's `getnum`: one or two leading digits (exactly two when `fixed`). */
function getnum(s: string, fixed: boolean): { n: number; width: number } | undefined {
  if (!isDigit(s, 0)) {
    return undefined;
  }
  if (!isDigit(s, 1)) {
    return fixed ? undefined : { n: Number(s[0]), width: 1 };
  }
  return { n: Number(s.slice(0, 2)), width: 2 };
}

function isDigit(s: string, i: number): boolean {
  return i < s.length && s[i] >= '0' && s[i] <= '9';
}

/**
 * The `time` package's own `quote`: double quotes, with `"` and `\` escaped and every byte of a
 * non-ASCII or control character written as `\xNN`.
 */
export function goTimeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code >= 0x80 || code < 0x20) {
      for (const byte of Buffer.from(ch, 'utf8')) {
        out += `\\x${byte.toString(16).padStart(2, '0')}`;
      }
    } else {
      out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
    }
  }
  return `${out}"`;
}
