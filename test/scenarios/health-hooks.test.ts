import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { EventValue, HookTarget, ResourceWatch, Trigger } from '../../src';
import { Simulator } from 'resource-hooks/simulate';
import { namespacedChart, testJob } from '../support/charts';
import {
  application, daemonSet, deployment, job, rollingUpdate, statefulSet, steadyDeployment, withStatus,
} from '../support/workloads';

const jobTrigger = (): Trigger => Trigger.job({ job: testJob('busybox') });

/** Feeds UPDATEs between consecutive states; returns the names of Jobs created per hook. */
function play(sim: Simulator, states: any[]): string[] {
  const created: string[] = [];
  for (let i = 1; i < states.length; i++) {
    created.push(...createdJobs(sim, states[i - 1], states[i]));
  }
  return created;
}

function createdJobs(sim: Simulator, oldObject: any, object: any): string[] {
  return sim.emit({ type: 'UPDATE', object, oldObject }).actions
    .filter((a: any) => a.kind === 'k8s' && a.outcome === 'created' && a.object.kind !== 'Event')
    .map((a: any) => `${a.trigger}:${a.object.metadata.name}`);
}

describe('Deployment rollouts', () => {
  function simulator(options: { includeScaledToZero?: boolean } = {}): Simulator {
    const chart = namespacedChart('apps');
    const target = HookTarget.fromReference({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'apps', name: 'web' });
    const watch = new ResourceWatch(chart, 'web', { target });
    watch.onRolloutComplete('done', { triggers: [jobTrigger()], ...options });
    watch.onRolloutFailed('failed', { triggers: [jobTrigger()] });
    return Simulator.fromChart(chart);
  }

  test('a rollout from generation 4 to 5 fires exactly once, at the end', () => {
    const sim = simulator();
    const states = [steadyDeployment('web', 'apps', 4, 'web:1'), ...rollingUpdate('web', 'apps', 4, 'web:2')];
    const created = play(sim, states);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatch(/^web-done-job:web-done-[0-9a-f]{10}$/);
    // Nothing before the last write.
    expect(play(simulator(), states.slice(0, -1))).toEqual([]);
  });

  test('a second rollout fires once more, with another Job name', () => {
    const sim = simulator();
    const first = [steadyDeployment('web', 'apps', 4, 'web:1'), ...rollingUpdate('web', 'apps', 4, 'web:2')];
    const second = [first[first.length - 1], ...rollingUpdate('web', 'apps', 5, 'web:3')];
    const created = [...play(sim, first), ...play(sim, second)];
    expect(created).toHaveLength(2);
    expect(new Set(created).size).toBe(2);
  });

  test('status churn, pod restarts and HPA scaling of the same version fire nothing', () => {
    const sim = simulator();
    const steady = steadyDeployment('web', 'apps', 5, 'web:2');
    const podDown = withStatus(steady, { availableReplicas: 2, readyReplicas: 2 });
    const podBack = withStatus(podDown, { availableReplicas: 3, readyReplicas: 3 });
    // An HPA raises replicas: a new generation without a new template (same revision).
    const scaled = deployment('web', 'apps', { generation: 6, observedGeneration: 5, revision: 5, image: 'web:2', replicas: 5, statusReplicas: 3, updated: 3, available: 3, reason: 'NewReplicaSetAvailable' });
    const scaling = deployment('web', 'apps', { generation: 6, observedGeneration: 6, revision: 5, image: 'web:2', replicas: 5, statusReplicas: 5, updated: 5, available: 3, reason: 'NewReplicaSetAvailable' });
    const scaledDone = deployment('web', 'apps', { generation: 6, observedGeneration: 6, revision: 5, image: 'web:2', replicas: 5, statusReplicas: 5, updated: 5, available: 5, reason: 'NewReplicaSetAvailable' });
    expect(play(sim, [steady, podDown, podBack, scaled, scaling, scaledDone])).toEqual([]);
  });

  test('duplicate and out-of-order deliveries start no second Job', () => {
    const sim = simulator();
    const states = [steadyDeployment('web', 'apps', 4, 'web:1'), ...rollingUpdate('web', 'apps', 4, 'web:2')];
    const pairs = states.slice(1).map((s, i) => [states[i], s]);
    const shuffled = [...pairs].reverse();
    const created = [...shuffled, ...pairs].flatMap(([o, n]) => createdJobs(sim, o, n));
    expect(created).toHaveLength(1);
    // The replays did reach the trigger, and failed with AlreadyExists.
    const [o, n] = pairs[pairs.length - 1];
    const replay: any = sim.emit({ type: 'UPDATE', object: n, oldObject: o }).actions[0];
    expect(replay.outcome).toBe('already-exists');
  });

  test('an EventSource restart (ADD of every existing object) and resyncs fire nothing', () => {
    const sim = simulator();
    const steady = steadyDeployment('web', 'apps', 5, 'web:2');
    expect(sim.emit({ type: 'ADD', object: steady }).actions).toEqual([]);
    // A resync re-delivers the object with the same resourceVersion.
    expect(sim.emit({ type: 'UPDATE', object: steady, oldObject: steady }).actions).toEqual([]);
  });

  test('a rollout that exceeds its progress deadline: no completion, one failure', () => {
    const sim = simulator();
    const start = [steadyDeployment('web', 'apps', 4, 'web:1'), ...rollingUpdate('web', 'apps', 4, 'web:bad').slice(0, 4)];
    const stuck = start[start.length - 1];
    const exceeded = deployment('web', 'apps', { generation: 5, observedGeneration: 5, revision: 5, image: 'web:bad', replicas: 3, statusReplicas: 4, updated: 1, available: 3, reason: 'ProgressDeadlineExceeded' });
    const stillExceeded = withStatus(exceeded, { readyReplicas: 3 });
    const created = play(sim, [...start, exceeded, stillExceeded]);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatch(/^web-failed-job:/);
    expect(stuck.status.updatedReplicas).toBe(1);
  });

  test('a paused Deployment does not complete', () => {
    const sim = simulator();
    const rolling = deployment('web', 'apps', { generation: 5, observedGeneration: 5, revision: 5, image: 'web:2', replicas: 3, statusReplicas: 4, updated: 3, available: 3, reason: 'ReplicaSetUpdated' });
    const pausedDone = deployment('web', 'apps', { generation: 6, observedGeneration: 6, revision: 5, image: 'web:2', replicas: 3, statusReplicas: 3, updated: 3, available: 3, reason: 'NewReplicaSetAvailable', paused: true });
    expect(play(sim, [rolling, pausedDone])).toEqual([]);
  });

  test('a rollout scaled to zero fires only when asked', () => {
    const zero = (reason: string, statusReplicas: number) => deployment('web', 'apps', { generation: 5, observedGeneration: 5, revision: 5, image: 'web:2', replicas: 0, statusReplicas, updated: 0, available: 0, reason });
    const states = [zero('ReplicaSetUpdated', 1), zero('NewReplicaSetAvailable', 0)];
    expect(play(simulator(), states)).toEqual([]);
    expect(play(simulator({ includeScaledToZero: true }), states)).toHaveLength(1);
  });
});

describe('Argo Workflow trigger', () => {
  test('a completed rollout submits the Workflow once, with the new image as argument', () => {
    const chart = namespacedChart('apps');
    const target = HookTarget.fromReference({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'apps', name: 'web' });
    const workflow = new ApiObject(chart, 'wf', {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow',
      spec: { entrypoint: 'main', arguments: { parameters: [{ name: 'image', value: '' }] }, templates: [{ name: 'main', container: { image: 'busybox' } }] },
    });
    new ResourceWatch(chart, 'web', { target }).onRolloutComplete('e2e', {
      triggers: [Trigger.argoWorkflow({ workflow, parameters: { image: EventValue.fromPath('body.spec.template.spec.containers.0.image') } })],
    });
    const sim = Simulator.fromChart(chart);
    const states = [steadyDeployment('web', 'apps', 4, 'web:1'), ...rollingUpdate('web', 'apps', 4, 'web:2')];
    const results = states.slice(1).map((s, i) => sim.emit({ type: 'UPDATE', object: s, oldObject: states[i] }));
    const actions: any[] = results.flatMap((r) => r.actions).filter((a: any) => a.object?.kind !== 'Event');
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ kind: 'argoWorkflow', operation: 'submit', outcome: 'submitted' });
    expect(actions[0].object.spec.arguments.parameters).toEqual([{ name: 'image', value: 'web:2' }]);
    const last = states.length - 1;
    const replay: any = sim.emit({ type: 'UPDATE', object: states[last], oldObject: states[last - 1] }).actions.find((a: any) => a.kind === 'argoWorkflow');
    expect(replay.outcome).toBe('already-exists');
  });
});

describe('StatefulSet and DaemonSet rollouts', () => {
  function simulator(kind: string): Simulator {
    const chart = namespacedChart('apps');
    const target = HookTarget.fromReference({ apiVersion: 'apps/v1', kind, namespace: 'apps', name: 'db' });
    new ResourceWatch(chart, 'db', { target }).onRolloutComplete('done', { triggers: [jobTrigger()] });
    return Simulator.fromChart(chart);
  }

  test('a partitioned StatefulSet rollout fires once when the partition is reached', () => {
    const s = (generation: number, observedGeneration: number, ready: number, updated: number, updateRevision: string) =>
      statefulSet('db', 'apps', { generation, observedGeneration, replicas: 3, ready, updated, currentRevision: 'db-1', updateRevision, partition: 2, image: generation > 1 ? 'pg:16' : 'pg:15' });
    const states = [
      s(1, 1, 3, 3, 'db-1'),
      s(2, 1, 3, 3, 'db-1'), // spec change
      s(2, 2, 3, 0, 'db-2'), // observed: a new revision, nothing updated yet
      s(2, 2, 2, 0, 'db-2'), // the pod above the partition restarts
      s(2, 2, 3, 1, 'db-2'), // it is back on the new revision: partitioned rollout complete
      s(2, 2, 3, 1, 'db-2'), // status churn
    ];
    expect(play(simulator('StatefulSet'), states)).toHaveLength(1);
  });

  test('a StatefulSet rollout as the controller writes it (pods updated before ready) fires once', () => {
    const s = (generation: number, observedGeneration: number, ready: number, updated: number, currentRevision: string, updateRevision: string) =>
      statefulSet('db', 'apps', { generation, observedGeneration, replicas: 3, ready, updated, currentRevision, updateRevision, image: generation > 1 ? 'pg:16' : 'pg:15' });
    const sim = simulator('StatefulSet');
    const states = [
      s(1, 1, 3, 3, 'db-1', 'db-1'),
      s(2, 1, 3, 3, 'db-1', 'db-1'),
      s(2, 2, 3, 0, 'db-1', 'db-2'),
      s(2, 2, 2, 1, 'db-1', 'db-2'), // db-2 recreated: updated, not ready yet
      s(2, 2, 3, 1, 'db-1', 'db-2'),
      s(2, 2, 2, 2, 'db-1', 'db-2'),
      s(2, 2, 3, 2, 'db-1', 'db-2'),
      s(2, 2, 2, 3, 'db-1', 'db-2'), // the last pod: updated, not ready
      s(2, 2, 3, 3, 'db-2', 'db-2'), // ready: the controller moves currentRevision
    ];
    expect(play(sim, states)).toHaveLength(1);
    // A pod crash afterwards is not a rollout.
    expect(play(sim, [s(2, 2, 3, 3, 'db-2', 'db-2'), s(2, 2, 2, 3, 'db-2', 'db-2'), s(2, 2, 3, 3, 'db-2', 'db-2')])).toEqual([]);
  });

  test('a DaemonSet rollout fires once', () => {
    const d = (generation: number, observedGeneration: number, updated: number, available: number) =>
      daemonSet('db', 'apps', { generation, observedGeneration, desired: 3, updated, available, image: `agent:${generation}` });
    const sim = simulator('DaemonSet');
    const states = [d(1, 1, 3, 3), d(2, 1, 3, 3), d(2, 2, 0, 3), d(2, 2, 1, 2), d(2, 2, 2, 2), d(2, 2, 3, 2), d(2, 2, 3, 3)];
    expect(play(sim, states)).toHaveLength(1);
    // A pod that is unavailable for a while and recovers counts again, but the Job, keyed on the
    // generation, already exists.
    expect(play(sim, [d(2, 2, 3, 3), d(2, 2, 3, 2), d(2, 2, 3, 3)])).toEqual([]);
    const next = [d(2, 2, 3, 3), d(3, 2, 3, 3), d(3, 3, 0, 3), d(3, 3, 3, 3)];
    expect(play(sim, next)).toHaveLength(1);
  });
});

describe('Job hooks', () => {
  function simulator(): Simulator {
    const chart = namespacedChart('apps');
    const target = HookTarget.fromReference({ apiVersion: 'batch/v1', kind: 'Job', namespace: 'apps', name: 'migrate' });
    const watch = new ResourceWatch(chart, 'migrate', { target });
    watch.onJobSucceeded('ok', { triggers: [jobTrigger()] });
    watch.onJobFailed('ko', { triggers: [jobTrigger()] });
    return Simulator.fromChart(chart);
  }

  test('success fires onJobSucceeded once', () => {
    const created = play(simulator(), [
      job('migrate', 'apps', [], 1),
      job('migrate', 'apps', [{ type: 'SuccessCriteriaMet', status: 'True' }], 0),
      job('migrate', 'apps', [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }]),
      job('migrate', 'apps', [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }]),
    ]);
    expect(created.map((c) => c.split(':')[0])).toEqual(['migrate-ok-job']);
  });

  test('failure fires onJobFailed once', () => {
    const created = play(simulator(), [
      job('migrate', 'apps', [], 1),
      job('migrate', 'apps', [{ type: 'FailureTarget', status: 'True' }]),
      job('migrate', 'apps', [{ type: 'FailureTarget', status: 'True' }, { type: 'Failed', status: 'True' }]),
    ]);
    expect(created.map((c) => c.split(':')[0])).toEqual(['migrate-ko-job']);
  });
});

describe('update hooks', () => {
  test('label edits without a new generation each start their own Job', () => {
    const chart = namespacedChart('apps');
    const target = HookTarget.fromReference({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'apps', name: 'web' });
    const watch = new ResourceWatch(chart, 'web', { target });
    watch.onUpdated('any', { triggers: [jobTrigger()] });
    watch.onFieldChange('tier', { paths: ['metadata.labels.tier'], triggers: [jobTrigger()] });
    const sim = Simulator.fromChart(chart);
    const base = steadyDeployment('web', 'apps', 4, 'web:1');
    const label = (object: any, tier: string) => ({ ...object, metadata: { ...object.metadata, resourceVersion: `${object.metadata.resourceVersion}-${tier}`, labels: { ...object.metadata.labels, tier } } });
    const a = label(base, 'a');
    const b = label(a, 'b');
    const created = play(sim, [base, a, b]);
    expect(created.filter((c) => c.startsWith('web-any-job:'))).toHaveLength(2);
    expect(created.filter((c) => c.startsWith('web-tier-job:'))).toHaveLength(2);
    expect(new Set(created).size).toBe(4);
  });

  test('Pods, which may have no generation, get one Job per change', () => {
    const chart = namespacedChart('apps');
    const target = HookTarget.fromReference({ apiVersion: 'v1', kind: 'Pod', namespace: 'apps', name: 'p' });
    new ResourceWatch(chart, 'p', { target }).onFieldChange('img', { paths: ['spec.containers'], triggers: [jobTrigger()] });
    const sim = Simulator.fromChart(chart);
    const pod = (image: string, rv: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'apps', uid: 'uid-p', resourceVersion: rv }, spec: { containers: [{ name: 'c', image }] } });
    const created = play(sim, [pod('a', '1'), pod('b', '2'), pod('c', '3')]);
    expect(created).toHaveLength(2);
    expect(new Set(created).size).toBe(2);
  });
});

describe('condition hooks', () => {
  test('fire on each transition into the status, not while it stays', () => {
    const chart = namespacedChart('apps');
    const target = HookTarget.fromReference({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', namespace: 'apps', name: 'tls' });
    new ResourceWatch(chart, 'tls', { target }).onCondition('ready', { conditionType: 'Ready', triggers: [jobTrigger()] });
    const sim = Simulator.fromChart(chart);
    const cert = (status: string, rv: string) => ({
      apiVersion: 'cert-manager.io/v1', kind: 'Certificate',
      metadata: { name: 'tls', namespace: 'apps', uid: 'uid-tls', generation: 1, resourceVersion: rv },
      status: { conditions: [{ type: 'Ready', status }] },
    });
    const created = play(sim, [cert('False', '1'), cert('True', '2'), cert('True', '3'), cert('False', '4'), cert('True', '5')]);
    expect(created).toHaveLength(2);
    expect(new Set(created).size).toBe(2);
  });
});

describe('Argo CD sync hooks', () => {
  function simulator(): Simulator {
    const chart = namespacedChart('team-a');
    const cm = new kplus.ConfigMap(chart, 'cm', { metadata: { name: 'settings' }, data: { a: 'b' } });
    new ResourceWatch(chart, 'settings', { target: HookTarget.fromConstruct(cm) })
      .onArgoCdSync('applied', { application: 'teams', triggers: [jobTrigger()] });
    return Simulator.fromChart(chart);
  }
  const settings = (message: string, status = 'Synced') => ({ kind: 'ConfigMap', namespace: 'team-a', name: 'settings', status, message });
  const other = { kind: 'ConfigMap', namespace: 'team-b', name: 'settings', status: 'Synced', message: 'configmap/settings configured' };

  test('a sync that changed the ConfigMap fires once per operation', () => {
    const sim = simulator();
    const running = application('teams', 'Running', undefined, []);
    const done = application('teams', 'Succeeded', '2026-11-22T10:01:00Z', [settings('configmap/settings configured')]);
    const churn = { ...done, metadata: { ...done.metadata, resourceVersion: '99999' }, status: { ...done.status, reconciledAt: 'later' } };
    const created = play(sim, [running, done, churn]);
    expect(created).toHaveLength(1);
    const action: any = sim.emit({ type: 'UPDATE', object: done, oldObject: running }).actions[0];
    const env = Object.fromEntries(action.object.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));
    expect(env).toMatchObject({ HOOK_TARGET_NAME: 'settings', HOOK_ARGOCD_APPLICATION: 'teams', HOOK_ARGOCD_REVISION: 'abc1234', HOOK_ARGOCD_FINISHED_AT: '2026-11-22T10:01:00Z' });
    expect(action.outcome).toBe('already-exists');
  });

  test('a sync that left it unchanged, failed, or touched only other objects fires nothing', () => {
    const sim = simulator();
    const running = application('teams', 'Running', undefined, []);
    expect(play(sim, [running, application('teams', 'Succeeded', '2026-11-22T10:01:00Z', [settings('configmap/settings unchanged'), other])])).toEqual([]);
    expect(play(sim, [running, application('teams', 'Failed', '2026-11-22T10:02:00Z', [settings('configmap/settings configured')])])).toEqual([]);
    expect(play(sim, [running, application('teams', 'Succeeded', '2026-11-22T10:03:00Z', [settings('one or more objects failed to apply', 'SyncFailed')])])).toEqual([]);
    expect(play(sim, [running, application('teams', 'Succeeded', '2026-11-22T10:04:00Z', [other])])).toEqual([]);
  });

  test('two operations fire twice', () => {
    const sim = simulator();
    const first = application('teams', 'Succeeded', '2026-11-22T10:01:00Z', [settings('configmap/settings configured')], 'aaa');
    const second = application('teams', 'Succeeded', '2026-11-22T11:01:00Z', [settings('configmap/settings configured')], 'bbb');
    const created = play(sim, [application('teams', 'Running', undefined, []), first, second]);
    expect(created).toHaveLength(2);
  });
});
