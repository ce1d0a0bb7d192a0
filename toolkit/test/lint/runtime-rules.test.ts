import { Finding } from '../../src/lint/finding';
import { goRegexpError, isAnchoredPattern } from '../../src/lint/regex-anchoring';
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
    ['a string data filter value that does not compile', (s) => {
      s.spec.dependencies[0].filters = { data: [{ path: 'body.metadata.labels.tier', type: 'string', value: ['front(end'] }] };
    }, [['sensor/data-filter-regex', 'error', 'spec.dependencies[0].filters.data[0].value[0]']]],
    ['a name regex that does not compile: no anchoring is suggested for it', (s) => {
      s.spec.dependencies[0].filters = { data: [{ path: 'body.metadata.name', type: 'string', value: ['('] }] };
    }, [['sensor/data-filter-regex', 'error', 'spec.dependencies[0].filters.data[0].value[0]']]],
    // The conditions' web-dep now resolves to the later web_dep, so the payload's web-dep may be absent.
    ['dependency names that differ only by - and _', (s) => {
      s.spec.dependencies.push({ name: 'web_dep', eventSourceName: 'hub', eventName: 'web' });
    }, [['sensor/dependency-name-collision', 'error', 'spec.dependencies[2].name'],
      ['sensor/payload-without-value', 'warning', `${T}.template.http.payload[0].src`]]],
    ['a dependency name used twice', (s) => {
      s.spec.dependencies.push({ name: 'api_dep', eventSourceName: 'hub', eventName: 'web' });
    }, [['sensor/dependency-name-collision', 'error', 'spec.dependencies[2].name']]],
  ];

  test.each(cases)('%s', (_name, mutate, expected) => {
    const s = sensor();
    mutate(s);
    expect(summary(checkSensorRuntime(s))).toEqual(expected);
  });

  test('the checks of a dead-letter trigger, from 1.9.3 (older releases drop it)', () => {
    const s = sensor();
    trigger(s).dlqTrigger = { atLeastOnce: true, template: { name: 'dlq', http: { url: 'https://example.com/dlq' } } };
    expect(summary(checkSensorRuntime(s, { argoEventsVersion: '1.9.3' })))
      .toEqual([['sensor/http-without-status-policy', 'warning', `${T}.dlqTrigger.policy.status`]]);
    expect(checkSensorRuntime(s, { argoEventsVersion: '1.9.2' })).toEqual([]);
    expect(checkSensorRuntime(s)).toEqual([]);
  });

  test('colliding dependency names are reported with both names and what goes wrong', () => {
    // Two watches whose ids differ only by - and _, as issue reports showed: worker-a's hook never
    // fires, worker-b's fires both triggers.
    const s = sensor();
    s.spec.dependencies = [
      { name: 'worker-watch-notify', eventSourceName: 'hub', eventName: 'worker-a' },
      { name: 'worker_watch-notify', eventSourceName: 'hub', eventName: 'worker-b' },
    ];
    s.spec.triggers = [{ template: { name: 'worker-watch-notify-job', conditions: 'worker-watch-notify', log: {} } }];
    const [collision] = checkSensorRuntime(s);
    expect(collision.message).toBe('Dependency names "worker_watch-notify" and "worker-watch-notify" ' +
      '(spec.dependencies[0]) are one name to Argo Events, which replaces "-" with "_" when it wires trigger conditions ' +
      'to dependencies (both become "worker_watch_notify", and the later dependency wins). So the events of ' +
      '"worker-watch-notify" never fire its triggers, and those triggers run on the events of "worker_watch-notify" ' +
      'instead, where parameters taken from "worker-watch-notify" find no event (a Job name renders empty and the create ' +
      'fails on every retry). Rename one of them so that the names still differ after replacing "-" with "_".');
    // Three-way: each later one is reported against the first.
    s.spec.dependencies.push({ name: 'worker-watch_notify', eventSourceName: 'hub', eventName: 'worker-c' });
    expect(checkSensorRuntime(s).map((f) => [f.path, f.message.slice(0, 70)])).toEqual([
      ['spec.dependencies[1].name', 'Dependency names "worker_watch-notify" and "worker-watch-notify" (spec'],
      ['spec.dependencies[2].name', 'Dependency names "worker-watch_notify" and "worker-watch-notify" (spec'],
    ]);
  });

  test('a regex that does not compile is reported with Go\'s error', () => {
    const s = sensor();
    s.spec.dependencies[0].filters = { data: [{ path: 'body.metadata.name', type: 'string', value: ['web(?=-canary)', 'a**'] }] };
    expect(checkSensorRuntime(s).map((f) => f.message.split('). ')[0])).toEqual([
      'The value "web(?=-canary)" of a string data filter is a Go regular expression, and it does not compile ' +
        '(error parsing regexp: invalid or unsupported Perl syntax: `(?=`',
      'The value "a**" of a string data filter is a Go regular expression, and it does not compile ' +
        '(error parsing regexp: invalid nested repetition operator: `**`',
    ]);
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
        { path: 'body.metadata.name', type: 'string', value: ['^web$', '^web-.*', '.*-canary$', '(?i)^Web$', '^web$|^api$'] },
        { path: 'body.metadata.namespace', type: 'string', value: ['apps'] },
        // Numbers are not regexes.
        { path: 'body.metadata.generation', type: 'number', value: ['('] },
      ],
    };
    expect(checkSensorRuntime(s)).toEqual([]);
  });

  test('the suggested anchoring keeps the meaning of an alternation', () => {
    const s = sensor();
    s.spec.dependencies[0].filters = { data: [{ path: 'body.metadata.name', type: 'string', value: ['^web|api$', 'web$'] }] };
    expect(checkSensorRuntime(s).map((f) => f.message.replace(/^.*Anchor it: /, ''))).toEqual(['"^(?:web|api)$".', '"^web$".']);
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
    ['a field filter value that does not compile', (es) => { es.spec.resource.web.filter.fields[0].value = '('; },
      [['eventsource/field-filter-regex', 'error', `${W}.filter.fields[0].value`]]],
    ['Kubernetes watch words as event types', (es) => { es.spec.resource.web.eventTypes = ['ADDED', 'MODIFIED', 'DELETE']; },
      [['eventsource/unknown-event-type', 'error', `${W}.eventTypes[0]`], ['eventsource/unknown-event-type', 'error', `${W}.eventTypes[1]`]]],
    ['an event type in lower case', (es) => { es.spec.resource.web.eventTypes = ['update']; },
      [['eventsource/unknown-event-type', 'error', `${W}.eventTypes[0]`]]],
    ['an integer connectionBackoff duration', (es) => {
      es.spec.kafka = { orders: { url: 'kafka:9092', topic: 'orders', connectionBackoff: { duration: 10 } } };
    }, [['backoff/integer-duration', 'warning', 'spec.kafka.orders.connectionBackoff.duration']]],
  ];

  test.each(cases)('%s', (_name, mutate, expected) => {
    const es = eventSource();
    mutate(es);
    expect(summary(checkEventSourceRuntime(es))).toEqual(expected);
  });

  test('an unknown event type says what happens and what was meant', () => {
    const es = eventSource();
    es.spec.resource.web.eventTypes = ['UPDATE', 'MODIFIED', 'Touched'];
    const [modified, touched] = checkEventSourceRuntime(es);
    expect(modified.message).toBe('Event type "MODIFIED" is not one of Argo Events\' ADD, UPDATE and DELETE (in capitals; ' +
      'the Kubernetes watch words ADDED, MODIFIED and DELETED are not accepted). The controller does not check it, but the ' +
      'EventSource fails to start this event with "unknown event type: MODIFIED" before it registers any handler, so the ' +
      'event watches nothing, not even the other types listed, and after its retries it is given up. Use UPDATE.');
    expect(touched.message).toMatch(/"unknown event type: Touched".* Use ADD, UPDATE or DELETE\.$/);
  });

  test('every suggested anchoring of a name regex compiles and matches only the whole name', () => {
    for (const value of ['web', 'web|api', 'web-.*-canary|^api', '(?i)web', 'web\\$', '[|]x', 'a(b|c)d', '^web', 'web$', '\\^x']) {
      const es = eventSource();
      es.spec.resource.web.filter.fields[0].value = value;
      const [finding] = checkEventSourceRuntime(es);
      const suggested = JSON.parse(/Anchor it: (".*")\.$/.exec(finding.message)![1]);
      expect([value, goRegexpError(suggested)]).toEqual([value, undefined]);
      expect([value, isAnchoredPattern(suggested)]).toEqual([value, true]);
    }
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

describe('code the Sensor compiles at run time', () => {
  const sensor = (filters: Record<string, unknown>, transform?: Record<string, unknown>): unknown => ({
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Sensor', metadata: { name: 's' },
    spec: {
      dependencies: [{ name: 'd', eventSourceName: 'es', eventName: 'e', filters, ...(transform ? { transform } : {}) }],
      triggers: [{ template: { name: 't', conditions: 'd', log: {} } }],
    },
  });
  const rules = (obj: unknown): [string, string][] => checkSensorRuntime(obj)
    .filter((f) => f.rule === 'sensor/lua-syntax' || f.rule === 'sensor/expr-syntax').map((f) => [f.rule, f.path]);

  test('a Lua filter or transform that does not compile is an error at its path', () => {
    expect(rules(sensor({ script: 'return event.body.x == 1' }, { script: 'return event' }))).toEqual([]);
    expect(rules(sensor({ script: 'if event then return true' }))).toEqual([['sensor/lua-syntax', 'spec.dependencies[0].filters.script']]);
    expect(rules(sensor({}, { script: 'return 7 // 2' }))).toEqual([['sensor/lua-syntax', 'spec.dependencies[0].transform.script']]);
    const [finding] = checkSensorRuntime(sensor({ script: 'if event then return true' })).filter((f) => f.rule === 'sensor/lua-syntax');
    expect(finding.message).toMatch(/^The Lua script does not compile \(lua: .*\)/);
  });

  test('an expression govaluate does not parse is an error at its path', () => {
    const fields = [{ name: 'a', path: 'body.a' }];
    expect(rules(sensor({ exprs: [{ expr: 'a == 1 && (a > 0)', fields }] }))).toEqual([]);
    expect(rules(sensor({ exprs: [{ expr: 'a == 1', fields }, { expr: 'a == (1', fields }] }))).toEqual([['sensor/expr-syntax', 'spec.dependencies[0].filters.exprs[1].expr']]);
  });
});
