import { UnsupportedError } from './errors';
import { compareGoStrings, formatFloat, goFloatToInt64 } from './go-format';
import { parseGoFloatValue } from './go-strconv';

/**
 * GJSON path queries over raw JSON text, with the semantics of tidwall/gjson v1.18 (the library
 * Argo Events uses for `dataKey`, data filters, expr filter fields and resource field filters).
 *
 * Like gjson, the scanner walks the raw text without building a tree and does not validate: a
 * path over invalid JSON returns whatever the scan finds. Call {@link gjsonValid} first when the
 * input is untrusted. All structural characters are ASCII, so scanning UTF-16 code units finds
 * the same boundaries as gjson's byte scan of UTF-8.
 */

export type GjsonType = 'Null' | 'False' | 'Number' | 'String' | 'True' | 'JSON';

/** The mutable scan result; frozen into a {@link GjsonResult} at the API boundary. */
interface Res {
  type: GjsonType;
  raw: string;
  str: string;
  num: number;
  /** Offset of `raw` in the searched text, 0 when unknown or computed (gjson's `Index`). */
  index: number;
}

function newRes(): Res {
  return { type: 'Null', raw: '', str: '', num: 0, index: 0 };
}

/** The value found at a path, mirroring gjson's `Result`. */
export class GjsonResult {
  /** A missing value: type Null with an empty raw text. */
  public static readonly MISSING = new GjsonResult('Null', '', '', 0, 0);

  /** The raw text, or how to make it (results found on a parsed value encode it on first use). */
  private rawSource: string | (() => string);

  public constructor(
    /** gjson's type name; `Null` also for a missing path. */
    public readonly type: GjsonType,
    raw: string | (() => string),
    /** The unescaped string for String values, `''` otherwise. */
    public readonly str: string,
    /** The numeric value for Number values. */
    public readonly num: number,
    /**
     * Offset of `raw` in the searched JSON text (gjson's `Index`, which sjson relies on); 0 when
     * the value was computed, and always 0 from {@link gjsonGetValue}.
     */
    public readonly index: number,
  ) {
    this.rawSource = raw;
  }

  /** The raw JSON text of the value, `''` when missing. */
  public get raw(): string {
    if (typeof this.rawSource === 'function') {
      this.rawSource = this.rawSource();
    }
    return this.rawSource;
  }

  public exists(): boolean {
    return this.type !== 'Null' || this.raw.length !== 0;
  }

  /**
   * gjson's `String()`: raw JSON for objects and arrays, `''` for null or missing, integer
   * literals verbatim, other numbers reformatted like `strconv.FormatFloat(f, 'f', -1, 64)`.
   */
  public string(): string {
    return resString(this);
  }

  public float(): number {
    return resFloat(this);
  }

  /** gjson's `Int()`, as a JS number (exact within ±2^53). */
  public int(): number {
    switch (this.type) {
      case 'True':
        return 1;
      case 'String':
        return parseSignedDigits(this.str) ?? 0;
      case 'Number': {
        if (this.num >= -9007199254740991 && this.num <= 9007199254740991) {
          return Math.trunc(this.num);
        }
        return parseSignedDigits(this.raw) ?? Number(goFloatToInt64(this.num));
      }
      default:
        return 0;
    }
  }

  /** gjson's lenient `Bool()`: `strconv.ParseBool(lower(str))` for strings, non-zero numbers. */
  public bool(): boolean {
    return resBool(this);
  }

  /** gjson's `Value()`: null, boolean, number, string, or a freshly parsed object or array. */
  public value(): unknown {
    return resValue(this);
  }

  public isObject(): boolean {
    return this.type === 'JSON' && this.raw.length > 0 && this.raw[0] === '{';
  }

  public isArray(): boolean {
    return this.type === 'JSON' && this.raw.length > 0 && this.raw[0] === '[';
  }

  /** gjson's `Array()`: the elements of an array, `[]` when missing, else the value itself. */
  public array(): GjsonResult[] {
    if (this.type === 'Null') {
      return [];
    }
    if (!this.isArray()) {
      return [this];
    }
    return scanChildren(this.raw, this.raw.indexOf('[') + 1).map(freeze);
  }
}

/** Searches raw JSON text for a GJSON path. */
export function gjsonGet(json: string, path: string): GjsonResult {
  return freeze(get(json, path));
}

/**
 * Same as {@link gjsonGet} over `JSON.stringify(value)` (except that `index` is 0), for values
 * that are already parsed: the plain keys and indices at the start of the path are walked on the
 * value, and only the subtree the rest of the path needs is serialised.
 */
export function gjsonGetValue(value: unknown, path: string): GjsonResult {
  const direct = walkPlainPath(value, path);
  if (direct !== undefined) {
    return direct;
  }
  return gjsonGet(JSON.stringify(value) ?? '', path);
}

/** gjson's `Parse`: the first value in the text (objects and arrays take the rest of the text). */
export function gjsonParse(json: string): GjsonResult {
  return freeze(parse(json));
}

/** gjson's `Valid`: strict RFC 8259 validation of a single JSON text. */
export function gjsonValid(json: string): boolean {
  let i = skipWs(json, 0);
  if (i >= json.length) {
    return false;
  }
  const end = validAny(json, i);
  if (end < 0) {
    return false;
  }
  i = skipWs(json, end);
  return i === json.length;
}

// ---------------------------------------------------------------------------------------------
// Result conversions

function freeze(r: Res): GjsonResult {
  if (r.type === 'Null' && r.raw === '') {
    return GjsonResult.MISSING;
  }
  return new GjsonResult(r.type, r.raw, r.str, r.num, r.index);
}

function resString(r: Res | GjsonResult): string {
  switch (r.type) {
    case 'False':
      return 'false';
    case 'True':
      return 'true';
    case 'String':
      return r.str;
    case 'JSON':
      return r.raw;
    case 'Number': {
      const raw = r.raw;
      if (raw.length === 0) {
        return formatFloat(r.num, 'f', -1);
      }
      let i = raw[0] === '-' ? 1 : 0;
      for (; i < raw.length; i++) {
        const c = raw.charCodeAt(i);
        if (c < 48 || c > 57) {
          return formatFloat(r.num, 'f', -1);
        }
      }
      return raw;
    }
    default:
      return '';
  }
}

function resFloat(r: Res | GjsonResult): number {
  switch (r.type) {
    case 'True':
      return 1;
    case 'String':
      return parseGoFloatValue(r.str);
    case 'Number':
      return r.num;
    default:
      return 0;
  }
}

function resBool(r: Res | GjsonResult): boolean {
  switch (r.type) {
    case 'True':
      return true;
    case 'String': {
      const s = r.str.toLowerCase();
      return s === '1' || s === 't' || s === 'true';
    }
    case 'Number':
      return r.num !== 0;
    default:
      return false;
  }
}

function resExists(r: Res): boolean {
  return r.type !== 'Null' || r.raw.length !== 0;
}

function resValue(r: Res | GjsonResult): unknown {
  switch (r.type) {
    case 'String':
      return r.str;
    case 'False':
      return false;
    case 'True':
      return true;
    case 'Number':
      return r.num;
    case 'JSON':
      return valueize(r.raw);
    default:
      return null;
  }
}

/** gjson's `arrayOrMap(0, true)`: a lenient re-parse where the first of duplicate keys wins. */
function valueize(json: string): unknown {
  let i = 0;
  let vc = '';
  for (; i < json.length; i++) {
    const ch = json[i];
    if (ch === '{' || ch === '[') {
      vc = ch;
      i++;
      break;
    }
    if (json.charCodeAt(i) > 32) {
      return null;
    }
  }
  if (vc === '') {
    return null;
  }
  const items = scanChildren(json, i);
  if (vc === '[') {
    return items.map((v) => resValue(v));
  }
  const obj: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (let k = 0; k + 1 < items.length; k += 2) {
    const key = items[k].str;
    if (!seen.has(key)) {
      seen.add(key);
      // defineProperty keeps a "__proto__" key as data rather than a prototype change
      Object.defineProperty(obj, key, { value: resValue(items[k + 1]), enumerable: true, writable: true, configurable: true });
    }
  }
  return obj;
}

/** The loose child scan gjson's `arrayOrMap` does: every value in order, keys included. */
function scanChildren(json: string, start: number): Res[] {
  const out: Res[] = [];
  for (let i = start; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c <= 32) {
      continue;
    }
    const ch = json[i];
    if (ch === ']' || ch === '}') {
      break;
    }
    const v = newRes();
    v.index = i;
    if ((c >= 48 && c <= 57) || ch === '-') {
      v.type = 'Number';
      [v.raw, v.num] = tonum(json.slice(i));
    } else if (ch === '{' || ch === '[') {
      v.type = 'JSON';
      v.raw = squash(json.slice(i));
    } else if (ch === 'n') {
      v.raw = tolit(json.slice(i));
    } else if (ch === 't') {
      v.type = 'True';
      v.raw = tolit(json.slice(i));
    } else if (ch === 'f') {
      v.type = 'False';
      v.raw = tolit(json.slice(i));
    } else if (ch === '"') {
      v.type = 'String';
      [v.raw, v.str] = tostr(json.slice(i));
    } else {
      continue;
    }
    i += v.raw.length - 1;
    out.push(v);
  }
  return out;
}

/** gjson's `ForEach` over an object or array: [key, value] pairs (key is null for arrays). */
function forEachChild(r: Res, fn: (key: Res | null, value: Res) => void): void {
  if (!resExists(r)) {
    return;
  }
  if (r.type !== 'JSON') {
    fn(null, r);
    return;
  }
  const json = r.raw;
  let i = 0;
  let obj = false;
  for (; i < json.length; i++) {
    if (json[i] === '{') {
      i++;
      obj = true;
      break;
    } else if (json[i] === '[') {
      i++;
      break;
    }
    if (json.charCodeAt(i) > 32) {
      return;
    }
  }
  for (; i < json.length; i++) {
    let key: Res | null = null;
    if (obj) {
      if (json[i] !== '"') {
        continue;
      }
      const s = i;
      const ps = parseString(json, i + 1);
      if (!ps.ok) {
        return;
      }
      i = ps.end;
      key = newRes();
      key.type = 'String';
      key.raw = ps.raw;
      key.str = ps.escaped ? unescape(ps.raw.slice(1, -1)) : ps.raw.slice(1, -1);
      key.index = s;
    }
    for (; i < json.length; i++) {
      const c = json[i];
      if (json.charCodeAt(i) <= 32 || c === ',' || c === ':') {
        continue;
      }
      break;
    }
    const pa = parseAny(json, i);
    if (!pa.ok) {
      return;
    }
    i = pa.end;
    fn(key, pa.res);
  }
}

// ---------------------------------------------------------------------------------------------
// Low level scanners

function skipWs(s: string, i: number): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) {
      break;
    }
    i++;
  }
  return i;
}

interface ParsedString {
  end: number;
  raw: string;
  escaped: boolean;
  ok: boolean;
}

/** Scans a string whose opening quote is at `i - 1`. */
function parseString(json: string, i: number): ParsedString {
  const end = skipString(json, i);
  if (end >= json.length) {
    return { end: json.length, raw: json.slice(i - 1), escaped: false, ok: false };
  }
  const raw = json.slice(i - 1, end + 1);
  return { end: end + 1, raw, escaped: raw.indexOf('\\') >= 0, ok: true };
}

/** The offset of the quote that closes a string whose content starts at `i`, or the text length. */
function skipString(json: string, i: number): number {
  const start = i;
  for (;;) {
    const q = json.indexOf('"', i);
    if (q < 0) {
      return json.length;
    }
    // the quote is escaped when an odd run of backslashes precedes it
    let k = q - 1;
    while (k >= start && json.charCodeAt(k) === 92) {
      k--;
    }
    if ((q - 1 - k) % 2 === 0) {
      return q;
    }
    i = q + 1;
  }
}

function parseNumber(json: string, i: number): [number, string] {
  const s = i;
  i++;
  for (; i < json.length; i++) {
    const c = json[i];
    if (json.charCodeAt(i) <= 32 || c === ',' || c === ']' || c === '}') {
      return [i, json.slice(s, i)];
    }
  }
  return [i, json.slice(s)];
}

function parseLiteral(json: string, i: number): [number, string] {
  const s = i;
  i++;
  for (; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c < 97 || c > 122) {
      return [i, json.slice(s, i)];
    }
  }
  return [i, json.slice(s)];
}

/** Skips a whole object, array or parenthesised block starting at `i`; returns [end, raw]. */
function parseSquash(json: string, i: number): [number, string] {
  const s = i;
  const n = json.length;
  i++;
  let depth = 1;
  for (; i < n; i++) {
    const c = json.charCodeAt(i);
    if (c === 34) {
      i = skipString(json, i + 1);
    } else if (c === 123 || c === 91 || c === 40) {
      depth++;
    } else if (c === 125 || c === 93 || c === 41) {
      depth--;
      if (depth === 0) {
        i++;
        return [i, json.slice(s, i)];
      }
    }
  }
  return [n, json.slice(s)];
}

/** Like {@link parseSquash} for text that starts with a bracket or a quote; returns the raw text. */
function squash(json: string): string {
  let i = 0;
  let depth = 0;
  if (json[0] !== '"') {
    i = 1;
    depth = 1;
  }
  for (; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === 34) {
      i = skipString(json, i + 1);
      if (depth === 0) {
        return i >= json.length ? json : json.slice(0, i + 1);
      }
    } else if (c === 123 || c === 91 || c === 40) {
      depth++;
    } else if (c === 125 || c === 93 || c === 41) {
      depth--;
      if (depth === 0) {
        return json.slice(0, i + 1);
      }
    }
  }
  return json;
}

function tonum(json: string): [string, number] {
  for (let i = 1; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c <= 45) {
      if (c <= 32 || c === 44) {
        const raw = json.slice(0, i);
        return [raw, parseGoFloatValue(raw)];
      }
    } else if (c === 93 || c === 125) {
      const raw = json.slice(0, i);
      return [raw, parseGoFloatValue(raw)];
    }
  }
  return [json, parseGoFloatValue(json)];
}

function tolit(json: string): string {
  for (let i = 1; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c < 97 || c > 122) {
      return json.slice(0, i);
    }
  }
  return json;
}

function tostr(json: string): [string, string] {
  const end = skipString(json, 1);
  const inner = json.slice(1, end);
  const str = inner.includes('\\') ? unescape(inner) : inner;
  return [end < json.length ? json.slice(0, end + 1) : json, str];
}

interface ParsedAny {
  end: number;
  res: Res;
  ok: boolean;
}

/** Parses the next value at or after `i`, skipping anything that cannot start a value. */
function parseAny(json: string, i: number): ParsedAny {
  const res = newRes();
  for (; i < json.length; i++) {
    const ch = json[i];
    if (ch === '{' || ch === '[') {
      const [end, raw] = parseSquash(json, i);
      res.raw = raw;
      res.type = 'JSON';
      res.index = i;
      return { end, res, ok: true };
    }
    if (json.charCodeAt(i) <= 32) {
      continue;
    }
    let num = false;
    if (ch === '"') {
      const ps = parseString(json, i + 1);
      if (!ps.ok) {
        return { end: ps.end, res, ok: false };
      }
      res.type = 'String';
      res.raw = ps.raw;
      res.str = ps.escaped ? unescape(ps.raw.slice(1, -1)) : ps.raw.slice(1, -1);
      res.index = i;
      return { end: ps.end, res, ok: true };
    }
    if (ch === 'n' && i + 1 < json.length && json[i + 1] !== 'u') {
      num = true;
    } else if (ch === 'n' || ch === 't' || ch === 'f') {
      const [end, raw] = parseLiteral(json, i);
      res.raw = raw;
      res.type = ch === 't' ? 'True' : ch === 'f' ? 'False' : 'Null';
      res.index = i;
      return { end, res, ok: true };
    } else if (isNumStart(ch)) {
      num = true;
    }
    if (num) {
      const [end, raw] = parseNumber(json, i);
      res.raw = raw;
      res.type = 'Number';
      res.num = parseGoFloatValue(raw);
      res.index = i;
      return { end, res, ok: true };
    }
  }
  return { end: i, res, ok: false };
}

/** The characters gjson treats as the start of a number (it accepts NaN and Inf spellings). */
function isNumStart(ch: string): boolean {
  return (ch >= '0' && ch <= '9') || ch === '-' || ch === '+' || ch === 'i' || ch === 'I' || ch === 'N';
}

/** gjson's `unescape`: JSON escapes; stops at a control character or a bad escape. */
function unescape(json: string): string {
  let out = '';
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c < 32) {
      return out;
    }
    if (c !== 92) {
      out += json[i];
      continue;
    }
    i++;
    if (i >= json.length) {
      return out;
    }
    switch (json[i]) {
      case '\\':
        out += '\\';
        break;
      case '/':
        out += '/';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case '"':
        out += '"';
        break;
      case 'u': {
        if (i + 5 > json.length) {
          return out;
        }
        let r = hex4(json, i + 1);
        i += 5;
        if (r >= 0xd800 && r < 0xe000) {
          if (json.length - i >= 6 && json[i] === '\\' && json[i + 1] === 'u') {
            const r2 = hex4(json, i + 2);
            r = r < 0xdc00 && r2 >= 0xdc00 && r2 < 0xe000 ? 0x10000 + ((r - 0xd800) << 10) + (r2 - 0xdc00) : 0xfffd;
            i += 6;
          } else {
            r = 0xfffd;
          }
        }
        out += String.fromCodePoint(r);
        i--;
        break;
      }
      default:
        return out;
    }
  }
  return out;
}

/** strconv.ParseUint(s[:4], 16) with errors read as 0, the way gjson ignores them. */
function hex4(s: string, i: number): number {
  const h = s.slice(i, i + 4);
  return /^[0-9a-fA-F]{4}$/.test(h) ? parseInt(h, 16) : 0;
}

// ---------------------------------------------------------------------------------------------
// Path parsing

interface ArrayPath {
  part: string;
  path: string;
  pipe: string;
  piped: boolean;
  more: boolean;
  alogok: boolean;
  arrch: boolean;
  alogkey: string;
  query: { on: boolean; all: boolean; path: string; op: string; value: string };
}

function parseArrayPath(path: string): ArrayPath {
  const r: ArrayPath = {
    part: '', path: '', pipe: '', piped: false, more: false, alogok: false, arrch: false, alogkey: '',
    query: { on: false, all: false, path: '', op: '', value: '' },
  };
  for (let i = 0; i < path.length; i++) {
    const ch = path[i];
    if (ch === '|') {
      r.part = path.slice(0, i);
      r.pipe = path.slice(i + 1);
      r.piped = true;
      return r;
    }
    if (ch === '.') {
      r.part = path.slice(0, i);
      if (!r.arrch && i < path.length - 1 && isDotPiperChar(path.slice(i + 1))) {
        r.pipe = path.slice(i + 1);
        r.piped = true;
      } else {
        r.path = path.slice(i + 1);
        r.more = true;
      }
      return r;
    }
    if (ch === '#') {
      r.arrch = true;
      if (i === 0 && path.length > 1) {
        if (path[1] === '.') {
          r.alogok = true;
          r.alogkey = path.slice(2);
          r.path = path.slice(0, 1);
        } else if (path[1] === '[' || path[1] === '(') {
          r.query.on = true;
          const q = parseQuery(path.slice(i));
          if (!q) {
            break;
          }
          let value = q.value;
          if (value.length >= 2 && value[0] === '"' && value[value.length - 1] === '"') {
            value = value.slice(1, -1);
            if (q.vesc) {
              value = unescape(value);
            }
          }
          r.query.path = q.path;
          r.query.op = q.op;
          r.query.value = value;
          i = q.next - 1;
          if (i + 1 < path.length && path[i + 1] === '#') {
            r.query.all = true;
          }
        }
      }
    }
  }
  r.part = path;
  r.path = '';
  return r;
}

interface Query {
  path: string;
  op: string;
  value: string;
  next: number;
  vesc: boolean;
}

/** Splits `#(path op value)` into its parts; `next` is the offset just past the closing bracket. */
function parseQuery(query: string): Query | undefined {
  if (query.length < 2 || query[0] !== '#' || (query[1] !== '(' && query[1] !== '[')) {
    return undefined;
  }
  let i = 2;
  let j = 0;
  let depth = 1;
  let vesc = false;
  for (; i < query.length; i++) {
    const ch = query[i];
    if (depth === 1 && j === 0 && (ch === '!' || ch === '=' || ch === '<' || ch === '>' || ch === '%')) {
      j = i;
      continue;
    }
    if (ch === '\\') {
      i++;
    } else if (ch === '[' || ch === '(') {
      depth++;
    } else if (ch === ']' || ch === ')') {
      depth--;
      if (depth === 0) {
        break;
      }
    } else if (ch === '"') {
      i++;
      for (; i < query.length; i++) {
        if (query[i] === '\\') {
          vesc = true;
          i++;
        } else if (query[i] === '"') {
          break;
        }
      }
    }
  }
  if (depth > 0) {
    return undefined;
  }
  if (j === 0) {
    return { path: trimSpace(query.slice(2, i)), op: '', value: '', next: i + 1, vesc };
  }
  const path = trimSpace(query.slice(2, j));
  let value = trimSpace(query.slice(j, i));
  let opsz = 0;
  const a = value[0];
  const b = value[1];
  if (value.length === 1) {
    opsz = 1;
  } else if ((a === '!' && (b === '=' || b === '%')) || ((a === '<' || a === '>') && b === '=')) {
    opsz = 2;
  } else if (a === '=' && b === '=') {
    value = value.slice(1);
    opsz = 1;
  } else if (a === '<' || a === '>' || a === '=' || a === '%') {
    opsz = 1;
  }
  return { path, op: value.slice(0, opsz), value: trimSpace(value.slice(opsz)), next: i + 1, vesc };
}

/** tidwall's trim: drops bytes up to and including the space from both ends. */
export function trimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 32) {
    a++;
  }
  while (b > a && s.charCodeAt(b - 1) <= 32) {
    b--;
  }
  return s.slice(a, b);
}

/** True when a path component after a dot starts a modifier or a multipath (a `.` acting as `|`). */
function isDotPiperChar(s: string): boolean {
  const c = s[0];
  if (c === '@') {
    let i = 1;
    for (; i < s.length; i++) {
      if (s[i] === '.' || s[i] === '|' || s[i] === ':') {
        break;
      }
    }
    return isModifierName(s.slice(1, i));
  }
  return c === '[' || c === '{';
}

interface ObjectPath {
  part: string;
  path: string;
  pipe: string;
  piped: boolean;
  wild: boolean;
  more: boolean;
}

function parseObjectPath(path: string): ObjectPath {
  const r: ObjectPath = { part: '', path: '', pipe: '', piped: false, wild: false, more: false };
  for (let i = 0; i < path.length; i++) {
    const ch = path[i];
    if (ch === '|') {
      r.part = path.slice(0, i);
      r.pipe = path.slice(i + 1);
      r.piped = true;
      return r;
    }
    if (ch === '.') {
      r.part = path.slice(0, i);
      if (i < path.length - 1 && isDotPiperChar(path.slice(i + 1))) {
        r.pipe = path.slice(i + 1);
        r.piped = true;
      } else {
        r.path = path.slice(i + 1);
        r.more = true;
      }
      return r;
    }
    if (ch === '*' || ch === '?') {
      r.wild = true;
      continue;
    }
    if (ch === '\\') {
      // escape mode: the backslashes are stripped from the key part
      let epart = path.slice(0, i);
      i++;
      if (i < path.length) {
        epart += path[i];
        i++;
        for (; i < path.length; i++) {
          const c = path[i];
          if (c === '\\') {
            i++;
            if (i < path.length) {
              epart += path[i];
            }
            continue;
          } else if (c === '.') {
            r.part = epart;
            if (i < path.length - 1 && isDotPiperChar(path.slice(i + 1))) {
              r.pipe = path.slice(i + 1);
              r.piped = true;
            } else {
              r.path = path.slice(i + 1);
              r.more = true;
            }
            return r;
          } else if (c === '|') {
            r.part = epart;
            r.pipe = path.slice(i + 1);
            r.piped = true;
            return r;
          } else if (c === '*' || c === '?') {
            r.wild = true;
          }
          epart += c;
        }
      }
      r.part = epart;
      return r;
    }
  }
  r.part = path;
  return r;
}

/** Splits `left|right` at the first pipe that is not inside a query or a multipath. */
function splitPossiblePipe(path: string): [string, string] | undefined {
  if (!path.includes('|')) {
    return undefined;
  }
  if (path.length > 0 && path[0] === '{') {
    const squashed = squash(path.slice(1));
    if (squashed.length < path.length - 1) {
      const left = path.slice(0, squashed.length + 1);
      const remain = path.slice(left.length);
      if (remain[0] === '|') {
        return [left, remain.slice(1)];
      }
    }
    return undefined;
  }
  for (let i = 0; i < path.length; i++) {
    const ch = path[i];
    if (ch === '\\') {
      i++;
    } else if (ch === '.') {
      if (i === path.length - 1) {
        return undefined;
      }
      if (path[i + 1] === '#') {
        i += 2;
        if (i === path.length) {
          return undefined;
        }
        if (path[i] === '[' || path[i] === '(') {
          const start = path[i];
          const end = start === '[' ? ']' : ')';
          i++;
          let depth = 1;
          for (; i < path.length; i++) {
            if (path[i] === '\\') {
              i++;
            } else if (path[i] === start) {
              depth++;
            } else if (path[i] === end) {
              depth--;
              if (depth === 0) {
                break;
              }
            } else if (path[i] === '"') {
              i++;
              for (; i < path.length; i++) {
                if (path[i] === '\\') {
                  i++;
                } else if (path[i] === '"') {
                  break;
                }
              }
            }
          }
        }
      }
    } else if (ch === '|') {
      return [path.slice(0, i), path.slice(i + 1)];
    }
  }
  return undefined;
}

interface SubSelector {
  name: string;
  path: string;
}

/** Parses `[p1,p2]` or `{name:p1,p2}`; returns the selectors and the text after the closing bracket. */
/**
 * How gjson splits a path that starts with `[` or `{` into its sub-selectors and the rest of the
 * path (a multipath), or undefined when it does not.
 */
export function gjsonSubSelectors(path: string): { sels: ReadonlyArray<{ readonly name: string; readonly path: string }>; rest: string } | undefined {
  return path.length > 1 && (path[0] === '[' || path[0] === '{') ? parseSubSelectors(path) : undefined;
}

function parseSubSelectors(path: string): { sels: SubSelector[]; rest: string } | undefined {
  const sels: SubSelector[] = [];
  let modifier = 0;
  let depth = 1;
  let colon = 0;
  let start = 1;
  let i = 1;
  const push = (): void => {
    if (colon === 0) {
      sels.push({ name: '', path: path.slice(start, i) });
    } else {
      sels.push({ name: path.slice(start, colon), path: path.slice(colon + 1, i) });
    }
    colon = 0;
    modifier = 0;
    start = i + 1;
  };
  for (; i < path.length; i++) {
    const ch = path[i];
    if (ch === '\\') {
      i++;
    } else if (ch === '@') {
      if (modifier === 0 && i > 0 && (path[i - 1] === '.' || path[i - 1] === '|')) {
        modifier = i;
      }
    } else if (ch === ':') {
      if (modifier === 0 && colon === 0 && depth === 1) {
        colon = i;
      }
    } else if (ch === ',') {
      if (depth === 1) {
        push();
      }
    } else if (ch === '"') {
      i++;
      for (; i < path.length; i++) {
        if (path[i] === '\\') {
          i++;
        } else if (path[i] === '"') {
          break;
        }
      }
    } else if (ch === '[' || ch === '(' || ch === '{') {
      depth++;
    } else if (ch === ']' || ch === ')' || ch === '}') {
      depth--;
      if (depth === 0) {
        push();
        return { sels, rest: path.slice(i + 1) };
      }
    }
  }
  return undefined;
}

function nameOfLast(path: string): string {
  for (let i = path.length - 1; i >= 0; i--) {
    if (path[i] === '|' || path[i] === '.') {
      if (i > 0 && path[i - 1] === '\\') {
        continue;
      }
      return path.slice(i + 1);
    }
  }
  return path;
}

function isSimpleName(component: string): boolean {
  for (let i = 0; i < component.length; i++) {
    if (component.charCodeAt(i) < 32 || '[]{}()#|!'.includes(component[i])) {
      return false;
    }
  }
  return true;
}

/** gjson's `AppendJSONString`: HTML-safe escaping with lowercase `\u00xx` forms. */
function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (c < 32) {
      out += c === 10 ? '\\n' : c === 13 ? '\\r' : c === 9 ? '\\t' : '\\u' + c.toString(16).padStart(4, '0');
    } else if (ch === '>' || ch === '<' || ch === '&') {
      out += '\\u' + c.toString(16).padStart(4, '0');
    } else if (ch === '\\') {
      out += '\\\\';
    } else if (ch === '"') {
      out += '\\"';
    } else if (c === 0x2028 || c === 0x2029) {
      out += '\\u' + c.toString(16);
    } else if (c >= 0xd800 && c < 0xe000) {
      // a lone surrogate is invalid UTF-8 on the Go side
      out += '\\ufffd';
    } else {
      out += ch;
    }
  }
  return out + '"';
}

// ---------------------------------------------------------------------------------------------
// Wildcard matching (tidwall/match: `*` any run, `?` one character, `\` escapes)

/** tidwall/match's `Match`: the `%` of gjson queries. */
export function wildcardMatch(str: string, pattern: string): boolean {
  if (pattern === '*') {
    return true;
  }
  const s = Array.from(str);
  const p = Array.from(pattern);
  let si = 0;
  let pi = 0;
  let starP = -1;
  let starS = 0;
  while (si < s.length) {
    if (pi < p.length) {
      const pc = p[pi];
      if (pc === '*') {
        starP = pi;
        starS = si;
        pi++;
        continue;
      }
      if (pc === '?') {
        si++;
        pi++;
        continue;
      }
      let lit = pc;
      let width = 1;
      if (pc === '\\') {
        if (pi + 1 >= p.length) {
          return false;
        }
        lit = p[pi + 1];
        width = 2;
      }
      if (lit === s[si]) {
        si++;
        pi += width;
        continue;
      }
    }
    if (starP < 0) {
      return false;
    }
    pi = starP + 1;
    starS++;
    si = starS;
  }
  while (pi < p.length && p[pi] === '*') {
    pi++;
  }
  return pi === p.length;
}

// ---------------------------------------------------------------------------------------------
// The search

interface Ctx {
  json: string;
  value: Res;
  pipe: string;
  piped: boolean;
  calcd: boolean;
}

function parseObject(c: Ctx, i: number, path: string): [number, boolean] {
  const json = c.json;
  const rp = parseObjectPath(path);
  if (!rp.more && rp.piped) {
    c.pipe = rp.pipe;
    c.piped = true;
  }
  while (i < json.length) {
    let key = '';
    let kesc = false;
    let ok = false;
    for (; i < json.length; i++) {
      const c = json.charCodeAt(i);
      if (c === 34) {
        const ps = parseString(json, i + 1);
        i = ps.end;
        if (ps.ok) {
          key = ps.raw.slice(1, -1);
          kesc = ps.escaped;
          ok = true;
        }
        break;
      }
      if (c === 125) {
        return [i + 1, false];
      }
    }
    if (!ok) {
      return [i, false];
    }
    const k = kesc ? unescape(key) : key;
    const pmatch = rp.wild ? wildcardMatch(k, rp.part) : rp.part === k;
    let hit = pmatch && !rp.more;
    for (; i < json.length; i++) {
      const ch = json[i];
      let num = false;
      if (ch === '"') {
        const s = i;
        const ps = parseString(json, i + 1);
        i = ps.end;
        if (!ps.ok) {
          return [i, false];
        }
        if (hit) {
          c.value.str = ps.escaped ? unescape(ps.raw.slice(1, -1)) : ps.raw.slice(1, -1);
          c.value.raw = ps.raw;
          c.value.type = 'String';
          c.value.index = s;
          return [i, true];
        }
      } else if (ch === '{' || ch === '[') {
        if (pmatch && !hit) {
          [i, hit] = ch === '{' ? parseObject(c, i + 1, rp.path) : parseArray(c, i + 1, rp.path);
          if (hit) {
            return [i, true];
          }
        } else {
          const s = i;
          let val: string;
          [i, val] = parseSquash(json, i);
          if (hit) {
            c.value.raw = val;
            c.value.type = 'JSON';
            c.value.index = s;
            return [i, true];
          }
        }
      } else if (ch === 'n' && i + 1 < json.length && json[i + 1] !== 'u') {
        num = true;
      } else if (ch === 'n' || ch === 't' || ch === 'f') {
        const s = i;
        let val: string;
        [i, val] = parseLiteral(json, i);
        if (hit) {
          c.value.raw = val;
          c.value.type = ch === 't' ? 'True' : ch === 'f' ? 'False' : 'Null';
          c.value.index = s;
          return [i, true];
        }
      } else if (isNumStart(ch)) {
        num = true;
      } else {
        continue;
      }
      if (num) {
        const s = i;
        let val: string;
        [i, val] = parseNumber(json, i);
        if (hit) {
          c.value.raw = val;
          c.value.type = 'Number';
          c.value.num = parseGoFloatValue(val);
          c.value.index = s;
          return [i, true];
        }
      }
      break;
    }
  }
  return [i, false];
}

/** `~false` in a query: null, missing, false, a false-ish string, or zero. */
function falseish(r: Res): boolean {
  switch (r.type) {
    case 'Null':
    case 'False':
      return true;
    case 'String': {
      const b = parseGoBoolLoose(r.str.toLowerCase());
      return b === undefined ? false : !b;
    }
    case 'Number':
      return r.num === 0;
    default:
      return false;
  }
}

/** `~true` in a query: true, a true-ish string, or a non-zero number. */
function trueish(r: Res): boolean {
  switch (r.type) {
    case 'True':
      return true;
    case 'String':
      return parseGoBoolLoose(r.str.toLowerCase()) === true;
    case 'Number':
      return r.num !== 0;
    default:
      return false;
  }
}

/** `strconv.ParseBool`, `undefined` where it returns an error. */
function parseGoBoolLoose(s: string): boolean | undefined {
  switch (s) {
    case '1': case 't': case 'T': case 'TRUE': case 'true': case 'True':
      return true;
    case '0': case 'f': case 'F': case 'FALSE': case 'false': case 'False':
      return false;
    default:
      return undefined;
  }
}

function queryMatches(rp: ArrayPath, value: Res): boolean {
  let rpv = rp.query.value;
  if (rpv.length > 0 && rpv[0] === '~') {
    // `~true`, `~false`, `~null` and `~*` turn the value into a boolean compared with true;
    // any other word after `~` matches nothing.
    rpv = rpv.slice(1);
    let ish: boolean | undefined;
    switch (rpv) {
      case '*':
        ish = resExists(value);
        break;
      case 'null':
        ish = value.type === 'Null';
        break;
      case 'true':
        ish = trueish(value);
        break;
      case 'false':
        ish = falseish(value);
        break;
    }
    value = newRes();
    if (ish === undefined) {
      rpv = '';
    } else {
      rpv = 'true';
      value.type = ish ? 'True' : 'False';
    }
  }
  if (!resExists(value)) {
    return false;
  }
  const op = rp.query.op;
  if (op === '') {
    return true;
  }
  switch (value.type) {
    case 'String': {
      const cmp = compareGoStrings(value.str, rpv);
      switch (op) {
        case '=':
          return cmp === 0;
        case '!=':
          return cmp !== 0;
        case '<':
          return cmp < 0;
        case '<=':
          return cmp <= 0;
        case '>':
          return cmp > 0;
        case '>=':
          return cmp >= 0;
        case '%':
          return wildcardMatch(value.str, rpv);
        case '!%':
          return !wildcardMatch(value.str, rpv);
      }
      return false;
    }
    case 'Number': {
      const n = parseGoFloatValue(rpv);
      switch (op) {
        case '=':
          return value.num === n;
        case '!=':
          return value.num !== n;
        case '<':
          return value.num < n;
        case '<=':
          return value.num <= n;
        case '>':
          return value.num > n;
        case '>=':
          return value.num >= n;
      }
      return false;
    }
    case 'True':
      return op === '=' ? rpv === 'true' : op === '!=' ? rpv !== 'true' : op === '>' ? rpv === 'false' : op === '>=';
    case 'False':
      return op === '=' ? rpv === 'false' : op === '!=' ? rpv !== 'false' : op === '<' ? rpv === 'true' : op === '<=';
    default:
      return false;
  }
}

/** Re-bases a result found inside a value that starts at `base`; computed results keep index 0. */
function rebase(r: Res, base: number): Res {
  if (r.index > 0) {
    r.index += base;
  }
  return r;
}

function parseArray(c: Ctx, i: number, path: string): [number, boolean] {
  const json = c.json;
  const rp = parseArrayPath(path);
  let partidx = -1;
  if (!rp.arrch) {
    const n = parseDigits(rp.part);
    partidx = n ?? -1;
  }
  if (!rp.more && rp.piped) {
    c.pipe = rp.pipe;
    c.piped = true;
  }
  let multires: string[] | undefined;

  const procQuery = (qval: Res): boolean => {
    if (rp.query.all && multires === undefined) {
      multires = [];
    }
    let res: Res;
    if (qval.type === 'JSON') {
      res = rebase(get(qval.raw, rp.query.path), qval.index);
    } else {
      if (rp.query.path !== '') {
        return false;
      }
      res = qval;
    }
    if (!queryMatches(rp, res)) {
      return false;
    }
    if (rp.more) {
      const split = splitPossiblePipe(rp.path);
      if (split) {
        rp.path = split[0];
        c.pipe = split[1];
        c.piped = true;
      }
      res = rebase(get(qval.raw, rp.path), qval.index);
    } else {
      res = qval;
    }
    if (rp.query.all) {
      const raw = res.raw.length === 0 ? resString(res) : res.raw;
      if (raw !== '') {
        (multires as string[]).push(raw);
      }
      return false;
    }
    c.value = res;
    return true;
  };

  let h = 0;
  const alog: number[] = [];
  let pmatch = false;
  let hit = false;
  while (i < json.length + 1) {
    if (!rp.arrch) {
      pmatch = partidx === h;
      hit = pmatch && !rp.more;
    }
    h++;
    if (rp.alogok) {
      alog.push(i);
    }
    for (; ; i++) {
      if (i > json.length) {
        break;
      }
      const ch = i === json.length ? ']' : json[i];
      let num = false;
      if (ch === '"') {
        const s = i;
        const ps = parseString(json, i + 1);
        i = ps.end;
        if (!ps.ok) {
          return [i, false];
        }
        const str = ps.escaped ? unescape(ps.raw.slice(1, -1)) : ps.raw.slice(1, -1);
        if (rp.query.on) {
          if (procQuery({ type: 'String', raw: ps.raw, str, num: 0, index: s })) {
            return [i, true];
          }
        } else if (hit) {
          if (rp.alogok) {
            break;
          }
          c.value.str = str;
          c.value.raw = ps.raw;
          c.value.type = 'String';
          c.value.index = s;
          return [i, true];
        }
      } else if (ch === '{' || ch === '[') {
        if (pmatch && !hit) {
          [i, hit] = ch === '{' ? parseObject(c, i + 1, rp.path) : parseArray(c, i + 1, rp.path);
          if (hit) {
            if (rp.alogok) {
              break;
            }
            return [i, true];
          }
        } else {
          const s = i;
          let val: string;
          [i, val] = parseSquash(json, i);
          if (rp.query.on) {
            if (procQuery({ type: 'JSON', raw: val, str: '', num: 0, index: s })) {
              return [i, true];
            }
          } else if (hit) {
            if (rp.alogok) {
              break;
            }
            c.value.raw = val;
            c.value.type = 'JSON';
            c.value.index = s;
            return [i, true];
          }
        }
      } else if (ch === 'n' && i + 1 < json.length && json[i + 1] !== 'u') {
        num = true;
      } else if (ch === 'n' || ch === 't' || ch === 'f') {
        const s = i;
        let val: string;
        [i, val] = parseLiteral(json, i);
        const type: GjsonType = ch === 't' ? 'True' : ch === 'f' ? 'False' : 'Null';
        if (rp.query.on) {
          if (procQuery({ type, raw: val, str: '', num: 0, index: s })) {
            return [i, true];
          }
        } else if (hit) {
          if (rp.alogok) {
            break;
          }
          c.value.raw = val;
          c.value.type = type;
          c.value.index = s;
          return [i, true];
        }
      } else if (isNumStart(ch)) {
        num = true;
      } else if (ch === ']') {
        if (rp.arrch && rp.part === '#') {
          if (rp.alogok) {
            const split = splitPossiblePipe(rp.alogkey);
            if (split) {
              rp.alogkey = split[0];
              c.pipe = split[1];
              c.piped = true;
            }
            const parts: string[] = [];
            for (const start of alog) {
              const idx = skipWs(json, start);
              if (idx < json.length && json[idx] !== ']') {
                const pa = parseAny(json, idx);
                if (pa.ok) {
                  const res = get(pa.res.raw, rp.alogkey);
                  if (resExists(res)) {
                    parts.push(res.raw.length === 0 ? resString(res) : res.raw);
                  }
                }
              }
            }
            c.value.type = 'JSON';
            c.value.raw = '[' + parts.join(',') + ']';
            c.value.index = 0;
            return [i + 1, true];
          }
          c.value.type = 'Number';
          c.value.num = h - 1;
          c.value.raw = String(h - 1);
          c.value.index = 0;
          c.calcd = true;
          return [i + 1, true];
        }
        if (!resExists(c.value)) {
          if (multires !== undefined && multires.length > 0) {
            c.value = { type: 'JSON', raw: '[' + multires.join(',') + ']', str: '', num: 0, index: 0 };
          } else if (rp.query.all) {
            c.value = { type: 'JSON', raw: '[]', str: '', num: 0, index: 0 };
          }
        }
        return [i + 1, false];
      } else {
        continue;
      }
      if (num) {
        const s = i;
        let val: string;
        [i, val] = parseNumber(json, i);
        const n = parseGoFloatValue(val);
        if (rp.query.on) {
          if (procQuery({ type: 'Number', raw: val, str: '', num: n, index: s })) {
            return [i, true];
          }
        } else if (hit) {
          if (rp.alogok) {
            break;
          }
          c.value.raw = val;
          c.value.type = 'Number';
          c.value.num = n;
          c.value.index = s;
          return [i, true];
        }
      }
      break;
    }
  }
  return [i, false];
}

/** gjson's `Parse`: the first value of the text, taking the rest of the text for objects and arrays. */
function parse(json: string): Res {
  const value = newRes();
  let i = 0;
  for (; i < json.length; i++) {
    const ch = json[i];
    if (ch === '{' || ch === '[') {
      value.type = 'JSON';
      value.raw = json.slice(i);
      break;
    }
    if (json.charCodeAt(i) <= 32) {
      continue;
    }
    if (ch === 'n' && i + 1 < json.length && json[i + 1] !== 'u') {
      value.type = 'Number';
      [value.raw, value.num] = tonum(json.slice(i));
    } else if (isNumStart(ch)) {
      value.type = 'Number';
      [value.raw, value.num] = tonum(json.slice(i));
    } else if (ch === 'n') {
      value.raw = tolit(json.slice(i));
    } else if (ch === 't') {
      value.type = 'True';
      value.raw = tolit(json.slice(i));
    } else if (ch === 'f') {
      value.type = 'False';
      value.raw = tolit(json.slice(i));
    } else if (ch === '"') {
      value.type = 'String';
      [value.raw, value.str] = tostr(json.slice(i));
    } else {
      return newRes();
    }
    break;
  }
  if (resExists(value)) {
    value.index = i;
  }
  return value;
}

function get(json: string, path: string): Res {
  if (path.length > 1) {
    const first = path[0];
    if (first === '@' || first === '!') {
      const m = first === '@' ? execModifier(json, path) : execStatic(path);
      if (m) {
        if (m.path.length > 0 && (m.path[0] === '|' || m.path[0] === '.')) {
          const res = get(m.json, m.path.slice(1));
          res.index = 0;
          return res;
        }
        const res = parse(m.json);
        res.index = 0;
        return res;
      }
    }
    if (first === '[' || first === '{') {
      const sub = parseSubSelectors(path);
      if (sub && (sub.rest.length === 0 || sub.rest[0] === '|' || sub.rest[0] === '.')) {
        return multipath(json, first, sub.sels, sub.rest);
      }
    }
  }
  const c: Ctx = { json, value: newRes(), pipe: '', piped: false, calcd: false };
  if (path.length >= 2 && path[0] === '.' && path[1] === '.') {
    // JSON Lines: the whole text is read as one array of values
    parseArray(c, 0, path.slice(2));
  } else {
    for (let i = 0; i < json.length; i++) {
      if (json[i] === '{') {
        parseObject(c, i + 1, path);
        break;
      }
      if (json[i] === '[') {
        parseArray(c, i + 1, path);
        break;
      }
    }
  }
  if (c.piped) {
    const res = get(c.value.raw, c.pipe);
    res.index = 0;
    return res;
  }
  return c.value;
}

function multipath(json: string, kind: string, sels: SubSelector[], rest: string): Res {
  const parts: string[] = [];
  for (const sub of sels) {
    const res = get(json, sub.path);
    if (!resExists(res)) {
      continue;
    }
    let item = '';
    if (kind === '{') {
      if (sub.name.length > 0) {
        item = sub.name[0] === '"' && gjsonValid(sub.name) ? sub.name : jsonString(sub.name);
      } else {
        const last = nameOfLast(sub.path);
        item = jsonString(isSimpleName(last) ? last : '_');
      }
      item += ':';
    }
    let raw = res.raw;
    if (raw.length === 0) {
      raw = resString(res);
      if (raw.length === 0) {
        raw = 'null';
      }
    }
    parts.push(item + raw);
  }
  const raw = kind + parts.join(',') + (kind === '[' ? ']' : '}');
  const out: Res = { type: 'JSON', raw, str: '', num: 0, index: 0 };
  if (rest.length > 0) {
    const res = get(raw, rest.slice(1));
    res.index = 0;
    return res;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Static values and modifiers

interface Modified {
  path: string;
  json: string;
}

/** `!true`, `!"text"`, `![1,2]`…: a literal value instead of a lookup. */
function execStatic(path: string): Modified | undefined {
  const name = path.slice(1);
  if (name.length > 0 && '{["+-0123456789'.includes(name[0])) {
    // gjson runs its bracket scanner even over a scalar, which then takes the rest of the path
    const [, raw] = parseSquash(name, 0);
    return { path: name.slice(raw.length), json: raw };
  }
  let value = name;
  let rest = '';
  for (let i = 1; i < path.length; i++) {
    if (path[i] === '|' || path[i] === '.') {
      rest = path.slice(i);
      value = path.slice(1, i);
      break;
    }
  }
  switch (value.toLowerCase()) {
    case 'true':
    case 'false':
    case 'null':
    case 'nan':
    case 'inf':
      return { path: rest, json: value };
  }
  return undefined;
}

const IMPLEMENTED_MODIFIERS: Record<string, (json: string, arg: string) => string> = {
  this: (json) => json,
  reverse: modReverse,
  ugly: modUgly,
  flatten: modFlatten,
  join: modJoin,
  valid: (json) => (gjsonValid(json) ? json : ''),
  keys: modKeys,
  values: modValues,
  tostr: (json) => jsonString(json),
  fromstr: (json) => (gjsonValid(json) ? resString(parse(json)) : ''),
  group: modGroup,
  dig: modDig,
};

/**
 * Modifiers gjson v1.18 has that this engine deliberately leaves out: `@pretty` re-indents with
 * tidwall/pretty's layout rules, which nothing in a Sensor needs (filters compare values).
 */
const UNSUPPORTED_MODIFIERS = new Set(['pretty']);

function isModifierName(name: string): boolean {
  return name in IMPLEMENTED_MODIFIERS || UNSUPPORTED_MODIFIERS.has(name);
}

function execModifier(json: string, path: string): Modified | undefined {
  let name = path.slice(1);
  let rest = '';
  let hasArgs = false;
  for (let i = 1; i < path.length; i++) {
    const ch = path[i];
    if (ch === ':') {
      rest = path.slice(i + 1);
      name = path.slice(1, i);
      hasArgs = rest.length > 0;
      break;
    }
    if (ch === '|' || ch === '.') {
      rest = path.slice(i);
      name = path.slice(1, i);
      break;
    }
  }
  if (UNSUPPORTED_MODIFIERS.has(name)) {
    throw new UnsupportedError(`gjson modifier '@${name}' is not supported`);
  }
  if (!Object.prototype.hasOwnProperty.call(IMPLEMENTED_MODIFIERS, name)) {
    return undefined;
  }
  let args = '';
  if (hasArgs) {
    let parsed = false;
    if ('{["'.includes(rest[0])) {
      if (resExists(parse(rest))) {
        args = squash(rest);
        rest = rest.slice(args.length);
        parsed = true;
      }
    }
    if (!parsed) {
      // A simple argument runs to the next pipe, skipping over brackets and quoted strings.
      let i = 0;
      for (; i < rest.length; i++) {
        const ch = rest[i];
        if (ch === '|') {
          break;
        }
        if (ch === '{' || ch === '[' || ch === '"' || ch === '(') {
          i += squash(rest.slice(i)).length - 1;
        }
      }
      args = rest.slice(0, i);
      rest = rest.slice(i);
    }
  }
  return { path: rest, json: IMPLEMENTED_MODIFIERS[name](json, args) };
}

function children(json: string): Array<[Res | null, Res]> {
  const out: Array<[Res | null, Res]> = [];
  forEachChild(parse(json), (k, v) => out.push([k, v]));
  return out;
}

function argFlag(arg: string, key: string): boolean {
  let flag = false;
  if (arg !== '') {
    forEachChild(parse(arg), (k, v) => {
      if (k && resString(k) === key) {
        flag = resBool(v);
      }
    });
  }
  return flag;
}

function modReverse(json: string): string {
  const res = parse(json);
  const isArr = res.type === 'JSON' && res.raw[0] === '[';
  const isObj = res.type === 'JSON' && res.raw[0] === '{';
  if (!isArr && !isObj) {
    return json;
  }
  const items = children(json).reverse();
  if (isArr) {
    return '[' + items.map(([, v]) => v.raw).join(',') + ']';
  }
  return '{' + items.map(([k, v]) => (k as Res).raw + ':' + v.raw).join(',') + '}';
}

/** tidwall/pretty's `Ugly`: drops every whitespace byte outside strings. */
function modUgly(json: string): string {
  let out = '';
  for (let i = 0; i < json.length; i++) {
    const ch = json[i];
    if (ch === '"') {
      const start = i;
      i++;
      for (; i < json.length; i++) {
        if (json[i] === '\\') {
          i++;
        } else if (json[i] === '"') {
          break;
        }
      }
      out += json.slice(start, i + 1);
    } else if (json.charCodeAt(i) > 32) {
      out += ch;
    }
  }
  return out;
}

/** Removes the surrounding brackets of an object or array. */
function unwrap(json: string): string {
  json = trimSpace(json);
  if (json.length >= 2 && (json[0] === '[' || json[0] === '{')) {
    json = json.slice(1, -1);
  }
  return json;
}

function modFlatten(json: string, arg: string): string {
  const res = parse(json);
  if (!(res.type === 'JSON' && res.raw[0] === '[')) {
    return json;
  }
  const deep = argFlag(arg, 'deep');
  const parts: string[] = [];
  for (const [, v] of children(json)) {
    let raw: string;
    if (v.type === 'JSON' && v.raw[0] === '[') {
      raw = deep ? unwrap(modFlatten(v.raw, arg)) : unwrap(v.raw);
    } else {
      raw = v.raw;
    }
    raw = raw.trim();
    if (raw.length > 0) {
      parts.push(raw);
    }
  }
  return '[' + parts.join(',') + ']';
}

function modJoin(json: string, arg: string): string {
  const res = parse(json);
  if (!(res.type === 'JSON' && res.raw[0] === '[')) {
    return json;
  }
  const preserve = argFlag(arg, 'preserve');
  const objects = children(json)
    .map(([, v]) => v)
    .filter((v) => v.type === 'JSON' && v.raw[0] === '{');
  if (preserve) {
    return '{' + objects.map((v) => unwrap(v.raw)).join(',') + '}';
  }
  const keys: Res[] = [];
  const values = new Map<string, Res>();
  for (const obj of objects) {
    for (const [k, v] of children(obj.raw)) {
      const name = resString(k as Res);
      if (!values.has(name)) {
        keys.push(k as Res);
      }
      values.set(name, v);
    }
  }
  return '{' + keys.map((k) => k.raw + ':' + (values.get(resString(k)) as Res).raw).join(',') + '}';
}

function modKeys(json: string): string {
  const v = parse(json);
  if (!resExists(v)) {
    return '[]';
  }
  const obj = v.type === 'JSON' && v.raw[0] === '{';
  const parts: string[] = [];
  forEachChild(v, (k) => parts.push(obj && k ? k.raw : 'null'));
  return '[' + parts.join(',') + ']';
}

function modValues(json: string): string {
  const v = parse(json);
  if (!resExists(v)) {
    return '[]';
  }
  if (v.type === 'JSON' && v.raw[0] === '[') {
    return json;
  }
  const parts: string[] = [];
  forEachChild(v, (_k, value) => parts.push(value.raw));
  return '[' + parts.join(',') + ']';
}

/** `@dig:path`: every value that `path` finds at any depth, in document order. */
function modDig(json: string, arg: string): string {
  const found: string[] = [];
  const descend = (parent: Res): void => {
    const res = get(parent.raw, arg);
    if (resExists(res)) {
      found.push(res.raw);
    }
    if (parent.type === 'JSON' && (parent.raw[0] === '[' || parent.raw[0] === '{')) {
      forEachChild(parent, (_key, value) => descend(value));
    }
  };
  descend(parse(json));
  return `[${found.join(',')}]`;
}

function modGroup(json: string): string {
  const res = parse(json);
  if (!(res.type === 'JSON' && res.raw[0] === '{')) {
    return '';
  }
  const all: string[] = [];
  forEachChild(res, (key, value) => {
    if (!(value.type === 'JSON' && value.raw[0] === '[')) {
      return;
    }
    let idx = 0;
    forEachChild(value, (_k, item) => {
      if (idx === all.length) {
        all.push('');
      }
      all[idx] += ',' + (key as Res).raw + ':' + item.raw;
      idx++;
    });
  });
  return '[' + all.map((item) => '{' + item.slice(1) + '}').join(',') + ']';
}

// ---------------------------------------------------------------------------------------------
// Validation (gjson's `Valid`)

function validAny(data: string, i: number): number {
  i = skipWs(data, i);
  if (i >= data.length) {
    return -1;
  }
  switch (data.charCodeAt(i)) {
    case 123:
      return validObject(data, i + 1);
    case 91:
      return validArray(data, i + 1);
    case 34:
      return validString(data, i + 1);
    case 116:
      return data.startsWith('true', i) ? i + 4 : -1;
    case 102:
      return data.startsWith('false', i) ? i + 5 : -1;
    case 110:
      return data.startsWith('null', i) ? i + 4 : -1;
    default:
      return validNumber(data, i);
  }
}

function validObject(data: string, i: number): number {
  i = skipWs(data, i);
  if (data.charCodeAt(i) === 125) {
    return i + 1;
  }
  for (;;) {
    if (data.charCodeAt(i) !== 34) {
      return -1;
    }
    i = validString(data, i + 1);
    if (i < 0) {
      return -1;
    }
    i = skipWs(data, i);
    if (data.charCodeAt(i) !== 58) {
      return -1;
    }
    i = validAny(data, i + 1);
    if (i < 0) {
      return -1;
    }
    i = skipWs(data, i);
    const c = data.charCodeAt(i);
    if (c === 125) {
      return i + 1;
    }
    if (c !== 44) {
      return -1;
    }
    i = skipWs(data, i + 1);
  }
}

function validArray(data: string, i: number): number {
  i = skipWs(data, i);
  if (data.charCodeAt(i) === 93) {
    return i + 1;
  }
  for (;;) {
    i = validAny(data, i);
    if (i < 0) {
      return -1;
    }
    i = skipWs(data, i);
    const c = data.charCodeAt(i);
    if (c === 93) {
      return i + 1;
    }
    if (c !== 44) {
      return -1;
    }
    i++;
  }
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** A run of string characters that need no checking (raw control characters are invalid in JSON). */
// eslint-disable-next-line no-control-regex
const PLAIN_STRING_RUN = /[^"\\\u0000-\u001f]*/y;

function validString(data: string, i: number): number {
  const n = data.length;
  for (; i < n; i++) {
    PLAIN_STRING_RUN.lastIndex = i;
    PLAIN_STRING_RUN.test(data);
    i = PLAIN_STRING_RUN.lastIndex;
    if (i >= n) {
      break;
    }
    const c = data.charCodeAt(i);
    if (c < 32) {
      return -1;
    }
    if (c === 34) {
      return i + 1;
    }
    if (c === 92) {
      i++;
      const e = data.charCodeAt(i);
      if (e === 117) {
        if (!(isHex(data.charCodeAt(i + 1)) && isHex(data.charCodeAt(i + 2)) && isHex(data.charCodeAt(i + 3)) && isHex(data.charCodeAt(i + 4)))) {
          return -1;
        }
        i += 4;
      } else if (e !== 34 && e !== 92 && e !== 47 && e !== 98 && e !== 102 && e !== 110 && e !== 114 && e !== 116) {
        return -1;
      }
    }
  }
  return -1;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
function validNumber(data: string, i: number): number {
  if (data.charCodeAt(i) === 45) {
    i++;
  }
  if (!isDigitCode(data.charCodeAt(i))) {
    return -1;
  }
  if (data.charCodeAt(i) === 48) {
    i++;
  } else {
    while (isDigitCode(data.charCodeAt(i))) {
      i++;
    }
  }
  if (data.charCodeAt(i) === 46) {
    i++;
    if (!isDigitCode(data.charCodeAt(i))) {
      return -1;
    }
    while (isDigitCode(data.charCodeAt(i))) {
      i++;
    }
  }
  const e = data.charCodeAt(i);
  if (e === 101 || e === 69) {
    i++;
    const sign = data.charCodeAt(i);
    if (sign === 43 || sign === 45) {
      i++;
    }
    if (!isDigitCode(data.charCodeAt(i))) {
      return -1;
    }
    while (isDigitCode(data.charCodeAt(i))) {
      i++;
    }
  }
  return i;
}

// ---------------------------------------------------------------------------------------------
// Plain paths over parsed values

/** Characters that give a path component a meaning beyond a key or an index. */
const SPECIAL = new Set(['@', '!', '[', ']', '{', '}', '(', ')', '|', '#', '*', '?']);

interface Component {
  key: string;
  escaped: boolean;
  next: number;
  more: boolean;
}

/** Reads the plain component of `path` at `i`, or undefined when it uses any path syntax. */
function plainComponent(path: string, i: number): Component | undefined {
  let key = '';
  let escaped = false;
  for (; i < path.length; i++) {
    const ch = path[i];
    if (ch === '.') {
      return { key, escaped, next: i + 1, more: true };
    }
    if (ch === '\\') {
      i++;
      if (i >= path.length) {
        return undefined;
      }
      escaped = true;
      key += path[i];
    } else if (SPECIAL.has(ch)) {
      return undefined;
    } else {
      key += ch;
    }
  }
  return { key, escaped, next: i, more: false };
}

/**
 * Walks the leading plain keys and indices of `path` on the parsed value, then answers the rest
 * of the path from the serialised subtree: gjson resolves a path level by level, and a
 * component that starts with `@`, `[` or `{` is applied to the raw text of the value before it,
 * so the answer is the one the whole text gives. Returns undefined when only the whole text can
 * answer exactly.
 */
function walkPlainPath(value: unknown, path: string): GjsonResult | undefined {
  if (!isPlainContainer(value) || path.startsWith('..')) {
    return undefined;
  }
  let cur: unknown = value;
  let i = 0;
  for (;;) {
    const rest = path.slice(i);
    if (i > 0 && (rest.startsWith('!') || rest.startsWith('..'))) {
      return undefined;
    }
    const comp = i > 0 && /^[@[{]/.test(rest) ? undefined : plainComponent(path, i);
    if (comp === undefined) {
      if (i === 0) {
        return undefined;
      }
      const sub = gjsonGet(JSON.stringify(cur), rest);
      return sub.exists() ? new GjsonResult(sub.type, sub.raw, sub.str, sub.num, 0) : GjsonResult.MISSING;
    }
    // A modifier after a missing key still runs (on nothing): only the text gives that answer.
    const missing = comp.more && /^[@[{!]/.test(path.slice(comp.next)) ? undefined : GjsonResult.MISSING;
    if (Array.isArray(cur)) {
      // array components are not unescaped, and must be plain unsigned integers
      const idx = !comp.escaped && /^[0-9]+$/.test(comp.key) ? Number(comp.key) : -1;
      if (idx < 0 || idx >= cur.length) {
        return missing;
      }
      cur = cur[idx];
      if (cur === undefined) {
        // JSON.stringify writes null for holes and undefined elements
        return undefined;
      }
    } else {
      if (!Object.prototype.propertyIsEnumerable.call(cur, comp.key)) {
        return missing;
      }
      cur = (cur as Record<string, unknown>)[comp.key];
      if (cur === undefined) {
        return missing;
      }
    }
    if (!comp.more) {
      return resultOfPlainValue(cur);
    }
    i = comp.next;
    if (!isPlainContainer(cur)) {
      if (cur !== null && typeof cur === 'object') {
        return undefined;
      }
      // a scalar cannot be descended into, but a modifier or multipath could still apply to it
      return /^[@[{!]/.test(path.slice(i)) ? undefined : GjsonResult.MISSING;
    }
  }
}

/** Arrays and plain objects, which JSON.stringify writes member by member. */
function isPlainContainer(v: unknown): v is object {
  if (v === null || typeof v !== 'object' || typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    return false;
  }
  const proto = Object.getPrototypeOf(v);
  return Array.isArray(v) || proto === Object.prototype || proto === null;
}

const LONE_SURROGATE = /[\ud800-\udfff]/;

function resultOfPlainValue(v: unknown): GjsonResult | undefined {
  if (v === null) {
    return new GjsonResult('Null', 'null', '', 0, 0);
  }
  switch (typeof v) {
    case 'boolean':
      return v ? new GjsonResult('True', 'true', '', 0, 0) : new GjsonResult('False', 'false', '', 0, 0);
    case 'string':
      // surrogates take gjson's unescaping path, which the text scan reproduces
      return LONE_SURROGATE.test(v) ? undefined : new GjsonResult('String', JSON.stringify(v), v, 0, 0);
    case 'number':
      return Number.isFinite(v) ? new GjsonResult('Number', JSON.stringify(v), '', Object.is(v, -0) ? 0 : v, 0) : undefined;
    case 'object':
      return isPlainContainer(v) ? new GjsonResult('JSON', JSON.stringify(v), '', 0, 0) : undefined;
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// gjson's own integer parsing: decimal digits only, no strconv rules

function parseDigits(s: string): number | undefined {
  return /^[0-9]+$/.test(s) ? Number(s) : undefined;
}

function parseSignedDigits(s: string): number | undefined {
  return /^-?[0-9]+$/.test(s) ? Number(s) : undefined;
}
