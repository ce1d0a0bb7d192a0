import { ArgoEvent, EventContext } from './event';
import { GjsonResult, gjsonGet, gjsonValid } from './gjson';
import { PayloadIndexes, PayloadIndexesHolder, getStructured } from './structured-path';

/** Options of an {@link EventView}. */
export interface EventViewOptions {
  /** The payload was produced by a JSON encoder, so validation can be skipped. */
  readonly knownValidJson?: boolean;
  /**
   * The payload as a value whose Go encoding (`marshalGoJson`) is exactly the event's data. The
   * path forms {@link getStructured} knows are then resolved on the value, without encoding or
   * scanning the text.
   */
  readonly structured?: unknown;
}

/**
 * An event together with what filters and parameters derive from its payload: JSON validity,
 * gjson lookups and the decoded value. One view is shared by every dependency and trigger that
 * sees the same payload, so a path read several times is resolved once per event. A view is
 * itself an event and can be passed wherever one is expected.
 */
export class EventView implements ArgoEvent, PayloadIndexesHolder {
  private valid: boolean | undefined;
  private decoded: unknown;
  private decodedReady = false;
  private readonly lookups = new Map<string, GjsonResult>();
  /** Indexes of the payload's arrays that lookups build (see {@link PayloadIndexes}). */
  private indexes?: PayloadIndexes;
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
      result = (this.hasStructured ? getStructured(this.structured, path, this) : undefined)
        ?? gjsonGet(this.event.data ?? '', path);
      this.lookups.set(path, result);
    }
    return result;
  }

  /** The indexes lookups build on the structured payload. */
  payloadIndexes(): PayloadIndexes {
    return (this.indexes ??= new Map());
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
