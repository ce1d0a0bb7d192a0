import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import * as YAML from 'yaml';
import {
  ArgoCdApplication, ArgoCdNotificationHook, ArgoCdNotificationsConfig, HookPhase, NotificationOncePer,
  NotificationWebhookMethod, SyncHook,
} from '../../src/argocd';
import { compileExpr, evaluateTrigger } from './expr-subset';

/** An Application status after a successful sync (the shape Argo CD 3.x writes). */
function appWith(resources: object[] | undefined, overrides: { phase?: string } = {}) {
  return {
    metadata: { name: 'renovate', namespace: 'argocd' },
    status: {
      sync: { status: 'Synced', revision: '9f1c2e7a41d0' },
      health: { status: 'Healthy' },
      operationState: {
        operation: { sync: { revision: '9f1c2e7a41d0', prune: true }, initiatedBy: { automated: true } },
        phase: overrides.phase ?? 'Succeeded',
        message: 'successfully synced (no more tasks)',
        startedAt: '2026-08-20T10:02:10Z',
        finishedAt: '2026-08-20T10:02:44Z',
        syncResult: resources === undefined ? undefined : { revision: '9f1c2e7a41d0', resources },
      },
    },
  };
}

function configMapResult(message: string, extra: object = {}) {
  return {
    group: '', version: 'v1', kind: 'ConfigMap', namespace: 'renovate', name: 'team-a',
    status: 'Synced', message, hookPhase: 'Succeeded', syncPhase: 'Sync', ...extra,
  };
}

const postSyncJobResult = {
  group: 'batch', version: 'v1', kind: 'Job', namespace: 'renovate', name: 'notify-9f1c2e7-postsync-1787220130',
  status: 'Synced', message: 'Reached expected number of succeeded pods', hookType: 'PostSync', hookPhase: 'Succeeded', syncPhase: 'PostSync',
};

function teamAHook(props: Partial<ConstructorParameters<typeof ArgoCdNotificationHook>[2]> = {}) {
  const chart = Testing.chart();
  const hook = new ArgoCdNotificationHook(chart, 'notify', {
    resourceRef: { kind: 'ConfigMap', name: 'team-a', namespace: 'renovate' },
    url: 'https://ci.example.com',
    ...props,
  });
  return { chart, hook };
}

function configData(chart: Chart): Record<string, string> {
  return Testing.synth(chart).find(o => o.metadata.name === 'argocd-notifications-cm')!.data;
}

describe('ArgoCdNotificationHook', () => {
  test('defaults', () => {
    const chart = Testing.chart();
    const cm = new kplus.ConfigMap(chart, 'team-a', { metadata: { namespace: 'renovate' }, data: { team: 'a' } });
    const app = new ArgoCdApplication(chart, 'app', { repoUrl: 'https://git.example.com/gitops.git', path: 'dist' });
    new ArgoCdNotificationHook(chart, 'notify', {
      resource: cm,
      url: 'https://ci.example.com',
      path: '/hooks/team-a',
      secretHeaders: [{ name: 'Authorization', secretKey: 'ci-token', valuePrefix: 'Bearer ' }],
      application: app,
    });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('writes a webhook service, a template and a trigger', () => {
    const { chart, hook } = teamAHook({
      name: 'team-a',
      path: '/hooks/team-a',
      headers: { 'X-Team': 'a' },
      secretHeaders: [{ name: 'Authorization', secretKey: 'ci-token', valuePrefix: 'Bearer ' }],
    });
    const data = configData(chart);
    expect(hook.triggerName).toBe('on-team-a');
    expect(hook.templateName).toBe('team-a');
    expect(hook.serviceName).toBe('team-a');
    expect(YAML.parse(data['service.webhook.team-a'])).toEqual({
      url: 'https://ci.example.com',
      headers: [
        { name: 'X-Team', value: 'a' },
        { name: 'Content-Type', value: 'application/json' },
        { name: 'Authorization', value: 'Bearer $ci-token' },
      ],
    });
    const template = YAML.parse(data['template.team-a']);
    expect(template.webhook['team-a'].method).toBe('POST');
    expect(template.webhook['team-a'].path).toBe('/hooks/team-a');
    expect(JSON.parse(template.webhook['team-a'].body)).toEqual({
      app: '{{.app.metadata.name}}',
      revision: '{{.app.status.operationState.syncResult.revision}}',
      finishedAt: '{{.app.status.operationState.finishedAt}}',
      resource: { group: '', kind: 'ConfigMap', namespace: 'renovate', name: 'team-a' },
    });
    expect(YAML.parse(data['trigger.on-team-a'])).toEqual([{
      description: 'ConfigMap renovate/team-a was applied by a successful sync',
      when: hook.when,
      oncePer: 'app.status.operationState.finishedAt',
      send: ['team-a'],
    }]);
  });

  test('a construct resource is identified by its group, kind, namespace and generated name', () => {
    const chart = Testing.chart();
    const deployment = new kplus.Deployment(chart, 'web', { metadata: { namespace: 'shop' }, containers: [{ image: 'ghcr.io/acme/web:1.4.2' }] });
    const hook = new ArgoCdNotificationHook(chart, 'notify', { resource: deployment, url: 'https://ci.example.com' });
    const result = { group: 'apps', version: 'v1', kind: 'Deployment', namespace: 'shop', name: deployment.name, status: 'Synced', message: `deployment.apps/${deployment.name} configured` };
    expect(evaluateTrigger(hook.when, appWith([result]))).toBe(true);
    expect(evaluateTrigger(hook.when, appWith([{ ...result, group: 'extensions' }]))).toBe(false);
  });

  test('subscribes the Application with an empty annotation value', () => {
    const chart = Testing.chart();
    const app = new ArgoCdApplication(chart, 'app', { repoUrl: 'https://git.example.com/gitops.git' });
    const hook = new ArgoCdNotificationHook(chart, 'notify', {
      resourceRef: { kind: 'ConfigMap', name: 'team-a' }, url: 'https://ci.example.com', application: app, name: 'team-a',
    });
    expect(hook.subscriptionAnnotation).toBe('notifications.argoproj.io/subscribe.on-team-a.team-a');
    expect(Testing.synth(chart)[0].metadata.annotations).toEqual({ 'notifications.argoproj.io/subscribe.on-team-a.team-a': '' });
  });

  test('generated names keep the subscription key within 63 characters', () => {
    const chart = Testing.chart();
    const hook = new ArgoCdNotificationHook(chart, 'a-rather-long-construct-id-for-a-notification-hook', {
      resourceRef: { kind: 'ConfigMap', name: 'team-a' }, url: 'https://ci.example.com',
    });
    expect(hook.subscriptionAnnotation.split('/')[1].length).toBeLessThanOrEqual(63);
  });

  test('method, body and oncePer per revision can be chosen', () => {
    const { chart, hook } = teamAHook({ name: 'team-a', method: NotificationWebhookMethod.PUT, body: '{}', oncePer: NotificationOncePer.REVISION });
    const data = configData(chart);
    expect(YAML.parse(data['template.team-a']).webhook['team-a']).toEqual({ method: 'PUT', body: '{}' });
    expect(hook.oncePer).toBe('app.status.operationState.syncResult.revision');
    expect(YAML.parse(data['trigger.on-team-a'])[0].oncePer).toBe('app.status.operationState.syncResult.revision');
  });

  test('an explicit Content-Type is not duplicated', () => {
    const { chart } = teamAHook({ name: 'team-a', headers: { 'content-type': 'text/plain' } });
    expect(YAML.parse(configData(chart)['service.webhook.team-a']).headers).toEqual([{ name: 'content-type', value: 'text/plain' }]);
  });

  test('hooks of one chart share one argocd-notifications-cm', () => {
    const chart = Testing.chart();
    new ArgoCdNotificationHook(chart, 'a', { resourceRef: { kind: 'ConfigMap', name: 'a' }, url: 'https://ci.example.com' });
    new ArgoCdNotificationHook(chart, 'b', { resourceRef: { kind: 'ConfigMap', name: 'b' }, url: 'https://ci.example.com' });
    const configMaps = Testing.synth(chart).filter(o => o.metadata.name === 'argocd-notifications-cm');
    expect(configMaps).toHaveLength(1);
    expect(Object.keys(configMaps[0].data)).toHaveLength(6);
  });

  test('an explicit configuration is used', () => {
    const chart = Testing.chart();
    const config = new ArgoCdNotificationsConfig(chart, 'config', { namespace: 'gitops' });
    const hook = new ArgoCdNotificationHook(chart, 'notify', { resourceRef: { kind: 'ConfigMap', name: 'a' }, url: 'https://ci.example.com', config });
    expect(hook.config).toBe(config);
    expect(chart.node.tryFindChild('ArgoCdNotificationsConfig')).toBeUndefined();
  });

  describe('trigger condition against Application statuses', () => {
    const { hook } = teamAHook();

    test('is inside the supported expr subset', () => {
      expect(() => compileExpr(hook.when)).not.toThrow();
    });

    test('true when the sync configured the resource', () => {
      expect(evaluateTrigger(hook.when, appWith([configMapResult('configmap/team-a configured'), postSyncJobResult]))).toBe(true);
    });

    test('true when the sync created the resource', () => {
      expect(evaluateTrigger(hook.when, appWith([configMapResult('configmap/team-a created')]))).toBe(true);
    });

    test('false when the resource was unchanged', () => {
      expect(evaluateTrigger(hook.when, appWith([configMapResult('configmap/team-a unchanged'), postSyncJobResult]))).toBe(false);
    });

    test('false when the sync result is missing', () => {
      expect(evaluateTrigger(hook.when, appWith(undefined))).toBe(false);
    });

    test('false without an operation or without a status', () => {
      const app = appWith([configMapResult('configmap/team-a configured')]);
      expect(evaluateTrigger(hook.when, { ...app, status: { sync: app.status.sync } })).toBe(false);
      expect(evaluateTrigger(hook.when, { metadata: app.metadata })).toBe(false);
    });

    test('false while the operation is running or after it failed', () => {
      expect(evaluateTrigger(hook.when, appWith([configMapResult('configmap/team-a configured')], { phase: 'Running' }))).toBe(false);
      expect(evaluateTrigger(hook.when, appWith([configMapResult('configmap/team-a configured')], { phase: 'Failed' }))).toBe(false);
    });

    test('false when the apply failed', () => {
      expect(evaluateTrigger(hook.when, appWith([configMapResult('error validating data', { status: 'SyncFailed' })]))).toBe(false);
    });

    test('false when only a hook of the same kind and name ran', () => {
      expect(evaluateTrigger(hook.when, appWith([configMapResult('configmap/team-a created', { hookType: 'PostSync' })]))).toBe(false);
    });

    test('false for another resource', () => {
      expect(evaluateTrigger(hook.when, appWith([configMapResult('configmap/team-b configured', { name: 'team-b' })]))).toBe(false);
      expect(evaluateTrigger(hook.when, appWith([configMapResult('configmap/team-a configured', { namespace: 'other' })]))).toBe(false);
      expect(evaluateTrigger(hook.when, appWith([configMapResult('secret/team-a configured', { kind: 'Secret' })]))).toBe(false);
      expect(evaluateTrigger(hook.when, appWith([]))).toBe(false);
    });

    test('a core group reported as missing still matches, a non-core group does not', () => {
      const { group: _group, ...withoutGroup } = configMapResult('configmap/team-a configured');
      expect(evaluateTrigger(hook.when, appWith([withoutGroup]))).toBe(true);
      expect(evaluateTrigger(hook.when, appWith([configMapResult('configmap/team-a configured', { group: 'example.com' })]))).toBe(false);
    });

    test('a result without a message counts as applied', () => {
      const { message: _message, ...withoutMessage } = configMapResult('');
      expect(evaluateTrigger(hook.when, appWith([withoutMessage]))).toBe(true);
    });

    test('server-side apply always counts as applied (documented caveat)', () => {
      expect(evaluateTrigger(hook.when, appWith([configMapResult('configmap/team-a serverside-applied')]))).toBe(true);
    });

    test('fireOnUnchanged also fires for unchanged resources', () => {
      const { hook: always } = teamAHook({ fireOnUnchanged: true });
      expect(evaluateTrigger(always.when, appWith([configMapResult('configmap/team-a unchanged')]))).toBe(true);
      expect(evaluateTrigger(always.when, appWith(undefined))).toBe(false);
    });

    test('without a namespace any namespace matches', () => {
      const { hook: anyNamespace } = teamAHook({ resourceRef: { kind: 'ConfigMap', name: 'team-a' } });
      expect(evaluateTrigger(anyNamespace.when, appWith([configMapResult('configmap/team-a configured', { namespace: 'elsewhere' })]))).toBe(true);
    });

    test('quotes in names are escaped', () => {
      const { hook: odd } = teamAHook({ resourceRef: { kind: 'ConfigMap', name: "it's" } });
      expect(evaluateTrigger(odd.when, appWith([configMapResult('configmap/x configured', { name: "it's", namespace: 'x' })]))).toBe(true);
    });
  });

  describe('the expr subset oracle', () => {
    test('member access on nil is an error, which Argo CD treats as false', () => {
      expect(evaluateTrigger('app.status.operationState.phase == nil', {})).toBe(false);
      expect(evaluateTrigger('app.status?.operationState?.phase == nil', {})).toBe(true);
    });

    test('non-boolean results count as false', () => {
      expect(evaluateTrigger("app.metadata.name", { metadata: { name: 'x' } })).toBe(false);
    });

    test('operators outside the subset are rejected', () => {
      expect(() => compileExpr('app.x > 1')).toThrow(SyntaxError);
      expect(() => compileExpr('app.x ?? 1')).toThrow(SyntaxError);
    });
  });

  describe('validation', () => {
    test('fails without resource or resourceRef', () => {
      expect(() => new ArgoCdNotificationHook(Testing.chart(), 'notify', { url: 'https://ci.example.com' }))
        .toThrow('test/notify: neither resource nor resourceRef is set; pass the resource whose apply should call the webhook');
    });

    test('fails with both resource and resourceRef', () => {
      const chart = Testing.chart();
      const cm = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
      expect(() => new ArgoCdNotificationHook(chart, 'notify', { resource: cm, resourceRef: { kind: 'ConfigMap', name: 'x' }, url: 'https://ci.example.com' }))
        .toThrow('test/notify: both resource and resourceRef are set; identify the resource in exactly one of them');
    });

    test('fails with an incomplete resourceRef', () => {
      expect(() => new ArgoCdNotificationHook(Testing.chart(), 'notify', { resourceRef: { kind: 'ConfigMap', name: '' }, url: 'https://ci.example.com' }))
        .toThrow("test/notify: resourceRef has kind 'ConfigMap' and name ''; both must be set to identify the resource");
    });

    test('fails when the resource is a sync hook', () => {
      const chart = Testing.chart();
      const job = new kplus.Job(chart, 'job', { containers: [{ image: 'x' }] });
      new SyncHook(chart, 'hook', { job, phases: [HookPhase.POST_SYNC] });
      expect(() => new ArgoCdNotificationHook(chart, 'notify', { resource: job, url: 'https://ci.example.com' }))
        .toThrow(`test/notify: resource Job '${job.name}' is an Argo CD PostSync hook, and the trigger matches only managed resources; point it at the resource the hook is about`);
    });

    test('fails with a name that does not fit the subscription key', () => {
      expect(() => teamAHook({ name: 'a-name-that-is-far-too-long-for-this' }))
        .toThrow("test/notify: name 'a-name-that-is-far-too-long-for-this' is not a lowercase DNS label of at most 24 characters; it names the trigger and service inside a 63-character annotation key, so shorten it");
    });

    test('fails when application is not an Argo CD Application', () => {
      const chart = Testing.chart();
      const vela = new ApiObject(chart, 'vela', { apiVersion: 'core.oam.dev/v1beta1', kind: 'Application' });
      expect(() => new ArgoCdNotificationHook(chart, 'notify', { resourceRef: { kind: 'ConfigMap', name: 'x' }, url: 'https://ci.example.com', application: vela }))
        .toThrow('test/notify: application is a core.oam.dev/v1beta1 Application, not an Argo CD Application or AppProject; pass the Application that deploys the resource');
    });

    test('fails with an invalid webhook URL', () => {
      expect(() => teamAHook({ name: 'team-a', url: 'ftp://ci.example.com' }))
        .toThrow("test/ArgoCdNotificationsConfig: url 'ftp://ci.example.com' of webhook service 'team-a' is not an http(s) URL; use e.g. https://ci.example.com");
    });
  });
});
