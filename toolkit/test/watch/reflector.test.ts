import { KubeApiError, UnreachableError } from '../../src/watch/errors';
import { ReflectorEnd, ReflectorHandlers, retryDelay, runReflector } from '../../src/watch/reflector';
import { WatchTarget } from '../../src/watch/resource-client';
import { FakeClient } from './fake-client';
import { waitFor } from './fake-kube-api';

const target: WatchTarget = { group: 'apps', version: 'v1', resource: 'deployments', namespace: 'web', labelSelector: '' };

function deployment(name: string, resourceVersion: string): any {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'web', uid: name, resourceVersion } };
}

function list(resourceVersion: string, ...items: any[]): { resourceVersion: string; items: any[] } {
  return { resourceVersion, items };
}

/** Runs a reflector on a fake client, recording what it reports as readable strings. */
function start(client: FakeClient): { log: string[]; delays: number[]; stop: () => void; done: Promise<ReflectorEnd> } {
  const log: string[] = [];
  const delays: number[] = [];
  const controller = new AbortController();
  const handlers: ReflectorHandlers = {
    listed: (items, relist) => log.push(`${relist ? 'relisted' : 'listed'} ${items.map((i) => (i.metadata as any).name).join(',')}`),
    changed: (type, object) => log.push(`${type} ${(object.metadata as any).name}@${(object.metadata as any).resourceVersion}`),
    retrying: (error, verb, delayMs) => log.push(`retrying ${verb} in ${delayMs}: ${(error as Error).message}`),
    recovered: () => log.push('recovered'),
  };
  const done = runReflector(client, target, handlers, {
    signal: controller.signal,
    sleep: async (ms) => {
      delays.push(ms);
    },
  });
  return { log, delays, stop: () => controller.abort(), done };
}

test('lists, watches from the list resourceVersion and resumes from the last event after the stream ends', async () => {
  const client = new FakeClient();
  client.answerLists('deployments', list('10', deployment('web', '5')));
  const run = start(client);
  const first = await client.watchNumber(0);
  expect(first.resourceVersion).toBe('10');
  first.events.push({ type: 'MODIFIED', object: deployment('web', '11') });
  first.events.push({ type: 'BOOKMARK', object: { kind: 'Deployment', metadata: { resourceVersion: '15' } } });
  first.events.end();
  const second = await client.watchNumber(1);
  expect(second.resourceVersion).toBe('15');
  second.events.push({ type: 'DELETED', object: deployment('web', '16') });
  await waitFor('the deletion', () => run.log.find((l) => l.startsWith('DELETED')));
  run.stop();
  await expect(run.done).resolves.toEqual({ reason: 'stopped' });
  expect(run.log).toEqual(['listed web', 'MODIFIED web@11', 'DELETED web@16']);
  expect(client.calls).toEqual(['list deployments', 'watch deployments from 10', 'watch deployments from 15']);
});

test('an ERROR event with 410 Gone relists and watches from the new list', async () => {
  const client = new FakeClient();
  client.answerLists('deployments', list('10', deployment('web', '5')), list('30', deployment('web', '29')));
  const run = start(client);
  (await client.watchNumber(0)).events.push({
    type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' },
  });
  expect((await client.watchNumber(1)).resourceVersion).toBe('30');
  run.stop();
  await run.done;
  expect(run.log).toEqual(['listed web', 'relisted web']);
  expect(run.delays).toEqual([]);
});

test('a watch request answered 410 relists too', async () => {
  const client = new FakeClient();
  client.answerLists('deployments', list('10'), list('40'));
  const run = start(client);
  (await client.watchNumber(0)).events.fail(new KubeApiError(410, 'Gone'));
  expect((await client.watchNumber(1)).resourceVersion).toBe('40');
  run.stop();
  await run.done;
  expect(client.calls.filter((c) => c.startsWith('list'))).toHaveLength(2);
});

test.each([
  [403, 'forbidden'],
  [401, 'unauthorized'],
  [404, 'not-found'],
])('a list answered %i ends the reflector (%s)', async (status, reason) => {
  const client = new FakeClient();
  client.answerLists('deployments', new KubeApiError(status, 'no'));
  const run = start(client);
  const end = await run.done;
  expect(end).toMatchObject({ reason, verb: 'list' });
  expect(client.watches).toHaveLength(0);
});

test('a watch answered 403 ends the reflector naming the watch verb', async () => {
  const client = new FakeClient();
  client.answerLists('deployments', list('10'));
  const run = start(client);
  (await client.watchNumber(0)).events.fail(new KubeApiError(403, 'deployments.apps is forbidden'));
  await expect(run.done).resolves.toMatchObject({ reason: 'forbidden', verb: 'watch' });
});

test('an ERROR event with another status is a failure: back off, then list again', async () => {
  const client = new FakeClient();
  client.answerLists('deployments', list('10'));
  const run = start(client);
  (await client.watchNumber(0)).events.push({ type: 'ERROR', object: { kind: 'Status', code: 500, message: 'etcd is down' } });
  await client.watchNumber(1);
  run.stop();
  await run.done;
  expect(run.log).toEqual(['listed ', 'retrying watch in 1000: etcd is down', 'relisted ', 'recovered']);
});

test('network failures back off exponentially and recover with a relist', async () => {
  const client = new FakeClient();
  const down = new UnreachableError(client.server, 'connection refused');
  client.answerLists('deployments', list('10', deployment('web', '5')), down, down, list('12', deployment('web', '12')));
  const run = start(client);
  (await client.watchNumber(0)).events.fail(down);
  const next = await client.watchNumber(1);
  expect(next.resourceVersion).toBe('12');
  run.stop();
  await run.done;
  expect(run.delays).toEqual([1000, 2000, 4000]);
  expect(run.log).toEqual([
    'listed web',
    `retrying watch in 1000: ${down.message}`,
    `retrying list in 2000: ${down.message}`,
    `retrying list in 4000: ${down.message}`,
    'relisted web',
    'recovered',
  ]);
});

test('stopping while a watch is open ends the reflector', async () => {
  const client = new FakeClient();
  client.answerLists('deployments', list('10'));
  const run = start(client);
  await client.watchNumber(0);
  run.stop();
  await expect(run.done).resolves.toEqual({ reason: 'stopped' });
  expect(run.log).toEqual(['listed ']);
});

test('the default sleep returns early when stopped', async () => {
  const client = new FakeClient();
  client.answerLists('deployments', new Error('boom'));
  const controller = new AbortController();
  let retrying = false;
  const done = runReflector(client, target, {
    listed: () => undefined, changed: () => undefined, recovered: () => undefined,
    retrying: () => {
      retrying = true;
    },
  }, { signal: controller.signal });
  await waitFor('the first retry', () => (retrying ? true : undefined));
  const started = Date.now();
  controller.abort();
  await expect(done).resolves.toEqual({ reason: 'stopped' });
  // The first retry waits 1 s; stopping must not wait it out.
  expect(Date.now() - started).toBeLessThan(500);
  expect(client.calls).toEqual(['list deployments']);
});

test('retry delays double from 1 s up to 30 s', () => {
  expect([0, 1, 2, 3, 4, 5, 6, 10].map(retryDelay)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
});
