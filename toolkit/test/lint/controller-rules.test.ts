import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { Finding, validateEventBus, validateEventSource, validateManifest, validateSensor } from '../../src/lint';

const EXAMPLES = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'conformance', 'argo-events', 'examples');

function sensor(): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Sensor',
    metadata: { name: 'hooks', namespace: 'ops' },
    spec: {
      dependencies: [{ name: 'dep', eventSourceName: 'hub', eventName: 'web' }],
      triggers: [{ template: { name: 'notify', log: {} } }],
    },
  };
}

function eventSource(): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'EventSource',
    metadata: { name: 'hub', namespace: 'ops' },
    spec: {
      resource: {
        web: { namespace: 'apps', group: 'apps', version: 'v1', resource: 'deployments', eventTypes: ['UPDATE'] },
      },
    },
  };
}

function eventBus(): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'EventBus',
    metadata: { name: 'default', namespace: 'ops' },
    spec: { jetstream: { version: '2.10.29' } },
  };
}

/** The rule ids and paths of the findings, for exact comparison. */
function summary(findings: Finding[]): Array<[string, string]> {
  return findings.map((f) => [f.rule, f.path]);
}

const dep = (s: any): any => s.spec.dependencies[0];
const trigger = (s: any): any => s.spec.triggers[0];
const template = (s: any): any => s.spec.triggers[0].template;
const D = 'spec.dependencies[0]';
const T = 'spec.triggers[0]';

// The newest release, and a fixed clock for the controller (time filter errors quote its date).
const NOW = new Date('2026-03-01T12:00:00Z');
const NEWEST = { argoEventsVersion: '1.9.11', now: NOW };

describe('validateSensor', () => {
  test('a minimal Sensor is valid', () => {
    expect(validateSensor(sensor())).toEqual([]);
  });

  // Each case: the rule, where, how to break the Sensor, and the controller's own error (from
  // pkg/reconciler/sensor/validate.go of v1.9.11), checked against the newest release.
  const cases: Array<[string, string, (s: any) => void, string]> = [
    ['sensor/no-dependencies', 'spec.dependencies', (s) => { s.spec.dependencies = []; }, 'no event dependencies found'],
    ['sensor/dependency-missing-name', `${D}.name`, (s) => { delete dep(s).name; }, 'event dependency must define a name'],
    ['sensor/dependency-missing-event-source-name', `${D}.eventSourceName`, (s) => { dep(s).eventSourceName = ''; },
      'event dependency must define the EventSourceName'],
    ['sensor/dependency-missing-event-name', `${D}.eventName`, (s) => { delete dep(s).eventName; },
      'event dependency must define the EventName'],
    ['sensor/logical-operator', `${D}.filtersLogicalOperator`, (s) => { dep(s).filtersLogicalOperator = 'xor'; },
      'logical operator xor not supported'],
    ['sensor/logical-operator', `${D}.filters.exprLogicalOperator`, (s) => { dep(s).filters = { exprLogicalOperator: 'AND' }; },
      'logical operator AND not supported'],
    ['sensor/logical-operator', `${D}.filters.dataLogicalOperator`, (s) => { dep(s).filters = { dataLogicalOperator: '&&' }; },
      'logical operator && not supported'],
    ['sensor/expr-filter-incomplete', `${D}.filters.exprs[0].expr`,
      (s) => { dep(s).filters = { exprs: [{ expr: '', fields: [{ name: 'a', path: 'body.a' }] }] }; },
      'one of expr filters is not valid (expr and fields must be not empty)'],
    ['sensor/expr-filter-incomplete', `${D}.filters.exprs[0].fields`,
      (s) => { dep(s).filters = { exprs: [{ expr: 'a == 1', fields: [] }] }; },
      'one of expr filters is not valid (expr and fields must be not empty)'],
    ['sensor/expr-filter-incomplete', `${D}.filters.exprs[0].fields[0].path`,
      (s) => { dep(s).filters = { exprs: [{ expr: 'a == 1', fields: [{ name: 'a' }] }] }; },
      'one of expr filters is not valid (path and name in a field must be not empty)'],
    ['sensor/data-filter-comparator', `${D}.filters.data[0].comparator`,
      (s) => { dep(s).filters = { data: [{ path: 'body.n', type: 'number', value: ['1'], comparator: '==' }] }; },
      'comparator == not supported'],
    ['sensor/data-filter-incomplete', `${D}.filters.data[0].path`,
      (s) => { dep(s).filters = { data: [{ type: 'string', value: ['x'] }] }; },
      'one of data filters is not valid (type, path and value must be not empty)'],
    ['sensor/data-filter-incomplete', `${D}.filters.data[0].type`,
      (s) => { dep(s).filters = { data: [{ path: 'body.a', value: ['x'] }] }; },
      'one of data filters is not valid (type, path and value must be not empty)'],
    ['sensor/data-filter-incomplete', `${D}.filters.data[0].value`,
      (s) => { dep(s).filters = { data: [{ path: 'body.a', type: 'string', value: [] }] }; },
      'one of data filters is not valid (type, path and value must be not empty)'],
    ['sensor/data-filter-incomplete', `${D}.filters.data[0].value[1]`,
      (s) => { dep(s).filters = { data: [{ path: 'body.a', type: 'string', value: ['x', ''] }] }; },
      'one of data filters is not valid (value must be not empty)'],
    ['sensor/context-filter-empty', `${D}.filters.context`,
      (s) => { dep(s).filters = { context: { id: 'abc', time: '2024-01-01T00:00:00Z' } }; },
      'no fields specified in ctx filter (aka all events will be discarded)'],
    ['sensor/time-filter-timezone', `${D}.filters.time.timezone`,
      (s) => { dep(s).filters = { time: { start: '09:00:00', stop: '17:00:00', timezone: 'Mars/Olympus_Mons' } }; },
      "invalid timezone 'Mars/Olympus_Mons': unknown time zone Mars/Olympus_Mons"],
    ['sensor/time-filter-timezone', `${D}.filters.time.timezone`,
      (s) => { dep(s).filters = { time: { start: '09:00:00', stop: '17:00:00', timezone: 'europe/berlin' } }; },
      "invalid timezone 'europe/berlin': unknown time zone europe/berlin"],
    ['sensor/time-filter-format', `${D}.filters.time.start`,
      (s) => { dep(s).filters = { time: { start: '9:00', stop: '17:00:00' } }; },
      'parsing time "2026-03-01 9:00" as "2006-01-02 15:04:05": cannot parse "" as ":"'],
    ['sensor/time-filter-format', `${D}.filters.time.stop`,
      (s) => { dep(s).filters = { time: { start: '09:00:00', stop: '24:00:00' } }; },
      'parsing time "2026-03-01 24:00:00": hour out of range'],
    ['sensor/time-filter-format', `${D}.filters.time.stop`,
      (s) => { dep(s).filters = { time: { start: '09:00:00' } }; },
      'parsing time "2026-03-01 " as "2006-01-02 15:04:05": cannot parse "" as "15"'],
    ['sensor/time-filter-empty-window', `${D}.filters.time.stop`,
      (s) => { dep(s).filters = { time: { start: '09:00:00', stop: '9:00:00.000', timezone: 'Europe/Berlin' } }; },
      // Sic: no closing quote.
      "invalid event time filter: stop '9:00:00.000' is equal to start '09:00:00"],
    ['sensor/no-triggers', 'spec.triggers', (s) => { delete s.spec.triggers; }, 'no triggers found'],
    ['sensor/trigger-missing-template', `${T}.template`, (s) => { delete trigger(s).template; }, "trigger template can't be nil"],
    ['sensor/trigger-missing-name', `${T}.template.name`, (s) => { template(s).name = ''; }, 'trigger must define a name'],
    ['sensor/duplicate-trigger-name', 'spec.triggers[1].template.name',
      (s) => { s.spec.triggers.push({ template: { name: 'notify', log: {} } }); }, 'duplicate trigger name: notify'],
    ['sensor/conditions-reset-missing-by-time', `${T}.template.conditionsReset[0].byTime`,
      (s) => { template(s).conditionsReset = [{}]; }, 'invalid conditionsReset'],
    ['sensor/conditions-reset-cron', `${T}.template.conditionsReset[0].byTime.cron`,
      (s) => { template(s).conditionsReset = [{ byTime: { cron: '@daily' } }]; }, 'invalid cron expression "@daily"'],
    ['sensor/conditions-reset-cron', `${T}.template.conditionsReset[0].byTime.cron`,
      (s) => { template(s).conditionsReset = [{ byTime: { cron: '0 0 0 * * *' } }]; }, 'invalid cron expression "0 0 0 * * *"'],
    ['sensor/conditions-reset-timezone', `${T}.template.conditionsReset[0].byTime.timezone`,
      (s) => { template(s).conditionsReset = [{ byTime: { cron: '0 0 * * *', timezone: 'CET+1' } }]; }, 'invalid timezone "CET+1"'],
    ['sensor/trigger-missing-field', `${T}.template.k8s.source`, (s) => { template(s).k8s = { operation: 'create' }; },
      'trigger for template notify is invalid, k8s trigger does not contain an absolute action'],
    ['sensor/trigger-missing-field', `${T}.template.argoWorkflow.source`,
      (s) => { template(s).argoWorkflow = { operation: 'submit' }; },
      'template notify is invalid, argoWorkflow trigger does not contain an absolute action'],
    ['sensor/trigger-missing-field', `${T}.template.http.url`, (s) => { template(s).http = { method: 'POST' }; },
      'template notify is invalid, server URL is not specified'],
    ['sensor/trigger-missing-field', `${T}.template.awsLambda.payload`,
      (s) => { template(s).awsLambda = { functionName: 'f', region: 'eu-west-1' }; },
      'template notify is invalid, payload parameters are not specified'],
    ['sensor/trigger-missing-field', `${T}.template.kafka.topic`,
      (s) => { template(s).kafka = { url: 'kafka:9092', payload: [] }; }, 'template notify is invalid, topic must not be empty'],
    ['sensor/trigger-missing-field', `${T}.template.nats.subject`,
      (s) => { template(s).nats = { url: 'nats://nats:4222', payload: [] }; }, "template notify is invalid, nats subject can't be empty"],
    ['sensor/trigger-missing-field', `${T}.template.slack.slackToken`, (s) => { template(s).slack = { channel: 'ops' }; },
      "template notify is invalid, slack token can't be empty"],
    ['sensor/trigger-missing-field', `${T}.template.openWhisk.host`,
      (s) => { template(s).openWhisk = { actionName: 'a', payload: [] }; }, 'template notify is invalid, host URL is not specified'],
    ['sensor/trigger-missing-field', `${T}.template.custom.spec`, (s) => { template(s).custom = { serverURL: 'x:1' }; },
      "template notify is invalid, trigger body can't be empty"],
    ['sensor/trigger-missing-field', `${T}.template.custom.certSecret`,
      (s) => { template(s).custom = { serverURL: 'x:1', spec: {}, secure: true }; },
      "template notify is invalid, certSecret can't be nil when the trigger server connection is secure"],
    ['sensor/trigger-missing-field', `${T}.template.email.host`, (s) => { template(s).email = { port: 587 }; },
      "template notify is invalid, host can't be empty"],
    ['sensor/trigger-operation', `${T}.template.k8s.operation`,
      (s) => { template(s).k8s = { operation: 'apply', source: { resource: {} } }; },
      'trigger for template notify is invalid, unknown operation type apply'],
    ['sensor/trigger-operation', `${T}.template.argoWorkflow.operation`,
      (s) => { template(s).argoWorkflow = { source: { resource: {} } }; },
      'template notify is invalid, unknown operation type '],
    ['sensor/http-method', `${T}.template.http.method`, (s) => { template(s).http = { url: 'http://x', method: 'post' }; },
      'template notify is invalid, only GET, DELETE, PATCH, POST and PUT methods are supported'],
    ['sensor/email-port', `${T}.template.email.port`, (s) => { template(s).email = { host: 'smtp', port: 70000 }; },
      'template notify is invalid, port: 70000, port should be between 0-65535'],
    ['sensor/openwhisk-auth-token', `${T}.template.openWhisk.authToken.key`,
      (s) => { template(s).openWhisk = { actionName: 'a', host: 'h', payload: [], authToken: { name: 'ow' } }; },
      'template notify is invalid, auth token key and name must be specified'],
    ['sensor/parameter-missing-src', `${T}.parameters[0].src`, (s) => { trigger(s).parameters = [{ dest: 'http.url' }]; },
      "template parameter index: 0. err: parameter source can't be empty"],
    ['sensor/parameter-missing-dependency-name', `${T}.template.k8s.parameters[0].src.dependencyName`,
      (s) => { template(s).k8s = { source: { resource: {} }, parameters: [{ src: { dataKey: 'body' }, dest: 'spec.x' }] }; },
      "trigger for template notify is invalid, resource parameter index: 0. err: parameter dependency name can't be empty"],
    ['sensor/parameter-missing-dest', `${T}.template.kafka.payload[0].dest`,
      (s) => { template(s).kafka = { url: 'k:9092', topic: 't', payload: [{ src: { dependencyName: 'dep' } }] }; },
      "template notify is invalid, payload index: 0. err: parameter destination can't be empty"],
    ['sensor/parameter-missing-dest', `${T}.template.openWhisk.payload[1].dest`,
      (s) => {
        template(s).openWhisk = { actionName: 'a', host: 'h', payload: [{ src: { dependencyName: 'dep' }, dest: 'a' }, { src: { dependencyName: 'dep' } }] };
      },
      // Sic: openWhisk payload entries are reported as resource parameters.
      "template notify is invalid, resource parameter index: 1. err: parameter destination can't be empty"],
    ['sensor/parameter-operation', `${T}.template.http.payload[0].operation`,
      (s) => { template(s).http = { url: 'http://x', payload: [{ src: { dependencyName: 'dep' }, operation: 'replace' }] }; },
      'template notify is invalid, payload index: 0. err: parameter operation replace is invalid'],
    ['sensor/policy-missing-labels', `${T}.policy.k8s.labels`,
      (s) => { template(s).k8s = { source: { resource: {} } }; trigger(s).policy = { k8s: { errorOnBackoffTimeout: true } }; },
      'resource labels are not specified'],
    ['sensor/policy-missing-allow', `${T}.policy.status.allow`,
      (s) => { template(s).http = { url: 'http://x' }; trigger(s).policy = { status: {} }; },
      'list of allowed response status is not specified'],
    ['sensor/dlq-requires-at-least-once', `${T}.atLeastOnce`,
      (s) => { trigger(s).dlqTrigger = { atLeastOnce: true, template: { name: 'dlq', log: {} } }; },
      'to use dlqTrigger, trigger.atLeastOnce must be set to true'],
    ['sensor/dlq-requires-at-least-once', `${T}.dlqTrigger.atLeastOnce`,
      (s) => { trigger(s).atLeastOnce = true; trigger(s).dlqTrigger = { template: { name: 'dlq', log: {} } }; },
      'atLeastOnce must be set to true within the dlqTrigger'],
    ['sensor/trigger-missing-field', `${T}.dlqTrigger.template.http.url`,
      (s) => { trigger(s).atLeastOnce = true; trigger(s).dlqTrigger = { atLeastOnce: true, template: { name: 'dlq', http: {} } }; },
      'template dlq is invalid, server URL is not specified'],
  ];

  test.each(cases)('%s at %s', (rule, where, mutate, controllerMessage) => {
    const s = sensor();
    mutate(s);
    const findings = validateSensor(s, NEWEST);
    expect(summary(findings)).toEqual([[rule, where]]);
    expect(findings[0]).toMatchObject({ severity: 'error', kind: 'Sensor', name: 'hooks', namespace: 'ops' });
    expect(findings[0].message).toMatch(/controller rejects/);
    expect(findings[0].controllerError).toEqual({ stage: 'validate', message: controllerMessage });
  });

  test('several problems are all reported, not just the first', () => {
    const s = sensor();
    s.spec.dependencies = [{ name: 'a' }];
    s.spec.triggers = [{ template: { http: { method: 'FETCH' } } }];
    expect(summary(validateSensor(s))).toEqual([
      ['sensor/dependency-missing-event-source-name', `${D}.eventSourceName`],
      ['sensor/dependency-missing-event-name', `${D}.eventName`],
      ['sensor/trigger-missing-name', `${T}.template.name`],
      ['sensor/trigger-missing-field', `${T}.template.http.url`],
      ['sensor/http-method', `${T}.template.http.method`],
    ]);
  });

  test('a second dependency on the same event is rejected on a NATS Streaming bus only', () => {
    const s = sensor();
    s.spec.dependencies.push({ name: 'again', eventSourceName: 'hub', eventName: 'web' });
    const stan = { ...eventBus(), spec: { nats: { native: {} } } };
    expect(summary(validateSensor(s, { eventBus: stan }))).toEqual([
      ['sensor/duplicate-event-dependency', 'spec.dependencies[1]'],
    ]);
    expect(validateSensor(s, { eventBus: eventBus() })).toEqual([]);
    expect(validateSensor(s)).toEqual([]);
  });

  test('values the controller accepts give no findings', () => {
    const s = sensor();
    dep(s).filtersLogicalOperator = 'or';
    dep(s).filters = {
      data: [{ path: 'body.n', type: 'number', value: ['1'], comparator: '>=' }],
      context: { type: 'resource' },
      time: { start: '23:00:00', stop: '01:00:00.5', timezone: 'US/Eastern' },
    };
    // An HTTP payload entry without dest makes the value the whole body.
    template(s).http = { url: 'http://x', method: 'PUT', payload: [{ src: { dependencyName: 'dep' } }] };
    template(s).conditionsReset = [{ byTime: { cron: 'TZ=UTC */15 9-17 ? jan-DEC mon-fri', timezone: 'Local' } }];
    template(s).argoWorkflow = { operation: 'submit', source: { resource: {} } };
    // Only the policy for the first trigger type found (argoWorkflow before http) is checked.
    trigger(s).policy = { k8s: { labels: {} }, status: {} };
    trigger(s).atLeastOnce = true;
    trigger(s).dlqTrigger = { atLeastOnce: true, template: { name: 'notify', log: {} } };
    // Not validated by the controller: runtime traps are reported by other rules.
    template(s).conditions = 'undefined-dependency';
    trigger(s).retryStrategy = { factor: '2' };
    expect(validateSensor(s, NEWEST)).toEqual([]);
  });
});

describe('the controller\'s order', () => {
  const errorsOf = (findings: Finding[]): string[] => findings.map((f) => f.controllerError!.message);

  test('a dependency\'s filters come before the operator that combines them, as the controller checks', () => {
    const s = sensor();
    dep(s).filtersLogicalOperator = 'xor';
    dep(s).filters = { data: [{ path: 'body.a', type: 'string', value: [] }] };
    expect(errorsOf(validateSensor(s, NEWEST))).toEqual([
      'one of data filters is not valid (type, path and value must be not empty)',
      'logical operator xor not supported',
    ]);
  });

  test('within a trigger type, checks come in the controller\'s order', () => {
    const s = sensor();
    template(s).openWhisk = {
      actionName: 'purge', host: 'https://ow.example.com', authToken: { name: 'ow' },
      parameters: [{ src: { dependencyName: 'dep' } }],
    };
    s.spec.triggers.push({ template: { name: 'mail', email: { host: 'smtp', port: -1, parameters: [{ dest: 'body' }] } } });
    expect(errorsOf(validateSensor(s, NEWEST))).toEqual([
      'template notify is invalid, auth token key and name must be specified',
      "template notify is invalid, resource parameter index: 0. err: parameter destination can't be empty",
      'template notify is invalid, payload parameters are not specified',
      'template mail is invalid, port: -1, port should be between 0-65535',
      "template mail is invalid, resource parameter index: 0. err: parameter source can't be empty",
    ]);
  });

  test('a duplicate trigger name is checked after the whole trigger from 1.9.3, right after its template before', () => {
    const s = sensor();
    s.spec.triggers.push({ template: { name: 'notify', http: { url: 'http://x' } }, policy: { status: {} } });
    expect(errorsOf(validateSensor(s, { argoEventsVersion: '1.9.2' }))).toEqual([
      'duplicate trigger name: notify',
      'list of allowed response status is not specified',
    ]);
    expect(errorsOf(validateSensor(s, { argoEventsVersion: '1.9.3' }))).toEqual([
      'list of allowed response status is not specified',
      'duplicate trigger name: notify',
    ]);
  });
});

describe('per Argo Events release', () => {
  const VERSIONS = Array.from({ length: 12 }, (_, patch) => `1.9.${patch}`);
  const errorsAt = (s: any, version: string): string[] =>
    validateSensor(s, { argoEventsVersion: version, now: NOW }).map((f) => f.controllerError!.message);

  // What the library wrote for an HTTP trigger without payload: one entry with an empty dest.
  function httpHook(): any {
    const s = sensor();
    s.spec.triggers = [{
      atLeastOnce: true,
      policy: { status: { allow: [200, 201, 202, 204] } },
      template: {
        name: 'purge',
        http: {
          url: 'https://api.fastly.com/service/abc123/purge_all', method: 'POST',
          payload: [{ src: { dependencyName: 'dep', dataKey: 'body.metadata.name' }, dest: '' }],
        },
      },
    }];
    return s;
  }

  test.each(VERSIONS)('an HTTP payload entry with an empty dest on %s', (version) => {
    const patch = Number(version.split('.')[2]);
    expect(errorsAt(httpHook(), version)).toEqual(patch < 8
      ? ["template purge is invalid, payload index: 0. err: parameter destination can't be empty"]
      : []);
  });

  test.each(VERSIONS)('an empty dest elsewhere is rejected on %s', (version) => {
    const s = httpHook();
    s.spec.triggers[0].template.http.payload[0].dest = 'name';
    s.spec.triggers[0].template.http.parameters = [{ src: { dependencyName: 'dep', dataKey: 'body.metadata.name' }, dest: '' }];
    s.spec.triggers[0].parameters = [{ src: { dependencyName: 'dep', dataKey: 'body.metadata.name' } }];
    expect(errorsAt(s, version)).toEqual([
      "template purge is invalid, resource parameter index: 0. err: parameter destination can't be empty",
      "template parameter index: 0. err: parameter destination can't be empty",
    ]);
  });

  test.each(VERSIONS)('a dead-letter trigger on %s', (version) => {
    const patch = Number(version.split('.')[2]);
    const s = httpHook();
    s.spec.triggers[0].template.http.payload[0].dest = 'name';
    s.spec.triggers[0].atLeastOnce = false;
    s.spec.triggers[0].dlqTrigger = { template: { name: 'record-failure', http: { method: 'POST' } } };
    // Releases before 1.9.3 do not have the field: they drop it unread.
    expect(errorsAt(s, version)).toEqual(patch < 3 ? [] : [
      'to use dlqTrigger, trigger.atLeastOnce must be set to true',
      'atLeastOnce must be set to true within the dlqTrigger',
      'template record-failure is invalid, server URL is not specified',
    ]);
  });

  test.each(VERSIONS)('a time filter time zone on %s', (version) => {
    const patch = Number(version.split('.')[2]);
    const s = sensor();
    dep(s).filters = { time: { start: '22:00:00', stop: '6:00', timezone: 'Europe/Amsterdam ' } };
    // Before 1.9.9 the zone is dropped, and the times are read after the UTC date; with a zone,
    // after the date in that zone (still 2026-03-01 at noon UTC).
    expect(errorsAt(s, version)).toEqual([
      ...(patch < 9 ? [] : ["invalid timezone 'Europe/Amsterdam ': unknown time zone Europe/Amsterdam "]),
      'parsing time "2026-03-01 6:00" as "2006-01-02 15:04:05": cannot parse "" as ":"',
    ]);
  });

  test('time filter errors quote the date in the filter\'s zone, as the controller does', () => {
    const s = sensor();
    dep(s).filters = { time: { start: '09:00', stop: '17:00:00', timezone: 'Pacific/Auckland' } };
    const late = new Date('2026-03-01T20:00:00Z');
    expect(validateSensor(s, { argoEventsVersion: '1.9.9', now: late }).map((f) => f.controllerError!.message))
      .toEqual(['parsing time "2026-03-02 09:00" as "2006-01-02 15:04:05": cannot parse "" as ":"']);
    expect(validateSensor(s, { argoEventsVersion: '1.9.8', now: late }).map((f) => f.controllerError!.message))
      .toEqual(['parsing time "2026-03-01 09:00" as "2006-01-02 15:04:05": cannot parse "" as ":"']);
  });

  test('the oldest supported release is the default', () => {
    expect(summary(validateSensor(httpHook()))).toEqual([['sensor/parameter-missing-dest', `${T}.template.http.payload[0].dest`]]);
    expect(summary(validateManifest(httpHook()))).toEqual([['sensor/parameter-missing-dest', `${T}.template.http.payload[0].dest`]]);
  });

  test.each(['1.10.0', '1.8.4', '1.9.12', '1.9', 'latest', '1.9.04', ''])('release %j is refused, naming the supported range', (version) => {
    expect(() => validateManifest(sensor(), { argoEventsVersion: version }))
      .toThrow(`argoEventsVersion ${JSON.stringify(version)} is not a supported Argo Events release; use one of 1.9.0 to 1.9.11`);
  });

  test('a leading v, as upstream tags releases, is accepted', () => {
    expect(validateSensor(httpHook(), { argoEventsVersion: 'v1.9.8' })).toEqual([]);
  });
});

describe('validateEventSource', () => {
  test('a minimal EventSource is valid, even with empty eventTypes', () => {
    expect(validateEventSource(eventSource())).toEqual([]);
    const es = eventSource();
    es.spec.resource.web.eventTypes = [];
    expect(validateEventSource(es)).toEqual([]);
  });

  const W = 'spec.resource.web';
  const cases: Array<[string, string, (es: any) => void, string]> = [
    ['eventsource/duplicate-event-name', 'spec.resource.web',
      (es) => { es.spec = { calendar: { web: { interval: '1m' } }, resource: es.spec.resource }; },
      'more than one "web" found in the spec'],
    ['eventsource/mixed-deployment-strategies', 'spec',
      (es) => { es.spec.webhook = { push: { endpoint: '/push', port: '12000', method: 'POST' } }; },
      'event sources with rolling update and recreate update strategy can not be put together'],
    ['eventsource/resource-missing-field', `${W}.version`, (es) => { delete es.spec.resource.web.version; },
      'version must be specified'],
    ['eventsource/resource-missing-field', `${W}.resource`, (es) => { es.spec.resource.web.resource = ''; },
      'resource must be specified'],
    ['eventsource/resource-missing-field', `${W}.eventTypes`, (es) => { delete es.spec.resource.web.eventTypes; },
      'event types must be specified'],
    ['eventsource/selector-missing-key', `${W}.filter.labels[0].key`,
      (es) => { es.spec.resource.web.filter = { labels: [{ operation: '=', value: 'web' }] }; },
      "key can't be empty for selector"],
    ['eventsource/selector-missing-key', `${W}.filter.fields[1].key`,
      (es) => { es.spec.resource.web.filter = { fields: [{ key: 'a', operation: '==', value: 'x' }, { value: 'y' }] }; },
      "key can't be empty for selector"],
  ];

  test.each(cases)('%s at %s', (rule, where, mutate, controllerMessage) => {
    const es = eventSource();
    mutate(es);
    const findings = validateEventSource(es);
    expect(summary(findings)).toEqual([[rule, where]]);
    expect(findings[0]).toMatchObject({ severity: 'error', kind: 'EventSource', name: 'hub', namespace: 'ops' });
    expect(findings[0].message).toMatch(/controller rejects/);
    expect(findings[0].controllerError).toEqual({ stage: 'validate', message: controllerMessage });
  });

  test('event names that need quoting are bracketed in the path', () => {
    const es = eventSource();
    es.spec.resource = { 'web.v1': { group: 'apps' } };
    expect(summary(validateEventSource(es)).map(([, p]) => p)).toEqual([
      'spec.resource["web.v1"].version', 'spec.resource["web.v1"].resource', 'spec.resource["web.v1"].eventTypes',
    ]);
  });

  test('empty event maps do not count as a type', () => {
    const es = eventSource();
    es.spec.webhook = {};
    expect(validateEventSource(es)).toEqual([]);
  });
});

describe('validateEventBus', () => {
  test('a JetStream bus with a version is valid', () => {
    expect(validateEventBus(eventBus())).toEqual([]);
  });

  const cases: Array<[string, string, (b: any) => void, string]> = [
    ['eventbus/no-type', 'spec', (b) => { b.spec = {}; },
      'invalid spec: either "nats", "jetstream", "jetstreamExotic", or "kafka" needs to be specified'],
    ['eventbus/nats-native-and-exotic', 'spec.nats',
      (b) => { b.spec = { nats: { native: {}, exotic: { clusterID: 'c', url: 'nats://n:4222' } } }; },
      '"spec.nats.native" and "spec.nats.exotic" can not be defined together'],
    ['eventbus/nats-missing-mode', 'spec.nats', (b) => { b.spec = { nats: {} }; }, 'either "native" or "exotic" must be defined'],
    ['eventbus/missing-field', 'spec.nats.exotic.clusterID', (b) => { b.spec = { nats: { exotic: { url: 'nats://n:4222' } } }; },
      '"spec.nats.exotic.clusterID" is missing'],
    ['eventbus/missing-field', 'spec.nats.exotic.url', (b) => { b.spec = { nats: { exotic: { clusterID: '' } } }; },
      '"spec.nats.exotic.url" is missing'],
    ['eventbus/missing-field', 'spec.jetstream.version', (b) => { b.spec = { jetstream: { replicas: 3 } }; },
      'invalid spec: a version for jetstream needs to be specified'],
    ['eventbus/missing-field', 'spec.kafka.url', (b) => { b.spec = { kafka: { topic: 't' } }; }, '"spec.kafka.url" is missing'],
    ['eventbus/missing-field', 'spec.jetstreamExotic.url', (b) => { b.spec = { jetstreamExotic: {} }; },
      '"spec.jetstreamExotic.url" is missing'],
    ['eventbus/jetstream-replicas', 'spec.jetstream.replicas', (b) => { b.spec.jetstream.replicas = 2; },
      'invalid spec: a jetstream eventbus requires 1 replica or >= 3 replicas'],
    ['eventbus/jetstream-replicas', 'spec.jetstream.replicas', (b) => { b.spec.jetstream.replicas = 0; },
      'invalid spec: a jetstream eventbus requires 1 replica or >= 3 replicas'],
  ];

  test.each(cases)('%s at %s', (rule, where, mutate, controllerMessage) => {
    const b = eventBus();
    mutate(b);
    const findings = validateEventBus(b);
    expect(summary(findings)).toEqual([[rule, where]]);
    expect(findings[0]).toMatchObject({ severity: 'error', kind: 'EventBus', name: 'default', namespace: 'ops' });
    expect(findings[0].message).toMatch(/controller rejects/);
    expect(findings[0].controllerError).toEqual({ stage: 'validate', message: controllerMessage });
  });

  test('several bus types are a warning naming the ignored ones', () => {
    const b = eventBus();
    b.spec.kafka = { url: 'kafka:9092' };
    b.spec.nats = { native: {} };
    const findings = validateEventBus(b);
    expect(findings.map((f) => [f.rule, f.severity, f.path])).toEqual([
      ['eventbus/multiple-types', 'warning', 'spec.jetstream'],
      ['eventbus/multiple-types', 'warning', 'spec.kafka'],
    ]);
    expect(findings[0].message).toContain('uses only nats');
  });

  test('replicas 1 and 3 are accepted', () => {
    for (const replicas of [1, 3, 5]) {
      const b = eventBus();
      b.spec.jetstream.replicas = replicas;
      expect(validateEventBus(b)).toEqual([]);
    }
  });
});

describe('validateManifest', () => {
  test('dispatches on apiVersion and kind', () => {
    const s = sensor();
    s.spec.triggers = [];
    expect(summary(validateManifest(s))).toEqual([['sensor/no-triggers', 'spec.triggers']]);
    const es = eventSource();
    delete es.spec.resource.web.version;
    expect(summary(validateManifest(es))).toEqual([['eventsource/resource-missing-field', 'spec.resource.web.version']]);
    expect(summary(validateManifest({ ...eventBus(), spec: {} }))).toEqual([['eventbus/no-type', 'spec']]);
  });

  test('passes the EventBus on to the Sensor rules', () => {
    const s = sensor();
    s.spec.dependencies.push({ name: 'again', eventSourceName: 'hub', eventName: 'web' });
    const stan = { ...eventBus(), spec: { nats: { native: {} } } };
    expect(summary(validateManifest(s, { eventBus: stan }))).toEqual([
      ['sensor/duplicate-event-dependency', 'spec.dependencies[1]'],
    ]);
  });

  test('ignores other objects', () => {
    expect(validateManifest({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } })).toEqual([]);
    expect(validateManifest({ apiVersion: 'argoproj.io/v1alpha1', kind: 'WorkflowTemplate', spec: {} })).toEqual([]);
    expect(validateManifest({ apiVersion: 'example.com/v1', kind: 'Sensor', spec: {} })).toEqual([]);
    expect(validateManifest(null)).toEqual([]);
    expect(validateManifest('Sensor')).toEqual([]);
  });

  test('a Sensor without metadata or spec is reported without a name', () => {
    const findings = validateManifest({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Sensor' });
    expect(summary(findings)).toEqual([['sensor/no-dependencies', 'spec.dependencies'], ['sensor/no-triggers', 'spec.triggers']]);
    expect(findings[0].name).toBe('');
    expect(findings[0]).not.toHaveProperty('namespace');
  });
});

const haveExamples = fs.existsSync(EXAMPLES);
if (!haveExamples) {
  console.warn(`Skipping the upstream example checks: ${EXAMPLES} is missing.`);
}

(haveExamples ? describe : describe.skip)('upstream examples', () => {
  test('every upstream example manifest passes the controller rules', () => {
    const counts = new Map<string, number>();
    let files = 0;
    const problems: string[] = [];
    for (const dir of ['event-sources', 'sensors']) {
      for (const file of fs.readdirSync(path.join(EXAMPLES, dir)).filter((f) => /\.ya?ml$/.test(f))) {
        files++;
        const text = fs.readFileSync(path.join(EXAMPLES, dir, file), 'utf8');
        for (const doc of YAML.parseAllDocuments(text)) {
          const obj = doc.toJS();
          if (obj === null || obj === undefined) {
            continue;
          }
          counts.set(obj.kind, (counts.get(obj.kind) ?? 0) + 1);
          // The examples are those of the newest release.
          for (const f of validateManifest(obj, { argoEventsVersion: '1.9.11' })) {
            problems.push(`${dir}/${file} ${f.kind}/${f.name} ${f.path}: ${f.rule} ${f.message}`);
          }
        }
      }
    }
    console.log(`Checked ${files} upstream example files: ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}.`);
    expect(problems).toEqual([]);
    expect(counts.get('Sensor')).toBeGreaterThanOrEqual(70);
    expect(counts.get('EventSource')).toBeGreaterThanOrEqual(30);
  });
});
