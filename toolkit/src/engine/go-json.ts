import { EngineError } from './errors';
import { GoInt, compareGoStrings, formatFloat, isStringer } from './go-format';

/*
 * Go's encoding/json Marshal, which produces every payload Argo Events hands to filters,
 * parameters and triggers, and what sprig's toJson family writes:
 *
 * - object keys sorted (Go marshals `map[string]interface{}` in key order, and Kubernetes objects
 *   travel as such maps);
 * - `<`, `>`, `&` escaped as `\u003c`… unless HTML escaping is turned off, U+2028 and U+2029
 *   always escaped; `\b` and `\f` written short, as Go 1.22 and later do;
 * - numbers printed the way Go prints a float64, GoInt as its digits;
 * - lone surrogates written as U+FFFD: a JSON `\ud800` escape decodes to U+FFFD in Go, so that is
 *   what Go holds where JavaScript holds the lone surrogate;
 * - a GoStringer as what its `goJsonValue` gives (time.Time's RFC 3339 text), else as `{}`, like
 *   a struct without exported fields.
 *
 * A member whose value is `undefined` is a field that is not set and is left out (as
 * JSON.stringify does); anywhere else `undefined` is nil. NaN and ±Inf are rejected as Go rejects
 * them.
 */

/** How to encode: json.Marshal by default. */
export interface GoJsonOptions {
  /** False for an Encoder after SetEscapeHTML(false), which writes `<`, `>` and `&` as they are. */
  readonly escapeHtml?: boolean;
  /** json.MarshalIndent's indent; '' (the default) for compact output. */
  readonly indent?: string;
}

/** Go's `json.Marshal(value)`, or MarshalIndent / an Encoder with the options given. */
export function marshalGoJson(value: unknown, options?: GoJsonOptions): string {
  if (options === undefined) {
    return encode(value, true, '', '');
  }
  return encode(value, options.escapeHtml ?? true, options.indent ?? '', '');
}

/** `indent` '' means compact; `prefix` is the indentation of the line the value starts on. */
function encode(value: unknown, html: boolean, indent: string, prefix: string): string {
  switch (typeof value) {
    case 'string':
      return quoteGoJsonString(value, html);
    case 'number':
      return formatGoJsonNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'undefined':
      return 'null';
    case 'object':
      if (value === null) {
        return 'null';
      }
      if (Array.isArray(value)) {
        return encodeArray(value, html, indent, prefix);
      }
      if (value instanceof GoInt) {
        return value.value.toString();
      }
      if (isStringer(value)) {
        return value.goJsonValue === undefined ? '{}' : encode(value.goJsonValue(), html, indent, prefix);
      }
      return encodeObject(value as Record<string, unknown>, html, indent, prefix);
    default:
      throw new EngineError(`json: unsupported type: ${typeof value === 'function' ? 'func()' : typeof value}`);
  }
}

function encodeArray(items: readonly unknown[], html: boolean, indent: string, prefix: string): string {
  if (items.length === 0) {
    return '[]';
  }
  const inner = indent === '' ? '' : prefix + indent;
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) {
      out += ',';
    }
    if (indent !== '') {
      out += '\n' + inner;
    }
    out += encode(items[i], html, indent, inner);
  }
  return indent === '' ? out + ']' : out + '\n' + prefix + ']';
}

function encodeObject(obj: Record<string, unknown>, html: boolean, indent: string, prefix: string): string {
  const keys = Object.keys(obj);
  sortGoKeys(keys);
  const inner = indent === '' ? '' : prefix + indent;
  let out = '{';
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const member = obj[key];
    if (member === undefined) {
      continue;
    }
    if (!first) {
      out += ',';
    }
    first = false;
    if (indent === '') {
      out += (html ? quoteKey(key) : quoteGoJsonString(key, false)) + ':';
    } else {
      out += '\n' + inner + quoteGoJsonString(key, html) + ': ';
    }
    out += encode(member, html, indent, inner);
  }
  if (first) {
    return '{}';
  }
  return indent === '' ? out + '}' : out + '\n' + prefix + '}';
}

/** Sorts in Go's byte order; native code-unit order agrees unless a key has a char ≥ U+D800. */
function sortGoKeys(keys: string[]): void {
  let sorted = true;
  let high = false;
  for (let i = 0; i < keys.length; i++) {
    if (i > 0 && keys[i - 1] > keys[i]) {
      sorted = false;
    }
    high = high || HIGH_CHARS.test(keys[i]);
  }
  if (high) {
    keys.sort(compareGoStrings);
  } else if (!sorted) {
    keys.sort();
  }
}

const HIGH_CHARS = /[\ud800-\uffff]/;

/** Object keys repeat across objects (field names), so their quoted form is memoised. */
const quotedKeys = new Map<string, string>();

function quoteKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = quoteGoJsonString(key);
    if (quotedKeys.size < 10_000) {
      quotedKeys.set(key, quoted);
    }
  }
  return quoted;
}

/** Characters whose JSON form is not the character itself, in Go's encoder. */
// Control characters are exactly what must be escaped here.
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\u0000-\u001f"\\<>&\u2028\u2029\ud800-\udfff]/;
const HTML_AND_SEPARATORS = /[<>&\u2028\u2029]/g;
const SEPARATORS = /[\u2028\u2029]/g;
const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A JSON string literal as Go's encoder writes it (`escapeHtml` false: `<>&` as they are). */
export function quoteGoJsonString(s: string, escapeHtml = true): string {
  if (!NEEDS_ESCAPE.test(s)) {
    return '"' + s + '"';
  }
  // JSON.stringify escapes quotes, backslashes and control characters exactly as Go does.
  const quoted = JSON.stringify(s.replace(LONE_SURROGATE, '\ufffd'));
  return quoted.replace(escapeHtml ? HTML_AND_SEPARATORS : SEPARATORS, (c) => GO_ESCAPES[c]);
}

/** A float64 as Go's encoder writes it (`strconv.FormatFloat` with 'f', or 'e' outside [1e-6, 1e21)). */
export function formatGoJsonNumber(n: number): string {
  if (!Number.isFinite(n)) {
    throw new EngineError(`json: unsupported value: ${formatFloat(n, 'g', -1)}`);
  }
  if (n === 0) {
    return Object.is(n, -0) ? '-0' : '0';
  }
  // JavaScript switches to exponent notation at the same thresholds and with the same shortest
  // digits as Go, and also writes "e-7"/"e+21" without zero padding.
  return String(n);
}
