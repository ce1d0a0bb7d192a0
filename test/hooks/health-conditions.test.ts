import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { HookTarget, ResourceWatch, Trigger } from '../../src';
import { namespacedChart, objectsOfKind, onlyOfKind, testJob } from '../support/charts';

describe('health-aware hooks: what they synthesize', () => {
  test('onRolloutComplete on a Deployment: UPDATE only, an expression on old vs new, Job keyed on the generation', () => {
    const chart = namespacedChart();
    const web = new kplus.Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ image: 'nginx' }] });
    new ResourceWatch(chart, 'w', { target: HookTarget.fromConstruct(web) })
      .onRolloutComplete('done', { triggers: [Trigger.job({ job: testJob('busybox') })] });
    const dep = onlyOfKind(chart, 'Sensor').spec.dependencies[0];
    expect(dep.filters.data[0].value).toEqual(['^(UPDATE)$']);
    expect(dep.filters.script).toBeUndefined();
    expect(dep.filters.exprs).toHaveLength(1);
    expect(dep.filters.exprs[0].expr).toContain("nProgress != 'ProgressDeadlineExceeded'");
    expect(dep.filters.exprs[0].expr).toContain('nDesired != 0');
    expect(dep.filters.exprs[0].fields).toContainEqual({ name: 'nUpdated', path: '[body.status.updatedReplicas,!0]|0' });
    const name = onlyOfKind(chart, 'Sensor').spec.triggers[0].template.k8s.parameters[0].src.dataTemplate;
    expect(name).toContain('.Input.body.metadata.generation');
  });

  test('includeScaledToZero drops the zero-replica guard', () => {
    const chart = namespacedChart();
    const sts = new kplus.StatefulSet(chart, 'db', { metadata: { name: 'db' }, containers: [{ image: 'pg' }], service: new kplus.Service(chart, 'svc', { ports: [{ port: 5432 }] }) });
    new ResourceWatch(chart, 'w', { target: HookTarget.fromConstruct(sts) }).onRolloutComplete('done', { triggers: [Trigger.log()], includeScaledToZero: true });
    const filters = onlyOfKind(chart, 'Sensor').spec.dependencies[0].filters;
    expect(filters.script).toBeUndefined();
    expect(filters.exprs[0].expr).not.toContain('nDesired != 0');
    expect(filters.exprs[0].expr).toContain('nUpdateRevision != oUpdateRevision');
  });

  test('onArgoCdSync watches the Application, not the target, and keys Jobs on the operation', () => {
    const chart = namespacedChart('team-a');
    const cm = new kplus.ConfigMap(chart, 'cm', { metadata: { name: 'settings' }, data: { a: 'b' } });
    const hook = new ResourceWatch(chart, 'w', { target: HookTarget.fromConstruct(cm) })
      .onArgoCdSync('applied', { application: 'team-a', triggers: [Trigger.job({ job: testJob('busybox') })] });
    const es = onlyOfKind(chart, 'EventSource');
    expect(es.spec.resource[hook.eventName]).toEqual({ namespace: 'argocd', group: 'argoproj.io', version: 'v1alpha1', resource: 'applications', eventTypes: ['UPDATE'] });
    expect(onlyOfKind(chart, 'ConfigMap').metadata.labels).toBeUndefined();
    const dep = onlyOfKind(chart, 'Sensor').spec.dependencies[0];
    expect(dep.filters.data[1]).toEqual({ path: 'body.metadata.name', type: 'string', value: ['^team-a$'] });
    expect(dep.filters.script).toBeUndefined();
    expect(dep.filters.exprs[0].fields.find((f: any) => f.name === 'nListed').path)
      .toContain('resources.#(name%"settings")#|#(kind%"ConfigMap")#|[#(group==~null)#,#(group%"")#]|@flatten|#(namespace%"team-a")#|');
    const k8s = onlyOfKind(chart, 'Sensor').spec.triggers[0].template.k8s;
    expect(k8s.parameters[0].src.dataTemplate).toContain('.Input.body.status.operationState.finishedAt');
    const env = k8s.source.resource.spec.template.spec.containers[0].env;
    expect(env.slice(0, 3)).toEqual([
      { name: 'HOOK_TARGET_KIND', value: 'ConfigMap' }, { name: 'HOOK_TARGET_NAMESPACE', value: 'team-a' }, { name: 'HOOK_TARGET_NAME', value: 'settings' },
    ]);
    expect(env.map((e: any) => e.name).slice(3)).toEqual(['HOOK_ARGOCD_APPLICATION', 'HOOK_ARGOCD_REVISION', 'HOOK_ARGOCD_FINISHED_AT']);
    expect(objectsOfKind(chart, 'Role').find((r) => r.metadata.namespace === 'argocd').rules)
      .toEqual([{ apiGroups: ['argoproj.io'], resources: ['applications'], verbs: ['get', 'list', 'watch'] }]);
  });

  test('onCondition keys Jobs on the resourceVersion, so every transition runs', () => {
    const chart = namespacedChart();
    const obj = new ApiObject(chart, 'c', { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'tls' } });
    new ResourceWatch(chart, 'w', { target: HookTarget.fromConstruct(obj) })
      .onCondition('ready', { conditionType: 'Ready', triggers: [Trigger.job({ job: testJob('busybox') })] });
    const sensor = onlyOfKind(chart, 'Sensor');
    expect(sensor.spec.dependencies[0].filters.exprs).toEqual([{
      expr: "nStatus == 'True' && oStatus != 'True'",
      fields: [
        { name: 'nStatus', path: '[body.status.conditions.#(type%"Ready").status,!null]|0' },
        { name: 'oStatus', path: '[oldBody.status.conditions.#(type%"Ready").status,!null]|0' },
      ],
    }]);
    expect(sensor.spec.triggers[0].template.k8s.parameters[0].src.dataTemplate).toContain('.Input.body.metadata.resourceVersion');
  });

  test.each([
    ['onRolloutComplete', /onRolloutComplete supports apps\/v1 Deployment, StatefulSet and DaemonSet, not batch\/v1 Job/],
    ['onRolloutFailed', /onRolloutFailed needs an apps\/v1 Deployment/],
  ])('fails: %s on a Job', (method, message) => {
    const chart = namespacedChart();
    const job = new kplus.Job(chart, 'j', { containers: [{ image: 'x' }] });
    const watch: any = new ResourceWatch(chart, 'w', { target: HookTarget.fromConstruct(job) });
    expect(() => watch[method]('h', { triggers: [Trigger.log()] })).toThrow(message);
  });

  test.each([
    ['onJobSucceeded', /onJobSucceeded needs a batch Job, not apps\/v1 Deployment/],
    ['onJobFailed', /onJobFailed needs a batch Job/],
  ])('fails: %s on a Deployment', (method, message) => {
    const chart = namespacedChart();
    const web = new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx' }] });
    const watch: any = new ResourceWatch(chart, 'w', { target: HookTarget.fromConstruct(web) });
    expect(() => watch[method]('h', { triggers: [Trigger.log()] })).toThrow(message);
  });

  test('fails on a malformed condition type or an empty status', () => {
    const chart = namespacedChart();
    const watch = new ResourceWatch(chart, 'w', { target: HookTarget.fromReference({ apiVersion: 'v1', kind: 'Pod', namespace: 'x' }) });
    expect(() => watch.onCondition('a', { conditionType: 'Ready now', triggers: [Trigger.log()] })).toThrow(/conditionType "Ready now" is not a condition type/);
    expect(() => watch.onCondition('b', { conditionType: 'Ready', status: ' ', triggers: [Trigger.log()] })).toThrow(/status " " is not a condition status.*use "True", "False" or "Unknown"/);
    expect(() => watch.onCondition('c', { conditionType: 'Ready', status: 'true', triggers: [Trigger.log()] })).toThrow(/test\/w\/c: status "true" is not a condition status; condition statuses are case-sensitive: use "True"/);
  });

  test('fails: onArgoCdSync with a malformed application or namespace, naming the property', () => {
    const chart = namespacedChart();
    const cm = new kplus.ConfigMap(chart, 'cm', { metadata: { name: 'settings' } });
    const watch = new ResourceWatch(chart, 'w', { target: HookTarget.fromConstruct(cm) });
    expect(() => watch.onArgoCdSync('a', { application: 'Teams_App', triggers: [Trigger.log()] })).toThrow(/test\/w\/a: application "Teams_App" is not a DNS-1123 subdomain/);
    expect(() => watch.onArgoCdSync('b', { application: 'teams', applicationNamespace: 'Argo CD', triggers: [Trigger.log()] })).toThrow(/test\/w\/b: applicationNamespace "Argo CD" is not a DNS-1123 label/);
  });

  test('fails: onArgoCdSync on an unnamed target', () => {
    const chart = namespacedChart();
    const watch = new ResourceWatch(chart, 'w', { target: HookTarget.fromReference({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'x', labels: { a: 'b' } }) });
    expect(() => watch.onArgoCdSync('s', { application: 'app', triggers: [Trigger.log()] })).toThrow(/onArgoCdSync needs a target with a name/);
  });
});
