import { EngineError } from './errors';

/*
 * Go's strconv parsing: ParseFloat(s, 64), ParseInt and ParseUint with base 0, ParseBool. Go code
 * calls ParseFloat in three ways, and each has a function here: with the error checked
 * (parseGoFloat throws it), with any error turning the value into a fallback (tryParseGoFloat),
 * and with the error ignored (parseGoFloatValue).
 */

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
// A hexadecimal mantissa needs a binary exponent (`0x1p-2`); `0x10` is a syntax error.
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/;
const INFINITY = /^[+-]?(?:inf|infinity)$/i;
// Unlike the infinities, NaN takes no sign.
const NAN = /^nan$/i;

/**
 * The value `strconv.ParseFloat(s, 64)` returns, or undefined for a syntax error. Past the
 * float64 range the value is ±Inf (Go reports a range error with it, see {@link parseGoFloat}).
 */
function scanGoFloat(s: string): number | undefined {
  if (DECIMAL.test(s)) {
    return Number(s);
  }
  if (s.includes('_')) {
    // Underscores may separate digits (`1_000.5`, `0x_1p0`), never stand next to anything else.
    return underscoresAllowed(s) ? scanGoFloat(s.replace(/_/g, '')) : undefined;
  }
  const hex = HEX.exec(s);
  if (hex !== null) {
    const [, sign, whole, fraction = '', exponent] = hex;
    if (whole === '' && fraction === '') {
      return undefined;
    }
    const value = hexToFloat(BigInt(`0x${whole}${fraction}`), Number(exponent) - 4 * fraction.length);
    return sign === '-' ? -value : value;
  }
  if (INFINITY.test(s)) {
    return s[0] === '-' ? -Infinity : Infinity;
  }
  return NAN.test(s) ? NaN : undefined;
}

/** Go's underscoreOK: an underscore must sit between two digits or after a base prefix. */
function underscoresAllowed(s: string): boolean {
  let i = s[0] === '+' || s[0] === '-' ? 1 : 0;
  let hex = false;
  // `^` start, `0` digit or base prefix, `_` underscore, `!` anything else
  let saw = '^';
  if (s[i] === '0' && /[xXoObB]/.test(s[i + 1] ?? '')) {
    hex = s[i + 1] === 'x' || s[i + 1] === 'X';
    saw = '0';
    i += 2;
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
    } else if (c === '_') {
      if (saw !== '0') {
        return false;
      }
      saw = '_';
    } else if (saw === '_') {
      return false;
    } else {
      saw = '!';
    }
  }
  return saw !== '_';
}

/** `mantissa × 2^exponent` rounded to the nearest float64, ties to even (denormals included). */
function hexToFloat(mantissa: bigint, exponent: number): number {
  if (mantissa === 0n) {
    return 0;
  }
  const bits = mantissa.toString(2).length;
  const top = bits - 1 + exponent;
  // 53 significant bits for a normal number, fewer below 2^-1022 so that the last kept bit is 2^-1074.
  const keep = top < -1022 ? 1075 + top : 53;
  if (keep < 0) {
    return 0;
  }
  const drop = bits - keep;
  if (drop <= 0) {
    return Number(mantissa) * 2 ** exponent;
  }
  let kept = mantissa >> BigInt(drop);
  const rest = mantissa - (kept << BigInt(drop));
  const half = 1n << BigInt(drop - 1);
  if (rest > half || (rest === half && (kept & 1n) === 1n)) {
    kept += 1n;
  }
  return Number(kept) * 2 ** (exponent + drop);
}

/**
 * `strconv.ParseFloat(s, 64)` with its error checked: decimal and hexadecimal (`0x1p-2`) forms,
 * underscores between digits, `inf`/`infinity`/`nan` in any case. Errors carry Go's message,
 * e.g. `strconv.ParseFloat: parsing "x": invalid syntax`.
 */
export function parseGoFloat(s: string): number {
  const value = scanGoFloat(s);
  if (value === undefined) {
    throw new EngineError(`strconv.ParseFloat: parsing ${JSON.stringify(s)}: invalid syntax`);
  }
  if (!Number.isFinite(value) && !Number.isNaN(value) && !INFINITY.test(s)) {
    throw new EngineError(`strconv.ParseFloat: parsing ${JSON.stringify(s)}: value out of range`);
  }
  return value;
}

/** `strconv.ParseFloat(s, 64)` where any error means "not a number": undefined for both kinds. */
export function tryParseGoFloat(s: string): number | undefined {
  const value = scanGoFloat(s);
  return value === undefined || (!Number.isFinite(value) && !Number.isNaN(value) && !INFINITY.test(s)) ? undefined : value;
}

/**
 * `n, _ := strconv.ParseFloat(s, 64)`: the value with the error ignored, so 0 after a syntax
 * error and ±Inf past the float64 range.
 */
export function parseGoFloatValue(s: string): number {
  return scanGoFloat(s) ?? 0;
}

/**
 * The magnitude `strconv.ParseUint(s, 0, …)` reads, before its range check: `0x`, `0o` and `0b`
 * prefixes, a leading 0 for octal, underscores between digits (or after a prefix).
 */
function parseUnsignedBase0(s: string): bigint | undefined {
  let radix = 10;
  let body = s;
  if (/^0[xX]/.test(s)) [radix, body] = [16, s.slice(2)];
  else if (/^0[oO]/.test(s)) [radix, body] = [8, s.slice(2)];
  else if (/^0[bB]/.test(s)) [radix, body] = [2, s.slice(2)];
  else if (/^0[0-9_]/.test(s)) [radix, body] = [8, s.slice(1)];
  if (radix !== 10 && body.startsWith('_')) body = body.slice(1);
  if (body === '' || /^_|__|_$/.test(body)) return undefined;
  const clean = body.replace(/_/g, '');
  const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^\d+$/, 16: /^[0-9a-fA-F]+$/ }[radix as 2 | 8 | 10 | 16];
  if (!valid.test(clean)) return undefined;
  let v = 0n;
  const r = BigInt(radix);
  for (const ch of clean) v = v * r + BigInt(parseInt(ch, radix));
  return v;
}

/** `strconv.ParseInt(s, 0, 64)`: an optional sign, then what {@link parseGoUint} reads; undefined on error. */
export function parseGoInt(text: string): bigint | undefined {
  const signed = text[0] === '+' || text[0] === '-';
  const magnitude = parseUnsignedBase0(signed ? text.slice(1) : text);
  if (magnitude === undefined) {
    return undefined;
  }
  const v = text[0] === '-' ? -magnitude : magnitude;
  return v >= -(1n << 63n) && v < 1n << 63n ? v : undefined;
}

/** `strconv.ParseUint(s, 0, 64)`: base prefixes, a leading 0 for octal, underscores, no sign; undefined on error. */
export function parseGoUint(text: string): bigint | undefined {
  const v = parseUnsignedBase0(text);
  return v !== undefined && v < 1n << 64n ? v : undefined;
}

const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_WORDS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** `strconv.ParseBool`. */
export function parseGoBool(s: string): boolean {
  if (TRUE_WORDS.has(s)) {
    return true;
  }
  if (FALSE_WORDS.has(s)) {
    return false;
  }
  throw new EngineError(`strconv.ParseBool: parsing ${JSON.stringify(s)}: invalid syntax`);
}
