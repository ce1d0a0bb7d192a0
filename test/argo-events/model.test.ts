import { Testing } from 'cdk8s';
import { argoevents } from '../../src';
import { namespacedChart } from '../support/charts';

describe('EventSource', () => {
  test('renders lazily: events added after construction are synthesized', () => {
    const chart = namespacedChart();
    const es = new argoevents.EventSource(chart, 'es', { metadata: { name: 'es' }, spec: { eventBusName: 'bus' } });
    es.addResourceEvent('pods', { namespace: 'apps', group: '', version: 'v1', resource: 'pods', eventTypes: [argoevents.ResourceEventType.ADD] });
    expect(Testing.synth(chart)[0]).toEqual({
      apiVersion: 'argoproj.io/v1alpha1', kind: 'EventSource', metadata: { name: 'es', namespace: 'apps' },
      spec: { eventBusName: 'bus', resource: { pods: { namespace: 'apps', group: '', version: 'v1', resource: 'pods', eventTypes: ['ADD'] } } },
    });
    expect(es.resourceEventNames).toEqual(['pods']);
  });

  test('fails on a duplicate event name', () => {
    const es = new argoevents.EventSource(namespacedChart(), 'es');
    const spec = { namespace: 'a', group: '', version: 'v1', resource: 'pods', eventTypes: [argoevents.ResourceEventType.ADD] };
    es.addResourceEvent('x', spec);
    expect(() => es.addResourceEvent('x', spec)).toThrow(/test\/es: event name "x" is already used/);
  });
});

describe('Sensor', () => {
  test('renders dependencies and triggers added after construction', () => {
    const chart = namespacedChart();
    const sensor = new argoevents.Sensor(chart, 's', { metadata: { name: 's' } });
    sensor.addEventDependency({ name: 'd', eventSourceName: 'es', eventName: 'e' });
    sensor.addTrigger({ template: { name: 't', conditions: 'd', log: {} } });
    expect(Testing.synth(chart)[0].spec).toEqual({
      dependencies: [{ name: 'd', eventSourceName: 'es', eventName: 'e' }],
      triggers: [{ template: { name: 't', conditions: 'd', log: {} } }],
    });
    expect([sensor.dependencyCount, sensor.triggerCount]).toEqual([1, 1]);
  });

  test('fails on a duplicate trigger name', () => {
    const sensor = new argoevents.Sensor(namespacedChart(), 's', { spec: { triggers: [{ template: { name: 't', log: {} } }] } });
    expect(() => sensor.addTrigger({ template: { name: 't', log: {} } })).toThrow(/trigger name "t" is already used/);
  });
});

describe('EventBus', () => {
  test.each([[2], [0], [-1], [1.5]])('fails on %p replicas', (replicas) => {
    expect(() => new argoevents.EventBus(namespacedChart(), 'bus', { spec: { jetstream: { version: '2.10.29', replicas } } }))
      .toThrow(/spec.jetstream.replicas .* is rejected by the Argo Events controller/);
  });

  test('fails on an empty version', () => {
    expect(() => new argoevents.EventBus(namespacedChart(), 'bus', { spec: { jetstream: { version: ' ' } } })).toThrow(/spec.jetstream.version is empty/);
  });
});
