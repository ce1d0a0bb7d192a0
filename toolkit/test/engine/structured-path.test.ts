import { gjsonGet } from '../../src/engine/gjson';
import { compareGoStrings } from '../../src/engine/go-format';
import { marshalGoJson } from '../../src/engine/go-json';
import { PayloadIndexes, getStructured } from '../../src/engine/structured-path';

/** A small deterministic generator (mulberry32), so a failure reproduces. */
function generator(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = ['', 'Progressing', 'Available', 'ReplicaSetUpdated', 'a<b>&c', 'line\nbreak', 'quote"d', 'back\\slash', 'é ü 日本',
  '\u2028', 'x{y', '[z', 'lone \ud800 surrogate', '3', 'true', 'null', '{"type":"Progressing"}'];
const NUMBERS = [0, -0, 1, 3, -7, 1.5, 1e21, 1e-7, 123456789012345680000, 2 ** 53 + 2, 0.1, 5e-324, 1.7976931348623157e308];
const KEYS = ['type', 'status', 'reason', 'replicas', 'updatedReplicas', 'paused', 'conditions', 'metadata', 'annotations',
  'deployment.kubernetes.io/revision', 'example.com/name', '0', '1', 'x-y', '__proto__', 'é', '\uff21', '\u{1f600}', 'Z'];

function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)];
}

/** A value of any JSON type (and a few the encoder treats specially), `depth` levels deep at most. */
function value(rnd: () => number, depth: number): unknown {
  const r = rnd();
  if (r < 0.2) {
    return pick(rnd, STRINGS);
  }
  if (r < 0.35) {
    return pick(rnd, NUMBERS);
  }
  if (r < 0.45) {
    return rnd() < 0.5;
  }
  if (r < 0.52) {
    return null;
  }
  if (r < 0.54) {
    return undefined;
  }
  if (depth <= 0) {
    return pick(rnd, STRINGS);
  }
  if (r < 0.75) {
    return Array.from({ length: Math.floor(rnd() * 4) }, () => (rnd() < 0.6 ? condition(rnd, depth - 1) : value(rnd, depth - 1)));
  }
  return object(rnd, depth - 1);
}

function object(rnd: () => number, depth: number): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const n = Math.floor(rnd() * 5);
  for (let i = 0; i < n; i++) {
    const key = pick(rnd, KEYS);
    if (key === '__proto__') {
      Object.defineProperty(o, key, { value: value(rnd, depth), enumerable: true, writable: true, configurable: true });
    } else {
      o[key] = value(rnd, depth);
    }
  }
  return o;
}

/** A condition-like element, so that queries find matches. */
function condition(rnd: () => number, depth: number): unknown {
  const o: Record<string, unknown> = {};
  if (rnd() < 0.85) {
    o.type = rnd() < 0.7 ? pick(rnd, ['Progressing', 'Available', 'cert-manager.io/Ready']) : value(rnd, 0);
  }
  if (rnd() < 0.8) {
    o.reason = rnd() < 0.6 ? pick(rnd, STRINGS) : value(rnd, depth);
  }
  if (rnd() < 0.3) {
    o.status = value(rnd, depth);
  }
  return o;
}

function document(rnd: () => number): Record<string, unknown> {
  const body = (): unknown => {
    if (rnd() < 0.1) {
      return value(rnd, 1);
    }
    const status = object(rnd, 2);
    if (rnd() < 0.8) {
      status.conditions = rnd() < 0.9 ? Array.from({ length: Math.floor(rnd() * 4) }, () => condition(rnd, 1)) : value(rnd, 2);
    }
    if (rnd() < 0.7) {
      status.updatedReplicas = value(rnd, 1);
    }
    return {
      metadata: rnd() < 0.9 ? { ...object(rnd, 1), annotations: rnd() < 0.8 ? object(rnd, 1) : value(rnd, 1), generation: value(rnd, 0) } : value(rnd, 1),
      spec: rnd() < 0.9 ? { ...object(rnd, 2), paused: value(rnd, 0), replicas: value(rnd, 0) } : value(rnd, 1),
      status: rnd() < 0.9 ? status : value(rnd, 1),
    };
  };
  return { type: pick(rnd, ['UPDATE', 'ADD']), body: body(), oldBody: rnd() < 0.8 ? body() : null };
}

const PLAIN = [
  'type', 'body', 'body.metadata', 'body.metadata.generation', 'body.spec.paused', 'body.spec.replicas', 'body.status.updatedReplicas',
  'body.status.conditions', 'body.status.conditions.0', 'body.status.conditions.1.reason', 'body.status.conditions.7',
  'body.status.conditions.type', 'body.status.conditions.-1', 'body.status.conditions.01', 'body.status.conditions.1:2', 'body.spec.x-y', 'body.metadata.annotations.deployment\\.kubernetes\\.io/revision',
  'body.metadata.annotations.example\\.com/name', 'body.status.conditions.0\\.1', 'body.status.0', 'oldBody.spec', 'body.__proto__',
  'body.status.conditions.#(type=="Progressing")', 'body.status.conditions.#(type=="Progressing").reason',
  'oldBody.status.conditions.#(type=="Available").reason.0', 'body.status.conditions.#(reason=="3").type',
  'body.status.conditions.#(type=="").reason', 'body.status.#(type=="Progressing")', 'body.metadata.annotations.#(type=="x")',
  'body.status.conditions.#(type%"Progressing").reason', 'body.status.conditions.#(type%"cert-manager.io/Ready").status',
  'oldBody.status.conditions.#(type%"Available")', 'body.status.conditions.#(reason%"3").type', 'body.status.conditions.#(type%"")',
  'body.status.conditions.#(type=="cert-manager.io/Ready").status', 'body.status.conditions.#.type', 'body.status.conditions.#.reason',
  'oldBody.status.conditions.#.status', 'body.status.#.type', 'body.metadata.annotations.#.type', 'body.status.conditions.#.__proto__',
  'body.status.conditions.#(type%"Progressing")#|#(reason==~null)#|#', 'oldBody.status.conditions.#(reason%"?vailable")#|#',
  'body.status.conditions.#(type%"*")#|[#(status==~null)#,#(status%"")#]|@flatten|#',
  'body.status.conditions.#(type%"*e*")#|[#(reason==~null)#,#(reason%"3")#]|@flatten|#(status%"*break")#|#(type==~null)#|#',
  'body.status.conditions.#(type%"cert-manager.io/Ready")#|#(status%"*")#|#', 'body.metadata.annotations.#(type%"x")#|#',
  'body.status.conditions.#(type%"~true")#|#', 'body.status.conditions.#(type%"*")#|#(reason==~null)#',
];
const LITERALS = ['!0', '!1', '!false', '!true', '!null', '!""', '!"none"', '!-1.5', '![]'];
/** Forms answered from the text only; they must still give gjson's answer. */
const OTHER = ['body.status.conditions.#', 'body.status.conditions.#.type', 'body.status.conditions.#(type=="Progressing")#.reason',
  '[body.spec.replicas,body.status.updatedReplicas]', '[body.spec.replicas,!0]|1', '{body.spec.replicas,!0}|0', 'body.spec.repl*',
  '[body.spec.replicas,!0].0', '@this', 'body|@keys', '[body.status.conditions.#(type=~"P"),!0]|0',
  'body.status.conditions.#(type%"Prog*")', 'body.status.conditions.#(type%"?vailable")', 'body.status.conditions.#(type=="~true")',
  'body.status.conditions.#(type%"~false")', 'body.status.conditions.#(type%"Progressing")#', 'body.status.conditions.#.type.0',
  'body.status.conditions.#.0', '[body.status.conditions.#.type,![1]]|0'];

function paths(): string[] {
  return [...PLAIN, ...PLAIN.flatMap((p) => LITERALS.map((l) => `[${p},${l}]|0`)), ...OTHER];
}

/**
 * A value with its maps' members in Go's order. Expression filters, which read `value()`, see maps
 * as unordered, so the payload's own objects may come in any order.
 */
function inGoOrder(v: unknown): unknown {
  if (Array.isArray(v)) {
    return v.map(inGoOrder);
  }
  if (v === null || typeof v !== 'object') {
    return v;
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort(compareGoStrings)) {
    Object.defineProperty(out, k, { value: inGoOrder((v as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function snapshot(r: ReturnType<typeof gjsonGet>): unknown {
  let value: unknown;
  try {
    value = inGoOrder(r.value());
  } catch (e) {
    value = `throws ${(e as Error).message}`;
  }
  return { type: r.type, raw: r.raw, str: r.str, num: Object.is(r.num, -0) ? '-0' : r.num, exists: r.exists(), string: r.string(), value };
}

/** Keeps what equality must see: member order and negative zero. */
function exact(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (Object.is(x, -0) ? '-0' : x));
}

describe('getStructured', () => {
  test('answers exactly as gjson does on the Go encoding, on 1,000 generated documents and every path form', () => {
    const rnd = generator(12);
    let answered = 0;
    let compared = 0;
    for (let n = 0; n < 1000; n++) {
      const doc = document(rnd);
      const text = marshalGoJson(doc);
      // One set of indexes per document, shared by its paths as an event's lookups share them.
      const indexes: PayloadIndexes = new Map();
      const holder = { payloadIndexes: (): PayloadIndexes => indexes };
      for (const path of paths()) {
        const fast = getStructured(doc, path);
        const indexed = getStructured(doc, path, holder);
        expect([path, indexed === undefined]).toEqual([path, fast === undefined]);
        if (fast === undefined || indexed === undefined) {
          continue;
        }
        answered++;
        const slow = gjsonGet(text, path);
        compared++;
        for (const answer of [fast, indexed]) {
          if (exact(snapshot(answer)) !== exact(snapshot(slow))) {
            // name the failing case
            expect({ path, doc: text, fast: snapshot(answer) }).toEqual({ path, doc: text, fast: snapshot(slow) });
          }
          if (path.startsWith('[')) {
            expect(answer.index).toBe(slow.index);
          }
        }
      }
    }
    // Most answers must come from the value, or the fast path is not doing its job.
    expect(answered).toBeGreaterThan(50_000);
    expect(compared).toBe(answered);
  });

  test.each([
    ['[body.status.updatedReplicas,!0]|0', { body: { status: {} } }, 'Number', '0'],
    ['[body.status.updatedReplicas,!0]|0', { body: { status: { updatedReplicas: 3 } } }, 'Number', '3'],
    ['[body.spec.paused,!false]|0', { body: { spec: { paused: null } } }, 'Null', 'null'],
    ['[body.x.#(type=="P").reason,!""]|0', { body: { x: [{ type: 'Q', reason: 'q' }, { type: 'P', reason: 'a<b' }] } }, 'String', '"a\\u003cb"'],
    ['body.metadata.labels.example\\.com/name', { body: { metadata: { labels: { 'example.com/name': 'web' } } } }, 'String', '"web"'],
  ])('%s on %j', (path, doc, type, raw) => {
    const r = getStructured(doc, path);
    expect(r).toBeDefined();
    expect({ type: r?.type, raw: r?.raw }).toEqual({ type, raw });
    expect({ type: r?.type, raw: r?.raw }).toEqual({ type: gjsonGet(marshalGoJson(doc), path).type, raw: gjsonGet(marshalGoJson(doc), path).raw });
  });

  test.each([
    ['[body.status.conditions.#(type%"cert-manager.io/Ready").status,!null]|0', 'String', '"True"'],
    ['[oldBody.status.conditions.#(type%"cert-manager.io/Ready").status,!null]|0', 'Null', 'null'],
    ['body.status.conditions.#(type%"Ready")', 'Null', ''],
    ['[body.status.conditions.#.type,![]]|0', 'JSON', '[0,"Other","cert-manager.io/Ready"]'],
    ['[oldBody.status.conditions.#.type,![]]|0', 'JSON', '[]'],
    ['[body.status.conditions.#(type%"*")#|[#(status==~null)#,#(status%"False")#]|@flatten|#,!0]|0', 'Number', '1'],
    ['[body.status.conditions.#(type%"cert-manager.io/*")#|#(reason==~null)#|#,!0]|0', 'Number', '1'],
    ['[oldBody.status.conditions.#(type%"*")#|#,!0]|0', 'Number', '0'],
  ])('answers %s on the value', (path, type, raw) => {
    // a number 0 type never matches %, as it would match ==; strings and non-objects are skipped
    const doc = {
      body: { status: { conditions: [{ type: 0, status: 'False' }, 'text', { type: 'Other', status: 'False' }, { type: 'cert-manager.io/Ready', status: 'True' }] } },
      oldBody: { status: {} },
    };
    const fast = getStructured(doc, path);
    expect(fast).toBeDefined();
    expect({ type: fast?.type, raw: fast?.raw }).toEqual({ type, raw });
    const indexes: PayloadIndexes = new Map();
    const indexed = getStructured(doc, path, { payloadIndexes: () => indexes });
    expect({ type: indexed?.type, raw: indexed?.raw }).toEqual({ type, raw });
    const slow = gjsonGet(marshalGoJson(doc), path);
    expect({ type: slow.type, raw: slow.raw, value: slow.value() }).toEqual({ type, raw, value: fast?.value() });
  });

  test('the value of an object or array that reads back as itself is the payload\'s own', () => {
    const doc = { body: { spec: { b: 1, a: [1, null, { y: -0, x: 'z' }], '\u{1f600}': 'astral', nested: { on: true } } } };
    expect(getStructured(doc, 'body.spec')?.value()).toBe(doc.body.spec);
    expect(getStructured(doc, '[body.spec.a,!null]|0')?.value()).toBe(doc.body.spec.a);
  });

  test('any other object or array is a fresh copy in the order of its encoding', () => {
    const doc = { body: { spec: { 'b': 1, 'a': [1, undefined, { y: -0, x: 'z' }], '10': true, '2': null, '\u{1f600}': 'astral', '\uff21': 'after U+D800' } } };
    const fast = getStructured(doc, 'body.spec');
    const value = fast?.value() as Record<string, unknown>;
    expect(exact(value)).toBe(exact(gjsonGet(marshalGoJson(doc), 'body.spec').value()));
    expect(value).not.toBe(doc.body.spec);
    expect(value.a).not.toBe(doc.body.spec.a);
    expect(Object.is((value.a as any)[2].y, -0)).toBe(true);
  });

  test.each([
    // lone surrogates encode as U+FFFD; values of other classes encode in their own way
    ['body.s', { body: { s: 'a\ud800' } }],
    ['body.d', { body: { d: new Date(0) } }],
    ['body.n', { body: { n: Infinity } }],
    ['body.x.#(type=="P")', { body: { x: ['{'] } }],
    ['body.x.#(type=="P")', { body: { x: [{ type: 3 }] } }],
    ['body.x.#(type=="P")', { body: { x: { type: 'P' } } }],
    ['body.x.a\\.b', { body: { x: [1] } }],
    ['body.*', { body: {} }],
    ['[body.a,!0]|1', { body: {} }],
    // a leading ~ is gjson's truthiness test; * and ? are wildcards after %
    ['body.x.#(type=="~true")', { body: { x: [{ type: true }] } }],
    ['body.x.#(type%"R*")', { body: { x: [{ type: 'Ready' }] } }],
    ['body.x.#.type', { body: { x: ['{"type":1}'] } }],
    ['body.x.#.type', { body: { x: [[{ type: 1 }]] } }],
    ['body.x.#.type', { body: { x: { '#': { type: 1 } } } }],
  ])('leaves %s on %j to the text scanner', (path, doc) => {
    expect(getStructured(doc, path)).toBeUndefined();
  });
});
