import { EngineError } from './errors';
import { compareGoStrings } from './go-format';

/**
 * JSON encoding with the byte-level conventions of Go's `encoding/json`, which is what produces
 * every payload Argo Events hands to filters, parameters and triggers:
 *
 * - object keys sorted (Go marshals `map[string]interface{}` in key order, and Kubernetes objects
 *   travel as such maps);
 * - `<`, `>`, `&`, U+2028 and U+2029 escaped as `\u003c`… (HTML-safe escaping is on by default);
 * - invalid UTF-16 (lone surrogates) replaced by U+FFFD, as Go does for invalid UTF-8;
 * - numbers printed the way Go prints a float64 (which matches JavaScript's shortest form).
 *
 * `undefined` object members are skipped; `NaN`/`Infinity` are rejected as Go rejects them.
 */
export function marshalGoJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return quoteGoJsonString(value);
    case 'number':
      return formatGoJsonNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'object':
      if (value === null) {
        return 'null';
      }
      if (Array.isArray(value)) {
        return marshalArray(value);
      }
      return marshalObject(value as Record<string, unknown>);
    default:
      return 'null';
  }
}

function marshalArray(items: readonly unknown[]): string {
  if (items.length === 0) {
    return '[]';
  }
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) {
      out += ',';
    }
    const item = items[i];
    out += item === undefined ? 'null' : marshalGoJson(item);
  }
  return out + ']';
}

function marshalObject(obj: Record<string, unknown>): string {
  const keys = Object.keys(obj);
  sortGoKeys(keys);
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
    out += quoteKey(key) + ':' + marshalGoJson(member);
  }
  return out + '}';
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
const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A JSON string literal as Go's encoder writes it. */
export function quoteGoJsonString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) {
    return '"' + s + '"';
  }
  const quoted = JSON.stringify(s.replace(LONE_SURROGATE, '\ufffd'));
  return quoted.replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c]);
}

/** A float64 as Go's encoder writes it (`strconv.FormatFloat` with 'f', or 'e' outside [1e-6, 1e21)). */
export function formatGoJsonNumber(n: number): string {
  if (!Number.isFinite(n)) {
    throw new EngineError(`json: unsupported value: ${n}`);
  }
  if (n === 0) {
    return Object.is(n, -0) ? '-0' : '0';
  }
  // JavaScript switches to exponent notation at the same thresholds and with the same shortest
  // digits as Go, and also writes "e-7"/"e+21" without zero padding.
  return String(n);
}
