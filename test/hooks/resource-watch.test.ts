import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import {
  EventValue, HookHub, HookTarget, HubEventBus, ResourceHook, ResourceWatch, Trigger, When, argoevents,
} from '../../src';
import { namespacedChart, objectsOfKind, onlyOfKind, testJob } from '../support/charts';

function deployment(chart: Chart, name: string, namespace?: string): kplus.Deployment {
  return new kplus.Deployment(chart, `${name}-${namespace ?? 'default'}`, {
    metadata: { name, namespace },
    containers: [{ image: 'nginx:1.27' }],
  });
}

describe('ResourceWatch', () => {
  test('onSpecChange: one watch, one dependency singling out the target, one trigger on it', () => {
    const chart = namespacedChart('shop');
    const web = deployment(chart, 'web');
    const watch = new ResourceWatch(chart, 'web-watch', { target: HookTarget.fromConstruct(web) });
    const hook = watch.onSpecChange('notify', { triggers: [Trigger.log()] });

    const es = onlyOfKind(chart, 'EventSource');
    expect(es.metadata).toEqual({ name: 'test-hooks', namespace: 'shop', annotations: { 'argocd.argoproj.io/sync-wave': '-10' } });
    const hardening = {
      container: { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } },
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
    };
    expect(es.spec.template).toEqual({ serviceAccountName: 'test-hooks-eventsource', ...hardening });
    expect(es.spec.eventBusName).toBe('default');
    expect(Object.keys(es.spec.resource)).toEqual([hook.eventName]);
    expect(es.spec.resource[hook.eventName]).toEqual({
      namespace: 'shop', group: 'apps', version: 'v1', resource: 'deployments', eventTypes: ['UPDATE'],
      filter: {
        labels: [
          { key: 'resource-hooks.cdk8s.io/hub', value: 'test-hooks' },
          { key: 'resource-hooks.cdk8s.io/watch', value: onlyOfKind(chart, 'Deployment').metadata.labels['resource-hooks.cdk8s.io/watch'] },
        ],
      },
    });

    const sensor = onlyOfKind(chart, 'Sensor');
    expect(sensor.spec.template).toEqual({ serviceAccountName: 'test-hooks-sensor', ...hardening });
    expect(sensor.spec.dependencies).toEqual([{
      name: 'web-watch-notify',
      eventSourceName: 'test-hooks',
      eventName: hook.eventName,
      filters: {
        data: [
          { path: 'type', type: 'string', value: ['^(UPDATE)$'] },
          { path: 'body.metadata.name', type: 'string', value: ['^web$'] },
        ],
        exprs: [{
          expr: 'generation != previousGeneration',
          fields: [
            { name: 'generation', path: 'body.metadata.generation' },
            { name: 'previousGeneration', path: 'oldBody.metadata.generation' },
          ],
        }],
      },
    }]);
    // The log trigger, then the HookTriggered Event the hook records on the Deployment.
    expect(sensor.spec.triggers.map((t: any) => t.template.name)).toEqual(['web-watch-notify-log', 'web-watch-notify-event']);
    expect(sensor.spec.triggers[0]).toEqual({
      template: { name: 'web-watch-notify-log', conditions: 'web-watch-notify', log: {} },
      atLeastOnce: true,
      retryStrategy: { steps: 5, duration: '1s', factor: 2, jitter: 0.1 },
    });
    expect(hook.triggers).toEqual([{ name: 'web-watch-notify-log', kind: 'log', summary: 'log the event' }]);
  });

  test('labels the target so the informer selects it server-side', () => {
    const chart = namespacedChart();
    const web = deployment(chart, 'web');
    new ResourceWatch(chart, 'w', { target: HookTarget.fromConstruct(web) }).onUpdated('u', { triggers: [Trigger.log()] });
    expect(onlyOfKind(chart, 'Deployment').metadata.labels).toEqual({ 'resource-hooks.cdk8s.io/hub': 'test-hooks', 'resource-hooks.cdk8s.io/watch': expect.stringMatching(/^[0-9a-f]{10}$/) });
  });

  test('onCreated ignores objects that exist when the EventSource starts, on a watch of its own', () => {
    const chart = namespacedChart();
    const web = deployment(chart, 'web');
    const watch = new ResourceWatch(chart, 'w', { target: HookTarget.fromConstruct(web) });
    const created = watch.onCreated('c', { triggers: [Trigger.log()] });
    const deleted = watch.onDeleted('d', { triggers: [Trigger.log()] });
    const es = onlyOfKind(chart, 'EventSource');
    expect(created.eventName).not.toBe(deleted.eventName);
    expect(es.spec.resource[created.eventName].eventTypes).toEqual(['ADD']);
    expect(es.spec.resource[created.eventName].filter.afterStart).toBe(true);
    expect(es.spec.resource[deleted.eventName].eventTypes).toEqual(['DELETE']);
    expect(es.spec.resource[deleted.eventName].filter.afterStart).toBeUndefined();
  });

  test('each object of the app gets a watch of its own, so its changes reach only its hooks', () => {
    const chart = namespacedChart();
    const a = new ResourceWatch(chart, 'a', { target: HookTarget.fromConstruct(deployment(chart, 'a')) });
    const b = new ResourceWatch(chart, 'b', { target: HookTarget.fromConstruct(deployment(chart, 'b')) });
    const [h1, h2, h3] = [a.onUpdated('u', { triggers: [Trigger.log()] }), a.onCreated('c', { triggers: [Trigger.log()] }), b.onUpdated('u', { triggers: [Trigger.log()] })];
    expect(new Set([h1.eventName, h2.eventName, h3.eventName]).size).toBe(3);
    const resources = onlyOfKind(chart, 'EventSource').spec.resource;
    const selectors = [h1, h3].map((h) => resources[h.eventName].filter.labels.map((l: any) => `${l.key}=${l.value}`));
    expect(selectors[0]).toEqual(['resource-hooks.cdk8s.io/hub=test-hooks', expect.stringMatching(/^resource-hooks\.cdk8s\.io\/watch=[0-9a-f]{10}$/)]);
    expect(selectors[0][1]).not.toBe(selectors[1][1]);
  });

  test('hooks of one object on one watch share it, with the union of their event types', () => {
    const chart = namespacedChart();
    const a = new ResourceWatch(chart, 'a', { target: HookTarget.fromConstruct(deployment(chart, 'a')) });
    const h1 = a.onUpdated('u', { triggers: [Trigger.log()] });
    const h2 = a.addHook('c', When.custom({ eventTypes: [argoevents.ResourceEventType.ADD, argoevents.ResourceEventType.UPDATE], ignoreExistingOnStart: false }), { triggers: [Trigger.log()] });
    expect(h1.eventName).toBe(h2.eventName);
    expect(onlyOfKind(chart, 'EventSource').spec.resource[h1.eventName].eventTypes).toEqual(['UPDATE', 'ADD']);
    const deps = onlyOfKind(chart, 'Sensor').spec.dependencies;
    expect(deps.map((d: any) => d.filters.data[0].value[0])).toEqual(['^(UPDATE)$', '^(ADD|UPDATE)$']);
  });

  test('deletion hooks watch without a label selector, narrowed to their targets by name, on one shared informer', () => {
    const chart = namespacedChart();
    const a = new ResourceWatch(chart, 'a', { target: HookTarget.fromConstruct(deployment(chart, 'a')) });
    const b = new ResourceWatch(chart, 'b', { target: HookTarget.fromConstruct(deployment(chart, 'b')) });
    const updated = a.onUpdated('u', { triggers: [Trigger.log()] });
    const deletedA = a.onDeleted('d', { triggers: [Trigger.log()] });
    const deletedB = b.onDeleted('d', { triggers: [Trigger.log()] });
    expect(deletedA.eventName).toBe(deletedB.eventName);
    expect(deletedA.eventName).not.toBe(updated.eventName);
    expect(a.hub.watchCount).toBe(2);
    const resources = onlyOfKind(chart, 'EventSource').spec.resource;
    expect(resources[deletedA.eventName]).toEqual({
      namespace: 'apps', group: 'apps', version: 'v1', resource: 'deployments', eventTypes: ['DELETE'],
      filter: { fields: [{ key: 'metadata.name', operation: '==', value: '^(a|b)$' }] },
    });
    // The Sensor still tells the two apart.
    const deps = onlyOfKind(chart, 'Sensor').spec.dependencies.filter((d: any) => d.eventName === deletedA.eventName);
    expect(deps.map((d: any) => d.filters.data)).toEqual([
      [{ path: 'type', type: 'string', value: ['^(DELETE)$'] }, { path: 'body.metadata.name', type: 'string', value: ['^a$'] }],
      [{ path: 'type', type: 'string', value: ['^(DELETE)$'] }, { path: 'body.metadata.name', type: 'string', value: ['^b$'] }],
    ]);
    // Only the label-selected watch needs the hub label; both objects are in it through onUpdated or not at all.
    expect(objectsOfKind(chart, 'Deployment').map((d) => d.metadata.labels?.['resource-hooks.cdk8s.io/hub'])).toEqual(['test-hooks', undefined]);
  });

  test('a deletion hook on a label-selected reference filters the labels client-side', () => {
    const chart = namespacedChart();
    const target = HookTarget.fromReference({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'team-b', labels: { 'app.kubernetes.io/part-of': 'shop' } });
    const hook = new ResourceWatch(chart, 'w', { target }).onDeleted('d', { triggers: [Trigger.log()] });
    expect(onlyOfKind(chart, 'EventSource').spec.resource[hook.eventName].filter).toEqual({
      fields: [{ key: 'metadata.labels.app\\.kubernetes\\.io/part-of', operation: '==', value: '^shop$' }],
    });
  });

  test('with watchPerObject false, hooks on one kind in one namespace share one watch', () => {
    const chart = namespacedChart();
    new HookHub(chart, 'hub', { watchPerObject: false });
    const a = new ResourceWatch(chart, 'a', { target: HookTarget.fromConstruct(deployment(chart, 'a')) });
    const b = new ResourceWatch(chart, 'b', { target: HookTarget.fromConstruct(deployment(chart, 'b')) });
    const [h1, h2] = [a.onUpdated('u', { triggers: [Trigger.log()] }), b.onUpdated('u', { triggers: [Trigger.log()] })];
    expect(h1.eventName).toBe(h2.eventName);
    expect(objectsOfKind(chart, 'Deployment').map((d) => d.metadata.labels)).toEqual([{ 'resource-hooks.cdk8s.io/hub': 'test-hooks' }, { 'resource-hooks.cdk8s.io/hub': 'test-hooks' }]);
  });

  test('onUpdated compiles to a Lua filter and onFieldChange to an expression, both comparing body and oldBody', () => {
    const chart = namespacedChart();
    const watch = new ResourceWatch(chart, 'w', { target: HookTarget.fromConstruct(deployment(chart, 'web')) });
    watch.onUpdated('u', { triggers: [Trigger.log()] });
    watch.onFieldChange('f', { paths: ['spec.template.spec.containers', 'metadata.labels.app\\.kubernetes\\.io/name', 'spec.x.0'], triggers: [Trigger.log()] });
    const [updated, field] = onlyOfKind(chart, 'Sensor').spec.dependencies;
    expect(updated.filters.script).toContain('k ~= "status" and k ~= "metadata"');
    expect(updated.filters.script).toContain('^deployment%.kubernetes%.io/');
    expect(field.filters.script).toBeUndefined();
    expect(field.filters.exprs).toEqual([{
      expr: 'new0 != old0 || new1 != old1 || new2 != old2',
      fields: [
        { name: 'new0', path: '[body.spec.template.spec.containers,!null]|0' }, { name: 'old0', path: '[oldBody.spec.template.spec.containers,!null]|0' },
        { name: 'new1', path: '[body.metadata.labels.app\\.kubernetes\\.io/name,!null]|0' }, { name: 'old1', path: '[oldBody.metadata.labels.app\\.kubernetes\\.io/name,!null]|0' },
        { name: 'new2', path: '[body.spec.x.0,!null]|0' }, { name: 'old2', path: '[oldBody.spec.x.0,!null]|0' },
      ],
    }]);
  });

  test('a reference target without a name watches by labels and filters no name', () => {
    const chart = namespacedChart();
    const target = HookTarget.fromReference({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'team-b', labels: { team: 'b' } });
    const hook = new ResourceWatch(chart, 'w', { target }).onFieldChange('f', { paths: ['data'], triggers: [Trigger.log()] });
    const es = onlyOfKind(chart, 'EventSource');
    expect(es.spec.resource[hook.eventName]).toMatchObject({ namespace: 'team-b', group: '', resource: 'configmaps', filter: { labels: [{ key: 'team', value: 'b' }] } });
    const dep = onlyOfKind(chart, 'Sensor').spec.dependencies[0];
    expect(dep.filters.data).toEqual([{ path: 'type', type: 'string', value: ['^(UPDATE)$'] }]);
  });

  test('regex metacharacters in names are escaped', () => {
    const chart = namespacedChart();
    const target = HookTarget.fromReference({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'ns', name: 'a.b' });
    new ResourceWatch(chart, 'w', { target }).onDeleted('d', { triggers: [Trigger.log()] });
    expect(onlyOfKind(chart, 'Sensor').spec.dependencies[0].filters.data[1].value).toEqual(['^a\\.b$']);
  });

  test('When.custom passes raw filters through', () => {
    const chart = namespacedChart();
    const watch = new ResourceWatch(chart, 'w', { target: HookTarget.fromConstruct(deployment(chart, 'web')) });
    const hook = new ResourceHook(watch, 'scaled', {
      watch,
      when: When.custom({
        eventTypes: [argoevents.ResourceEventType.UPDATE],
        exprs: [{ expr: 'r > 3', fields: [{ name: 'r', path: 'body.spec.replicas' }] }],
        description: 'scaled above 3',
      }),
      triggers: [Trigger.log()],
    });
    expect(hook.when.description).toBe('scaled above 3');
    expect(onlyOfKind(chart, 'Sensor').spec.dependencies[0].filters.exprs).toEqual([{ expr: 'r > 3', fields: [{ name: 'r', path: 'body.spec.replicas' }] }]);
  });
});

describe('HookHub', () => {
  test('one EventSource and one Sensor for many hooks across namespaces, with RBAC per namespace', () => {
    const chart = namespacedChart('hooks');
    const namespaces = ['a', 'b', 'c'];
    for (const ns of namespaces) {
      for (let i = 0; i < 4; i++) {
        const watch = new ResourceWatch(chart, `w-${ns}-${i}`, { target: HookTarget.fromConstruct(deployment(chart, `web${i}`, ns)) });
        watch.onSpecChange('s', { triggers: [Trigger.log()] });
        watch.onFieldChange('f', { paths: ['spec.replicas'], triggers: [Trigger.job({ job: testJob('busybox') })] });
      }
    }
    expect(objectsOfKind(chart, 'EventSource')).toHaveLength(1);
    expect(objectsOfKind(chart, 'Sensor')).toHaveLength(1);
    expect(objectsOfKind(chart, 'Job')).toHaveLength(0);
    const es = onlyOfKind(chart, 'EventSource');
    // One watch per Deployment, and one of the hook Jobs (to report failed runs).
    expect(Object.keys(es.spec.resource)).toHaveLength(12 + 1);
    const sensor = onlyOfKind(chart, 'Sensor');
    expect(sensor.spec.dependencies).toHaveLength(24 + 1);
    // Each hook's trigger and its HookTriggered Event, plus the failed-Job Event.
    expect(sensor.spec.triggers).toHaveLength(24 + 24 + 1);
    for (const t of sensor.spec.triggers) {
      expect(sensor.spec.dependencies.map((d: any) => d.name)).toContain(t.template.conditions);
    }
    const roles = objectsOfKind(chart, 'Role');
    // Outside the hub's namespace the names carry it: no other hub can write the same Role.
    expect(roles.map((r) => `${r.metadata.namespace}/${r.metadata.name}`).sort()).toEqual([
      'a/test-hooks.hooks.eventsource', 'a/test-hooks.hooks.sensor', 'b/test-hooks.hooks.eventsource', 'b/test-hooks.hooks.sensor',
      'c/test-hooks.hooks.eventsource', 'c/test-hooks.hooks.sensor', 'hooks/test-hooks-eventsource', 'hooks/test-hooks-sensor',
    ]);
    const esRole = roles.find((r) => r.metadata.name === 'test-hooks.hooks.eventsource' && r.metadata.namespace === 'a');
    expect(esRole.rules).toEqual([{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch'] }]);
    // Events only where the targets are; Jobs where they run.
    expect(roles.find((r) => r.metadata.name === 'test-hooks.hooks.sensor' && r.metadata.namespace === 'a').rules)
      .toEqual([{ apiGroups: [''], resources: ['events'], verbs: ['create'] }]);
    const sensorRole = roles.find((r) => r.metadata.name === 'test-hooks-sensor');
    expect(sensorRole.rules).toEqual([{ apiGroups: [''], resources: ['events'], verbs: ['create'] }, { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create'] }]);
    const bindings = objectsOfKind(chart, 'RoleBinding');
    expect(bindings).toHaveLength(8);
    expect(bindings.find((b) => b.metadata.namespace === 'b' && b.metadata.name.endsWith('eventsource'))).toEqual(expect.objectContaining({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'test-hooks.hooks.eventsource' },
      subjects: [{ kind: 'ServiceAccount', name: 'test-hooks-eventsource', namespace: 'hooks' }],
    }));
    expect(objectsOfKind(chart, 'ClusterRole')).toHaveLength(0);
  });

  test('service accounts mount their token, and every hub object is in an early sync wave', () => {
    const chart = namespacedChart();
    new ResourceWatch(chart, 'w', { target: HookTarget.fromConstruct(deployment(chart, 'web')) }).onUpdated('u', { triggers: [Trigger.log()] });
    const accounts = objectsOfKind(chart, 'ServiceAccount');
    expect(accounts.map((a) => [a.metadata.name, a.automountServiceAccountToken])).toEqual([
      ['test-hooks-eventsource', true], ['test-hooks-sensor', true],
    ]);
    const hubKinds = ['ServiceAccount', 'Role', 'RoleBinding', 'EventSource', 'Sensor'];
    for (const obj of Testing.synth(chart).filter((o: any) => hubKinds.includes(o.kind))) {
      expect(Number(obj.metadata.annotations['argocd.argoproj.io/sync-wave'])).toBeLessThan(0);
    }
  });

  test('creates a pinned 3-replica JetStream EventBus when asked', () => {
    const chart = namespacedChart();
    const hub = new HookHub(chart, 'hub', { eventBus: HubEventBus.jetStream({ name: 'hooks-bus', volumeSize: '5Gi' }), syncWave: -5 });
    new ResourceWatch(chart, 'w', { target: HookTarget.fromConstruct(deployment(chart, 'web')), hub }).onUpdated('u', { triggers: [Trigger.log()] });
    expect(onlyOfKind(chart, 'EventBus')).toEqual({
      apiVersion: 'argoproj.io/v1alpha1', kind: 'EventBus',
      metadata: { name: 'hooks-bus', namespace: 'apps', annotations: { 'argocd.argoproj.io/sync-wave': '-6' } },
      spec: { jetstream: { version: '2.10.29', replicas: 3, persistence: { volumeSize: '5Gi', accessMode: 'ReadWriteOnce' } } },
    });
    expect(onlyOfKind(chart, 'Sensor').spec.eventBusName).toBe('hooks-bus');
    expect(HookHub.of(chart)).toBe(hub);
  });

  test('HookHub.of gives one hub per chart; a hub can be shared explicitly', () => {
    const app = Testing.app();
    const one = new Chart(app, 'one', { namespace: 'one' });
    const two = new Chart(app, 'two', { namespace: 'two' });
    expect(HookHub.of(one)).toBe(HookHub.of(one));
    expect(HookHub.of(one)).not.toBe(HookHub.of(two));
    const shared = HookHub.of(one);
    new ResourceWatch(two, 'w', { target: HookTarget.fromConstruct(deployment(two, 'web')), hub: shared }).onUpdated('u', { triggers: [Trigger.log()] });
    // Chart two's own hub needs a hook too: an empty hub fails validation.
    new ResourceWatch(two, 'x', { target: HookTarget.fromConstruct(deployment(two, 'api')) }).onUpdated('u', { triggers: [Trigger.log()] });
    expect(objectsOfKind(one, 'Sensor')).toHaveLength(1);
    expect(objectsOfKind(one, 'Role').map((r) => `${r.metadata.namespace}/${r.metadata.name}`)).toEqual(['two/one-hooks.one.eventsource', 'two/one-hooks.one.sensor']);
  });

  test('cluster-scoped targets get a ClusterRole', () => {
    const chart = namespacedChart();
    new ResourceWatch(chart, 'w', { target: HookTarget.fromReference({ apiVersion: 'v1', kind: 'Namespace', name: 'team-a' }) })
      .onDeleted('d', { triggers: [Trigger.log()] });
    const es = onlyOfKind(chart, 'EventSource');
    expect(Object.values<any>(es.spec.resource)[0].namespace).toBe('');
    expect(onlyOfKind(chart, 'ClusterRole')).toMatchObject({ metadata: { name: 'test-hooks.apps.eventsource' }, rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] }] });
    expect(onlyOfKind(chart, 'ClusterRoleBinding').roleRef.kind).toBe('ClusterRole');
  });

  test('fails without a namespace', () => {
    const chart = new Chart(Testing.app(), 'nons');
    expect(() => HookHub.of(chart)).toThrow(/nons\/ResourceHooks: the hook hub needs a namespace.*set `namespace` on the chart/);
  });

  test('fails when two hubs of one namespace get the same name', () => {
    const chart = namespacedChart();
    new HookHub(chart, 'a', { name: 'hooks' });
    expect(() => new HookHub(chart, 'b', { name: 'hooks' })).toThrow(/test\/b: another hook hub in namespace "apps" is already named "hooks"/);
    expect(new HookHub(chart, 'c').name).toBe('test-c');
  });

  test('fails at synthesis when a hub has no hooks', () => {
    const chart = namespacedChart();
    new ResourceWatch(chart, 'w', { target: HookTarget.fromConstruct(deployment(chart, 'web')) });
    expect(() => Testing.synth(chart)).toThrow(/test\/ResourceHooks: the hook hub "test-hooks" has no hooks/);
  });

  test('fails on an invalid name or wave', () => {
    expect(() => new HookHub(namespacedChart(), 'h', { name: 'Hooks!' })).toThrow(/name "Hooks!" must be a DNS label/);
    expect(() => new HookHub(namespacedChart(), 'h', { syncWave: 1.5 })).toThrow(/syncWave 1.5 must be an integer/);
  });

  test('fails when an object is already labelled for another hub', () => {
    const chart = namespacedChart();
    const web = deployment(chart, 'web');
    new ResourceWatch(chart, 'a', { target: HookTarget.fromConstruct(web) }).onUpdated('u', { triggers: [Trigger.log()] });
    const other = new HookHub(chart, 'other', { name: 'other' });
    expect(() => new ResourceWatch(chart, 'b', { target: HookTarget.fromConstruct(web), hub: other }).onUpdated('u', { triggers: [Trigger.log()] }))
      .toThrow(/already watched by hook hub "test-hooks"/);
  });
});

describe('hook errors', () => {
  function watchOf(target?: HookTarget): ResourceWatch {
    const chart = namespacedChart();
    return new ResourceWatch(chart, 'w', { target: target ?? HookTarget.fromConstruct(deployment(chart, 'web')) });
  }

  test('fails on duplicate hook ids', () => {
    const watch = watchOf();
    watch.onUpdated('x', { triggers: [Trigger.log()] });
    expect(() => watch.onDeleted('x', { triggers: [Trigger.log()] })).toThrow(/test\/w: a hook with id "x" already exists on this watch/);
  });

  test('fails on a hook without triggers', () => {
    expect(() => watchOf().onUpdated('x', { triggers: [] })).toThrow(/test\/w\/x: the hook has no triggers/);
  });

  test('fails on onSpecChange of a kind without generation', () => {
    const chart = namespacedChart();
    const cm = new kplus.ConfigMap(chart, 'cm', { data: {} });
    const watch = new ResourceWatch(chart, 'w', { target: HookTarget.fromConstruct(cm) });
    expect(() => watch.onSpecChange('x', { triggers: [Trigger.log()] })).toThrow(/onSpecChange needs metadata.generation, which ConfigMap does not have; use onFieldChange/);
  });

  test.each([
    [[], /paths is empty/],
    [[''], /paths contains an empty path/],
    [['spec..replicas'], /paths "spec..replicas" has an empty segment/],
    [['spec.containers.#.image'], /contains "#", which is query syntax/],
    [['spec.'], /has an empty segment/],
    [['spec\\'], /ends with a lone backslash/],
  ])('fails on field paths %j', (paths, message) => {
    expect(() => watchOf().onFieldChange('x', { paths: paths as string[], triggers: [Trigger.log()] })).toThrow(message);
  });

  test('fails on When.custom ignoring existing objects for UPDATE or DELETE', () => {
    expect(() => When.custom({ eventTypes: [argoevents.ResourceEventType.ADD, argoevents.ResourceEventType.UPDATE], ignoreExistingOnStart: true }))
      .toThrow(/ignoreExistingOnStart is only possible with eventTypes \[ADD\], not \[ADD, UPDATE\]/);
  });

  test('fails on EventValue paths into the EventSource metadata map', () => {
    expect(() => EventValue.fromPath('metadata.name')).toThrow(/reads the EventSource's own metadata map.*use "body.metadata.name"/);
  });

  test('fails on When.custom without event types', () => {
    expect(() => When.custom({ eventTypes: [] })).toThrow(/eventTypes is empty/);
  });

  test('fails when the Sensor would get a dependency name it cannot use', () => {
    const chart = namespacedChart();
    const sensor = new argoevents.Sensor(chart, 's');
    expect(() => sensor.addEventDependency({ name: '1-bad name', eventSourceName: 'es', eventName: 'e' })).toThrow(/dependency name "1-bad name" cannot be used in trigger conditions/);
    sensor.addEventDependency({ name: 'ok', eventSourceName: 'es', eventName: 'e' });
    expect(() => sensor.addEventDependency({ name: 'ok', eventSourceName: 'es', eventName: 'e' })).toThrow(/"ok" is already used/);
  });

  test('keeps dependency names unique when ids collide after sanitizing', () => {
    const chart = namespacedChart();
    const web = deployment(chart, 'web');
    const a = new ResourceWatch(chart, 'w.x', { target: HookTarget.fromConstruct(web) }).onUpdated('h', { triggers: [Trigger.log()] });
    const b = new ResourceWatch(chart, 'w-x', { target: HookTarget.fromConstruct(web) }).onUpdated('h', { triggers: [Trigger.log()] });
    expect(a.dependencyName).toBe('w-x-h');
    expect(b.dependencyName).toMatch(/^w-x-h-[0-9a-f]{6}$/);
  });

  test('an ApiObject target outside the chart namespace is watched in its own namespace', () => {
    const chart = namespacedChart('hub');
    const obj = new ApiObject(chart, 'o', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'other' } });
    const hook = new ResourceWatch(chart, 'w', { target: HookTarget.fromConstruct(obj) }).onSpecChange('s', { triggers: [Trigger.log()] });
    expect(onlyOfKind(chart, 'EventSource').spec.resource[hook.eventName].namespace).toBe('other');
    expect(objectsOfKind(chart, 'Role').map((r) => `${r.metadata.namespace}/${r.metadata.name}`)).toEqual(['other/test-hooks.hub.eventsource', 'other/test-hooks.hub.sensor']);
  });
});
