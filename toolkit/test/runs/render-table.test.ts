import { RunsQuery, Snapshot, buildReport } from '../../src/runs/report';
import { TABLE_WIDTH, renderTable } from '../../src/runs/render-table';
import { NOW, Scenario, WEB, condition, hookEvent, hookJob, listing, scenario, snapshotOf } from './cluster-scenario';

const MINUTE = 60_000;
const now = NOW.getTime();

function render(cluster: Scenario, query: Partial<RunsQuery> = {}, overrides: Partial<Snapshot> = {}): string {
  const snapshot: Snapshot = { ...snapshotOf(cluster), ...overrides };
  return renderTable(buildReport(snapshot, { sinceMs: 24 * 60 * MINUTE, limit: 5, now: NOW, ...query }, { context: 'kind-dev', server: 'https://k' }));
}

/** The lines of the block that starts with `first` and ends before the next blank line. */
function block(text: string, first: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(first);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = lines.indexOf('', start);
  return lines.slice(start, end < 0 ? undefined : end);
}

test('an Argo CD sync hook: a long change is cut to fit 100 columns, the run name never', () => {
  const cluster = scenario();
  const app = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', namespace: 'argocd', name: 'team-a-web-frontend', uid: 'uid-app' };
  const sync = { hub: 'team-a-hooks', hook: 'settings-watch-apply-settings', trigger: 'settings-watch-apply-settings-job', target: app };
  cluster.jobs = [
    hookJob({ ...sync, name: 'settings-watch-apply-settings-1f2e3d4c5b', fired: now - 20 * MINUTE,
      change: 'revision 3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39 finishedAt 2026-11-22T10:09:58Z',
      state: { phase: 'succeeded', started: now - 20 * MINUTE + 1000, took: 12_000 } }),
    hookJob({ ...sync, name: 'settings-watch-apply-settings-6a7b8c9d0e', fired: now - 80 * MINUTE,
      change: 'revision 9e8d7c6 finishedAt 2026-11-22T09:09:58Z',
      state: { phase: 'succeeded', started: now - 80 * MINUTE + 1000, took: 14_000 } }),
  ];
  // Argo CD sync hooks have no target uid, so no owner: the annotation names the Application.
  for (const job of cluster.jobs) {
    delete job.metadata.ownerReferences;
  }
  const text = render(cluster, { hub: 'team-a-hooks' });
  expect(block(text, '  HOOK settings-watch-apply-settings  on Application argocd/team-a-web-frontend')).toEqual([
    '  HOOK settings-watch-apply-settings  on Application argocd/team-a-web-frontend',
    '    AGE  CHANGE                    RUN                                           STATUS     DURATION',
    '    20m  revision 3f2a9c1d8e7b...  job/settings-watch-apply-settings-1f2e3d4c5b  succeeded  12s',
    '    80m  revision 9e8d7c6 fini...  job/settings-watch-apply-settings-6a7b8c9d0e  succeeded  14s',
  ]);
  expect(Math.max(...text.split('\n').map((l) => l.length))).toBe(TABLE_WIDTH);
});

test('runs about several objects, or in another namespace than their target, say so under the run', () => {
  const cluster = scenario();
  const api = { ...WEB, name: 'api', uid: 'uid-api' };
  const smoke = { hub: 'web-hooks', hook: 'web-watch-smoke-test', trigger: 'web-watch-smoke-test-job', change: 'generation 2' };
  const elsewhere = hookJob({ ...smoke, target: WEB, name: 'web-watch-smoke-test-elsewhere', fired: now - 30 * MINUTE, state: { phase: 'succeeded', started: now - 30 * MINUTE, took: 5000 } });
  elsewhere.metadata.namespace = 'web-tests';
  cluster.jobs = [
    hookJob({ ...smoke, target: api, name: 'web-watch-smoke-test-api', fired: now - 20 * MINUTE, state: { phase: 'succeeded', started: now - 20 * MINUTE, took: 5000 } }),
    elsewhere,
  ];
  cluster.events = [];
  expect(block(render(cluster, { hook: 'web-watch-smoke-test' }), '  HOOK web-watch-smoke-test')).toEqual([
    '  HOOK web-watch-smoke-test',
    '    AGE  CHANGE        RUN                                 STATUS     DURATION',
    '    20m  generation 2  job/web-watch-smoke-test-api        succeeded  5s',
    '         on Deployment web/api',
    '    30m  generation 2  job/web-watch-smoke-test-elsewhere  succeeded  5s',
    '         on Deployment web/web',
    '         in namespace web-tests',
  ]);
});

test('more Events than --limit', () => {
  const cluster = scenario();
  cluster.events = [1, 2, 3].map((i) => hookEvent({ hub: 'web-hooks', hook: 'web-watch-purge-cdn', type: 'Warning', reason: 'HookFailed', target: WEB,
    first: now - i * 10 * MINUTE, message: `failure ${i}` }));
  expect(block(render(cluster, { hook: 'web-watch-purge-cdn', limit: 2 }), '  HOOK web-watch-purge-cdn  on Deployment web/web')).toEqual([
    '  HOOK web-watch-purge-cdn  on Deployment web/web',
    '    no Job or Workflow in the last 24h',
    '    10m  HookFailed: failure 1',
    '    20m  HookFailed: failure 2',
    '    ... 1 older event in the last 24h not shown (--limit 2)',
  ]);
});

test('a hub of unknown namespace, a hub whose components are missing or not ready', () => {
  const cluster = scenario();
  cluster.sensors = cluster.sensors.filter((s) => s.metadata.name !== 'web-hooks');
  const bus = cluster.eventBuses.find((b) => b.metadata.namespace === 'team-a');
  bus.status.conditions = [condition('Configured'), condition('Deployed', 'False', 'DeployFailed', 'statefulset "eventbus-default-js" not ready')];
  cluster.eventSources = cluster.eventSources.filter((e) => e.metadata.namespace !== 'team-a');
  const text = render(cluster);
  expect(block(text, 'HUB team-a/team-a-hooks: DEGRADED')).toEqual([
    'HUB team-a/team-a-hooks: DEGRADED',
    '  EventSource  team-a-hooks  not found',
    '  Sensor       team-a-hooks  pods 1/1 ready  conditions ok',
    '  EventBus     default       pods 3/3 ready  Deployed=False',
    '  ! EventSource team-a-hooks not found in namespace team-a',
    '  ! EventBus default: Deployed is False (DeployFailed: statefulset "eventbus-default-js" not ready)',
  ]);
  expect(block(text, 'HUB web-hooks: no Sensor of this name found where runs were read, health unknown')).toHaveLength(1);
  expect(text).toContain('HUB web-hooks: no Sensor of this name found where runs were read, health unknown\n\n  HOOK web-watch-purge-cdn  on Deployment web/web\n');
});

test('what could not be read: in the hub lines and at the end', () => {
  const text = render(scenario(), { hub: 'team-a-hooks' }, {
    eventSources: listing(scenario().eventSources, ['team-a']),
    unreadable: [{ resource: 'eventsources.argoproj.io', namespace: 'team-a', problem: 'forbidden', message: 'no' }],
  });
  expect(block(text, 'HUB team-a/team-a-hooks: health unknown')).toEqual([
    'HUB team-a/team-a-hooks: health unknown',
    '  EventSource  team-a-hooks  could not be read',
    '  Sensor       team-a-hooks  pods 1/1 ready     conditions ok',
    '  EventBus     default       pods 3/3 ready     conditions ok',
  ]);
  expect(text.endsWith('\nNot shown, could not be read: eventsources.argoproj.io in team-a (forbidden).\n')).toBe(true);
});

test('nothing found', () => {
  const empty: Scenario = { namespaces: [], jobs: [], workflows: [], events: [], pods: [], sensors: [], eventSources: [], eventBuses: [] };
  expect(render(empty, { namespaces: ['web'] })).toBe('Hook runs in the last 24h (since 2026-11-21T10:30:00Z), namespace web, context kind-dev\n\n'
    + 'No Sensor, hook run or hook Event found.\n');
});
