import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import { ArgoEventsVersion, HookHub, HookTarget, ResourceWatch, Trigger, argoevents } from '../../src';
import { unsupportedSensorFields } from '../../src/hooks/argo-events-version';
import { TeamChart, WebChart } from '../../src/example-charts';
import { namespacedChart, objectsOfKind, onlyOfKind, testJob } from '../support/charts';

function webWatch(chart: Chart, id = 'w'): ResourceWatch {
  const web = new kplus.Deployment(chart, `${id}-web`, { metadata: { name: `${id.replace(/_/g, '-')}-web` }, containers: [{ image: 'nginx' }] });
  return new ResourceWatch(chart, id, { target: HookTarget.fromConstruct(web) });
}

describe('ArgoEventsVersion', () => {
  test('parses 1.9.x releases and orders them', () => {
    expect(ArgoEventsVersion.of('v1.9.4').toString()).toBe('1.9.4');
    expect(ArgoEventsVersion.of('1.9.11').atLeast(ArgoEventsVersion.V1_9_8)).toBe(true);
    expect(ArgoEventsVersion.V1_9_7.atLeast(ArgoEventsVersion.V1_9_8)).toBe(false);
    expect(() => ArgoEventsVersion.of('1.10.0')).toThrow(/argoEventsVersion "1.10.0" is not a supported Argo Events release; use one of 1.9.0 to 1.9.11/);
    expect(() => ArgoEventsVersion.of('1.9.12')).toThrow(/not a supported Argo Events release/);
  });

  test('the example app, as synthesized by default, uses nothing newer than 1.9.0 (no empty payload dest)', () => {
    const app = Testing.app();
    const sensors = [new WebChart(app, 'web'), new TeamChart(app, 'team-a')].flatMap((c) => objectsOfKind(c, 'Sensor'));
    expect(sensors.length).toBeGreaterThan(0);
    for (const sensor of sensors) {
      expect(unsupportedSensorFields(sensor.spec, ArgoEventsVersion.V1_9_0)).toEqual([]);
      for (const trigger of sensor.spec.triggers) {
        for (const p of trigger.template.http?.payload ?? []) {
          expect(p.dest).not.toBe('');
        }
      }
    }
  });

  test('a field newer than the declared release fails synthesis, naming the trigger, the field and the option', () => {
    const chart = namespacedChart();
    webWatch(chart).onUpdated('notify', { triggers: [Trigger.http({ url: 'https://example.com/hook' })] });
    const hub = HookHub.of(chart);
    hub.sensor.addTrigger({ template: { name: 'raw', conditions: 'w-notify', http: { url: 'https://example.com', method: 'POST', host: 'example.com' } as any } });
    expect(() => Testing.synth(chart)).toThrow(/trigger "raw" uses http.host, which Argo Events supports from 1.9.8 on, but the hub declares argoEventsVersion 1.9.0; set argoEventsVersion to ArgoEventsVersion.of\('1.9.8'\)/);

    const newer = new Chart(Testing.app(), 'test', { namespace: 'apps' });
    new HookHub(newer, 'hub', { argoEventsVersion: ArgoEventsVersion.V1_9_8 });
    webWatch(newer).onUpdated('notify', { triggers: [Trigger.http({ url: 'https://example.com/hook' })] });
    HookHub.of(newer).sensor.addTrigger({ template: { name: 'raw', conditions: 'w-notify', http: { url: 'https://example.com', method: 'POST', host: 'example.com' } as any } });
    expect(onlyOfKind(newer, 'Sensor').spec.triggers.map((t: any) => t.template.name)).toEqual(['w-notify-http', 'w-notify-event', 'raw']);
  });
});

describe('dependency names Argo Events would merge', () => {
  test('watches whose ids differ only in "-" and "_" get dependency names that stay distinct once "-" reads as "_"', () => {
    const chart = namespacedChart();
    webWatch(chart, 'worker-watch').onUpdated('notify', { triggers: [Trigger.job({ job: testJob() })] });
    webWatch(chart, 'worker_watch').onUpdated('notify', { triggers: [Trigger.job({ job: testJob() })] });
    const sensor = onlyOfKind(chart, 'Sensor');
    const names: string[] = sensor.spec.dependencies.map((d: any) => d.name).filter((n: string) => n.includes('watch'));
    expect(names).toHaveLength(2);
    expect(new Set(names.map((n) => n.replace(/-/g, '_'))).size).toBe(2);
    // Each trigger is conditioned on its own hook's dependency.
    const jobTriggers = sensor.spec.triggers.filter((t: any) => t.template.name.endsWith('-job'));
    expect(jobTriggers.map((t: any) => t.template.conditions)).toEqual(names);
  });

  test('the Argo Events model refuses such names in hand-built Sensors', () => {
    const chart = namespacedChart();
    const sensor = new argoevents.Sensor(chart, 'sensor', { metadata: { name: 's' } });
    sensor.addEventDependency({ name: 'a-b', eventSourceName: 'es', eventName: 'e' });
    expect(() => sensor.addEventDependency({ name: 'a_b', eventSourceName: 'es', eventName: 'e' }))
      .toThrow(/dependency name "a_b" and "a-b" differ only in "-" and "_", which Argo Events treats as the same name/);
  });
});

describe('constructs from any supported cdk8s-plus line, and nothing else', () => {
  /** A construct that presents itself as a class of another cdk8s-plus line, as jsii marks them. */
  class OldPlusJob extends Construct {}
  Object.defineProperty(OldPlusJob, Symbol.for('jsii.rtti'), { value: { fqn: 'cdk8s-plus-22.Job', version: '2.0.0' } });

  test('a Job of an unsupported line is refused, naming the property, the line and what is accepted', () => {
    const chart = namespacedChart();
    const old = new OldPlusJob(chart, 'old');
    new ApiObject(old, 'Resource', { apiVersion: 'batch/v1', kind: 'Job', spec: { template: { spec: { containers: [{ name: 'a', image: 'a' }] } } } });
    expect(() => webWatch(chart).onUpdated('a', { triggers: [Trigger.job({ job: old })] }))
      .toThrow(/test\/w\/a: job is a cdk8s-plus-22 Job \("test\/old"\), from cdk8s-plus-22, which this library does not support; use cdk8s-plus-28\/32\/33\/34 or a plain ApiObject/);
  });

  test('an object that is not a Job where a Job is needed is refused with its kind', () => {
    const chart = namespacedChart();
    const cm = new kplus.ConfigMap(chart, 'cm', { data: { a: 'b' } });
    expect(() => webWatch(chart).onUpdated('a', { triggers: [Trigger.job({ job: cm })] }))
      .toThrow(/test\/w\/a: job is a cdk8s-plus-\d+ ConfigMap \("test\/cm"\) \(v1 ConfigMap\), not a Job; pass a Job from cdk8s-plus \(28, 32, 33, 34\) or an ApiObject of kind Job/);
  });

  test('a plain ApiObject Job and an ApiObject Secret work like cdk8s-plus ones', () => {
    const chart = namespacedChart();
    const job = new ApiObject(chart, 'job', { apiVersion: 'batch/v1', kind: 'Job', spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } } } });
    const token = new ApiObject(chart, 'token', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token' } });
    webWatch(chart).onUpdated('a', { triggers: [Trigger.job({ job }), Trigger.http({ url: 'https://example.com', secretHeaders: [{ name: 'X-Token', secret: token, key: 't' }] })] });
    const triggers = onlyOfKind(chart, 'Sensor').spec.triggers;
    expect(triggers[0].template.k8s.source.resource.spec.template.spec.containers[0].image).toBe('busybox');
    expect(triggers.find((t: any) => t.template.http !== undefined).template.http.secureHeaders).toEqual([{ name: 'X-Token', valueFrom: { secretKeyRef: { name: 'token', key: 't' } } }]);
    // The Job is a template: it is not applied on its own.
    expect(objectsOfKind(chart, 'Job')).toEqual([]);
  });

  test('a Secret property given something else is refused with its kind', () => {
    const chart = namespacedChart();
    const cm = new kplus.ConfigMap(chart, 'cm');
    expect(() => webWatch(chart).onUpdated('a', { triggers: [Trigger.http({ url: 'https://example.com', secretHeaders: [{ name: 'X', secret: cm, key: 'k' }] })] }))
      .toThrow(/secretHeaders\[0\].secret is a cdk8s-plus-\d+ ConfigMap \("test\/cm"\), not a Secret; pass a cdk8s-plus Secret \(also Secret.fromSecretName\) or an ApiObject of kind Secret/);
  });
});
