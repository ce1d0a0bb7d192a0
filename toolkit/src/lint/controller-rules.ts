import { cronError } from '../engine/cron';
import { parseTimeOfDay } from '../engine/filter-time';
import { isLoadableLocation } from '../engine/time-zone';
import { Finding, FindingCollector, isRecord, pathJoin } from './finding';
import { isBlank, isEmptyList, isSet, listOf, recordAt, recordOf } from './json-values';

/**
 * The checks the Argo Events controllers run on reconcile (and the optional validating webhook at
 * admission). The CRDs carry no schema, so the API server stores anything; when a check fails the
 * controller only sets a condition on the object and the existing Deployment keeps running the
 * previous spec, which makes these mistakes easy to miss after a sync.
 *
 * Unlike the controller, which stops at the first problem, every problem is reported. Checks that
 * need a live cluster (the EventBus exists and is ready) are not made here. Values of the wrong
 * JSON type are left to the schema check: a rule only fires on values the controller could decode.
 */

const API_VERSION = 'argoproj.io/v1alpha1';

/** Context for {@link validateSensor}. */
export interface SensorValidationOptions {
  /**
   * The EventBus the Sensor uses (`spec.eventBusName`, default `default`, in the Sensor's
   * namespace). Only its type matters: on a NATS Streaming bus (`spec.nats`) two dependencies may
   * not name the same event. Without it that check is skipped.
   */
  readonly eventBus?: unknown;
}

/** The Sensor controller's validation of `spec.dependencies` and `spec.triggers`. */
export function validateSensor(obj: unknown, options: SensorValidationOptions = {}): Finding[] {
  const out = new FindingCollector('Sensor', obj);
  const spec = recordAt(obj, 'spec');
  const natsStreamingBus = isSet(recordAt(options.eventBus, 'spec').nats);
  checkDependencies(out, spec.dependencies, natsStreamingBus);
  checkTriggers(out, spec.triggers);
  return out.findings;
}

/** The EventSource controller's validation: event names, deployment strategies, resource events. */
export function validateEventSource(obj: unknown): Finding[] {
  const out = new FindingCollector('EventSource', obj);
  const spec = recordAt(obj, 'spec');
  const firstPathOfName = new Map<string, string>();
  const recreate: string[] = [];
  const rolling: string[] = [];
  // Document order, so that the second occurrence of a name is the one reported.
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
        out.error('eventsource/duplicate-event-name', path,
          `Event name ${JSON.stringify(eventName)} is already used at ${first}; event names must be unique across all ` +
          'event types of an EventSource, so the controller rejects it. Rename one of them (and the Sensor dependencies that use it).');
      }
      if (type === 'resource') {
        checkResourceEvent(out, source, path);
      }
    }
  }
  if (recreate.length > 0 && rolling.length > 0) {
    out.error('eventsource/mixed-deployment-strategies', 'spec',
      `This EventSource mixes event types that run active-passive with a Recreate deployment (${recreate.join(', ')}) and ` +
      `types that run active-active with a RollingUpdate deployment (${rolling.join(', ')}); the controller rejects that. ` +
      'Split them into two EventSources.');
  }
  return out.findings;
}

/** The EventBus controller's validation of the bus type and its required settings. */
export function validateEventBus(obj: unknown): Finding[] {
  const out = new FindingCollector('EventBus', obj);
  const spec = recordAt(obj, 'spec');
  const types = EVENT_BUS_TYPES.filter((t) => isSet(spec[t]));
  if (types.length === 0) {
    out.error('eventbus/no-type', 'spec',
      'The EventBus defines no bus type, so the controller rejects it. Set exactly one of spec.jetstream ' +
      '(recommended), spec.kafka, spec.jetstreamExotic or spec.nats.');
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
      out.error('eventbus/nats-native-and-exotic', 'spec.nats',
        'spec.nats sets both native and exotic; the controller rejects that. Keep only one of them.');
    } else if (!isSet(nats.native) && !isSet(nats.exotic)) {
      out.error('eventbus/nats-missing-mode', 'spec.nats',
        'spec.nats sets neither native nor exotic, so the controller rejects it. Set one of them, or better, ' +
        'replace the deprecated NATS Streaming bus with spec.jetstream.');
    }
    const exotic = nats.exotic;
    if (isRecord(exotic)) {
      if (!isSet(exotic.clusterID)) {
        missingBusField(out, 'spec.nats.exotic.clusterID', 'Set it to the cluster ID of the NATS Streaming server.');
      }
      if (isBlank(exotic.url)) {
        missingBusField(out, 'spec.nats.exotic.url', 'Set it to the URL of the NATS Streaming server.');
      }
    }
  }
  const jetstream = spec.jetstream;
  if (isRecord(jetstream)) {
    if (isBlank(jetstream.version)) {
      missingBusField(out, 'spec.jetstream.version',
        'Pin one of the versions listed in the controller configuration, e.g. "2.10.29" (or "latest").');
    }
    const replicas = jetstream.replicas;
    if (typeof replicas === 'number' && (replicas === 2 || replicas <= 0)) {
      out.error('eventbus/jetstream-replicas', 'spec.jetstream.replicas',
        `A JetStream bus runs 1 replica or at least 3 (Raft needs a majority), so the controller rejects replicas: ` +
        `${replicas}. Use 3 (the default) for production or 1 for a test cluster.`);
    }
  }
  if (isRecord(spec.kafka) && isBlank(spec.kafka.url)) {
    missingBusField(out, 'spec.kafka.url', 'Set it to the Kafka broker address(es), e.g. "kafka:9092".');
  }
  if (isRecord(spec.jetstreamExotic) && isBlank(spec.jetstreamExotic.url)) {
    missingBusField(out, 'spec.jetstreamExotic.url', 'Set it to the URL of the existing JetStream server.');
  }
  return out.findings;
}

/**
 * Runs the controller validation that matches the object's kind: Sensor, EventSource or EventBus
 * in `argoproj.io/v1alpha1`. Any other object gives no findings.
 */
export function validateManifest(obj: unknown, options: SensorValidationOptions = {}): Finding[] {
  if (!isRecord(obj) || obj.apiVersion !== API_VERSION) {
    return [];
  }
  switch (obj.kind) {
    case 'Sensor':
      return validateSensor(obj, options);
    case 'EventSource':
      return validateEventSource(obj);
    case 'EventBus':
      return validateEventBus(obj);
    default:
      return [];
  }
}

// ---------------------------------------------------------------------------------------------
// Sensor dependencies

const LOGICAL_OPERATORS = new Set(['', 'and', 'or']);
const COMPARATORS = new Set(['', '>=', '>', '=', '!=', '<', '<=']);

function checkDependencies(out: FindingCollector, dependencies: unknown, natsStreamingBus: boolean): void {
  if (isEmptyList(dependencies)) {
    out.error('sensor/no-dependencies', 'spec.dependencies',
      'The Sensor has no dependencies, so the controller rejects it. Add at least one entry to spec.dependencies ' +
      'with a name, an eventSourceName and an eventName.');
    return;
  }
  const firstPathOfEvent = new Map<string, string>();
  listOf(dependencies).forEach((dep, i) => {
    if (!isRecord(dep)) {
      return;
    }
    const path = pathJoin('spec.dependencies', i);
    if (isBlank(dep.name)) {
      out.error('sensor/dependency-missing-name', pathJoin(path, 'name'),
        'The dependency has no name, so the controller rejects the Sensor. Give it a name (letters, digits, _ and -) ' +
        'that trigger conditions and parameters can refer to.');
    }
    if (isBlank(dep.eventSourceName)) {
      out.error('sensor/dependency-missing-event-source-name', pathJoin(path, 'eventSourceName'),
        'The dependency has no eventSourceName, so the controller rejects the Sensor. Set it to the metadata.name of ' +
        'the EventSource that emits the event.');
    }
    if (isBlank(dep.eventName)) {
      out.error('sensor/dependency-missing-event-name', pathJoin(path, 'eventName'),
        'The dependency has no eventName, so the controller rejects the Sensor. Set it to the event\'s key under the ' +
        'EventSource spec (e.g. the key under spec.resource).');
    }
    if (natsStreamingBus && typeof dep.eventSourceName === 'string' && typeof dep.eventName === 'string') {
      const key = JSON.stringify([dep.eventSourceName, dep.eventName]);
      const first = firstPathOfEvent.get(key);
      if (first === undefined) {
        firstPathOfEvent.set(key, path);
      } else {
        out.error('sensor/duplicate-event-dependency', path,
          `Event ${JSON.stringify(dep.eventName)} of EventSource ${JSON.stringify(dep.eventSourceName)} is already used ` +
          `by ${first}; on a NATS Streaming bus the controller rejects a second dependency on the same event. Merge the ` +
          'two dependencies, or move to a JetStream bus where this is allowed.');
      }
    }
    checkLogicalOperator(out, dep.filtersLogicalOperator, pathJoin(path, 'filtersLogicalOperator'));
    if (isRecord(dep.filters)) {
      checkFilters(out, dep.filters, pathJoin(path, 'filters'));
    }
  });
}

function checkLogicalOperator(out: FindingCollector, value: unknown, path: string): void {
  if (typeof value === 'string' && !LOGICAL_OPERATORS.has(value)) {
    out.error('sensor/logical-operator', path,
      `Logical operator ${JSON.stringify(value)} is not supported, so the controller rejects the Sensor. ` +
      'Use "and", "or", or leave it out (and).');
  }
}

function checkFilters(out: FindingCollector, filters: Record<string, unknown>, path: string): void {
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
      out.error('sensor/context-filter-empty', pathJoin(path, 'context'),
        'The context filter sets none of type, subject, source and datacontenttype (the only fields it compares), so ' +
        'the controller rejects the Sensor. Set at least one of them, or remove the context filter.');
    }
  }
  if (isRecord(filters.time)) {
    checkTimeFilter(out, filters.time, pathJoin(path, 'time'));
  }
}

function checkExprFilter(out: FindingCollector, expr: Record<string, unknown>, path: string): void {
  const rule = 'sensor/expr-filter-incomplete';
  if (isBlank(expr.expr)) {
    out.error(rule, pathJoin(path, 'expr'),
      'The expr filter has no expression, so the controller rejects the Sensor. Write a govaluate expression over ' +
      'the names bound in fields, e.g. expr: "a != b".');
  }
  if (isEmptyList(expr.fields)) {
    out.error(rule, pathJoin(path, 'fields'),
      'The expr filter binds no fields, so the controller rejects the Sensor. Add fields: [{name, path}] for every ' +
      'variable the expression uses.');
  }
  listOf(expr.fields).forEach((field, i) => {
    if (!isRecord(field)) {
      return;
    }
    for (const key of ['path', 'name']) {
      if (isBlank(field[key])) {
        out.error(rule, pathJoin(path, 'fields', i, key),
          `The expr filter field has no ${key}, so the controller rejects the Sensor. Every field needs a name (the ` +
          'variable in the expression) and a path (a gjson path into the event data).');
      }
    }
  });
}

function checkDataFilter(out: FindingCollector, data: Record<string, unknown>, path: string): void {
  if (typeof data.comparator === 'string' && !COMPARATORS.has(data.comparator)) {
    out.error('sensor/data-filter-comparator', pathJoin(path, 'comparator'),
      `Comparator ${JSON.stringify(data.comparator)} is not supported, so the controller rejects the Sensor. ` +
      'Use one of =, !=, >, >=, <, <= or leave it out (=).');
  }
  const rule = 'sensor/data-filter-incomplete';
  if (isBlank(data.path)) {
    out.error(rule, pathJoin(path, 'path'),
      'The data filter has no path, so the controller rejects the Sensor. Set a gjson path into the event data, ' +
      'e.g. body.metadata.name.');
  }
  if (isBlank(data.type)) {
    out.error(rule, pathJoin(path, 'type'),
      'The data filter has no type, so the controller rejects the Sensor. Set type to string, number or bool.');
  }
  if (isEmptyList(data.value)) {
    out.error(rule, pathJoin(path, 'value'),
      'The data filter has no values, so the controller rejects the Sensor. List at least one value to compare with.');
  }
  listOf(data.value).forEach((value, i) => {
    if (value === null || value === '') {
      out.error(rule, pathJoin(path, 'value', i),
        'The data filter has an empty value, so the controller rejects the Sensor. Remove it; to match an empty ' +
        'string use a string filter with the regular expression "^$".');
    }
  });
}

function checkTimeFilter(out: FindingCollector, time: Record<string, unknown>, path: string): void {
  if (typeof time.timezone === 'string' && !isLoadableLocation(time.timezone)) {
    out.error('sensor/time-filter-timezone', pathJoin(path, 'timezone'),
      `Time zone ${JSON.stringify(time.timezone)} is unknown, so the controller rejects the Sensor. Use an IANA name ` +
      'such as "Europe/Berlin" (case matters), or leave it out for UTC.');
  }
  const bounds: Array<number | undefined> = [];
  for (const key of ['start', 'stop']) {
    const value = isSet(time[key]) ? time[key] : '';
    const parsed = typeof value === 'string' ? parseTimeOfDay(value) : undefined;
    if (typeof value === 'string' && parsed === undefined) {
      const what = value === '' ? 'is missing' : `${JSON.stringify(value)} is not a time of day`;
      out.error('sensor/time-filter-format', pathJoin(path, key),
        `The time filter's ${key} ${what}, so the controller rejects the Sensor. Write it as HH:MM:SS, e.g. "09:00:00".`);
    }
    bounds.push(parsed);
  }
  if (bounds[0] !== undefined && bounds[0] === bounds[1]) {
    out.error('sensor/time-filter-empty-window', pathJoin(path, 'stop'),
      'The time filter\'s stop equals its start, so the controller rejects the Sensor (the window [start, stop) ' +
      'would be empty). Choose a different stop; a stop before start wraps past midnight.');
  }
}

// ---------------------------------------------------------------------------------------------
// Sensor triggers

const K8S_OPERATIONS = new Set(['', 'create', 'update', 'patch', 'delete']);
const WORKFLOW_OPERATIONS = new Set(['submit', 'submit-from', 'suspend', 'retry', 'resume', 'resubmit', 'terminate', 'stop']);
const HTTP_METHODS = new Set(['GET', 'DELETE', 'PATCH', 'POST', 'PUT']);
const PARAMETER_OPERATIONS = new Set(['', 'append', 'overwrite', 'prepend']);

/** A field the controller requires: a non-empty string, or any value that is not null. */
interface RequiredField {
  readonly field: string;
  readonly check: 'string' | 'set';
  readonly fix: string;
}

interface TriggerTypeRules {
  readonly required: readonly RequiredField[];
  /** Whether the controller validates `<type>.parameters`. */
  readonly parameters: boolean;
  /** How it validates `<type>.payload`: HTTP payload entries may have an empty dest (the whole body). */
  readonly payload?: 'dest-required' | 'dest-optional';
}

const PAYLOAD_FIX = 'Set payload to a list of parameters (an empty list [] is accepted).';

// Trigger types the controller validates, in its order. pulsar, log, azureEventHubs and
// azureServiceBus are not validated by the controller.
const TRIGGER_TYPES = new Map<string, TriggerTypeRules>([
  ['k8s', {
    required: [{ field: 'source', check: 'set', fix: 'Set source.resource to the object to create (or use inline, configmap, url, git, file or s3).' }],
    parameters: true,
  }],
  ['argoWorkflow', {
    required: [{ field: 'source', check: 'set', fix: 'Set source.resource to the Workflow (or use inline, configmap, url, git, file or s3).' }],
    parameters: true,
  }],
  ['http', {
    required: [{ field: 'url', check: 'string', fix: 'Set the URL to call.' }],
    parameters: true,
    payload: 'dest-optional',
  }],
  ['awsLambda', {
    required: [
      { field: 'functionName', check: 'string', fix: 'Set the name of the Lambda function.' },
      { field: 'region', check: 'string', fix: 'Set the AWS region of the function.' },
      { field: 'payload', check: 'set', fix: PAYLOAD_FIX },
    ],
    parameters: true,
    payload: 'dest-required',
  }],
  ['kafka', {
    required: [
      { field: 'url', check: 'string', fix: 'Set the Kafka broker address(es).' },
      { field: 'payload', check: 'set', fix: PAYLOAD_FIX },
      { field: 'topic', check: 'string', fix: 'Set the topic to write to.' },
    ],
    parameters: false,
    payload: 'dest-required',
  }],
  ['nats', {
    required: [
      { field: 'url', check: 'string', fix: 'Set the NATS server URL.' },
      { field: 'subject', check: 'string', fix: 'Set the subject to publish to.' },
      { field: 'payload', check: 'set', fix: PAYLOAD_FIX },
    ],
    parameters: false,
    payload: 'dest-required',
  }],
  ['slack', {
    required: [{ field: 'slackToken', check: 'set', fix: 'Reference the Secret key that holds the Slack bot token.' }],
    parameters: true,
  }],
  ['openWhisk', {
    required: [
      { field: 'actionName', check: 'string', fix: 'Set the name of the action to invoke.' },
      { field: 'host', check: 'string', fix: 'Set the OpenWhisk host URL.' },
      { field: 'payload', check: 'set', fix: PAYLOAD_FIX },
    ],
    parameters: true,
    payload: 'dest-required',
  }],
  ['custom', {
    required: [
      { field: 'serverURL', check: 'string', fix: 'Set the address of the gRPC trigger server.' },
      { field: 'spec', check: 'set', fix: 'Set spec to the map the trigger server expects.' },
    ],
    parameters: true,
  }],
  ['email', {
    required: [{ field: 'host', check: 'string', fix: 'Set the SMTP host.' }],
    parameters: true,
  }],
]);

function checkTriggers(out: FindingCollector, triggers: unknown): void {
  if (isEmptyList(triggers)) {
    out.error('sensor/no-triggers', 'spec.triggers',
      'The Sensor has no triggers, so the controller rejects it. Add at least one entry to spec.triggers with a ' +
      'template that has a name and one trigger type (e.g. k8s or http).');
    return;
  }
  const firstPathOfName = new Map<string, string>();
  listOf(triggers).forEach((trigger, i) => {
    if (!isRecord(trigger)) {
      return;
    }
    const path = pathJoin('spec.triggers', i);
    checkTrigger(out, trigger, path);
    const name = recordOf(trigger.template).name;
    if (typeof name === 'string' && name !== '') {
      const first = firstPathOfName.get(name);
      if (first === undefined) {
        firstPathOfName.set(name, path);
      } else {
        out.error('sensor/duplicate-trigger-name', pathJoin(path, 'template', 'name'),
          `Trigger name ${JSON.stringify(name)} is already used by ${first}, so the controller rejects the Sensor. ` +
          'Give every trigger a unique name.');
      }
    }
  });
}

function checkTrigger(out: FindingCollector, trigger: Record<string, unknown>, path: string): void {
  const template = trigger.template;
  if (isRecord(template)) {
    checkTemplate(out, template, pathJoin(path, 'template'));
  } else if (!isSet(template)) {
    out.error('sensor/trigger-missing-template', pathJoin(path, 'template'),
      'The trigger has no template, so the controller rejects the Sensor. Add a template with a name and one ' +
      'trigger type (e.g. k8s or http).');
  }
  if (isRecord(trigger.policy)) {
    checkPolicy(out, trigger.policy, recordOf(template), pathJoin(path, 'policy'));
  }
  checkParameters(out, trigger.parameters, pathJoin(path, 'parameters'), true);
  const dlqTrigger = trigger.dlqTrigger;
  if (isRecord(dlqTrigger)) {
    const dlqPath = pathJoin(path, 'dlqTrigger');
    if (trigger.atLeastOnce !== true) {
      out.error('sensor/dlq-requires-at-least-once', pathJoin(path, 'atLeastOnce'),
        'A trigger with a dlqTrigger must set atLeastOnce: true (without it failures are never detected), so the ' +
        'controller rejects the Sensor. Add atLeastOnce: true.');
    }
    if (dlqTrigger.atLeastOnce !== true) {
      out.error('sensor/dlq-requires-at-least-once', pathJoin(dlqPath, 'atLeastOnce'),
        'The dlqTrigger itself must set atLeastOnce: true, so the controller rejects the Sensor. Add atLeastOnce: ' +
        'true inside dlqTrigger.');
    }
    checkTrigger(out, dlqTrigger, dlqPath);
  }
}

function checkTemplate(out: FindingCollector, template: Record<string, unknown>, path: string): void {
  if (isBlank(template.name)) {
    out.error('sensor/trigger-missing-name', pathJoin(path, 'name'),
      'The trigger template has no name, so the controller rejects the Sensor. Give it a name that is unique in ' +
      'the Sensor.');
  }
  listOf(template.conditionsReset).forEach((reset, i) => {
    if (isRecord(reset)) {
      checkConditionsReset(out, reset, pathJoin(path, 'conditionsReset', i));
    }
  });
  for (const [type, rules] of TRIGGER_TYPES) {
    const spec = template[type];
    if (isRecord(spec)) {
      checkTriggerType(out, type, rules, spec, pathJoin(path, type));
    }
  }
}

function checkConditionsReset(out: FindingCollector, reset: Record<string, unknown>, path: string): void {
  const byTime = reset.byTime;
  if (!isSet(byTime)) {
    out.error('sensor/conditions-reset-missing-by-time', pathJoin(path, 'byTime'),
      'The conditionsReset entry has no byTime, so the controller rejects the Sensor. Add byTime with a cron ' +
      'schedule, e.g. byTime: {cron: "0 0 * * *"}.');
  }
  if (!isRecord(byTime)) {
    return;
  }
  const cron = byTime.cron === undefined || byTime.cron === null ? '' : byTime.cron;
  if (typeof cron === 'string') {
    const problem = cronError(cron);
    if (problem !== undefined) {
      out.error('sensor/conditions-reset-cron', pathJoin(path, 'byTime', 'cron'),
        `The cron schedule ${JSON.stringify(cron)} is invalid (${problem}), so the controller rejects the Sensor. ` +
        'Write five fields: minute hour day-of-month month day-of-week, e.g. "0 0 * * *".');
    }
  }
  if (typeof byTime.timezone === 'string' && !isLoadableLocation(byTime.timezone)) {
    out.error('sensor/conditions-reset-timezone', pathJoin(path, 'byTime', 'timezone'),
      `Time zone ${JSON.stringify(byTime.timezone)} is unknown, so the controller rejects the Sensor. Use an IANA ` +
      'name such as "America/Los_Angeles" (case matters), or leave it out for UTC.');
  }
}

function checkTriggerType(
  out: FindingCollector, type: string, rules: TriggerTypeRules, spec: Record<string, unknown>, path: string,
): void {
  for (const { field, check, fix } of rules.required) {
    if (check === 'string' ? isBlank(spec[field]) : !isSet(spec[field])) {
      out.error('sensor/trigger-missing-field', pathJoin(path, field),
        `The ${type} trigger has no ${field}, so the controller rejects the Sensor. ${fix}`);
    }
  }
  if (rules.parameters) {
    checkParameters(out, spec.parameters, pathJoin(path, 'parameters'), true);
  }
  if (rules.payload !== undefined) {
    checkParameters(out, spec.payload, pathJoin(path, 'payload'), rules.payload === 'dest-required');
  }
  switch (type) {
    case 'k8s':
      if (typeof spec.operation === 'string' && !K8S_OPERATIONS.has(spec.operation)) {
        out.error('sensor/trigger-operation', pathJoin(path, 'operation'),
          `k8s operation ${JSON.stringify(spec.operation)} is not supported, so the controller rejects the Sensor. ` +
          'Use create (the default), update, patch or delete.');
      }
      break;
    case 'argoWorkflow': {
      const operation = isSet(spec.operation) ? spec.operation : '';
      if (typeof operation === 'string' && !WORKFLOW_OPERATIONS.has(operation)) {
        out.error('sensor/trigger-operation', pathJoin(path, 'operation'),
          (operation === ''
            ? 'The argoWorkflow trigger has no operation, so the controller rejects the Sensor (the runtime default ' +
              'of submit is never reached). '
            : `argoWorkflow operation ${JSON.stringify(operation)} is not supported, so the controller rejects the Sensor. `) +
          'Set operation to submit, submit-from, resubmit, retry, resume, suspend, terminate or stop.');
      }
      break;
    }
    case 'http':
      if (typeof spec.method === 'string' && spec.method !== '' && !HTTP_METHODS.has(spec.method)) {
        out.error('sensor/http-method', pathJoin(path, 'method'),
          `HTTP method ${JSON.stringify(spec.method)} is not supported, so the controller rejects the Sensor. Use GET, ` +
          'POST (the default), PUT, PATCH or DELETE, in upper case.');
      }
      break;
    case 'openWhisk':
      if (isRecord(spec.authToken)) {
        const token = spec.authToken;
        for (const key of ['name', 'key']) {
          if (isBlank(token[key])) {
            out.error('sensor/openwhisk-auth-token', pathJoin(path, 'authToken', key),
              `openWhisk.authToken has no ${key}, so the controller rejects the Sensor. Reference the Secret by name ` +
              'and key, or remove authToken.');
          }
        }
      }
      break;
    case 'custom':
      if (spec.secure === true && !isSet(spec.certSecret)) {
        out.error('sensor/trigger-missing-field', pathJoin(path, 'certSecret'),
          'The custom trigger is secure but has no certSecret, so the controller rejects the Sensor. Reference the ' +
          'Secret key that holds the server certificate, or set secure: false.');
      }
      break;
    case 'email':
      if (typeof spec.port === 'number' && (spec.port < 0 || spec.port > 65535)) {
        out.error('sensor/email-port', pathJoin(path, 'port'),
          `Port ${spec.port} is out of range, so the controller rejects the Sensor. Use the SMTP port (0-65535), ` +
          'e.g. 587.');
      }
      break;
    default:
      break;
  }
}

function checkParameters(out: FindingCollector, parameters: unknown, path: string, destRequired: boolean): void {
  listOf(parameters).forEach((parameter, i) => {
    if (!isRecord(parameter)) {
      return;
    }
    const at = pathJoin(path, i);
    const src = parameter.src;
    if (!isSet(src)) {
      out.error('sensor/parameter-missing-src', pathJoin(at, 'src'),
        'The parameter has no src, so the controller rejects the Sensor. Add src with a dependencyName and a ' +
        'dataKey, contextKey, template or value.');
    } else if (isRecord(src) && isBlank(src.dependencyName)) {
      out.error('sensor/parameter-missing-dependency-name', pathJoin(at, 'src', 'dependencyName'),
        'The parameter\'s src has no dependencyName, so the controller rejects the Sensor. Set it to the name of ' +
        'the dependency whose event supplies the value.');
    }
    if (destRequired && isBlank(parameter.dest)) {
      out.error('sensor/parameter-missing-dest', pathJoin(at, 'dest'),
        'The parameter has no dest, so the controller rejects the Sensor. Set dest to the path of the field to ' +
        'write, e.g. spec.template.spec.containers.0.args.0.');
    }
    if (typeof parameter.operation === 'string' && !PARAMETER_OPERATIONS.has(parameter.operation)) {
      out.error('sensor/parameter-operation', pathJoin(at, 'operation'),
        `Parameter operation ${JSON.stringify(parameter.operation)} is not supported, so the controller rejects the ` +
        'Sensor. Use overwrite (the default), append or prepend.');
    }
  });
}

// The controller checks only the policy kind that matches the first trigger type it finds.
function checkPolicy(
  out: FindingCollector, policy: Record<string, unknown>, template: Record<string, unknown>, path: string,
): void {
  if (isSet(template.k8s) || isSet(template.argoWorkflow)) {
    if (isRecord(policy.k8s) && !isSet(policy.k8s.labels)) {
      out.error('sensor/policy-missing-labels', pathJoin(path, 'k8s', 'labels'),
        'policy.k8s has no labels, so the controller rejects the Sensor. List the labels the created resource must ' +
        'reach (e.g. workflows.argoproj.io/phase: Succeeded), or remove policy.k8s.');
    }
  } else if (isSet(template.http) || isSet(template.awsLambda)) {
    if (isRecord(policy.status) && !isSet(policy.status.allow)) {
      out.error('sensor/policy-missing-allow', pathJoin(path, 'status', 'allow'),
        'policy.status has no allow list, so the controller rejects the Sensor. List the response codes that count ' +
        'as success, e.g. allow: [200, 201, 202, 204].');
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
  const required: Array<[string, boolean, string]> = [
    ['version', isBlank(resource.version), 'Set the API version of the watched kind, e.g. v1.'],
    ['resource', isBlank(resource.resource), 'Set the plural resource name, e.g. deployments.'],
    ['eventTypes', !isSet(resource.eventTypes), 'List the event types to watch, e.g. [ADD, UPDATE, DELETE].'],
  ];
  for (const [field, missing, fix] of required) {
    if (missing) {
      out.error('eventsource/resource-missing-field', pathJoin(path, field),
        `The resource event has no ${field}, so the controller rejects the EventSource. ${fix}`);
    }
  }
  const filter = recordOf(resource.filter);
  for (const list of ['labels', 'fields']) {
    listOf(filter[list]).forEach((selector, i) => {
      if (isRecord(selector) && isBlank(selector.key)) {
        out.error('eventsource/selector-missing-key', pathJoin(path, 'filter', list, i, 'key'),
          `The ${list === 'labels' ? 'label' : 'field'} selector has no key, so the controller rejects the ` +
          `EventSource. Set key to the ${list === 'labels' ? 'label key' : 'gjson path of the field'} to match.`);
      }
    });
  }
}

// ---------------------------------------------------------------------------------------------
// EventBus

// In the order the controller picks an installer when several are set.
const EVENT_BUS_TYPES = ['nats', 'jetstream', 'kafka', 'jetstreamExotic'];

function missingBusField(out: FindingCollector, path: string, fix: string): void {
  out.error('eventbus/missing-field', path, `${path} is required, so the controller rejects the EventBus. ${fix}`);
}
