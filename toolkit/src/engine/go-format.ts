import { UnsupportedError } from './errors';
import type { TemplateFunction } from './sprig';

/*
 * Go values as the template engine holds them, and Go's fmt formatting of them.
 *
 * A JSON-decoded value maps onto what Go holds after json.Unmarshal into interface{}:
 * number → float64, string, boolean → bool, null → nil, array → []interface{},
 * object → map[string]interface{}. Values that only functions produce get a class:
 * GoInt for Go's integer types, and any object with a `goString()` method is a fmt.Stringer
 * (time.Time, for instance). `undefined` is a missing value (text/template's invalid
 * reflect.Value); fmt treats it like nil.
 */

/** A Go integer (int, int64, uint8 …); `value` is kept within the type's range. */
export class GoInt {
  public static int(value: number | bigint): GoInt {
    return new GoInt(BigInt.asIntN(64, BigInt(value)), 'int');
  }

  public static int64(value: number | bigint): GoInt {
    return new GoInt(BigInt.asIntN(64, BigInt(value)), 'int64');
  }

  public static uint8(value: number): GoInt {
    return new GoInt(BigInt(value & 0xff), 'uint8');
  }

  private constructor(public readonly value: bigint, public readonly type: 'int' | 'int64' | 'uint8') {}

  public toNumber(): number {
    return Number(this.value);
  }
}

/** A value with a String() method, printed through it by %v and %s (Go's fmt.Stringer). */
export interface GoStringer {
  goString(): string;
  readonly goType: string;
  /** Methods a template can call on the value (`{{ now.Unix }}`). */
  readonly goMethods?: Readonly<Record<string, TemplateFunction>>;
  /** What encoding/json writes for the value, for a type with a MarshalJSON method. */
  goJsonValue?(): unknown;
  /** reflect.DeepEqual with another Stringer, for a type compared by value; others only equal themselves. */
  goEqual?(other: GoStringer): boolean;
}

export function isStringer(v: unknown): v is GoStringer {
  return typeof v === 'object' && v !== null && typeof (v as GoStringer).goString === 'function';
}

export function isGoMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof GoInt) && !isStringer(v);
}

/** Go's name for the dynamic type of a value, as %T prints it. */
export function goTypeName(v: unknown): string {
  if (v === undefined || v === null) return '<nil>';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof GoInt) return v.type;
  if (Array.isArray(v)) return '[]interface {}';
  if (isStringer(v)) return v.goType;
  if (typeof v === 'function') return 'func';
  return 'map[string]interface {}';
}

/** Go's reflect.DeepEqual for the values templates and expressions hold. */
export function deepEqualGo(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Unequal scalars, and a scalar against anything else, differ.
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof GoInt && b instanceof GoInt) return a.type === b.type && a.value === b.value;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      if (!deepEqualGo(a[i], b[i])) return false;
    }
    return true;
  }
  if (isStringer(a) && isStringer(b)) return a.goType === b.goType && a.goEqual?.(b) === true;
  if (isGoMap(a) && isGoMap(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    for (const k of ka) {
      if (!Object.prototype.hasOwnProperty.call(b, k) || !deepEqualGo(a[k], b[k])) return false;
    }
    return true;
  }
  return false;
}

/** Compares strings the way Go does (by UTF-8 bytes, which is code point order). */
export function compareGoStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (astral code points) sort after every BMP code point in UTF-8 order.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

export function sortedKeys(m: Record<string, unknown>): string[] {
  return Object.keys(m).sort(compareGoStrings);
}

/** Go's `int64(f)` on amd64: NaN and values outside the int64 range become its minimum. */
export function goFloatToInt64(f: number): bigint {
  if (!Number.isFinite(f) || f >= 2 ** 63 || f < -(2 ** 63)) return -(1n << 63n);
  return BigInt(Math.trunc(f));
}

// ---------------------------------------------------------------------------------------------
// strconv.FormatFloat

interface Digits {
  /** significant decimal digits without leading or trailing zeros; '' for zero */
  d: string;
  /** position of the decimal point relative to the start of `d` */
  dp: number;
}

function shortestDigits(abs: number): Digits {
  if (abs === 0) return { d: '', dp: 0 };
  // toExponential() without an argument gives the shortest digits that round-trip, as Go's
  // shortest formatting does.
  const s = abs.toExponential();
  const e = s.indexOf('e');
  const d = s.slice(0, e).replace('.', '');
  return { d: d.replace(/0+$/, ''), dp: Number(s.slice(e + 1)) + 1 };
}

function exactDigits(abs: number): Digits {
  if (abs === 0) return { d: '', dp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, abs);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biasedExp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biasedExp === 0) {
    exp = -1074;
  } else {
    mant |= 1n << 52n;
    exp = biasedExp - 1075;
  }
  let digits: string;
  let dp: number;
  if (exp >= 0) {
    digits = (mant << BigInt(exp)).toString();
    dp = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-exp)).toString();
    dp = digits.length + exp;
  }
  const trimmed = digits.replace(/0+$/, '');
  const lead = trimmed.length - trimmed.replace(/^0+/, '').length;
  return { d: trimmed.slice(lead), dp: dp - lead };
}

/** Rounds exact digits to `nd` significant digits, ties to even (Go's decimal.Round). */
function roundDigits(x: Digits, nd: number): Digits {
  if (nd < 0) return { d: '', dp: x.dp };
  if (nd >= x.d.length) return x;
  const next = x.d.charCodeAt(nd) - 48;
  let up: boolean;
  if (next === 5 && nd + 1 === x.d.length) {
    up = nd > 0 && (x.d.charCodeAt(nd - 1) - 48) % 2 === 1;
  } else {
    up = next >= 5;
  }
  if (!up) {
    const d = x.d.slice(0, nd).replace(/0+$/, '');
    return { d, dp: d === '' ? 0 : x.dp };
  }
  const arr = x.d.slice(0, nd).split('');
  let i = nd - 1;
  while (i >= 0 && arr[i] === '9') i--;
  if (i < 0) return { d: '1', dp: x.dp + 1 };
  arr[i] = String.fromCharCode(arr[i].charCodeAt(0) + 1);
  return { d: arr.slice(0, i + 1).join(''), dp: x.dp };
}

/** Digits `from` to `to` (exclusive) of `x`, counted from its first digit, with zeros outside it. */
function digitRange(x: Digits, from: number, to: number): string {
  if (to <= from) return '';
  let s = '';
  if (from < 0) {
    s = '0'.repeat(Math.min(to, 0) - from);
    from = 0;
  }
  if (to > from) {
    const part = x.d.slice(from, to);
    s += part + '0'.repeat(to - from - part.length);
  }
  return s;
}

function fmtE(neg: boolean, x: Digits, prec: number, upper: boolean): string {
  let s = neg ? '-' : '';
  s += x.d.length === 0 ? '0' : x.d[0];
  if (prec > 0) s += `.${digitRange(x, 1, prec + 1)}`;
  s += upper ? 'E' : 'e';
  let exp = x.d.length === 0 ? 0 : x.dp - 1;
  s += exp < 0 ? '-' : '+';
  exp = Math.abs(exp);
  s += exp < 10 ? `0${exp}` : String(exp);
  return s;
}

function fmtF(neg: boolean, x: Digits, prec: number): string {
  let s = neg ? '-' : '';
  s += x.dp > 0 ? digitRange(x, 0, x.dp) : '0';
  if (prec > 0) s += `.${digitRange(x, x.dp, x.dp + prec)}`;
  return s;
}

/**
 * Go's strconv.FormatFloat(n, format, prec, 64) for the 'e', 'E', 'f', 'g' and 'G' formats;
 * prec -1 means the shortest representation that round-trips.
 */
export function formatFloat(n: number, format: 'e' | 'E' | 'f' | 'g' | 'G', prec: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  const neg = n < 0 || Object.is(n, -0);
  const abs = Math.abs(n);
  const shortest = prec < 0;
  let x: Digits;
  if (shortest) {
    x = shortestDigits(abs);
    if (format === 'e' || format === 'E') prec = Math.max(x.d.length - 1, 0);
    else if (format === 'f') prec = Math.max(x.d.length - x.dp, 0);
    else prec = x.d.length;
  } else {
    const exact = exactDigits(abs);
    if (format === 'e' || format === 'E') x = roundDigits(exact, prec + 1);
    else if (format === 'f') x = roundDigits(exact, exact.dp + prec);
    else {
      if (prec === 0) prec = 1;
      x = roundDigits(exact, prec);
    }
  }
  if (format === 'e' || format === 'E') return fmtE(neg, x, prec, format === 'E');
  if (format === 'f') return fmtF(neg, x, prec);
  let eprec = prec;
  if (eprec > x.d.length && x.d.length >= x.dp) eprec = x.d.length;
  if (shortest) eprec = 6;
  const exp = x.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > x.d.length) prec = x.d.length;
    return fmtE(neg, x, prec - 1, format === 'G');
  }
  if (prec > x.dp) prec = x.d.length;
  return fmtF(neg, x, Math.max(prec - x.dp, 0));
}

/**
 * Go's fmt %v of a float64: strconv 'g' with the shortest precision, for which strconv decides
 * on the exponent form as if the precision were 6, so it is used when the exponent is below -4
 * or at least 6 (100 → "100", 1e6 → "1e+06", 1e-7 → "1e-07", 0.5 → "0.5"). The 1e21 threshold
 * belongs to encoding/json (see go-json.ts), not to fmt. This is what a template prints for a
 * JSON number.
 */
export function formatGoFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e6 && !Object.is(n, -0)) return String(n);
  return formatFloat(n, 'g', -1);
}

// ---------------------------------------------------------------------------------------------
// fmt

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Go's strconv.CanBackquote: no backquote, no control character other than tab, no BOM. */
export function canBackquote(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x60 || c === 0x7f || c === 0xfeff || (c < 0x20 && c !== 0x09)) return false;
  }
  return true;
}

/** Go's strconv.Quote. */
export function quoteGo(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') {
      out += `\\${ch}`;
    } else if (PRINTABLE.test(ch)) {
      out += ch;
    } else {
      switch (ch) {
        case '\x07': out += '\\a'; break;
        case '\b': out += '\\b'; break;
        case '\f': out += '\\f'; break;
        case '\n': out += '\\n'; break;
        case '\r': out += '\\r'; break;
        case '\t': out += '\\t'; break;
        case '\v': out += '\\v'; break;
        default:
          if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
          else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
          else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
          else out += `\\U${cp.toString(16).padStart(8, '0')}`;
      }
    }
  }
  return `${out}"`;
}

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width?: number;
  prec?: number;
}

const NO_FLAGS: Flags = { plus: false, minus: false, sharp: false, space: false, zero: false };

function pad(s: string, f: Flags, zeroAllowed = false): string {
  if (f.width === undefined) return s;
  const len = [...s].length;
  if (len >= f.width) return s;
  const n = f.width - len;
  if (f.minus) return s + ' '.repeat(n);
  if (f.zero && zeroAllowed) {
    // The sign goes before the zeros.
    const sign = s[0] === '-' || s[0] === '+' || s[0] === ' ' ? s[0] : '';
    return sign + '0'.repeat(n) + s.slice(sign.length);
  }
  return ' '.repeat(n) + s;
}

function badVerb(verb: string, v: unknown): string {
  if (v === undefined || v === null) return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeName(v)}=${formatValue(v, 'v', NO_FLAGS)})`;
}

function formatInteger(v: GoInt, verb: string, f: Flags): string {
  const neg = v.value < 0n;
  const u = neg ? -v.value : v.value;
  let digits: string;
  let prefix = '';
  switch (verb) {
    case 'v':
    case 'd':
      digits = u.toString(10);
      break;
    case 'b':
      digits = u.toString(2);
      if (f.sharp) prefix = '0b';
      break;
    case 'o':
    case 'O':
      digits = u.toString(8);
      if (verb === 'O') prefix = '0o';
      else if (f.sharp && digits !== '0') prefix = '0';
      break;
    case 'x':
      digits = u.toString(16);
      if (f.sharp) prefix = '0x';
      break;
    case 'X':
      digits = u.toString(16).toUpperCase();
      if (f.sharp) prefix = '0X';
      break;
    case 'c':
      return pad(String.fromCodePoint(Number(u) <= 0x10ffff ? Number(u) : 0xfffd), f);
    case 'q':
      return pad(`'${quoteGo(String.fromCodePoint(Number(u) <= 0x10ffff ? Number(u) : 0xfffd)).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`, f);
    case 'U':
      return pad(`U+${u.toString(16).toUpperCase().padStart(4, '0')}`, f);
    default:
      return badVerb(verb, v);
  }
  if (f.prec !== undefined) {
    if (f.prec === 0 && u === 0n) digits = '';
    digits = digits.padStart(f.prec, '0');
  }
  const sign = neg ? '-' : f.plus ? '+' : f.space ? ' ' : '';
  return pad(sign + prefix + digits, f, f.prec === undefined);
}

function formatNumber(n: number, verb: string, f: Flags): string {
  let s: string;
  switch (verb) {
    case 'v':
      s = formatFloat(n, 'g', f.prec ?? -1);
      break;
    case 'g':
    case 'G':
      s = formatFloat(n, verb, f.prec ?? -1);
      break;
    case 'e':
    case 'E':
      s = formatFloat(n, verb, f.prec ?? 6);
      break;
    case 'f':
    case 'F':
      s = formatFloat(n, 'f', f.prec ?? 6);
      break;
    case 'b':
    case 'x':
    case 'X':
      throw new UnsupportedError(`the %${verb} verb for floating-point values is not supported`);
    default:
      return badVerb(verb, n);
  }
  if (!s.startsWith('-')) {
    if (f.plus) s = `+${s}`;
    else if (f.space && !s.startsWith('+')) s = ` ${s}`;
  }
  if (s === '+Inf' && !f.plus) s = f.space ? ' Inf' : '+Inf';
  // Infinities and NaN are never zero-padded.
  return pad(s, f, !/Inf|NaN/.test(s));
}

function truncateRunes(s: string, f: Flags): string {
  if (f.prec === undefined) return s;
  const runes = [...s];
  return runes.length > f.prec ? runes.slice(0, f.prec).join('') : s;
}

function hexOfString(s: string, verb: string, f: Flags): string {
  const bytes = Buffer.from(truncateRunes(s, f), 'utf8');
  let hex = '';
  for (let i = 0; i < bytes.length; i++) {
    if (i > 0 && f.space) hex += ' ';
    if (f.sharp && (i === 0 || f.space)) hex += verb === 'X' ? '0X' : '0x';
    hex += bytes[i].toString(16).padStart(2, '0');
  }
  return verb === 'X' ? hex.toUpperCase().replace(/0X/g, '0X') : hex;
}

function formatString(s: string, verb: string, f: Flags): string {
  switch (verb) {
    case 'v':
      if (f.sharp) return pad(quoteGo(truncateRunes(s, f)), f);
      return pad(truncateRunes(s, f), f);
    case 's':
      return pad(truncateRunes(s, f), f);
    case 'q':
      if (f.sharp && canBackquote(s)) return pad(`\`${truncateRunes(s, f)}\``, f);
      return pad(quoteGo(truncateRunes(s, f)), f);
    case 'x':
    case 'X':
      return pad(hexOfString(s, verb, f), f);
    default:
      return badVerb(verb, s);
  }
}

/** Formats one operand for a verb, as fmt's printArg/printValue do. */
function formatValue(v: unknown, verb: string, f: Flags, depth = 0): string {
  if (verb === 'T') return pad(goTypeName(v), f);
  if (v === undefined || v === null) {
    if (verb === 'v') return pad('<nil>', f);
    return depth === 0 ? badVerb(verb, v) : `%!${verb}(<nil>)`;
  }
  if (typeof v === 'boolean') {
    return verb === 'v' || verb === 't' ? pad(String(v), f) : badVerb(verb, v);
  }
  if (typeof v === 'number') return formatNumber(v, verb, f);
  if (v instanceof GoInt) return formatInteger(v, verb, f);
  if (typeof v === 'string') return formatString(v, verb, f);
  if (isStringer(v)) {
    if (verb === 'v' || verb === 's' || verb === 'q' || verb === 'x' || verb === 'X') {
      return formatString(v.goString(), verb === 'v' ? 's' : verb, f);
    }
    return badVerb(verb, v);
  }
  if (Array.isArray(v)) {
    return `[${v.map((e) => formatValue(e, verb, f, depth + 1)).join(' ')}]`;
  }
  if (typeof v === 'function') return pad('<func>', f);
  const m = v as Record<string, unknown>;
  const parts = sortedKeys(m).map((k) => `${formatValue(k, verb, f, depth + 1)}:${formatValue(m[k], verb, f, depth + 1)}`);
  return `map[${parts.join(' ')}]`;
}

/** Go's fmt %v of a value (map[a:1 b:x], [1 2], <nil>, 1e+06 …). */
export function formatGoValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatGoFloat(v);
  return formatValue(v, 'v', NO_FLAGS);
}

/** Go's fmt.Sprint: operands are separated by a space when neither side is a string. */
export function goSprint(args: readonly unknown[]): string {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    if (i > 0 && typeof args[i] !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatGoValue(args[i]);
  }
  return out;
}

/** Go's fmt.Sprintln: operands always separated by a space, newline appended. */
export function goSprintln(args: readonly unknown[]): string {
  return `${args.map(formatGoValue).join(' ')}\n`;
}

function asIntArg(v: unknown): number | undefined {
  if (v instanceof GoInt) return v.toNumber();
  return undefined;
}

/** Go's fmt.Sprintf. */
export function goSprintf(format: string, args: readonly unknown[]): string {
  let out = '';
  let argNum = 0;
  let reordered = false;
  let i = 0;
  const n = format.length;
  while (i < n) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const f: Flags = { plus: false, minus: false, sharp: false, space: false, zero: false };
    flags: for (; i < n; i++) {
      switch (format[i]) {
        case '+': f.plus = true; break;
        case '-': f.minus = true; f.zero = false; break;
        case '#': f.sharp = true; break;
        case ' ': f.space = true; break;
        case '0': f.zero = !f.minus; break;
        default: break flags;
      }
    }
    const argIndex = (): boolean => {
      if (format[i] !== '[') return true;
      reordered = true;
      const close = format.indexOf(']', i);
      const idx = close < 0 ? NaN : Number(format.slice(i + 1, close));
      if (!Number.isInteger(idx) || idx < 1 || idx > args.length) {
        i = close < 0 ? n : close + 1;
        return false;
      }
      argNum = idx - 1;
      i = close + 1;
      return true;
    };
    let okIndex = argIndex();
    if (format[i] === '*') {
      i++;
      const w = asIntArg(args[argNum]);
      if (argNum >= args.length || w === undefined) out += '%!(BADWIDTH)';
      else {
        f.width = Math.abs(w);
        if (w < 0) { f.minus = true; f.zero = false; }
      }
      argNum++;
      okIndex = argIndex();
    } else {
      const m = /^\d+/.exec(format.slice(i));
      if (m) { f.width = Number(m[0]); i += m[0].length; }
    }
    if (format[i] === '.') {
      i++;
      okIndex = argIndex();
      if (format[i] === '*') {
        i++;
        const p = asIntArg(args[argNum]);
        if (argNum >= args.length || p === undefined || p < 0) out += '%!(BADPREC)';
        else f.prec = p;
        argNum++;
        okIndex = argIndex();
      } else {
        const m = /^\d+/.exec(format.slice(i));
        f.prec = m ? Number(m[0]) : 0;
        if (m) i += m[0].length;
      }
    }
    if (i >= n) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (!okIndex) {
      out += `%!${verb}(BADINDEX)`;
      continue;
    }
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const arg = args[argNum++];
    if (verb === 'v' && f.plus) f.plus = false;
    out += formatValue(arg, verb, f);
  }
  if (!reordered && argNum < args.length) {
    out += `%!(EXTRA ${args.slice(argNum).map((a) => (a === undefined || a === null ? '<nil>' : `${goTypeName(a)}=${formatGoValue(a)}`)).join(', ')})`;
  }
  return out;
}
