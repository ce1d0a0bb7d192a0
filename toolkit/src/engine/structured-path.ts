import { GjsonResult, gjsonGet, gjsonSubSelectors, wildcardMatch } from './gjson';
import { formatGoJsonNumber, marshalGoJson, quoteGoJsonString } from './go-json';
import { compareGoStrings, isStringer } from './go-format';

/*
 * gjson paths answered on a parsed payload instead of its Go encoding. An event's payload is a
 * value whose `marshalGoJson` text is the event data; scanning that text from the start for every
 * filter field is what makes a hub with many hooks slow, so the path forms the hooks use are
 * resolved on the value directly:
 *
 * - keys and array indices, with `\.` escapes (`metadata.labels.example\.com/name`);
 * - a first-match query on a string member, `conditions.#(type=="Ready").status`, or its
 *   wildcard form without wildcards, `conditions.#(type%"cert-manager.io/Ready")`, which only
 *   ever matches strings;
 * - a member of every element, `conditions.#.type`, as the last component;
 * - a multipath with a literal default taking its first element, `[status.replicas,!0]|0`, whose
 *   path may also count the elements that a chain of selections keeps,
 *   `[resources.#(name%"web")#|#(hookType==~null)#|[#(group==~null)#,#(group%"")#]|@flatten|#,!0]|0`.
 *
 * The answer must be exactly gjson's on the text (type, raw text, string, number and index), so
 * anything whose encoding is not evident from the value (strings with lone surrogates, numbers
 * that are not finite, class instances, Go values) gets `undefined`, and the caller scans the text.
 */

/** One component of a resolvable path. */
type Step =
  | { readonly kind: 'key'; readonly key: string; readonly escaped: boolean }
  /** `#(key=="value")`, or with `like`, `#(key%"value")`: the first element whose `key` is the string `value`. */
  | { readonly kind: 'query'; readonly key: string; readonly value: string; readonly like: boolean }
  /** `#.key`: the `key` member of every element that has one. */
  | { readonly kind: 'collect'; readonly key: string }
  /** `#(…)#|…|#`: how many elements a chain of selections keeps (the first one a `%` match). */
  | { readonly kind: 'count'; readonly selections: readonly Selection[] };

/**
 * A selection of elements by one member: `#(key%"pattern")#` (a string matching the pattern),
 * `#(key==~null)#` (absent or null: `orMissing` without a pattern), or both, as the multipath
 * `[#(key==~null)#,#(key%"pattern")#]|@flatten` joins them.
 */
interface Selection {
  readonly key: string;
  readonly pattern?: string;
  /** Set when the pattern has no `*`, `?` or `\`: it matches only this text. */
  readonly exact?: string;
  readonly orMissing: boolean;
}

function selection(key: string, pattern: string | undefined, orMissing: boolean): Selection {
  return pattern !== undefined && !/[*?\\]/.test(pattern) ? { key, pattern, exact: pattern, orMissing } : { key, pattern, orMissing };
}

/** A path compiled for resolution on a value. */
interface StructuredPath {
  readonly steps: readonly Step[];
  /** For `[path,!literal]|0`: gjson's answer when `path` is missing (it does not depend on the data). */
  readonly fallback?: GjsonResult;
}

const KEY_COMPONENT = /^(?:[A-Za-z0-9_\-/:]|\\\.)+$/;
/**
 * A query on a string member, matched where a path component starts (the value may hold dots). A
 * value starting with `~` asks gjson for a truthiness test, and `*` and `?` are wildcards after
 * `%`: those are left to the text.
 */
const QUERY_COMPONENT = /#\(([A-Za-z0-9_]+)(==|%)"([^"\\]*)"\)/y;
const COLLECT_KEY = /^[A-Za-z_\-/:][A-Za-z0-9_\-/:]*$/;
/** Literals gjson's `!` reads without looking at the data. */
const LITERAL = /^!(?:true|false|null|-?[0-9]+(?:\.[0-9]+)?|"[^"\\]*"|\[\])$/;
const INDEX = /^\d+$/;
const LONE_SURROGATE = /[\ud800-\udfff]/;
const NOT_FOUND = Symbol('not found');
const UNKNOWN = Symbol('only the text can answer');

const compiled = new Map<string, StructuredPath | null>();

/** The steps of a path of keys, indices and string queries, or undefined for any other syntax. */
function compileSteps(path: string): Step[] | undefined {
  const steps: Step[] = [];
  let start = 0;
  while (start <= path.length) {
    let end: number;
    if (path.startsWith('#(', start)) {
      QUERY_COMPONENT.lastIndex = start;
      const query = QUERY_COMPONENT.exec(path);
      if (!query || query[3].startsWith('~') || (query[2] === '%' && /[*?]/.test(query[3]))) {
        return undefined;
      }
      end = QUERY_COMPONENT.lastIndex;
      if (end < path.length && path[end] !== '.') {
        return undefined;
      }
      steps.push({ kind: 'query', key: query[1], value: query[3], like: query[2] === '%' });
    } else if (path.startsWith('#.', start)) {
      // gjson reads everything after `#.` as the path of each element: one plain key here.
      const key = path.slice(start + 2);
      if (!COLLECT_KEY.test(key)) {
        return undefined;
      }
      steps.push({ kind: 'collect', key });
      end = path.length;
    } else {
      end = start;
      while (end < path.length && path[end] !== '.') {
        end += path[end] === '\\' ? 2 : 1;
      }
      const component = path.slice(start, end);
      if (!KEY_COMPONENT.test(component)) {
        return undefined;
      }
      steps.push({ kind: 'key', key: component.replace(/\\\./g, '.'), escaped: component.includes('\\') });
    }
    start = end + 1;
  }
  return steps.length > 0 && steps[0].kind === 'key' ? steps : undefined;
}

const ALL_LIKE = /^#\(([A-Za-z0-9_]+)%"([^"\\]*)"\)#$/;
const ALL_MISSING = /^#\(([A-Za-z0-9_]+)==~null\)#$/;
const MISSING_OR_LIKE = /^\[#\(([A-Za-z0-9_]+)==~null\)#,#\(\1%"([^"\\]*)"\)#\]$/;

/** Splits a path at the `|` outside brackets, parentheses and strings. */
function pipeSegments(path: string): string[] {
  const segments: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < path.length; i++) {
    const ch = path[i];
    if (ch === '\\') {
      i++;
    } else if (ch === '"') {
      for (i++; i < path.length && path[i] !== '"'; i++) {
        if (path[i] === '\\') {
          i++;
        }
      }
    } else if (ch === '[' || ch === '(' || ch === '{') {
      depth++;
    } else if (ch === ']' || ch === ')' || ch === '}') {
      depth--;
    } else if (ch === '|' && depth === 0) {
      segments.push(path.slice(start, i));
      start = i + 1;
    }
  }
  segments.push(path.slice(start));
  return segments;
}

/**
 * `<keys>.#(key%"pattern")#|<selection>|…|#`: the steps to the array, then the count. A pattern
 * starting with `~` is gjson's truthiness test, left to the text.
 */
function compileCount(path: string): Step[] | undefined {
  const segments = pipeSegments(path);
  const first = segments[0];
  const at = first.lastIndexOf('.#(');
  if (segments.length < 2 || segments[segments.length - 1] !== '#' || at < 0) {
    return undefined;
  }
  const base = compileSteps(first.slice(0, at));
  const head = ALL_LIKE.exec(first.slice(at + 1));
  if (!base || base.some((s) => s.kind !== 'key') || !head || head[2].startsWith('~')) {
    return undefined;
  }
  const selections: Selection[] = [selection(head[1], head[2], false)];
  for (let i = 1; i < segments.length - 1; i++) {
    const like = ALL_LIKE.exec(segments[i]);
    const missing = ALL_MISSING.exec(segments[i]);
    const either = MISSING_OR_LIKE.exec(segments[i]);
    if (like && !like[2].startsWith('~')) {
      selections.push(selection(like[1], like[2], false));
    } else if (missing) {
      selections.push(selection(missing[1], undefined, true));
    } else if (either && !either[2].startsWith('~') && segments[i + 1] === '@flatten') {
      // The two parts are disjoint (absent or null, or a string), so their union keeps the count.
      selections.push(selection(either[1], either[2], true));
      i++;
    } else {
      return undefined;
    }
  }
  return [...base, { kind: 'count', selections }];
}

function compile(path: string): StructuredPath | undefined {
  const known = compiled.get(path);
  if (known !== undefined) {
    return known ?? undefined;
  }
  let plan: StructuredPath | undefined;
  if (path.startsWith('[')) {
    // Split the way gjson splits it, so that the reading is gjson's own.
    const sub = gjsonSubSelectors(path);
    if (sub && sub.rest === '|0' && sub.sels.length === 2 && sub.sels[0].name === '' && sub.sels[1].name === ''
      && LITERAL.test(sub.sels[1].path)) {
      const steps = compileSteps(sub.sels[0].path) ?? compileCount(sub.sels[0].path);
      // `{}` has none of the path's keys, so this is the answer whenever the path is missing.
      plan = steps ? { steps, fallback: gjsonGet('{}', path) } : undefined;
    }
  } else {
    const steps = compileSteps(path);
    plan = steps ? { steps } : undefined;
  }
  compiled.set(path, plan ?? null);
  return plan;
}

/** Arrays and plain objects, which the encoder writes member by member. */
function isContainer(v: unknown): v is object {
  if (v === null || typeof v !== 'object') {
    return false;
  }
  if (Array.isArray(v)) {
    return true;
  }
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && !isStringer(v);
}

function member(current: object, key: string): unknown {
  if (!Object.prototype.hasOwnProperty.call(current, key)) {
    return NOT_FOUND;
  }
  const next = (current as Record<string, unknown>)[key];
  // The encoder leaves out members whose value is undefined.
  return next === undefined ? NOT_FOUND : next;
}

function step(current: unknown, s: Step, indexes?: PayloadIndexesHolder): unknown {
  if (!isContainer(current)) {
    // gjson cannot descend into a scalar; anything else is encoded in its own way.
    return current !== null && typeof current === 'object' ? UNKNOWN : NOT_FOUND;
  }
  if (s.kind === 'query') {
    return Array.isArray(current) ? firstMatch(current, s.key, s.value, s.like) : UNKNOWN;
  }
  if (s.kind === 'collect') {
    return Array.isArray(current) ? collect(current, s.key) : UNKNOWN;
  }
  if (s.kind === 'count') {
    return Array.isArray(current) ? count(current, s.selections, indexes) : UNKNOWN;
  }
  if (Array.isArray(current)) {
    if (s.escaped) {
      return UNKNOWN;
    }
    if (!INDEX.test(s.key)) {
      return NOT_FOUND;
    }
    const i = Number(s.key);
    // The encoder writes undefined array items as null.
    return i < current.length ? current[i] ?? null : NOT_FOUND;
  }
  return member(current, s.key);
}

/**
 * An array element as a query or `#.key` sees it: an object to look into, null for one that never
 * matches (numbers, booleans, null, strings), or UNKNOWN when only the text can answer.
 */
function objectElement(item: unknown): object | null | typeof UNKNOWN {
  if (typeof item === 'string') {
    // gjson looks for the first `{` or `[` of an element's text, even inside a string.
    return item.includes('{') || item.includes('[') ? UNKNOWN : null;
  }
  if (item === null || item === undefined || typeof item === 'number' || typeof item === 'boolean') {
    return null;
  }
  return isContainer(item) && !Array.isArray(item) ? item : UNKNOWN;
}

/**
 * `#(key=="value")`: the first element whose member `key` is the string `value`. With `like`
 * (`%`), members that are not strings never match; with `==` gjson compares numbers and booleans
 * with the value in their own way, which only the text answers.
 */
function firstMatch(items: readonly unknown[], key: string, value: string, like: boolean): unknown {
  for (const element of items) {
    const item = objectElement(element);
    if (item === UNKNOWN) {
      return UNKNOWN;
    }
    if (item === null) {
      continue;
    }
    const v = member(item, key);
    if (v === NOT_FOUND || v === null || (typeof v === 'object' && isContainer(v))) {
      // missing, null, objects and arrays never equal a string
      continue;
    }
    if (typeof v !== 'string') {
      if (like && (typeof v === 'number' || typeof v === 'boolean')) {
        continue;
      }
      return UNKNOWN;
    }
    if (!wellFormed(v)) {
      return UNKNOWN;
    }
    if (v === value) {
      return item;
    }
  }
  return NOT_FOUND;
}

/**
 * How many elements every selection keeps. Only objects pass the first one (a `%` match needs a
 * string member), so the others look at objects only.
 */
function count(items: readonly unknown[], selections: readonly Selection[], indexes?: PayloadIndexesHolder): unknown {
  const first = selections[0];
  if (first.exact !== undefined && indexes) {
    const index = indexOf(items, first.key, indexes.payloadIndexes());
    if (index === null) {
      return UNKNOWN;
    }
    let kept = 0;
    for (const position of index.get(first.exact) ?? []) {
      const verdict = selectsAll(items[position] as object, selections, 1);
      if (verdict === UNKNOWN) {
        return UNKNOWN;
      }
      kept += verdict ? 1 : 0;
    }
    return kept;
  }
  let n = 0;
  for (const element of items) {
    const item = objectElement(element);
    if (item === UNKNOWN) {
      return UNKNOWN;
    }
    if (item === null) {
      continue;
    }
    const verdict = selectsAll(item, selections, 0);
    if (verdict === UNKNOWN) {
      return UNKNOWN;
    }
    n += verdict ? 1 : 0;
  }
  return n;
}

/** Whether every selection from `from` on keeps an object element. */
function selectsAll(item: object, selections: readonly Selection[], from: number): boolean | typeof UNKNOWN {
  for (let i = from; i < selections.length; i++) {
    const verdict = selects(item, selections[i]);
    if (verdict !== true) {
      return verdict;
    }
  }
  return true;
}

/**
 * Indexes of one payload's arrays, by array and member key: the positions of the object elements
 * whose member is each string. Hooks on the objects an Argo CD Application syncs each look for
 * their own entry of the same sync result, which the index finds without a scan per hook. Kept
 * for one event (its payload does not change meanwhile).
 */
export type PayloadIndexes = Map<object, Map<string, Map<string, number[]> | null>>;

/** Where a payload's indexes live, made on first use (most events never need one). */
export interface PayloadIndexesHolder {
  payloadIndexes(): PayloadIndexes;
}

/** The index of `items` by `key`, or null when an element is one only the text can answer for. */
function indexOf(items: readonly unknown[], key: string, indexes: PayloadIndexes): Map<string, number[]> | null {
  let byKey = indexes.get(items);
  if (!byKey) {
    byKey = new Map();
    indexes.set(items, byKey);
  }
  let index = byKey.get(key);
  if (index === undefined) {
    index = buildIndex(items, key);
    byKey.set(key, index);
  }
  return index;
}

/** Mirrors {@link count}'s scan: what the scan answers UNKNOWN for makes the index null. */
function buildIndex(items: readonly unknown[], key: string): Map<string, number[]> | null {
  const index = new Map<string, number[]>();
  for (let i = 0; i < items.length; i++) {
    const item = objectElement(items[i]);
    if (item === UNKNOWN) {
      return null;
    }
    if (item === null) {
      continue;
    }
    const v = member(item, key);
    if (typeof v === 'string') {
      if (!wellFormed(v)) {
        return null;
      }
      const positions = index.get(v);
      if (positions) {
        positions.push(i);
      } else {
        index.set(v, [i]);
      }
    } else if (!(v === NOT_FOUND || v === null || typeof v === 'number' || typeof v === 'boolean' || isContainer(v))) {
      return null;
    }
  }
  return index;
}

/** Whether a selection keeps an object element. */
function selects(item: object, selection: Selection): boolean | typeof UNKNOWN {
  const v = member(item, selection.key);
  if (v === NOT_FOUND || v === null) {
    return selection.orMissing;
  }
  if (typeof v === 'string') {
    if (!wellFormed(v)) {
      return UNKNOWN;
    }
    if (selection.pattern === undefined) {
      return false;
    }
    return selection.exact !== undefined ? v === selection.exact : wildcardMatch(v, selection.pattern);
  }
  // numbers, booleans, objects and arrays are neither null nor a string
  return typeof v === 'number' || typeof v === 'boolean' || isContainer(v) ? false : UNKNOWN;
}

/** `#.key`: the `key` member of every element that is an object and has one, in order. */
function collect(items: readonly unknown[], key: string): unknown {
  const out: unknown[] = [];
  for (const element of items) {
    const item = objectElement(element);
    if (item === UNKNOWN) {
      return UNKNOWN;
    }
    if (item === null) {
      continue;
    }
    const v = member(item, key);
    if (v !== NOT_FOUND) {
      out.push(v);
    }
  }
  return out;
}

/**
 * An object or array found in the payload. `value()` answers without re-reading its text. gjson's
 * `Value()` of the encoding holds the same strings and numbers, with members in the encoding's
 * (Go's sorted) order and undefined array items as null. Expression filters, the only readers of
 * `value()`, never modify it and compare and print maps whatever their member order, so a payload
 * part whose encoding reads back as itself is returned as it is; any other is copied the way the
 * encoding would read back.
 */
class ContainerResult extends GjsonResult {
  constructor(raw: () => string, private readonly source: object) {
    super('JSON', raw, '', 0, 0);
  }

  public value(): unknown {
    if (readsBackAsItself(this.source)) {
      return this.source;
    }
    const copy = goCopy(this.source);
    return copy === UNKNOWN ? super.value() : copy;
  }
}

/**
 * Whether a value's Go encoding reads back as an equal value: plain arrays and objects of
 * well-formed strings (values and keys), finite numbers, booleans and null, with no undefined
 * member or item. Checked without allocating, which is most of what a copy costs.
 */
function readsBackAsItself(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
      return wellFormed(v);
    case 'number':
      return Number.isFinite(v);
    case 'boolean':
      return true;
    case 'object': {
      if (v === null) {
        return true;
      }
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          if (!readsBackAsItself(v[i])) {
            return false;
          }
        }
        return true;
      }
      if (!isContainer(v)) {
        return false;
      }
      for (const k in v) {
        if (!Object.prototype.hasOwnProperty.call(v, k)) {
          // an enumerable inherited member: only plain and null prototypes pass isContainer
          return false;
        }
        if (!wellFormed(k) || !readsBackAsItself((v as Record<string, unknown>)[k])) {
          return false;
        }
      }
      return true;
    }
    default:
      return false;
  }
}

function goCopy(v: unknown): unknown {
  switch (typeof v) {
    case 'string':
      return wellFormed(v) ? v : UNKNOWN;
    case 'number':
      return Number.isFinite(v) ? v : UNKNOWN;
    case 'boolean':
      return v;
    case 'undefined':
      return null;
    case 'object': {
      if (v === null) {
        return null;
      }
      if (!isContainer(v)) {
        return UNKNOWN;
      }
      if (Array.isArray(v)) {
        const out: unknown[] = new Array(v.length);
        for (let i = 0; i < v.length; i++) {
          const item = goCopy(v[i]);
          if (item === UNKNOWN) {
            return UNKNOWN;
          }
          out[i] = item;
        }
        return out;
      }
      return copyObject(v as Record<string, unknown>);
    }
    default:
      return UNKNOWN;
  }
}

/** Characters where UTF-16 order (JavaScript's sort) and UTF-8 order (Go's) can disagree. */
const HIGH_CHARS = /[\ud800-\uffff]/;

function copyObject(source: Record<string, unknown>): unknown {
  const keys = Object.keys(source);
  let high = false;
  for (const k of keys) {
    if (HIGH_CHARS.test(k)) {
      if (!wellFormed(k)) {
        // the encoder writes U+FFFD for lone surrogates, which can make two keys one
        return UNKNOWN;
      }
      high = true;
    }
  }
  sortKeys(keys, high);
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    if (source[k] === undefined) {
      continue;
    }
    const member = goCopy(source[k]);
    if (member === UNKNOWN) {
      return UNKNOWN;
    }
    if (k === '__proto__') {
      // kept as data, as gjson's reading keeps it
      Object.defineProperty(out, k, { value: member, enumerable: true, writable: true, configurable: true });
    } else {
      out[k] = member;
    }
  }
  return out;
}

/**
 * Sorts keys into Go's (UTF-8 byte) order: an insertion sort, as objects have few keys and often
 * come nearly sorted; `<` compares UTF-16 code units, which agree with UTF-8 below U+D800.
 */
function sortKeys(keys: string[], high: boolean): void {
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i];
    let j = i - 1;
    while (j >= 0 && (high ? compareGoStrings(keys[j], k) > 0 : keys[j] > k)) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = k;
  }
}

/** No lone surrogates (which the encoder replaces with U+FFFD). */
const wellFormed: (s: string) => boolean = typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
  ? (s) => (s as unknown as { isWellFormed(): boolean }).isWellFormed()
  : (s) => !LONE_SURROGATE.test(s);

/** The gjson result of a value found in the payload. */
function resultOf(v: unknown): GjsonResult | undefined {
  switch (typeof v) {
    case 'string':
      // The raw text is quoted only when asked for: filters read the string.
      return wellFormed(v) ? new GjsonResult('String', () => quoteGoJsonString(v), v, 0, 0) : undefined;
    case 'number':
      return Number.isFinite(v) ? new GjsonResult('Number', () => formatGoJsonNumber(v), '', v, 0) : undefined;
    case 'boolean':
      return v ? new GjsonResult('True', 'true', '', 0, 0) : new GjsonResult('False', 'false', '', 0, 0);
    case 'object':
      if (v === null) {
        return new GjsonResult('Null', 'null', '', 0, 0);
      }
      // Filters read the value of objects and arrays, seldom their text: encode it only when asked.
      return isContainer(v) ? new ContainerResult(() => marshalGoJson(v), v) : undefined;
    default:
      return undefined;
  }
}

/**
 * `gjson.Get(marshalGoJson(value), path)` answered on the value, or undefined when only the text
 * can answer exactly. Index is always 0: a value found on the payload has no offset in a text
 * (filters and parameters never use it; sjson, which does, works on text).
 */
export function getStructured(value: unknown, path: string, indexes?: PayloadIndexesHolder): GjsonResult | undefined {
  const plan = compile(path);
  if (!plan) {
    return undefined;
  }
  let current: unknown = value;
  for (const s of plan.steps) {
    const next = step(current, s, indexes);
    if (next === UNKNOWN) {
      return undefined;
    }
    if (next === NOT_FOUND) {
      return plan.fallback ?? GjsonResult.MISSING;
    }
    current = next;
  }
  return resultOf(current);
}
