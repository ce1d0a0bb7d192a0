import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Simulator } from 'resource-hooks/simulate';
import { ArgoEventsVersion, HookHub, HookTarget, ResourceWatch, Trigger } from '../../src';
import { namespacedChart, objectsOfKind, onlyOfKind, testJob } from '../support/charts';
import { application, job, rollingUpdate, steadyDeployment } from '../support/workloads';

const HUB = 'resource-hooks.cdk8s.io/hub';
const HOOK = 'resource-hooks.cdk8s.io/hook';
const TARGET_UID = 'resource-hooks.cdk8s.io/target-uid';

/** A chart whose hub is named `test-hooks` (the label the workload builders carry). */
function chartWithHub(props: ConstructorParameters<typeof HookHub>[2] = {}): Chart {
  const chart = namespacedChart('apps');
  new HookHub(chart, 'hub', { name: 'test-hooks', ...props });
  return chart;
}

function webWatch(chart: Chart): ResourceWatch {
  return new ResourceWatch(chart, 'web', { target: HookTarget.fromReference({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'apps', name: 'web' }) });
}

/** The objects the triggers created for one UPDATE. */
function created(sim: Simulator, oldObject: any, object: any, options = {}): any[] {
  return sim.emit({ type: 'UPDATE', object, oldObject }, options).actions
    .filter((a: any) => a.kind === 'k8s' && a.outcome === 'created')
    .map((a: any) => a.object);
}

function completeRollout(sim: Simulator): any[] {
  const states = [steadyDeployment('web', 'apps', 4, 'web:1'), ...rollingUpdate('web', 'apps', 4, 'web:2')];
  return states.slice(1).flatMap((s, i) => created(sim, states[i], s));
}

describe('runs are visible where users look', () => {
  test('a hook Job is owned by its target and labelled with hub, hook, target and change, and expires', () => {
    const chart = chartWithHub();
    webWatch(chart).onRolloutComplete('done', { triggers: [Trigger.job({ job: testJob() })] });
    const objects = completeRollout(Simulator.fromChart(chart));
    const run = objects.find((o) => o.kind === 'Job');
    expect(run.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-web' }]);
    expect(run.metadata.labels).toMatchObject({ [HUB]: 'test-hooks', [HOOK]: 'web-done', [TARGET_UID]: 'uid-web' });
    expect(run.metadata.annotations).toEqual({
      'resource-hooks.cdk8s.io/target': 'apps/v1 Deployment apps/web',
      'resource-hooks.cdk8s.io/change': `generation 5 resourceVersion ${run.metadata.annotations['resource-hooks.cdk8s.io/change'].split(' ').pop()}`,
    });
    // Eight days: longer than JetStream keeps events (168 h), so a replay still finds the Job.
    expect(run.spec.ttlSecondsAfterFinished).toBe(8 * 24 * 3600);
    // And the Deployment gets a Normal Event saying so.
    const event = objects.find((o) => o.kind === 'Event');
    expect(event).toMatchObject({
      type: 'Normal', reason: 'HookTriggered', source: { component: 'resource-hooks' },
      involvedObject: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'apps', name: 'web', uid: 'uid-web' },
      metadata: { namespace: 'apps', labels: { [HUB]: 'test-hooks', [HOOK]: 'web-done' } },
    });
    expect(event.message).toMatch(/^hook web-done fired on generation 5 resourceVersion \d+: create Job web-done-<change> in apps$/);
  });

  test('the TTL is set per hub and per hook, and a TTL on the Job itself wins', () => {
    const chart = chartWithHub({ ttlAfterFinished: Duration.days(2) });
    const w = webWatch(chart);
    w.onSpecChange('hub-default', { triggers: [Trigger.job({ job: testJob() })] });
    w.onSpecChange('per-hook', { triggers: [Trigger.job({ job: testJob() })], ttlAfterFinished: Duration.hours(1) });
    const own = new kplus.Job(new Chart(Testing.app(), 'x'), 'job', { containers: [{ image: 'busybox' }], ttlAfterFinished: Duration.minutes(5) });
    w.onSpecChange('own', { triggers: [Trigger.job({ job: own })] });
    const ttls = onlyOfKind(chart, 'Sensor').spec.triggers
      .filter((t: any) => t.template.k8s?.source.resource.kind === 'Job')
      .map((t: any) => [t.template.name, t.template.k8s.source.resource.spec.ttlSecondsAfterFinished]);
    expect(ttls).toEqual([['web-hub-default-job', 172800], ['web-per-hook-job', 3600], ['web-own-job', 300]]);
  });

  test('a Job in another namespace than its target has no owner (Kubernetes refuses one) but keeps its labels', () => {
    const chart = chartWithHub();
    webWatch(chart).onSpecChange('elsewhere', { triggers: [Trigger.job({ job: testJob(), namespace: 'ops' })] });
    const resource = onlyOfKind(chart, 'Sensor').spec.triggers[0].template.k8s.source.resource;
    expect(resource.metadata.namespace).toBe('ops');
    expect(resource.metadata.ownerReferences).toBeUndefined();
    expect(resource.metadata.labels).toMatchObject({ [HUB]: 'test-hooks', [HOOK]: 'web-elsewhere' });
    const other = chartWithHub();
    expect(() => webWatch(other).onSpecChange('x', { triggers: [Trigger.job({ job: testJob(), namespace: 'ops', ownedByTarget: true })] }))
      .toThrow(/test\/web\/x: ownedByTarget is true, but the target Deployment apps\/web is in another namespace than the Jobs \("ops"\), and Kubernetes refuses owners from other namespaces; remove ownedByTarget/);
  });

  test('Argo CD sync hooks watch the Application, so their Jobs have no owner and name the target in an annotation', () => {
    const chart = chartWithHub();
    const cm = new kplus.ConfigMap(chart, 'cm', { metadata: { name: 'settings' }, data: { a: 'b' } });
    new ResourceWatch(chart, 'settings', { target: HookTarget.fromConstruct(cm) })
      .onArgoCdSync('applied', { application: 'teams', triggers: [Trigger.job({ job: testJob() })] });
    const sim = Simulator.fromChart(chart);
    const running = application('teams', 'Running', undefined, []);
    const done = application('teams', 'Succeeded', '2026-11-22T10:01:00Z', [{ kind: 'ConfigMap', namespace: 'apps', name: 'settings', status: 'Synced', message: 'configmap/settings configured' }]);
    const run = created(sim, running, done).find((o) => o.kind === 'Job');
    expect(run.metadata.ownerReferences).toBeUndefined();
    expect(run.metadata.annotations).toEqual({
      'resource-hooks.cdk8s.io/target': 'v1 ConfigMap apps/settings',
      'resource-hooks.cdk8s.io/change': 'revision abc1234 finishedAt 2026-11-22T10:01:00Z',
    });
    expect(run.metadata.labels[TARGET_UID]).toBeUndefined();
  });

  test('a TTL that is not a positive whole number of seconds is refused', () => {
    expect(() => chartWithHub({ ttlAfterFinished: Duration.millis(1500) }))
      .toThrow(/test\/hub: ttlAfterFinished is 1.5 seconds; Kubernetes needs a positive whole number of seconds/);
    const chart = chartWithHub();
    expect(() => webWatch(chart).onSpecChange('x', { triggers: [Trigger.job({ job: testJob() })], ttlAfterFinished: Duration.millis(0) }))
      .toThrow(/test\/web\/x: ttlAfterFinished is 0 seconds/);
  });
});

describe('failures are loud', () => {
  test('on Argo Events 1.9.3 and later, an HTTP call that fails for good records a Warning Event (dead-letter trigger)', () => {
    const old = chartWithHub();
    webWatch(old).onSpecChange('notify', { triggers: [Trigger.http({ url: 'https://example.com' })] });
    expect(onlyOfKind(old, 'Sensor').spec.triggers[0].dlqTrigger).toBeUndefined();

    const chart = chartWithHub({ argoEventsVersion: ArgoEventsVersion.V1_9_3 });
    webWatch(chart).onSpecChange('notify', { triggers: [Trigger.http({ url: 'https://example.com' }), Trigger.job({ job: testJob() })] });
    const [http, jobTrigger] = onlyOfKind(chart, 'Sensor').spec.triggers;
    expect(http.atLeastOnce).toBe(true);
    expect(http.dlqTrigger).toMatchObject({
      atLeastOnce: true,
      template: { name: 'web-notify-http-failed', k8s: { operation: 'create', source: { resource: { kind: 'Event', type: 'Warning', reason: 'HookFailed' } } } },
    });
    // A replayed change makes a Job create fail with AlreadyExists on purpose: not dead-lettered.
    expect(jobTrigger.dlqTrigger).toBeUndefined();
  });

  test('a hook Job that ends Failed records a Warning Event on its owner', () => {
    const chart = chartWithHub();
    webWatch(chart).onSpecChange('smoke', { triggers: [Trigger.job({ job: testJob() })] });
    const sim = Simulator.fromChart(chart);
    const owned = (j: any): any => ({
      ...j,
      metadata: {
        ...j.metadata,
        labels: { ...j.metadata.labels, [HOOK]: 'web-smoke' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-web' }],
      },
    });
    const running = owned(job('web-smoke-0123456789', 'apps', [], 1));
    const failed = owned(job('web-smoke-0123456789', 'apps', [{ type: 'Failed', status: 'True' }]));
    const [warning] = created(sim, running, failed);
    expect(warning).toMatchObject({
      kind: 'Event', type: 'Warning', reason: 'HookFailed',
      involvedObject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-web', namespace: 'apps' },
      metadata: { labels: { [HUB]: 'test-hooks', [HOOK]: 'web-smoke' } },
      message: 'Job web-smoke-0123456789 of hook web-smoke failed',
    });
    // The app's own Jobs (labelled as watch targets, without a hook label) are not hook runs.
    expect(created(sim, job('migrate', 'apps', [], 1), job('migrate', 'apps', [{ type: 'Failed', status: 'True' }]))).toEqual([]);
  });

  test('failure triggers run on the HookFailed Events of their hook only', () => {
    const chart = chartWithHub();
    const w = webWatch(chart);
    w.onSpecChange('smoke', { triggers: [Trigger.job({ job: testJob() })], onFailure: [Trigger.log()] });
    w.onSpecChange('other', { triggers: [Trigger.job({ job: testJob() })] });
    const sim = Simulator.fromChart(chart);
    const failure = (hook: string): any => ({
      apiVersion: 'v1', kind: 'Event',
      metadata: { name: `${hook}.1`, namespace: 'apps', uid: `uid-event-${hook}`, resourceVersion: '7', creationTimestamp: '2099-01-01T00:00:00Z', labels: { [HUB]: 'test-hooks', [HOOK]: hook } },
      involvedObject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'apps', uid: 'uid-web' },
      type: 'Warning', reason: 'HookFailed', message: 'Job web-smoke-0123456789 of hook web-smoke failed',
    });
    expect(sim.emit({ type: 'ADD', object: failure('web-smoke') }).triggers).toEqual(['test-hooks/web-smoke-failed-log']);
    expect(sim.emit({ type: 'ADD', object: failure('web-other') }).triggers).toEqual([]);
    expect(sim.emit({ type: 'ADD', object: { ...failure('web-smoke'), reason: 'HookTriggered', type: 'Normal' } }).triggers).toEqual([]);
  });

  test('failure triggers need the hub to record Events', () => {
    const chart = chartWithHub({ recordEvents: false });
    expect(() => webWatch(chart).onSpecChange('x', { triggers: [Trigger.log()], onFailure: [Trigger.log()] }))
      .toThrow(/test\/web\/x: onFailure needs the hub to record HookFailed Events, but its recordEvents is false/);
  });

  test('without Events the hub adds no Event triggers, watches or rights', () => {
    const chart = chartWithHub({ recordEvents: false });
    webWatch(chart).onSpecChange('x', { triggers: [Trigger.job({ job: testJob() })] });
    expect(onlyOfKind(chart, 'Sensor').spec.triggers.map((t: any) => t.template.name)).toEqual(['web-x-job']);
    expect(Object.keys(onlyOfKind(chart, 'EventSource').spec.resource)).toHaveLength(1);
    expect(objectsOfKind(chart, 'Role').flatMap((r) => r.rules.flatMap((rule: any) => rule.resources))).not.toContain('events');
  });
});

describe('safe for many teams and every kind of target', () => {
  test('two teams whose charts share an id write distinct Roles into argocd', () => {
    const app = Testing.app();
    const names = ['team-a', 'team-b'].map((team) => {
      const chart = new Chart(new Chart(app, team), 'apps', { namespace: team });
      const cm = new kplus.ConfigMap(chart, 'cm', { data: { a: 'b' } });
      new ResourceWatch(chart, 'w', { target: HookTarget.fromConstruct(cm) }).onArgoCdSync('s', { application: team, triggers: [Trigger.log()] });
      return objectsOfKind(chart, 'Role').filter((r) => r.metadata.namespace === 'argocd').map((r) => r.metadata.name);
    });
    expect(names).toEqual([['apps-hooks.team-a.eventsource'], ['apps-hooks.team-b.eventsource']]);
  });

  test.each([
    ['core', () => (chart: Chart) => new kplus.Namespace(chart, 'ns', { metadata: { name: 'shop' } }), { group: '', version: 'v1', resource: 'namespaces' }],
    ['CRD', () => (chart: Chart) => new ApiObject(chart, 'issuer', { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'letsencrypt' } }),
      { group: 'cert-manager.io', version: 'v1', resource: 'clusterissuers' }],
  ])('a cluster-scoped %s object of a namespaced chart is watched cluster-wide with a ClusterRole', (_family, make, gvr) => {
    const chart = namespacedChart('apps');
    const target = HookTarget.fromConstruct(make()(chart));
    expect(target.namespace).toBeUndefined();
    new ResourceWatch(chart, 'w', { target }).onUpdated('u', { triggers: [Trigger.job({ job: testJob() })] });
    const watch = Object.values<any>(onlyOfKind(chart, 'EventSource').spec.resource).find((r) => r.resource === gvr.resource);
    expect(watch).toMatchObject({ namespace: '', ...gvr });
    const clusterRole = objectsOfKind(chart, 'ClusterRole').find((r) => r.metadata.name === 'test-hooks.apps.eventsource');
    expect(clusterRole.rules).toEqual([{ apiGroups: [gvr.group], resources: [gvr.resource], verbs: ['get', 'list', 'watch'] }]);
    expect(objectsOfKind(chart, 'Role').some((r) => JSON.stringify(r.rules).includes(gvr.resource))).toBe(false);
    // A cluster-scoped owner is allowed for a Job in any namespace.
    const job = onlyOfKind(chart, 'Sensor').spec.triggers[0].template.k8s.source.resource;
    expect(job.metadata.ownerReferences).toEqual([{ apiVersion: gvr.group === '' ? 'v1' : `${gvr.group}/v1`, kind: target.kind, name: '', uid: '' }]);
    // Its Events go to `default`, where Kubernetes keeps Events of cluster-scoped objects.
    const event = onlyOfKind(chart, 'Sensor').spec.triggers.find((t: any) => t.template.name === 'w-u-event').template.k8s.source.resource;
    expect(event.metadata.namespace).toBe('default');
  });
});

