import { RunsQuery, Snapshot, buildReport, hubNamespaces, reportHubs } from '../../src/runs/report';
import { parseTargetFilter } from '../../src/runs/target';
import { NOW, Scenario, WEB, hookJob, listing, scenario, snapshotOf } from './cluster-scenario';

const HOUR = 3_600_000;
const now = NOW.getTime();

function snapshot(cluster: Scenario = scenario()): Snapshot {
  return snapshotOf(cluster);
}

const query = (overrides: Partial<RunsQuery> = {}): RunsQuery => ({ sinceMs: 24 * HOUR, limit: 5, now: NOW, ...overrides });

/** `hub: hook [runs] {events}` per hook, to compare the shape of a report at a glance. */
function outline(hubs: ReturnType<typeof reportHubs>): string[] {
  return hubs.flatMap((hub) => hub.hooks.map((hook) => `${hub.namespace ?? '?'}/${hub.name}: ${hook.name} `
    + `[${hook.runs.map((r) => `${r.name} ${r.status}`).join(', ')}${hook.moreRuns > 0 ? ` +${hook.moreRuns}` : ''}] `
    + `{${hook.events.map((e) => `${e.reason}${e.run !== null ? `>${e.run}` : ''}`).join(', ')}${hook.moreEvents > 0 ? ` +${hook.moreEvents}` : ''}}`));
}

test('every hub with every hook, its runs of the last 24 h and its Events', () => {
  expect(outline(reportHubs(snapshot(), query()))).toEqual([
    // A hand-written Sensor: the runs carry Argo Events' labels only; the trigger's condition names the hook.
    'ci/build-on-push: push [build-x7k2p running, build-m4q8d succeeded] {}',
    'team-a/team-a-hooks: settings-watch-apply-settings [] {}',
    // Its Job ran in namespace team-b, yet belongs to the hub in team-a; the Event naming it is left out.
    'team-a/team-a-hooks: team-b-watch-apply-settings [team-b-watch-apply-settings-5e6f7a8b9c succeeded] {}',
    'web/web-hooks: web-watch-purge-cdn [] {HookFailed, HookTriggered}',
    'web/web-hooks: web-watch-smoke-test [web-watch-smoke-test-3f2a9c1e0b running, web-watch-smoke-test-0c1d2e3f4a failed, '
      + 'web-watch-smoke-test-9a8b7c6d5e succeeded] {HookFailed>web-watch-smoke-test-0c1d2e3f4a}',
  ]);
});

test('--since widens the window; a run still going is shown however old', () => {
  expect(outline(reportHubs(snapshot(), query({ sinceMs: 7 * 24 * HOUR, hook: 'web-watch-smoke-test' })))[0]).toContain('web-watch-smoke-test-77aa01bc2d succeeded');
  const cluster = scenario();
  cluster.jobs.push(hookJob({ hub: 'web-hooks', hook: 'web-watch-smoke-test', trigger: 'web-watch-smoke-test-job', target: WEB,
    name: 'web-watch-smoke-test-stuck', fired: now - 50 * HOUR, change: 'generation 3', state: { phase: 'running', started: now - 50 * HOUR } }));
  const [smoke] = reportHubs(snapshot(cluster), query({ sinceMs: HOUR, hook: 'web-watch-smoke-test' }))[0].hooks;
  expect(smoke.runs.map((r) => r.name)).toEqual(['web-watch-smoke-test-3f2a9c1e0b', 'web-watch-smoke-test-stuck']);
  expect(smoke.runs[1].durationSeconds).toBe(50 * 3600);
});

test('--limit keeps the most recent runs and Events; a HookTriggered Event of a run left out stays', () => {
  const [smoke] = reportHubs(snapshot(), query({ limit: 1, hook: 'web-watch-smoke-test' }))[0].hooks;
  expect(smoke.runs.map((r) => r.name)).toEqual(['web-watch-smoke-test-3f2a9c1e0b']);
  expect(smoke.moreRuns).toBe(2);
  // The HookFailed of the failed run (2 h ago) is newer than the HookTriggered of that run.
  expect(smoke.events.map((e) => `${e.reason} ${e.run}`)).toEqual(['HookFailed web-watch-smoke-test-0c1d2e3f4a']);
  expect(smoke.moreEvents).toBe(1);
});

test('--hook, --hub and --target narrow the hubs to those with matching hooks', () => {
  expect(outline(reportHubs(snapshot(), query({ hook: 'push' })))).toEqual(['ci/build-on-push: push [build-x7k2p running, build-m4q8d succeeded] {}']);
  expect(reportHubs(snapshot(), query({ hub: 'web-hooks' })).map((h) => h.name)).toEqual(['web-hooks']);
  expect(outline(reportHubs(snapshot(), query({ target: parseTargetFilter('configmap/team-b-settings') })))).toEqual([
    'team-a/team-a-hooks: team-b-watch-apply-settings [team-b-watch-apply-settings-5e6f7a8b9c succeeded] {}',
  ]);
  expect(reportHubs(snapshot(), query({ target: parseTargetFilter('deployments/web') })).flatMap((h) => h.hooks.map((k) => k.name)))
    .toEqual(['web-watch-purge-cdn', 'web-watch-smoke-test']);
  expect(reportHubs(snapshot(), query({ hook: 'no-such-hook' }))).toEqual([]);
  // Without --hook or --target, a hub is shown even when nothing ran.
  expect(reportHubs(snapshot(), query({ hub: 'team-a-hooks', sinceMs: 1000 }))[0].hooks.map((h) => h.runs.length)).toEqual([0, 0]);
});

test('Sensors of the same name in two namespaces: the runs go to the one in their namespace, else to the one with their trigger', () => {
  const cluster = scenario();
  const original = cluster.sensors.find((s) => s.metadata.name === 'team-a-hooks');
  const twin = {
    ...original,
    metadata: { ...original.metadata, namespace: 'team-c' },
    spec: { ...original.spec, dependencies: [{ name: 'other', eventSourceName: 'team-a-hooks', eventName: 'x' }], triggers: [{ template: { name: 'other-job', conditions: 'other' } }] },
  };
  cluster.sensors.push(twin);
  cluster.jobs.push(hookJob({ hub: 'team-a-hooks', hook: 'other', trigger: 'other-job', target: { ...WEB, namespace: 'team-c', name: 'c' },
    name: 'other-1', fired: now - HOUR, change: 'generation 2', state: { phase: 'succeeded', started: now - HOUR, took: 1000 } }));
  // In neither namespace, but created by a trigger only the twin has.
  cluster.jobs.push(hookJob({ hub: 'team-a-hooks', hook: 'other', trigger: 'other-job', target: { ...WEB, namespace: 'team-e', name: 'e' },
    name: 'other-2', fired: now - 2 * HOUR, change: 'generation 1', state: { phase: 'succeeded', started: now - 2 * HOUR, took: 1000 } }));
  // Neither in the namespace of either Sensor nor a trigger of one: the hub is not certain.
  cluster.jobs.push(hookJob({ hub: 'team-a-hooks', hook: 'gone', trigger: 'gone-job', target: { ...WEB, namespace: 'team-d', name: 'd' },
    name: 'gone-1', fired: now - HOUR, change: 'generation 2', state: { phase: 'succeeded', started: now - HOUR, took: 1000 } }));
  const hubs = reportHubs(snapshot(cluster), query({ hub: 'team-a-hooks' }));
  expect(outline(hubs)).toEqual([
    'team-a/team-a-hooks: settings-watch-apply-settings [] {}',
    'team-a/team-a-hooks: team-b-watch-apply-settings [team-b-watch-apply-settings-5e6f7a8b9c succeeded] {}',
    'team-c/team-a-hooks: other [other-1 succeeded, other-2 succeeded] {}',
    '?/team-a-hooks: gone [gone-1 succeeded] {}',
  ]);
  expect(hubs.map((h) => [h.namespace, h.health === null])).toEqual([['team-a', false], ['team-c', false], [null, true]]);
});

test('runs whose Sensor was not read: a hub of unknown namespace, without health', () => {
  const cluster = scenario();
  const hubs = reportHubs({ ...snapshot(cluster), sensors: listing([]) }, query({ hub: 'web-hooks' }));
  expect(hubs.map((h) => [h.name, h.namespace, h.health])).toEqual([['web-hooks', null, null]]);
  expect(hubs[0].hooks.map((h) => h.name)).toEqual(['web-watch-purge-cdn', 'web-watch-smoke-test']);
  // Pods are read where Sensors are: nowhere here.
  expect(hubNamespaces({ ...snapshot(cluster), sensors: listing([]) }, query())).toEqual([]);
  expect(hubNamespaces(snapshot(cluster), query())).toEqual(['ci', 'team-a', 'web']);
});

test('a trigger of a hand-written Sensor with a compound condition is its own hook', () => {
  const cluster = scenario();
  const sensor = cluster.sensors.find((s) => s.metadata.name === 'build-on-push');
  sensor.spec = {
    ...sensor.spec,
    dependencies: [...sensor.spec.dependencies, { name: 'tag', eventSourceName: 'github', eventName: 'acme-tags' }],
    triggers: [{ template: { name: 'build', conditions: 'push || tag' } }],
  };
  expect(outline(reportHubs(snapshot(cluster), query({ hub: 'build-on-push' })))).toEqual([
    'ci/build-on-push: push [] {}',
    'ci/build-on-push: tag [] {}',
    'ci/build-on-push: build [build-x7k2p running, build-m4q8d succeeded] {}',
  ]);
});

test('the hub health uses only what could be read in its namespace', () => {
  const hubs = reportHubs({ ...snapshot(), pods: listing(scenario().pods, ['web']) }, query({ hub: 'web-hooks' }));
  expect(hubs[0].health).toMatchObject({ healthy: null, problems: [] });
});

test('buildReport: the JSON document', () => {
  const report = buildReport({ ...snapshot(), unreadable: [
    { resource: 'pods', namespace: 'web', problem: 'forbidden', message: 'no' },
    { resource: 'jobs.batch', namespace: 'team-b', problem: 'forbidden', message: 'no' },
  ] }, query({ namespaces: ['web', 'team-a'], hub: 'web-hooks', target: parseTargetFilter('Deployment/web') }), { context: 'kind-dev', server: 'https://127.0.0.1:6443' });
  expect({ ...report, hubs: report.hubs.map((h) => h.name) }).toEqual({
    context: 'kind-dev',
    server: 'https://127.0.0.1:6443',
    time: '2026-11-22T10:30:00Z',
    since: '2026-11-21T10:30:00Z',
    namespaces: ['web', 'team-a'],
    filters: { hub: 'web-hooks', hook: null, target: 'Deployment/web', limit: 5 },
    hubs: ['web-hooks'],
    unreadable: [
      { resource: 'jobs.batch', namespace: 'team-b', problem: 'forbidden', message: 'no' },
      { resource: 'pods', namespace: 'web', problem: 'forbidden', message: 'no' },
    ],
  });
  expect(report.hubs[0].hooks[1].events[0]).toEqual({
    type: 'Warning',
    reason: 'HookFailed',
    time: '2026-11-22T08:24:32Z',
    count: 1,
    message: 'hook web-watch-smoke-test: Job web/web-watch-smoke-test-0c1d2e3f4a failed: BackoffLimitExceeded',
    target: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'web', name: 'web' },
    namespace: 'web',
    name: expect.stringMatching(/^web\.18a7c2f1e3b4/),
    run: 'web-watch-smoke-test-0c1d2e3f4a',
  });
});
