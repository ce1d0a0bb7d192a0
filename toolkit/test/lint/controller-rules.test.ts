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

describe('validateSensor', () => {
  test('a minimal Sensor is valid', () => {
    expect(validateSensor(sensor())).toEqual([]);
  });

  const cases: Array<[string, string, (s: any) => void]> = [
    ['sensor/no-dependencies', 'spec.dependencies', (s) => { s.spec.dependencies = []; }],
    ['sensor/dependency-missing-name', `${D}.name`, (s) => { delete dep(s).name; }],
    ['sensor/dependency-missing-event-source-name', `${D}.eventSourceName`, (s) => { dep(s).eventSourceName = ''; }],
    ['sensor/dependency-missing-event-name', `${D}.eventName`, (s) => { delete dep(s).eventName; }],
    ['sensor/logical-operator', `${D}.filtersLogicalOperator`, (s) => { dep(s).filtersLogicalOperator = 'xor'; }],
    ['sensor/logical-operator', `${D}.filters.exprLogicalOperator`, (s) => { dep(s).filters = { exprLogicalOperator: 'AND' }; }],
    ['sensor/logical-operator', `${D}.filters.dataLogicalOperator`, (s) => { dep(s).filters = { dataLogicalOperator: '&&' }; }],
    ['sensor/expr-filter-incomplete', `${D}.filters.exprs[0].expr`,
      (s) => { dep(s).filters = { exprs: [{ expr: '', fields: [{ name: 'a', path: 'body.a' }] }] }; }],
    ['sensor/expr-filter-incomplete', `${D}.filters.exprs[0].fields`,
      (s) => { dep(s).filters = { exprs: [{ expr: 'a == 1', fields: [] }] }; }],
    ['sensor/expr-filter-incomplete', `${D}.filters.exprs[0].fields[0].path`,
      (s) => { dep(s).filters = { exprs: [{ expr: 'a == 1', fields: [{ name: 'a' }] }] }; }],
    ['sensor/data-filter-comparator', `${D}.filters.data[0].comparator`,
      (s) => { dep(s).filters = { data: [{ path: 'body.n', type: 'number', value: ['1'], comparator: '==' }] }; }],
    ['sensor/data-filter-incomplete', `${D}.filters.data[0].path`,
      (s) => { dep(s).filters = { data: [{ type: 'string', value: ['x'] }] }; }],
    ['sensor/data-filter-incomplete', `${D}.filters.data[0].type`,
      (s) => { dep(s).filters = { data: [{ path: 'body.a', value: ['x'] }] }; }],
    ['sensor/data-filter-incomplete', `${D}.filters.data[0].value`,
      (s) => { dep(s).filters = { data: [{ path: 'body.a', type: 'string', value: [] }] }; }],
    ['sensor/data-filter-incomplete', `${D}.filters.data[0].value[1]`,
      (s) => { dep(s).filters = { data: [{ path: 'body.a', type: 'string', value: ['x', ''] }] }; }],
    ['sensor/context-filter-empty', `${D}.filters.context`,
      (s) => { dep(s).filters = { context: { id: 'abc', time: '2024-01-01T00:00:00Z' } }; }],
    ['sensor/time-filter-timezone', `${D}.filters.time.timezone`,
      (s) => { dep(s).filters = { time: { start: '09:00:00', stop: '17:00:00', timezone: 'Mars/Olympus_Mons' } }; }],
    ['sensor/time-filter-timezone', `${D}.filters.time.timezone`,
      (s) => { dep(s).filters = { time: { start: '09:00:00', stop: '17:00:00', timezone: 'europe/berlin' } }; }],
    ['sensor/time-filter-format', `${D}.filters.time.start`,
      (s) => { dep(s).filters = { time: { start: '9:00', stop: '17:00:00' } }; }],
    ['sensor/time-filter-format', `${D}.filters.time.stop`,
      (s) => { dep(s).filters = { time: { start: '09:00:00', stop: '24:00:00' } }; }],
    ['sensor/time-filter-format', `${D}.filters.time.stop`,
      (s) => { dep(s).filters = { time: { start: '09:00:00' } }; }],
    ['sensor/time-filter-empty-window', `${D}.filters.time.stop`,
      (s) => { dep(s).filters = { time: { start: '09:00:00', stop: '9:00:00.000', timezone: 'Europe/Berlin' } }; }],
    ['sensor/no-triggers', 'spec.triggers', (s) => { delete s.spec.triggers; }],
    ['sensor/trigger-missing-template', `${T}.template`, (s) => { delete trigger(s).template; }],
    ['sensor/trigger-missing-name', `${T}.template.name`, (s) => { template(s).name = ''; }],
    ['sensor/duplicate-trigger-name', 'spec.triggers[1].template.name',
      (s) => { s.spec.triggers.push({ template: { name: 'notify', log: {} } }); }],
    ['sensor/conditions-reset-missing-by-time', `${T}.template.conditionsReset[0].byTime`,
      (s) => { template(s).conditionsReset = [{}]; }],
    ['sensor/conditions-reset-cron', `${T}.template.conditionsReset[0].byTime.cron`,
      (s) => { template(s).conditionsReset = [{ byTime: { cron: '@daily' } }]; }],
    ['sensor/conditions-reset-cron', `${T}.template.conditionsReset[0].byTime.cron`,
      (s) => { template(s).conditionsReset = [{ byTime: { cron: '0 0 0 * * *' } }]; }],
    ['sensor/conditions-reset-timezone', `${T}.template.conditionsReset[0].byTime.timezone`,
      (s) => { template(s).conditionsReset = [{ byTime: { cron: '0 0 * * *', timezone: 'CET+1' } }]; }],
    ['sensor/trigger-missing-field', `${T}.template.k8s.source`, (s) => { template(s).k8s = { operation: 'create' }; }],
    ['sensor/trigger-missing-field', `${T}.template.argoWorkflow.source`,
      (s) => { template(s).argoWorkflow = { operation: 'submit' }; }],
    ['sensor/trigger-missing-field', `${T}.template.http.url`, (s) => { template(s).http = { method: 'POST' }; }],
    ['sensor/trigger-missing-field', `${T}.template.awsLambda.payload`,
      (s) => { template(s).awsLambda = { functionName: 'f', region: 'eu-west-1' }; }],
    ['sensor/trigger-missing-field', `${T}.template.kafka.topic`,
      (s) => { template(s).kafka = { url: 'kafka:9092', payload: [] }; }],
    ['sensor/trigger-missing-field', `${T}.template.nats.subject`,
      (s) => { template(s).nats = { url: 'nats://nats:4222', payload: [] }; }],
    ['sensor/trigger-missing-field', `${T}.template.slack.slackToken`, (s) => { template(s).slack = { channel: 'ops' }; }],
    ['sensor/trigger-missing-field', `${T}.template.openWhisk.host`,
      (s) => { template(s).openWhisk = { actionName: 'a', payload: [] }; }],
    ['sensor/trigger-missing-field', `${T}.template.custom.spec`, (s) => { template(s).custom = { serverURL: 'x:1' }; }],
    ['sensor/trigger-missing-field', `${T}.template.custom.certSecret`,
      (s) => { template(s).custom = { serverURL: 'x:1', spec: {}, secure: true }; }],
    ['sensor/trigger-missing-field', `${T}.template.email.host`, (s) => { template(s).email = { port: 587 }; }],
    ['sensor/trigger-operation', `${T}.template.k8s.operation`,
      (s) => { template(s).k8s = { operation: 'apply', source: { resource: {} } }; }],
    ['sensor/trigger-operation', `${T}.template.argoWorkflow.operation`,
      (s) => { template(s).argoWorkflow = { source: { resource: {} } }; }],
    ['sensor/http-method', `${T}.template.http.method`, (s) => { template(s).http = { url: 'http://x', method: 'post' }; }],
    ['sensor/email-port', `${T}.template.email.port`, (s) => { template(s).email = { host: 'smtp', port: 70000 }; }],
    ['sensor/openwhisk-auth-token', `${T}.template.openWhisk.authToken.key`,
      (s) => { template(s).openWhisk = { actionName: 'a', host: 'h', payload: [], authToken: { name: 'ow' } }; }],
    ['sensor/parameter-missing-src', `${T}.parameters[0].src`, (s) => { trigger(s).parameters = [{ dest: 'http.url' }]; }],
    ['sensor/parameter-missing-dependency-name', `${T}.template.k8s.parameters[0].src.dependencyName`,
      (s) => { template(s).k8s = { source: { resource: {} }, parameters: [{ src: { dataKey: 'body' }, dest: 'spec.x' }] }; }],
    ['sensor/parameter-missing-dest', `${T}.template.kafka.payload[0].dest`,
      (s) => { template(s).kafka = { url: 'k:9092', topic: 't', payload: [{ src: { dependencyName: 'dep' } }] }; }],
    ['sensor/parameter-operation', `${T}.template.http.payload[0].operation`,
      (s) => { template(s).http = { url: 'http://x', payload: [{ src: { dependencyName: 'dep' }, operation: 'replace' }] }; }],
    ['sensor/policy-missing-labels', `${T}.policy.k8s.labels`,
      (s) => { template(s).k8s = { source: { resource: {} } }; trigger(s).policy = { k8s: { errorOnBackoffTimeout: true } }; }],
    ['sensor/policy-missing-allow', `${T}.policy.status.allow`,
      (s) => { template(s).http = { url: 'http://x' }; trigger(s).policy = { status: {} }; }],
    ['sensor/dlq-requires-at-least-once', `${T}.atLeastOnce`,
      (s) => { trigger(s).dlqTrigger = { atLeastOnce: true, template: { name: 'dlq', log: {} } }; }],
    ['sensor/dlq-requires-at-least-once', `${T}.dlqTrigger.atLeastOnce`,
      (s) => { trigger(s).atLeastOnce = true; trigger(s).dlqTrigger = { template: { name: 'dlq', log: {} } }; }],
    ['sensor/trigger-missing-field', `${T}.dlqTrigger.template.http.url`,
      (s) => { trigger(s).atLeastOnce = true; trigger(s).dlqTrigger = { atLeastOnce: true, template: { name: 'dlq', http: {} } }; }],
  ];

  test.each(cases)('%s at %s', (rule, where, mutate) => {
    const s = sensor();
    mutate(s);
    const findings = validateSensor(s);
    expect(summary(findings)).toEqual([[rule, where]]);
    expect(findings[0]).toMatchObject({ severity: 'error', kind: 'Sensor', name: 'hooks', namespace: 'ops' });
    expect(findings[0].message).toMatch(/controller rejects/);
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
    expect(validateSensor(s)).toEqual([]);
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
  const cases: Array<[string, string, (es: any) => void]> = [
    ['eventsource/duplicate-event-name', 'spec.resource.web',
      (es) => { es.spec = { calendar: { web: { interval: '1m' } }, resource: es.spec.resource }; }],
    ['eventsource/mixed-deployment-strategies', 'spec',
      (es) => { es.spec.webhook = { push: { endpoint: '/push', port: '12000', method: 'POST' } }; }],
    ['eventsource/resource-missing-field', `${W}.version`, (es) => { delete es.spec.resource.web.version; }],
    ['eventsource/resource-missing-field', `${W}.resource`, (es) => { es.spec.resource.web.resource = ''; }],
    ['eventsource/resource-missing-field', `${W}.eventTypes`, (es) => { delete es.spec.resource.web.eventTypes; }],
    ['eventsource/selector-missing-key', `${W}.filter.labels[0].key`,
      (es) => { es.spec.resource.web.filter = { labels: [{ operation: '=', value: 'web' }] }; }],
    ['eventsource/selector-missing-key', `${W}.filter.fields[1].key`,
      (es) => { es.spec.resource.web.filter = { fields: [{ key: 'a', operation: '==', value: 'x' }, { value: 'y' }] }; }],
  ];

  test.each(cases)('%s at %s', (rule, where, mutate) => {
    const es = eventSource();
    mutate(es);
    const findings = validateEventSource(es);
    expect(summary(findings)).toEqual([[rule, where]]);
    expect(findings[0]).toMatchObject({ severity: 'error', kind: 'EventSource', name: 'hub', namespace: 'ops' });
    expect(findings[0].message).toMatch(/controller rejects/);
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

  const cases: Array<[string, string, (b: any) => void]> = [
    ['eventbus/no-type', 'spec', (b) => { b.spec = {}; }],
    ['eventbus/nats-native-and-exotic', 'spec.nats',
      (b) => { b.spec = { nats: { native: {}, exotic: { clusterID: 'c', url: 'nats://n:4222' } } }; }],
    ['eventbus/nats-missing-mode', 'spec.nats', (b) => { b.spec = { nats: {} }; }],
    ['eventbus/missing-field', 'spec.nats.exotic.clusterID', (b) => { b.spec = { nats: { exotic: { url: 'nats://n:4222' } } }; }],
    ['eventbus/missing-field', 'spec.nats.exotic.url', (b) => { b.spec = { nats: { exotic: { clusterID: '' } } }; }],
    ['eventbus/missing-field', 'spec.jetstream.version', (b) => { b.spec = { jetstream: { replicas: 3 } }; }],
    ['eventbus/missing-field', 'spec.kafka.url', (b) => { b.spec = { kafka: { topic: 't' } }; }],
    ['eventbus/missing-field', 'spec.jetstreamExotic.url', (b) => { b.spec = { jetstreamExotic: {} }; }],
    ['eventbus/jetstream-replicas', 'spec.jetstream.replicas', (b) => { b.spec.jetstream.replicas = 2; }],
    ['eventbus/jetstream-replicas', 'spec.jetstream.replicas', (b) => { b.spec.jetstream.replicas = 0; }],
  ];

  test.each(cases)('%s at %s', (rule, where, mutate) => {
    const b = eventBus();
    mutate(b);
    const findings = validateEventBus(b);
    expect(summary(findings)).toEqual([[rule, where]]);
    expect(findings[0]).toMatchObject({ severity: 'error', kind: 'EventBus', name: 'default', namespace: 'ops' });
    expect(findings[0].message).toMatch(/controller rejects/);
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
          for (const f of validateManifest(obj)) {
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
