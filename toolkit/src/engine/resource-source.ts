import { compileGoRegexp } from './compile-cache';
import { EngineError } from './errors';
import { formatRfc3339, parseRfc3339 } from './event';
import { gjsonGet } from './gjson';
import { marshalGoJson, quoteGoJsonString } from './go-json';
import { upstreamMessage } from './upstream-errors';

/** Resource event types, case-sensitive as upstream. */
export type ResourceEventType = 'ADD' | 'UPDATE' | 'DELETE';

/** A `{key, operation, value}` selector of a resource EventSource filter. */
export interface ResourceSelector {
  readonly key: string;
  readonly operation?: string;
  readonly value?: string;
}

/** `spec.resource.<name>.filter`. */
export interface ResourceFilter {
  readonly prefix?: string;
  readonly labels?: readonly ResourceSelector[] | null;
  readonly fields?: readonly ResourceSelector[] | null;
  /** RFC 3339. */
  readonly createdBy?: string | null;
  readonly afterStart?: boolean;
}

/** A filter verdict with the reason an event was dropped. */
export interface SourceVerdict {
  readonly pass: boolean;
  readonly reason?: string;
}

/** What the client-side filters need besides the object. */
export interface PassFiltersOptions {
  /** When the EventSource pod started (for `afterStart`). */
  readonly startTime: Date;
  /** The clock, used as the event time of a DELETE without `deletionTimestamp`. */
  readonly now: Date;
  /** The object's JSON if already encoded (saves encoding it again for `fields`). */
  readonly objectJson?: string;
}

/** Go's zero `time.Time`, what a missing timestamp decodes to. */
const ZERO_TIME = new Date('0001-01-01T00:00:00Z');

type Json = Record<string, unknown>;

function metadataOf(object: Json): Json {
  const metadata = object.metadata;
  return metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata) ? metadata as Json : {};
}

function timestamp(value: unknown, field: string): Date {
  if (value === undefined || value === null || value === '') {
    return ZERO_TIME;
  }
  if (typeof value !== 'string') {
    throw new EngineError(`${field} must be an RFC 3339 string`);
  }
  return parseRfc3339(value, field);
}

/**
 * The time `afterStart` compares with the start instant: `creationTimestamp` for ADD, the latest
 * `managedFields[].time` of an `Update` operation for UPDATE (falling back to creation; server-side
 * `Apply` entries do not count), `deletionTimestamp` or the clock for DELETE.
 */
export function getEventTime(eventType: string, object: Json, now: Date): { time: Date; source: string } {
  const metadata = metadataOf(object);
  const created = timestamp(metadata.creationTimestamp, 'metadata.creationTimestamp');
  switch (eventType) {
    case 'DELETE':
      if (metadata.deletionTimestamp) {
        return { time: timestamp(metadata.deletionTimestamp, 'metadata.deletionTimestamp'), source: 'deletionTimestamp' };
      }
      return { time: now, source: 'the current time (no deletionTimestamp)' };
    case 'UPDATE': {
      let time = created;
      let source = 'creationTimestamp (no newer managedFields Update entry)';
      const managed = Array.isArray(metadata.managedFields) ? metadata.managedFields : [];
      managed.forEach((entry: unknown, i: number) => {
        if (entry === null || typeof entry !== 'object') {
          return;
        }
        const e = entry as Json;
        if (e.time === undefined || e.time === null || e.operation !== 'Update') {
          return;
        }
        const t = timestamp(e.time, `metadata.managedFields[${i}].time`);
        if (t.getTime() > time.getTime()) {
          time = t;
          source = `metadata.managedFields[${i}] (${String(e.manager ?? 'unknown manager')})`;
        }
      });
      return { time, source };
    }
    default:
      return { time: created, source: 'creationTimestamp' };
  }
}

/**
 * `passFilters`: the client-side resource filters in upstream order — prefix, afterStart,
 * createdBy, fields. Label selectors are not evaluated here (the API server applies them).
 */
export function passFilters(
  eventType: string, object: Json, filter: ResourceFilter | null | undefined, options: PassFiltersOptions,
): SourceVerdict {
  if (!filter) {
    return { pass: true };
  }
  const metadata = metadataOf(object);
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  if (filter.prefix && !name.startsWith(filter.prefix)) {
    return { pass: false, reason: `filter.prefix: name '${name}' does not start with '${filter.prefix}'` };
  }
  if (filter.afterStart) {
    const { time, source } = getEventTime(eventType, object, options.now);
    if (time.getTime() < options.startTime.getTime()) {
      return {
        pass: false,
        reason: `filter.afterStart: event time ${formatRfc3339(time)} (from ${source}) is before the EventSource start `
          + formatRfc3339(options.startTime),
      };
    }
  }
  if (filter.createdBy) {
    const limit = parseRfc3339(filter.createdBy, 'filter.createdBy');
    const created = timestamp(metadata.creationTimestamp, 'metadata.creationTimestamp');
    if (created.getTime() > limit.getTime()) {
      return { pass: false, reason: `filter.createdBy: created ${formatRfc3339(created)}, after ${filter.createdBy}` };
    }
  }
  if (filter.fields && filter.fields.length > 0) {
    return filterFields(options.objectJson ?? marshalGoJson(object), filter.fields);
  }
  return { pass: true };
}

/**
 * `filterFields`: every selector must hold. The key is a gjson path into the whole object; the
 * value is a Go regexp matched unanchored against the result's string (`Str`, empty for numbers,
 * booleans, objects and null). A missing path, a bad regex or an operation other than `=`, `==`
 * and `!=` (including none) drops the event.
 */
export function filterFields(objectJson: string, selectors: readonly ResourceSelector[]): SourceVerdict {
  for (let i = 0; i < selectors.length; i++) {
    const s = selectors[i];
    const where = `filter.fields[${i}]`;
    const res = gjsonGet(objectJson, s.key);
    if (!res.exists()) {
      return { pass: false, reason: `${where}: path '${s.key}' does not exist` };
    }
    let matched: boolean;
    try {
      matched = compileGoRegexp(s.value ?? '').test(res.str);
    } catch (e) {
      return { pass: false, reason: `${where}: invalid regex: ${upstreamMessage(e)}` };
    }
    const op = s.operation ?? '';
    if (op === '=' || op === '==') {
      if (!matched) {
        return { pass: false, reason: `${where}: '${s.key}' = ${JSON.stringify(res.str)} does not match /${s.value ?? ''}/` };
      }
    } else if (op === '!=') {
      if (matched) {
        return { pass: false, reason: `${where}: '${s.key}' = ${JSON.stringify(res.str)} matches /${s.value ?? ''}/` };
      }
    } else {
      return { pass: false, reason: `${where}: operation '${op}' is not =, == or != (Argo Events drops every event)` };
    }
  }
  return { pass: true };
}

/** The parts of a resource event's payload. `body`/`oldBody` are already JSON-encoded. */
export interface ResourceEventDataParts {
  readonly type: string;
  readonly body: string;
  /** `null` except for UPDATE. */
  readonly oldBody: string | null;
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly metadata?: Readonly<Record<string, string>> | null;
}

/**
 * The payload of a resource event, byte for byte as the EventSource marshals it:
 * `{"type","body","oldBody","group","version","resource","metadata"?}` with `metadata` omitted when
 * empty.
 */
export function buildResourceEventData(parts: ResourceEventDataParts): string {
  const metadata = parts.metadata && Object.keys(parts.metadata).length > 0
    ? ',"metadata":' + marshalGoJson(parts.metadata)
    : '';
  return '{"type":' + quoteGoJsonString(parts.type)
    + ',"body":' + parts.body
    + ',"oldBody":' + (parts.oldBody ?? 'null')
    + ',"group":' + quoteGoJsonString(parts.group)
    + ',"version":' + quoteGoJsonString(parts.version)
    + ',"resource":' + quoteGoJsonString(parts.resource)
    + metadata + '}';
}
