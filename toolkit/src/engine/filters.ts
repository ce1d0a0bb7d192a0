import { EngineError } from './errors';
import { ArgoEvent, EventContext } from './event';
import { EventView } from './event-view';
import { DataFilter, filterDataView } from './filter-data';
import { TemplateOptions } from './go-template';
import { ExprFilter, filterExprView } from './filter-expr';
import { FilterOutcome } from './filter-outcome';
import { TimeFilter, filterTime } from './filter-time';
import { runLuaFilter } from './lua';
import { upstreamMessage } from './upstream-errors';

/** The context fields a `filters.context` may pin; empty fields are not compared. */
export interface ContextFilter {
  readonly type?: string;
  readonly subject?: string;
  readonly source?: string;
  readonly datacontenttype?: string;
}

/** A dependency's `filters` (`EventDependencyFilter`). */
export interface EventDependencyFilter {
  readonly time?: TimeFilter | null;
  readonly context?: ContextFilter | null;
  readonly data?: readonly DataFilter[] | null;
  readonly exprs?: readonly ExprFilter[] | null;
  readonly dataLogicalOperator?: string;
  readonly exprLogicalOperator?: string;
  readonly script?: string;
}

/** The five filter kinds, in the order Argo Events evaluates them. */
export type FilterKind = 'exprs' | 'data' | 'context' | 'time' | 'script';

/** A dependency's filter verdict with the result of each kind that was evaluated. */
export interface DependencyFilterOutcome extends FilterOutcome {
  readonly parts: Partial<Record<FilterKind, FilterOutcome>>;
}

/** Go's zero `time.Time`, which an event without a time carries. */
const ZERO_TIME = new Date('0001-01-01T00:00:00Z');

/**
 * `filterContext`: every non-empty field among type, subject, source and datacontenttype must
 * equal the event's. No expected context passes; an event without context fails.
 */
export function filterContext(expected: ContextFilter | null | undefined, actual: EventContext | null | undefined): boolean {
  if (!expected) {
    return true;
  }
  if (!actual) {
    return false;
  }
  return (!expected.type || expected.type === actual.type)
    && (!expected.subject || expected.subject === actual.subject)
    && (!expected.source || expected.source === actual.source)
    && (!expected.datacontenttype || expected.datacontenttype === actual.datacontenttype);
}

/** `filterScript` on a plain event (see {@link filterScriptView}). */
export function filterScript(script: string | undefined, event: ArgoEvent | null): FilterOutcome {
  return filterScriptView(script, event ? new EventView(event) : null);
}

/**
 * A Lua filter: the payload, which must be a JSON object, is the global `event`; the filter passes
 * only when the chunk returns `true`. Syntax and runtime errors fail with an error.
 */
export function filterScriptView(script: string | undefined, view: EventView | null): FilterOutcome {
  if (!script) {
    return { pass: true };
  }
  if (!view) {
    return { pass: false, error: 'nil event' };
  }
  if (view.isNil) {
    return { pass: true };
  }
  if (!view.isValidJson()) {
    return { pass: false, error: 'event data is not valid JSON' };
  }
  const decoded = view.decode();
  if (decoded !== null && (typeof decoded !== 'object' || Array.isArray(decoded))) {
    return { pass: false, error: `json: cannot unmarshal ${goJsonKind(decoded)} into Go value of type map[string]interface {}` };
  }
  try {
    return { pass: runLuaFilter(script, decoded ?? {}) };
  } catch (e) {
    return { pass: false, error: upstreamMessage(e) };
  }
}

function goJsonKind(value: unknown): string {
  if (Array.isArray(value)) {
    return 'array';
  }
  return typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : 'bool';
}

/** `Filter(event, filter, operator)`: a dependency without filters passes everything. */
export function filterDependency(
  event: ArgoEvent, filter: EventDependencyFilter | null | undefined, filtersLogicalOperator: string | undefined,
  environment: TemplateOptions = {},
): DependencyFilterOutcome {
  if (!filter) {
    return { pass: true, parts: {} };
  }
  const outcome = filterEventView(filter, filtersLogicalOperator, new EventView(event), environment);
  return outcome.error !== undefined ? { ...outcome, pass: false } : outcome;
}

/** `filterEvent` on a plain event (see {@link filterEventView}). */
export function filterEvent(
  filter: EventDependencyFilter, filtersLogicalOperator: string | undefined, event: ArgoEvent,
  environment: TemplateOptions = {},
): DependencyFilterOutcome {
  return filterEventView(filter, filtersLogicalOperator, new EventView(event), environment);
}

/**
 * Evaluates all five filter kinds in upstream order (exprs, data, context, time, script).
 *
 * With `''`/`and`, the first exprs/data/time error ends evaluation with that error; the result is
 * the AND of all kinds, undefined kinds counting as true. With `or`, errors are collected and the
 * event passes when some *defined* kind passed (so `filters: {}` never passes). A script error
 * always fails the event.
 */
export function filterEventView(
  filter: EventDependencyFilter, filtersLogicalOperator: string | undefined, view: EventView,
  environment: TemplateOptions = {},
): DependencyFilterOutcome {
  const context = view.event.context;
  if (!context) {
    throw new EngineError('event has no context (Argo Events would dereference a nil pointer)');
  }
  const or = filtersLogicalOperator === 'or';
  const parts: Partial<Record<FilterKind, FilterOutcome>> = {};
  const errors: string[] = [];
  const fail = (kind: FilterKind, outcome: FilterOutcome): DependencyFilterOutcome | undefined => {
    parts[kind] = outcome;
    if (outcome.error === undefined) {
      return undefined;
    }
    if (!or) {
      return { pass: false, error: outcome.error, parts };
    }
    errors.push(outcome.error);
    return undefined;
  };

  const exprs = filterExprView(filter.exprs, filter.exprLogicalOperator, view);
  const stopAtExprs = fail('exprs', exprs);
  if (stopAtExprs) {
    return stopAtExprs;
  }
  const data = filterDataView(filter.data, filter.dataLogicalOperator, view, environment);
  const stopAtData = fail('data', data);
  if (stopAtData) {
    return stopAtData;
  }
  const ctx = filterContext(filter.context, context);
  parts.context = { pass: ctx };
  const time = filterTime(filter.time, context.time ?? ZERO_TIME);
  const stopAtTime = fail('time', time);
  if (stopAtTime) {
    return stopAtTime;
  }
  const script = filterScriptView(filter.script, view);
  parts.script = script;
  if (script.error !== undefined) {
    return { pass: false, error: script.error, parts };
  }

  if (or) {
    const pass = (filter.exprs != null && exprs.pass)
      || (filter.data != null && data.pass)
      || (filter.context != null && ctx)
      || (filter.time != null && time.pass)
      || (!!filter.script && script.pass);
    return errors.length > 0 ? { pass, error: errors.join(' / '), parts: definedParts(filter, parts) } : { pass, parts: definedParts(filter, parts) };
  }
  return { pass: exprs.pass && data.pass && ctx && time.pass && script.pass, parts: definedParts(filter, parts) };
}

/** Keeps only the kinds the dependency actually defines, so traces stay readable. */
function definedParts(
  filter: EventDependencyFilter, parts: Partial<Record<FilterKind, FilterOutcome>>,
): Partial<Record<FilterKind, FilterOutcome>> {
  const out: Partial<Record<FilterKind, FilterOutcome>> = {};
  if (filter.exprs != null && parts.exprs) {
    out.exprs = parts.exprs;
  }
  if (filter.data != null && parts.data) {
    out.data = parts.data;
  }
  if (filter.context != null && parts.context) {
    out.context = parts.context;
  }
  if (filter.time != null && parts.time) {
    out.time = parts.time;
  }
  if (filter.script && parts.script) {
    out.script = parts.script;
  }
  return out;
}
