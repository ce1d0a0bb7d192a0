import { cronError } from '../engine/cron';
import { quoteGo } from '../engine/go-format';
import { isLoadableLocation, zonedFields } from '../engine/time-zone';
import {
  ArgoEventsVersion, DEFAULT_ARGO_EVENTS_VERSION, DLQ_TRIGGER_SINCE, HTTP_PAYLOAD_EMPTY_DEST_SINCE,
  TIME_FILTER_TIMEZONE_SINCE,
} from './argo-events-version';
import { Finding, FindingCollector, isRecord, pathJoin } from './finding';
import { parseGoClock } from './go-clock';
import { isBlank, isEmptyList, isSet, listOf, recordAt, recordOf, stringOf } from './json-values';

/**
 * The checks the Argo Events controllers run on reconcile (and the optional validating webhook at
 * admission), as of one release. The CRDs carry no schema, so the API server stores anything; when
 * a check fails the controller only sets a condition on the object and the existing Deployment
 * keeps running the previous spec, which makes these mistakes easy to miss after a sync.
 *
 * Every finding carries the error the controller reports (`controllerError`), and the findings of
 * one object come in the order the controller checks, so the first one is the error the
 * controller (and `argo-events lint`) shows. Unlike the controller, which stops at the first
 * problem, every problem is reported. Checks that need a live cluster (the EventBus exists and is
 * ready) are not made here. Values of the wrong JSON type are left to the schema check: a rule
 * only fires on values the controller could decode.
 */

const API_VERSION = 'argoproj.io/v1alpha1';

/** Context for {@link validateManifest}. */
export interface ControllerValidationOptions {
  /**
   * The EventBus the Sensor uses (`spec.eventBusName`, default `default`, in the Sensor's
   * namespace). Only its type matters: on a NATS Streaming bus (`spec.nats`) two dependencies may
   * not name the same event. Without it that check is skipped.
   */
  readonly eventBus?: unknown;
  /**
   * The Argo Events release whose controller rules apply, `1.9.0` to `1.9.11`.
   * @default '1.9.0' - the oldest supported release
   * @throws Error for an unsupported release
   */
  readonly argoEventsVersion?: string;
  /**
   * The controller's clock. Only the text of time filter errors depends on it: the controller
   * parses `start` and `stop` after today's date and its parse error quotes that date.
   * @default - the current time
   */
  readonly now?: Date;
}

/** What the checks of one object share. */
interface Check {
  readonly out: FindingCollector;
  readonly version: ArgoEventsVersion;
  readonly now: Date;
}

function check(kind: string, obj: unknown, options: ControllerValidationOptions): Check {
  return {
    out: new FindingCollector(kind, obj),
    version: ArgoEventsVersion.of(options.argoEventsVersion ?? DEFAULT_ARGO_EVENTS_VERSION),
    now: options.now ?? new Date(),
  };
}

/** The Sensor controller's validation of `spec.dependencies` and `spec.triggers`. */
export function validateSensor(obj: unknown, options: ControllerValidationOptions = {}): Finding[] {
  const c = check('Sensor', obj, options);
  const spec = recordAt(obj, 'spec');
  const natsStreamingBus = isSet(recordAt(options.eventBus, 'spec').nats);
  checkDependencies(c, spec.dependencies, natsStreamingBus);
  checkTriggers(c, spec.triggers);
  return c.out.findings;
}

/** The EventSource controller's validation: event names, deployment strategies, resource events. */
export function validateEventSource(obj: unknown, options: ControllerValidationOptions = {}): Finding[] {
  const { out } = check('EventSource', obj, options);
  const spec = recordAt(obj, 'spec');
  const firstPathOfName = new Map<string, string>();
  const recreate: string[] = [];
  const rolling: string[] = [];
  // Document order, so that the second occurrence of a name is the one reported. (The controller
  // walks Go maps, so with several problems the one it reports first varies from run to run.)
  for (const [type, events] of Object.entries(spec)) {
    const strategy = EVENT_SOURCE_TYPES.get(type);
    if (strategy === undefined || !isRecord(events) || Object.keys(events).length === 0) {
      continue;
    }
    (strategy === 'recreate' ? recreate : rolling).push(type);
    for (const [eventName, source] of Object.entries(events)) {
      const path = pathJoin('spec', type, eventName);
      const first = firstPathOfName.get(eventName);
      if (first === undefined) {
        firstPathOfName.set(eventName, path);
      } else {
        out.rejected('eventsource/duplicate-event-name', path,
          `Event name ${JSON.stringify(eventName)} is already used at ${first}; event names must be unique across all ` +
          'event types of an EventSource, so the controller rejects it. Rename one of them (and the Sensor dependencies that use it).',
          `more than one ${quoteGo(eventName)} found in the spec`);
      }
      if (type === 'resource') {
        checkResourceEvent(out, source, path);
      }
    }
  }
  if (recreate.length > 0 && rolling.length > 0) {
    out.rejected('eventsource/mixed-deployment-strategies', 'spec',
      `This EventSource mixes event types that run active-passive with a Recreate deployment (${recreate.join(', ')}) and ` +
      `types that run active-active with a RollingUpdate deployment (${rolling.join(', ')}); the controller rejects that. ` +
      'Split them into two EventSources.',
      'event sources with rolling update and recreate update strategy can not be put together');
  }
  return out.findings;
}

/** The EventBus controller's validation of the bus type and its required settings. */
export function validateEventBus(obj: unknown, options: ControllerValidationOptions = {}): Finding[] {
  const { out } = check('EventBus', obj, options);
  const spec = recordAt(obj, 'spec');
  const types = EVENT_BUS_TYPES.filter((t) => isSet(spec[t]));
  if (types.length === 0) {
    out.rejected('eventbus/no-type', 'spec',
      'The EventBus defines no bus type, so the controller rejects it. Set exactly one of spec.jetstream ' +
      '(recommended), spec.kafka, spec.jetstreamExotic or spec.nats.',
      'invalid spec: either "nats", "jetstream", "jetstreamExotic", or "kafka" needs to be specified');
  }
  // Not rejected: the controller silently installs only the first type in the order nats,
  // jetstream, kafka, jetstreamExotic and ignores the rest.
  for (const ignored of types.slice(1)) {
    out.warning('eventbus/multiple-types', pathJoin('spec', ignored),
      `The EventBus defines several bus types (${types.join(', ')}); the controller uses only ${types[0]} and ignores ` +
      `spec.${ignored}. Keep exactly one.`);
  }
  const nats = spec.nats;
  if (isRecord(nats)) {
    if (isSet(nats.native) && isSet(nats.exotic)) {
      out.rejected('eventbus/nats-native-and-exotic', 'spec.nats',
        'spec.nats sets both native and exotic; the controller rejects that. Keep only one of them.',
        '"spec.nats.native" and "spec.nats.exotic" can not be defined together');
    } else if (!isSet(nats.native) && !isSet(nats.exotic)) {
      out.rejected('eventbus/nats-missing-mode', 'spec.nats',
        'spec.nats sets neither native nor exotic, so the controller rejects it. Set one of them, or better, ' +
        'replace the deprecated NATS Streaming bus with spec.jetstream.',
        'either "native" or "exotic" must be defined');
    }
    const exotic = nats.exotic;
    if (isRecord(exotic)) {
      if (!isSet(exotic.clusterID)) {
        missingBusField(out, 'spec.nats.exotic.clusterID', 'Set it to the cluster ID of the NATS Streaming server.',
          '"spec.nats.exotic.clusterID" is missing');
      }
      if (isBlank(exotic.url)) {
        missingBusField(out, 'spec.nats.exotic.url', 'Set it to the URL of the NATS Streaming server.',
          '"spec.nats.exotic.url" is missing');
      }
    }
  }
  const jetstream = spec.jetstream;
  if (isRecord(jetstream)) {
    if (isBlank(jetstream.version)) {
      missingBusField(out, 'spec.jetstream.version',
        'Pin one of the versions listed in the controller configuration, e.g. "2.10.29" (or "latest").',
        'invalid spec: a version for jetstream needs to be specified');
    }
    const replicas = jetstream.replicas;
    if (typeof replicas === 'number' && (replicas === 2 || replicas <= 0)) {
      out.rejected('eventbus/jetstream-replicas', 'spec.jetstream.replicas',
        `A JetStream bus runs 1 replica or at least 3 (Raft needs a majority), so the controller rejects replicas: ` +
        `${replicas}. Use 3 (the default) for production or 1 for a test cluster.`,
        'invalid spec: a jetstream eventbus requires 1 replica or >= 3 replicas');
    }
  }
  if (isRecord(spec.kafka) && isBlank(spec.kafka.url)) {
    missingBusField(out, 'spec.kafka.url', 'Set it to the Kafka broker address(es), e.g. "kafka:9092".',
      '"spec.kafka.url" is missing');
  }
  if (isRecord(spec.jetstreamExotic) && isBlank(spec.jetstreamExotic.url)) {
    missingBusField(out, 'spec.jetstreamExotic.url', 'Set it to the URL of the existing JetStream server.',
      '"spec.jetstreamExotic.url" is missing');
  }
  return out.findings;
}

/**
 * Runs the controller validation that matches the object's kind: Sensor, EventSource or EventBus
 * in `argoproj.io/v1alpha1`. Any other object gives no findings.
 * @throws Error for an unsupported `argoEventsVersion`
 */
export function validateManifest(obj: unknown, options: ControllerValidationOptions = {}): Finding[] {
  ArgoEventsVersion.of(options.argoEventsVersion ?? DEFAULT_ARGO_EVENTS_VERSION);
  if (!isRecord(obj) || obj.apiVersion !== API_VERSION) {
    return [];
  }
  switch (obj.kind) {
    case 'Sensor':
      return validateSensor(obj, options);
    case 'EventSource':
      return validateEventSource(obj, options);
    case 'EventBus':
      return validateEventBus(obj, options);
    default:
      return [];
  }
}

// ---------------------------------------------------------------------------------------------
// Sensor dependencies

const LOGICAL_OPERATORS = new Set(['', 'and', 'or']);
const COMPARATORS = new Set(['', '>=', '>', '=', '!=', '<', '<=']);

// In the controller's order: per dependency its names, the bus rule, the filters, and last the
// operator that combines them.
function checkDependencies(c: Check, dependencies: unknown, natsStreamingBus: boolean): void {
  const { out } = c;
  if (isEmptyList(dependencies)) {
    out.rejected('sensor/no-dependencies', 'spec.dependencies',
      'The Sensor has no dependencies, so the controller rejects it. Add at least one entry to spec.dependencies ' +
      'with a name, an eventSourceName and an eventName.',
      'no event dependencies found');
    return;
  }
  const firstPathOfEvent = new Map<string, string>();
  listOf(dependencies).forEach((dep, i) => {
    if (!isRecord(dep)) {
      return;
    }
    const path = pathJoin('spec.dependencies', i);
    if (isBlank(dep.name)) {
      out.rejected('sensor/dependency-missing-name', pathJoin(path, 'name'),
        'The dependency has no name, so the controller rejects the Sensor. Give it a name (letters, digits, _ and -) ' +
        'that trigger conditions and parameters can refer to.',
        'event dependency must define a name');
    }
    if (isBlank(dep.eventSourceName)) {
      out.rejected('sensor/dependency-missing-event-source-name', pathJoin(path, 'eventSourceName'),
        'The dependency has no eventSourceName, so the controller rejects the Sensor. Set it to the metadata.name of ' +
        'the EventSource that emits the event.',
        'event dependency must define the EventSourceName');
    }
    if (isBlank(dep.eventName)) {
      out.rejected('sensor/dependency-missing-event-name', pathJoin(path, 'eventName'),
        'The dependency has no eventName, so the controller rejects the Sensor. Set it to the event\'s key under the ' +
        'EventSource spec (e.g. the key under spec.resource).',
        'event dependency must define the EventName');
    }
    if (natsStreamingBus && typeof dep.eventSourceName === 'string' && typeof dep.eventName === 'string') {
      const key = JSON.stringify([dep.eventSourceName, dep.eventName]);
      const first = firstPathOfEvent.get(key);
      if (first === undefined) {
        firstPathOfEvent.set(key, path);
      } else {
        out.rejected('sensor/duplicate-event-dependency', path,
          `Event ${JSON.stringify(dep.eventName)} of EventSource ${JSON.stringify(dep.eventSourceName)} is already used ` +
          `by ${first}; on a NATS Streaming bus the controller rejects a second dependency on the same event. Merge the ` +
          'two dependencies, or move to a JetStream bus where this is allowed.',
          `event '${dep.eventName}' from EventSource '${dep.eventSourceName}' is referenced for more than one dependency in this Sensor object`);
      }
    }
    if (isRecord(dep.filters)) {
      checkFilters(c, dep.filters, pathJoin(path, 'filters'));
    }
    checkLogicalOperator(out, dep.filtersLogicalOperator, pathJoin(path, 'filtersLogicalOperator'));
  });
}

function checkLogicalOperator(out: FindingCollector, value: unknown, path: string): void {
  if (typeof value === 'string' && !LOGICAL_OPERATORS.has(value)) {
    out.rejected('sensor/logical-operator', path,
      `Logical operator ${JSON.stringify(value)} is not supported, so the controller rejects the Sensor. ` +
      'Use "and", "or", or leave it out (and).',
      `logical operator ${value} not supported`);
  }
}

function checkFilters(c: Check, filters: Record<string, unknown>, path: string): void {
  const { out } = c;
  checkLogicalOperator(out, filters.exprLogicalOperator, pathJoin(path, 'exprLogicalOperator'));
  checkLogicalOperator(out, filters.dataLogicalOperator, pathJoin(path, 'dataLogicalOperator'));
  listOf(filters.exprs).forEach((expr, i) => {
    if (isRecord(expr)) {
      checkExprFilter(out, expr, pathJoin(path, 'exprs', i));
    }
  });
  listOf(filters.data).forEach((data, i) => {
    if (isRecord(data)) {
      checkDataFilter(out, data, pathJoin(path, 'data', i));
    }
  });
  const ctx = filters.context;
  if (isRecord(ctx)) {
    if (isBlank(ctx.type) && isBlank(ctx.subject) && isBlank(ctx.source) && isBlank(ctx.datacontenttype)) {
      out.rejected('sensor/context-filter-empty', pathJoin(path, 'context'),
        'The context filter sets none of type, subject, source and datacontenttype (the only fields it compares), so ' +
        'the controller rejects the Sensor. Set at least one of them, or remove the context filter.',
        'no fields specified in ctx filter (aka all events will be discarded)');
    }
  }
  if (isRecord(filters.time)) {
    checkTimeFilter(c, filters.time, pathJoin(path, 'time'));
  }
}

function checkExprFilter(out: FindingCollector, expr: Record<string, unknown>, path: string): void {
  const rule = 'sensor/expr-filter-incomplete';
  const incomplete = 'one of expr filters is not valid (expr and fields must be not empty)';
  if (isBlank(expr.expr)) {
    out.rejected(rule, pathJoin(path, 'expr'),
      'The expr filter has no expression, so the controller rejects the Sensor. Write a govaluate expression over ' +
      'the names bound in fields, e.g. expr: "a != b".',
      incomplete);
  }
  if (isEmptyList(expr.fields)) {
    out.rejected(rule, pathJoin(path, 'fields'),
      'The expr filter binds no fields, so the controller rejects the Sensor. Add fields: [{name, path}] for every ' +
      'variable the expression uses.',
      incomplete);
  }
  listOf(expr.fields).forEach((field, i) => {
    if (!isRecord(field)) {
      return;
    }
    for (const key of ['path', 'name']) {
      if (isBlank(field[key])) {
        out.rejected(rule, pathJoin(path, 'fields', i, key),
          `The expr filter field has no ${key}, so the controller rejects the Sensor. Every field needs a name (the ` +
          'variable in the expression) and a path (a gjson path into the event data).',
          'one of expr filters is not valid (path and name in a field must be not empty)');
      }
    }
  });
}

function checkDataFilter(out: FindingCollector, data: Record<string, unknown>, path: string): void {
  if (typeof data.comparator === 'string' && !COMPARATORS.has(data.comparator)) {
    out.rejected('sensor/data-filter-comparator', pathJoin(path, 'comparator'),
      `Comparator ${JSON.stringify(data.comparator)} is not supported, so the controller rejects the Sensor. ` +
      'Use one of =, !=, >, >=, <, <= or leave it out (=).',
      `comparator ${data.comparator} not supported`);
  }
  const rule = 'sensor/data-filter-incomplete';
  const incomplete = 'one of data filters is not valid (type, path and value must be not empty)';
  if (isBlank(data.path)) {
    out.rejected(rule, pathJoin(path, 'path'),
      'The data filter has no path, so the controller rejects the Sensor. Set a gjson path into the event data, ' +
      'e.g. body.metadata.name.',
      incomplete);
  }
  if (isBlank(data.type)) {
    out.rejected(rule, pathJoin(path, 'type'),
      'The data filter has no type, so the controller rejects the Sensor. Set type to string, number or bool.',
      incomplete);
  }
  if (isEmptyList(data.value)) {
    out.rejected(rule, pathJoin(path, 'value'),
      'The data filter has no values, so the controller rejects the Sensor. List at least one value to compare with.',
      incomplete);
  }
  listOf(data.value).forEach((value, i) => {
    if (value === null || value === '') {
      out.rejected(rule, pathJoin(path, 'value', i),
        'The data filter has an empty value, so the controller rejects the Sensor. Remove it; to match an empty ' +
        'string use a string filter with the regular expression "^$".',
        'one of data filters is not valid (value must be not empty)');
    }
  });
}

function checkTimeFilter(c: Check, time: Record<string, unknown>, path: string): void {
  const { out } = c;
  // Older releases drop the field when they decode the Sensor (reported by the structure check).
  const zone = c.version.atLeast(TIME_FILTER_TIMEZONE_SINCE) && typeof time.timezone === 'string' ? time.timezone : '';
  const zoneLoads = isLoadableLocation(zone);
  if (!zoneLoads) {
    out.rejected('sensor/time-filter-timezone', pathJoin(path, 'timezone'),
      `Time zone ${JSON.stringify(zone)} is unknown, so the controller rejects the Sensor. Use an IANA name ` +
      'such as "Europe/Berlin" (case matters), or leave it out for UTC.',
      `invalid timezone '${zone}': unknown time zone ${zone}`);
  }
  // The controller parses both after today's date, in the filter's zone.
  const today = zonedFields(c.now.getTime(), zoneLoads ? zone : '');
  const date = `${String(today.year).padStart(4, '0')}-${String(today.month).padStart(2, '0')}-${String(today.day).padStart(2, '0')}`;
  const bounds: Array<number | undefined> = [];
  for (const key of ['start', 'stop']) {
    const value = isSet(time[key]) ? time[key] : '';
    if (typeof value !== 'string') {
      bounds.push(undefined);
      continue;
    }
    const parsed = parseGoClock(date, value);
    if (parsed.error !== undefined) {
      const what = value === '' ? 'is missing' : `${JSON.stringify(value)} is not a time of day`;
      out.rejected('sensor/time-filter-format', pathJoin(path, key),
        `The time filter's ${key} ${what}, so the controller rejects the Sensor. Write it as HH:MM:SS, e.g. "09:00:00".`,
        parsed.error);
    }
    bounds.push(parsed.nanos);
  }
  if (bounds[0] !== undefined && bounds[0] === bounds[1]) {
    out.rejected('sensor/time-filter-empty-window', pathJoin(path, 'stop'),
      'The time filter\'s stop equals its start, so the controller rejects the Sensor (the window [start, stop) ' +
      'would be empty). Choose a different stop; a stop before start wraps past midnight.',
      // Sic: the controller's message lacks the closing quote.
      `invalid event time filter: stop '${stringOf(time.stop)}' is equal to start '${stringOf(time.start)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Sensor triggers

const K8S_OPERATIONS = new Set(['', 'create', 'update', 'patch', 'delete']);
const WORKFLOW_OPERATIONS = new Set(['submit', 'submit-from', 'suspend', 'retry', 'resume', 'resubmit', 'terminate', 'stop']);
const HTTP_METHODS = new Set(['GET', 'DELETE', 'PATCH', 'POST', 'PUT']);
const PARAMETER_OPERATIONS = new Set(['', 'append', 'overwrite', 'prepend']);

const PAYLOAD_FIX = 'Set payload to a list of parameters (an empty list [] is accepted).';

/** How the controller wraps the error of one entry of a parameter list. */
type ParameterWrap = (index: number, error: string) => string;

const resourceParameter = (wrap: (e: string) => string): ParameterWrap =>
  (i, e) => wrap(`resource parameter index: ${i}. err: ${e}`);
const payloadParameter = (wrap: (e: string) => string): ParameterWrap =>
  (i, e) => wrap(`payload index: ${i}. err: ${e}`);

function checkTriggers(c: Check, triggers: unknown): void {
  if (isEmptyList(triggers)) {
    c.out.rejected('sensor/no-triggers', 'spec.triggers',
      'The Sensor has no triggers, so the controller rejects it. Add at least one entry to spec.triggers with a ' +
      'template that has a name and one trigger type (e.g. k8s or http).',
      'no triggers found');
    return;
  }
  const firstPathOfName = new Map<string, string>();
  listOf(triggers).forEach((trigger, i) => {
    if (!isRecord(trigger)) {
      return;
    }
    const path = pathJoin('spec.triggers', i);
    const checkName = (): void => {
      const name = recordOf(trigger.template).name;
      if (typeof name !== 'string' || name === '') {
        return;
      }
      const first = firstPathOfName.get(name);
      if (first === undefined) {
        firstPathOfName.set(name, path);
      } else {
        c.out.rejected('sensor/duplicate-trigger-name', pathJoin(path, 'template', 'name'),
          `Trigger name ${JSON.stringify(name)} is already used by ${first}, so the controller rejects the Sensor. ` +
          'Give every trigger a unique name.',
          `duplicate trigger name: ${name}`);
      }
    };
    // Before 1.9.3 the controller checked the name right after the template; since then after the
    // whole trigger, dead-letter trigger included.
    if (c.version.atLeast(DLQ_TRIGGER_SINCE)) {
      checkTrigger(c, trigger, path);
      checkName();
    } else {
      checkTrigger(c, trigger, path, checkName);
    }
  });
}

function checkTrigger(c: Check, trigger: Record<string, unknown>, path: string, afterTemplate?: () => void): void {
  const { out } = c;
  const template = trigger.template;
  if (isRecord(template)) {
    checkTemplate(c, template, pathJoin(path, 'template'));
  } else if (!isSet(template)) {
    out.rejected('sensor/trigger-missing-template', pathJoin(path, 'template'),
      'The trigger has no template, so the controller rejects the Sensor. Add a template with a name and one ' +
      'trigger type (e.g. k8s or http).',
      'trigger template can\'t be nil');
  }
  afterTemplate?.();
  if (isRecord(trigger.policy)) {
    checkPolicy(out, trigger.policy, recordOf(template), pathJoin(path, 'policy'));
  }
  checkParameters(out, trigger.parameters, pathJoin(path, 'parameters'), true,
    (i, e) => `template parameter index: ${i}. err: ${e}`);
  // Older releases drop dlqTrigger when they decode the Sensor (reported by the structure check).
  const dlqTrigger = trigger.dlqTrigger;
  if (isRecord(dlqTrigger) && c.version.atLeast(DLQ_TRIGGER_SINCE)) {
    const dlqPath = pathJoin(path, 'dlqTrigger');
    if (trigger.atLeastOnce !== true) {
      out.rejected('sensor/dlq-requires-at-least-once', pathJoin(path, 'atLeastOnce'),
        'A trigger with a dlqTrigger must set atLeastOnce: true (without it failures are never detected), so the ' +
        'controller rejects the Sensor. Add atLeastOnce: true.',
        'to use dlqTrigger, trigger.atLeastOnce must be set to true');
    }
    if (dlqTrigger.atLeastOnce !== true) {
      out.rejected('sensor/dlq-requires-at-least-once', pathJoin(dlqPath, 'atLeastOnce'),
        'The dlqTrigger itself must set atLeastOnce: true, so the controller rejects the Sensor. Add atLeastOnce: ' +
        'true inside dlqTrigger.',
        'atLeastOnce must be set to true within the dlqTrigger');
    }
    checkTrigger(c, dlqTrigger, dlqPath);
  }
}

function checkTemplate(c: Check, template: Record<string, unknown>, path: string): void {
  const { out } = c;
  if (isBlank(template.name)) {
    out.rejected('sensor/trigger-missing-name', pathJoin(path, 'name'),
      'The trigger template has no name, so the controller rejects the Sensor. Give it a name that is unique in ' +
      'the Sensor.',
      'trigger must define a name');
  }
  listOf(template.conditionsReset).forEach((reset, i) => {
    if (isRecord(reset)) {
      checkConditionsReset(out, reset, pathJoin(path, 'conditionsReset', i));
    }
  });
  const name = typeof template.name === 'string' ? template.name : '';
  for (const [type, checkType] of TRIGGER_TYPES) {
    const spec = template[type];
    if (isRecord(spec)) {
      const wrap = (e: string): string => type === 'k8s'
        ? `trigger for template ${name} is invalid, ${e}`
        : `template ${name} is invalid, ${e}`;
      checkType(new TriggerTypeCheck(c, type, spec, pathJoin(path, type), wrap));
    }
  }
}

function checkConditionsReset(out: FindingCollector, reset: Record<string, unknown>, path: string): void {
  const byTime = reset.byTime;
  if (!isSet(byTime)) {
    out.rejected('sensor/conditions-reset-missing-by-time', pathJoin(path, 'byTime'),
      'The conditionsReset entry has no byTime, so the controller rejects the Sensor. Add byTime with a cron ' +
      'schedule, e.g. byTime: {cron: "0 0 * * *"}.',
      'invalid conditionsReset');
  }
  if (!isRecord(byTime)) {
    return;
  }
  const cron = byTime.cron === undefined || byTime.cron === null ? '' : byTime.cron;
  if (typeof cron === 'string') {
    const problem = cronError(cron);
    if (problem !== undefined) {
      out.rejected('sensor/conditions-reset-cron', pathJoin(path, 'byTime', 'cron'),
        `The cron schedule ${JSON.stringify(cron)} is invalid (${problem}), so the controller rejects the Sensor. ` +
        'Write five fields: minute hour day-of-month month day-of-week, e.g. "0 0 * * *".',
        `invalid cron expression ${quoteGo(cron)}`);
    }
  }
  if (typeof byTime.timezone === 'string' && !isLoadableLocation(byTime.timezone)) {
    out.rejected('sensor/conditions-reset-timezone', pathJoin(path, 'byTime', 'timezone'),
      `Time zone ${JSON.stringify(byTime.timezone)} is unknown, so the controller rejects the Sensor. Use an IANA ` +
      'name such as "America/Los_Angeles" (case matters), or leave it out for UTC.',
      `invalid timezone ${quoteGo(byTime.timezone)}`);
  }
}

/** One trigger type's spec under check, with the controller's wrapping of its errors. */
class TriggerTypeCheck {
  constructor(
    private readonly c: Check,
    public readonly type: string,
    public readonly spec: Record<string, unknown>,
    public readonly path: string,
    public readonly wrap: (e: string) => string,
  ) {}

  public get out(): FindingCollector {
    return this.c.out;
  }

  public get version(): ArgoEventsVersion {
    return this.c.version;
  }

  /** A field that must be a non-empty string (`string`) or merely present (`set`). */
  public require(field: string, check: 'string' | 'set', fix: string, controllerMessage: string): void {
    if (check === 'string' ? isBlank(this.spec[field]) : !isSet(this.spec[field])) {
      this.out.rejected('sensor/trigger-missing-field', pathJoin(this.path, field),
        `The ${this.type} trigger has no ${field}, so the controller rejects the Sensor. ${fix}`,
        this.wrap(controllerMessage));
    }
  }

  /** `<type>.parameters`, each wrapped as a resource parameter. */
  public parameters(): void {
    checkParameters(this.out, this.spec.parameters, pathJoin(this.path, 'parameters'), true, resourceParameter(this.wrap));
  }

  /** `<type>.payload`, with the given wrapping (and, for HTTP, the dest rule of the release). */
  public payload(wrap: ParameterWrap, destRequired = true): void {
    checkParameters(this.out, this.spec.payload, pathJoin(this.path, 'payload'), destRequired, wrap);
  }
}

// Trigger types the controller validates, in its order, each with its checks in its order.
// pulsar, log, azureEventHubs and azureServiceBus are not validated by the controller.
const TRIGGER_TYPES = new Map<string, (t: TriggerTypeCheck) => void>([
  ['k8s', (t) => {
    t.require('source', 'set',
      'Set source.resource to the object to create (or use inline, configmap, url, git, file or s3).',
      'k8s trigger does not contain an absolute action');
    const operation = t.spec.operation;
    if (typeof operation === 'string' && !K8S_OPERATIONS.has(operation)) {
      t.out.rejected('sensor/trigger-operation', pathJoin(t.path, 'operation'),
        `k8s operation ${JSON.stringify(operation)} is not supported, so the controller rejects the Sensor. ` +
        'Use create (the default), update, patch or delete.',
        t.wrap(`unknown operation type ${operation}`));
    }
    t.parameters();
  }],
  ['argoWorkflow', (t) => {
    t.require('source', 'set',
      'Set source.resource to the Workflow (or use inline, configmap, url, git, file or s3).',
      'argoWorkflow trigger does not contain an absolute action');
    const operation = isSet(t.spec.operation) ? t.spec.operation : '';
    if (typeof operation === 'string' && !WORKFLOW_OPERATIONS.has(operation)) {
      t.out.rejected('sensor/trigger-operation', pathJoin(t.path, 'operation'),
        (operation === ''
          ? 'The argoWorkflow trigger has no operation, so the controller rejects the Sensor (the runtime default ' +
            'of submit is never reached). '
          : `argoWorkflow operation ${JSON.stringify(operation)} is not supported, so the controller rejects the Sensor. `) +
        'Set operation to submit, submit-from, resubmit, retry, resume, suspend, terminate or stop.',
        t.wrap(`unknown operation type ${operation}`));
    }
    t.parameters();
  }],
  ['http', (t) => {
    t.require('url', 'string', 'Set the URL to call.', 'server URL is not specified');
    const method = t.spec.method;
    if (typeof method === 'string' && method !== '' && !HTTP_METHODS.has(method)) {
      t.out.rejected('sensor/http-method', pathJoin(t.path, 'method'),
        `HTTP method ${JSON.stringify(method)} is not supported, so the controller rejects the Sensor. Use GET, ` +
        'POST (the default), PUT, PATCH or DELETE, in upper case.',
        t.wrap('only GET, DELETE, PATCH, POST and PUT methods are supported'));
    }
    t.parameters();
    // From 1.9.8 an empty dest sends the value as the whole body; older releases reject it.
    t.payload(payloadParameter(t.wrap), !t.version.atLeast(HTTP_PAYLOAD_EMPTY_DEST_SINCE));
  }],
  ['awsLambda', (t) => {
    t.require('functionName', 'string', 'Set the name of the Lambda function.', 'function name is not specified');
    t.require('region', 'string', 'Set the AWS region of the function.', 'region in not specified');
    t.require('payload', 'set', PAYLOAD_FIX, 'payload parameters are not specified');
    t.parameters();
    t.payload(payloadParameter(t.wrap));
  }],
  ['kafka', (t) => {
    t.require('url', 'string', 'Set the Kafka broker address(es).', 'broker url must not be empty');
    t.require('payload', 'set', PAYLOAD_FIX, 'payload must not be empty');
    t.require('topic', 'string', 'Set the topic to write to.', 'topic must not be empty');
    t.payload(payloadParameter(t.wrap));
  }],
  ['nats', (t) => {
    t.require('url', 'string', 'Set the NATS server URL.', 'nats server url can\'t be empty');
    t.require('subject', 'string', 'Set the subject to publish to.', 'nats subject can\'t be empty');
    t.require('payload', 'set', PAYLOAD_FIX, 'payload can\'t be nil');
    t.payload(payloadParameter(t.wrap));
  }],
  ['slack', (t) => {
    t.require('slackToken', 'set', 'Reference the Secret key that holds the Slack bot token.', 'slack token can\'t be empty');
    t.parameters();
  }],
  ['openWhisk', (t) => {
    t.require('actionName', 'string', 'Set the name of the action to invoke.', 'action name is not specified');
    t.require('host', 'string', 'Set the OpenWhisk host URL.', 'host URL is not specified');
    const token = t.spec.authToken;
    if (isRecord(token)) {
      for (const key of ['name', 'key']) {
        if (isBlank(token[key])) {
          t.out.rejected('sensor/openwhisk-auth-token', pathJoin(t.path, 'authToken', key),
            `openWhisk.authToken has no ${key}, so the controller rejects the Sensor. Reference the Secret by name ` +
            'and key, or remove authToken.',
            t.wrap('auth token key and name must be specified'));
        }
      }
    }
    t.parameters();
    t.require('payload', 'set', PAYLOAD_FIX, 'payload parameters are not specified');
    // Sic: the controller reports openWhisk payload entries as resource parameters.
    t.payload(resourceParameter(t.wrap));
  }],
  ['custom', (t) => {
    t.require('serverURL', 'string', 'Set the address of the gRPC trigger server.', 'custom trigger gRPC server url is not defined');
    t.require('spec', 'set', 'Set spec to the map the trigger server expects.', 'trigger body can\'t be empty');
    if (t.spec.secure === true && !isSet(t.spec.certSecret)) {
      t.out.rejected('sensor/trigger-missing-field', pathJoin(t.path, 'certSecret'),
        'The custom trigger is secure but has no certSecret, so the controller rejects the Sensor. Reference the ' +
        'Secret key that holds the server certificate, or set secure: false.',
        t.wrap('certSecret can\'t be nil when the trigger server connection is secure'));
    }
    t.parameters();
  }],
  ['email', (t) => {
    t.require('host', 'string', 'Set the SMTP host.', 'host can\'t be empty');
    const port = t.spec.port;
    if (typeof port === 'number' && (port < 0 || port > 65535)) {
      t.out.rejected('sensor/email-port', pathJoin(t.path, 'port'),
        `Port ${port} is out of range, so the controller rejects the Sensor. Use the SMTP port (0-65535), e.g. 587.`,
        t.wrap(`port: ${port}, port should be between 0-65535`));
    }
    t.parameters();
  }],
]);

function checkParameters(
  out: FindingCollector, parameters: unknown, path: string, destRequired: boolean, wrap: ParameterWrap,
): void {
  listOf(parameters).forEach((parameter, i) => {
    if (!isRecord(parameter)) {
      return;
    }
    const at = pathJoin(path, i);
    const src = parameter.src;
    if (!isSet(src)) {
      out.rejected('sensor/parameter-missing-src', pathJoin(at, 'src'),
        'The parameter has no src, so the controller rejects the Sensor. Add src with a dependencyName and a ' +
        'dataKey, contextKey, template or value.',
        wrap(i, 'parameter source can\'t be empty'));
    } else if (isRecord(src) && isBlank(src.dependencyName)) {
      out.rejected('sensor/parameter-missing-dependency-name', pathJoin(at, 'src', 'dependencyName'),
        'The parameter\'s src has no dependencyName, so the controller rejects the Sensor. Set it to the name of ' +
        'the dependency whose event supplies the value.',
        wrap(i, 'parameter dependency name can\'t be empty'));
    }
    if (destRequired && isBlank(parameter.dest)) {
      out.rejected('sensor/parameter-missing-dest', pathJoin(at, 'dest'),
        'The parameter has no dest, so the controller rejects the Sensor. Set dest to the path of the field to ' +
        'write, e.g. spec.template.spec.containers.0.args.0.',
        wrap(i, 'parameter destination can\'t be empty'));
    }
    if (typeof parameter.operation === 'string' && !PARAMETER_OPERATIONS.has(parameter.operation)) {
      out.rejected('sensor/parameter-operation', pathJoin(at, 'operation'),
        `Parameter operation ${JSON.stringify(parameter.operation)} is not supported, so the controller rejects the ` +
        'Sensor. Use overwrite (the default), append or prepend.',
        wrap(i, `parameter operation ${parameter.operation} is invalid`));
    }
  });
}

// The controller checks only the policy kind that matches the first trigger type it finds.
function checkPolicy(
  out: FindingCollector, policy: Record<string, unknown>, template: Record<string, unknown>, path: string,
): void {
  if (isSet(template.k8s) || isSet(template.argoWorkflow)) {
    if (isRecord(policy.k8s) && !isSet(policy.k8s.labels)) {
      out.rejected('sensor/policy-missing-labels', pathJoin(path, 'k8s', 'labels'),
        'policy.k8s has no labels, so the controller rejects the Sensor. List the labels the created resource must ' +
        'reach (e.g. workflows.argoproj.io/phase: Succeeded), or remove policy.k8s.',
        'resource labels are not specified');
    }
  } else if (isSet(template.http) || isSet(template.awsLambda)) {
    if (isRecord(policy.status) && !isSet(policy.status.allow)) {
      out.rejected('sensor/policy-missing-allow', pathJoin(path, 'status', 'allow'),
        'policy.status has no allow list, so the controller rejects the Sensor. List the response codes that count ' +
        'as success, e.g. allow: [200, 201, 202, 204].',
        'list of allowed response status is not specified');
    }
  }
}

// ---------------------------------------------------------------------------------------------
// EventSource

type DeploymentStrategy = 'recreate' | 'rolling';

// Every event type of an EventSource spec and how its Deployment is updated: types that must run
// as a single active instance use Recreate, the others (webhook-style) RollingUpdate.
const EVENT_SOURCE_TYPES = new Map<string, DeploymentStrategy>([
  ...['amqp', 'calendar', 'kafka', 'pubSub', 'azureEventsHub', 'azureServiceBus', 'nats', 'mqtt', 'minio', 'emitter',
    'nsq', 'pulsar', 'redis', 'redisStream', 'resource', 'hdfs', 'file', 'sftp', 'generic']
    .map((t): [string, DeploymentStrategy] => [t, 'recreate']),
  ...['azureQueueStorage', 'bitbucket', 'bitbucketserver', 'gerrit', 'github', 'gitlab', 'mns', 'sns', 'sqs', 'slack',
    'storageGrid', 'stripe', 'webhook']
    .map((t): [string, DeploymentStrategy] => [t, 'rolling']),
]);

/** Whether `key` of an EventSource spec is an event type (a map of events), e.g. `resource`. */
export function isEventSourceType(key: string): boolean {
  return EVENT_SOURCE_TYPES.has(key);
}

function checkResourceEvent(out: FindingCollector, source: unknown, path: string): void {
  if (isSet(source) && !isRecord(source)) {
    return;
  }
  const resource = recordOf(source);
  const required: Array<[string, boolean, string, string]> = [
    ['version', isBlank(resource.version), 'Set the API version of the watched kind, e.g. v1.', 'version must be specified'],
    ['resource', isBlank(resource.resource), 'Set the plural resource name, e.g. deployments.', 'resource must be specified'],
    ['eventTypes', !isSet(resource.eventTypes), 'List the event types to watch, e.g. [ADD, UPDATE, DELETE].',
      'event types must be specified'],
  ];
  for (const [field, missing, fix, controllerMessage] of required) {
    if (missing) {
      out.rejected('eventsource/resource-missing-field', pathJoin(path, field),
        `The resource event has no ${field}, so the controller rejects the EventSource. ${fix}`,
        controllerMessage);
    }
  }
  const filter = recordOf(resource.filter);
  for (const list of ['labels', 'fields']) {
    listOf(filter[list]).forEach((selector, i) => {
      if (isRecord(selector) && isBlank(selector.key)) {
        out.rejected('eventsource/selector-missing-key', pathJoin(path, 'filter', list, i, 'key'),
          `The ${list === 'labels' ? 'label' : 'field'} selector has no key, so the controller rejects the ` +
          `EventSource. Set key to the ${list === 'labels' ? 'label key' : 'gjson path of the field'} to match.`,
          'key can\'t be empty for selector');
      }
    });
  }
}

// ---------------------------------------------------------------------------------------------
// EventBus

// In the order the controller picks an installer when several are set.
const EVENT_BUS_TYPES = ['nats', 'jetstream', 'kafka', 'jetstreamExotic'];

function missingBusField(out: FindingCollector, path: string, fix: string, controllerMessage: string): void {
  out.rejected('eventbus/missing-field', path, `${path} is required, so the controller rejects the EventBus. ${fix}`,
    controllerMessage);
}
