import { ArgoEvent, EventContext } from './event';
import { GjsonResult, gjsonGet, gjsonValid } from './gjson';
import { formatGoJsonNumber, marshalGoJson, quoteGoJsonString } from './go-json';

/** Options of an {@link EventView}. */
export interface EventViewOptions {
  /** The payload was produced by a JSON encoder, so validation can be skipped. */
  readonly knownValidJson?: boolean;
  /**
   * The payload as a value whose Go encoding (`marshalGoJson`) is exactly the event's data. Plain
   * paths are then resolved on the value, without encoding or scanning the text.
   */
  readonly structured?: unknown;
}

/** A gjson path made only of keys and indices (no escapes, wildcards, queries or modifiers). */
const PLAIN_PATH = /^[A-Za-z0-9_\-/:]+(\.[A-Za-z0-9_\-/:]+)*$/;
const INDEX = /^\d+$/;
const NOT_FOUND = Symbol('not found');

/**
 * An event together with what filters and parameters derive from its payload: JSON validity,
 * gjson lookups and the decoded value. One view is shared by every dependency and trigger that
 * sees the same payload, so a path read several times is resolved once per event. A view is
 * itself an event and can be passed wherever one is expected.
 */
export class EventView implements ArgoEvent {
  private valid: boolean | undefined;
  private decoded: unknown;
  private decodedReady = false;
  private readonly lookups = new Map<string, GjsonResult>();
  private readonly structured: unknown;
  private readonly hasStructured: boolean;

  constructor(public readonly event: ArgoEvent, options: EventViewOptions = {}) {
    this.valid = options.knownValidJson || 'structured' in options ? true : undefined;
    this.hasStructured = 'structured' in options;
    this.structured = options.structured;
  }

  get context(): EventContext | null {
    return this.event.context;
  }

  /** The payload text (encoded on first use for structured payloads). */
  get data(): string | null {
    return this.event.data;
  }

  /** Go's `Data == nil`. */
  get isNil(): boolean {
    return !this.hasStructured && this.event.data === null;
  }

  /** `gjson.Valid(payload)`; only meaningful when the payload is not nil. */
  isValidJson(): boolean {
    if (this.valid === undefined) {
      this.valid = gjsonValid(this.event.data ?? '');
    }
    return this.valid;
  }

  /** `gjson.GetBytes(payload, path)`, memoised. */
  get(path: string): GjsonResult {
    let result = this.lookups.get(path);
    if (result === undefined) {
      result = (this.hasStructured && PLAIN_PATH.test(path) ? walk(this.structured, path) : undefined)
        ?? gjsonGet(this.event.data ?? '', path);
      this.lookups.set(path, result);
    }
    return result;
  }

  /** The payload decoded (callers must not mutate it). */
  decode(): unknown {
    if (!this.decodedReady) {
      this.decoded = this.hasStructured ? this.structured : JSON.parse(this.event.data ?? 'null');
      this.decodedReady = true;
    }
    return this.decoded;
  }
}

/**
 * Resolves a plain path on a value the way gjson resolves it on the value's Go encoding: keys
 * select object members, numeric segments also index arrays. Returns `undefined` for values it
 * cannot answer for (anything but JSON data), so the caller falls back to the text.
 */
function walk(value: unknown, path: string): GjsonResult | undefined {
  let current: unknown = value;
  for (const segment of path.split('.')) {
    const next = step(current, segment);
    if (next === NOT_FOUND) {
      return GjsonResult.MISSING;
    }
    current = next;
  }
  switch (typeof current) {
    case 'string':
      return new GjsonResult('String', quoteGoJsonString(current), current, 0, 0);
    case 'number': {
      const raw = formatGoJsonNumber(current);
      return new GjsonResult('Number', raw, '', current, 0);
    }
    case 'boolean':
      return new GjsonResult(current ? 'True' : 'False', current ? 'true' : 'false', '', 0, 0);
    case 'object':
      if (current === null) {
        return new GjsonResult('Null', 'null', '', 0, 0);
      }
      if (Array.isArray(current) || Object.getPrototypeOf(current) === Object.prototype || Object.getPrototypeOf(current) === null) {
        return new GjsonResult('JSON', marshalGoJson(current), '', 0, 0);
      }
      return undefined;
    default:
      return undefined;
  }
}

function step(current: unknown, segment: string): unknown {
  if (Array.isArray(current)) {
    if (!INDEX.test(segment)) {
      return NOT_FOUND;
    }
    const i = Number(segment);
    // The encoder writes undefined array items as null.
    return i < current.length ? current[i] ?? null : NOT_FOUND;
  }
  if (current !== null && typeof current === 'object' && Object.prototype.hasOwnProperty.call(current, segment)) {
    const next = (current as Record<string, unknown>)[segment];
    return next === undefined ? NOT_FOUND : next;
  }
  return NOT_FOUND;
}
