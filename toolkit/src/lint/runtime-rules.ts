import { ConditionsExpression, conditionNames, dependencyKey } from '../engine/conditions';
import { EngineError } from '../engine/errors';
import { GovaluateExpression } from '../engine/govaluate';
import { luaSyntaxError } from '../engine/lua';
import { ArgoEventsVersion, DEFAULT_ARGO_EVENTS_VERSION, DLQ_TRIGGER_SINCE } from './argo-events-version';
import { isEventSourceType } from './controller-rules';
import { Finding, FindingCollector, isRecord, pathJoin } from './finding';
import { isBlank, isSet, listOf, recordAt, recordOf, stringOf } from './json-values';
import { anchoredPattern, goRegexpError, isAnchoredPattern } from './regex-anchoring';

/**
 * Checks for mistakes the controllers accept but that break or weaken a Sensor, EventSource or
 * EventBus at runtime: errors where a trigger silently never fires, never runs or crashes the
 * Sensor, warnings where it may do something other than intended.
 */

/** Settings of the runtime checks. */
export interface RuntimeCheckOptions {
  /**
   * The Argo Events release the objects run on, `1.9.0` to `1.9.11`: fields it does not have are
   * dropped, so nothing inside them runs.
   * @default '1.9.0'
   */
  readonly argoEventsVersion?: string;
}

/** Runtime traps in a Sensor's dependencies and triggers. */
export function checkSensorRuntime(obj: unknown, options: RuntimeCheckOptions = {}): Finding[] {
  const version = ArgoEventsVersion.of(options.argoEventsVersion ?? DEFAULT_ARGO_EVENTS_VERSION);
  const out = new FindingCollector('Sensor', obj);
  const spec = recordAt(obj, 'spec');
  const dependencies = listOf(spec.dependencies);
  const dependencyNames = dependencies.map((d) => recordOf(d).name).filter((n): n is string => typeof n === 'string');
  checkDependencyNames(out, dependencies);
  dependencies.forEach((dependency, i) => {
    listOf(recordAt(dependency, 'filters').data).forEach((data, j) => {
      if (isRecord(data) && data.type === 'string') {
        checkDataFilterRegexes(out, data, pathJoin('spec.dependencies', i, 'filters', 'data', j));
      }
    });
    checkCode(out, recordOf(dependency), pathJoin('spec.dependencies', i));
  });
  listOf(spec.triggers).forEach((trigger, i) => {
    if (!isRecord(trigger)) {
      return;
    }
    const path = pathJoin('spec.triggers', i);
    const required = requiredDependencies(out, recordOf(trigger.template), dependencyNames, pathJoin(path, 'template'));
    checkTrigger(out, trigger, path, dependencyNames, required, version);
  });
  return out.findings;
}

/**
 * The Sensor wires trigger conditions to dependencies by name after
 * `strings.ReplaceAll(name, "-", "_")`, later dependencies winning, so names that are equal after
 * that replacement are one name to it.
 */
function checkDependencyNames(out: FindingCollector, dependencies: readonly unknown[]): void {
  const firstByKey = new Map<string, { name: string; index: number }>();
  dependencies.forEach((dependency, i) => {
    const name = recordOf(dependency).name;
    if (typeof name !== 'string' || name === '') {
      return;
    }
    const key = dependencyKey(name);
    const first = firstByKey.get(key);
    if (first === undefined) {
      firstByKey.set(key, { name, index: i });
      return;
    }
    const earlier = `${JSON.stringify(first.name)} (spec.dependencies[${first.index}])`;
    out.error('sensor/dependency-name-collision', pathJoin('spec.dependencies', i, 'name'), name === first.name
      ? `Dependency name ${JSON.stringify(name)} is also used by spec.dependencies[${first.index}]. Argo Events keeps one ` +
        `dependency per name, the later one, so the events of spec.dependencies[${first.index}] never fire a trigger ` +
        'and the triggers meant for it run on this dependency\'s events instead. Give every dependency its own name.'
      : `Dependency names ${JSON.stringify(name)} and ${earlier} are one name to Argo Events, which replaces "-" with ` +
        `"_" when it wires trigger conditions to dependencies (both become ${JSON.stringify(key)}, and the later ` +
        `dependency wins). So the events of ${JSON.stringify(first.name)} never fire its triggers, and those triggers ` +
        `run on the events of ${JSON.stringify(name)} instead, where parameters taken from ${JSON.stringify(first.name)} ` +
        'find no event (a Job name renders empty and the create fails on every retry). Rename one of them so that the ' +
        'names still differ after replacing "-" with "_".');
  });
}

/**
 * Lua scripts and govaluate expressions are compiled by the Sensor for every event, never by the
 * controller: one that does not compile fails its filter (or drops every event, for a transform)
 * silently, at run time.
 */
function checkCode(out: FindingCollector, dependency: Record<string, unknown>, path: string): void {
  const scripts: [unknown, string, string][] = [
    [recordAt(dependency, 'filters').script, pathJoin(path, 'filters', 'script'), 'filter, which then never passes'],
    [recordAt(dependency, 'transform').script, pathJoin(path, 'transform', 'script'), 'transform, which then drops every event'],
  ];
  for (const [script, at, effect] of scripts) {
    const error = typeof script === 'string' && script.trim() !== '' ? luaSyntaxError(script) : undefined;
    if (error !== undefined) {
      out.error('sensor/lua-syntax', at,
        `The Lua script does not compile (${error}). Argo Events compiles it for every event, with gopher-lua (Lua 5.1), and ` +
        `fails the ${effect}; the controller does not check it. Fix the script (resource-hooks simulate runs it).`);
    }
  }
  listOf(recordAt(dependency, 'filters').exprs).forEach((filter, k) => {
    const expr = recordOf(filter).expr;
    if (typeof expr !== 'string' || expr.trim() === '') {
      return;
    }
    try {
      GovaluateExpression.parse(expr);
    } catch (e) {
      out.error('sensor/expr-syntax', pathJoin(path, 'filters', 'exprs', k, 'expr'),
        `The expression ${JSON.stringify(expr)} does not parse (${(e as Error).message}). Argo Events parses it with ` +
        'govaluate for every event and fails the filter; the controller does not check it. Fix the expression.');
    }
  });
}

/** String data filter values are Go regular expressions, compiled for every event. */
function checkDataFilterRegexes(out: FindingCollector, data: Record<string, unknown>, path: string): void {
  listOf(data.value).forEach((value, k) => {
    if (typeof value !== 'string' || value === '') {
      return;
    }
    const at = pathJoin(path, 'value', k);
    const error = goRegexpError(value);
    if (error !== undefined) {
      out.error('sensor/data-filter-regex', at,
        `The value ${JSON.stringify(value)} of a string data filter is a Go regular expression, and it does not compile ` +
        `(${error}). The controller does not check it; the filter fails with that error on every event, so it never ` +
        'passes. Fix the pattern (escape metacharacters such as ( [ . * + ? with a backslash to match them literally).');
    } else if (typeof data.path === 'string' && NAME_PATH.test(data.path)) {
      checkNameRegex(out, 'sensor/unanchored-name-regex', value, at, data.path);
    }
  });
}

/** Runtime traps in an EventSource: resource filters and backoffs. */
export function checkEventSourceRuntime(obj: unknown): Finding[] {
  const out = new FindingCollector('EventSource', obj);
  const spec = recordAt(obj, 'spec');
  for (const [type, events] of Object.entries(spec)) {
    if (!isEventSourceType(type) || !isRecord(events)) {
      continue;
    }
    for (const [name, source] of Object.entries(events)) {
      if (!isRecord(source)) {
        continue;
      }
      const path = pathJoin('spec', type, name);
      checkBackoff(out, source.connectionBackoff, pathJoin(path, 'connectionBackoff'));
      if (type === 'resource') {
        checkResourceEvent(out, source, path);
      }
    }
  }
  return out.findings;
}

/** Runtime traps in an EventBus. */
export function checkEventBusRuntime(obj: unknown): Finding[] {
  const out = new FindingCollector('EventBus', obj);
  if (isSet(recordAt(obj, 'spec').nats)) {
    out.warning('eventbus/nats-streaming', 'spec.nats',
      'NATS Streaming (spec.nats) is deprecated and no longer maintained upstream; it also rejects two Sensor ' +
      'dependencies on the same event. Use spec.jetstream with a pinned version instead.');
  }
  return out.findings;
}

// ---------------------------------------------------------------------------------------------
// Conditions

/**
 * Checks `template.conditions` and returns the dependencies whose events are always there when the
 * trigger fires: all of them without conditions, otherwise those the expression cannot do without
 * (not `b` in `a || b`, nor a dependency it does not name). Returns `undefined` when the conditions
 * are broken (the trigger never fires, so nothing else about its events matters).
 */
function requiredDependencies(
  out: FindingCollector, template: Record<string, unknown>, dependencyNames: readonly string[], path: string,
): ReadonlySet<string> | undefined {
  const text = template.conditions;
  if (typeof text !== 'string' || text === '') {
    return new Set(dependencyNames);
  }
  let expression: ConditionsExpression;
  try {
    expression = ConditionsExpression.parse(text, dependencyNames);
  } catch (e) {
    if (!(e instanceof EngineError)) {
      throw e;
    }
    reportBrokenConditions(out, text, dependencyNames, pathJoin(path, 'conditions'));
    return undefined;
  }
  return new Set(expression.dependencies.filter((name) => !expression.evaluate((d) => d !== name)));
}

function reportBrokenConditions(out: FindingCollector, text: string, dependencyNames: readonly string[], path: string): void {
  const mentioned = conditionNames(text);
  try {
    // Parsing against the names it mentions separates syntax errors from unknown names.
    ConditionsExpression.parse(text, mentioned);
  } catch (e) {
    out.error('sensor/conditions-syntax', path,
      `${(e as Error).message}. The trigger never fires. Write dependency names joined with && and ||, e.g. "a && (b || c)".`);
    return;
  }
  const defined = new Set(dependencyNames.map(dependencyKey));
  for (const name of mentioned.filter((n) => !defined.has(dependencyKey(n)))) {
    out.error('sensor/conditions-unknown-dependency', path,
      `The conditions name ${JSON.stringify(name)}, which is not a dependency of this Sensor; the trigger logs an ` +
      `error and never fires (the controller does not check this). Use one of: ${dependencyNames.join(', ') || '(none)'}.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Triggers

// Trigger types whose payload is built by the same upstream function, which does not handle an
// absent dependency.
const PAYLOAD_TYPES = ['http', 'awsLambda', 'kafka', 'nats', 'openWhisk', 'pulsar', 'azureEventHubs', 'azureServiceBus', 'custom'];

const RATE_LIMIT_UNITS = 'Second, Minute or Hour';

/** `required`: the dependencies always present when the trigger fires; `undefined` when the conditions are broken. */
function checkTrigger(
  out: FindingCollector, trigger: Record<string, unknown>, path: string, dependencyNames: readonly string[],
  required: ReadonlySet<string> | undefined, version: ArgoEventsVersion,
): void {
  const template = recordOf(trigger.template);
  const templatePath = pathJoin(path, 'template');
  const retryStrategy = trigger.retryStrategy;
  if (isSet(retryStrategy) && trigger.atLeastOnce !== true) {
    out.warning('sensor/retry-without-at-least-once', pathJoin(path, 'retryStrategy'),
      'retryStrategy has no effect without atLeastOnce: true: the trigger runs in the background, the event is ' +
      'acknowledged at once and a failure is never retried. Add atLeastOnce: true to the trigger.');
  }
  checkBackoff(out, retryStrategy, pathJoin(path, 'retryStrategy'));
  const policy = recordOf(trigger.policy);
  checkBackoff(out, recordAt(policy.k8s, 'backoff'), pathJoin(path, 'policy', 'k8s', 'backoff'));
  checkRateLimit(out, trigger.rateLimit, pathJoin(path, 'rateLimit'));
  if (isSet(template.http) && !isSet(policy.status)) {
    out.warning('sensor/http-without-status-policy', pathJoin(path, 'policy', 'status'),
      'Without policy.status every HTTP response counts as success, including 4xx and 5xx, so failures are never ' +
      'retried or reported. Add policy: {status: {allow: [200, 201, 202, 204]}}.');
  }
  if (required !== undefined) {
    for (const type of PAYLOAD_TYPES) {
      checkPayload(out, recordAt(template, type).payload, pathJoin(templatePath, type, 'payload'), dependencyNames, required);
    }
  }
  checkK8sCreate(out, trigger, template, templatePath);
  const slack = recordOf(template.slack);
  if (listOf(slack.parameters).length > 0) {
    out.warning('sensor/slack-parameters-ignored', pathJoin(templatePath, 'slack', 'parameters'),
      'slack.parameters are applied and then ignored: the Slack trigger sends the template as written. Move them ' +
      'to the trigger-level parameters with dests such as slack.message or slack.channel.');
  }
  if (isSet(recordOf(template.log).intervalSeconds)) {
    out.warning('sensor/log-interval-ignored', pathJoin(templatePath, 'log', 'intervalSeconds'),
      'log.intervalSeconds has no effect: every execution creates a new log trigger, so each event is logged. ' +
      'Remove it.');
  }
  checkBackoff(out, recordOf(template.pulsar).connectionBackoff, pathJoin(templatePath, 'pulsar', 'connectionBackoff'));
  // The dead-letter trigger runs with the same events; releases before 1.9.3 drop it unread.
  if (isRecord(trigger.dlqTrigger) && version.atLeast(DLQ_TRIGGER_SINCE)) {
    checkTrigger(out, trigger.dlqTrigger, pathJoin(path, 'dlqTrigger'), dependencyNames, required, version);
  }
}

function checkRateLimit(out: FindingCollector, rateLimit: unknown, path: string): void {
  if (!isRecord(rateLimit)) {
    return;
  }
  const requests = rateLimit.requestsPerUnit;
  if (!isSet(requests) || (typeof requests === 'number' && requests <= 0)) {
    out.error('sensor/rate-limit-requests', pathJoin(path, 'requestsPerUnit'),
      `rateLimit ${isSet(requests) ? `has requestsPerUnit: ${String(requests)}` : 'has no requestsPerUnit'}: the ` +
      'rate limiter divides by it, so the Sensor panics when it starts. Set a positive requestsPerUnit (and unit: ' +
      `${RATE_LIMIT_UNITS}), or remove rateLimit.`);
  }
}

/** Backoff `duration` as a JSON integer means nanoseconds. */
function checkBackoff(out: FindingCollector, backoff: unknown, path: string): void {
  const duration = recordOf(backoff).duration;
  if (typeof duration === 'number' && Number.isInteger(duration)) {
    out.warning('backoff/integer-duration', pathJoin(path, 'duration'),
      `duration: ${duration} is read as ${duration} nanoseconds, so the retries follow each other almost at once. ` +
      `Write a Go duration string such as "${duration}s" or "500ms".`);
  }
}

function checkPayload(
  out: FindingCollector, payload: unknown, path: string, dependencyNames: readonly string[], required: ReadonlySet<string>,
): void {
  listOf(payload).forEach((entry, i) => {
    const src = recordAt(entry, 'src');
    const dependency = src.dependencyName;
    if (typeof dependency !== 'string' || dependency === '' || required.has(dependency) || isSet(src.value)) {
      return;
    }
    const why = dependencyNames.includes(dependency)
      ? `The trigger can fire without an event from ${JSON.stringify(dependency)} (its conditions do not require it)`
      : `${JSON.stringify(dependency)} is not a dependency of this Sensor, so its event is never there`;
    out.warning('sensor/payload-without-value', pathJoin(path, i, 'src'),
      `${why}, and this payload entry has no value to fall back on: building the payload then dereferences a nil ` +
      'value and the Sensor crashes. Add src.value as a default, or name a dependency the conditions require.');
  });
}

/** A k8s create of an object with a fixed name fails with AlreadyExists from the second event on. */
function checkK8sCreate(
  out: FindingCollector, trigger: Record<string, unknown>, template: Record<string, unknown>, path: string,
): void {
  const k8s = template.k8s;
  if (!isRecord(k8s) || (!isBlank(k8s.operation) && k8s.operation !== 'create')) {
    return;
  }
  const metadata = recordAt(recordAt(k8s.source, 'resource'), 'metadata');
  const name = metadata.name;
  if (typeof name !== 'string' || name === '') {
    return;
  }
  // Writing the name from the event (e.g. a hash of uid and generation) is the idempotent form.
  const setsName = listOf(trigger.parameters).some((p) => stringOf(recordOf(p).dest) === 'k8s.source.resource.metadata.name') ||
    listOf(k8s.parameters).some((p) => stringOf(recordOf(p).dest) === 'metadata.name');
  if (!setsName) {
    out.warning('sensor/k8s-create-fixed-name', pathJoin(path, 'k8s', 'source', 'resource', 'metadata', 'name'),
      `The trigger creates an object with the fixed name ${JSON.stringify(name)}: the first event creates it and ` +
      'every later one fails with AlreadyExists. Use metadata.generateName for one object per event, derive the ' +
      'name from the event with a parameter (dest: metadata.name) to create it once per change, or use operation: ' +
      'update or patch to keep a single object.');
  }
}

// ---------------------------------------------------------------------------------------------
// Resource event sources

// gjson paths that select an object's name.
const NAME_PATH = /(^|\.)metadata\.name$/;

function checkResourceEvent(out: FindingCollector, source: Record<string, unknown>, path: string): void {
  const filter = recordOf(source.filter);
  listOf(filter.fields).forEach((field, i) => {
    if (!isRecord(field)) {
      return;
    }
    const at = pathJoin(path, 'filter', 'fields', i);
    const operation = field.operation;
    if (isBlank(operation) || (typeof operation === 'string' && !FIELD_OPERATIONS.has(operation))) {
      out.error('eventsource/field-filter-operation', pathJoin(at, 'operation'),
        (isBlank(operation)
          ? 'The field filter has no operation, and a field filter without one drops every event (it does not ' +
            'default to ==). '
          : `Field filter operation ${JSON.stringify(operation)} is not supported, so the filter drops every event. `) +
        'Set operation to == (the value matches) or != (it does not).');
    }
    const value = field.value;
    const error = typeof value === 'string' ? goRegexpError(value) : undefined;
    if (error !== undefined) {
      out.error('eventsource/field-filter-regex', pathJoin(at, 'value'),
        `The field filter value ${JSON.stringify(value)} is a Go regular expression, and it does not compile (${error}). ` +
        'The controller does not check it; the EventSource logs "invalid regex" and drops every event of this ' +
        'resource. Fix the pattern (escape metacharacters such as ( [ . * + ? with a backslash to match them literally).');
    } else if (typeof field.key === 'string' && NAME_PATH.test(field.key)) {
      checkNameRegex(out, 'eventsource/unanchored-name-regex', value, pathJoin(at, 'value'), field.key);
    }
  });
  listOf(source.eventTypes).forEach((type, i) => {
    if (typeof type === 'string' && !EVENT_TYPES.has(type)) {
      const meant = EVENT_TYPE_MEANT.get(type.toUpperCase());
      out.error('eventsource/unknown-event-type', pathJoin(path, 'eventTypes', i),
        `Event type ${JSON.stringify(type)} is not one of Argo Events' ADD, UPDATE and DELETE (in capitals; the ` +
        'Kubernetes watch words ADDED, MODIFIED and DELETED are not accepted). The controller does not check it, but ' +
        `the EventSource fails to start this event with "unknown event type: ${type}" before it registers any ` +
        'handler, so the event watches nothing, not even the other types listed, and after its retries it is given ' +
        `up. ${meant === undefined ? 'Use ADD, UPDATE or DELETE.' : `Use ${meant}.`}`);
    }
    if (type === 'ADD' && filter.afterStart !== true) {
      out.warning('eventsource/add-without-after-start', pathJoin(path, 'eventTypes', i),
        'On every start and leader change the EventSource lists the watched objects and emits an ADD for each one ' +
        'that exists, so the hooks run again for old objects. Set filter.afterStart: true to emit only objects ' +
        'created after the EventSource started.');
    }
  });
}

const FIELD_OPERATIONS = new Set(['=', '==', '!=']);

const EVENT_TYPES = new Set(['ADD', 'UPDATE', 'DELETE']);

// What a wrong event type most likely meant, by its upper-case spelling.
const EVENT_TYPE_MEANT = new Map([
  ...['ADD', 'ADDED', 'CREATE', 'CREATED'].map((t): [string, string] => [t, 'ADD']),
  ...['UPDATE', 'UPDATED', 'MODIFIED', 'MODIFY', 'CHANGED'].map((t): [string, string] => [t, 'UPDATE']),
  ...['DELETE', 'DELETED', 'REMOVED'].map((t): [string, string] => [t, 'DELETE']),
]);

/**
 * Name regexes are matched unanchored, so `web` also matches `web-canary`. A pattern counts as
 * anchored when each alternative starts with `^` and ends with `$` (or is `.*` there on purpose).
 * Only patterns that compile get here, and the suggested fix is checked to compile too.
 */
function checkNameRegex(out: FindingCollector, rule: string, value: unknown, path: string, key: string): void {
  if (typeof value !== 'string' || isAnchoredPattern(value)) {
    return;
  }
  const anchored = anchoredPattern(value);
  out.warning(rule, path,
    `The regular expression ${JSON.stringify(value)} for ${key} is matched anywhere in the name, so it also ` +
    'matches names that merely contain it. ' + (anchored === undefined
      ? 'No anchored form of it compiles; rewrite it to match the whole name, from ^ to $.'
      : `Anchor it: ${JSON.stringify(anchored)}.`));
}
