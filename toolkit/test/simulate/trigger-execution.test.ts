import { Simulator } from '../../src/simulate/simulator';
import { HttpAction, K8sAction } from '../../src/simulate/types';
import { NOW, Obj, deployment, eventSource, sensor } from './fixtures';

const dependency: Obj = { name: 'rolled', eventSourceName: 'hub', eventName: 'deployments' };

/** A Warning Event on the Deployment that fired, as a dead-letter trigger records it. */
function warningEventTrigger(name: string, extra: Obj = {}): Obj {
  return {
    atLeastOnce: true,
    template: {
      name,
      k8s: {
        operation: 'create',
        source: {
          resource: {
            apiVersion: 'v1',
            kind: 'Event',
            metadata: { generateName: 'web-hook-failed-' },
            type: 'Warning',
            reason: 'HookFailed',
            message: 'the hook failed',
            involvedObject: { apiVersion: 'apps/v1', kind: 'Deployment' },
          },
        },
        parameters: [
          { src: { dependencyName: 'rolled', dataKey: 'body.metadata.name' }, dest: 'involvedObject.name' },
          { src: { dependencyName: 'rolled', dataKey: 'body.metadata.namespace' }, dest: 'involvedObject.namespace' },
          { src: { dependencyName: 'rolled', dataKey: 'body.metadata.uid' }, dest: 'involvedObject.uid' },
        ],
      },
    },
    ...extra,
  };
}

function httpTrigger(extra: Obj = {}): Obj {
  return {
    template: { name: 'purge-cdn', http: { url: 'https://cdn.example.com/purge', method: 'POST' } },
    atLeastOnce: true,
    retryStrategy: { steps: 3, duration: '1s', factor: 2 },
    policy: { status: { allow: [200, 204] } },
    ...extra,
  };
}

function simulator(trigger: Obj): Simulator {
  return Simulator.fromManifests([eventSource(), sensor({ dependencies: [dependency], triggers: [trigger] })], { now: NOW });
}

describe('dlqTrigger', () => {
  test('an HTTP status outside policy.status after every retry runs the dead-letter trigger, listed as its own action', () => {
    const sim = simulator(httpTrigger({ dlqTrigger: warningEventTrigger('record-failure') }));
    const result = sim.emit({ type: 'ADD', object: deployment() }, { httpStatus: 503 });
    expect(result.triggers).toEqual(['hub/purge-cdn', 'hub/record-failure']);
    const [failed, deadLetter] = result.actions as [HttpAction, K8sAction];
    expect(failed).toMatchObject({ kind: 'http', outcome: 'failed', failed: true, attempts: 3, backoff: ['1s', '2s'], status: 503 });
    expect(failed.dlq).toBe(deadLetter);
    expect(deadLetter).toMatchObject({
      kind: 'k8s', trigger: 'record-failure', deadLetterOf: 'purge-cdn', outcome: 'created', failed: false, attempts: 1,
      dependencies: ['rolled'], eventIds: failed.eventIds,
    });
    // the dead-letter trigger received the same event
    expect(deadLetter.result).toMatchObject({
      kind: 'Event',
      type: 'Warning',
      reason: 'HookFailed',
      involvedObject: { kind: 'Deployment', name: 'web', namespace: 'apps', uid: '1f0c5d1e-8c2a-4b7e-9d3f-0a1b2c3d4e5f' },
      metadata: { namespace: 'apps', name: expect.stringMatching(/^web-hook-failed-[a-z0-9]{5}$/) },
    });
    // the plural Argo Events guesses for Event is events, under which the cluster stores it
    expect(sim.cluster.get({ group: '', resource: 'events', namespace: 'apps', name: String((deadLetter.result?.metadata as Obj).name) })).toBeDefined();
  });

  test('a successful trigger, or one without atLeastOnce, never runs the dead-letter trigger', () => {
    expect(simulator(httpTrigger({ dlqTrigger: warningEventTrigger('record-failure') })).emit({ type: 'ADD', object: deployment() }, { httpStatus: 204 }).triggers)
      .toEqual(['hub/purge-cdn']);
    // atLeastOnce false runs the trigger in the background: a failure is only logged
    const fireAndForget = Simulator.fromManifests([eventSource(), sensor({
      dependencies: [dependency],
      triggers: [httpTrigger({ atLeastOnce: false, retryStrategy: undefined, dlqTrigger: undefined })],
    })], { now: NOW });
    expect(fireAndForget.emit({ type: 'ADD', object: deployment() }, { httpStatus: 500 }).triggers).toEqual(['hub/purge-cdn']);
  });

  test('the dead-letter trigger has its own retryStrategy (default one attempt) and no dead-letter trigger of its own', () => {
    const dlq = {
      atLeastOnce: true,
      template: { name: 'page', http: { url: 'https://pager.example.com/', method: 'POST' } },
      retryStrategy: { steps: 2, duration: '5s' },
      policy: { status: { allow: [200] } },
      dlqTrigger: warningEventTrigger('never-runs'),
    };
    const sim = simulator(httpTrigger({ dlqTrigger: dlq }));
    const result = sim.emit({ type: 'ADD', object: deployment() }, { httpStatus: { 'hub/purge-cdn': 500, 'hub/page': 502 } });
    expect(result.triggers).toEqual(['hub/purge-cdn', 'hub/page']);
    expect(result.actions[1]).toMatchObject({ deadLetterOf: 'purge-cdn', outcome: 'failed', status: 502, attempts: 2, backoff: ['5s'] });
    expect(result.actions[1].dlq).toBeUndefined();

    const once = simulator(httpTrigger({ dlqTrigger: { ...dlq, retryStrategy: undefined } }));
    expect(once.emit({ type: 'ADD', object: deployment() }, { httpStatus: { 'hub/purge-cdn': 500, 'hub/page': 502 } }).actions[1].attempts).toBe(1);
  });

  test('a Job create that keeps failing (AlreadyExists) runs the dead-letter trigger after its retries', () => {
    const job: Obj = {
      atLeastOnce: true,
      retryStrategy: { steps: 2 },
      template: {
        name: 'smoke',
        k8s: {
          operation: 'create',
          source: { resource: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'smoke' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } } },
          parameters: [{ src: { dependencyName: 'rolled', dataTemplate: 'smoke-{{ .Input.body.metadata.generation }}' }, dest: 'metadata.name' }],
        },
      },
      dlqTrigger: warningEventTrigger('record-failure'),
    };
    const sim = simulator(job);
    expect(sim.emit({ type: 'ADD', object: deployment() }).triggers).toEqual(['hub/smoke']);
    const replay = sim.emit({ type: 'ADD', object: deployment() });
    expect(replay.triggers).toEqual(['hub/smoke', 'hub/record-failure']);
    expect(replay.actions[0]).toMatchObject({ outcome: 'already-exists', failed: true, attempts: 2, error: 'jobs.batch "smoke-1" already exists' });
    expect(replay.actions[1]).toMatchObject({ deadLetterOf: 'smoke', outcome: 'created' });
  });
});

describe('created objects are stored exactly as rendered', () => {
  /** A Sensor creating a Job owned by the Deployment that fired, with extra parameters. */
  function ownedJobSimulator(parameters: Obj[] = [], spec: Obj = {}): Simulator {
    return Simulator.fromManifests([eventSource(), sensor({
      dependencies: [dependency],
      triggers: [{
        template: {
          name: 'smoke',
          k8s: {
            operation: 'create',
            source: {
              resource: {
                apiVersion: 'batch/v1',
                kind: 'Job',
                metadata: {
                  generateName: 'smoke-',
                  labels: { 'hooks.example.com/hook': 'smoke' },
                  annotations: { 'hooks.example.com/trigger': 'smoke' },
                  ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'placeholder', uid: 'placeholder' }],
                },
                spec: {
                  ttlSecondsAfterFinished: 3600,
                  template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } },
                  ...spec,
                },
              },
            },
            parameters: [
              { src: { dependencyName: 'rolled', dataKey: 'body.metadata.uid' }, dest: 'metadata.ownerReferences.0.uid' },
              { src: { dependencyName: 'rolled', dataKey: 'body.metadata.name' }, dest: 'metadata.ownerReferences.0.name' },
              { src: { dependencyName: 'rolled', dataKey: 'body.metadata.name' }, dest: 'metadata.labels.hooks\\.example\\.com/target' },
              { src: { dependencyName: 'rolled', dataKey: 'body.metadata.generation' }, dest: 'metadata.annotations.hooks\\.example\\.com/generation' },
              { src: { dependencyName: 'rolled', dataKey: 'body.spec.replicas', useRawData: true }, dest: 'spec.parallelism' },
              ...parameters,
            ],
          },
        },
      }],
    })], { now: NOW });
  }

  test('ownerReferences, labels, annotations and ttlSecondsAfterFinished set by parameters reach the cluster', () => {
    const sim = ownedJobSimulator();
    const action = sim.emit({ type: 'ADD', object: deployment({ generation: 4 }) }).actions[0] as K8sAction;
    expect(action).toMatchObject({ outcome: 'created', failed: false });
    const stored = sim.cluster.list().find((o) => o.kind === 'Job') as Obj;
    expect(stored).toEqual(action.result);
    expect(stored.metadata).toEqual({
      generateName: 'smoke-',
      name: expect.stringMatching(/^smoke-[a-z0-9]{5}$/),
      namespace: 'apps',
      uid: expect.any(String),
      resourceVersion: expect.any(String),
      creationTimestamp: NOW,
      generation: 1,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: '1f0c5d1e-8c2a-4b7e-9d3f-0a1b2c3d4e5f' }],
      labels: {
        'hooks.example.com/hook': 'smoke',
        'hooks.example.com/target': 'web',
        'events.argoproj.io/sensor': 'hub',
        'events.argoproj.io/trigger': 'smoke',
        'events.argoproj.io/action-timestamp': String(Date.parse(NOW)),
      },
      annotations: { 'hooks.example.com/trigger': 'smoke', 'hooks.example.com/generation': '4' },
    });
    expect(stored.spec).toMatchObject({ ttlSecondsAfterFinished: 3600, parallelism: 2 });
    // what was sent is what is stored, less the fields the server sets
    const { name: _n, uid: _u, resourceVersion: _r, creationTimestamp: _c, generation: _g, ...sent } = stored.metadata as Obj;
    expect(action.object).toEqual({ ...stored, metadata: sent });
  });

  test('the API server refuses what a Job cannot decode: a parameter value is a string, even for an integer field', () => {
    const sim = ownedJobSimulator([{ src: { dependencyName: 'rolled', value: '600' }, dest: 'spec.ttlSecondsAfterFinished' }]);
    const action = sim.emit({ type: 'ADD', object: deployment() }).actions[0] as K8sAction;
    expect(action).toMatchObject({
      outcome: 'invalid',
      failed: true,
      error: 'Job in version "v1" cannot be handled as a Job: json: cannot unmarshal string into Go struct field '
        + 'JobSpec.spec.ttlSecondsAfterFinished of type int32',
    });
    expect(sim.cluster.list().filter((o) => o.kind === 'Job')).toEqual([]);
  });

  test('a number written into an annotation with useRawData is refused too', () => {
    const sim = ownedJobSimulator([{ src: { dependencyName: 'rolled', dataKey: 'body.metadata.generation', useRawData: true }, dest: 'metadata.annotations.hooks\\.example\\.com/generation' }]);
    expect((sim.emit({ type: 'ADD', object: deployment() }).actions[0] as K8sAction).error)
      .toBe('Job in version "v1" cannot be handled as a Job: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.annotations of type string');
  });

  test('an owner reference the parameters leave incomplete is refused', () => {
    const sim = ownedJobSimulator([{ src: { dependencyName: 'rolled', dataKey: 'body.metadata.missing', value: '' }, dest: 'metadata.ownerReferences.0.uid' }]);
    expect((sim.emit({ type: 'ADD', object: deployment() }).actions[0] as K8sAction).error)
      .toMatch(/^Job\.batch "smoke-[a-z0-9]{5}" is invalid: metadata\.ownerReferences\.uid: Invalid value: "": uid must not be empty$/);
  });

  test('label values and Job names follow the API server\'s limits', () => {
    const long = 'x'.repeat(64);
    const labelled = ownedJobSimulator([{ src: { dependencyName: 'rolled', value: long }, dest: 'metadata.labels.hooks\\.example\\.com/target' }]);
    expect((labelled.emit({ type: 'ADD', object: deployment() }).actions[0] as K8sAction).error)
      .toContain(`metadata.labels: Invalid value: "${long}": must be no more than 63 characters`);
    const named = ownedJobSimulator([{ src: { dependencyName: 'rolled', value: `smoke-${long}` }, dest: 'metadata.name' }]);
    expect((named.emit({ type: 'ADD', object: deployment() }).actions[0] as K8sAction).error)
      .toContain('spec.template.labels: Invalid value: "smoke-xxxx');
    // a long generateName is shortened so that the generated name fits
    const generated = ownedJobSimulator([{ src: { dependencyName: 'rolled', value: `smoke-${long}-` }, dest: 'metadata.generateName' }]);
    const created = generated.emit({ type: 'ADD', object: deployment() }).actions[0] as K8sAction;
    expect(created.outcome).toBe('created');
    expect(String((created.result?.metadata as Obj).name)).toHaveLength(63);
  });
});
