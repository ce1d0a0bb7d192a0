import { createHash, randomBytes, randomInt, randomUUID } from 'crypto';
import { RE2JS } from 're2js';
import { EngineError, UnsupportedError } from './errors';
import {
  GoInt, GoStringer, compareGoStrings, deepEqualGo, formatFloat, formatGoValue, goFloatToInt64, goTypeName, isGoMap,
  canBackquote, isStringer, quoteGo,
} from './go-format';
import { GoJsonOptions, marshalGoJson } from './go-json';
import { parseGoInt, tryParseGoFloat } from './go-strconv';

// json.Marshal as the toJson functions apply it, for code that encodes template values itself.
export { marshalGoJson };

/*
 * The sprig v3 function map (Masterminds/sprig, as Argo Events passes it to text/template),
 * with each function's Go signature so that the template engine checks arguments as Go does.
 * Functions that need cryptographic keys, network access or other libraries (certificates,
 * semver, mergo) are listed so that templates using them parse, but calling them raises
 * UnsupportedError.
 */

/**
 * A Go parameter type: `any` is interface{}, `value` is reflect.Value (text/template's
 * builtins, which also receive missing values), `map` is map[string]interface{}.
 */
export type ParamType = 'any' | 'value' | 'string' | 'int' | 'int64' | 'float64' | 'bool' | 'map' | 'time';

export interface CallContext {
  readonly now: () => Date;
  readonly env: Readonly<Record<string, string>>;
}

export interface TemplateFunction {
  readonly params: readonly ParamType[];
  /** Element type of a trailing variadic parameter. */
  readonly variadic?: ParamType;
  readonly call: (args: unknown[], ctx: CallContext) => unknown;
}

/** An error returned (or a panic raised) by a template function; reported as "error calling f: …". */
export class FuncError extends Error {}

const fn = (params: ParamType[], call: TemplateFunction['call'], variadic?: ParamType): TemplateFunction => ({ params, variadic, call });
const str = (a: unknown): string => a as string;
const int = (a: unknown): number => (a as GoInt).toNumber();

// ---------------------------------------------------------------------------------------------
// Go's spf13/cast conversions

/** spf13/cast.ToInt64: numbers truncate, strings parse (base prefixes, ".0" trimmed), else 0. */
function toInt64(v: unknown): bigint {
  if (v instanceof GoInt) return v.value;
  if (typeof v === 'number') return goFloatToInt64(v);
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string') return parseGoInt(trimZeroDecimal(v)) ?? 0n;
  return 0n;
}

function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === '.') return foundZero ? s.slice(0, i - 1) : s;
    if (c !== '0') return s;
    foundZero = true;
  }
  return s;
}

/** spf13/cast.ToFloat64. */
function toFloat64(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v instanceof GoInt) return v.toNumber();
  if (typeof v === 'boolean') return v ? 1 : 0;
  // cast returns 0 whenever ParseFloat reports an error, a range error included.
  if (typeof v === 'string') return tryParseGoFloat(v) ?? 0;
  return 0;
}

/** sprig's strval: strings as is, Stringers through String(), anything else through %v. */
function strval(v: unknown): string {
  if (typeof v === 'string') return v;
  return formatGoValue(v);
}

function isList(v: unknown): v is unknown[] {
  return Array.isArray(v);
}

/** reflect.TypeOf(v).Kind(), as sprig's list functions name it in their errors. */
function kindOf(v: unknown): string {
  if (v === undefined || v === null) return 'invalid';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof GoInt) return v.type;
  if (Array.isArray(v)) return 'slice';
  if (isStringer(v)) return 'struct';
  return 'map';
}

/** Runs a list function; `what` completes sprig's "Cannot <what> on type <kind>" error. */
function listOp<T>(what: string | ((kind: string) => string), v: unknown, f: (l: unknown[]) => T): T {
  // reflect.TypeOf(nil).Kind() panics inside sprig.
  if (v === undefined || v === null) throw new FuncError('runtime error: invalid memory address or nil pointer dereference');
  if (!isList(v)) throw new FuncError(typeof what === 'string' ? `Cannot ${what} on type ${kindOf(v)}` : what(kindOf(v)));
  return f(v);
}

/** sprig's empty: the zero value of its type (nil, 0, "", false, empty list or map). */
function empty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'string') return v.length === 0;
  if (typeof v === 'number') return v === 0;
  if (typeof v === 'boolean') return !v;
  if (v instanceof GoInt) return v.value === 0n;
  if (Array.isArray(v)) return v.length === 0;
  if (isStringer(v)) return false;
  return Object.keys(v as object).length === 0;
}

// ---------------------------------------------------------------------------------------------
// encoding/json

/** json.Marshal for a template function: Go's errors (NaN, ±Inf) become the function's error. */
function marshalForTemplate(v: unknown, options?: GoJsonOptions): string {
  try {
    return marshalGoJson(v, options);
  } catch (e) {
    throw e instanceof EngineError ? new FuncError(e.message) : e;
  }
}

function mustFromJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch (e) {
    throw new FuncError(s.trim() === '' ? 'unexpected end of JSON input' : `invalid JSON: ${(e as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// time

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const RFC3339_NANO = '2006-01-02T15:04:05.999999999Z07:00';

interface ZoneInfo {
  readonly offsetSeconds: number;
  readonly abbrev: string;
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneAt(zone: string, ms: number): ZoneInfo {
  if (zone === 'UTC') return { offsetSeconds: 0, abbrev: 'UTC' };
  let formatter = zoneFormatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric', timeZoneName: 'short',
    });
    zoneFormatters.set(zone, formatter);
  }
  const parts = formatter.formatToParts(new Date(ms));
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '0';
  const local = Date.UTC(Number(get('year')), Number(get('month')) - 1, Number(get('day')), Number(get('hour')), Number(get('minute')), Number(get('second')));
  const offsetSeconds = Math.round((local - Math.floor(ms / 1000) * 1000) / 1000);
  return { offsetSeconds, abbrev: get('timeZoneName') };
}

function isKnownZone(zone: string): boolean {
  if (zone === 'UTC' || zone === '') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Go's time.Time: an instant in a location. The machine-local zone is taken to be UTC. */
export class GoTime implements GoStringer {
  public readonly goType = 'time.Time';
  public readonly goMethods: Readonly<Record<string, TemplateFunction>>;

  constructor(public readonly ms: number, public readonly zone = 'UTC') {
    this.goMethods = {
      Unix: fn([], () => GoInt.int64(Math.floor(this.ms / 1000))),
      UnixMilli: fn([], () => GoInt.int64(Math.floor(this.ms))),
      UnixNano: fn([], () => GoInt.int64(BigInt(Math.floor(this.ms)) * 1_000_000n)),
      Format: fn(['string'], (a) => this.format(str(a[0]))),
      UTC: fn([], () => new GoTime(this.ms, 'UTC')),
      String: fn([], () => this.goString()),
      Year: fn([], () => GoInt.int(this.fields().year)),
      YearDay: fn([], () => GoInt.int(this.fields().yday)),
      Day: fn([], () => GoInt.int(this.fields().day)),
      Hour: fn([], () => GoInt.int(this.fields().hour)),
      Minute: fn([], () => GoInt.int(this.fields().minute)),
      Second: fn([], () => GoInt.int(this.fields().second)),
    };
  }

  public goString(): string {
    return this.format('2006-01-02 15:04:05.999999999 -0700 MST');
  }

  /** reflect.DeepEqual compares the instant and the location. */
  public goEqual(other: GoStringer): boolean {
    return other instanceof GoTime && other.ms === this.ms && other.zone === this.zone;
  }

  /** Time.MarshalJSON writes the instant as an RFC 3339 string with nanoseconds. */
  public goJsonValue(): string {
    return this.format(RFC3339_NANO);
  }

  private fields() {
    const z = zoneAt(this.zone, this.ms);
    const d = new Date(this.ms + z.offsetSeconds * 1000);
    const start = Date.UTC(d.getUTCFullYear(), 0, 1);
    return {
      year: d.getUTCFullYear(), month: d.getUTCMonth(), day: d.getUTCDate(), wday: d.getUTCDay(),
      hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(),
      nanos: (((this.ms % 1000) + 1000) % 1000) * 1_000_000,
      yday: Math.floor((d.getTime() - start) / 86_400_000) + 1, zone: z,
    };
  }

  /** Go's Time.Format with a reference-time layout. */
  public format(layout: string): string {
    const f = this.fields();
    const p2 = (n: number): string => String(n).padStart(2, '0');
    const zoneOf = (kind: string): string => {
      const off = f.zone.offsetSeconds;
      if (kind.startsWith('Z') && off === 0) return 'Z';
      const sign = off < 0 ? '-' : '+';
      const a = Math.abs(off);
      const hh = p2(Math.floor(a / 3600));
      const mm = p2(Math.floor((a % 3600) / 60));
      const ss = p2(a % 60);
      const body = kind.replace(/^Z/, '-');
      switch (body) {
        case '-07': return sign + hh;
        case '-0700': return sign + hh + mm;
        case '-07:00': return `${sign}${hh}:${mm}`;
        case '-070000': return sign + hh + mm + ss;
        default: return `${sign}${hh}:${mm}:${ss}`;
      }
    };
    let out = '';
    for (const tok of layoutTokens(layout)) {
      switch (tok) {
        case '2006': out += String(f.year).padStart(4, '0'); break;
        case '06': out += p2(f.year % 100); break;
        case 'January': out += MONTHS[f.month]; break;
        case 'Jan': out += MONTHS[f.month].slice(0, 3); break;
        case '01': out += p2(f.month + 1); break;
        case '1': out += String(f.month + 1); break;
        case 'Monday': out += DAYS[f.wday]; break;
        case 'Mon': out += DAYS[f.wday].slice(0, 3); break;
        case '02': out += p2(f.day); break;
        case '_2': out += String(f.day).padStart(2, ' '); break;
        case '2': out += String(f.day); break;
        case '002': out += String(f.yday).padStart(3, '0'); break;
        case '__2': out += String(f.yday).padStart(3, ' '); break;
        case '15': out += p2(f.hour); break;
        case '03': out += p2(f.hour % 12 === 0 ? 12 : f.hour % 12); break;
        case '3': out += String(f.hour % 12 === 0 ? 12 : f.hour % 12); break;
        case '04': out += p2(f.minute); break;
        case '4': out += String(f.minute); break;
        case '05': out += p2(f.second); break;
        case '5': out += String(f.second); break;
        case 'PM': out += f.hour >= 12 ? 'PM' : 'AM'; break;
        case 'pm': out += f.hour >= 12 ? 'pm' : 'am'; break;
        case 'MST': out += f.zone.abbrev; break;
        default:
          if (/^[-Z]07/.test(tok)) out += zoneOf(tok);
          else if (/^[.,][09]+$/.test(tok)) {
            const digits = String(f.nanos).padStart(9, '0').slice(0, tok.length - 1);
            if (tok[1] === '0') out += tok[0] + digits;
            else {
              const trimmed = digits.replace(/0+$/, '');
              if (trimmed !== '') out += tok[0] + trimmed;
            }
          } else out += tok;
      }
    }
    return out;
  }
}

const startsWithLower = (s: string): boolean => s.length > 0 && s[0] >= 'a' && s[0] <= 'z';

/** The reference-time element at the start of `s`, if any (Go's time.nextStdChunk). */
function stdChunk(s: string): string | undefined {
  const starts = (x: string): boolean => s.startsWith(x);
  switch (s[0]) {
    case 'J':
      if (starts('January')) return 'January';
      if (starts('Jan') && !startsWithLower(s.slice(3))) return 'Jan';
      return undefined;
    case 'M':
      if (starts('Monday')) return 'Monday';
      if (starts('Mon') && !startsWithLower(s.slice(3))) return 'Mon';
      return starts('MST') ? 'MST' : undefined;
    case '0':
      if (s[1] >= '1' && s[1] <= '6') return s.slice(0, 2);
      return starts('002') ? '002' : undefined;
    case '1':
      return starts('15') ? '15' : '1';
    case '2':
      return starts('2006') ? '2006' : '2';
    case '_':
      if (starts('_2') && !starts('_2006')) return '_2';
      return starts('__2') ? '__2' : undefined;
    case '3': case '4': case '5':
      return s[0];
    case 'P':
      return starts('PM') ? 'PM' : undefined;
    case 'p':
      return starts('pm') ? 'pm' : undefined;
    case '-':
    case 'Z':
      return ['070000', '07:00:00', '0700', '07:00', '07'].map((z) => s[0] + z).find(starts);
    case '.':
    case ',': {
      // Fractional seconds: a run of 0s or 9s not followed by another digit.
      const m = /^[.,](0+|9+)/.exec(s);
      return m && !/^\d/.test(s.slice(m[0].length)) ? m[0] : undefined;
    }
    default:
      return undefined;
  }
}

/** Splits a Go time layout into reference-time elements and literal text. */
function layoutTokens(layout: string): string[] {
  const out: string[] = [];
  let lit = '';
  let i = 0;
  while (i < layout.length) {
    const chunk = stdChunk(layout.slice(i));
    if (chunk) {
      if (lit) out.push(lit);
      lit = '';
      out.push(chunk);
      i += chunk.length;
    } else {
      lit += layout[i];
      i++;
    }
  }
  if (lit) out.push(lit);
  return out;
}

/** time.ParseDuration. */
function parseDuration(s: string): bigint | undefined {
  const units: Record<string, bigint> = { ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n };
  let rest = s;
  let neg = false;
  if (rest[0] === '-' || rest[0] === '+') {
    neg = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') return undefined;
  let total = 0n;
  while (rest !== '') {
    const m = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/.exec(rest);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) return undefined;
    const unit = units[m[3]];
    total += BigInt(m[1] || '0') * unit;
    if (m[2]) total += (BigInt(m[2]) * unit) / 10n ** BigInt(m[2].length);
    rest = rest.slice(m[0].length);
  }
  return neg ? -total : total;
}

/** time.Duration.String. */
function formatDuration(d: bigint): string {
  if (d === 0n) return '0s';
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  if (u < 1_000_000_000n) {
    const [unit, div] = u < 1000n ? ['ns', 1n] : u < 1_000_000n ? ['µs', 1000n] : ['ms', 1_000_000n];
    out = fracString(u, div) + unit;
  } else {
    const h = u / 3_600_000_000_000n;
    u -= h * 3_600_000_000_000n;
    const m = u / 60_000_000_000n;
    u -= m * 60_000_000_000n;
    out = `${fracString(u, 1_000_000_000n)}s`;
    if (h > 0n) out = `${h}h${m}m${out}`;
    else if (m > 0n) out = `${m}m${out}`;
  }
  return neg ? `-${out}` : out;
}

function fracString(v: bigint, div: bigint): string {
  const whole = v / div;
  const frac = v % div;
  if (frac === 0n) return whole.toString();
  const width = div.toString().length - 1;
  return `${whole}.${frac.toString().padStart(width, '0').replace(/0+$/, '')}`;
}

function dateArg(v: unknown, ctx: CallContext): GoTime {
  if (v instanceof GoTime) return v;
  if (v instanceof GoInt && v.type !== 'uint8') return new GoTime(Number(v.value) * 1000);
  return new GoTime(ctx.now().getTime());
}

function dateInZone(layout: string, date: unknown, zone: string, ctx: CallContext): string {
  const t = dateArg(date, ctx);
  const z = zone === 'Local' || !isKnownZone(zone) ? 'UTC' : zone || 'UTC';
  return new GoTime(t.ms, z).format(layout);
}

// ---------------------------------------------------------------------------------------------
// strings

function utf8(s: string): Buffer {
  return Buffer.from(s, 'utf8');
}

/** s[a:b] on the UTF-8 bytes; Go panics when the bounds are out of range. */
function byteSlice(s: string, a: number, b?: number): string {
  const bytes = utf8(s);
  const end = b ?? bytes.length;
  if (a < 0 || end < a || end > bytes.length) {
    throw new FuncError(`runtime error: slice bounds out of range [${a}:${end}] with length ${bytes.length}`);
  }
  return bytes.subarray(a, end).toString('utf8');
}

function goTrim(s: string, cutset: string): string {
  const set = new Set([...cutset]);
  const chars = [...s];
  let i = 0;
  let j = chars.length;
  while (i < j && set.has(chars[i])) i++;
  while (j > i && set.has(chars[j - 1])) j--;
  return chars.slice(i, j).join('');
}

const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/** strings.Title: upper-cases the first letter of each word. */
function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    const sep = /^[A-Za-z0-9_]$/.test(prev) ? false : prev.codePointAt(0)! < 0x80 ? true : /\s/u.test(prev);
    out += sep ? ch.toUpperCase() : ch;
    prev = ch;
  }
  return out;
}

const isUpper = (c: string): boolean => c !== c.toLowerCase() && c === c.toUpperCase();
const isConnector = (c: string): boolean => c === '-' || c === '_' || /\s/u.test(c);
const isAlphabet = (c: string): boolean => /^[A-Za-z]$/.test(c);
const isNumber = (c: string): boolean => /^\p{N}$/u.test(c);
const isPunct = (c: string): boolean => /^\p{P}$/u.test(c);

/** xstrings.ToPascalCase (sprig's camelcase). */
function camelcase(s: string): string {
  const chars = [...s];
  if (chars.length === 0) return '';
  let out = '';
  let i = 0;
  let r0 = '';
  let firstUpper = false;
  for (; i < chars.length; i++) {
    r0 = chars[i];
    if (!isConnector(r0)) {
      firstUpper = isUpper(r0);
      r0 = r0.toUpperCase();
      i++;
      break;
    }
    out += r0;
  }
  if (i >= chars.length) return out + (isConnector(r0) ? '' : r0);
  for (; i < chars.length; i++) {
    const r1 = r0;
    r0 = chars[i];
    if (isConnector(r0) && isConnector(r1)) {
      out += r1;
      continue;
    }
    if (isConnector(r1)) {
      firstUpper = isUpper(r0);
      r0 = r0.toUpperCase();
    } else {
      if (firstUpper) {
        if (isUpper(r0)) r0 = r0.toLowerCase();
        else firstUpper = false;
      }
      out += r1;
    }
  }
  return out + r0;
}

type WordType = 'invalid' | 'number' | 'upper' | 'alphabet' | 'connector' | 'punct' | 'other';

function nextWord(chars: string[], start: number): { wt: WordType; end: number } {
  if (start >= chars.length) return { wt: 'invalid', end: start };
  const r = chars[start];
  let i = start + 1;
  const run = (pred: (c: string) => boolean): void => {
    while (i < chars.length && pred(chars[i])) i++;
  };
  if (isConnector(r)) {
    run(isConnector);
    return { wt: 'connector', end: i };
  }
  if (isPunct(r)) {
    run(isPunct);
    return { wt: 'punct', end: i };
  }
  if (isUpper(r)) {
    if (i < chars.length && isUpper(chars[i])) {
      run(isUpper);
      // "HTTPStatus" splits into "HTTP" and "Status".
      if (i < chars.length && isAlphabet(chars[i])) i--;
    } else if (i < chars.length && isAlphabet(chars[i])) {
      run((c) => isAlphabet(c) && !isUpper(c));
    }
    return { wt: 'upper', end: i };
  }
  if (isAlphabet(r)) {
    run((c) => isAlphabet(c) && !isUpper(c));
    return { wt: 'alphabet', end: i };
  }
  if (isNumber(r)) {
    run(isNumber);
    return { wt: 'number', end: i };
  }
  run((c) => !(isConnector(c) || isAlphabet(c) || isNumber(c) || isPunct(c)));
  return { wt: 'other', end: i };
}

/** xstrings.ToSnakeCase / ToKebabCase. */
function toLowerWords(s: string, connector: string): string {
  const chars = [...s];
  if (chars.length === 0) return '';
  let out = '';
  const lower = (wt: WordType, a: number, b: number): void => {
    const word = chars.slice(a, b);
    if (wt !== 'upper' && wt !== 'connector') {
      out += word.join('');
      return;
    }
    for (const c of word) out += isConnector(c) ? connector : c.toLowerCase();
  };
  // The current word: its type and its [start, end) range in `chars`.
  let start = 0;
  let { wt, end } = nextWord(chars, 0);
  const advance = (): WordType => {
    start = end;
    ({ wt, end } = nextWord(chars, end));
    return wt;
  };
  const type = (): WordType => wt;
  while (end < chars.length) {
    if (wt !== 'connector') lower(wt, start, end);
    const prev = wt;
    const [lastStart, lastEnd] = [start, end];
    advance();
    switch (prev) {
      case 'number':
        while (type() === 'alphabet' || type() === 'number') {
          lower(wt, start, end);
          advance();
        }
        if (!['invalid', 'punct', 'connector'].includes(type())) out += connector;
        break;
      case 'connector':
        lower(prev, lastStart, lastEnd);
        break;
      case 'punct':
        break;
      default: {
        if (type() !== 'number') {
          if (type() !== 'connector' && type() !== 'punct') out += connector;
          break;
        }
        if (end >= chars.length) break;
        const [numStart, numEnd] = [start, end];
        // A number followed by lower-case letters starts a new word ("HTTP2xx" → "http_2xx").
        if (advance() !== 'alphabet') {
          lower('number', numStart, numEnd);
          if (type() !== 'connector' && type() !== 'punct') out += connector;
          break;
        }
        out += connector;
        lower('number', numStart, numEnd);
        while (type() === 'alphabet' || type() === 'number') {
          lower(wt, start, end);
          advance();
        }
        if (!['invalid', 'connector', 'punct'].includes(type())) out += connector;
      }
    }
  }
  lower(wt, start, end);
  return out;
}

function b64decode(s: string): string {
  const clean = s.replace(/[\r\n]/g, '');
  const bad = /[^A-Za-z0-9+/=]/.exec(clean);
  if (bad) return `illegal base64 data at input byte ${bad.index}`;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) {
    const pad = clean.indexOf('=');
    return `illegal base64 data at input byte ${pad >= 0 ? pad : clean.length - (clean.length % 4)}`;
  }
  return Buffer.from(clean, 'base64').toString('utf8');
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function b32encode(s: string): string {
  const bytes = utf8(s);
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += '=';
  return out;
}

function b32decode(s: string): string {
  const clean = s.replace(/[\r\n]/g, '');
  if (clean.length % 8 !== 0 || !/^[A-Z2-7]*=*$/.test(clean)) {
    const bad = /[^A-Z2-7=]/.exec(clean);
    return `illegal base32 data at input byte ${bad ? bad.index : clean.length - (clean.length % 8)}`;
  }
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const c of clean.replace(/=+$/, '')) {
    value = (value << 5) | B32.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function adler32(s: string): string {
  let a = 1;
  let b = 0;
  for (const byte of utf8(s)) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return String(((b << 16) | a) >>> 0);
}

function goSplit(s: string, sep: string, n = -1): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const chars = [...s];
    if (n < 0 || n >= chars.length) return chars;
    return [...chars.slice(0, n - 1), chars.slice(n - 1).join('')];
  }
  const parts = s.split(sep);
  if (n < 0 || parts.length <= n) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

function indent(spaces: number, s: string): string {
  if (spaces < 0) throw new FuncError('strings: negative Repeat count');
  const pad = ' '.repeat(spaces);
  return pad + s.split('\n').join(`\n${pad}`);
}

/** strings.Replace(s, old, new, -1); an empty `old` matches before every rune and at the end. */
function replaceString(s: string, old: string, repl: string): string {
  if (old === '') return repl + [...s].join(repl) + (s === '' ? '' : repl);
  return s.split(old).join(repl);
}

function splitMap(parts: string[]): Record<string, unknown> {
  const m: Record<string, unknown> = {};
  parts.forEach((p, i) => {
    m[`_${i}`] = p;
  });
  return m;
}

/** sprig's strslice: a list's non-nil elements as strings, else the value itself as one string. */
function toStrings(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((e) => e !== null && e !== undefined).map(strval);
  if (v === null || v === undefined) return [];
  return [strval(v)];
}

// ---------------------------------------------------------------------------------------------
// paths (Go's path package)

function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(part);
  }
  const s = (rooted ? '/' : '') + out.join('/');
  return s === '' ? '.' : s;
}

function basePath(p: string): string {
  if (p === '') return '.';
  const t = p.replace(/\/+$/, '');
  if (t === '') return '/';
  return t.slice(t.lastIndexOf('/') + 1);
}

function dirPath(p: string): string {
  return cleanPath(p.slice(0, p.lastIndexOf('/') + 1));
}

function extPath(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i);
  return '';
}

// ---------------------------------------------------------------------------------------------
// regexp (Go RE2 syntax through re2js)

const regexCache = new Map<string, RE2JS | FuncError>();

function compileRegex(expr: string): RE2JS {
  let r = regexCache.get(expr);
  if (r === undefined) {
    try {
      r = RE2JS.compile(expr);
    } catch (e) {
      r = new FuncError((e as Error).message);
    }
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(expr, r);
  }
  if (r instanceof FuncError) throw r;
  return r;
}

/** regexp.MustCompile: a bad expression panics with Go's wording. */
function mustCompile(expr: string): RE2JS {
  try {
    return compileRegex(expr);
  } catch (e) {
    const q = canBackquote(expr) ? `\`${expr}\`` : quoteGo(expr);
    throw new FuncError(`regexp: Compile(${q}): ${(e as Error).message}`);
  }
}

type Indexes = number[];

function findAll(re: RE2JS, s: string, n: number): Indexes[] {
  const all = re.re2().findAllSubmatchIndex(s, n < 0 ? -1 : n) as Indexes[] | null;
  return all ?? [];
}

/** Regexp.Expand: $1, ${1}, $name, ${name} and $$ in a replacement template. */
function expand(re: RE2JS, template: string, s: string, m: Indexes): string {
  const names = re.namedGroups();
  let out = '';
  let rest = template;
  for (;;) {
    const d = rest.indexOf('$');
    if (d < 0) break;
    out += rest.slice(0, d);
    rest = rest.slice(d + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const x = /^(\{)?([\p{L}\p{Nd}_]+)(\})?/u.exec(rest);
    if (!x || (x[1] !== undefined && x[3] === undefined)) {
      out += '$';
      continue;
    }
    const name = x[2];
    rest = rest.slice(x[1] ? name.length + 2 : name.length);
    let num = /^\d+$/.test(name) && !(name.length > 1 && name[0] === '0') ? Number(name) : -1;
    if (num < 0 && Object.prototype.hasOwnProperty.call(names, name)) num = names[name];
    if (num >= 0 && 2 * num + 1 < m.length && m[2 * num] >= 0) out += s.slice(m[2 * num], m[2 * num + 1]);
  }
  return out + rest;
}

function replaceAll(re: RE2JS, s: string, repl: string, literal: boolean): string {
  let out = '';
  let last = 0;
  for (const m of findAll(re, s, -1)) {
    out += s.slice(last, m[0]) + (literal ? repl : expand(re, repl, s, m));
    last = m[1];
  }
  return out + s.slice(last);
}

function regexSplit(re: RE2JS, s: string, n: number): string[] {
  if (n === 0) return [];
  if (re.pattern().length > 0 && s.length === 0) return [''];
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of findAll(re, s, n)) {
    if (n > 0 && out.length === n - 1) break;
    end = m[0];
    if (m[1] !== 0) out.push(s.slice(beg, end));
    beg = m[1];
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------
// decimal arithmetic for the *f functions (shopspring/decimal over the shortest float digits)

interface Dec {
  coef: bigint;
  exp: number;
}

function toDec(v: unknown): Dec {
  const f = toFloat64(v);
  if (!Number.isFinite(f)) throw new FuncError(`Cannot create a Decimal from ${formatGoValue(f)}`);
  const s = formatFloat(f, 'e', -1);
  const [mant, e] = s.split('e');
  const digits = mant.replace('.', '').replace('-', '');
  const frac = mant.includes('.') ? mant.split('.')[1].length : 0;
  return { coef: BigInt(digits) * (mant.startsWith('-') ? -1n : 1n), exp: Number(e) - frac };
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const exp = Math.min(a.exp, b.exp);
  return [a.coef * 10n ** BigInt(a.exp - exp), b.coef * 10n ** BigInt(b.exp - exp), exp];
}

function decToFloat(d: Dec): number {
  return Number(`${d.coef}e${d.exp}`);
}

const DEC_OPS: Record<'add' | 'sub' | 'mul' | 'div', (a: Dec, b: Dec) => Dec> = {
  add: (a, b) => {
    const [x, y, exp] = align(a, b);
    return { coef: x + y, exp };
  },
  sub: (a, b) => {
    const [x, y, exp] = align(a, b);
    return { coef: x - y, exp };
  },
  mul: (a, b) => ({ coef: a.coef * b.coef, exp: a.exp + b.exp }),
  div: (a, b) => {
    if (b.coef === 0n) throw new FuncError('decimal division by 0');
    // DivRound to 16 decimal places, half away from zero.
    const scale = 16;
    const num = a.coef * 10n ** BigInt(Math.max(0, scale + b.exp - a.exp + 1));
    const shift = Math.max(0, scale + b.exp - a.exp + 1);
    const q = (num * 10n) / b.coef;
    const rounded = (q + (q >= 0n ? 5n : -5n)) / 10n;
    return { coef: rounded, exp: a.exp - b.exp - shift };
  },
};

function decimalOp(op: keyof typeof DEC_OPS, first: unknown, rest: unknown[]): number {
  let acc = toDec(first);
  for (const r of rest) acc = DEC_OPS[op](acc, toDec(r));
  return decToFloat(acc);
}

// ---------------------------------------------------------------------------------------------
// lists and dicts

function until(start: number, stop: number, step: number): GoInt[] {
  const out: GoInt[] = [];
  if (stop < start) {
    if (step >= 0) return out;
    for (let i = start; i > stop; i += step) out.push(GoInt.int(i));
    return out;
  }
  if (step <= 0) return out;
  for (let i = start; i < stop; i += step) out.push(GoInt.int(i));
  return out;
}

function seq(params: number[]): string {
  const join = (l: GoInt[]): string => l.map((x) => x.value.toString()).join(' ');
  switch (params.length) {
    case 1: {
      const end = params[0];
      const inc = end < 1 ? -1 : 1;
      return join(until(1, end + inc, inc));
    }
    case 2: {
      const [start, end] = params;
      const step = end < start ? -1 : 1;
      return join(until(start, end + step, step));
    }
    case 3: {
      const [start, step, end] = params;
      let inc = 1;
      if (end < start) {
        inc = -1;
        if (step > 0) return '';
      }
      return join(until(start, end + inc, step));
    }
    default:
      return '';
  }
}

function dict(args: unknown[]): Record<string, unknown> {
  const m: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i += 2) m[strval(args[i])] = i + 1 < args.length ? args[i + 1] : '';
  return m;
}

const asMap = (v: unknown): Record<string, unknown> => (v === null ? {} : (v as Record<string, unknown>));
const has = (m: Record<string, unknown>, k: string): boolean => Object.prototype.hasOwnProperty.call(m, k);

function assertion(v: unknown, want: string): FuncError {
  return new FuncError(`interface conversion: interface {} is ${v === null || v === undefined ? 'nil' : goTypeName(v)}, not ${want}`);
}

function dig(args: unknown[]): unknown {
  if (args.length < 3) throw new FuncError('dig needs at least three arguments');
  const def = args[args.length - 2];
  const keys = args.slice(0, -2).map((k) => {
    if (typeof k !== 'string') throw assertion(k, 'string');
    return k;
  });
  let cur: unknown = args[args.length - 1];
  for (const k of keys) {
    if (!isGoMap(cur)) throw assertion(cur, 'map[string]interface {}');
    if (!has(cur, k)) return def;
    cur = cur[k];
  }
  return cur;
}

function mergeMaps(dst: Record<string, unknown>, srcs: unknown[], overwrite: boolean): Record<string, unknown> {
  const mergeInto = (d: Record<string, unknown>, s: Record<string, unknown>): void => {
    for (const k of Object.keys(s)) {
      const dv = d[k];
      const sv = s[k];
      if (has(d, k) && isGoMap(dv) && isGoMap(sv)) mergeInto(dv, sv);
      else if (!has(d, k) || (overwrite ? !empty(sv) : empty(dv))) d[k] = sv;
    }
  };
  for (const s of srcs) if (isGoMap(s)) mergeInto(dst, s);
  return dst;
}

function deepCopy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(deepCopy);
  if (isGoMap(v)) {
    const m: Record<string, unknown> = {};
    for (const k of Object.keys(v)) m[k] = deepCopy(v[k]);
    return m;
  }
  return v;
}

function randomString(count: number, alphabet: string): string {
  let out = '';
  for (let i = 0; i < count; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

const ALPHA = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

function unsupported(name: string): TemplateFunction {
  return fn([], () => {
    throw new UnsupportedError(`the sprig function ${name} is not supported by this engine`);
  }, 'any');
}

const strFn = (f: (s: string) => unknown): TemplateFunction => fn(['string'], (a) => f(str(a[0])));

const envLookup = (ctx: CallContext, k: string): string => (Object.prototype.hasOwnProperty.call(ctx.env, k) ? ctx.env[k] : '');

const regexFunctions = (must: boolean): Record<string, TemplateFunction> => {
  const compile = must ? compileRegex : mustCompile;
  const p = must ? 'must' : '';
  const cap = (s: string): string => (must ? s[0].toUpperCase() + s.slice(1) : s);
  return {
    [p + cap('regexFindAll')]: fn(['string', 'string', 'int'], (a) => {
      const s = str(a[1]);
      return findAll(compile(str(a[0])), s, int(a[2])).map((m) => s.slice(m[0], m[1]));
    }),
    [p + cap('regexFind')]: fn(['string', 'string'], (a) => {
      const s = str(a[1]);
      const m = findAll(compile(str(a[0])), s, 1)[0];
      return m ? s.slice(m[0], m[1]) : '';
    }),
    [p + cap('regexReplaceAll')]: fn(['string', 'string', 'string'], (a) => replaceAll(compile(str(a[0])), str(a[1]), str(a[2]), false)),
    [p + cap('regexReplaceAllLiteral')]: fn(['string', 'string', 'string'], (a) => replaceAll(compile(str(a[0])), str(a[1]), str(a[2]), true)),
    [p + cap('regexSplit')]: fn(['string', 'string', 'int'], (a) => regexSplit(compile(str(a[0])), str(a[1]), int(a[2]))),
  };
};

export const SPRIG_FUNCTIONS: Readonly<Record<string, TemplateFunction>> = {
  'hello': fn([], () => 'Hello!'),

  // date
  'ago': fn(['any'], (a, ctx) => {
    const ms = ctx.now().getTime() - dateArg(a[0], ctx).ms;
    return formatDuration(BigInt(Math.round(ms / 1000)) * 1_000_000_000n);
  }),
  'date': fn(['string', 'any'], (a, ctx) => dateInZone(str(a[0]), a[1], 'Local', ctx)),
  'date_in_zone': fn(['string', 'any', 'string'], (a, ctx) => dateInZone(str(a[0]), a[1], str(a[2]), ctx)),
  'dateInZone': fn(['string', 'any', 'string'], (a, ctx) => dateInZone(str(a[0]), a[1], str(a[2]), ctx)),
  'date_modify': fn(['string', 'time'], (a) => {
    const d = parseDuration(str(a[0]));
    const t = a[1] as GoTime;
    return d === undefined ? t : new GoTime(t.ms + Number(d / 1_000_000n), t.zone);
  }),
  'dateModify': fn(['string', 'time'], (a) => {
    const d = parseDuration(str(a[0]));
    const t = a[1] as GoTime;
    return d === undefined ? t : new GoTime(t.ms + Number(d / 1_000_000n), t.zone);
  }),
  'mustDateModify': fn(['string', 'time'], (a) => {
    const d = parseDuration(str(a[0]));
    if (d === undefined) throw new FuncError(`time: invalid duration ${quoteGo(str(a[0]))}`);
    const t = a[1] as GoTime;
    return new GoTime(t.ms + Number(d / 1_000_000n), t.zone);
  }),
  'must_date_modify': fn(['string', 'time'], (a) => {
    const d = parseDuration(str(a[0]));
    if (d === undefined) throw new FuncError(`time: invalid duration ${quoteGo(str(a[0]))}`);
    const t = a[1] as GoTime;
    return new GoTime(t.ms + Number(d / 1_000_000n), t.zone);
  }),
  'duration': fn(['any'], (a) => {
    const v = a[0];
    const n = typeof v === 'string' ? parseGoInt(v.replace(/^0+(?=\d)/, '')) ?? 0n : v instanceof GoInt && v.type === 'int64' ? v.value : 0n;
    return formatDuration(n * 1_000_000_000n);
  }),
  'durationRound': fn(['any'], (a, ctx) => {
    const v = a[0];
    let d = 0n;
    if (typeof v === 'string') d = parseDuration(v) ?? 0n;
    else if (v instanceof GoInt && v.type === 'int64') d = v.value;
    else if (v instanceof GoTime) d = BigInt(ctx.now().getTime() - v.ms) * 1_000_000n;
    const u = d < 0n ? -d : d;
    const units: [bigint, string][] = [
      [31_536_000_000_000_000n, 'y'], [2_592_000_000_000_000n, 'mo'], [86_400_000_000_000n, 'd'],
      [3_600_000_000_000n, 'h'], [60_000_000_000n, 'm'], [1_000_000_000n, 's'],
    ];
    for (const [size, suffix] of units) if (u > size) return `${u / size}${suffix}`;
    return '0s';
  }),
  'htmlDate': fn(['any'], (a, ctx) => dateInZone('2006-01-02', a[0], 'Local', ctx)),
  'htmlDateInZone': fn(['any', 'string'], (a, ctx) => dateInZone('2006-01-02', a[0], str(a[1]), ctx)),
  'now': fn([], (_a, ctx) => new GoTime(ctx.now().getTime())),
  'toDate': unsupported('toDate'),
  'mustToDate': unsupported('mustToDate'),
  'unixEpoch': fn(['time'], (a) => String(Math.floor((a[0] as GoTime).ms / 1000))),

  // strings
  'abbrev': fn(['int', 'string'], (a) => {
    const w = int(a[0]);
    const s = str(a[1]);
    if (w < 4 || s.length <= w) return s;
    return `${s.slice(0, w - 3)}...`;
  }),
  'abbrevboth': unsupported('abbrevboth'),
  'trunc': fn(['int', 'string'], (a) => {
    const c = int(a[0]);
    const s = str(a[1]);
    const len = utf8(s).length;
    if (c < 0 && len + c > 0) return byteSlice(s, len + c);
    if (c >= 0 && len > c) return byteSlice(s, 0, c);
    return s;
  }),
  'trim': strFn((s) => s.replace(GO_SPACE, '')),
  'upper': strFn((s) => s.toUpperCase()),
  'lower': strFn((s) => s.toLowerCase()),
  'title': strFn(title),
  'untitle': strFn((s) => (s === '' ? s : s[0].toLowerCase() + s.slice(1))),
  'substr': fn(['int', 'int', 'string'], (a) => {
    const start = int(a[0]);
    const end = int(a[1]);
    const s = str(a[2]);
    if (start < 0) return byteSlice(s, 0, end);
    if (end < 0 || end > utf8(s).length) return byteSlice(s, start);
    return byteSlice(s, start, end);
  }),
  'repeat': fn(['int', 'string'], (a) => {
    const n = int(a[0]);
    if (n < 0) throw new FuncError('strings: negative Repeat count');
    return str(a[1]).repeat(n);
  }),
  'trimall': fn(['string', 'string'], (a) => goTrim(str(a[1]), str(a[0]))),
  'trimAll': fn(['string', 'string'], (a) => goTrim(str(a[1]), str(a[0]))),
  'trimSuffix': fn(['string', 'string'], (a) => (str(a[0]) !== '' && str(a[1]).endsWith(str(a[0])) ? str(a[1]).slice(0, -str(a[0]).length) : str(a[1]))),
  'trimPrefix': fn(['string', 'string'], (a) => (str(a[1]).startsWith(str(a[0])) ? str(a[1]).slice(str(a[0]).length) : str(a[1]))),
  'nospace': strFn((s) => s.replace(/\s/gu, '')),
  'initials': strFn((s) => s.split(/\s+/u).filter((w) => w !== '').map((w) => [...w][0]).join('')),
  'randAlphaNum': fn(['int'], (a) => randomString(int(a[0]), ALPHA + DIGITS)),
  'randAlpha': fn(['int'], (a) => randomString(int(a[0]), ALPHA)),
  'randAscii': fn(['int'], (a) => randomString(int(a[0]), ASCII)),
  'randNumeric': fn(['int'], (a) => randomString(int(a[0]), DIGITS)),
  'swapcase': strFn((s) => [...s].map((c) => (isUpper(c) ? c.toLowerCase() : c.toUpperCase())).join('')),
  'shuffle': strFn((s) => {
    const chars = [...s];
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j], chars[i]];
    }
    return chars.join('');
  }),
  'snakecase': strFn((s) => toLowerWords(s, '_')),
  'camelcase': strFn(camelcase),
  'kebabcase': strFn((s) => toLowerWords(s, '-')),
  'wrap': unsupported('wrap'),
  'wrapWith': unsupported('wrapWith'),
  'contains': fn(['string', 'string'], (a) => str(a[1]).includes(str(a[0]))),
  'hasPrefix': fn(['string', 'string'], (a) => str(a[1]).startsWith(str(a[0]))),
  'hasSuffix': fn(['string', 'string'], (a) => str(a[1]).endsWith(str(a[0]))),
  'quote': fn([], (a) => a.filter((s) => s !== null && s !== undefined).map((s) => quoteGo(strval(s))).join(' '), 'any'),
  'squote': fn([], (a) => a.filter((s) => s !== null && s !== undefined).map((s) => `'${formatGoValue(s)}'`).join(' '), 'any'),
  'cat': fn([], (a) => a.filter((s) => s !== null && s !== undefined).map(formatGoValue).join(' '), 'any'),
  'indent': fn(['int', 'string'], (a) => indent(int(a[0]), str(a[1]))),
  'nindent': fn(['int', 'string'], (a) => `\n${indent(int(a[0]), str(a[1]))}`),
  'replace': fn(['string', 'string', 'string'], (a) => replaceString(str(a[2]), str(a[0]), str(a[1]))),
  'plural': fn(['string', 'string', 'int'], (a) => (int(a[2]) === 1 ? a[0] : a[1])),
  'sha1sum': strFn((s) => createHash('sha1').update(s, 'utf8').digest('hex')),
  'sha256sum': strFn((s) => createHash('sha256').update(s, 'utf8').digest('hex')),
  'adler32sum': strFn(adler32),
  'toString': fn(['any'], (a) => strval(a[0])),

  // conversions and numbers
  'atoi': strFn((s) => GoInt.int(/^[+-]?\d+$/.test(s) ? parseGoInt(s.replace(/^([+-]?)0+(?=\d)/, '$1')) ?? 0n : 0n)),
  'int64': fn(['any'], (a) => GoInt.int64(toInt64(a[0]))),
  'int': fn(['any'], (a) => GoInt.int(toInt64(a[0]))),
  'float64': fn(['any'], (a) => toFloat64(a[0])),
  'seq': fn([], (a) => seq(a.map(int)), 'int'),
  'toDecimal': fn(['any'], (a) => {
    // strconv.ParseInt(fmt.Sprint(v), 8, 64), errors giving 0
    const s = formatGoValue(a[0]);
    if (!/^[+-]?[0-7]+$/.test(s)) return GoInt.int64(0);
    const v = BigInt(s.replace(/^([+-]?)/, '$10o'));
    return GoInt.int64(v >= -(1n << 63n) && v < 1n << 63n ? v : 0n);
  }),
  'split': fn(['string', 'string'], (a) => splitMap(goSplit(str(a[1]), str(a[0])))),
  'splitList': fn(['string', 'string'], (a) => goSplit(str(a[1]), str(a[0]))),
  'splitn': fn(['string', 'int', 'string'], (a) => splitMap(goSplit(str(a[2]), str(a[0]), int(a[1])))),
  'toStrings': fn(['any'], (a) => toStrings(a[0])),
  'until': fn(['int'], (a) => until(0, int(a[0]), int(a[0]) < 0 ? -1 : 1)),
  'untilStep': fn(['int', 'int', 'int'], (a) => until(int(a[0]), int(a[1]), int(a[2]))),
  'add1': fn(['any'], (a) => GoInt.int64(toInt64(a[0]) + 1n)),
  'add': fn([], (a) => GoInt.int64(a.reduce<bigint>((s, x) => s + toInt64(x), 0n)), 'any'),
  'sub': fn(['any', 'any'], (a) => GoInt.int64(toInt64(a[0]) - toInt64(a[1]))),
  'div': fn(['any', 'any'], (a) => {
    const d = toInt64(a[1]);
    if (d === 0n) throw new FuncError('runtime error: integer divide by zero');
    return GoInt.int64(toInt64(a[0]) / d);
  }),
  'mod': fn(['any', 'any'], (a) => {
    const d = toInt64(a[1]);
    if (d === 0n) throw new FuncError('runtime error: integer divide by zero');
    return GoInt.int64(toInt64(a[0]) % d);
  }),
  'mul': fn(['any'], (a) => GoInt.int64(a.slice(1).reduce<bigint>((s, x) => s * toInt64(x), toInt64(a[0]))), 'any'),
  'randInt': fn(['int', 'int'], (a) => {
    const span = int(a[1]) - int(a[0]);
    if (span <= 0) throw new FuncError('invalid argument to Intn');
    return GoInt.int(randomInt(span) + int(a[0]));
  }),
  'add1f': fn(['any'], (a) => decimalOp('add', a[0], [GoInt.int(1)])),
  'addf': fn([], (a) => decimalOp('add', 0, a), 'any'),
  'subf': fn(['any'], (a) => decimalOp('sub', a[0], a.slice(1)), 'any'),
  'divf': fn(['any'], (a) => decimalOp('div', a[0], a.slice(1)), 'any'),
  'mulf': fn(['any'], (a) => decimalOp('mul', a[0], a.slice(1)), 'any'),
  'biggest': fn(['any'], (a) => GoInt.int64(a.map(toInt64).reduce((m, x) => (x > m ? x : m))), 'any'),
  'max': fn(['any'], (a) => GoInt.int64(a.map(toInt64).reduce((m, x) => (x > m ? x : m))), 'any'),
  'min': fn(['any'], (a) => GoInt.int64(a.map(toInt64).reduce((m, x) => (x < m ? x : m))), 'any'),
  'maxf': fn(['any'], (a) => a.map(toFloat64).reduce((m, x) => Math.max(m, x)), 'any'),
  'minf': fn(['any'], (a) => a.map(toFloat64).reduce((m, x) => Math.min(m, x)), 'any'),
  'ceil': fn(['any'], (a) => Math.ceil(toFloat64(a[0]))),
  'floor': fn(['any'], (a) => Math.floor(toFloat64(a[0]))),
  'round': fn(['any', 'int'], (a) => {
    const roundOn = a.length > 2 ? (a[2] as number) : 0.5;
    const pow = 10 ** int(a[1]);
    const digit = pow * toFloat64(a[0]);
    const frac = digit - Math.trunc(digit);
    return (frac >= roundOn ? Math.ceil(digit) : Math.floor(digit)) / pow;
  }, 'float64'),

  // string lists
  'join': fn(['string', 'any'], (a) => toStrings(a[1]).join(str(a[0]))),
  'sortAlpha': fn(['any'], (a) => (Array.isArray(a[0]) ? toStrings(a[0]).sort(compareGoStrings) : [strval(a[0])])),

  // defaults
  'default': fn(['any'], (a) => (a.length < 2 || empty(a[1]) ? a[0] : a[1]), 'any'),
  'empty': fn(['any'], (a) => empty(a[0])),
  'coalesce': fn([], (a) => a.find((v) => !empty(v)) ?? null, 'any'),
  'all': fn([], (a) => a.every((v) => !empty(v)), 'any'),
  'any': fn([], (a) => a.some((v) => !empty(v)), 'any'),
  'compact': fn(['any'], (a) => listOp('compact', a[0], (l) => l.filter((v) => !empty(v)))),
  'mustCompact': fn(['any'], (a) => listOp('compact', a[0], (l) => l.filter((v) => !empty(v)))),
  'fromJson': strFn((s) => {
    try {
      return mustFromJson(s);
    } catch {
      return null;
    }
  }),
  'mustFromJson': strFn(mustFromJson),
  'toJson': fn(['any'], (a) => {
    try {
      return marshalForTemplate(a[0]);
    } catch {
      return '';
    }
  }),
  'toPrettyJson': fn(['any'], (a) => {
    try {
      return marshalForTemplate(a[0], { indent: '  ' });
    } catch {
      return '';
    }
  }),
  'toRawJson': fn(['any'], (a) => {
    try {
      return marshalForTemplate(a[0], { escapeHtml: false });
    } catch {
      return '';
    }
  }),
  'mustToJson': fn(['any'], (a) => marshalForTemplate(a[0])),
  'mustToPrettyJson': fn(['any'], (a) => marshalForTemplate(a[0], { indent: '  ' })),
  'mustToRawJson': fn(['any'], (a) => marshalForTemplate(a[0], { escapeHtml: false })),
  'ternary': fn(['any', 'any', 'bool'], (a) => (a[2] ? a[0] : a[1])),
  'deepCopy': fn(['any'], (a) => deepCopy(a[0])),
  'mustDeepCopy': fn(['any'], (a) => {
    if (a[0] === null) throw new FuncError('copy: Cannot copy nil');
    return deepCopy(a[0]);
  }),

  // reflection
  'typeOf': fn(['any'], (a) => goTypeName(a[0])),
  'typeIs': fn(['string', 'any'], (a) => str(a[0]) === goTypeName(a[1])),
  // Values here are never pointers, so "like" (T or *T) is the type itself.
  'typeIsLike': fn(['string', 'any'], (a) => str(a[0]) === goTypeName(a[1])),
  'kindOf': fn(['any'], (a) => kindOf(a[0])),
  'kindIs': fn(['string', 'any'], (a) => str(a[0]) === kindOf(a[1])),
  'deepEqual': fn(['any', 'any'], (a) => deepEqualGo(a[0], a[1])),

  // OS
  'env': fn(['string'], (a, ctx) => envLookup(ctx, str(a[0]))),
  'expandenv': fn(['string'], (a, ctx) => str(a[0]).replace(/\$(\{([^}]*)\}|[*#$@!?\-0-9]|[A-Za-z_][A-Za-z0-9_]*)/g, (_m, x: string, braced?: string) => envLookup(ctx, braced ?? x))),

  // network
  'getHostByName': unsupported('getHostByName'),

  // paths
  'base': strFn(basePath),
  'dir': strFn(dirPath),
  'clean': strFn(cleanPath),
  'ext': strFn(extPath),
  'isAbs': strFn((s) => s.startsWith('/')),
  'osBase': strFn(basePath),
  'osClean': strFn(cleanPath),
  'osDir': strFn(dirPath),
  'osExt': strFn(extPath),
  'osIsAbs': strFn((s) => s.startsWith('/')),

  // encoding
  'b64enc': strFn((s) => utf8(s).toString('base64')),
  'b64dec': strFn(b64decode),
  'b32enc': strFn(b32encode),
  'b32dec': strFn(b32decode),

  // data structures
  'tuple': fn([], (a) => a, 'any'),
  'list': fn([], (a) => a, 'any'),
  'dict': fn([], dict, 'any'),
  'get': fn(['map', 'string'], (a) => (has(asMap(a[0]), str(a[1])) ? asMap(a[0])[str(a[1])] : '')),
  'set': fn(['map', 'string', 'any'], (a) => {
    if (a[0] === null) throw new FuncError('assignment to entry in nil map');
    asMap(a[0])[str(a[1])] = a[2];
    return a[0];
  }),
  'unset': fn(['map', 'string'], (a) => {
    delete asMap(a[0])[str(a[1])];
    return a[0];
  }),
  'hasKey': fn(['map', 'string'], (a) => has(asMap(a[0]), str(a[1]))),
  'pluck': fn(['string'], (a) => a.slice(1).map(asMap).filter((m) => has(m, str(a[0]))).map((m) => m[str(a[0])]), 'map'),
  'keys': fn([], (a) => a.flatMap((m) => Object.keys(asMap(m))), 'map'),
  'pick': fn(['map'], (a) => {
    const m = asMap(a[0]);
    const out: Record<string, unknown> = {};
    for (const k of a.slice(1) as string[]) if (has(m, k)) out[k] = m[k];
    return out;
  }, 'string'),
  'omit': fn(['map'], (a) => {
    const m = asMap(a[0]);
    const drop = new Set(a.slice(1) as string[]);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(m)) if (!drop.has(k)) out[k] = m[k];
    return out;
  }, 'string'),
  'merge': fn(['map'], (a) => mergeMaps(asMap(a[0]), a.slice(1), false), 'map'),
  'mergeOverwrite': fn(['map'], (a) => mergeMaps(asMap(a[0]), a.slice(1), true), 'map'),
  'mustMerge': fn(['map'], (a) => mergeMaps(asMap(a[0]), a.slice(1), false), 'map'),
  'mustMergeOverwrite': fn(['map'], (a) => mergeMaps(asMap(a[0]), a.slice(1), true), 'map'),
  'values': fn(['map'], (a) => Object.values(asMap(a[0]))),
  'append': fn(['any', 'any'], (a) => listOp('push', a[0], (l) => [...l, a[1]])),
  'push': fn(['any', 'any'], (a) => listOp('push', a[0], (l) => [...l, a[1]])),
  'mustAppend': fn(['any', 'any'], (a) => listOp('push', a[0], (l) => [...l, a[1]])),
  'mustPush': fn(['any', 'any'], (a) => listOp('push', a[0], (l) => [...l, a[1]])),
  'prepend': fn(['any', 'any'], (a) => listOp('prepend', a[0], (l) => [a[1], ...l])),
  'mustPrepend': fn(['any', 'any'], (a) => listOp('prepend', a[0], (l) => [a[1], ...l])),
  'first': fn(['any'], (a) => listOp('find first', a[0], (l) => (l.length ? l[0] : null))),
  'mustFirst': fn(['any'], (a) => listOp('find first', a[0], (l) => (l.length ? l[0] : null))),
  'rest': fn(['any'], (a) => listOp('find rest', a[0], (l) => (l.length ? l.slice(1) : null))),
  'mustRest': fn(['any'], (a) => listOp('find rest', a[0], (l) => (l.length ? l.slice(1) : null))),
  'last': fn(['any'], (a) => listOp('find last', a[0], (l) => (l.length ? l[l.length - 1] : null))),
  'mustLast': fn(['any'], (a) => listOp('find last', a[0], (l) => (l.length ? l[l.length - 1] : null))),
  'initial': fn(['any'], (a) => listOp('find initial', a[0], (l) => (l.length ? l.slice(0, -1) : null))),
  'mustInitial': fn(['any'], (a) => listOp('find initial', a[0], (l) => (l.length ? l.slice(0, -1) : null))),
  'reverse': fn(['any'], (a) => listOp('find reverse', a[0], (l) => [...l].reverse())),
  'mustReverse': fn(['any'], (a) => listOp('find reverse', a[0], (l) => [...l].reverse())),
  'uniq': fn(['any'], (a) => listOp('find uniq', a[0], (l) => l.filter((v, i) => l.findIndex((w) => deepEqualGo(v, w)) === i))),
  'mustUniq': fn(['any'], (a) => listOp('find uniq', a[0], (l) => l.filter((v, i) => l.findIndex((w) => deepEqualGo(v, w)) === i))),
  'without': fn(['any'], (a) => listOp('find without', a[0], (l) => l.filter((v) => !a.slice(1).some((w) => deepEqualGo(v, w)))), 'any'),
  'mustWithout': fn(['any'], (a) => listOp('find without', a[0], (l) => l.filter((v) => !a.slice(1).some((w) => deepEqualGo(v, w)))), 'any'),
  'has': fn(['any', 'any'], (a) => listOp('find has', a[1], (l) => l.some((v) => deepEqualGo(a[0], v)))),
  'mustHas': fn(['any', 'any'], (a) => listOp('find has', a[1], (l) => l.some((v) => deepEqualGo(a[0], v)))),
  'slice': fn(['any'], (a) => sprigSlice(a[0], a.slice(1)), 'any'),
  'mustSlice': fn(['any'], (a) => sprigSlice(a[0], a.slice(1)), 'any'),
  'concat': fn([], (a) => a.flatMap((l) => {
    if (!Array.isArray(l)) throw new FuncError(`Cannot concat type ${kindOf(l)} as list`);
    return l;
  }), 'any'),
  'dig': fn([], dig, 'any'),
  'chunk': fn(['int', 'any'], (a) => listOp((k) => `Cannot chunk type ${k}`, a[1], (l) => {
    const size = int(a[0]);
    const out: unknown[][] = [];
    for (let i = 0; i < l.length; i += size) out.push(l.slice(i, i + size));
    return out;
  })),
  'mustChunk': fn(['int', 'any'], (a) => listOp((k) => `Cannot chunk type ${k}`, a[1], (l) => {
    const size = int(a[0]);
    const out: unknown[][] = [];
    for (let i = 0; i < l.length; i += size) out.push(l.slice(i, i + size));
    return out;
  })),

  // crypto
  'bcrypt': unsupported('bcrypt'),
  'htpasswd': unsupported('htpasswd'),
  'genPrivateKey': unsupported('genPrivateKey'),
  'derivePassword': unsupported('derivePassword'),
  'buildCustomCert': unsupported('buildCustomCert'),
  'genCA': unsupported('genCA'),
  'genCAWithKey': unsupported('genCAWithKey'),
  'genSelfSignedCert': unsupported('genSelfSignedCert'),
  'genSelfSignedCertWithKey': unsupported('genSelfSignedCertWithKey'),
  'genSignedCert': unsupported('genSignedCert'),
  'genSignedCertWithKey': unsupported('genSignedCertWithKey'),
  'encryptAES': unsupported('encryptAES'),
  'decryptAES': unsupported('decryptAES'),
  'randBytes': fn(['int'], (a) => randomBytes(int(a[0])).toString('base64')),

  // UUIDs, semver
  'uuidv4': fn([], () => randomUUID()),
  'semver': unsupported('semver'),
  'semverCompare': unsupported('semverCompare'),

  // flow control
  'fail': fn(['string'], (a) => {
    throw new FuncError(str(a[0]));
  }),

  // regular expressions
  'regexMatch': fn(['string', 'string'], (a) => {
    try {
      return compileRegex(str(a[0])).test(str(a[1]));
    } catch {
      return false;
    }
  }),
  'mustRegexMatch': fn(['string', 'string'], (a) => compileRegex(str(a[0])).test(str(a[1]))),
  ...regexFunctions(false),
  ...regexFunctions(true),
  'regexQuoteMeta': strFn(quoteMeta),

  // URLs
  'urlParse': unsupported('urlParse'),
  'urlJoin': unsupported('urlJoin'),
};

function sprigSlice(list: unknown, indices: unknown[]): unknown {
  return listOp((k) => `list should be type of slice or array but ${k}`, list, (l) => {
    if (l.length === 0) return null;
    const start = indices.length > 0 ? Number(toInt64(indices[0])) : 0;
    const end = indices.length > 1 ? Number(toInt64(indices[1])) : l.length;
    if (start < 0 || end < start || end > l.length) {
      throw new FuncError(`reflect: slice index out of range`);
    }
    return l.slice(start, end);
  });
}
