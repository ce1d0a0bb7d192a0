import { EngineError } from '../../src/engine/errors';
import { ManifestError } from '../../src/simulate/diagnostics';
import { Simulator } from '../../src/simulate/simulator';
import { HttpAction, LogAction } from '../../src/simulate/types';
import { NOW, Obj, deployment, eventSource, imageChanged, sensor, smokeTestTrigger } from './fixtures';

/** A Sensor whose only trigger logs every event of the dependencies given. */
function logSensor(dependencies: Obj[]): Obj {
  return sensor({ dependencies, triggers: [{ template: { name: 'log', conditions: dependencies.map((d) => d.name).join(' || '), log: {} } }] });
}

function loggedData(action: LogAction): Obj {
  return JSON.parse(action.entries[0].data) as Obj;
}

describe('a label-selected watch and relabelled objects', () => {
  const selected = eventSource({ filter: { labels: [{ key: 'hooks', operation: '==', value: 'on' }] } });
  const on = deployment({ labels: { hooks: 'on' }, image: 'web:1' });
  const off = deployment({ labels: { hooks: 'off' }, image: 'web:2', resourceVersion: '101', generation: 2 });

  test('an object that stops matching arrives as DELETE of its previous content with the new resourceVersion', () => {
    const sim = Simulator.fromManifests([selected, logSensor([{ name: 'any', eventSourceName: 'hub', eventName: 'deployments' }])], { now: NOW });
    const result = sim.emit({ type: 'UPDATE', oldObject: on, object: off });
    expect(result.trace[0].event?.eventType).toBe('DELETE');
    const data = loggedData(result.actions[0] as LogAction);
    expect(data).toMatchObject({ type: 'DELETE', oldBody: null });
    expect(data.body).toEqual({ ...on, metadata: { ...(on.metadata as Obj), resourceVersion: '101' } });
  });

  test('filters see the previous content too, so a filter on the label still passes', () => {
    const sim = Simulator.fromManifests([selected, logSensor([{
      name: 'was-on', eventSourceName: 'hub', eventName: 'deployments',
      filters: { data: [{ path: 'body.metadata.labels.hooks', type: 'string', value: ['^on$'] }, { path: 'body.spec.template.spec.containers.0.image', type: 'string', value: ['^web:1$'] }] },
    }])], { now: NOW });
    expect(sim.emit({ type: 'UPDATE', oldObject: on, object: off }).triggers).toEqual(['hub/log']);
  });

  test('an object that starts matching arrives as ADD of its new content', () => {
    const sim = Simulator.fromManifests([selected, logSensor([{ name: 'any', eventSourceName: 'hub', eventName: 'deployments' }])], { now: NOW });
    const back = deployment({ labels: { hooks: 'on' }, image: 'web:3', resourceVersion: '102', generation: 3 });
    const result = sim.emit({ type: 'UPDATE', oldObject: off, object: back });
    expect(result.trace[0].event?.eventType).toBe('ADD');
    expect(loggedData(result.actions[0] as LogAction)).toMatchObject({ type: 'ADD', body: back, oldBody: null });
  });

  test('client-side field filters judge the deletion on the previous content', () => {
    const sim = Simulator.fromManifests([
      eventSource({ filter: { labels: [{ key: 'hooks', operation: '==', value: 'on' }], fields: [{ key: 'spec.template.spec.containers.0.image', operation: '==', value: '^web:1$' }] } }),
      logSensor([{ name: 'any', eventSourceName: 'hub', eventName: 'deployments' }]),
    ], { now: NOW });
    expect(sim.emit({ type: 'UPDATE', oldObject: on, object: off }).trace[0]).toMatchObject({ emitted: true, event: { eventType: 'DELETE' } });
  });
});

describe('gjson key wildcards in Sensors and EventSources', () => {
  // Go encodes the object with sorted keys, so `app` comes before `app.kubernetes.io/name`.
  const labelled = deployment({ labels: { 'app.kubernetes.io/name': 'shop', 'app': 'web' } });

  test('data filters, expr fields and payload keys resolve the first matching key in document order', () => {
    const sim = Simulator.fromManifests([eventSource(), sensor({
      dependencies: [{
        name: 'wild', eventSourceName: 'hub', eventName: 'deployments',
        filters: {
          data: [{ path: 'body.metadata.labels.app*', type: 'string', value: ['^web$'] }],
          exprs: [{ expr: 'name == "shop"', fields: [{ name: 'name', path: 'body.metadata.labels.app\\.kubernetes\\.io/*' }] }],
        },
      }],
      triggers: [{
        template: {
          name: 'notify',
          http: {
            url: 'https://hooks.example.com/',
            payload: [
              { src: { dependencyName: 'wild', dataKey: 'body.metadata.labels.a?p' }, dest: 'app' },
              { src: { dependencyName: 'wild', dataKey: 'body.metadata.labels.app\\.*' }, dest: 'name' },
            ],
          },
        },
      }],
    })], { now: NOW });
    const result = sim.emit({ type: 'ADD', object: labelled });
    expect(result.triggers).toEqual(['hub/notify']);
    expect((result.actions[0] as HttpAction).request?.body).toEqual({ app: 'web', name: 'shop' });
  });

  test('resource EventSource field filters take wildcards too', () => {
    const sim = Simulator.fromManifests([
      eventSource({ filter: { fields: [{ key: 'metadata.labels.app\\.kubernetes\\.io/n*', operation: '==', value: '^shop$' }] } }),
      logSensor([{ name: 'any', eventSourceName: 'hub', eventName: 'deployments' }]),
    ], { now: NOW });
    expect(sim.emit({ type: 'ADD', object: labelled }).triggers).toEqual(['hub/log']);
    expect(sim.emit({ type: 'ADD', object: deployment({ labels: { app: 'web' } }) }).trace[0]).toMatchObject({ emitted: false });
  });
});

describe('filtersLogicalOperator: or with a filter that errors', () => {
  function orSimulator(filters: Obj): Simulator {
    return Simulator.fromManifests([eventSource(), logSensor([{ name: 'either', eventSourceName: 'hub', eventName: 'deployments', filtersLogicalOperator: 'or', filters }])], { now: NOW });
  }
  const missingOldBody = { expr: 'a != b', fields: [{ name: 'a', path: 'body.spec.replicas' }, { name: 'b', path: 'oldBody.spec.replicas' }] };

  test('another kind passing does not save the event: the Sensor drops it and logs the error', () => {
    const sim = orSimulator({ exprs: [missingOldBody], data: [{ path: 'type', type: 'string', value: ['^ADD$'] }] });
    const result = sim.emit({ type: 'ADD', object: deployment() });
    expect(result.triggers).toEqual([]);
    expect(result.trace[0].dependencies[0]).toEqual({
      sensor: 'hub',
      dependency: 'either',
      matched: false,
      reason: 'filter data passed, but another reported an error, and the Sensor discards an event whenever a filter reports one '
        + '(filtersLogicalOperator: or does not change that)',
      error: "expr filter error (path 'oldBody.spec.replicas' does not exist)",
      filters: { exprs: { pass: false, error: "expr filter error (path 'oldBody.spec.replicas' does not exist)" }, data: { pass: true } },
      triggers: [],
    });
  });

  test('without an error, one passing kind is enough', () => {
    const sim = orSimulator({ data: [{ path: 'type', type: 'string', value: ['^DELETE$'] }], context: { type: 'resource' } });
    expect(sim.emit({ type: 'ADD', object: deployment() }).triggers).toEqual(['hub/log']);
  });

  test('an error with nothing passing is reported as a discarded event', () => {
    const sim = orSimulator({ exprs: [missingOldBody], data: [{ path: 'type', type: 'string', value: ['^DELETE$'] }] });
    expect(sim.emit({ type: 'ADD', object: deployment() }).trace[0].dependencies[0]).toMatchObject({
      matched: false, reason: 'a filter reported an error, so the event is discarded',
    });
  });
});

describe('manifests Argo Events accepts but that fail at run time', () => {
  const badExpression: Obj = {
    name: 'bad-expr', eventSourceName: 'hub', eventName: 'deployments',
    filters: { exprs: [{ expr: 'a ==', fields: [{ name: 'a', path: 'body.metadata.name' }] }] },
  };
  const badRegex: Obj = {
    name: 'bad-regex', eventSourceName: 'hub', eventName: 'deployments',
    filters: { data: [{ path: 'body.metadata.name', type: 'string', value: ['[web'] }] },
  };
  const badLua: Obj = {
    name: 'bad-lua', eventSourceName: 'hub', eventName: 'deployments',
    filters: { script: 'return event.body.nope.deeper == 1' },
  };
  const manifests = (): Obj[] => [eventSource(), sensor({
    dependencies: [imageChanged, badExpression, badRegex, badLua],
    triggers: [
      smokeTestTrigger(),
      { template: { name: 'log-bad', conditions: 'bad-expr || bad-regex || bad-lua', log: {} } },
      { template: { name: 'never', conditions: 'image-changed && typo', log: {} } },
    ],
  })];
  const change = { type: 'UPDATE' as const, oldObject: deployment(), object: deployment({ image: 'web:2', generation: 2, resourceVersion: '101' }) };

  test('one bad dependency among good ones: the good ones still fire and each bad one carries its error', () => {
    const sim = Simulator.fromManifests(manifests(), { now: NOW });
    const result = sim.emit(change);
    expect(result.triggers).toEqual(['hub/smoke-test']);
    const deps = Object.fromEntries(result.trace[0].dependencies.map((d) => [d.dependency, d]));
    expect(deps['image-changed']).toMatchObject({ matched: true });
    expect(deps['bad-expr']).toMatchObject({ matched: false, error: expect.stringMatching(/^expr filter error \(/) });
    expect(deps['bad-regex']).toMatchObject({ matched: false, error: 'data filter error (error parsing regexp: missing closing ]: `[web`)' });
    expect(deps['bad-lua']).toMatchObject({ matched: false, error: expect.stringContaining('attempt to index') });
  });

  test('a trigger whose conditions name an unknown dependency is reported as disabled on the dependencies it names', () => {
    const sim = Simulator.fromManifests(manifests(), { now: NOW });
    const traced = sim.emit(change).trace[0].dependencies.find((d) => d.dependency === 'image-changed');
    expect(traced?.triggers).toEqual([
      { trigger: 'smoke-test', result: 'fired' },
      { trigger: 'never', result: 'disabled', reason: expect.stringMatching(/typo.*; the trigger logs the error and never fires$/) },
    ]);
  });

  test('every problem is a runtime diagnostic naming its field', () => {
    const sim = Simulator.fromManifests(manifests(), { now: NOW });
    expect(sim.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.where, d.stage])).toEqual([
      ['Sensor/apps/hub spec.dependencies[1].filters.exprs[0].expr', 'runtime'],
      ['Sensor/apps/hub spec.dependencies[2].filters.data[0].value[0]', 'runtime'],
      ['Sensor/apps/hub spec.triggers[2].template.conditions', 'runtime'],
    ]);
  });

  test('strict refuses the whole input, naming each field', () => {
    let error: unknown;
    try {
      Simulator.fromManifests(manifests(), { strict: true, fileOf: () => 'hub.yaml' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).diagnostics).toHaveLength(3);
    expect((error as Error).message).toContain('error (fails at run time): hub.yaml: Sensor/apps/hub spec.dependencies[2].filters.data[0].value[0]: ');
  });
});

describe('event times', () => {
  test('an event keeps the time it is emitted with', () => {
    const sim = Simulator.fromManifests([eventSource(), logSensor([{ name: 'any', eventSourceName: 'hub', eventName: 'deployments' }])], { now: NOW });
    const result = sim.emit({ type: 'ADD', object: deployment() }, { time: '2024-07-15T12:30:00Z' });
    expect(result.trace[0].event?.time).toBe('2024-07-15T12:30:00Z');
    expect((result.actions[0] as LogAction).entries[0].eventContext.time).toBe('2024-07-15T12:30:00Z');
    expect(sim.now.toISOString()).toBe('2024-07-15T12:30:00.000Z');
  });

  test('a time before the clock is an error, not silently replaced', () => {
    const sim = Simulator.fromManifests([eventSource(), logSensor([{ name: 'any', eventSourceName: 'hub', eventName: 'deployments' }])], { now: NOW });
    expect(() => sim.emit({ type: 'ADD', object: deployment() }, { time: '2024-07-15T11:00:00Z' }))
      .toThrow(new EngineError('time 2024-07-15T11:00:00Z is before the simulated clock 2024-07-15T12:00:00Z: the clock never goes back '
        + '(start the simulator with `now` at or before the first event)'));
  });
});
