import { KindIndex } from './kinds';
import { Json, arrayOf, isObject, objectOf, shown, textOf } from './json';
import { TargetExplanation } from './model';
import { anchoredLiteralText } from './regex-literal';

/** One event of an EventSource: its type (`resource`, `webhook`, …) and its spec. */
export interface SourceEvent {
  readonly type: string;
  readonly name: string;
  readonly spec: Json;
}

/** Top-level EventSource spec fields that are not event types. */
const NOT_SOURCES = new Set(['template', 'service', 'eventBusName', 'replicas']);

/** The event `eventName` of an EventSource (names are unique across its types). */
export function findEvent(eventSource: Json, eventName: string): SourceEvent | undefined {
  for (const [type, events] of Object.entries(objectOf(eventSource.spec))) {
    if (NOT_SOURCES.has(type) || !isObject(events)) {
      continue;
    }
    const spec = Object.prototype.hasOwnProperty.call(events, eventName) ? events[eventName] : undefined;
    if (isObject(spec)) {
      return { type, name: eventName, spec };
    }
  }
  return undefined;
}

/** Event types a resource event delivers (`eventTypes`, as written). */
export function resourceEventTypes(spec: Json): string[] {
  return arrayOf(spec.eventTypes).map(shown);
}

/** A target, and what is wrong with it. */
export interface TargetOutcome {
  readonly target: TargetExplanation;
  readonly problems: string[];
}

/**
 * Describes what a dependency listens to. `name` is the object name the dependency's own filters
 * pin, if any.
 */
export function describeTarget(event: SourceEvent | undefined, kinds: KindIndex, name?: string): TargetOutcome {
  if (event === undefined) {
    return { target: { description: 'an event not in the given manifests' }, problems: [] };
  }
  if (event.type === 'resource') {
    return describeResource(event.spec, kinds, name);
  }
  return { target: { source: event.type, description: describeOtherSource(event) }, problems: [] };
}

function describeResource(spec: Json, kinds: KindIndex, dependencyName?: string): TargetOutcome {
  const problems: string[] = [];
  const group = typeof spec.group === 'string' ? spec.group : '';
  const version = textOf(spec.version) ?? '';
  const resource = textOf(spec.resource) ?? '';
  const namespace = typeof spec.namespace === 'string' ? spec.namespace : '';
  const kind = kinds.kindOf(group, resource);
  const filter = objectOf(spec.filter);

  const fieldFilters: string[] = [];
  let fieldName: string | undefined;
  for (const raw of arrayOf(filter.fields)) {
    const field = objectOf(raw);
    const fieldKey = shown(field.key ?? '');
    const value = shown(field.value ?? '');
    const operation = typeof field.operation === 'string' ? field.operation : '';
    if (operation === '=' || operation === '==') {
      fieldFilters.push(`field ${fieldKey} matches ${value}`);
      if (fieldKey === 'metadata.name') {
        fieldName = anchoredLiteralText(value) ?? fieldName;
      }
    } else if (operation === '!=') {
      fieldFilters.push(`field ${fieldKey} does not match ${value}`);
    } else {
      fieldFilters.push(`field ${fieldKey} with operation "${operation}" (drops every event)`);
      problems.push(`field filter on ${fieldKey} has ${operation === '' ? 'no operation' : `operation "${operation}"`}, so the EventSource drops every event; use "==" or "!="`);
    }
  }
  const requirements = arrayOf(filter.labels).map((raw) => labelRequirement(objectOf(raw)));
  const selector = requirements.join(',');
  const prefix = textOf(filter.prefix);
  const ignoresExisting = filter.afterStart === true;
  const createdBefore = textOf(filter.createdBy);
  const name = dependencyName ?? fieldName;

  const what = kind !== undefined ? kind : `object of ${resource || '<no resource>'}`;
  const api = `${group === '' ? '' : `${group}/`}${version || '<no version>'} ${resource || '<no resource>'}`;
  const parts = [
    `${name !== undefined ? `${what} ${name}` : `any ${what}`} ${namespace === '' ? 'in all namespaces' : `in namespace ${namespace}`} (${api})`,
  ];
  if (selector !== '') {
    parts.push(`labels ${requirements.join(', ')}`);
  }
  if (prefix !== undefined) {
    parts.push(`name starts with ${prefix}`);
  }
  parts.push(...fieldFilters);
  if (createdBefore !== undefined) {
    parts.push(`created before ${createdBefore}`);
  }
  if (ignoresExisting) {
    parts.push('ignores objects existing at start');
  }
  const target: TargetExplanation = {
    source: 'resource',
    ...(kind !== undefined ? { kind } : {}),
    group,
    version,
    resource,
    namespace,
    ...(name !== undefined ? { name } : {}),
    ...(selector !== '' ? { selector } : {}),
    ...(prefix !== undefined ? { prefix } : {}),
    ...(fieldFilters.length > 0 ? { fieldFilters } : {}),
    ...(ignoresExisting ? { ignoresExisting } : {}),
    ...(createdBefore !== undefined ? { createdBefore } : {}),
    description: parts.join(', '),
  };
  return { target, problems };
}

/** A label requirement in selector syntax; an empty operation means `=`. */
function labelRequirement(label: Json): string {
  const labelKey = shown(label.key ?? '');
  const operation = typeof label.operation === 'string' && label.operation !== '' ? label.operation : '=';
  const value = shown(label.value ?? '');
  switch (operation) {
    case 'exists':
      return labelKey;
    case '!':
      return `!${labelKey}`;
    case 'in':
    case 'notin':
      return `${labelKey} ${operation} (${value})`;
    case 'gt':
      return `${labelKey}>${value}`;
    case 'lt':
      return `${labelKey}<${value}`;
    default:
      return `${labelKey}${operation}${value}`;
  }
}

function describeOtherSource(event: SourceEvent): string {
  const spec = event.spec;
  if (event.type === 'webhook') {
    const method = textOf(spec.method) ?? 'POST';
    const port = shown(spec.port ?? '');
    const endpoint = shown(spec.endpoint ?? '');
    return `webhook event ${event.name} (${method} :${port}${endpoint})`;
  }
  if (event.type === 'calendar') {
    const schedule = textOf(spec.schedule);
    const interval = textOf(spec.interval);
    if (schedule !== undefined) {
      return `calendar event ${event.name} (cron ${schedule}${textOf(spec.timezone) !== undefined ? ` ${shown(spec.timezone)}` : ''})`;
    }
    return `calendar event ${event.name}${interval !== undefined ? ` (every ${interval})` : ''}`;
  }
  return `${event.type} event ${event.name}`;
}
