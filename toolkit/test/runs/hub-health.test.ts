import { HubObjects, eventSourceNamesOf, hubHealth, podSelector, podState } from '../../src/runs/hub-health';
import {
  BUS_CONDITIONS, NOW, condition, controllerPod, eventSourcePod, jetStreamBus, scenario, sensorPod,
} from './cluster-scenario';

const now = NOW.getTime();
const cluster = scenario();
const sensorNamed = (name: string): any => cluster.sensors.find((o) => o.metadata.name === name);

function objects(overrides: Partial<HubObjects> = {}): HubObjects {
  return {
    namespace: 'team-a',
    name: 'team-a-hooks',
    sensor: sensorNamed('team-a-hooks'),
    sensorsRead: true,
    eventSources: cluster.eventSources.filter((o) => o.metadata.namespace === 'team-a'),
    eventBuses: cluster.eventBuses.filter((o) => o.metadata.namespace === 'team-a'),
    pods: cluster.pods.filter((o) => o.metadata.namespace === 'team-a'),
    ...overrides,
  };
}

test('a healthy hub: every condition True, every pod ready', () => {
  const health = hubHealth(objects());
  expect(health.healthy).toBe(true);
  expect(health.problems).toEqual([]);
  expect(health.components.map((c) => [c.kind, c.name, c.ready, c.pods?.length])).toEqual([
    ['EventSource', 'team-a-hooks', true, 1],
    ['Sensor', 'team-a-hooks', true, 1],
    ['EventBus', 'default', true, 3],
  ]);
  expect(health.components[1].conditions.map((c) => `${c.type}=${c.status}`)).toEqual(['Deployed=True', 'DependenciesProvided=True', 'TriggersProvided=True']);
});

test('a Sensor pod in CrashLoopBackOff', () => {
  const pods = [
    ...(objects().pods as any[]).filter((p) => p.metadata.labels.controller !== 'sensor-controller'),
    sensorPod('team-a', 'team-a-hooks', '6a7b8c9d0-t5v6w', now - 40 * 60_000, { restarts: 7 }),
  ];
  const health = hubHealth(objects({ pods }));
  expect(health.healthy).toBe(false);
  expect(health.problems).toEqual(['Sensor pod team-a-hooks-sensor-6a7b8c9d0-t5v6w is not ready: CrashLoopBackOff, 7 restarts']);
  expect(health.components[1].pods).toEqual([{ name: 'team-a-hooks-sensor-6a7b8c9d0-t5v6w', phase: 'Running', ready: false, restarts: 7, reason: 'CrashLoopBackOff' }]);
});

test('conditions that are not True, a missing EventBus, no EventSource pod', () => {
  const sensor = { ...sensorNamed('team-a-hooks'), status: { conditions: [condition('Deployed', 'False', 'DeployFailed', 'eventbus "default" not found'), condition('DependenciesProvided'), condition('TriggersProvided')] } };
  const health = hubHealth(objects({
    sensor,
    eventBuses: [],
    pods: (objects().pods as any[]).filter((p) => p.metadata.labels.controller === 'sensor-controller'),
  }));
  expect(health.healthy).toBe(false);
  expect(health.problems).toEqual([
    'EventSource team-a-hooks has no pod (none labelled controller=eventsource-controller,eventsource-name=team-a-hooks)',
    'Sensor team-a-hooks: Deployed is False (DeployFailed: eventbus "default" not found)',
    'EventBus default not found in namespace team-a',
  ]);
});

test('an object without status yet', () => {
  const sensor = { ...sensorNamed('team-a-hooks'), status: {} };
  expect(hubHealth(objects({ sensor })).problems).toEqual(['Sensor team-a-hooks has no status conditions yet (is the Argo Events controller running?)']);
});

test('what could not be read makes the health unknown, not bad', () => {
  const health = hubHealth(objects({ pods: undefined, eventBuses: undefined }));
  expect(health.healthy).toBeNull();
  expect(health.problems).toEqual([]);
  expect(health.components.map((c) => [c.kind, c.found, c.pods])).toEqual([['EventSource', true, null], ['Sensor', true, null], ['EventBus', null, null]]);
  // …but a problem that was seen still counts.
  expect(hubHealth(objects({ pods: undefined, sensor: undefined })).healthy).toBe(false);
});

test('an exotic EventBus runs no pods in the namespace', () => {
  const ci = hubHealth({
    namespace: 'ci',
    name: 'build-on-push',
    sensor: cluster.sensors.find((s) => s.metadata.name === 'build-on-push'),
    sensorsRead: true,
    eventSources: cluster.eventSources.filter((o) => o.metadata.namespace === 'ci'),
    eventBuses: cluster.eventBuses.filter((o) => o.metadata.namespace === 'ci'),
    pods: cluster.pods.filter((o) => o.metadata.namespace === 'ci'),
  });
  expect(ci.healthy).toBe(true);
  expect(ci.components.map((c) => [c.kind, c.name, c.podsExpected, c.pods?.length ?? null])).toEqual([
    ['EventSource', 'github', true, 1], ['Sensor', 'build-on-push', true, 1], ['EventBus', 'external', false, null],
  ]);
});

test('a hub whose Sensor is missing: its EventSource of the same name and the default bus are still checked', () => {
  const health = hubHealth({
    namespace: 'web', name: 'web-hooks', sensor: undefined, sensorsRead: true,
    eventSources: [], eventBuses: [jetStreamBus('web', BUS_CONDITIONS)], pods: [],
  });
  expect(health.components.map((c) => `${c.kind} ${c.name}`)).toEqual(['EventSource web-hooks', 'Sensor web-hooks', 'EventBus default']);
  expect(health.problems).toEqual([
    'EventSource web-hooks not found in namespace web',
    'Sensor web-hooks not found in namespace web',
    'EventBus default has no pod (none labelled controller=eventbus-controller,eventbus-name=default)',
  ]);
});

test('eventSourceNamesOf: the EventSources the dependencies name', () => {
  expect(eventSourceNamesOf('h', { spec: { dependencies: [{ eventSourceName: 'a' }, { eventSourceName: 'b' }, { eventSourceName: 'a' }] } })).toEqual(['a', 'b']);
  expect(eventSourceNamesOf('h', undefined)).toEqual(['h']);
});

test('podState: the reason a container is not running', () => {
  const pending = controllerPod({ name: 'p', namespace: 'n', labels: {}, started: now });
  pending.status = {
    phase: 'Pending',
    conditions: [{ type: 'Ready', status: 'False' }],
    containerStatuses: [{ name: 'main', restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }],
  };
  expect(podState(pending)).toEqual({ name: 'p', phase: 'Pending', ready: false, restarts: 0, reason: 'ImagePullBackOff' });
  pending.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] };
  expect(podState(pending).reason).toBe('Pending');
  const running = eventSourcePod('n', 'es', 'a-b', now);
  running.status.initContainerStatuses = [{ name: 'init', restartCount: 0, state: { terminated: { reason: 'Completed', exitCode: 0 } } }];
  expect(podState(running)).toMatchObject({ ready: true, reason: null });
  expect(podSelector('Sensor', 'x')).toBe('controller=sensor-controller,sensor-name=x');
});
