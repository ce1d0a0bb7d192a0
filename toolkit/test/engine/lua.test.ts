import * as fs from 'fs';
import * as path from 'path';
import { EngineError } from '../../src/engine/errors';
import { runLuaFilter, runLuaTransform } from '../../src/engine/lua';
import { marshalGoJson } from '../../src/engine/sprig';

const VECTORS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'conformance', 'vectors');
const haveVectors = fs.existsSync(VECTORS);
if (!haveVectors) console.warn(`skipping Lua vector tests: ${VECTORS} not found`);

interface ScriptVector {
  id: string;
  function: string;
  input: { filter?: { script: string }; transform?: { script?: string }; event: { data: string } };
  expect: { pass?: boolean; error: boolean; output?: string };
}

const load = (file: string): ScriptVector[] => (haveVectors ? JSON.parse(fs.readFileSync(path.join(VECTORS, file), 'utf8')) : []);

(haveVectors ? describe : describe.skip)('Argo Events vectors', () => {
  it.each(load('script-filters.json').map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const run = (): boolean => runLuaFilter(c.input.filter!.script, JSON.parse(c.input.event.data));
    if (c.expect.error) expect(run).toThrow(EngineError);
    else expect(run()).toBe(c.expect.pass);
  });

  const transforms = load('transforms.json').filter((c) => c.function === 'applyScriptTransform');
  it.each(transforms.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const run = (): unknown => runLuaTransform(c.input.transform!.script!, JSON.parse(c.input.event.data));
    if (c.expect.error) expect(run).toThrow(EngineError);
    else expect(marshalGoJson(run())).toBe(c.expect.output);
  });
});

describe('runLuaFilter', () => {
  it.each([
    ['return event.a == "x"', { a: 'x' }, true],
    ['return event.a == "y"', { a: 'x' }, false],
    ['return 1', {}, false],
    ['return "true"', {}, false],
    ['return 1, true', {}, true],
    ['return true, 1', {}, false],
    ['local x = 1', {}, false],
    ['return event.n == 3 and event.n + 1 == 4 and event.f > 1.4', { n: 3, f: 1.5 }, true],
    ['return event.body.spec.replicas ~= event.oldBody.spec.replicas', { body: { spec: { replicas: 2 } }, oldBody: { spec: { replicas: 3 } } }, true],
    ['return event.missing == nil and event.nul == nil', { nul: null }, true],
    ['return #event.l == 3 and event.l[1] == 1 and event.l[2] == "x" and event.l[3].k == true', { l: [1, null, [2, 3], 'x', { k: true }] }, true],
    ['return next(event) == nil', null, true],
    ['return string.find(event.name, "^web%-") ~= nil', { name: 'web-1' }, true],
    ['return ("abc"):upper() == "ABC"', {}, true],
  ])('%p on %j → %p', (script, data, want) => {
    expect(runLuaFilter(script, data)).toBe(want);
  });

  it('converts deeply nested data both ways', () => {
    let deep: Record<string, unknown> = { leaf: 'x' };
    for (let i = 0; i < 60; i++) deep = { d: deep, l: ['x', i] };
    expect(runLuaFilter('local c = event for i = 1, 60 do c = c.d end return c.leaf == "x"', deep)).toBe(true);
    expect(runLuaTransform('return event', deep)).toEqual(deep);
  });

  it('rejects data that is not an object', () => {
    expect(() => runLuaFilter('return true', [1])).toThrow('the event data must be a JSON object');
    expect(() => runLuaFilter('return true', 'x')).toThrow(EngineError);
  });

  it.each([
    ['if true return true end', /lua: script:1: 'then' expected/],
    ['return a.b', /attempt to index a nil value \(global 'a'\)/],
    ['error("boom")', /lua: script:1: boom/],
    ['while true do end', /instruction limit exceeded/],
    ['return 7 // 2', /'\/\/' is not Lua 5.1 syntax/],
    ['return 1 & 2', /'&' is not Lua 5.1 syntax/],
    ['return ~1', /'~' is not Lua 5.1 syntax/],
    ['return 1 << 2', /'<<' is not Lua 5.1 syntax/],
  ])('%p fails with %p', (script, message) => {
    expect(() => runLuaFilter(script, {})).toThrow(message);
  });

  it('does not mistake operators inside strings and comments for Lua 5.3 syntax', () => {
    expect(runLuaFilter('local s = "a // b | c & d" -- x // y\n--[[ a << b ]] return s == [==[a // b | c & d]==] and 1 ~= 2', {})).toBe(true);
  });

  it('keeps runs from leaking into each other', () => {
    expect(runLuaFilter('leaked = 1; string.upper = nil; getmetatable("").__index = nil; return true', {})).toBe(true);
    expect(runLuaFilter('return leaked == nil and string.upper ~= nil and ("a"):upper() == "A"', {})).toBe(true);
    expect(runLuaFilter('function string.shout(s) return s:upper() .. "!" end; return ("a"):shout() == "A!"', {})).toBe(true);
    expect(runLuaFilter('return string.shout == nil', {})).toBe(true);
  });

  it('offers the Lua 5.1 library of gopher-lua, without io, os.execute or module loading', () => {
    const script = `return io == nil and debug == nil and require == nil and dofile == nil and os.execute == nil
      and utf8 == nil and rawlen == nil and math.type == nil and string.pack == nil
      and unpack ~= nil and math.pow(2, 10) == 1024 and math.log10(100) == 2 and table.getn({1, 2}) == 2
      and table.maxn({[3] = 1}) == 3 and math.atan2(1, 1) > 0.78 and _VERSION == "Lua 5.1"
      and loadstring("return event.a")() == 1 and select("#", math.frexp(8)) == 2 and _G.event == event`;
    expect(runLuaFilter(script, { a: 1 })).toBe(true);
  });

  it('turns numbers into text the way gopher-lua does', () => {
    const out = runLuaTransform(`return { tostring(event.n), event.n .. "", tostring(event.n / 2), tostring(0.1 + 0.2),
      tostring(1e21), tostring(2^53), tostring(1e15), tostring(-0.0), table.concat({event.n, 1.5}, ",") }`, { n: 3 });
    expect(out).toEqual(['3', '3', '1.5', '0.30000000000000004', '1e+21', '9007199254740992', '1000000000000000', '0', '3,1.5']);
  });

  it('runs a typical filter fast enough for the simulator', () => {
    const script = 'return event.body.metadata.generation ~= event.oldBody.metadata.generation';
    const events = Array.from({ length: 2000 }, (_, i) => ({ type: 'UPDATE', body: { metadata: { name: 'web', generation: i } }, oldBody: { metadata: { name: 'web', generation: 2 } } }));
    const start = process.hrtime.bigint();
    for (const data of events) runLuaFilter(script, data);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    // Measured at about 60,000 runs/s; the bound leaves room for a loaded CI machine.
    expect(2000 / seconds).toBeGreaterThan(2000);
  });
});

describe('runLuaTransform', () => {
  it.each([
    ['event.c.d[1] = 4 return event', { a: 1, c: { d: [3] } }, { a: 1, c: { d: [4] } }],
    ['return { [1] = "a", [3] = "c", x = "dropped" }', {}, ['a', null, 'c']],
    ['return {}', {}, {}],
    ['return setmetatable({}, { __is_array = true })', {}, []],
    ['return setmetatable({ x = 1 }, { __is_array = "yes" })', {}, { x: 1 }],
    ['return { [0] = "a", [1.5] = "b", [true] = "c", [-1] = "d" }', {}, { '0': 'a', '1.5': 'b', true: 'c', '-1': 'd' }],
    ['return { n = 2.0, i = 7, nested = { { k = "v" } } }', {}, { n: 2, i: 7, nested: [{ k: 'v' }] }],
    ['event.new = event.name .. "-x" return event, 1, event', { name: 'a' }, { name: 'a', new: 'a-x' }],
  ])('%p', (script, data, want) => {
    expect(runLuaTransform(script, data)).toEqual(want);
  });

  it.each([
    ['return "hello"', /not of lua table/],
    ['x = 1', /not of lua table/],
    ['return { f = function() end }', /json: unsupported type: Lua function/],
    ['return { n = 0/0 }', /json: unsupported value: NaN/],
    ['local t = {} t.self = t return t', /contains itself/],
    ['local t = {} local c = t for i = 1, 200 do c.x = {} c = c.x end return t', /nested deeper than 100 levels/],
  ])('%p fails', (script, message) => {
    expect(() => runLuaTransform(script, {})).toThrow(message);
  });
});

/** A Lua expression building the table mapToTable makes of `value`, entries set in the same order. */
function luaLiteral(value: unknown): string {
  if (typeof value === 'string') {
    // Byte escapes give the string's UTF-8 bytes, as the conversion does.
    return `"${[...Buffer.from(value, 'utf8')].map((b) => (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c ? String.fromCharCode(b) : `\\${String(b).padStart(3, '0')}`)).join('')}"`;
  }
  // Event numbers are floats.
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 1e21 ? `${Object.is(value, -0) ? '-0' : value}.0` : String(value);
  if (typeof value === 'boolean') return String(value);
  // Positional constructors fill tables last to first; keyed fields go in order.
  if (Array.isArray(value)) {
    const kept = value.filter((e) => e !== null && e !== undefined && !Array.isArray(e));
    return `{ ${kept.map((e, i) => `[${i + 1}] = ${luaLiteral(e)}`).join(', ')} }`;
  }
  const entries = Object.entries(value as object).filter(([, v]) => v !== null && v !== undefined);
  return `{ ${entries.map(([k, v]) => `[${luaLiteral(k)}] = ${luaLiteral(v)}`).join(', ')} }`;
}

const SAMPLES: Record<string, object> = {
  scalars: { a: 1, b: 'x', c: true, d: null, e: [1, null, [2], 'y', { k: 'v' }, false], f: { g: { h: [] } }, i: -0, j: 1.5, 1: 'one', k: '' },
  resource: {
    type: 'UPDATE',
    body: { metadata: { name: 'web', labels: { app: 'web' }, annotations: { z: '1', a: '2' } }, spec: { replicas: 2, template: { spec: { containers: [{ name: 'm', image: 'i:1', env: [{ name: 'A', value: 'B' }] }] } } } },
    oldBody: { metadata: { name: 'web', labels: { app: 'web' } }, spec: { replicas: 3, template: { spec: { containers: [{ name: 'm', image: 'i:0' }] } } } },
  },
  arrays: { l: [], m: [null, null], n: [[1], [2]], o: [{}, { p: [1, 2, 3] }], q: { '': 1, 'a.b': 2, 'ü': 3, '\u0001x': 4, '__index': { x: 'from data' } } },
  ordering: { z: 1, y: 2, x: 3, w: { v: 1, u: 2 }, 10: 'ten', 2: 'two', big: 1e21, small: 1e-7, neg: -3 },
};
// The same events, large enough to be converted table by table as the script touches them.
const PADDED = Object.fromEntries(Object.entries(SAMPLES).map(([name, data]) => [`${name} (large)`, { ...data, zpad: Array.from({ length: 40 }, (_, i) => i) }]));

// Scripts that read, walk, change and compare the event; each returns what it observed.
const OBSERVERS = [
  'local o = {} for k, v in pairs(event) do o[#o + 1] = tostring(k) .. "=" .. type(v) end return o',
  'local _ = event.b, event.z local o = {} for k in pairs(event) do o[#o + 1] = tostring(k) end return o',
  'local t = event.e or {} local o = { #t } for i, v in ipairs(t) do o[#o + 1] = i .. ":" .. type(v) end return o',
  'local k, v = next(event) return { tostring(k), type(v), next({}) == nil }',
  'return { rawget(event, "a") or "nil", type(rawget(event.f or {}, "g")), rawget(event, "nope") or "nil" }',
  'rawset(event, "new", 1) local o = {} for k in pairs(event) do o[#o + 1] = tostring(k) end return o',
  'return { getmetatable(event) == nil, event == event, event.f == event.f, rawequal(event.e, event.e), getmetatable(event.f or {}) == nil }',
  'event.a = nil local o = { tostring(event.a) } for k in pairs(event) do o[#o + 1] = tostring(k) end return o',
  'local _ = event.b event.b = nil event.new = 1 event.b = 2 local o = {} for k, v in pairs(event) do o[#o + 1] = tostring(k) .. "=" .. type(v) end return o',
  'event.zz = 1 event.a = nil event.a = 5 local o = {} for k, v in pairs(event) do o[#o + 1] = tostring(k) .. "=" .. type(v) end return o',
  'local t = event.e if type(t) ~= "table" then return {} end table.insert(t, "n") table.insert(t, 1, "first") table.remove(t, 2) return { #t, table.concat({ type(t[1]), type(t[2]), type(t[#t]) }, ","), select("#", unpack(t)) }',
  'local t = event.e if type(t) ~= "table" then return {} end local s = {} for i = 1, #t do if type(t[i]) ~= "table" then s[#s + 1] = tostring(t[i]) end end table.sort(s) return s',
  'setmetatable(event, { __index = function() return "default" end }) return { event.a or "nil", event.nothere }',
  'local q = event.q if not q then return {} end local o = setmetatable({}, q) return { o.x or "nil", getmetatable(o) == q }',
  'local t = event.f if not t then return {} end local u = t.g t.g = nil t.h = { 1 } return { type(u), u.h ~= nil, t.g == nil, #t.h }',
  'local c = 0 for _ in pairs(event) do c = c + 1 end return { c, #event }',
  'local o = {} for _, f in ipairs({ function() event[nil] = 1 end, function() event[0/0] = 1 end, function() return event.nope.deeper end, function() return event < event end, function() return event .. "" end, function() return event() end, function() return next(event, "nonexistent") end }) do local ok, err = pcall(f) o[#o + 1] = tostring(ok) .. " " .. tostring(err) end return o',
  'local f = pairs({}) local o = { f == next } for k in f, event do o[#o + 1] = tostring(k) end return o',
  'local t = {} t[event] = 1 if event.f then t[event.f] = 2 end local n = 0 for _ in pairs(t) do n = n + 1 end return { n, t[event], ("x"):gsub("x", event) }',
  'local co = coroutine.wrap(function() return event.a, event.b end) return { co() }',
  'return { tostring(event.big), tostring(event.small), tostring(event.neg), tostring(event.i), tostring(event.j), tostring(1 / (event.i or 1)) }',
  'local b = event.body if not b then return {} end local a1, a2 = b.spec, b.spec a1.x = 1 return { a2.x, b.spec == a1, b.spec.template.spec.containers[1].image }',
  'local q = event.q or {} return { q[""] or "nil", q["a.b"] or "nil", q["ü"] or "nil", q["\\1x"] or "nil" }',
  'local o = event.o or {} return { #o, type(o[1]), type(o[2]), o[2] and #o[2].p or -1, table.maxn(o), table.getn(event.m or {}) }',
  'if event.f then event.f.g.h[1] = "x" end event.q = nil return event',
  'return event',
];

describe('the event table, converted as the script touches it', () => {
  const cases = Object.entries({ ...SAMPLES, ...PADDED }).flatMap(([name, data]) => OBSERVERS.map((script, i) => [name, i, script, data] as const));

  it.each(cases)('%s, observer %d, sees what a plain table of the same entries shows', (_name, _i, script, data) => {
    // Same line and a global, so that error messages name the same position and variable.
    const plain = `event = ${luaLiteral(data)} ${script}`;
    const expected = ((): unknown => {
      try {
        return runLuaTransform(plain, {});
      } catch (e) {
        return (e as Error).message;
      }
    })();
    const copy = structuredClone(data);
    for (const run of [() => runLuaTransform(script, data), () => runLuaTransform(script, copy)]) {
      try {
        expect(run()).toEqual(expected);
      } catch (e) {
        if (!(e instanceof EngineError)) throw e;
        expect(e.message).toBe(expected);
      }
    }
  });

  it("leaves the event data untouched and lets no run see another run's writes", () => {
    for (const data of [SAMPLES.resource, PADDED['resource (large)']]) {
      const before = JSON.stringify(data);
      expect(runLuaFilter('event.type = "x" event.body.spec = nil event.new = 1 return true', data)).toBe(true);
      expect(runLuaFilter('return event.type == "UPDATE" and event.body.spec.replicas == 2 and event.new == nil', data)).toBe(true);
      expect(runLuaTransform('event.oldBody.metadata.name = "changed" return event', data)).toMatchObject({ oldBody: { metadata: { name: 'changed' } } });
      expect(runLuaTransform('return event.oldBody.metadata', data)).toEqual({ name: 'web', labels: { app: 'web' } });
      expect(JSON.stringify(data)).toBe(before);
    }
  });

  it('raises the errors of a plain table, with the script position', () => {
    const data = PADDED['resource (large)'];
    expect(() => runLuaFilter('event[nil] = 1', data)).toThrow('lua: script:1: table index is nil');
    expect(() => runLuaFilter('local k = 0/0\nevent.body[k] = 1', data)).toThrow('lua: script:2: table index is NaN');
    expect(() => runLuaFilter('return event.body.nope.x', data)).toThrow("lua: script:1: attempt to index a nil value (field 'nope')");
  });

  it('refuses event data nested too deep even when the script does not go there', () => {
    let deep: Record<string, unknown> = { leaf: 'x' };
    for (let i = 0; i < 101; i++) deep = { d: deep };
    for (const data of [deep, { ...deep, pad: Array.from({ length: 40 }, (_, i) => i) }]) {
      expect(() => runLuaFilter('return true', data)).toThrow('lua: the event data is nested deeper than 100 levels');
      expect(() => runLuaTransform('return {}', data)).toThrow('lua: the event data is nested deeper than 100 levels');
    }
  });

  it('stops runs at the instruction limit on large events too', () => {
    const data = PADDED['resource (large)'];
    for (let i = 0; i < 2; i++) expect(() => runLuaFilter('local t = event.body while true do t = t.spec or event.body end', data)).toThrow(/instruction limit exceeded/);
  });
});

describe('reused verdicts', () => {
  /** A Deployment UPDATE as a resource EventSource delivers it, large enough to be converted table by table. */
  const update = (image: string, oldImage: string, revision: number): object => {
    const deployment = (img: string, rv: number): object => ({
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: 'web', namespace: 'apps', resourceVersion: String(rv), labels: { app: 'web', tier: 'front' }, annotations: { note: 'x'.repeat(50) } },
      spec: { replicas: 3, template: { spec: { containers: [{ name: 'main', image: img, ports: [{ containerPort: 8080 }], env: [{ name: 'A', value: '1' }] }] } } },
      status: { readyReplicas: rv % 4, conditions: [{ type: 'Available', status: 'True' }, { type: 'Progressing', status: 'True' }] },
    });
    return { type: 'UPDATE', body: deployment(image, revision + 1), oldBody: deployment(oldImage, revision) };
  };
  const imageChanged = `local function same(a, b)
  if a == b then return true end
  if type(a) ~= "table" or type(b) ~= "table" then return false end
  for k, v in pairs(a) do if not same(v, b[k]) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end
return event.type == "UPDATE" and not same(event.body.spec.template.spec.containers, event.oldBody.spec.template.spec.containers)`;
  const seconds = (f: () => void): number => {
    const start = process.hrtime.bigint();
    f();
    return Number(process.hrtime.bigint() - start) / 1e9;
  };

  it('gives the verdict a run would give, for events that repeat what earlier runs saw and for new ones', () => {
    for (let i = 0; i < 60; i++) {
      const image = `web:${i % 3}`;
      const oldImage = `web:${(i >> 1) % 3}`;
      // Status and resource versions change on every event; the verdict depends on the images only.
      expect([i, runLuaFilter(imageChanged, update(image, oldImage, i))]).toEqual([i, image !== oldImage]);
    }
  });

  it('answers every dependency on one event without running the script again', () => {
    const heavy = 'local n = 0 for i = 1, 300000 do n = n + i end return n > 0 and event.type == "UPDATE"';
    const data = update('web:1', 'web:1', 1);
    const first = seconds(() => expect(runLuaFilter(heavy, data)).toBe(true));
    const again = seconds(() => {
      for (let i = 0; i < 10; i++) expect(runLuaFilter(heavy, data)).toBe(true);
    });
    // An equal event, as the next status update of the same object would bring.
    const equal = seconds(() => expect(runLuaFilter(heavy, update('web:1', 'web:1', 1))).toBe(true));
    expect(again).toBeLessThan(first / 5);
    expect(equal).toBeLessThan(first / 5);
  });

  it('reuses errors as well as verdicts', () => {
    const script = 'if event.body.spec.replicas == 3 then error("three replicas") end return true';
    for (const data of [update('a', 'b', 1), update('a', 'b', 1), update('c', 'd', 2)]) {
      for (let i = 0; i < 2; i++) expect(() => runLuaFilter(script, data)).toThrow('lua: script:1: three replicas');
    }
  });

  it('does not reuse runs whose result depends on more than the script and the event', () => {
    const scripts = [
      'return math.random() < 0.5',
      // Table addresses grow from run to run.
      'return math.floor(tonumber(tostring({}):match("0x(%x+)"), 16) / 16) % 2 == 0',
      'return math.floor(os.clock() * 1e6) % 2 == 0',
    ];
    for (const script of scripts) {
      for (const data of [SAMPLES.resource, PADDED['resource (large)']]) {
        const verdicts = new Set<boolean>();
        for (let i = 0; i < 200 && verdicts.size < 2; i++) verdicts.add(runLuaFilter(script, i % 2 === 0 ? data : { ...data }));
        expect([script, verdicts.size]).toEqual([script, 2]);
      }
    }
  });
});
