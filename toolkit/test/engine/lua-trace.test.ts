import { MAX_EVENT_DEPTH, Trace, VerdictCache, describeEntries, eventShape, tableEntries } from '../../src/engine/lua-trace';

/** A chain of `levels` maps below a root map, with a leaf at the bottom. */
function nested(levels: number, viaArrays = false): Record<string, unknown> {
  let m: Record<string, unknown> = { leaf: 1 };
  for (let i = 0; i < levels; i++) m = { d: viaArrays ? [m] : m };
  return m;
}

/** The trace a run touching the given tables of `data` in this order would record. */
function traceOf(data: object, touched: number[]): Trace {
  const tables: unknown[] = [data];
  const descriptions = new Map<number, string>();
  for (let n = 0; n < tables.length; n++) descriptions.set(n, describeEntries(tableEntries(tables[n] as object), tables));
  return touched.flatMap((n) => [n, descriptions.get(n)!]);
}

describe('tableEntries', () => {
  it('keeps what mapToTable keeps, in key order', () => {
    const fn = (): void => undefined;
    expect(tableEntries({ b: 1, a: null, c: undefined, d: 'x', e: [], f: {}, g: fn, h: false, 2: 'two' }))
      .toEqual({ keys: ['2', 'b', 'd', 'e', 'f', 'h'], values: ['two', 1, 'x', [], {}, false] });
  });

  it('drops nulls and nested arrays from arrays, so later elements move down', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(tableEntries([1, null, [2], 'x', undefined, { k: true }, , false])).toEqual({ keys: undefined, values: [1, 'x', { k: true }, false] });
  });
});

describe('eventShape', () => {
  it(`allows ${MAX_EVENT_DEPTH} levels of maps below the event, and arrays do not count`, () => {
    expect(eventShape(nested(MAX_EVENT_DEPTH)).tooDeep).toBe(false);
    expect(eventShape(nested(MAX_EVENT_DEPTH + 1)).tooDeep).toBe(true);
    expect(eventShape(nested(MAX_EVENT_DEPTH, true)).tooDeep).toBe(false);
    expect(eventShape(nested(MAX_EVENT_DEPTH + 1, true)).tooDeep).toBe(true);
  });

  it('stops at the limit on data that contains itself', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(eventShape(loop).tooDeep).toBe(true);
  });

  it('does not look into arrays nested in arrays, which mapToTable skips', () => {
    expect(eventShape({ l: [[nested(MAX_EVENT_DEPTH + 5)]] }).tooDeep).toBe(false);
  });

  it('counts the values of maps and arrays', () => {
    expect(eventShape({ a: 1, b: [1, 2, { c: 3 }], d: { e: null } }).values).toBe(3 + 3 + 1 + 1);
  });
});

describe('describeEntries', () => {
  const describe1 = (v: object): string => describeEntries(tableEntries(v), []);

  it('tells apart entries that would give the script different values', () => {
    const variants: object[] = [
      {}, { a: 'x' }, { a: 'x', b: 'y' }, { b: 'y', a: 'x' }, { a: 'x1:b' }, { 'a': 'x', '1:b': '' },
      { a: 1 }, { a: '1' }, { a: 0 }, { a: -0 }, { a: true }, { a: false }, { a: {} }, { a: [] },
      { a: 1e21 }, { a: 1.5 }, { 'a;': 1 }, { ab: 1 },
    ];
    const seen = new Map<string, object>();
    for (const v of variants) {
      const d = describe1(v);
      expect([d, seen.get(d)]).toEqual([d, undefined]);
      seen.set(d, v);
    }
    expect(describe1([1, 'x'])).not.toBe(describe1(['1', 'x']));
  });

  it('describes equal entries alike and lists nested tables in entry order', () => {
    const children: unknown[] = [];
    const l = [1];
    const m = { k: 'v' };
    expect(describeEntries(tableEntries({ s: 'x', l, n: null, m }), children)).toBe(describe1({ s: 'x', l: [2, 3], m: {} }));
    expect(children).toEqual([l, m]);
    expect(children[0]).toBe(l);
  });
});

describe('VerdictCache', () => {
  const event = (image: string, replicas = 3): object => ({ type: 'UPDATE', body: { spec: { replicas, containers: [{ image }] } } });

  it('returns the outcome of a run that saw the same tables, whatever else differs', () => {
    const cache = new VerdictCache();
    const a = event('a:1');
    // The script touched the event (0), body (1), spec (2) and the containers list (3).
    cache.record('s', traceOf(a, [0, 1, 2, 3]), { pass: true });
    expect(cache.lookup('s', event('a:1'))).toEqual({ pass: true });
    expect(cache.lookup('s', { ...event('a:1'), extra: 'ignored' })).toBeUndefined();
    expect(cache.lookup('s', event('a:2'))).toEqual({ pass: true });
    expect(cache.lookup('s', event('a:1', 4))).toBeUndefined();
    expect(cache.lookup('other', a)).toBeUndefined();
  });

  it('follows runs that part on a later table, and keeps errors', () => {
    const cache = new VerdictCache();
    const a = event('a:1');
    const b = event('b:1');
    const c = event('c:1', 5);
    cache.record('s', traceOf(a, [0, 1, 2, 3, 4]), { pass: true });
    cache.record('s', traceOf(b, [0, 1, 2, 3, 4]), { error: 'lua: script:1: boom' });
    cache.record('s', traceOf(c, [0, 1, 2]), { pass: false });
    expect(cache.lookup('s', event('a:1'))).toEqual({ pass: true });
    expect(cache.lookup('s', event('b:1'))).toEqual({ error: 'lua: script:1: boom' });
    expect(cache.lookup('s', event('anything', 5))).toEqual({ pass: false });
    expect(cache.lookup('s', event('c:1'))).toBeUndefined();
  });

  it('keeps the outcome of runs that touched nothing', () => {
    const cache = new VerdictCache();
    cache.record('s', [], { pass: true });
    expect(cache.lookup('s', {})).toEqual({ pass: true });
    expect(cache.lookup('s', event('x'))).toEqual({ pass: true });
  });

  it('refuses a run that took another path on what an earlier run saw', () => {
    const cache = new VerdictCache();
    const a = event('a:1');
    cache.record('s', traceOf(a, [0, 1, 2]), { pass: true });
    expect(() => cache.record('s', traceOf(a, [0, 1, 3]), { pass: true })).toThrow(/another path/);
    expect(() => cache.record('s', traceOf(a, [0, 1]), { pass: true })).toThrow(/another path/);
    expect(() => cache.record('s', traceOf(a, [0, 1, 2, 3]), { pass: true })).toThrow(/another path/);
  });

  it('starts over when it holds too much', () => {
    const cache = new VerdictCache();
    const first = { k: 'first' };
    cache.record('s', traceOf(first, [0]), { pass: true });
    const long = 'x'.repeat(1000);
    for (let i = 0; i < 5000 && cache.lookup('s', first) !== undefined; i++) {
      const e = { k: `${long}${i}` };
      cache.record('s', traceOf(e, [0]), { pass: false });
    }
    expect(cache.lookup('s', first)).toBeUndefined();
  });
});
