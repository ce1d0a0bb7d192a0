import { EngineError } from './errors';
import { quoteGoJsonString } from './go-json';

/**
 * The CloudEvent context of an Argo Events event, as the Sensor sees it (`v1alpha1.EventContext`).
 * Absent strings are `''`; `time` is `null` for Go's zero time.
 */
export interface EventContext {
  readonly id: string;
  readonly source: string;
  readonly specversion: string;
  readonly type: string;
  readonly datacontenttype: string;
  readonly subject: string;
  readonly time: Date | null;
}

/**
 * An event as filters, transforms and parameters receive it (`v1alpha1.Event`): the context and
 * the exact payload text. `data: null` is Go's nil payload, which is not the same as `''`.
 */
export interface ArgoEvent {
  readonly context: EventContext | null;
  readonly data: string | null;
}

/** Media types Argo Events recognises in `datacontenttype`. */
export const MEDIA_TYPE_JSON = 'application/json';
export const MEDIA_TYPE_YAML = 'application/yaml';

/** Builds a context, filling absent fields the way Go's zero values would. */
export function eventContext(fields: Partial<Omit<EventContext, 'time'>> & { time?: Date | string | null }): EventContext {
  const time = fields.time;
  return {
    id: fields.id ?? '',
    source: fields.source ?? '',
    specversion: fields.specversion ?? '',
    type: fields.type ?? '',
    datacontenttype: fields.datacontenttype ?? '',
    subject: fields.subject ?? '',
    time: time === undefined || time === null ? null : typeof time === 'string' ? parseRfc3339(time, 'time') : time,
  };
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[T](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses an RFC 3339 instant the way Go's `time.Parse(time.RFC3339, …)` accepts it (fractional
 * seconds allowed, `Z` or a numeric offset required). Sub-millisecond digits are dropped.
 */
export function parseRfc3339(text: string, what = 'time'): Date {
  const m = RFC3339.exec(text);
  if (!m) {
    throw new EngineError(`${what}: cannot parse "${text}" as RFC 3339 (expected e.g. 2024-07-15T12:00:00Z)`);
  }
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    throw new EngineError(`${what}: "${text}" is out of range`);
  }
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  let epoch = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s), ms);
  if (zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    epoch -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  return new Date(epoch);
}

/** RFC 3339 with whole seconds in UTC, as `metav1.Time` marshals. */
export function formatRfc3339(time: Date): string {
  const iso = time.toISOString();
  return iso.slice(0, 19) + 'Z';
}

/** `json.Marshal(EventContext)`: all seven keys, the time in seconds or `null` for the zero time. */
export function marshalEventContext(context: EventContext): string {
  return '{"id":' + quoteGoJsonString(context.id)
    + ',"source":' + quoteGoJsonString(context.source)
    + ',"specversion":' + quoteGoJsonString(context.specversion)
    + ',"type":' + quoteGoJsonString(context.type)
    + ',"datacontenttype":' + quoteGoJsonString(context.datacontenttype)
    + ',"subject":' + quoteGoJsonString(context.subject)
    + ',"time":' + (context.time ? '"' + formatRfc3339(context.time) + '"' : 'null')
    + '}';
}

/** `json.Marshal(Event)`: the context object and the payload bytes in base64. */
export function marshalEvent(event: ArgoEvent): string {
  const context = event.context ? marshalEventContext(event.context) : 'null';
  const data = event.data === null ? 'null' : '"' + Buffer.from(event.data, 'utf8').toString('base64') + '"';
  return '{"context":' + context + ',"data":' + data + '}';
}
