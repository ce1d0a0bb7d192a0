import { compileGoRegexp } from '../engine/compile-cache';
import { parseRfc3339 } from '../engine/event';
import { LabelSelector } from '../engine/label-selector';
import { describeObject } from '../engine/manifests';
import { ResourceFilter, ResourceSelector } from '../engine/resource-source';
import { Diagnostics } from './diagnostics';
import { Json, arrayOf, isObject, nameOf, objectOf, stringOf } from './json-access';
import { TraceEntry } from './types';

/** One `spec.resource.<eventName>` of an EventSource: an informer on one resource. */
export interface ResourceWatch {
  readonly eventSource: string;
  /** Namespace of the EventSource object (and of its EventBus). */
  readonly namespace: string;
  readonly eventBusName: string;
  readonly eventName: string;
  /** Namespace watched; `''` watches every namespace. */
  readonly watchNamespace: string;
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly eventTypes: ReadonlySet<string>;
  readonly filter?: ResourceFilter;
  readonly labelSelector?: LabelSelector;
  /** The trace entry for objects the label selector excludes (shared: the API server never sends them). */
  readonly labelMismatch?: TraceEntry;
  readonly metadata?: Readonly<Record<string, string>>;
  /** Set when the informer can never start; the reason. */
  readonly broken?: string;
}

/** An EventSource object: its name, bus and the type of each event it defines. */
export interface EventSourceInfo {
  readonly name: string;
  readonly namespace: string;
  readonly eventBusName: string;
  /** Event name → EventSource type (`webhook`, `resource`, `calendar`, …). */
  readonly eventTypes: ReadonlyMap<string, string>;
}

/** Keys of an EventSource spec that are not event source types. */
const NON_SOURCE_KEYS = new Set(['template', 'service', 'replicas', 'eventBusName']);
const EVENT_TYPES = new Set(['ADD', 'UPDATE', 'DELETE']);

/** Reads an EventSource, recording problems; returns its info and resource watches. */
export function compileEventSource(object: Json, diagnostics: Diagnostics): { info: EventSourceInfo; watches: ResourceWatch[] } {
  const { name, namespace } = nameOf(object);
  const where = describeObject(object);
  const spec = objectOf(object.spec);
  const eventBusName = stringOf(spec.eventBusName) || 'default';
  const eventTypes = new Map<string, string>();
  const watches: ResourceWatch[] = [];
  for (const [type, events] of Object.entries(spec)) {
    if (NON_SOURCE_KEYS.has(type) || !isObject(events)) {
      continue;
    }
    for (const [eventName, eventSpec] of Object.entries(events)) {
      if (eventTypes.has(eventName)) {
        diagnostics.rejected(`${where} spec.${type}.${eventName}`, `more than one "${eventName}" found in the spec`);
      }
      eventTypes.set(eventName, type);
      if (type === 'resource' && isObject(eventSpec)) {
        watches.push(compileResourceWatch(
          { eventSource: name, namespace, eventBusName, eventName }, eventSpec, `${where} spec.resource.${eventName}`, diagnostics,
        ));
      }
    }
  }
  return { info: { name, namespace, eventBusName, eventTypes }, watches };
}

function selectorsOf(value: unknown): ResourceSelector[] {
  return arrayOf(value).filter(isObject).map((s) => ({
    key: stringOf(s.key),
    operation: typeof s.operation === 'string' ? s.operation : undefined,
    value: typeof s.value === 'string' ? s.value : s.value === undefined ? undefined : String(s.value),
  }));
}

function compileResourceWatch(
  base: { eventSource: string; namespace: string; eventBusName: string; eventName: string },
  spec: Json, where: string, diagnostics: Diagnostics,
): ResourceWatch {
  const broken: string[] = [];
  const version = stringOf(spec.version);
  const resource = stringOf(spec.resource);
  if (!version) {
    diagnostics.rejected(`${where}.version`, 'version must be specified');
    broken.push('no version');
  }
  if (!resource) {
    diagnostics.rejected(`${where}.resource`, 'resource must be specified');
    broken.push('no resource');
  }
  if (spec.eventTypes === undefined || spec.eventTypes === null) {
    diagnostics.rejected(`${where}.eventTypes`, 'event types must be specified');
  }
  const eventTypes = new Set<string>();
  arrayOf(spec.eventTypes).forEach((t, i) => {
    if (typeof t === 'string' && EVENT_TYPES.has(t)) {
      eventTypes.add(t);
    } else {
      diagnostics.runtime(`${where}.eventTypes[${i}]`, `unknown event type ${JSON.stringify(t)} (ADD, UPDATE and DELETE, case-sensitive); the informer fails to start`);
      broken.push(`unknown event type ${JSON.stringify(t)}`);
    }
  });
  if (Array.isArray(spec.eventTypes) && spec.eventTypes.length === 0) {
    diagnostics.warning(`${where}.eventTypes`, 'empty: the informer watches nothing');
  }

  let filter: ResourceFilter | undefined;
  let labelSelector: LabelSelector | undefined;
  if (isObject(spec.filter)) {
    const f = spec.filter;
    const labels = selectorsOf(f.labels);
    const fields = selectorsOf(f.fields);
    filter = {
      prefix: stringOf(f.prefix) || undefined,
      labels,
      fields,
      createdBy: typeof f.createdBy === 'string' ? f.createdBy : undefined,
      afterStart: f.afterStart === true,
    };
    if (labels.length > 0) {
      labelSelector = diagnostics.attemptRuntime(`${where}.filter.labels`, () => LabelSelector.fromSelectors(labels));
      if (!labelSelector) {
        broken.push('invalid label selector');
      }
    }
    fields.forEach((s, i) => {
      const at = `${where}.filter.fields[${i}]`;
      if (!s.key) {
        diagnostics.rejected(`${at}.key`, "key can't be empty for selector");
      }
      diagnostics.attemptRuntime(`${at}.value`, () => compileGoRegexp(s.value ?? ''));
      if (s.operation === undefined || s.operation === '') {
        diagnostics.warning(`${at}.operation`, 'no operation: Argo Events drops every event (use "==", "=" or "!=")');
      } else if (!['=', '==', '!='].includes(s.operation)) {
        diagnostics.warning(`${at}.operation`, `operation '${s.operation}' is not =, == or !=: Argo Events drops every event`);
      }
    });
    if (filter.createdBy) {
      const createdBy = filter.createdBy;
      diagnostics.attemptRejected(`${where}.filter.createdBy`, () => parseRfc3339(createdBy, 'createdBy'));
    }
  }
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(objectOf(spec.metadata))) {
    metadata[k] = String(v);
  }
  return {
    ...base,
    watchNamespace: stringOf(spec.namespace),
    group: stringOf(spec.group),
    version,
    resource,
    eventTypes,
    filter,
    labelSelector,
    labelMismatch: labelSelector
      ? Object.freeze({
        eventSource: base.eventSource,
        eventName: base.eventName,
        namespace: base.namespace,
        emitted: false,
        reason: `labels do not match the selector ${labelSelector.toString()}`,
        dependencies: Object.freeze([]),
      })
      : undefined,
    metadata,
    broken: broken.length > 0 ? broken.join('; ') : undefined,
  };
}
