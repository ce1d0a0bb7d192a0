import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { EventValue, HookTarget, HttpMethod, ResourceWatch, Trigger } from '../../src';
import { namespacedChart, objectsOfKind, onlyOfKind, testJob } from '../support/charts';

function webWatch(chart: Chart): ResourceWatch {
  const web = new kplus.Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ image: 'nginx' }] });
  return new ResourceWatch(chart, 'w', { target: HookTarget.fromConstruct(web) });
}

function triggerOf(chart: Chart, index = 0): any {
  return onlyOfKind(chart, 'Sensor').spec.triggers[index];
}

describe('Trigger.http', () => {
  test('defaults: POST JSON with a summary of the change, 2xx status policy, retries', () => {
    const chart = namespacedChart();
    webWatch(chart).onSpecChange('notify', { triggers: [Trigger.http({ url: 'https://example.com/hook' })] });
    const t = triggerOf(chart);
    expect(t.template.http).toEqual({
      url: 'https://example.com/hook',
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      timeout: 30,
      // One entry per field: controllers before Argo Events 1.9.8 reject an empty payload dest.
      payload: [
        { dest: 'kind', src: { dependencyName: 'w-notify', value: 'Deployment' } },
        ...['namespace', 'name'].map((f) => ({ dest: f, src: { dependencyName: 'w-notify', dataKey: `body.metadata.${f}`, value: '', useRawData: true } })),
        { dest: 'eventType', src: { dependencyName: 'w-notify', dataKey: 'type', value: '', useRawData: true } },
        ...['generation', 'resourceVersion'].map((f) => ({ dest: f, src: { dependencyName: 'w-notify', dataKey: `body.metadata.${f}`, value: '', useRawData: true } })),
        { dest: 'hook', src: { dependencyName: 'w-notify', value: 'w-notify' } },
      ],
    });
    expect(t.policy).toEqual({ status: { allow: [200, 201, 202, 203, 204, 205, 206, 207, 208, 226] } });
    expect(t.atLeastOnce).toBe(true);
    expect(t.retryStrategy).toEqual({ steps: 5, duration: '1s', factor: 2, jitter: 0.1 });
  });

  test('method, headers, secret headers, payload, timeout and status codes', () => {
    const chart = namespacedChart();
    const secret = new kplus.Secret(chart, 'token', { metadata: { name: 'cdn-token' } });
    webWatch(chart).onSpecChange('purge', {
      triggers: [Trigger.http({
        url: 'http://cdn.internal:8080/purge?all=1',
        method: HttpMethod.PUT,
        headers: { 'content-type': 'application/vnd.api+json', 'X-Source': 'hooks' },
        secretHeaders: [{ name: 'Fastly-Key', secret, key: 'token' }],
        payload: { 'object.name': EventValue.objectName(), 'reason': EventValue.fromValue('rollout') },
        timeout: Duration.minutes(1),
        successStatusCodes: [200, 409],
      })],
    });
    const http = triggerOf(chart).template.http;
    expect(http.method).toBe('PUT');
    expect(http.headers).toEqual({ 'content-type': 'application/vnd.api+json', 'X-Source': 'hooks' });
    expect(http.secureHeaders).toEqual([{ name: 'Fastly-Key', valueFrom: { secretKeyRef: { name: 'cdn-token', key: 'token' } } }]);
    expect(http.payload).toEqual([
      { dest: 'object.name', src: { dependencyName: 'w-purge', dataKey: 'body.metadata.name', value: '', useRawData: true } },
      { dest: 'reason', src: { dependencyName: 'w-purge', value: 'rollout' } },
    ]);
    expect(http.timeout).toBe(60);
    expect(triggerOf(chart).policy).toEqual({ status: { allow: [200, 409] } });
    // HTTP needs no rights; the hook's HookTriggered Event needs `create` on events.
    expect(objectsOfKind(chart, 'Role').map((r) => r.metadata.name)).toEqual(['test-hooks-eventsource', 'test-hooks-sensor']);
    expect(objectsOfKind(chart, 'Role')[1].rules).toEqual([{ apiGroups: [''], resources: ['events'], verbs: ['create'] }]);
  });

  test.each([
    [{ url: 'ftp://example.com/x' }, /url "ftp:\/\/example.com\/x" uses ftp; the HTTP trigger only speaks http:\/\/ and https:\/\//],
    [{ url: 'example.com/hook' }, /url "example.com\/hook" is not a valid URL/],
    [{ url: 'https://user:pw@example.com/' }, /carries credentials.*secretHeaders/],
    [{ url: 'https://x.y/', headers: { 'Bad Header': 'v' } }, /header name "Bad Header" is not a valid HTTP header name/],
    [{ url: 'https://x.y/', timeout: Duration.millis(1500) }, /timeout 1.5 seconds is not a whole number of seconds/],
    [{ url: 'https://x.y/', successStatusCodes: [] }, /successStatusCodes \[\] must list HTTP status codes/],
    [{ url: 'https://x.y/', successStatusCodes: [700] }, /successStatusCodes \[700\]/],
    [{ url: 'https://x.y/', payload: { '': EventValue.objectName() } }, /payload has an empty key/],
  ])('fails on bad options %#', (options, message) => {
    const chart = namespacedChart();
    expect(() => webWatch(chart).onUpdated('h', { triggers: [Trigger.http(options as any)] })).toThrow(message);
  });

  test('fails on a secret header without key', () => {
    const chart = namespacedChart();
    const secret = kplus.Secret.fromSecretName(chart, 's', 'token');
    expect(() => webWatch(chart).onUpdated('h', { triggers: [Trigger.http({ url: 'https://x.y/', secretHeaders: [{ name: 'Authorization', secret, key: '' }] })] }))
      .toThrow(/test\/w\/h: secretHeaders\[0\] \(Authorization\) has no key; set `key`/);
  });

  test('fails on a secret outside the hub namespace', () => {
    const chart = namespacedChart('hub');
    const secret = new kplus.Secret(chart, 's', { metadata: { name: 'token', namespace: 'elsewhere' } });
    expect(() => webWatch(chart).onUpdated('h', { triggers: [Trigger.http({ url: 'https://x.y/', secretHeaders: [{ name: 'Authorization', secret, key: 'k' }] })] }))
      .toThrow(/Secret "token" is in namespace "elsewhere", but the Sensor runs in "hub"/);
  });
});

describe('Trigger.job', () => {
  test('embeds the Job with a deterministic name, event env vars and no tracking metadata', () => {
    const chart = new Chart(namespacedChart().node.scope as any, 'jobs', { namespace: 'apps', labels: { 'app.kubernetes.io/instance': 'my-app' } });
    const job = new kplus.Job(chart, 'smoke', {
      metadata: { annotations: { 'argocd.argoproj.io/hook': 'PostSync', 'team': 'web' } },
      containers: [{ image: 'busybox', envVariables: { MODE: kplus.EnvValue.fromValue('quick') } }, { image: 'curl' }],
    });
    webWatch(chart).onFieldChange('smoke', {
      paths: ['spec.template'],
      triggers: [Trigger.job({ job, env: { IMAGE: EventValue.fromPath('body.spec.template.spec.containers.0.image') } })],
    });
    expect(objectsOfKind(chart, 'Job')).toHaveLength(0);
    const k8s = triggerOf(chart).template.k8s;
    expect(k8s.operation).toBe('create');
    const manifest = k8s.source.resource;
    expect(manifest.metadata.name).toBeUndefined();
    expect(manifest.metadata.namespace).toBe('apps');
    // Run labels (the uid comes from the event) and annotations; the Job's own annotation stays.
    expect(manifest.metadata.labels).toEqual({ 'resource-hooks.cdk8s.io/hub': 'jobs-hooks', 'resource-hooks.cdk8s.io/hook': 'w-smoke' });
    expect(manifest.metadata.annotations).toEqual({ 'team': 'web', 'resource-hooks.cdk8s.io/target': '', 'resource-hooks.cdk8s.io/change': '' });
    const [first, second] = manifest.spec.template.spec.containers;
    expect(first.env.map((e: any) => e.name)).toEqual(['MODE', 'HOOK_TARGET_KIND', 'HOOK_TARGET_NAMESPACE', 'HOOK_TARGET_NAME',
      'HOOK_EVENT_TYPE', 'HOOK_TARGET_GENERATION', 'HOOK_TARGET_RESOURCE_VERSION', 'IMAGE']);
    expect(first.env[1]).toEqual({ name: 'HOOK_TARGET_KIND', value: 'Deployment' });
    expect(second.env).toHaveLength(7);
    expect(k8s.parameters[0]).toEqual({
      src: { dependencyName: 'w-smoke', dataTemplate: 'w-smoke-{{ print "apps/jobs-hooks/w-smoke-job/" (print .Input.body.metadata.uid "/" .Input.body.metadata.resourceVersion) | sha256sum | trunc 10 }}' },
      dest: 'metadata.name',
    });
    // The name, the run metadata (target, uid label, change, owner), then the env values.
    expect(k8s.parameters.slice(1, 6).map((p: any) => p.dest)).toEqual([
      'metadata.annotations.resource-hooks\\.cdk8s\\.io/target', 'metadata.labels.resource-hooks\\.cdk8s\\.io/target-uid',
      'metadata.annotations.resource-hooks\\.cdk8s\\.io/change', 'metadata.ownerReferences.0.name', 'metadata.ownerReferences.0.uid',
    ]);
    const dests = k8s.parameters.slice(6).map((p: any) => p.dest);
    expect(dests).toEqual([
      ...[2, 3, 4, 5, 6, 7].map((i) => `spec.template.spec.containers.0.env.${i}.value`),
      ...[1, 2, 3, 4, 5, 6].map((i) => `spec.template.spec.containers.1.env.${i}.value`),
    ]);
    expect(k8s.parameters[11]).toEqual({ dest: 'spec.template.spec.containers.0.env.7.value', src: { dependencyName: 'w-smoke', dataKey: 'body.spec.template.spec.containers.0.image', value: '' } });
    const sensorRole = objectsOfKind(chart, 'Role').find((r) => r.metadata.name === 'jobs-hooks-sensor');
    expect(sensorRole.rules).toEqual([{ apiGroups: [''], resources: ['events'], verbs: ['create'] }, { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create'] }]);
  });

  test('names Jobs from the resourceVersion for kinds without generation, with a custom prefix', () => {
    const chart = namespacedChart();
    const cm = new kplus.ConfigMap(chart, 'cm', { metadata: { name: 'settings' } });
    new ResourceWatch(chart, 'w', { target: HookTarget.fromConstruct(cm) }).onFieldChange('apply', {
      paths: ['data'],
      triggers: [Trigger.job({ namePrefix: 'apply-settings', job: testJob('busybox') })],
    });
    const k8s = triggerOf(chart).template.k8s;
    expect(k8s.parameters[0].src.dataTemplate).toBe('apply-settings-{{ print "apps/test-hooks/w-apply-job/" (print .Input.body.metadata.uid "/" .Input.body.metadata.resourceVersion) | sha256sum | trunc 10 }}');
    expect(k8s.source.resource.spec.template.spec.containers[0].env.map((e: any) => e.name)).not.toContain('HOOK_TARGET_GENERATION');
    expect(objectsOfKind(chart, 'Job')).toHaveLength(0);
  });

  test('two Job triggers of one hook, or two hooks with one prefix, never share a Job name', () => {
    const chart = namespacedChart();
    const w = webWatch(chart);
    const job = (): Trigger => Trigger.job({ namePrefix: 'same', job: testJob('busybox') });
    w.onSpecChange('a', { triggers: [job(), job()] });
    w.onSpecChange('b', { triggers: [job()] });
    const templates = onlyOfKind(chart, 'Sensor').spec.triggers.filter((t: any) => t.template.k8s?.source.resource.kind === 'Job')
      .map((t: any) => t.template.k8s.parameters[0].src.dataTemplate);
    expect(new Set(templates).size).toBe(3);
  });

  test('a long hook name is cut so that Job names stay within 63 characters', () => {
    const chart = namespacedChart();
    const hook = webWatch(chart).onUpdated('x'.repeat(80), { triggers: [Trigger.job({ job: testJob('busybox') })] });
    const template: string = triggerOf(chart).template.k8s.parameters[0].src.dataTemplate;
    const prefix = template.slice(0, template.indexOf('-{{'));
    expect(prefix.length).toBeLessThanOrEqual(52);
    expect(prefix.length + 1 + 10).toBeLessThanOrEqual(63);
    expect(hook.dependencyName.length).toBeLessThanOrEqual(50);
  });

  test('fails at synthesis when the Job is changed after the hook was created', () => {
    const chart = namespacedChart();
    const job = new kplus.Job(chart, 'j', { containers: [{ image: 'busybox' }] });
    webWatch(chart).onUpdated('h', { triggers: [Trigger.job({ job })] });
    job.addContainer({ image: 'sidecar' });
    expect(() => Testing.synth(chart)).toThrow(/test\/w\/h: the Job of Trigger.job changed after the hook was created/);
  });

  test('strips every Argo CD label and annotation from the Job template', () => {
    const chart = namespacedChart();
    const job = new kplus.Job(chart, 'j', {
      metadata: { labels: { 'argocd.argoproj.io/instance': 'app', 'team': 'a' } },
      podMetadata: { labels: { 'argocd.argoproj.io/instance': 'app' } },
      containers: [{ image: 'busybox' }],
    });
    webWatch(chart).onUpdated('h', { triggers: [Trigger.job({ job })] });
    const resource = triggerOf(chart).template.k8s.source.resource;
    expect(resource.metadata.labels).toEqual({ 'team': 'a', 'resource-hooks.cdk8s.io/hub': 'test-hooks', 'resource-hooks.cdk8s.io/hook': 'w-h' });
    expect(JSON.stringify(resource)).not.toContain('argocd.argoproj.io');
  });

  test.each([
    [{ namePrefix: 'x'.repeat(53), job: testJob('a') }, /namePrefix "x{53}" must be a DNS label of at most 52 characters/],
    [{ namePrefix: 'Bad_Prefix', job: testJob('a') }, /namePrefix "Bad_Prefix" must be a DNS label/],
    [{}, /Trigger.job needs `job`: a cdk8s-plus Job or an ApiObject of kind Job/],
    [{ job: new kplus.Job(new Chart(Testing.app(), 'empty'), 'job') }, /the Job has no containers/],
    [{ job: testJob('a'), env: { 'BAD-NAME': EventValue.objectName() } }, /env name "BAD-NAME" is not a valid environment variable name/],
    [{ job: testJob('a'), env: { HOOK_TARGET_NAME: EventValue.objectName() } }, /env name "HOOK_TARGET_NAME" is set by the hook itself/],
    [{ job: testJob('a'), namespace: 'Team_B' }, /namespace "Team_B" is not a DNS-1123 label.*use a namespace name of at most 63/],
  ])('fails on bad options %#', (options, message) => {
    const chart = namespacedChart();
    expect(() => webWatch(chart).onUpdated('h', { triggers: [Trigger.job(options as any)] })).toThrow(message);
  });
});

describe('Trigger.argoWorkflow', () => {
  function workflow(chart: Chart): ApiObject {
    return new ApiObject(chart, 'wf', {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow',
      metadata: { generateName: 'smoke-', labels: { 'app.kubernetes.io/instance': 'app' } },
      spec: { entrypoint: 'main', arguments: { parameters: [{ name: 'image', value: 'none' }, { name: 'stage', value: 'dev' }] }, templates: [{ name: 'main', container: { image: 'busybox' } }] },
    });
  }

  test('submits the Workflow with a deterministic name and event arguments, and may create workflows', () => {
    const chart = namespacedChart();
    webWatch(chart).onRolloutComplete('smoke', {
      triggers: [Trigger.argoWorkflow({
        workflow: workflow(chart),
        parameters: { image: EventValue.fromPath('body.spec.template.spec.containers.0.image'), stage: EventValue.fromValue('prod') },
      })],
    });
    expect(objectsOfKind(chart, 'Workflow')).toHaveLength(0);
    const t = triggerOf(chart);
    expect(t.template.name).toBe('w-smoke-workflow');
    const wf = t.template.argoWorkflow;
    expect(wf.operation).toBe('submit');
    expect(wf.source.resource.metadata).toEqual({
      namespace: 'apps',
      labels: { 'resource-hooks.cdk8s.io/hub': 'test-hooks', 'resource-hooks.cdk8s.io/hook': 'w-smoke' },
      annotations: { 'resource-hooks.cdk8s.io/target': '', 'resource-hooks.cdk8s.io/change': '' },
      // Filled in from the event: the Deployment owns each Workflow.
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: '', uid: '' }],
    });
    expect(wf.source.resource.spec.arguments.parameters).toEqual([{ name: 'image', value: 'none' }, { name: 'stage', value: 'prod' }]);
    expect(wf.parameters.map((p: any) => p.dest)).toEqual(['metadata.name', 'spec.arguments.parameters.0.value',
      'metadata.annotations.resource-hooks\\.cdk8s\\.io/target', 'metadata.labels.resource-hooks\\.cdk8s\\.io/target-uid',
      'metadata.annotations.resource-hooks\\.cdk8s\\.io/change', 'metadata.ownerReferences.0.name', 'metadata.ownerReferences.0.uid']);
    const role = objectsOfKind(chart, 'Role').find((r) => r.metadata.name === 'test-hooks-sensor');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['events'], verbs: ['create'] }, { apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['create', 'list'] }]);
  });

  test('fails on something that is not a Workflow, or a bad parameter name', () => {
    const chart = namespacedChart();
    const cm = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    expect(() => webWatch(chart).onUpdated('a', { triggers: [Trigger.argoWorkflow({ workflow: cm })] })).toThrow(/workflow is an ApiObject v1 ConfigMap "test-cm-\w+" \(v1 ConfigMap\), not a Workflow; pass a Workflow from cdk8s-plus \(28, 32, 33, 34\) or an ApiObject of kind Workflow/);
    const chart2 = namespacedChart();
    expect(() => webWatch(chart2).onUpdated('a', { triggers: [Trigger.argoWorkflow({ workflow: workflow(chart2), parameters: { 'a b': EventValue.objectName() } })] }))
      .toThrow(/parameters name "a b" is not a workflow parameter name/);
  });
});

describe('Trigger.slack and Trigger.log', () => {
  test('slack: token by reference, templated message through a trigger-level parameter', () => {
    const chart = namespacedChart();
    const token = kplus.Secret.fromSecretName(chart, 'slack', 'slack-bot');
    webWatch(chart).onSpecChange('tell', {
      triggers: [Trigger.slack({ channel: '#deploys', message: '{{ .Input.body.metadata.name }} changed', tokenSecret: token })],
    });
    const t = triggerOf(chart);
    expect(t.template.slack).toEqual({ slackToken: { name: 'slack-bot', key: 'token' }, channel: '#deploys', message: '{{ .Input.body.metadata.name }} changed' });
    expect(t.parameters).toEqual([{ src: { dependencyName: 'w-tell', dataTemplate: '{{ .Input.body.metadata.name }} changed', value: '{{ .Input.body.metadata.name }} changed' }, dest: 'slack.message' }]);
  });

  test('slack fails on an empty channel or message', () => {
    const chart = namespacedChart();
    const token = kplus.Secret.fromSecretName(chart, 'slack', 'slack-bot');
    expect(() => webWatch(chart).onUpdated('a', { triggers: [Trigger.slack({ channel: ' ', message: 'x', tokenSecret: token })] })).toThrow(/channel is empty/);
    const chart2 = namespacedChart();
    const token2 = kplus.Secret.fromSecretName(chart2, 'slack', 'slack-bot');
    expect(() => webWatch(chart2).onUpdated('a', { triggers: [Trigger.slack({ channel: '#x', message: '', tokenSecret: token2 })] })).toThrow(/message is empty/);
  });

  test('several triggers of one hook get distinct names, each conditioned on the hook alone', () => {
    const chart = namespacedChart();
    webWatch(chart).onUpdated('h', { triggers: [Trigger.log(), Trigger.log(), Trigger.http({ url: 'https://x.y/' })] });
    expect(onlyOfKind(chart, 'Sensor').spec.triggers.map((t: any) => [t.template.name, t.template.conditions])).toEqual([
      ['w-h-log', 'w-h'], ['w-h-log-2', 'w-h'], ['w-h-http', 'w-h'], ['w-h-event', 'w-h'],
    ]);
  });
});
