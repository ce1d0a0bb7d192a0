import { EngineError, UnsupportedError } from './errors';
import { gjsonGet, gjsonParse, trimSpace } from './gjson';
import { formatFloat } from './go-format';
import { marshalGoJson, quoteGoJsonString } from './go-json';

/**
 * Setting values in raw JSON text with the byte-exact output of tidwall/sjson v1.2.5, which Argo
 * Events uses to apply trigger parameters. An existing value is replaced in place and the rest
 * of the text is kept as written; a missing key is appended without whitespace, creating the
 * objects and arrays the path needs.
 */

/**
 * `sjson.Set`: strings are quoted, numbers written like Go's `strconv.FormatFloat(f, 'f', -1, 64)`,
 * booleans and null literally, objects and arrays encoded the way Go's `json.Marshal` encodes
 * `map[string]interface{}` and `[]interface{}` (sorted keys, HTML-safe escapes).
 */
export function sjsonSet(json: string, path: string, value: unknown): string {
  if (typeof value === 'string') {
    return set(json, path, value, true);
  }
  return set(json, path, encodeValue(value), false);
}

/** `sjson.SetRaw`: inserts `rawJson` verbatim. */
export function sjsonSetRaw(json: string, path: string, rawJson: string): string {
  return set(json, path, rawJson, false);
}

function encodeValue(value: unknown): string {
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return formatFloat(value, 'f', -1);
    default:
      return marshalGoJson(value);
  }
}

interface PathPart {
  /** The key with escapes removed. */
  part: string;
  /** The key as a gjson path component (escapes kept). */
  gpart: string;
  /** The rest of the path. */
  rest: string;
  /** `:` prefix: the key is always an object key, never an array index. */
  force: boolean;
  more: boolean;
}

/** Characters that make a path "complex" in sjson's terms. */
function isSimpleChar(ch: string): boolean {
  return ch !== '|' && ch !== '#' && ch !== '@' && ch !== '*' && ch !== '?';
}

/** Splits off the first component; undefined when the path is not a simple one. */
function parsePath(path: string): PathPart | undefined {
  const r: PathPart = { part: '', gpart: '', rest: '', force: false, more: false };
  if (path.length > 0 && path[0] === ':') {
    r.force = true;
    path = path.slice(1);
  }
  for (let i = 0; i < path.length; i++) {
    const ch = path[i];
    if (ch === '.') {
      r.part = path.slice(0, i);
      r.gpart = r.part;
      r.rest = path.slice(i + 1);
      r.more = true;
      return r;
    }
    if (!isSimpleChar(ch)) {
      return undefined;
    }
    if (ch === '\\') {
      let epart = path.slice(0, i);
      let gpart = path.slice(0, i + 1);
      i++;
      if (i < path.length) {
        epart += path[i];
        gpart += path[i];
        i++;
        for (; i < path.length; i++) {
          const c = path[i];
          if (c === '\\') {
            gpart += '\\';
            i++;
            if (i < path.length) {
              epart += path[i];
              gpart += path[i];
            }
            continue;
          } else if (c === '.') {
            r.part = epart;
            r.gpart = gpart;
            r.rest = path.slice(i + 1);
            r.more = true;
            return r;
          } else if (!isSimpleChar(c)) {
            return undefined;
          }
          epart += c;
          gpart += c;
        }
      }
      r.part = epart;
      r.gpart = gpart;
      return r;
    }
  }
  r.part = path;
  r.gpart = path;
  return r;
}

/** sjson quotes keys and string values directly unless they need Go's escaping. */
function stringify(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c > 0x7f || c === 34 || c === 92) {
      return quoteGoJsonString(s);
    }
  }
  return '"' + s + '"';
}

/** A rough unsigned parse: `''` counts as 0, a forced key is never numeric. */
function atoui(p: PathPart): [number, boolean] {
  if (p.force) {
    return [0, false];
  }
  let n = 0;
  for (let i = 0; i < p.part.length; i++) {
    const c = p.part.charCodeAt(i);
    if (c < 48 || c > 57) {
      return [0, false];
    }
    n = n * 10 + (c - 48);
  }
  return [n, true];
}

/** Builds the JSON for a path that does not exist yet. */
function build(array: boolean, paths: PathPart[], raw: string, quote: boolean): string {
  let out = array ? '' : stringify(paths[0].part) + ':';
  if (paths.length > 1) {
    const [n, numeric] = atoui(paths[1]);
    if (numeric || (!paths[1].force && paths[1].part === '-1')) {
      out += '[' + 'null,'.repeat(n) + build(true, paths.slice(1), raw, quote) + ']';
    } else {
      out += '{' + build(false, paths.slice(1), raw, quote) + '}';
    }
  } else {
    out += quote ? stringify(raw) : raw;
  }
  return out;
}

function setPaths(jstr: string, paths: PathPart[], raw: string, quote: boolean): string {
  const res = gjsonGet(jstr, paths[0].gpart);
  if (res.index > 0) {
    const head = jstr.slice(0, res.index);
    const tail = jstr.slice(res.index + res.raw.length);
    if (paths.length > 1) {
      return head + setPaths(res.raw, paths.slice(1), raw, quote) + tail;
    }
    return head + (quote ? stringify(raw) : raw) + tail;
  }
  const [n, numeric] = atoui(paths[0]);
  if (trimSpace(jstr) === '') {
    jstr = numeric ? '[]' : '{}';
  }
  let container = gjsonParse(jstr);
  if (container.type !== 'JSON') {
    // a scalar in the way is replaced by a new container
    container = gjsonParse(numeric ? '[]' : '{}');
  }
  const text = container.raw;
  let comma = false;
  for (let i = 1; i < text.length; i++) {
    if (text.charCodeAt(i) <= 32) {
      continue;
    }
    comma = text[i] !== '}' && text[i] !== ']';
    break;
  }
  if (text[0] === '{') {
    const end = text.lastIndexOf('}');
    return text.slice(0, end > 0 ? end : 0) + (comma ? ',' : '') + build(false, paths, raw, quote) + '}';
  }
  if (!numeric) {
    if (paths[0].part !== '-1' || paths[0].force) {
      throw new EngineError(`cannot set array element for non-numeric key '${paths[0].part}'`);
    }
    let open = trimSpace(text);
    if (open[open.length - 1] === ']') {
      open = open.slice(0, -1);
    }
    return open + (comma ? ',' : '') + build(true, paths, raw, quote) + ']';
  }
  const items = container.array().map((r) => r.raw);
  let out = '[' + items.join(',');
  if (items.length === 0) {
    out += 'null,'.repeat(n);
  } else {
    out += ',null'.repeat(Math.max(0, n - items.length));
    if (comma) {
      out += ',';
    }
  }
  return out + build(true, paths, raw, quote) + ']';
}

function set(json: string, path: string, raw: string, quote: boolean): string {
  if (path === '') {
    throw new EngineError('path cannot be empty');
  }
  const paths: PathPart[] = [];
  let r = parsePath(path);
  while (r !== undefined) {
    paths.push(r);
    if (!r.more) {
      break;
    }
    r = parsePath(r.rest);
  }
  if (r === undefined) {
    throw new UnsupportedError(`sjson path '${path}' uses query, wildcard or modifier syntax, which is not supported for setting values`);
  }
  return setPaths(json, paths, raw, quote);
}
