import { ClusterReader, describeUnreadable } from '../../src/runs/cluster-reader';
import { EVENTS, JOBS, PODS, WORKFLOWS } from '../../src/runs/resources';
import { UnreachableError } from '../../src/watch/errors';
import { FakeKubeApi } from '../watch/fake-kube-api';
import { HttpResourceClient } from './http-resource-client';
import { scenario, serveScenario } from './cluster-scenario';

const cluster = scenario();
let api: FakeKubeApi;
let client: HttpResourceClient;

beforeEach(async () => {
  api = await FakeKubeApi.start();
  client = new HttpResourceClient(api.url);
  serveScenario(api, cluster);
});

afterEach(async () => {
  await api.close();
});

const names = (items: readonly any[]): string[] => items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort();
const paths = (): string[] => api.requests.map((r) => `${r.path}${r.query.has('labelSelector') ? `?${r.query.get('labelSelector')}` : ''}`);

test('all namespaces in one list, filtered by the label selector on the server', async () => {
  const reader = new ClusterReader(client, undefined);
  const jobs = await reader.list(JOBS, 'events.argoproj.io/sensor=web-hooks');
  expect(names(jobs.items)).toEqual([
    'web/web-watch-smoke-test-0c1d2e3f4a', 'web/web-watch-smoke-test-3f2a9c1e0b', 'web/web-watch-smoke-test-77aa01bc2d', 'web/web-watch-smoke-test-9a8b7c6d5e',
  ]);
  expect(jobs.readable('anywhere')).toBe(true);
  expect(paths()).toEqual(['/apis/batch/v1/jobs?events.argoproj.io/sensor=web-hooks']);
  expect(reader.unreadable).toEqual([]);
  expect(reader.everythingRefused).toBe(false);
});

test('the namespaces given, one list each', async () => {
  const reader = new ClusterReader(client, ['web', 'team-b']);
  const events = await reader.list(EVENTS, 'resource-hooks.cdk8s.io/hook');
  expect(events.items.map((e) => e.reason).sort()).toEqual(['HookFailed', 'HookFailed', 'HookTriggered', 'HookTriggered', 'HookTriggered', 'HookTriggered']);
  expect(paths().sort()).toEqual(['/api/v1/namespaces/team-b/events?resource-hooks.cdk8s.io/hook', '/api/v1/namespaces/web/events?resource-hooks.cdk8s.io/hook']);
});

test('refused for all namespaces: namespace by namespace, saying which could not be read', async () => {
  api.forbid('/apis/batch/v1/jobs');
  api.forbid('/apis/batch/v1/namespaces/team-b/jobs');
  api.forbid('/apis/batch/v1/namespaces/kube-system/jobs');
  const reader = new ClusterReader(client, undefined);
  const jobs = await reader.list(JOBS, 'events.argoproj.io/sensor');
  expect(names(jobs.items)).toHaveLength(4);
  expect(jobs.readable('web')).toBe(true);
  expect(jobs.readable('team-b')).toBe(false);
  expect(reader.unreadable.map((u) => [u.resource, u.namespace, u.problem]).sort()).toEqual([
    ['jobs.batch', 'kube-system', 'forbidden'], ['jobs.batch', 'team-b', 'forbidden'],
  ]);
  expect(reader.everythingRefused).toBe(false);
  // The namespaces are listed once for all the resources that need them.
  api.forbid('/api/v1/events');
  await reader.list(EVENTS, 'resource-hooks.cdk8s.io/hook');
  expect(paths().filter((p) => p === '/api/v1/namespaces')).toHaveLength(1);
  expect(describeUnreadable(reader.unreadable)[0]).toBe('forbidden: RBAC does not let you list jobs.batch in namespaces '
    + 'kube-system, team-b (grant the "list" verb on jobs.batch there); not shown.');
});

test('refused everywhere, namespaces included: nothing read, and the fix named', async () => {
  api.forbid('*');
  const reader = new ClusterReader(client, undefined);
  const jobs = await reader.list(JOBS, 'events.argoproj.io/sensor');
  expect(jobs.items).toEqual([]);
  expect(jobs.readable('web')).toBe(false);
  expect(reader.everythingRefused).toBe(true);
  expect(describeUnreadable(reader.unreadable)).toEqual([
    'forbidden: RBAC does not let you list namespaces (grant the "list" verb on namespaces cluster-wide); not shown. '
      + 'The server said: /api/v1/namespaces is forbidden: User "tester" cannot list it',
    'forbidden: RBAC does not let you list jobs.batch in all namespaces (grant the "list" verb on jobs.batch cluster-wide); not shown. '
      + 'The server said: /apis/batch/v1/jobs is forbidden: User "tester" cannot list it; the namespaces cannot be listed either, '
      + 'to read them one at a time (pass --namespace)',
  ]);
});

test('a resource the server does not serve: recorded once, or not at all when optional', async () => {
  const noWorkflows = await FakeKubeApi.start();
  try {
    serveScenario(noWorkflows, cluster, ['workflows', 'sensors']);
    const reader = new ClusterReader(new HttpResourceClient(noWorkflows.url), ['web', 'ci']);
    expect((await reader.list(WORKFLOWS, 'events.argoproj.io/sensor', true)).items).toEqual([]);
    expect(reader.unreadable).toEqual([]);
    await reader.list({ group: 'argoproj.io', version: 'v1alpha1', resource: 'sensors' }, '');
    expect(reader.unreadable).toEqual([{
      resource: 'sensors.argoproj.io', namespace: null, problem: 'not-served', message: 'the server could not find the requested resource',
    }]);
    expect(describeUnreadable(reader.unreadable)).toEqual([
      'the server does not serve sensors.argoproj.io (is its CRD installed?); not shown. The server said: the server could not find the requested resource',
    ]);
  } finally {
    await noWorkflows.close();
  }
});

test('rejected credentials', async () => {
  const reader = new ClusterReader(new HttpResourceClient(api.url, 'expired-token'), undefined);
  await reader.list(PODS, '');
  expect(reader.everythingRefused).toBe(true);
  expect(describeUnreadable(reader.unreadable)).toEqual([
    'unauthorized: the server rejected the credentials when asked to list pods (log in again or refresh the kubeconfig\'s token). The server said: Unauthorized',
  ]);
});

test('an unreachable server ends the reading', async () => {
  const url = api.url;
  await api.close();
  api = await FakeKubeApi.start();
  const reader = new ClusterReader(new HttpResourceClient(url), undefined);
  await expect(reader.list(JOBS, '')).rejects.toThrow(UnreachableError);
  await expect(reader.list(JOBS, '')).rejects.toThrow(`cannot reach the Kubernetes API server at ${url}: connection refused`);
});

describe('the test double serves lists by label selector', () => {
  test.each([
    ['controller in (sensor-controller,eventsource-controller)', 6],
    ['controller=sensor-controller', 3],
    ['controller==sensor-controller,sensor-name=web-hooks', 1],
    ['controller,controller!=eventbus-controller,!app', 6],
    ['controller notin (eventbus-controller)', 7],
    ['app', 1],
  ])('%s', async (selector, count) => {
    const reader = new ClusterReader(client, undefined);
    expect((await reader.list(PODS, selector)).items).toHaveLength(count);
  });

  test('a selector that does not parse is answered 400', async () => {
    const reader = new ClusterReader(client, undefined);
    await reader.list(PODS, 'controller in sensor');
    expect(reader.unreadable).toEqual([expect.objectContaining({ problem: 'failed', message: 'unable to parse requirement: controller in sensor' })]);
  });
});
