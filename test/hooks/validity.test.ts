import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import {
  EventValue, HookHub, HookTarget, HubEventBus, RateLimitUnit, ResourceWatch, Trigger,
} from '../../src';
import { validateManifest } from 'resource-hooks/lint';
import { schemaAvailable, validateAgainstSchema } from '../support/argo-schema';
import { namespacedChart, testJob } from '../support/charts';
import { ApiObject, Testing } from 'cdk8s';

// Every hook, trigger and delivery option at once, so that each synthesized field is checked
// against the upstream schema and the controllers' validation.
function kitchenSink(): any[] {
  const chart = namespacedChart('hooks');
  const hub = new HookHub(chart, 'hub', { eventBus: HubEventBus.jetStream({ volumeSize: '1Gi' }) });
  const web = new kplus.Deployment(chart, 'web', { metadata: { name: 'web', namespace: 'shop' }, containers: [{ image: 'nginx' }] });
  const cm = new kplus.ConfigMap(chart, 'cm', { metadata: { name: 'settings' }, data: { a: 'b' } });
  const secret = kplus.Secret.fromSecretName(chart, 'token', 'token');
  const w = new ResourceWatch(chart, 'web-watch', { target: HookTarget.fromConstruct(web), hub });
  w.onCreated('created', { triggers: [Trigger.log()] });
  w.onDeleted('deleted', { triggers: [Trigger.slack({ channel: '#ops', message: '{{ .Input.body.metadata.name }} deleted', tokenSecret: secret })] });
  w.onUpdated('updated', { triggers: [Trigger.http({ url: 'https://x.example/', secretHeaders: [{ name: 'Authorization', secret, key: 'auth' }], payload: { name: EventValue.objectName(), static: EventValue.fromValue('v') } })], rateLimit: { requestsPerUnit: 5, unit: RateLimitUnit.MINUTE } });
  w.onSpecChange('spec', { triggers: [Trigger.job({ job: testJob('busybox') })], retry: { attempts: 3, initialDelay: Duration.seconds(2) } });
  new ResourceWatch(chart, 'cm-watch', { target: HookTarget.fromConstruct(cm), hub })
    .onFieldChange('data', { paths: ['data'], triggers: [Trigger.http({ url: 'http://x.example/' })], atLeastOnce: false });
  const wf = new ApiObject(chart, 'wf', { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', spec: { entrypoint: 'main', arguments: { parameters: [{ name: 'name' }] }, templates: [{ name: 'main', container: { image: 'busybox' } }] } });
  w.onRolloutComplete('rolled', { triggers: [Trigger.argoWorkflow({ workflow: wf, parameters: { name: EventValue.objectName() } })] });
  new ResourceWatch(chart, 'ns-watch', { target: HookTarget.fromReference({ apiVersion: 'v1', kind: 'Namespace', name: 'team-a' }), hub })
    .onDeleted('gone', { triggers: [Trigger.log()] });
  return Testing.synth(chart).filter((o: any) => o.apiVersion === 'argoproj.io/v1alpha1');
}

describe('synthesized Argo Events objects', () => {
  const objects = kitchenSink();

  test('cover EventBus, EventSource and Sensor', () => {
    expect(objects.map((o) => o.kind).sort()).toEqual(['EventBus', 'EventSource', 'Sensor']);
  });

  test('pass the controllers\' validation', () => {
    expect(objects.flatMap((o) => validateManifest(o, { eventBus: objects.find((b) => b.kind === 'EventBus') }))).toEqual([]);
  });

  (schemaAvailable() ? test : test.skip)('match the upstream schema with no unknown fields', () => {
    for (const o of objects) {
      expect([o.kind, validateAgainstSchema(o)]).toEqual([o.kind, []]);
    }
  });
});
