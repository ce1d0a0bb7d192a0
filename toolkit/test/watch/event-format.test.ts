import { Simulator } from '../../src/simulate/simulator';
import { WatchedEvent, formatEventJson, formatEventText } from '../../src/watch/event-format';
import { START, configMap, deployment, hubManifests } from './watch-fixtures';

function watched(origin: WatchedEvent['origin'], change: WatchedEvent['change']): WatchedEvent {
  const simulator = Simulator.fromManifests(hubManifests(), { now: START, startTime: START });
  return { change, origin, time: new Date(START), result: simulator.emit(change) };
}

test('a change that fires names each trigger with its kind and outcome', () => {
  const event = watched('watch', { type: 'ADD', object: configMap('settings', '7') });
  expect(formatEventText(event)).toBe('ADD ConfigMap/web/settings (rv 7): hub/log-settings (log, logged)');
});

test('a change that fires nothing says why it was not published', () => {
  const event = watched('list', { type: 'ADD', object: deployment('web', '5') });
  expect(formatEventText(event)).toBe(
    'ADD Deployment/web/web (rv 5, initial list): no trigger (not published: filter.afterStart: event time 2024-01-01T00:00:00Z '
    + '(from creationTimestamp) is before the EventSource start 2024-07-15T12:00:00Z)',
  );
});

test('a published change no dependency takes is just "no trigger"', () => {
  const manifests = hubManifests();
  manifests[1].spec.dependencies[1].filters = { data: [{ path: 'body.data.k', type: 'string', value: ['^other$'] }] };
  const simulator = Simulator.fromManifests(manifests, { now: START, startTime: START });
  const change = { type: 'ADD' as const, object: configMap('settings', '7') };
  const text = formatEventText({ change, origin: 'relist', time: new Date(START), result: simulator.emit(change) });
  expect(text).toBe('ADD ConfigMap/web/settings (rv 7, relist): no trigger');
});

test('an object no EventSource event watches', () => {
  const change = { type: 'ADD' as const, object: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'web' } } };
  expect(formatEventText(watched('watch', change))).toBe('ADD Secret/web/s (rv ?): no trigger (no EventSource event watches it)');
});

test('JSON lines carry the object identity, the triggers, the actions and the trace', () => {
  const line = formatEventJson(watched('watch', { type: 'ADD', object: configMap('settings', '7') }));
  expect(line).not.toContain('\n');
  const parsed = JSON.parse(line);
  expect(parsed).toMatchObject({
    time: '2024-07-15T12:00:00.000Z',
    type: 'ADD',
    origin: 'watch',
    object: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'web', name: 'settings', uid: 'uid-settings', resourceVersion: '7' },
    triggers: ['hub/log-settings'],
  });
  expect(parsed.actions).toEqual([expect.objectContaining({ kind: 'log', sensor: 'hub', trigger: 'log-settings', outcome: 'logged' })]);
  expect(parsed.trace).toEqual([expect.objectContaining({ eventSource: 'hub', eventName: 'settings', emitted: true })]);
});

test('a failing action carries its error', () => {
  const manifests = hubManifests();
  manifests[1].spec.triggers[1] = {
    template: {
      name: 'make-job',
      conditions: 's',
      k8s: { operation: 'create', source: { resource: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'fixed', namespace: 'web' }, spec: {} } } },
    },
  };
  const simulator = Simulator.fromManifests(manifests, { now: START, startTime: START });
  simulator.emit({ type: 'ADD', object: configMap('a', '1') });
  const change = { type: 'ADD' as const, object: configMap('b', '2') };
  const text = formatEventText({ change, origin: 'watch', time: new Date(START), result: simulator.emit(change) });
  expect(text).toBe('ADD ConfigMap/web/b (rv 2): hub/make-job (k8s, already-exists: jobs.batch "fixed" already exists)');
});
