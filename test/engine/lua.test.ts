import * as fs from 'fs';
import * as path from 'path';
import { EngineError } from '../../src/engine/errors';
import { runLuaFilter, runLuaTransform } from '../../src/engine/lua';
import { marshalGoJson } from '../../src/engine/sprig';

const VECTORS = path.resolve(__dirname, '..', '..', '..', 'shared', 'conformance', 'vectors');
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
    const data = { type: 'UPDATE', body: { metadata: { name: 'web', generation: 3 } }, oldBody: { metadata: { name: 'web', generation: 2 } } };
    const script = 'return event.body.metadata.generation ~= event.oldBody.metadata.generation';
    const start = process.hrtime.bigint();
    for (let i = 0; i < 2000; i++) runLuaFilter(script, data);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    // Measured at about 45,000 runs/s; the bound leaves room for a loaded CI machine.
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
