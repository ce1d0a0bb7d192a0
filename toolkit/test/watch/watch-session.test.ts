import { Simulator } from '../../src/simulate/simulator';
import { KubeApiError, UnreachableError } from '../../src/watch/errors';
import { WatchOutcome, runWatchSession } from '../../src/watch/watch-session';
import { planWatches } from '../../src/watch/watch-plan';
import { FakeClient } from './fake-client';
import { waitFor } from './fake-kube-api';
import { START, configMap, deployment, hubManifests } from './watch-fixtures';

/** One second after the start, then one more per call. */
function ticking(): () => Date {
  let n = 0;
  return () => new Date(Date.parse(START) + 1000 * ++n);
}

interface Session {
  readonly client: FakeClient;
  readonly lines: string[];
  readonly messages: string[];
  readonly stop: () => void;
  readonly done: Promise<WatchOutcome>;
}

function startSession(client: FakeClient, options: { manifests?: any[]; json?: boolean } = {}): Session {
  const manifests = options.manifests ?? hubManifests();
  const lines: string[] = [];
  const messages: string[] = [];
  const controller = new AbortController();
  const done = runWatchSession({
    client,
    simulator: Simulator.fromManifests(manifests, { now: START, startTime: START }),
    watches: planWatches(manifests).watches,
    signal: controller.signal,
    output: (line) => lines.push(line),
    report: (message) => messages.push(message),
    json: options.json,
    clock: ticking(),
    sleep: async () => undefined,
  });
  return { client, lines, messages, stop: () => controller.abort(), done };
}

function watchOf(client: FakeClient, resource: string, n = 0): Promise<(typeof client.watches)[number]> {
  return waitFor(`watch #${n} of ${resource}`, () => client.watches.filter((w) => w.target.resource === resource)[n], 2000);
}

test('initial lists, watch events and relists become simulated changes, one line each', async () => {
  const client = new FakeClient();
  const old = deployment('web', '5');
  client.answerLists('deployments', { resourceVersion: '10', items: [old, deployment('gone', '6')] }, {
    resourceVersion: '20', items: [deployment('web', '19', { changedAt: '2024-07-15T12:00:30Z', replicas: 3 })],
  });
  client.answerLists('configmaps', { resourceVersion: '3', items: [configMap('settings', '2')] });
  const session = startSession(client);

  const deployments = await watchOf(client, 'deployments');
  expect(deployments.target.labelSelector).toBe('app=web');
  await watchOf(client, 'configmaps');
  expect([...session.lines].sort()).toEqual([
    // Without afterStart, every existing object fires at start, as in Argo Events.
    'ADD ConfigMap/web/settings (rv 2, initial list): hub/log-settings (log, logged)',
    expect.stringMatching(/^ADD Deployment\/web\/gone \(rv 6, initial list\): no trigger \(not published: filter.afterStart/),
    expect.stringMatching(/^ADD Deployment\/web\/web \(rv 5, initial list\): no trigger \(not published: filter.afterStart/),
  ]);
  session.lines.length = 0;

  // An update made after the start (managedFields time) passes afterStart.
  deployments.events.push({ type: 'MODIFIED', object: deployment('web', '11', { changedAt: '2024-07-15T12:00:10Z', replicas: 2 }) });
  // One made before it does not.
  deployments.events.push({ type: 'MODIFIED', object: deployment('web', '12', { changedAt: '2024-07-15T11:00:00Z', replicas: 2 }) });
  deployments.events.push({
    type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' },
  });
  await watchOf(client, 'deployments', 1);
  session.stop();
  await expect(session.done).resolves.toBe('stopped');
  expect(session.lines).toEqual([
    'UPDATE Deployment/web/web (rv 11): hub/log-deploy (log, logged)',
    expect.stringMatching(/^UPDATE Deployment\/web\/web \(rv 12\): no trigger \(not published: filter.afterStart: event time 2024-07-15T11:00:00Z/),
    'UPDATE Deployment/web/web (rv 19, relist): hub/log-deploy (log, logged)',
    // A DELETE without deletionTimestamp happens "now" for afterStart.
    'DELETE Deployment/web/gone (rv 6, relist): hub/log-deploy (log, logged)',
  ]);
  expect(session.messages).toEqual([]);
});

test('JSON lines', async () => {
  const client = new FakeClient();
  client.answerLists('deployments', { resourceVersion: '1', items: [] });
  client.answerLists('configmaps', { resourceVersion: '3', items: [configMap('settings', '2')] });
  const session = startSession(client, { json: true });
  await watchOf(client, 'configmaps');
  session.stop();
  await session.done;
  expect(session.lines.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({
    type: 'ADD', origin: 'list', triggers: ['hub/log-settings'], time: '2024-07-15T12:00:01.000Z',
  })]);
});

test('a forbidden watch is reported with resource, namespace and verb; the others go on', async () => {
  const client = new FakeClient();
  client.answerLists('deployments', new KubeApiError(403, 'deployments.apps is forbidden: User "jane" cannot list resource "deployments"'));
  client.answerLists('configmaps', { resourceVersion: '3', items: [] });
  const session = startSession(client);
  const configmaps = await watchOf(client, 'configmaps');
  await waitFor('the forbidden message', () => session.messages[0]);
  expect(session.messages).toEqual([
    'forbidden: RBAC does not let you list deployments.apps in namespace web (grant the "list" verb on deployments.apps); '
    + 'not watching it. The server said: deployments.apps is forbidden: User "jane" cannot list resource "deployments"',
  ]);
  configmaps.events.push({ type: 'ADDED', object: configMap('new', '4') });
  await waitFor('the configmap line', () => session.lines[0]);
  expect(session.lines).toEqual(['ADD ConfigMap/web/new (rv 4): hub/log-settings (log, logged)']);
  session.stop();
  await expect(session.done).resolves.toBe('stopped');
});

test('every watch refused ends the session as forbidden', async () => {
  const client = new FakeClient();
  client.answerLists('deployments', { resourceVersion: '1', items: [] });
  client.answerLists('configmaps', new KubeApiError(401, 'Unauthorized'));
  const session = startSession(client);
  (await watchOf(client, 'deployments')).events.fail(new KubeApiError(403, 'cannot watch'));
  await expect(session.done).resolves.toBe('forbidden');
  expect(session.messages.sort()).toEqual([
    'forbidden: RBAC does not let you watch deployments.apps in namespace web (grant the "watch" verb on deployments.apps); '
    + 'not watching it. The server said: cannot watch',
    'unauthorized: the server rejected the credentials when asked to list configmaps (log in again or refresh the kubeconfig\'s token). '
    + 'The server said: Unauthorized',
  ]);
});

test('cluster-wide watches say so in the forbidden message', async () => {
  const manifests = hubManifests();
  delete manifests[0].spec.resource.settings.namespace;
  delete manifests[0].spec.resource.deploy;
  const client = new FakeClient();
  client.answerLists('configmaps', new KubeApiError(403, 'no'));
  const session = startSession(client, { manifests });
  await expect(session.done).resolves.toBe('forbidden');
  expect(session.messages).toEqual([
    'forbidden: RBAC does not let you list configmaps in all namespaces (grant the "list" verb on configmaps cluster-wide); '
    + 'not watching it. The server said: no',
  ]);
});

test('resources the server does not serve end the session as unavailable', async () => {
  const client = new FakeClient();
  client.answerLists('deployments', new KubeApiError(404, 'the server could not find the requested resource'));
  client.answerLists('configmaps', new KubeApiError(403, 'no'));
  const session = startSession(client);
  await expect(session.done).resolves.toBe('unavailable');
  expect(session.messages).toContain(
    'the server does not serve deployments.apps/v1 in namespace web with labels app=web (is its CRD installed, the version right, '
    + 'and the resource namespaced?); not watching it. The server said: the server could not find the requested resource',
  );
});

test('a server that cannot be reached before anything was listed ends the session at once', async () => {
  const client = new FakeClient();
  const down = new UnreachableError(client.server, 'connection refused');
  client.answerLists('deployments', down);
  client.answerLists('configmaps', down);
  const session = startSession(client);
  await expect(session.done).resolves.toBe('unreachable');
  expect(session.messages).toEqual(['cannot reach the Kubernetes API server at https://cluster.test:6443: connection refused']);
});

test('losing the server later is retried', async () => {
  const client = new FakeClient();
  const down = new UnreachableError(client.server, 'connection reset');
  client.answerLists('deployments', { resourceVersion: '1', items: [] }, down, { resourceVersion: '2', items: [] });
  client.answerLists('configmaps', { resourceVersion: '3', items: [] });
  const session = startSession(client);
  (await watchOf(client, 'deployments')).events.fail(down);
  await watchOf(client, 'deployments', 1);
  session.stop();
  await expect(session.done).resolves.toBe('stopped');
  expect(session.messages).toEqual([
    `deployments.apps/v1 in namespace web with labels app=web: watch failed: ${down.message}; retrying in 1 s`,
    `deployments.apps/v1 in namespace web with labels app=web: list failed: ${down.message}; retrying in 2 s`,
    'deployments.apps/v1 in namespace web with labels app=web: listed again, watching',
  ]);
});

test('a change the simulator rejects is reported and the watch goes on', async () => {
  const client = new FakeClient();
  client.answerLists('deployments', { resourceVersion: '1', items: [] });
  client.answerLists('configmaps', { resourceVersion: '3', items: [] });
  const session = startSession(client);
  const configmaps = await watchOf(client, 'configmaps');
  configmaps.events.push({ type: 'ADDED', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'web', uid: 'x' } } });
  configmaps.events.push({ type: 'ADDED', object: configMap('fine', '5') });
  await waitFor('the second change', () => session.lines[0]);
  session.stop();
  await session.done;
  expect(session.messages).toEqual([
    'ADD ConfigMap/web/<unnamed>: cannot simulate: object: metadata.name is required (ConfigMap/web/<unnamed>)',
  ]);
  expect(session.lines).toEqual(['ADD ConfigMap/web/fine (rv 5): hub/log-settings (log, logged)']);
});

test('a session stopped before it starts ends at once', async () => {
  const client = new FakeClient();
  const controller = new AbortController();
  controller.abort();
  const outcome = await runWatchSession({
    client,
    simulator: Simulator.fromManifests(hubManifests(), { now: START }),
    watches: planWatches(hubManifests()).watches,
    signal: controller.signal,
    output: () => undefined,
    report: () => undefined,
  });
  expect(outcome).toBe('stopped');
  expect(client.calls).toEqual([]);
});
