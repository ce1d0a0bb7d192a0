import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import {
  ArgoCd, EventValue, HookHub, HookPhase, HookTarget, HubEventBus, ResourceWatch, SyncHook, Trigger, When, argoevents,
} from '../../src';
import { namespacedChart, testJob } from '../support/charts';

/**
 * Realistic mistakes made with the construct API. Each fails when the app is synthesized (or when
 * the construct is made), with an error that names the construct path, the property, the bad value
 * and the fix, instead of producing manifests that fail, or silently do nothing, in the cluster.
 */

const UPDATE = argoevents.ResourceEventType.UPDATE;

function web(chart: Chart): kplus.Deployment {
  return new kplus.Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ image: 'ghcr.io/acme/web:1' }] });
}

function webWatch(chart: Chart = namespacedChart()): ResourceWatch {
  return new ResourceWatch(chart, 'w', { target: HookTarget.fromConstruct(web(chart)) });
}

/** A Deployment watch plus a hook `h` with the given trigger; returns what synthesis throws. */
function withTrigger(trigger: (chart: Chart) => Trigger): () => void {
  return () => {
    const chart = namespacedChart();
    webWatch(chart).onSpecChange('h', { triggers: [trigger(chart)] });
    Testing.synth(chart);
  };
}

const secret = (chart: Chart): kplus.ISecret => kplus.Secret.fromSecretName(chart, 'token', 'api-token');

describe('credentials in plain text', () => {
  test('an Authorization header with a bearer token', () => {
    expect(withTrigger(() => Trigger.http({ url: 'https://api.example.com/', headers: { Authorization: 'Bearer eyJhbGciOi.secret' } })))
      .toThrow(/^test\/w\/h: headers\["Authorization"\] "Bearer …" is a credential in plain text \(its name "Authorization" says it holds a credential\).*pass it with secretHeaders: \[\{ name: 'Authorization', secret, key \}\]/);
  });

  test('an API key header', () => {
    expect(withTrigger(() => Trigger.http({ url: 'https://api.fastly.com/purge', headers: { 'Fastly-Key': 'k9d8s7f6' } })))
      .toThrow(/test\/w\/h: headers\["Fastly-Key"\] "k9d8…" is a credential in plain text \(its name "Fastly-Key" says it holds a key\).*secretHeaders/);
  });

  test('a token under an innocent header name', () => {
    expect(withTrigger(() => Trigger.http({ url: 'https://ci.example.com/', headers: { 'X-Upstream': 'ghp_abcdefghijklmnopqrstuvwxyz0123' } })))
      .toThrow(/test\/w\/h: headers\["X-Upstream"\] "ghp_…" is a credential in plain text \(its value looks like a GitHub token\).*secretHeaders/);
  });

  test('a basic-auth header value under any name', () => {
    expect(withTrigger(() => Trigger.http({ url: 'https://ci.example.com/', headers: { 'X-Forward': 'Basic dXNlcjpwYXNzd29yZA==' } })))
      .toThrow(/headers\["X-Forward"\] "Basic …" is a credential in plain text \(its value looks like an Authorization scheme with its credentials\)/);
  });

  test('a token constant in the payload', () => {
    expect(withTrigger(() => Trigger.http({ url: 'https://ci.example.com/', payload: { token: EventValue.fromValue('s3cr3t-value') } })))
      .toThrow(/test\/w\/h: payload\["token"\] "s3cr…" is a credential in plain text.*send the credential as a header with secretHeaders/);
  });

  test('a password constant in a Job\'s env', () => {
    expect(withTrigger(() => Trigger.job({ job: testJob(), env: { DB_PASSWORD: EventValue.fromValue('hunter2hunter2') } })))
      .toThrow(/test\/w\/h: env\["DB_PASSWORD"\] "hunt…" is a credential in plain text.*EnvValue\.fromSecretValue/);
  });

  test('not refused: plain headers, event values under credential-like names, Secret-backed headers', () => {
    expect(withTrigger((chart) => Trigger.http({
      url: 'https://ci.example.com/',
      headers: { 'X-Source': 'hooks', 'Idempotency-Key': 'purge' },
      secretHeaders: [{ name: 'Authorization', secret: secret(chart), key: 'token' }],
      payload: { token: EventValue.fromPath('body.metadata.uid'), reason: EventValue.fromValue('rollout') },
    }))).not.toThrow();
  });
});

describe('Job templates that cannot run as a hook Job', () => {
  test('restartPolicy Always', () => {
    expect(withTrigger(() => Trigger.job({ job: new kplus.Job(new Chart(Testing.app(), 'jobs'), 'job', { restartPolicy: kplus.RestartPolicy.ALWAYS, containers: [{ image: 'busybox' }] }) })))
      .toThrow(/test\/w\/h: job cannot run as a Job: restartPolicy "Always" is refused for Jobs.*use "Never"/);
  });

  test('an ApiObject Job without restartPolicy (the API server would default it to Always)', () => {
    expect(withTrigger(() => Trigger.job({
      job: new ApiObject(new Chart(Testing.app(), 'jobs'), 'job', { apiVersion: 'batch/v1', kind: 'Job', spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } } }),
    }))).toThrow(/test\/w\/h: job cannot run as a Job: restartPolicy is not set, so the API server defaults it to "Always".*set restartPolicy to "Never"/);
  });

  test('no containers', () => {
    expect(withTrigger(() => Trigger.job({ job: new kplus.Job(new Chart(Testing.app(), 'jobs'), 'job') })))
      .toThrow(/test\/w\/h: the Job has no containers; add one with `containers` or `addContainer`/);
  });

  test('a suspended Job', () => {
    expect(withTrigger(() => Trigger.job({
      job: new ApiObject(new Chart(Testing.app(), 'jobs'), 'job', { apiVersion: 'batch/v1', kind: 'Job', spec: { suspend: true, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } }),
    }))).toThrow(/test\/w\/h: job cannot run as a Job: suspend is true.*remove `suspend`/);
  });

  test('a Job in a batch apiVersion Kubernetes no longer serves', () => {
    expect(withTrigger(() => Trigger.job({
      job: new ApiObject(new Chart(Testing.app(), 'jobs'), 'job', { apiVersion: 'batch/v1beta1', kind: 'Job', spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } }),
    }))).toThrow(/test\/w\/h: job cannot run as a Job: apiVersion "batch\/v1beta1": Kubernetes 1.28 to 1.34 serve no Job in "batch\/v1beta1"; Job is "batch\/v1"/);
  });

  test('an Argo CD SyncHook Job with restartPolicy Always', () => {
    const chart = namespacedChart();
    const job = new kplus.Job(chart, 'migrate', { restartPolicy: kplus.RestartPolicy.ALWAYS, containers: [{ image: 'migrate' }] });
    new SyncHook(chart, 'migrate-hook', { job, phases: [HookPhase.PRE_SYNC] });
    expect(() => Testing.synth(chart)).toThrow(/test\/migrate-hook: job cannot run as a Job: restartPolicy "Always" is refused for Jobs/);
  });
});

describe('field paths in a foreign syntax or that cannot match', () => {
  test.each([
    ['$.data', 'JSONPath', 'data'],
    ['.spec.replicas', 'jq syntax', 'spec.replicas'],
    ['spec.template.spec.containers[0].image', 'bracket indexing', 'spec.template.spec.containers.0.image'],
    ['{.spec.replicas}', 'kubectl JSONPath', 'spec.replicas'],
    ["metadata.labels['app.kubernetes.io/name']", 'bracket indexing', 'metadata.labels.app\\.kubernetes\\.io/name'],
  ])('onFieldChange path %s', (path, syntax, fixed) => {
    expect(() => webWatch().onFieldChange('f', { paths: [path], triggers: [Trigger.log()] }))
      .toThrow(`test/w/f: paths "${path}" is written in ${syntax}, which Argo Events (gjson) does not read, so it would never match; write it as "${fixed}"`);
  });

  test('an EventValue path in JSONPath', () => {
    expect(() => EventValue.fromPath('$.body.metadata.name'))
      .toThrow('EventValue.fromPath: path "$.body.metadata.name" is written in JSONPath, which Argo Events (gjson) does not read, so it would never match; write it as "body.metadata.name"');
  });

  test('a field a Deployment does not have', () => {
    expect(() => webWatch().onFieldChange('f', { paths: ['data'], triggers: [Trigger.log()] }))
      .toThrow(/test\/w\/f: paths "data": a Deployment has no field "data" \(its fields are apiVersion, kind, metadata, spec, status\), so the hook could never fire; use one of those/);
  });

  test('spec of a ConfigMap', () => {
    const chart = namespacedChart();
    const cm = new kplus.ConfigMap(chart, 'cm', { metadata: { name: 'settings' }, data: { a: 'b' } });
    expect(() => new ResourceWatch(chart, 'w', { target: HookTarget.fromConstruct(cm) }).onFieldChange('f', { paths: ['spec.replicas'], triggers: [Trigger.log()] }))
      .toThrow(/test\/w\/f: paths "spec.replicas": a ConfigMap has no field "spec"/);
  });

  test('a path that starts at the event instead of the object', () => {
    expect(() => webWatch().onFieldChange('f', { paths: ['body.spec.replicas'], triggers: [Trigger.log()] }))
      .toThrow(/test\/w\/f: paths "body.spec.replicas" starts at the event.*write "spec.replicas"/);
  });

  test('a metadata field that does not exist', () => {
    expect(() => webWatch().onFieldChange('f', { paths: ['metadata.label.tier'], triggers: [Trigger.log()] }))
      .toThrow(/test\/w\/f: paths "metadata.label.tier": metadata has no field "label".*"metadata.labels.<key>"/);
  });

  test('a Secret\'s write-only stringData', () => {
    const target = HookTarget.fromReference({ apiVersion: 'v1', kind: 'Secret', namespace: 'apps', name: 'tls' });
    expect(() => new ResourceWatch(namespacedChart(), 'w', { target }).onFieldChange('f', { paths: ['stringData'], triggers: [Trigger.log()] }))
      .toThrow(/test\/w\/f: paths "stringData" is a Secret's stringData, which is write-only.*compare "data"/);
  });

  test('a When.custom data path that does not start at the event data', () => {
    const when = When.custom({ eventTypes: [UPDATE], data: [{ path: 'spec.replicas', type: 'number', value: ['3'] }] });
    expect(() => webWatch().addHook('c', when, { triggers: [Trigger.log()] }))
      .toThrow(/test\/w\/c: data\[0\].path "spec.replicas" does not start at the event data.*use "body.spec.replicas"/);
  });

  test('a When.custom expression field in JSONPath', () => {
    const when = When.custom({ eventTypes: [UPDATE], exprs: [{ expr: 'r > 3', fields: [{ name: 'r', path: '$.body.spec.replicas' }] }] });
    expect(() => webWatch().addHook('c', when, { triggers: [Trigger.log()] }))
      .toThrow(/test\/w\/c: exprs\[0\].fields\[0\].path "\$.body.spec.replicas" is written in JSONPath.*write it as "body.spec.replicas"/);
  });
});

describe('apiVersion/kind pairs and fields kinds do not have', () => {
  test('a Deployment in v1', () => {
    expect(() => HookTarget.fromReference({ apiVersion: 'v1', kind: 'Deployment', namespace: 'apps', name: 'web' }))
      .toThrow('HookTarget.fromReference(Deployment web): apiVersion "v1" with kind Deployment: Kubernetes 1.28 to 1.34 serve no Deployment in "v1"; Deployment is "apps/v1", so the EventSource\'s watch would fail; use that apiVersion');
  });

  test('an Ingress in extensions/v1beta1', () => {
    expect(() => HookTarget.fromReference({ apiVersion: 'extensions/v1beta1', kind: 'Ingress', namespace: 'apps', name: 'web' }))
      .toThrow(/apiVersion "extensions\/v1beta1" with kind Ingress: .*Ingress is "networking.k8s.io\/v1"/);
  });

  test('an ApiObject Deployment in apps/v1beta2', () => {
    const chart = namespacedChart();
    const old = new ApiObject(chart, 'old', { apiVersion: 'apps/v1beta2', kind: 'Deployment', metadata: { name: 'old' } });
    expect(() => HookTarget.fromConstruct(old)).toThrow(/^test\/old: apiVersion "apps\/v1beta2" with kind Deployment: .*Deployment is "apps\/v1"/);
  });

  test('not refused: a custom resource that reuses a built-in kind name, in its own group', () => {
    expect(HookTarget.fromReference({ apiVersion: 'apps.example.com/v1', kind: 'Deployment', namespace: 'apps', name: 'web' }).resource).toBe('deployments');
  });

  test('a condition hook on a ConfigMap, which has no conditions', () => {
    const chart = namespacedChart();
    const cm = new kplus.ConfigMap(chart, 'cm', { metadata: { name: 'settings' }, data: { a: 'b' } });
    expect(() => new ResourceWatch(chart, 'w', { target: HookTarget.fromConstruct(cm) }).onCondition('ready', { conditionType: 'Ready', triggers: [Trigger.log()] }))
      .toThrow(/test\/w\/ready: conditionType "Ready" on v1 ConfigMap: a ConfigMap has no status.conditions, so the hook could never fire; use onFieldChange/);
  });

  test('a condition type the Deployment controller never writes: a warning', () => {
    const chart = namespacedChart();
    webWatch(chart).onCondition('ready', { conditionType: 'Ready', triggers: [Trigger.log()] });
    expect(ArgoCd.warnings(chart)).toEqual([
      'test/w/ready: conditionType "Ready" is not one the Kubernetes controllers write on a Deployment (Available, Progressing, ReplicaFailure), so the hook fires only if another controller adds it; check the spelling (condition types are case-sensitive)',
    ]);
  });
});

describe('names, namespaces and labels outside Kubernetes\' limits', () => {
  const long = (n: number): string => 'a'.repeat(n);

  test('a hub namespace that is not a DNS label (from the chart)', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'Shop_Prod' });
    expect(() => HookHub.of(chart)).toThrow('shop/ResourceHooks: namespace (the chart\'s) "Shop_Prod" is not a DNS-1123 label: only lowercase letters, digits and "-", starting and ending with a letter or digit; use a namespace name of at most 63 lowercase letters, digits and "-", such as "team-a"');
  });

  test('a hub namespace longer than 63 characters', () => {
    expect(() => new HookHub(namespacedChart(), 'hub', { namespace: long(64) }))
      .toThrow(/test\/hub: namespace "a{64}" has 64 characters, more than the 63 allowed/);
  });

  test('a hub name with uppercase letters', () => {
    expect(() => new HookHub(namespacedChart(), 'hub', { name: 'Hooks' })).toThrow(/test\/hub: name "Hooks" must be a DNS label of at most 40 characters/);
  });

  test('a reference namespace longer than 63 characters', () => {
    expect(() => HookTarget.fromReference({ apiVersion: 'v1', kind: 'ConfigMap', namespace: long(64), name: 'x' }))
      .toThrow(/namespace "a{64}" has 64 characters, more than the 63 allowed/);
  });

  test('a reference name longer than 253 characters', () => {
    expect(() => HookTarget.fromReference({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'apps', name: long(254) }))
      .toThrow(/name "a{254}" has 254 characters, more than the 253 allowed/);
  });

  test('a label value longer than 63 characters', () => {
    expect(() => HookTarget.fromReference({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'apps', labels: { team: long(64) } }))
      .toThrow(/labels value of team "a{64}" has 64 characters, more than the 63 allowed; label values are empty or at most 63/);
  });

  test('a label key whose prefix is not a DNS subdomain', () => {
    expect(() => HookTarget.fromReference({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'apps', labels: { 'Example.com/team': 'a' } }))
      .toThrow(/labels key "Example.com\/team" has a prefix "Example.com" that is not a DNS-1123 subdomain/);
  });

  test('an app object whose metadata.name Kubernetes refuses', () => {
    const chart = namespacedChart();
    const cm = new kplus.ConfigMap(chart, 'cm', { metadata: { name: 'Settings_V2' } });
    expect(() => HookTarget.fromConstruct(cm)).toThrow(/^test\/cm: metadata.name "Settings_V2" is not a DNS-1123 subdomain/);
  });

  test('a Job namespace longer than 63 characters', () => {
    expect(withTrigger(() => Trigger.job({ job: testJob(), namespace: long(64) }))).toThrow(/test\/w\/h: namespace "a{64}" has 64 characters/);
  });

  test('a Secret key Kubernetes refuses', () => {
    expect(withTrigger((chart) => Trigger.http({ url: 'https://x.example/', secretHeaders: [{ name: 'Authorization', secret: secret(chart), key: 'api token' }] })))
      .toThrow(/test\/w\/h: secretHeaders\[0\].key "api token" is not a Secret key/);
  });

  test('an EventBus name longer than 40 characters', () => {
    expect(() => new HookHub(namespacedChart(), 'hub', { eventBus: HubEventBus.jetStream({ name: long(41) }) }))
      .toThrow(/test\/hub: eventBus name "a{41}" has 41 characters, more than the 40 allowed; use at most 40 lowercase letters, digits and "-", since Argo Events names the bus's StatefulSet "eventbus-<name>-js"/);
  });

  test('an existing EventBus name Kubernetes refuses', () => {
    expect(() => new HookHub(namespacedChart(), 'hub', { eventBus: HubEventBus.existing('Default') }))
      .toThrow(/test\/hub: eventBus name "Default" is not a DNS-1123 subdomain/);
  });
});

describe('quantities and sizes Kubernetes or JetStream reject', () => {
  const hub = (options: Parameters<typeof HubEventBus.jetStream>[0]): (() => HookHub) => () => new HookHub(namespacedChart(), 'hub', { eventBus: HubEventBus.jetStream(options) });

  test('a volume size in disk units', () => {
    expect(hub({ volumeSize: '10GB' })).toThrow('test/hub: eventBus volumeSize "10GB" is not a Kubernetes quantity, so the Argo Events controller cannot read the EventBus; write it like "10Gi" (binary suffixes Ki, Mi, Gi, Ti; no "B", no space)');
  });

  test('a zero volume size', () => {
    expect(hub({ volumeSize: '0Gi' })).toThrow(/eventBus volumeSize "0Gi" is not a positive size/);
  });

  test('a max payload in Kubernetes units', () => {
    expect(hub({ maxPayload: '4Mi' })).toThrow(/test\/hub: eventBus maxPayload "4Mi" is not a size NATS reads.*use e.g. "4MB"/);
  });

  test('a max payload above NATS\' 64MB ceiling', () => {
    expect(hub({ maxPayload: '128MB' })).toThrow(/eventBus maxPayload "128MB" is 134217728 bytes, and NATS refuses to start with a max_payload above max_pending \(64MB\)/);
  });

  test('a max payload NATS discourages: a warning', () => {
    const chart = namespacedChart();
    new HookHub(chart, 'hub', { eventBus: HubEventBus.jetStream({ maxPayload: '16MB' }) });
    expect(ArgoCd.warnings(chart)).toEqual([expect.stringMatching(/^test\/hub: eventBus maxPayload "16MB" is above 8MB/)]);
  });

  test('two JetStream replicas', () => {
    expect(hub({ replicas: 2 })).toThrow(/test\/hub: eventBus replicas 2 is refused by Argo Events.*use 3/);
  });

  test('a storage class name Kubernetes refuses', () => {
    expect(hub({ volumeSize: '10Gi', storageClassName: 'Fast SSD' })).toThrow(/eventBus storageClassName "Fast SSD" is not a DNS-1123 subdomain/);
  });

  test('not refused: the sizes people should write', () => {
    expect(hub({ volumeSize: '10Gi', maxPayload: '4MB', replicas: 3 })).not.toThrow();
    expect(hub({ volumeSize: '500M', maxPayload: '1048576', replicas: 1 })).not.toThrow();
  });
});

describe('Argo Workflow parameters the Workflow does not declare', () => {
  function workflow(chart: Chart, spec: any): ApiObject {
    return new ApiObject(chart, 'wf', { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', spec });
  }

  test('a misspelt parameter', () => {
    expect(withTrigger((chart) => Trigger.argoWorkflow({
      workflow: workflow(chart, { entrypoint: 'main', arguments: { parameters: [{ name: 'image' }] }, templates: [{ name: 'main', container: { image: 'e2e' } }] }),
      parameters: { imge: EventValue.fromPath('body.spec.template.spec.containers.0.image') },
    }))).toThrow('test/w/h: parameters["imge"] is not a parameter of the Workflow, which declares "image", so the value would reach no template; declare it in the Workflow\'s spec.arguments.parameters (and use it as {{workflow.parameters.imge}}) or fix the name');
  });

  test('not refused: a Workflow that runs a WorkflowTemplate', () => {
    expect(withTrigger((chart) => Trigger.argoWorkflow({
      workflow: workflow(chart, { workflowTemplateRef: { name: 'e2e' } }),
      parameters: { image: EventValue.fromPath('body.spec.template.spec.containers.0.image') },
    }))).not.toThrow();
  });
});

describe('one object both as an Argo CD SyncHook and as a trigger template', () => {
  test('SyncHook first, then Trigger.job', () => {
    const chart = namespacedChart();
    const job = new kplus.Job(chart, 'migrate', { containers: [{ image: 'migrate' }] });
    new SyncHook(chart, 'migrate-hook', { job, phases: [HookPhase.PRE_SYNC] });
    expect(() => webWatch(chart).onSpecChange('h', { triggers: [Trigger.job({ job })] }))
      .toThrow(/^test\/w\/h: job Job "test-migrate-c8[0-9a-f]+" is already used by test\/migrate-hook as an Argo CD SyncHook, which needs it applied with the app; it cannot also be used as a hook trigger template.*create a separate Job for each/);
  });

  test('Trigger.job first, then SyncHook', () => {
    const chart = namespacedChart();
    const job = new kplus.Job(chart, 'migrate', { containers: [{ image: 'migrate' }] });
    webWatch(chart).onSpecChange('h', { triggers: [Trigger.job({ job })] });
    expect(() => new SyncHook(chart, 'migrate-hook', { job, phases: [HookPhase.PRE_SYNC] }))
      .toThrow(/^test\/migrate-hook: job Job "test-migrate-c8[0-9a-f]+" is already used by test\/w\/h as a hook trigger template \(Trigger.job or Trigger.argoWorkflow\), which moves it into the Sensor; it cannot also be used as an Argo CD SyncHook/);
  });

  test('a Workflow used by Trigger.argoWorkflow and a SyncHook', () => {
    const chart = namespacedChart();
    const wf = new ApiObject(chart, 'wf', { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: 'e2e' }, spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'e2e' } }] } });
    new SyncHook(chart, 'e2e-hook', { apiObject: wf, phases: [HookPhase.POST_SYNC] });
    expect(() => webWatch(chart).onSpecChange('h', { triggers: [Trigger.argoWorkflow({ workflow: wf })] }))
      .toThrow(/test\/w\/h: workflow Workflow "e2e" is already used by test\/e2e-hook as an Argo CD SyncHook/);
  });

  test('not refused: one Job as the template of two triggers', () => {
    const chart = namespacedChart();
    const job = testJob();
    const watch = webWatch(chart);
    watch.onSpecChange('a', { triggers: [Trigger.job({ job })] });
    expect(() => watch.onRolloutComplete('b', { triggers: [Trigger.job({ job })] })).not.toThrow();
  });
});

describe('templates, regular expressions and Lua that do not parse', () => {
  const slack = (message: string) => withTrigger((chart) => Trigger.slack({ channel: '#deploys', message, tokenSecret: secret(chart) }));

  test('a Slack message with an unclosed action', () => {
    expect(slack('{{ .Input.body.metadata.name } rolled out'))
      .toThrow(/test\/w\/h: message "\{\{ \.Input\.body\.metadata\.name \} rolled out" is not a Go template Argo Events can render: the action is not closed with "\}\}" \(a single "\}" ends nothing\)/);
  });

  test('a Slack message with an if and no end', () => {
    expect(slack('{{ if eq .Input.type "DELETE" }}gone'))
      .toThrow(/message .* is not a Go template Argo Events can render: \{\{ if \}\} has no matching \{\{ end \}\}/);
  });

  test('a Slack message reading the event without .Input', () => {
    expect(slack('{{ .body.metadata.name }} changed'))
      .toThrow(/message .* is not a Go template Argo Events can render: "\.body\.metadata\.name" reads a field of the template data, which only has "\.Input".*write "\.Input\.body\.metadata\.name"/);
  });

  test('a Slack message calling a function sprig does not have', () => {
    expect(slack('{{ .Input.body.metadata.name | toUpper }}'))
      .toThrow(/function "toUpper" is not defined \(neither a Go template builtin nor a sprig function\)/);
  });

  test('a data filter regex with a lookahead', () => {
    const when = When.custom({ eventTypes: [UPDATE], data: [{ path: 'body.metadata.name', type: 'string', value: ['^(?!test-).*'] }] });
    expect(() => webWatch().addHook('c', when, { triggers: [Trigger.log()] }))
      .toThrow(/test\/w\/c: data\[0\].value\[0\] "\^\(\?!test-\)\.\*" is not a regular expression Go's regexp \(RE2\) compiles: "\(\?!" is a lookaround, which RE2 does not support/);
  });

  test('an expression regex with a backreference', () => {
    const when = When.custom({ eventTypes: [UPDATE], exprs: [{ expr: "image =~ '(v\\\\d+)-\\\\1'", fields: [{ name: 'image', path: 'body.spec.template.spec.containers.0.image' }] }] });
    expect(() => webWatch().addHook('c', when, { triggers: [Trigger.log()] }))
      .toThrow(/test\/w\/c: exprs\[0\].expr pattern .* is not a regular expression Go's regexp \(RE2\) compiles: "\\1" is a backreference/);
  });

  test('an unbalanced regex', () => {
    const when = When.custom({ eventTypes: [UPDATE], data: [{ path: 'body.metadata.name', type: 'string', value: ['^(web|api$'] }] });
    expect(() => webWatch().addHook('c', when, { triggers: [Trigger.log()] })).toThrow(/data\[0\].value\[0\] "\^\(web\|api\$" is not a regular expression Go's regexp \(RE2\) compiles: unterminated group/);
  });

  test('an expression over a variable no field binds', () => {
    const when = When.custom({ eventTypes: [UPDATE], exprs: [{ expr: 'replicas > 3', fields: [{ name: 'r', path: 'body.spec.replicas' }] }] });
    expect(() => webWatch().addHook('c', when, { triggers: [Trigger.log()] }))
      .toThrow(/test\/w\/c: exprs\[0\].expr "replicas > 3" uses "replicas", which no entry of fields binds.*or use one of "r"/);
  });

  test('an expression with a single "="', () => {
    const when = When.custom({ eventTypes: [UPDATE], exprs: [{ expr: 'r = 3', fields: [{ name: 'r', path: 'body.spec.replicas' }] }] });
    expect(() => webWatch().addHook('c', when, { triggers: [Trigger.log()] })).toThrow(/exprs\[0\].expr "r = 3" does not parse: "=" is not a govaluate operator/);
  });

  test('a string comparator that never matches', () => {
    const when = When.custom({ eventTypes: [UPDATE], data: [{ path: 'body.spec.replicas', type: 'string', value: ['3'], comparator: '>' }] });
    expect(() => webWatch().addHook('c', when, { triggers: [Trigger.log()] })).toThrow(/data\[0\].comparator ">" never matches a string.*use type "number"/);
  });

  test('a data filter template with an unknown function', () => {
    const when = When.custom({ eventTypes: [UPDATE], data: [{ path: 'body.metadata.name', type: 'string', value: ['^WEB$'], template: '{{ .Input | toUpper }}' }] });
    expect(() => webWatch().addHook('c', when, { triggers: [Trigger.log()] })).toThrow(/data\[0\].template "\{\{ \.Input \| toUpper \}\}" is not a Go template Argo Events can render: function "toUpper" is not defined/);
  });

  test('Lua with "!=" for "not equal"', () => {
    const when = When.custom({ eventTypes: [UPDATE], script: 'if event.body.spec.replicas != event.oldBody.spec.replicas then return true end\nreturn false' });
    expect(() => webWatch().addHook('c', when, { triggers: [Trigger.log()] }))
      .toThrow(/test\/w\/c: script does not compile as Lua 5.1 \(gopher-lua, which Argo Events runs\): line 1: "!=" is not Lua: Lua writes "not equal" as "~="/);
  });

  test('Lua with an if and no end', () => {
    const when = When.custom({ eventTypes: [UPDATE], script: 'if event.body.spec.paused then\n  return true\nreturn false' });
    expect(() => webWatch().addHook('c', when, { triggers: [Trigger.log()] })).toThrow(/script does not compile as Lua 5.1.*line 1: "if" has no matching "end"/);
  });

  test('Lua that never returns', () => {
    const when = When.custom({ eventTypes: [UPDATE], script: 'local paused = event.body.spec.paused == true' });
    expect(() => webWatch().addHook('c', when, { triggers: [Trigger.log()] })).toThrow(/script does not compile as Lua 5.1.*the script never returns, so the filter never passes/);
  });

  test('not refused: the templates, regexes, expressions and Lua people write', () => {
    expect(slack('{{ .Input.body.metadata.name }} is {{ if eq .Input.type "DELETE" }}gone{{ else }}{{ .Input.body.status.phase | default "unknown" | lower }}{{ end }}')).not.toThrow();
    const when = When.custom({
      eventTypes: [UPDATE],
      exprs: [{ expr: "r > 3 && name =~ '^(?P<app>web|api)-\\\\d+$'", fields: [{ name: 'r', path: 'body.spec.replicas' }, { name: 'name', path: 'body.metadata.name' }] }],
      data: [{ path: 'body.metadata.labels.tier', type: 'string', value: ['(?i)^front$', '[[:alpha:]]+\\z'] }],
      script: '-- paused?\nlocal s = event.body.spec\nif s.paused ~= true and not (s.replicas == 0) then\n  return true\nend\nreturn false',
    });
    expect(() => webWatch().addHook('c', when, { triggers: [Trigger.log()] })).not.toThrow();
  });
});
