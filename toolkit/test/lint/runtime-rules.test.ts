import { Finding } from '../../src/lint/finding';
import { checkEventBusRuntime, checkEventSourceRuntime, checkSensorRuntime } from '../../src/lint/runtime-rules';

function summary(findings: Finding[]): Array<[string, string, string]> {
  return findings.map((f) => [f.rule, f.severity, f.path]);
}

/** A Sensor with two dependencies and one HTTP trigger that follows every recommendation. */
function sensor(): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Sensor',
    metadata: { name: 'hooks', namespace: 'ops' },
    spec: {
      dependencies: [
        { name: 'web-dep', eventSourceName: 'hub', eventName: 'web' },
        { name: 'api_dep', eventSourceName: 'hub', eventName: 'api' },
      ],
      triggers: [{
        atLeastOnce: true,
        retryStrategy: { steps: 3, duration: '1s', factor: 2 },
        policy: { status: { allow: [200] } },
        template: {
          name: 'notify',
          conditions: 'web-dep && api_dep',
          http: {
            url: 'https://example.com/hook',
            payload: [{ src: { dependencyName: 'web-dep', dataKey: 'body.metadata.name' }, dest: 'name' }],
          },
        },
      }],
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
        web: {
          namespace: 'apps', group: 'apps', version: 'v1', resource: 'deployments', eventTypes: ['ADD', 'UPDATE'],
          filter: { afterStart: true, fields: [{ key: 'metadata.name', operation: '==', value: '^web$' }] },
        },
      },
    },
  };
}

const T = 'spec.triggers[0]';
const trigger = (s: any): any => s.spec.triggers[0];
const template = (s: any): any => s.spec.triggers[0].template;

describe('checkSensorRuntime', () => {
  test('a Sensor that follows the recommendations has no findings', () => {
    expect(checkSensorRuntime(sensor())).toEqual([]);
  });

  const cases: Array<[string, (s: any) => void, Array<[string, string, string]>]> = [
    ['conditions naming an undefined dependency (each one, `-` and `_` interchangeable)',
      (s) => { template(s).conditions = 'web_dep && (api-dep || db || cache)'; },
      [['sensor/conditions-unknown-dependency', 'error', `${T}.template.conditions`],
        ['sensor/conditions-unknown-dependency', 'error', `${T}.template.conditions`]]],
    ['conditions that do not parse', (s) => { template(s).conditions = 'web-dep & api_dep'; },
      [['sensor/conditions-syntax', 'error', `${T}.template.conditions`]]],
    ['rateLimit without requestsPerUnit', (s) => { trigger(s).rateLimit = { unit: 'Second' }; },
      [['sensor/rate-limit-requests', 'error', `${T}.rateLimit.requestsPerUnit`]]],
    ['rateLimit with requestsPerUnit 0', (s) => { trigger(s).rateLimit = { unit: 'Minute', requestsPerUnit: 0 }; },
      [['sensor/rate-limit-requests', 'error', `${T}.rateLimit.requestsPerUnit`]]],
    ['retryStrategy without atLeastOnce', (s) => { delete trigger(s).atLeastOnce; },
      [['sensor/retry-without-at-least-once', 'warning', `${T}.retryStrategy`]]],
    ['an HTTP trigger without policy.status', (s) => { delete trigger(s).policy; },
      [['sensor/http-without-status-policy', 'warning', `${T}.policy.status`]]],
    ['an integer backoff duration, in retryStrategy and policy.k8s.backoff', (s) => {
      trigger(s).retryStrategy.duration = 5;
      trigger(s).policy.k8s = { labels: { done: 'true' }, backoff: { duration: 10 } };
    }, [['backoff/integer-duration', 'warning', `${T}.retryStrategy.duration`],
      ['backoff/integer-duration', 'warning', `${T}.policy.k8s.backoff.duration`]]],
    ['an `||` payload entry without value', (s) => { template(s).conditions = 'web-dep || api_dep'; },
      [['sensor/payload-without-value', 'warning', `${T}.template.http.payload[0].src`]]],
    ['a payload entry naming a dependency the conditions leave out', (s) => { template(s).conditions = 'api_dep'; },
      [['sensor/payload-without-value', 'warning', `${T}.template.http.payload[0].src`]]],
    ['a payload entry naming no dependency of the Sensor', (s) => { template(s).http.payload[0].src.dependencyName = 'web'; },
      [['sensor/payload-without-value', 'warning', `${T}.template.http.payload[0].src`]]],
    ['k8s create of an object with a fixed name', (s) => {
      template(s).k8s = { operation: 'create', source: { resource: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate' } } } };
      delete template(s).http;
    }, [['sensor/k8s-create-fixed-name', 'warning', `${T}.template.k8s.source.resource.metadata.name`]]],
    ['slack.parameters', (s) => {
      template(s).slack = { slackToken: { name: 'slack', key: 'token' }, parameters: [{ src: { dependencyName: 'web-dep' }, dest: 'message' }] };
      delete template(s).http;
    }, [['sensor/slack-parameters-ignored', 'warning', `${T}.template.slack.parameters`]]],
    ['log.intervalSeconds', (s) => { template(s).log = { intervalSeconds: 10 }; delete template(s).http; },
      [['sensor/log-interval-ignored', 'warning', `${T}.template.log.intervalSeconds`]]],
    ['an unanchored name regex in a data filter', (s) => {
      s.spec.dependencies[0].filters = { data: [{ path: 'body.metadata.name', type: 'string', value: ['^web$', 'web'] }] };
    }, [['sensor/unanchored-name-regex', 'warning', 'spec.dependencies[0].filters.data[0].value[1]']]],
    ['the checks of a dead-letter trigger', (s) => {
      trigger(s).dlqTrigger = { atLeastOnce: true, template: { name: 'dlq', http: { url: 'https://example.com/dlq' } } };
    }, [['sensor/http-without-status-policy', 'warning', `${T}.dlqTrigger.policy.status`]]],
  ];

  test.each(cases)('%s', (_name, mutate, expected) => {
    const s = sensor();
    mutate(s);
    expect(summary(checkSensorRuntime(s))).toEqual(expected);
  });

  test('messages say what is wrong and how to fix it', () => {
    const s = sensor();
    template(s).conditions = 'web-dep && db';
    trigger(s).rateLimit = { requestsPerUnit: 0 };
    const [unknown, rate] = checkSensorRuntime(s);
    expect(unknown.message).toBe('The conditions name "db", which is not a dependency of this Sensor; the trigger logs ' +
      'an error and never fires (the controller does not check this). Use one of: web-dep, api_dep.');
    expect(rate.message).toMatch(/^rateLimit has requestsPerUnit: 0: .*panics.*Set a positive requestsPerUnit/);
  });

  test('omitted conditions wait for every dependency, so payloads need no value', () => {
    const s = sensor();
    delete template(s).conditions;
    expect(checkSensorRuntime(s)).toEqual([]);
  });

  test('a payload entry with a value, or on a required dependency, is fine', () => {
    const s = sensor();
    template(s).conditions = 'web-dep && (api_dep || web-dep)';
    expect(checkSensorRuntime(s)).toEqual([]);
    template(s).conditions = 'web-dep || api_dep';
    template(s).http.payload[0].src.value = 'unknown';
    expect(checkSensorRuntime(s)).toEqual([]);
  });

  test('a name set from the event, generateName, or an upsert is not a fixed name', () => {
    const s = sensor();
    delete template(s).http;
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'placeholder' } };
    template(s).k8s = {
      source: { resource: job },
      parameters: [{ src: { dependencyName: 'web-dep', dataTemplate: 'run-{{ .Input.body.metadata.uid }}' }, dest: 'metadata.name' }],
    };
    expect(checkSensorRuntime(s)).toEqual([]);
    template(s).k8s = { source: { resource: { ...job, metadata: { generateName: 'run-' } } } };
    expect(checkSensorRuntime(s)).toEqual([]);
    template(s).k8s = { operation: 'patch', source: { resource: job } };
    expect(checkSensorRuntime(s)).toEqual([]);
    template(s).k8s = { source: { resource: job } };
    trigger(s).parameters = [{ src: { dependencyName: 'web-dep', dataKey: 'body.metadata.uid' }, dest: 'k8s.source.resource.metadata.name' }];
    expect(checkSensorRuntime(s)).toEqual([]);
  });

  test('anchored and deliberately open name regexes are fine', () => {
    const s = sensor();
    s.spec.dependencies[0].filters = {
      data: [
        { path: 'body.metadata.name', type: 'string', value: ['^web$', '^web-.*', '.*-canary$', '(?i)^Web$'] },
        { path: 'body.metadata.namespace', type: 'string', value: ['apps'] },
      ],
    };
    expect(checkSensorRuntime(s)).toEqual([]);
  });

  test('values of the wrong type are left to the structural check', () => {
    const s = sensor();
    s.spec.dependencies = 'web';
    trigger(s).rateLimit = { requestsPerUnit: '5' };
    trigger(s).retryStrategy.duration = 1.5;
    template(s).conditions = 42;
    template(s).http.payload = { dest: 'x' };
    expect(checkSensorRuntime(s)).toEqual([]);
    expect(checkSensorRuntime(null)).toEqual([]);
  });
});

describe('checkEventSourceRuntime', () => {
  test('a resource event with afterStart and anchored, complete field filters has no findings', () => {
    expect(checkEventSourceRuntime(eventSource())).toEqual([]);
  });

  const W = 'spec.resource.web';
  const cases: Array<[string, (es: any) => void, Array<[string, string, string]>]> = [
    ['a field filter without operation', (es) => { delete es.spec.resource.web.filter.fields[0].operation; },
      [['eventsource/field-filter-operation', 'error', `${W}.filter.fields[0].operation`]]],
    ['a field filter with an unsupported operation', (es) => { es.spec.resource.web.filter.fields[0].operation = 'in'; },
      [['eventsource/field-filter-operation', 'error', `${W}.filter.fields[0].operation`]]],
    ['an unanchored name regex', (es) => { es.spec.resource.web.filter.fields[0].value = 'web'; },
      [['eventsource/unanchored-name-regex', 'warning', `${W}.filter.fields[0].value`]]],
    ['ADD without afterStart', (es) => { delete es.spec.resource.web.filter.afterStart; },
      [['eventsource/add-without-after-start', 'warning', `${W}.eventTypes[0]`]]],
    ['an integer connectionBackoff duration', (es) => {
      es.spec.kafka = { orders: { url: 'kafka:9092', topic: 'orders', connectionBackoff: { duration: 10 } } };
    }, [['backoff/integer-duration', 'warning', 'spec.kafka.orders.connectionBackoff.duration']]],
  ];

  test.each(cases)('%s', (_name, mutate, expected) => {
    const es = eventSource();
    mutate(es);
    expect(summary(checkEventSourceRuntime(es))).toEqual(expected);
  });

  test('a field filter on another key may be unanchored; non-objects are skipped', () => {
    const es = eventSource();
    es.spec.resource.web.filter.fields = [{ key: 'status.phase', operation: '!=', value: 'Failed' }, 'junk'];
    es.spec.resource.other = 'junk';
    expect(checkEventSourceRuntime(es)).toEqual([]);
  });
});

describe('checkEventBusRuntime', () => {
  test('warns about a NATS Streaming bus', () => {
    const bus = { apiVersion: 'argoproj.io/v1alpha1', kind: 'EventBus', metadata: { name: 'default' }, spec: { nats: { native: {} } } };
    expect(summary(checkEventBusRuntime(bus))).toEqual([['eventbus/nats-streaming', 'warning', 'spec.nats']]);
    expect(checkEventBusRuntime({ ...bus, spec: { jetstream: { version: 'latest' } } })).toEqual([]);
  });
});
