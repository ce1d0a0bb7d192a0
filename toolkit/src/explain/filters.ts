import { compileGoRegexp } from '../engine/compile-cache';
import { GoRegexp } from '../engine/go-regexp';
import { Json, arrayOf, isObject, objectOf, shown, textOf } from './json';
import { WatchedApplication, recognizeExpr } from './compiled-exprs';
import { describeLuaScript, recognizeScript } from './lua-scripts';
import { anchoredLiteralText } from './regex-literal';
import { SourceEvent, resourceEventTypes } from './target';

/** A dependency's filters in plain words. */
export interface FilterExplanation {
  /** Resource event types that pass; empty for events of other sources. */
  readonly eventTypes: string[];
  /** The object name the filters pin, when they pin exactly one. */
  readonly name?: string;
  readonly conditions: string[];
  readonly problems: string[];
}

const RESOURCE_EVENT_TYPES = ['ADD', 'UPDATE', 'DELETE'];
const LOGICAL_OPERATORS = new Set(['', 'and', 'or']);

/**
 * Describes a dependency's transform and filters. On a resource event, a data filter on `type`
 * becomes the event types and an anchored literal on `body.metadata.name` the object name, as
 * long as every filter must hold (with `or`, neither narrows anything on its own).
 */
export function describeFilters(dependency: Json, source: SourceEvent | undefined): FilterExplanation {
  const filters = objectOf(dependency.filters);
  const problems: string[] = [];
  const conditions: string[] = [];
  const resource = source?.type === 'resource' ? source.spec : undefined;
  let eventTypes = resource !== undefined ? resourceEventTypes(resource) : [];

  const transform = objectOf(dependency.transform);
  if (textOf(transform.jq) !== undefined) {
    conditions.push(`transformed first by jq: ${shown(transform.jq)}`);
  } else if (textOf(transform.script) !== undefined) {
    conditions.push(`transformed first by a ${describeLuaScript(shown(transform.script))}`);
  }

  const operator = logicalOperator(filters.filtersLogicalOperator, 'filtersLogicalOperator', problems);
  const dataOperator = logicalOperator(filters.dataLogicalOperator, 'dataLogicalOperator', problems);
  const exprOperator = logicalOperator(filters.exprLogicalOperator, 'exprLogicalOperator', problems);
  const allMustHold = operator !== 'or';

  let name: string | undefined;
  const data: string[] = [];
  for (const raw of arrayOf(filters.data)) {
    const filter = objectOf(raw);
    if (resource !== undefined && allMustHold && dataOperator !== 'or') {
      const types = typesPassing(filter);
      if (types !== undefined) {
        eventTypes = eventTypes.filter((t) => types.includes(t));
        continue;
      }
      const pinned = pinnedName(filter);
      if (pinned !== undefined && name === undefined) {
        name = pinned;
        continue;
      }
    }
    data.push(describeData(filter));
  }
  const watched = { namespace: resource !== undefined ? textOf(resource.namespace) : undefined, name };
  const exprs = arrayOf(filters.exprs).map((raw) => describeExpr(objectOf(raw), watched));

  const groups: string[][] = [];
  groups.push(dataOperator === 'or' ? anyOf(data) : data);
  groups.push(exprOperator === 'or' ? anyOf(exprs) : exprs);
  if (isObject(filters.context)) {
    groups.push([describeContext(filters.context)]);
  }
  if (isObject(filters.time)) {
    groups.push([describeTime(filters.time)]);
  }
  const script = textOf(filters.script);
  if (script !== undefined) {
    groups.push([recognizeScript(script, watched) ?? describeLuaScript(script)]);
  }
  const described = groups.filter((g) => g.length > 0);
  if (allMustHold) {
    conditions.push(...described.flat());
  } else if (described.length === 0) {
    conditions.push('never passes (filtersLogicalOperator "or" with no filters)');
    problems.push('filtersLogicalOperator is "or" but no filter is defined, so no event ever passes');
  } else {
    conditions.push(...anyOf(described.map((g) => g.join(' and '))));
  }

  if (resource !== undefined && eventTypes.length === 0) {
    problems.push(resourceEventTypes(resource).length === 0
      ? `EventSource event ${source?.name} watches no event types, so the hook never fires`
      : 'no event type the EventSource delivers passes the filter on type, so the hook never fires');
  }
  return { eventTypes, ...(name !== undefined ? { name } : {}), conditions, problems };
}

function logicalOperator(value: unknown, field: string, problems: string[]): string {
  const operator = value === undefined || value === null ? '' : shown(value);
  if (!LOGICAL_OPERATORS.has(operator)) {
    problems.push(`${field} "${operator}" is not "and" or "or", so the controller rejects the Sensor`);
  }
  return operator;
}

/** One entry stating that any of `items` suffices (none when there are none). */
function anyOf(items: string[]): string[] {
  if (items.length <= 1) {
    return items;
  }
  return [`any of: ${items.join('; or ')}`];
}

/**
 * Which resource event types a data filter on `type` lets through, by running its regexes on
 * each; `undefined` when it is not such a filter or cannot be evaluated here.
 */
function typesPassing(filter: Json): string[] | undefined {
  const comparator = filter.comparator === undefined ? '' : filter.comparator;
  if (filter.path !== 'type' || filter.type !== 'string' || filter.template !== undefined
    || !['', '=', '!='].includes(comparator as string)) {
    return undefined;
  }
  const values = arrayOf(filter.value);
  if (values.length === 0 || values.some((v) => typeof v !== 'string' || v === '')) {
    return undefined;
  }
  let regexps: GoRegexp[];
  try {
    regexps = (values as string[]).map((v) => compileGoRegexp(v));
  } catch {
    return undefined;
  }
  return RESOURCE_EVENT_TYPES.filter((t) => (comparator === '!=' ? regexps.some((r) => !r.test(t)) : regexps.some((r) => r.test(t))));
}

/** The name a data filter `body.metadata.name` matching one anchored literal pins. */
function pinnedName(filter: Json): string | undefined {
  const comparator = filter.comparator === undefined ? '' : filter.comparator;
  const values = arrayOf(filter.value);
  if (filter.path !== 'body.metadata.name' || filter.type !== 'string' || filter.template !== undefined
    || (comparator !== '' && comparator !== '=') || values.length !== 1 || typeof values[0] !== 'string') {
    return undefined;
  }
  return anchoredLiteralText(values[0]);
}

function describeData(filter: Json): string {
  const path = shown(filter.path ?? '');
  const template = textOf(filter.template);
  const subject = template !== undefined ? `${path} through template ${template}` : path;
  const values = arrayOf(filter.value).map(shown);
  const comparator = filter.comparator === undefined || filter.comparator === null ? '' : shown(filter.comparator);
  switch (filter.type) {
    case 'string':
      if (comparator === '' || comparator === '=') {
        return `data: ${subject} matches ${values.join(' or ')}`;
      }
      if (comparator === '!=') {
        return values.length > 1
          ? `data: ${subject} does not match at least one of ${values.join(', ')}`
          : `data: ${subject} does not match ${values.join('')}`;
      }
      return `data: ${subject} ${comparator} ${values.join(' or ')} (never passes: strings compare with = or != only)`;
    case 'number':
      return `data: ${subject} ${comparator || '='} ${values.join(' or ')}`;
    case 'bool':
      return `data: ${subject} is ${values.join(' or ')}`;
    default:
      return `data: ${subject} with type "${shown(filter.type ?? '')}" (never passes: the type must be string, number or bool)`;
  }
}

function describeExpr(filter: Json, watched: WatchedApplication): string {
  const recognized = recognizeExpr(filter, watched);
  if (recognized !== undefined) {
    return recognized;
  }
  const expr = shown(filter.expr ?? '').replace(/\s+/g, ' ').trim();
  const fields = arrayOf(filter.fields).map((raw) => objectOf(raw));
  const pathOf = (name: string): string | undefined => {
    const field = fields.find((f) => f.name === name);
    return field === undefined ? undefined : shown(field.path ?? '');
  };
  const compared = /^(\w+) != (\w+)$/.exec(expr);
  if (compared !== null && fields.length === 2) {
    const paths = [pathOf(compared[1]), pathOf(compared[2])].sort();
    if (paths[0] === 'body.metadata.generation' && paths[1] === 'oldBody.metadata.generation') {
      return 'spec changed (generation)';
    }
  }
  const bound = fields.map((f) => `${shown(f.name ?? '')} = ${shown(f.path ?? '')}`).join(', ');
  return `expr: ${expr || '(empty)'}${bound === '' ? '' : ` with ${bound}`}`;
}

function describeContext(context: Json): string {
  const checked = ['type', 'subject', 'source', 'datacontenttype']
    .filter((k) => textOf(context[k]) !== undefined)
    .map((k) => `${k} = ${shown(context[k])}`);
  return checked.length > 0 ? `context: ${checked.join(', ')}` : 'context: (empty)';
}

function describeTime(time: Json): string {
  const start = shown(time.start ?? '');
  const stop = shown(time.stop ?? '');
  const zone = textOf(time.timezone) ?? 'UTC';
  return `time between ${start} and ${stop} ${zone}${stop < start ? ' (past midnight)' : ''}`;
}
