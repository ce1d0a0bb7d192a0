import { LabelSelector } from '../../src/engine/label-selector';
import { CacheStream, InformerCache } from '../../src/watch/informer-cache';

function cm(name: string, resourceVersion: string, labels: Record<string, string> = {}, data: Record<string, string> = {}): any {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'web', uid: `uid-${name}`, resourceVersion, labels },
    data,
  };
}

const all: CacheStream = { id: 'all' };
const selected: CacheStream = { id: 'selected', selector: LabelSelector.fromSelectors([{ key: 'app', operation: '=', value: 'web' }]) };

describe('InformerCache, one stream', () => {
  test('ADD on first sight, UPDATE with the previous state, DELETE with the last state', () => {
    const cache = new InformerCache();
    const v1 = cm('a', '1');
    const v2 = cm('a', '2', {}, { k: 'v' });
    expect(cache.apply(all, 'ADDED', v1)).toEqual({ type: 'ADD', object: v1 });
    expect(cache.apply(all, 'MODIFIED', v2)).toEqual({ type: 'UPDATE', object: v2, oldObject: v1 });
    const gone = cm('a', '3', {}, { k: 'v' });
    expect(cache.apply(all, 'DELETED', gone)).toEqual({ type: 'DELETE', object: gone });
    expect(cache.apply(all, 'DELETED', gone)).toBeUndefined();
  });

  test('an event with the resourceVersion already seen is not a change', () => {
    const cache = new InformerCache();
    cache.apply(all, 'ADDED', cm('a', '1'));
    expect(cache.apply(all, 'MODIFIED', cm('a', '1'))).toBeUndefined();
  });

  test('objects without resourceVersion always count as changed', () => {
    const cache = new InformerCache();
    cache.apply(all, 'ADDED', cm('a', ''));
    expect(cache.apply(all, 'MODIFIED', cm('a', ''))?.type).toBe('UPDATE');
  });

  test('objects without uid are told apart by kind, namespace and name', () => {
    const cache = new InformerCache();
    const a = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'web', resourceVersion: '1' } };
    const b = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'a', namespace: 'web', resourceVersion: '1' } };
    expect(cache.apply(all, 'ADDED', a)?.type).toBe('ADD');
    expect(cache.apply(all, 'ADDED', b)?.type).toBe('ADD');
    expect(cache.apply(all, 'MODIFIED', { ...a, metadata: { ...a.metadata, resourceVersion: '2' } })?.oldObject).toBe(a);
  });

  test('the initial list is ADD for every object; a relist reports only the differences', () => {
    const cache = new InformerCache();
    const [a1, b1, c1] = [cm('a', '1'), cm('b', '2'), cm('c', '3')];
    expect(cache.replace(all, [a1, b1, c1])).toEqual([
      { type: 'ADD', object: a1 }, { type: 'ADD', object: b1 }, { type: 'ADD', object: c1 },
    ]);
    const a2 = cm('a', '7', {}, { changed: 'yes' });
    const d1 = cm('d', '8');
    expect(cache.replace(all, [a2, c1, d1])).toEqual([
      { type: 'UPDATE', object: a2, oldObject: a1 },
      { type: 'ADD', object: d1 },
      { type: 'DELETE', object: b1 },
    ]);
    expect(cache.replace(all, [a2, c1, d1])).toEqual([]);
  });
});

describe('InformerCache, overlapping streams', () => {
  test('a change reported by two streams reaches the simulator once', () => {
    const cache = new InformerCache();
    const v1 = cm('a', '1', { app: 'web' });
    const v2 = cm('a', '2', { app: 'web' }, { k: 'v' });
    expect(cache.apply(all, 'ADDED', v1)?.type).toBe('ADD');
    expect(cache.apply(selected, 'ADDED', v1)).toBeUndefined();
    expect(cache.apply(selected, 'MODIFIED', v2)).toEqual({ type: 'UPDATE', object: v2, oldObject: v1 });
    expect(cache.apply(all, 'MODIFIED', v2)).toBeUndefined();
  });

  test('a deletion is reported when the last stream holding the object sees it', () => {
    const cache = new InformerCache();
    const v1 = cm('a', '1', { app: 'web' });
    cache.replace(all, [v1]);
    cache.replace(selected, [v1]);
    const gone = cm('a', '2', { app: 'web' });
    expect(cache.apply(selected, 'DELETED', gone)).toBeUndefined();
    expect(cache.apply(all, 'DELETED', gone)).toEqual({ type: 'DELETE', object: gone });
  });

  test('an object that starts matching a selector is an UPDATE from its known state', () => {
    const cache = new InformerCache();
    const before = cm('a', '1', { app: 'api' });
    const after = cm('a', '2', { app: 'web' });
    cache.replace(all, [before]);
    cache.replace(selected, []);
    // The selected stream reports ADDED first; the simulator works out that its informer sees ADD.
    expect(cache.apply(selected, 'ADDED', after)).toEqual({ type: 'UPDATE', object: after, oldObject: before });
    expect(cache.apply(all, 'MODIFIED', after)).toBeUndefined();
  });

  test('an object that stops matching a selector is left to the stream that still holds it', () => {
    const cache = new InformerCache();
    const before = cm('a', '1', { app: 'web' });
    const after = cm('a', '2', { app: 'api' });
    cache.replace(all, [before]);
    cache.replace(selected, [before]);
    expect(cache.apply(selected, 'DELETED', after)).toBeUndefined();
    expect(cache.apply(all, 'MODIFIED', after)).toEqual({ type: 'UPDATE', object: after, oldObject: before });
  });

  test('a stream alone reports an object leaving its selector as DELETE of the last matching state', () => {
    const cache = new InformerCache();
    const before = cm('a', '1', { app: 'web' });
    cache.replace(selected, [before]);
    expect(cache.apply(selected, 'DELETED', cm('a', '2', { app: 'api' }))).toEqual({ type: 'DELETE', object: before });
  });

  test('a relist that no longer lists an object another stream holds reports nothing', () => {
    const cache = new InformerCache();
    const v1 = cm('a', '1', { app: 'web' });
    cache.replace(all, [v1]);
    cache.replace(selected, [v1]);
    expect(cache.replace(selected, [])).toEqual([]);
    expect(cache.replace(all, [])).toEqual([{ type: 'DELETE', object: v1 }]);
  });

  test('forgetting a stream drops the objects only it held, without a change', () => {
    const cache = new InformerCache();
    const [a, b] = [cm('a', '1'), cm('b', '1')];
    cache.replace(selected, [a, b]);
    cache.replace(all, [b]);
    cache.forget(selected.id);
    expect(cache.apply(all, 'ADDED', a)).toEqual({ type: 'ADD', object: a });
    expect(cache.apply(all, 'MODIFIED', b)).toBeUndefined();
  });
});
