import { EngineError } from '../../src/engine/errors';
import { eventId } from '../../src/simulate/event-ids';
import { Simulator } from '../../src/simulate/simulator';
import { HttpAction, K8sAction, LogAction } from '../../src/simulate/types';
import { NOW, Obj, deployment, eventSource, imageChanged, sensor, smokeTestTrigger } from './fixtures';

function hookSimulator(extra: Obj[] = []): Simulator {
  return Simulator.fromManifests([
    eventSource(),
    sensor({ dependencies: [imageChanged], triggers: [smokeTestTrigger()] }),
    ...extra,
  ], { now: NOW });
}

describe('Simulator: resource events through a Sensor', () => {
  test('an image change runs exactly the smoke-test Job', () => {
    const sim = hookSimulator();
    const result = sim.emit({
      type: 'UPDATE',
      oldObject: deployment(),
      object: deployment({ image: 'ghcr.io/acme/web:1.1.0', generation: 2, resourceVersion: '101' }),
    });
    expect(result.triggers).toEqual(['hub/smoke-test']);
    const action = result.actions[0] as K8sAction;
    expect(action).toMatchObject({ kind: 'k8s', operation: 'create', outcome: 'created', failed: false, attempts: 1 });
    expect(action.object).toMatchObject({
      metadata: {
        name: 'smoke-1f0c5d1e-2',
        namespace: 'apps',
        labels: { 'events.argoproj.io/sensor': 'hub', 'events.argoproj.io/trigger': 'smoke-test', 'events.argoproj.io/action-timestamp': String(Date.parse(NOW)) },
      },
      spec: { template: { spec: { containers: [{ env: [{ name: 'IMAGE', value: 'ghcr.io/acme/web:1.1.0' }] }] } } },
    });
    expect(sim.cluster.list().filter((o) => o.kind === 'Job')).toHaveLength(1);
  });

  test('a status-only update runs nothing and the trace says which filter failed', () => {
    const sim = hookSimulator();
    const result = sim.emit({ type: 'UPDATE', oldObject: deployment({ ready: 1 }), object: deployment({ ready: 2, resourceVersion: '101' }) });
    expect(result.triggers).toEqual([]);
    expect(result.trace).toHaveLength(1);
    expect(result.trace[0]).toMatchObject({ eventSource: 'hub', eventName: 'deployments', emitted: true, event: { eventType: 'UPDATE' } });
    expect(result.trace[0].dependencies[0]).toMatchObject({
      sensor: 'hub', dependency: 'image-changed', matched: false, reason: 'filter exprs did not pass',
      filters: { exprs: { pass: false }, data: { pass: true } },
    });
  });

  test('a replayed event produces the same Job name and AlreadyExists', () => {
    const sim = hookSimulator();
    const change = { type: 'UPDATE' as const, oldObject: deployment(), object: deployment({ image: 'x:2', generation: 2, resourceVersion: '101' }) };
    expect((sim.emit(change).actions[0] as K8sAction).outcome).toBe('created');
    const replay = sim.emit(change).actions[0] as K8sAction;
    expect(replay).toMatchObject({ outcome: 'already-exists', failed: true, error: 'jobs.batch "smoke-1f0c5d1e-2" already exists', attempts: 1 });
  });

  test('an UPDATE with an unchanged resourceVersion is dropped at the source', () => {
    const sim = hookSimulator();
    const result = sim.emit({ type: 'UPDATE', oldObject: deployment(), object: deployment({ image: 'x:2' }) });
    expect(result.trace[0]).toMatchObject({ emitted: false, reason: 'UPDATE with an unchanged resourceVersion (a watch resync) is dropped' });
  });

  test('fills resourceVersions when neither object has one', () => {
    const sim = hookSimulator();
    const strip = (o: Obj): Obj => ({ ...o, metadata: { ...(o.metadata as Obj), resourceVersion: undefined } });
    const result = sim.emit({ type: 'UPDATE', oldObject: strip(deployment()), object: strip(deployment({ image: 'x:2', generation: 2 })) });
    expect(result.triggers).toEqual(['hub/smoke-test']);
  });

  test('ignores objects of other resources and namespaces', () => {
    const sim = hookSimulator();
    const other = { ...deployment(), metadata: { ...(deployment().metadata as Obj), namespace: 'other' } };
    expect(sim.emit({ type: 'ADD', object: other }).trace[0]).toMatchObject({ emitted: false, reason: 'watches namespace apps, the object is in other' });
    expect(sim.emit({ type: 'ADD', object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'apps' } } }).trace).toEqual([]);
  });
});

describe('Simulator: the resource EventSource', () => {
  function logSensor(): Obj {
    return sensor({
      dependencies: [{ name: 'any', eventSourceName: 'hub', eventName: 'deployments' }],
      triggers: [{ template: { name: 'log', log: {} } }],
    });
  }

  test('builds the event data and context exactly as upstream', () => {
    const sim = Simulator.fromManifests([eventSource({ metadata: { team: 'web' } }), logSensor()], { now: NOW });
    const object = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'apps', creationTimestamp: NOW, annotations: { note: '<b>&' } } };
    const action = sim.emit({ type: 'ADD', object }).actions[0] as LogAction;
    expect(action.entries[0].data).toBe(
      '{"type":"ADD","body":{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{"note":"\\u003cb\\u003e\\u0026"},'
      + '"creationTimestamp":"2024-07-15T12:00:00Z","name":"web","namespace":"apps"}},"oldBody":null,"group":"apps","version":"v1",'
      + '"resource":"deployments","metadata":{"team":"web"}}',
    );
    expect(action.entries[0].eventContext).toMatchObject({
      source: 'hub', subject: 'deployments', type: 'resource', specversion: '1.0', datacontenttype: 'application/json', time: NOW,
    });
    expect(String(action.entries[0].eventContext.id)).toMatch(/^[0-9a-f]{32}$/);
    const again = Simulator.fromManifests([eventSource({ metadata: { team: 'web' } }), logSensor()], { now: NOW });
    expect((again.emit({ type: 'ADD', object }).actions[0] as LogAction).entries[0].eventContext.id).toBe(action.entries[0].eventContext.id);
  });

  test('label selector changes turn updates into ADD or DELETE', () => {
    const sim = Simulator.fromManifests([
      eventSource({ filter: { labels: [{ key: 'hooks', operation: '==', value: 'on' }] } }),
      logSensor(),
    ], { now: NOW });
    const on = deployment({ labels: { hooks: 'on' } });
    const off = deployment({ labels: { hooks: 'off' }, resourceVersion: '101' });
    expect(sim.emit({ type: 'UPDATE', oldObject: on, object: off }).trace[0].event?.eventType).toBe('DELETE');
    expect(sim.emit({ type: 'UPDATE', oldObject: off, object: { ...on, metadata: { ...(on.metadata as Obj), resourceVersion: '102' } } }).trace[0].event?.eventType).toBe('ADD');
    expect(sim.emit({ type: 'ADD', object: off }).trace[0]).toMatchObject({ emitted: false, reason: expect.stringMatching(/^labels do not match the selector hooks==?on$/) });
  });

  test('afterStart drops events older than the start, per event type clock', () => {
    const sim = Simulator.fromManifests([eventSource({ filter: { afterStart: true } }), logSensor()], { now: NOW });
    const added = sim.emit({ type: 'ADD', object: deployment() });
    expect(added.trace[0].reason).toBe(
      'filter.afterStart: event time 2024-07-15T11:00:00Z (from creationTimestamp) is before the EventSource start 2024-07-15T12:00:00Z',
    );
    const managed = deployment({ resourceVersion: '101' });
    (managed.metadata as Obj).managedFields = [{ manager: 'kubectl', operation: 'Update', time: '2024-07-15T12:00:05Z' }];
    expect(sim.emit({ type: 'UPDATE', oldObject: deployment(), object: managed }).triggers).toEqual(['hub/log']);
    expect(sim.emit({ type: 'DELETE', object: deployment() }).triggers).toEqual(['hub/log']);
  });
});

describe('Simulator: conditions', () => {
  const deps = [
    { name: 'a', eventSourceName: 'hub', eventName: 'deployments', filters: { data: [{ path: 'body.metadata.name', type: 'string', value: ['^a$'] }] } },
    { name: 'b', eventSourceName: 'hub', eventName: 'deployments', filters: { data: [{ path: 'body.metadata.name', type: 'string', value: ['^b$'] }] } },
  ];
  const named = (name: string): Obj => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'apps' } });

  test('&& stores events until every dependency arrived, fires with all of them, then clears', () => {
    const sim = Simulator.fromManifests([
      eventSource(),
      sensor({ dependencies: deps, triggers: [{ template: { name: 'both', conditions: 'a && b', log: {} } }] }),
    ], { now: NOW });
    const first = sim.emit({ type: 'ADD', object: named('a') });
    expect(first.triggers).toEqual([]);
    expect(first.trace[0].dependencies.find((d) => d.dependency === 'a')?.triggers).toEqual([{ trigger: 'both', result: 'stored', waitingFor: ['b'] }]);
    expect(sim.pendingConditions('hub', 'both')).toEqual(['a']);
    const second = sim.emit({ type: 'ADD', object: named('b') });
    expect(second.triggers).toEqual(['hub/both']);
    expect([...second.actions[0].dependencies].sort()).toEqual(['a', 'b']);
    expect(sim.pendingConditions('hub', 'both')).toEqual([]);
  });

  test('|| fires for each passing dependency on its own', () => {
    const sim = Simulator.fromManifests([
      eventSource(),
      sensor({ dependencies: deps, triggers: [{ template: { name: 'either', conditions: 'a || b', log: {} } }] }),
    ], { now: NOW });
    expect(sim.emit({ type: 'ADD', object: named('a') }).actions.map((a) => a.dependencies)).toEqual([['a']]);
  });

  test('conditionsReset clears stored events when its schedule passes', () => {
    const sim = Simulator.fromManifests([
      eventSource(),
      sensor({
        dependencies: deps,
        triggers: [{ template: { name: 'both', conditions: 'a && b', conditionsReset: [{ byTime: { cron: '0 13 * * *' } }], log: {} } }],
      }),
    ], { now: NOW });
    sim.emit({ type: 'ADD', object: named('a') });
    sim.setTime('2024-07-15T13:00:00Z');
    expect(sim.pendingConditions('hub', 'both')).toEqual([]);
    expect(sim.emit({ type: 'ADD', object: named('b') }).triggers).toEqual([]);
  });
});

describe('Simulator: http triggers and delivery', () => {
  function httpSensor(trigger: Obj): Obj {
    return sensor({
      dependencies: [imageChanged],
      triggers: [{
        template: {
          name: 'purge-cdn',
          http: {
            url: 'https://api.example.com/purge',
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            secureHeaders: [{ name: 'Fastly-Key', valueFrom: { secretKeyRef: { name: 'cdn', key: 'token' } } }],
            payload: [
              { src: { dependencyName: 'image-changed', dataKey: 'body.metadata.name' }, dest: 'service' },
              { src: { dependencyName: 'image-changed', dataKey: 'body.spec.replicas', useRawData: true }, dest: 'replicas' },
            ],
          },
        },
        ...trigger,
      }],
    });
  }
  const change = { type: 'UPDATE' as const, oldObject: deployment(), object: deployment({ image: 'x:2', resourceVersion: '101' }) };
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'cdn', namespace: 'apps' }, data: { token: Buffer.from('s3cret\n').toString('base64') } };

  test('renders the request with payload and secret headers', () => {
    const sim = Simulator.fromManifests([eventSource(), httpSensor({}), secret], { now: NOW });
    const action = sim.emit(change).actions[0] as HttpAction;
    expect(action).toMatchObject({
      kind: 'http',
      outcome: 'sent',
      request: {
        method: 'POST',
        url: 'https://api.example.com/purge',
        headers: { 'Content-Type': 'application/json', 'Fastly-Key': 's3cret' },
        body: { service: 'web', replicas: 2 },
        bodyText: '{"service":"web","replicas":2}',
      },
    });
  });

  test('shows a placeholder when the Secret was not given', () => {
    const sim = Simulator.fromManifests([eventSource(), httpSensor({})], { now: NOW });
    const action = sim.emit(change).actions[0] as HttpAction;
    expect(action.request?.headers['Fastly-Key']).toBe('<Secret cdn/token>');
    expect(action.notes?.[0]).toContain("Secret 'cdn' key 'token' was not given");
  });

  test('a 500 fails under policy.status and is retried only with atLeastOnce', () => {
    const retried = Simulator.fromManifests([eventSource(), httpSensor({
      atLeastOnce: true,
      retryStrategy: { steps: 3, duration: '1s', factor: 2 },
      policy: { status: { allow: [200, 201, 202, 204] } },
      dlqTrigger: { atLeastOnce: true, template: { name: 'dlq', log: {} } },
    }), secret], { now: NOW });
    const action = retried.emit(change, { httpStatus: 500 }).actions[0];
    expect(action).toMatchObject({ outcome: 'failed', failed: true, attempts: 3, backoff: ['1s', '2s'], status: 500 });
    expect(action.dlq).toMatchObject({ kind: 'log', trigger: 'dlq', outcome: 'logged', attempts: 1 });

    const fireAndForget = Simulator.fromManifests([eventSource(), httpSensor({ retryStrategy: { steps: 3 }, policy: { status: { allow: [200] } } }), secret], { now: NOW });
    expect(fireAndForget.emit(change, { httpStatus: 500 }).actions[0]).toMatchObject({ outcome: 'failed', attempts: 1 });
    expect(fireAndForget.diagnostics.map((d) => d.message)).toContain('has no effect without atLeastOnce: true');
  });

  test('without policy.status a 500 counts as success', () => {
    const sim = Simulator.fromManifests([eventSource(), httpSensor({}), secret], { now: NOW });
    const action = sim.emit(change, { httpStatus: { 'hub/purge-cdn': 503 } }).actions[0];
    expect(action).toMatchObject({ outcome: 'succeeded', status: 503 });
    expect(action.notes).toContain('status 503 counts as success: without policy.status any response is accepted');
  });
});

describe('Simulator: other triggers and event kinds', () => {
  test('webhook-style events through data filters, with slack and argoWorkflow triggers', () => {
    const sim = Simulator.fromManifests([
      {
        apiVersion: 'argoproj.io/v1alpha1', kind: 'EventSource', metadata: { name: 'webhook' },
        spec: { webhook: { example: { port: '12000', endpoint: '/example', method: 'POST' } } },
      },
      sensor({
        dependencies: [{
          name: 'push', eventSourceName: 'webhook', eventName: 'example',
          filters: { data: [{ path: 'body.message', type: 'string', value: ['hello', 'hey'] }] },
        }],
        triggers: [
          {
            template: { name: 'notify', slack: { slackToken: { name: 'slack', key: 'token' }, channel: '#general', message: 'placeholder' } },
            parameters: [{ src: { dependencyName: 'push', dataKey: 'body.message' }, dest: 'slack.message' }],
          },
          {
            template: {
              name: 'workflow',
              argoWorkflow: {
                operation: 'submit',
                source: { resource: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { generateName: 'hello-' }, spec: { entrypoint: 'main' } } },
              },
            },
          },
        ],
      }, 'webhook'),
    ], { now: NOW });
    const result = sim.emitEvent({ eventSourceName: 'webhook', eventName: 'example', data: { header: {}, body: { message: 'hello world' } } });
    expect(result.triggers).toEqual(['webhook/notify', 'webhook/workflow']);
    expect(result.actions[0]).toMatchObject({ kind: 'slack', channel: 'general', message: 'hello world', outcome: 'sent' });
    expect(result.actions[1]).toMatchObject({ kind: 'argoWorkflow', operation: 'submit', outcome: 'submitted', command: ['argo', '-n', 'apps', 'submit', '<workflow.json>'] });
    expect(sim.emitEvent({ eventSourceName: 'webhook', eventName: 'example', data: { body: { message: 'bye' } } }).triggers).toEqual([]);
  });

  test('a redelivered event id is ignored by each trigger for 60 seconds', () => {
    const sim = Simulator.fromManifests([
      sensor({ dependencies: [{ name: 'd', eventSourceName: 'webhook', eventName: 'example' }], triggers: [{ template: { name: 'log', log: {} } }] }),
    ], { now: NOW });
    const event = { eventSourceName: 'webhook', eventName: 'example', data: {}, id: 'abc' };
    expect(sim.emitEvent(event).triggers).toEqual(['hub/log']);
    const dup = sim.emitEvent(event);
    expect(dup.triggers).toEqual([]);
    expect(dup.trace[0].dependencies[0].triggers).toEqual([{ trigger: 'log', result: 'duplicate' }]);
    sim.advance(61_000);
    expect(sim.emitEvent(event).triggers).toEqual(['hub/log']);
  });

  test('ids the simulator makes and ids callers give are one dedup window', () => {
    const sim = Simulator.fromManifests([
      sensor({ dependencies: [{ name: 'd', eventSourceName: 'webhook', eventName: 'example' }], triggers: [{ template: { name: 'log', log: {} } }] }),
    ], { now: NOW });
    const first = sim.emitEvent({ eventSourceName: 'webhook', eventName: 'example', data: {} });
    const made = first.trace[0].event!.id;
    expect(made).toMatch(/^[0-9a-f]{32}$/);
    sim.advance(30_000);
    // the id the simulator made, given back: a redelivery
    expect(sim.emitEvent({ eventSourceName: 'webhook', eventName: 'example', data: {}, id: made }).trace[0].dependencies[0].triggers)
      .toEqual([{ trigger: 'log', result: 'duplicate' }]);
    // a caller's id that the simulator's next id happens to equal
    const next = eventId(2);
    expect(sim.emitEvent({ eventSourceName: 'webhook', eventName: 'example', data: {}, id: next }).triggers).toEqual(['hub/log']);
    const clash = sim.emitEvent({ eventSourceName: 'webhook', eventName: 'example', data: {} });
    expect(clash.trace[0].event!.id).toBe(next);
    expect(clash.trace[0].dependencies[0].triggers).toEqual([{ trigger: 'log', result: 'duplicate' }]);
    sim.advance(31_000);
    // the first id is out of the window now, the caller's one is not
    expect(sim.emitEvent({ eventSourceName: 'webhook', eventName: 'example', data: {}, id: made }).triggers).toEqual(['hub/log']);
    expect(sim.emitEvent({ eventSourceName: 'webhook', eventName: 'example', data: {}, id: next }).triggers).toEqual([]);
  });

  test('thousands of ids in one window: each id is new once, then a redelivery', () => {
    const sim = Simulator.fromManifests([
      sensor({ dependencies: [{ name: 'd', eventSourceName: 'webhook', eventName: 'example' }], triggers: [{ template: { name: 'log', log: {} } }] }),
    ], { now: NOW });
    const ids: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const result = sim.emitEvent({ eventSourceName: 'webhook', eventName: 'example', data: {} });
      expect(result.triggers).toEqual(['hub/log']);
      ids.push(result.trace[0].event!.id);
    }
    expect(new Set(ids).size).toBe(5000);
    expect(sim.emitEvent({ eventSourceName: 'webhook', eventName: 'example', data: {}, id: ids[4321] }).triggers).toEqual([]);
    sim.advance(60_001);
    // the window has moved past every one of them (and the store compacted)
    expect(sim.emitEvent({ eventSourceName: 'webhook', eventName: 'example', data: {}, id: ids[4321] }).triggers).toEqual(['hub/log']);
    expect(sim.emitEvent({ eventSourceName: 'webhook', eventName: 'example', data: {}, id: ids[17] }).triggers).toEqual(['hub/log']);
  });

  test('update and patch upsert; delete of a missing object is a success', () => {
    const target = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'state', namespace: 'apps' }, data: { a: '1' } };
    const trigger = (name: string, operation: string, object: Obj): Obj => ({ template: { name, k8s: { operation, source: { resource: object } } } });
    const sim = Simulator.fromManifests([
      sensor({
        dependencies: [{ name: 'd', eventSourceName: 'webhook', eventName: 'example' }],
        triggers: [
          trigger('update', 'update', { ...target, data: { b: '2' } }),
          trigger('patch', 'patch', { ...target, data: { a: null } }),
          trigger('delete', 'delete', { ...target, metadata: { name: 'missing', namespace: 'apps' } }),
        ],
      }),
      target,
    ], { now: NOW });
    const actions = sim.emitEvent({ eventSourceName: 'webhook', eventName: 'example', data: {} }).actions as K8sAction[];
    expect(actions.map((a) => a.outcome)).toEqual(['updated', 'patched', 'not-found']);
    expect(actions[1].result).toMatchObject({ data: { b: '2' } });
    expect(actions[1].result?.data).toEqual({ b: '2' });
  });
});

describe('Simulator: manifest errors', () => {
  test('names the object and field of an invalid regex or unknown condition; strict refuses them', () => {
    const bad = sensor({
      dependencies: [{ name: 'd', eventSourceName: 'hub', eventName: 'deployments', filters: { data: [{ path: 'type', type: 'string', value: ['(unclosed'] }] } }],
      triggers: [{ template: { name: 't', conditions: 'd && missing', log: {} } }],
    });
    expect(() => Simulator.fromManifests([bad], { strict: true })).toThrow(EngineError);
    expect(() => Simulator.fromManifests([bad], { strict: true })).toThrow(/Sensor\/apps\/hub spec\.dependencies\[0\]\.filters\.data\[0\]\.value\[0\]/);
    // Argo Events accepts both: the filter fails on each event and the trigger never fires.
    const sim = Simulator.fromManifests([bad], { now: NOW });
    expect(sim.diagnostics.map((d) => [d.where, d.stage])).toEqual([
      ['Sensor/apps/hub spec.dependencies[0].filters.data[0].value[0]', 'runtime'],
      ['Sensor/apps/hub spec.triggers[0].template.conditions', 'runtime'],
    ]);
  });

  test('what the controller rejects is refused without strict too', () => {
    const rejected = sensor({
      dependencies: [{ name: 'd', eventSourceName: 'hub', eventName: 'deployments', filters: { data: [{ path: 'type', type: 'string', value: ['x'], comparator: '~' }] } }],
      triggers: [{ template: { name: 't', log: {} } }],
    });
    expect(() => Simulator.fromManifests([rejected])).toThrow(
      "Argo Events' controller rejects these manifests, so none of the objects named runs:\n"
      + 'error (the controller rejects it): Sensor/apps/hub spec.dependencies[0].filters.data[0].comparator: comparator ~ not supported',
    );
  });

  test('fromChart reads the synthesized objects', () => {
    const chart = { toJson: () => [eventSource(), sensor({ dependencies: [imageChanged], triggers: [smokeTestTrigger()] })] };
    const sim = Simulator.fromChart(chart, { now: NOW });
    expect(sim.emit({ type: 'ADD', object: deployment() }).trace[0].dependencies[0].matched).toBe(false);
  });
});

describe('Simulator: k8s trigger details', () => {
  function k8sSensor(trigger: Obj): Obj {
    return sensor({ dependencies: [{ name: 'd', eventSourceName: 'webhook', eventName: 'example' }], triggers: [trigger] });
  }
  const fire = (sim: Simulator): K8sAction => sim.emitEvent({ eventSourceName: 'webhook', eventName: 'example', data: { name: 'x' } }).actions[0] as K8sAction;

  test('reads inline and ConfigMap sources and defaults the namespace to the Sensor\'s', () => {
    const inline = Simulator.fromManifests([k8sSensor({
      template: { name: 'inline', k8s: { source: { inline: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: c-\n' } } },
    })], { now: NOW });
    expect(fire(inline)).toMatchObject({ outcome: 'created', object: { metadata: { namespace: 'apps' } } });

    const fromConfigMap = Simulator.fromManifests([
      k8sSensor({ template: { name: 'cm', k8s: { source: { configmap: { name: 'job-template', key: 'job.yaml' } } } } }),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'job-template', namespace: 'apps' }, data: { 'job.yaml': 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: from-cm}\n' } },
    ], { now: NOW });
    expect(fire(fromConfigMap)).toMatchObject({ outcome: 'created', result: { metadata: { name: 'from-cm', namespace: 'apps' } } });

    const missing = Simulator.fromManifests([
      k8sSensor({ template: { name: 'cm', k8s: { source: { configmap: { name: 'nope', key: 'k' } } } } }),
    ], { now: NOW });
    expect(fire(missing)).toMatchObject({ outcome: 'source-unavailable', failed: true, error: "ConfigMap 'nope' (key 'k') was not given to the simulator" });
  });

  test('cluster-scoped kinds outside Argo Events\' list are sent to a namespaced path', () => {
    const sim = Simulator.fromManifests([k8sSensor({
      template: { name: 'sc', k8s: { source: { resource: { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' } } } } },
    })], { now: NOW });
    expect(fire(sim)).toMatchObject({ outcome: 'invalid', failed: true });
    const ns = Simulator.fromManifests([k8sSensor({
      template: { name: 'ns', k8s: { source: { resource: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } } } } },
    })], { now: NOW });
    expect(fire(ns).object?.metadata).not.toHaveProperty('namespace');
  });

  test('policy.k8s waits for labels the simulated cluster never sets', () => {
    const trigger = (errorOnBackoffTimeout: boolean): Obj => ({
      template: { name: 'job', k8s: { source: { resource: { apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'j-' } } } } },
      policy: { k8s: { labels: { done: 'true' }, backoff: { steps: 2 }, errorOnBackoffTimeout } },
    });
    expect(fire(Simulator.fromManifests([k8sSensor(trigger(true))], { now: NOW }))).toMatchObject({ failed: true, outcome: 'created' });
    const lenient = fire(Simulator.fromManifests([k8sSensor(trigger(false))], { now: NOW }));
    expect(lenient.failed).toBe(false);
    expect(lenient.notes?.[0]).toContain('without errorOnBackoffTimeout the trigger still succeeds');
  });

  test('a quoted retry factor and a rate limit without requests are manifest errors', () => {
    const broken = k8sSensor({
      template: { name: 'job', log: {} },
      atLeastOnce: true,
      retryStrategy: { steps: 2, factor: '2' },
      rateLimit: { unit: 'Second' },
    });
    const sim = Simulator.fromManifests([broken], { now: NOW });
    expect(sim.diagnostics.filter((d) => d.severity === 'error').map((d) => d.where)).toEqual([
      'Sensor/apps/hub spec.triggers[0].retryStrategy',
      'Sensor/apps/hub spec.triggers[0].rateLimit.requestsPerUnit',
    ]);
    // The rate limiters are built when the Sensor starts: the panic takes every trigger down.
    const result = sim.emitEvent({ eventSourceName: 'webhook', eventName: 'example', data: {} });
    expect(result.triggers).toEqual([]);
    expect(result.trace[0].dependencies[0]).toMatchObject({
      matched: false,
      reason: "the Sensor panics when it starts (trigger 'job' has a rateLimit without requestsPerUnit: division by zero), "
        + 'so none of its dependencies or triggers runs',
      triggers: [],
    });

    const quoted = Simulator.fromManifests([k8sSensor({ template: { name: 'job', log: {} }, atLeastOnce: true, retryStrategy: { steps: 2, factor: '2' } })], { now: NOW });
    const traced = quoted.emitEvent({ eventSourceName: 'webhook', eventName: 'example', data: {} }).trace[0].dependencies[0];
    expect(traced.triggers).toEqual([{ trigger: 'job', result: 'disabled', reason: expect.stringMatching(/^retryStrategy: .*; the trigger fails before it is executed$/) }]);
  });
});

describe('Simulator: unsupported syntax', () => {
  test('a template construct the engine does not implement is an error naming the dependency, not a silent result', () => {
    const sim = Simulator.fromManifests([
      sensor({
        dependencies: [{
          name: 'd', eventSourceName: 'webhook', eventName: 'example',
          filters: { data: [{ path: 'a', type: 'string', value: ['x'], template: '{{ 0x1p-2 }}' }] },
        }],
        triggers: [{ template: { name: 'log', log: {} } }],
      }),
    ], { now: NOW });
    expect(() => sim.emitEvent({ eventSourceName: 'webhook', eventName: 'example', data: { a: 'x' } }))
      .toThrow("Sensor/apps/hub dependency 'd': hexadecimal floating-point literal 0x1p-2 is not supported");
  });
});

describe('Simulator: cross-references', () => {
  test('warns about a dependency on an event its EventSource does not define', () => {
    const sim = Simulator.fromManifests([
      eventSource(),
      sensor({ dependencies: [{ name: 'typo', eventSourceName: 'hub', eventName: 'deployment' }], triggers: [{ template: { name: 'log', log: {} } }] }),
    ], { now: NOW });
    expect(sim.diagnostics).toEqual([{
      severity: 'warning',
      where: "Sensor/apps/hub dependency 'typo'",
      message: "EventSource 'hub' has no event 'deployment' (it defines deployments): the dependency never receives an event",
    }]);
  });
});
