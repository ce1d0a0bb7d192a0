import { InMemoryCluster, applyMergePatch, mergoMerge, refOf } from '../../src/engine/cluster';

const clock = (): Date => new Date('2024-07-15T12:00:00Z');

function job(name: Record<string, string>): Record<string, unknown> {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { namespace: 'apps', ...name }, spec: { template: { spec: { containers: [{ name: 'c' }] } } } };
}

describe('InMemoryCluster', () => {
  test('creates with server fields and reports AlreadyExists', () => {
    const cluster = new InMemoryCluster(clock);
    const created = cluster.create(job({ name: 'smoke' }));
    expect(created.outcome).toBe('created');
    expect(created.object?.metadata).toMatchObject({ name: 'smoke', resourceVersion: '1', generation: 1, creationTimestamp: '2024-07-15T12:00:00Z' });
    expect(cluster.create(job({ name: 'smoke' }))).toEqual({ outcome: 'already-exists', message: 'jobs.batch "smoke" already exists' });
  });

  test('generates names deterministically from generateName', () => {
    const a = new InMemoryCluster(clock).create(job({ generateName: 'smoke-' }));
    const b = new InMemoryCluster(clock).create(job({ generateName: 'smoke-' }));
    const name = (a.object?.metadata as Record<string, string>).name;
    expect(name).toMatch(/^smoke-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect((b.object?.metadata as Record<string, string>).name).toBe(name);
  });

  test('requires a name or generateName', () => {
    expect(new InMemoryCluster(clock).create(job({})).outcome).toBe('invalid');
  });

  test('update upserts, then merges maps and replaces arrays', () => {
    const cluster = new InMemoryCluster(clock);
    const first = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n', labels: { a: '1' } }, data: { x: '1' }, list: [1, 2] };
    expect(cluster.update(first).outcome).toBe('created');
    const second = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n', labels: { b: '2' } }, data: { y: '2' }, list: [3] };
    const result = cluster.update(second);
    expect(result.outcome).toBe('updated');
    expect(result.object).toMatchObject({ metadata: { labels: { a: '1', b: '2' }, resourceVersion: '2' }, data: { x: '1', y: '2' }, list: [3] });
    expect((result.object?.metadata as Record<string, number>).generation).toBe(2);
  });

  test('patch upserts and applies a merge patch; other strategies are reported', () => {
    const cluster = new InMemoryCluster(clock);
    const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n' }, data: { x: '1', y: '2' } };
    expect(cluster.patch(obj).outcome).toBe('created');
    expect(cluster.patch({ ...obj, data: { x: null } }).object).toMatchObject({ data: { y: '2' } });
    expect(cluster.patch(obj, 'application/json-patch+json').outcome).toBe('invalid');
    expect(cluster.patch(obj, 'application/strategic-merge-patch+json').outcome).toBe('unsupported');
  });

  test('delete of a missing object is not-found', () => {
    const cluster = new InMemoryCluster(clock);
    expect(cluster.delete(job({ name: 'x' })).outcome).toBe('not-found');
    cluster.create(job({ name: 'x' }));
    expect(cluster.delete(job({ name: 'x' })).outcome).toBe('deleted');
    expect(cluster.get(refOf(job({ name: 'x' })))).toBeUndefined();
  });
});

describe('merge helpers', () => {
  test('mergoMerge: null overwrites, a map does not replace a non-empty scalar', () => {
    const live: Record<string, unknown> = { a: 'x', b: { c: 1 }, d: 'keep' };
    mergoMerge(live, { a: null, b: { e: 2 }, d: { nested: true } });
    expect(live).toEqual({ a: null, b: { c: 1, e: 2 }, d: 'keep' });
  });

  test('applyMergePatch follows RFC 7386', () => {
    expect(applyMergePatch({ a: 'b', c: { d: 'e', f: 'g' } }, { a: 'z', c: { f: null } })).toEqual({ a: 'z', c: { d: 'e' } });
    expect(applyMergePatch({ a: [1, 2] }, { a: [3] })).toEqual({ a: [3] });
  });
});
