import { EngineError } from './errors';
import { formatGoFloat } from './go-format';
import { EventShape, FilterOutcome, MAX_EVENT_DEPTH, Trace, VerdictCache, describeEntries, eventShape, tableEntries } from './lua-trace';

/*
 * Lua filters and transforms as Argo Events runs them with gopher-lua (a Lua 5.1 VM), here on
 * fengari (Lua 5.3 in JavaScript). Where the two versions differ visibly, this module follows
 * gopher-lua:
 *
 * - Numbers from the event are floats, and numbers turn into text the way gopher-lua does
 *   (integral values without a fraction, so `tostring(3)` and `3 .. ""` give "3", otherwise
 *   Go's %v: 0.1 + 0.2 gives "0.30000000000000004"). string.format("%s", x) still uses
 *   Lua 5.3's %.14g.
 * - Lua 5.3-only operators (`//`, `&`, `|`, `~`, `<<`, `>>`) are syntax errors, as in 5.1.
 * - The globals are the 5.1 set: `unpack`, `loadstring`, `table.getn`/`maxn`, `math.pow`,
 *   `math.log10`, `math.atan2` … and none of `rawlen`, `utf8`, `math.type`, `string.pack`.
 *   `setfenv`/`getfenv` are not provided.
 * - Sandbox: scripts get no `io`, `debug`, `package`, `require`, `dofile` or `loadfile`; `os`
 *   has only `time`, `clock`, `date` and `difftime`; `print` does nothing. gopher-lua would
 *   give scripts the whole of io and os; a simulation has no business touching the host.
 * - A run stops with an error after 10 million VM instructions.
 *
 * Every run gets a fresh global environment (library tables are copied on first use, and the
 * string metatable is reset), so runs cannot leak into each other, while the compiled chunk and
 * the Lua state are reused. Iterating over _G shows only the globals the run has used.
 *
 * The event is converted one table at a time: a table of the event stays empty, behind a
 * metatable, until the script first touches it (reads, writes, `#`, or passes it to `next`,
 * `pairs`, `rawget`, `rawset`, `getmetatable` or `setmetatable`); then all its direct entries are
 * set in the order a whole conversion would have used and the metatable is removed, so from then
 * on it is exactly the table a whole conversion gives. A filter on a large event that reads a
 * few fields converts only the tables on the way to them. Small events are converted whole. The
 * one visible trace: a first touch runs a metamethod, which counts towards fengari's limit of
 * about 200 nested calls through pcall, metamethods and library functions, so a script nested
 * that deep fails ("JS stack overflow") one level earlier.
 *
 * Filter verdicts are reused. A run that called nothing whose result depends on anything but
 * the script and the event (math.random, os.time/clock/date, or turning a table or function into
 * text, which shows its address) has an outcome fixed by the script and the event. Runs on the
 * very object of the previous run reuse its outcomes, which is why callers must not change event
 * data between runs (the simulator never does). Runs on large events are also recorded with the
 * entries of every table they touched (lua-trace.ts), and a later run of the same script on an
 * event whose tables hold the same entries gets the recorded verdict or error without the VM.
 * The instruction limit counts from the start of each run, so it is reached at the same point.
 */

/* eslint-disable @typescript-eslint/no-require-imports -- fengari ships no type declarations */
const fengari = require('fengari') as Fengari;
const lobject = require('fengari/src/lobject.js') as {
  luaO_tostring: (L: LuaState, obj: TValue) => void;
  luaO_pushvfstring: (L: LuaState, fmt: Uint8Array, argp: unknown[]) => unknown;
};
const lstring = require('fengari/src/lstring.js') as { luaS_bless: (L: LuaState, s: Uint8Array) => unknown };
/* eslint-enable @typescript-eslint/no-require-imports */

type LuaState = object;

interface TValue {
  readonly value: number;
  ttisinteger(): boolean;
  setsvalue(s: unknown): void;
}

type JsFunction = (L: LuaState) => number;

interface Fengari {
  to_luastring(s: string): Uint8Array;
  to_jsstring(s: Uint8Array): string;
  lua: {
    LUA_ERRRUN: number; LUA_MASKCOUNT: number; LUA_MULTRET: number; LUA_OK: number; LUA_REGISTRYINDEX: number;
    LUA_TNIL: number; LUA_TBOOLEAN: number; LUA_TNUMBER: number; LUA_TSTRING: number; LUA_TTABLE: number;
    lua_checkstack(L: LuaState, n: number): boolean;
    lua_createtable(L: LuaState, narr: number, nrec: number): void;
    lua_getfield(L: LuaState, idx: number, k: Uint8Array): number;
    lua_getglobal(L: LuaState, name: Uint8Array): number;
    lua_getmetatable(L: LuaState, idx: number): boolean;
    lua_gettop(L: LuaState): number;
    lua_isinteger(L: LuaState, idx: number): boolean;
    lua_next(L: LuaState, idx: number): number;
    lua_pcall(L: LuaState, nargs: number, nresults: number, errfunc: number): number;
    lua_pop(L: LuaState, n: number): void;
    lua_pushboolean(L: LuaState, b: boolean): void;
    lua_pushinteger(L: LuaState, n: number): void;
    lua_pushjsfunction(L: LuaState, f: JsFunction): void;
    lua_pushnil(L: LuaState): void;
    lua_pushnumber(L: LuaState, n: number): void;
    lua_pushstring(L: LuaState, s: Uint8Array): void;
    lua_pushvalue(L: LuaState, idx: number): void;
    lua_rawget(L: LuaState, idx: number): number;
    lua_rawgeti(L: LuaState, idx: number, n: number): number;
    lua_rawlen(L: LuaState, idx: number): number;
    lua_rawset(L: LuaState, idx: number): void;
    lua_rawseti(L: LuaState, idx: number, n: number): void;
    lua_replace(L: LuaState, idx: number): void;
    lua_setfield(L: LuaState, idx: number, k: Uint8Array): void;
    lua_sethook(L: LuaState, f: ((L: LuaState) => void) | null, mask: number, count: number): void;
    lua_setmetatable(L: LuaState, idx: number): void;
    lua_settop(L: LuaState, idx: number): void;
    lua_setupvalue(L: LuaState, funcindex: number, n: number): unknown;
    lua_toboolean(L: LuaState, idx: number): boolean;
    lua_tocfunction(L: LuaState, idx: number): JsFunction | null;
    lua_tojsstring(L: LuaState, idx: number): string;
    lua_topointer(L: LuaState, idx: number): object;
    lua_tonumber(L: LuaState, idx: number): number;
    lua_type(L: LuaState, idx: number): number;
    lua_typename(L: LuaState, t: number): Uint8Array;
  };
  lauxlib: {
    luaL_checkany(L: LuaState, arg: number): void;
    luaL_error(L: LuaState, msg: Uint8Array): never;
    luaL_loadbufferx(L: LuaState, buf: Uint8Array, size: number | null, name: Uint8Array, mode: Uint8Array | null): number;
    luaL_newstate(): LuaState;
    luaL_ref(L: LuaState, t: number): number;
    luaL_requiref(L: LuaState, name: Uint8Array, f: JsFunction, glb: number): void;
    luaL_tolstring(L: LuaState, idx: number): Uint8Array;
    luaL_unref(L: LuaState, t: number, ref: number): void;
  };
  lualib: Record<'luaopen_base' | 'luaopen_table' | 'luaopen_string' | 'luaopen_math' | 'luaopen_os' | 'luaopen_coroutine', JsFunction>;
}

const { lua, lauxlib, lualib, to_luastring } = fengari;

/** gopher-lua's LNumber.String(): integral values as integers, otherwise Go's %v. */
function luaNumberString(n: number, isInteger: boolean): string {
  if (isInteger) return String(n);
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  return formatGoFloat(n);
}

// Concatenation and lua_tolstring turn numbers into text through this export.
lobject.luaO_tostring = (L, obj) => {
  obj.setsvalue(lstring.luaS_bless(L, to_luastring(luaNumberString(obj.value, obj.ttisinteger()))));
};

// A table or function turned into text shows its address, which differs from run to run.
let addressShown = false;
const pushvfstring = lobject.luaO_pushvfstring;
lobject.luaO_pushvfstring = (L, fmt, argp) => {
  for (let i = 0; i + 1 < fmt.length; i++) {
    if (fmt[i] === 37 /* % */ && fmt[i + 1] === 112 /* p */) addressShown = true;
  }
  return pushvfstring(L, fmt, argp);
};

const INSTRUCTION_LIMIT = 10_000_000;
const HOOK_EVERY = 1000;
const MAX_DEPTH = 100;
const CACHE_LIMIT = 500;
/** Stands for null event data, which scripts see as an empty table. */
const NO_DATA: object = Object.freeze({});
// Events with no more values than this are converted whole before the script starts: a table
// converted on first touch costs a call from Lua into JavaScript, more than a few entries do.
// Their runs are cheap, so they are not traced for reuse on other events either.
const WHOLE_EVENT_VALUES = 32;

/** Builds the per-run environment; runs once per state with the real globals. */
const PRELUDE = `
local G, string, table, math, os, coroutine = _G, string, table, math, os, coroutine
local next, load = next, load
local smt = getmetatable("")
local base = {}
for _, k in ipairs({"assert", "error", "getmetatable", "ipairs", "next", "pairs", "pcall", "rawequal",
    "rawget", "rawset", "select", "setmetatable", "tonumber", "tostring", "type", "xpcall"}) do
  base[k] = G[k]
end
base.unpack = table.unpack
base._VERSION = "Lua 5.1"
base.print = function() end
base.collectgarbage = function() return 0 end
local function pick(lib, names)
  local t = {}
  for _, k in ipairs(names) do t[k] = lib[k] end
  return t
end
local libs = {
  string = pick(string, {"byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match",
    "rep", "reverse", "sub", "upper"}),
  table = pick(table, {"concat", "insert", "remove", "sort"}),
  math = pick(math, {"abs", "acos", "asin", "ceil", "cos", "deg", "exp", "floor", "fmod", "huge", "max",
    "min", "modf", "pi", "rad", "random", "randomseed", "sin", "sqrt", "tan"}),
  os = pick(os, {"clock", "date", "difftime", "time"}),
  coroutine = pick(coroutine, {"create", "resume", "running", "status", "wrap", "yield"}),
}
libs.table.getn = function(t) return #t end
libs.table.maxn = function(t)
  local n = 0
  for k in next, t do if type(k) == "number" and k > n then n = k end end
  return n
end
local m, exp = libs.math, math.exp
m.atan = function(x) return math.atan(x) end
m.atan2 = function(y, x) return math.atan(y, x) end
m.log = function(x) return math.log(x) end
m.log10 = function(x) return math.log(x, 10) end
m.pow = function(x, y) return x ^ y end
m.mod = math.fmod
m.ldexp = function(x, e) return x * 2.0 ^ e end
m.frexp = function(x)
  if x == 0 or x ~= x or x == math.huge or x == -math.huge then return x, 0 end
  local e = math.floor(math.log(math.abs(x), 2)) + 1
  local f = x / 2.0 ^ e
  if math.abs(f) >= 1 then f, e = f / 2, e + 1 elseif math.abs(f) < 0.5 then f, e = f * 2, e - 1 end
  return f, e
end
m.cosh = function(x) return (exp(x) + exp(-x)) / 2 end
m.sinh = function(x) return (exp(x) - exp(-x)) / 2 end
m.tanh = function(x) local a, b = exp(x), exp(-x) return (a - b) / (a + b) end
local function copy(t)
  local c = {}
  for k, v in next, t do c[k] = v end
  return c
end
local setmetatable, rawget, rawset = setmetatable, rawget, rawset
local current
local function stringIndex(_, k)
  return (rawget(current, "string") or libs.string)[k]
end
-- Globals are filled in on first use: a library table is copied the first time a run touches
-- it, so a run that changes string.x changes only its own copy.
return function(event)
  local env = { event = event }
  env._G = env
  setmetatable(env, { __index = function(t, k)
    local v = base[k]
    if v == nil then
      local lib = libs[k]
      if lib ~= nil then
        v = copy(lib)
      elseif k == "load" or k == "loadstring" then
        v = function(chunk, name) return load(chunk, name, "t", t) end
      else
        return nil
      end
    end
    rawset(t, k, v)
    return v
  end })
  current = env
  for k in next, smt do smt[k] = nil end
  smt.__index = stringIndex
  return env
end
`;

const STRING_OPERATORS = /\/\/|<<|>>|~(?!=)|&|\|/;

/**
 * Finds Lua 5.3 operators outside strings and comments; gopher-lua (5.1) rejects them at
 * compile time.
 */
function lua53Operator(src: string): string | undefined {
  let i = 0;
  const n = src.length;
  const longBracket = (at: number): number => {
    const m = /^\[(=*)\[/.exec(src.slice(at, at + 64));
    return m ? m[1].length : -1;
  };
  const skipLong = (at: number, level: number): number => {
    const close = `]${'='.repeat(level)}]`;
    const end = src.indexOf(close, at + level + 2);
    return end < 0 ? n : end + close.length;
  };
  while (i < n) {
    const c = src[i];
    if (c === '-' && src[i + 1] === '-') {
      const level = longBracket(i + 2);
      if (level >= 0) i = skipLong(i + 2, level);
      else {
        const nl = src.indexOf('\n', i);
        i = nl < 0 ? n : nl + 1;
      }
      continue;
    }
    if (c === '"' || c === "'") {
      i++;
      while (i < n && src[i] !== c && src[i] !== '\n') i += src[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c === '[') {
      const level = longBracket(i);
      if (level >= 0) {
        i = skipLong(i, level);
        continue;
      }
    }
    const m = STRING_OPERATORS.exec(src.slice(i, i + 2));
    if (m && m.index === 0) return m[0];
    i++;
  }
  return undefined;
}

/** A table of the event whose entries are not converted yet, numbered in order of creation. */
interface LazyTable {
  readonly value: object;
  readonly number: number;
}

class LuaVm {
  private readonly L: LuaState;
  private readonly newEnvRef: number;
  private readonly lazyMetaRef: number;
  private readonly hook: (L: LuaState) => void;
  private readonly compiled = new Map<string, number | EngineError>();
  // Object keys repeat from event to event; their Lua strings are kept.
  private readonly keys = new Map<string, Uint8Array>();
  private instructions = 0;
  // The current run: its unconverted tables (by fengari table object), what it touched, and
  // whether it called anything that makes its outcome depend on more than the script and event.
  private readonly lazy = new Map<object, LazyTable>();
  private tablesCreated = 0;
  private trace: Trace | undefined;
  private deterministic = true;
  private readonly verdicts = new VerdictCache();
  private lastEvent: object | undefined;
  private lastShape: EventShape = { tooDeep: false, values: 0 };
  private lastOutcomes = new Map<string, FilterOutcome>();

  constructor() {
    this.L = lauxlib.luaL_newstate();
    const L = this.L;
    const libs: [string, JsFunction][] = [
      ['_G', lualib.luaopen_base], ['table', lualib.luaopen_table], ['string', lualib.luaopen_string],
      ['math', lualib.luaopen_math], ['os', lualib.luaopen_os], ['coroutine', lualib.luaopen_coroutine],
    ];
    for (const [name, open] of libs) {
      lauxlib.luaL_requiref(L, to_luastring(name), open, 1);
      lua.lua_pop(L, 1);
    }
    // tostring() formats numbers through lua_pushfstring, which the export patch does not reach.
    lua.lua_pushjsfunction(L, (S) => {
      lauxlib.luaL_checkany(S, 1);
      if (lua.lua_type(S, 1) === lua.LUA_TNUMBER) {
        lua.lua_pushstring(S, to_luastring(luaNumberString(lua.lua_tonumber(S, 1), lua.lua_isinteger(S, 1))));
      } else {
        lauxlib.luaL_tolstring(S, 1);
      }
      return 1;
    });
    this.setGlobal('tostring');
    this.wrapLibraryFunctions();
    lua.lua_createtable(L, 0, 3);
    const metamethods: [string, JsFunction][] = [
      ['__index', (S) => {
        this.convert(S, 1);
        lua.lua_rawget(S, 1);
        return 1;
      }],
      ['__newindex', (S) => {
        this.convert(S, 1);
        // Raised here, lua_rawset's errors would lack the script position a plain table's have.
        if (lua.lua_type(S, 2) === lua.LUA_TNIL) lauxlib.luaL_error(S, to_luastring('table index is nil'));
        if (lua.lua_type(S, 2) === lua.LUA_TNUMBER && Number.isNaN(lua.lua_tonumber(S, 2))) lauxlib.luaL_error(S, to_luastring('table index is NaN'));
        lua.lua_rawset(S, 1);
        return 0;
      }],
      ['__len', (S) => {
        this.convert(S, 1);
        lua.lua_pushinteger(S, lua.lua_rawlen(S, 1));
        return 1;
      }],
    ];
    for (const [name, f] of metamethods) {
      lua.lua_pushjsfunction(L, f);
      lua.lua_setfield(L, -2, to_luastring(name));
    }
    this.lazyMetaRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
    if (lauxlib.luaL_loadbufferx(L, to_luastring(PRELUDE), null, to_luastring('=prelude'), to_luastring('t')) !== lua.LUA_OK
      || lua.lua_pcall(L, 0, 1, 0) !== lua.LUA_OK) {
      throw new Error(`Lua prelude failed: ${lua.lua_tojsstring(L, -1)}`);
    }
    this.newEnvRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
    this.hook = (S) => {
      this.instructions += HOOK_EVERY;
      if (this.instructions > INSTRUCTION_LIMIT) lauxlib.luaL_error(S, to_luastring('instruction limit exceeded'));
    };
  }

  /**
   * Replaces library functions in place (the prelude picks them up, and error messages name them
   * as before): the raw table functions convert a table of the event before looking at it, and
   * the functions whose results vary between calls mark the run as not reusable.
   */
  private wrapLibraryFunctions(): void {
    const L = this.L;
    const wrap = (lib: string | undefined, name: string, make: (original: JsFunction) => JsFunction): JsFunction => {
      if (lib === undefined) lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, 2 /* LUA_RIDX_GLOBALS */);
      else lua.lua_getglobal(L, to_luastring(lib));
      lua.lua_getfield(L, -1, to_luastring(name));
      const original = lua.lua_tocfunction(L, -1);
      if (original === null) throw new Error(`Lua library function ${name} is missing`);
      const wrapped = make(original);
      lua.lua_pop(L, 1);
      lua.lua_pushjsfunction(L, wrapped);
      lua.lua_setfield(L, -2, to_luastring(name));
      lua.lua_pop(L, 1);
      return wrapped;
    };
    const converting = (...args: number[]) => (original: JsFunction): JsFunction => (S) => {
      for (const i of args) if (lua.lua_type(S, i) === lua.LUA_TTABLE) this.convert(S, i);
      return original(S);
    };
    let originalNext: JsFunction | undefined;
    const next = wrap(undefined, 'next', (original) => {
      originalNext = original;
      return converting(1)(original);
    });
    // pairs hands out next itself; it must be the converting one.
    wrap(undefined, 'pairs', (original) => converting(1)((S) => {
      const n = original(S);
      if (lua.lua_tocfunction(S, -3) === originalNext) {
        lua.lua_pushjsfunction(S, next);
        lua.lua_replace(S, -4);
      }
      return n;
    }));
    for (const name of ['rawget', 'rawset', 'getmetatable']) wrap(undefined, name, converting(1));
    // A table of the event may also become a metatable, whose fields Lua reads raw.
    wrap(undefined, 'setmetatable', converting(1, 2));
    const varying = (original: JsFunction): JsFunction => (S) => {
      this.deterministic = false;
      return original(S);
    };
    for (const name of ['random', 'randomseed']) wrap('math', name, varying);
    for (const name of ['clock', 'date', 'time']) wrap('os', name, varying);
  }

  private setGlobal(name: string): void {
    lua.lua_rawgeti(this.L, lua.LUA_REGISTRYINDEX, 2 /* LUA_RIDX_GLOBALS */);
    lua.lua_pushstring(this.L, to_luastring(name));
    lua.lua_pushvalue(this.L, -3);
    lua.lua_rawset(this.L, -3);
    lua.lua_pop(this.L, 2);
  }

  private compile(script: string): number {
    let ref = this.compiled.get(script);
    if (ref === undefined) {
      const op = lua53Operator(script);
      if (op !== undefined) {
        ref = new EngineError(`lua: '${op}' is not Lua 5.1 syntax (gopher-lua rejects it)`);
      } else if (lauxlib.luaL_loadbufferx(this.L, to_luastring(script), null, to_luastring('=script'), to_luastring('t')) !== lua.LUA_OK) {
        ref = new EngineError(`lua: ${lua.lua_tojsstring(this.L, -1)}`);
        lua.lua_pop(this.L, 1);
      } else {
        ref = lauxlib.luaL_ref(this.L, lua.LUA_REGISTRYINDEX);
      }
      if (this.compiled.size >= CACHE_LIMIT) {
        for (const r of this.compiled.values()) if (typeof r === 'number') lauxlib.luaL_unref(this.L, lua.LUA_REGISTRYINDEX, r);
        this.compiled.clear();
        this.verdicts.clear();
      }
      this.compiled.set(script, ref);
    }
    if (ref instanceof EngineError) throw ref;
    return ref;
  }

  /** The compile error of `script` (gopher-lua's Lua 5.1), or undefined when it compiles. */
  public syntaxError(script: string): string | undefined {
    try {
      this.compile(script);
      return undefined;
    } catch (e) {
      return e instanceof EngineError ? e.message : String(e);
    }
  }

  /** Runs a filter script; see {@link runLuaFilter}. */
  public filter(script: string, data: unknown): boolean {
    const event = eventObject(data);
    let outcome = event === this.lastEvent ? this.lastOutcomes.get(script) : undefined;
    if (outcome === undefined) {
      const ref = this.compile(script);
      if (event !== this.lastEvent) {
        this.lastShape = checkedShape(event);
        this.lastEvent = event;
        this.lastOutcomes = new Map();
      }
      const whole = this.lastShape.values <= WHOLE_EVENT_VALUES;
      outcome = whole ? undefined : this.verdicts.lookup(script, event);
      if (outcome === undefined) {
        const run = this.runFilter(ref, event, whole);
        outcome = run.outcome;
        if (!run.reusable) return settle(outcome);
        if (run.trace) this.verdicts.record(script, run.trace, outcome);
      }
      this.lastOutcomes.set(script, outcome);
    }
    return settle(outcome);
  }

  /**
   * Runs a filter in the VM, tracing what it touches unless the event is converted `whole`. Says
   * whether the outcome may be reused; errors of runs whose outcome may not be are thrown.
   */
  private runFilter(ref: number, event: object, whole: boolean): { outcome: FilterOutcome; reusable: boolean; trace?: Trace } {
    const trace: Trace | undefined = whole ? undefined : [];
    try {
      const status = this.execute(ref, event, whole, trace);
      const reusable = this.deterministic && !addressShown;
      if (status === lua.LUA_OK) return { outcome: { pass: lua.lua_gettop(this.L) > 0 && this.isTrueAt(-1) }, reusable, trace };
      const error = this.popError();
      if (status !== lua.LUA_ERRRUN || !reusable) throw error;
      return { outcome: { error: error.message }, reusable, trace };
    } finally {
      this.reset();
    }
  }

  /** Runs a transform script; see {@link runLuaTransform}. */
  public transform(script: string, data: unknown): unknown {
    const event = eventObject(data);
    const ref = this.compile(script);
    const shape = checkedShape(event);
    try {
      if (this.execute(ref, event, shape.values <= WHOLE_EVENT_VALUES, undefined) !== lua.LUA_OK) throw this.popError();
      const n = lua.lua_gettop(this.L);
      if (n === 0 || lua.lua_type(this.L, -1) !== lua.LUA_TTABLE) throw new EngineError('transformation script output type is not of lua table');
      return this.toJs(-1);
    } finally {
      this.reset();
    }
  }

  /**
   * Runs the compiled chunk with `event` set (converted `whole` before the script starts, or table
   * by table as the script touches them, noting them in `trace`). Returns the pcall status; the
   * results or the error are left on the stack.
   */
  private execute(ref: number, event: object, whole: boolean, trace: Trace | undefined): number {
    const L = this.L;
    lua.lua_settop(L, 0);
    this.trace = trace;
    this.deterministic = true;
    addressShown = false;
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, ref);
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, this.newEnvRef);
    if (whole) this.pushConverted(L, event);
    else this.pushTable(L, event);
    this.instructions = 0;
    // Setting the hook restarts its count, so the limit does not depend on earlier runs.
    lua.lua_sethook(L, this.hook, lua.LUA_MASKCOUNT, HOOK_EVERY);
    if (lua.lua_pcall(L, 1, 1, 0) !== lua.LUA_OK) throw this.popError();
    // The chunk's first upvalue is _ENV.
    lua.lua_setupvalue(L, 1, 1);
    return lua.lua_pcall(L, 0, lua.LUA_MULTRET, 0);
  }

  /** Pushes a map or array of the event as a table with all its entries, nested ones included. */
  private pushConverted(L: LuaState, value: object): void {
    const { keys, values } = tableEntries(value);
    if (!lua.lua_checkstack(L, 3)) throw new EngineError(`lua: the event data is nested deeper than ${MAX_EVENT_DEPTH} levels`);
    lua.lua_createtable(L, 0, 0);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (keys) lua.lua_pushstring(L, this.keyBytes(keys[i]));
      if (typeof v === 'object') this.pushConverted(L, v as object);
      else this.pushValue(L, v);
      if (keys) lua.lua_rawset(L, -3);
      else lua.lua_rawseti(L, -2, i + 1);
    }
  }

  private popError(): EngineError {
    const msg = lua.lua_type(this.L, -1) === lua.LUA_TSTRING ? lua.lua_tojsstring(this.L, -1) : 'error object is not a string';
    lua.lua_settop(this.L, 0);
    return new EngineError(`lua: ${msg}`);
  }

  /** Pushes an empty table standing for a map or array of the event, converted on first touch. */
  private pushTable(S: LuaState, value: object): void {
    lua.lua_createtable(S, 0, 0);
    lua.lua_rawgeti(S, lua.LUA_REGISTRYINDEX, this.lazyMetaRef);
    lua.lua_setmetatable(S, -2);
    this.lazy.set(lua.lua_topointer(S, -1), { value, number: this.tablesCreated++ });
  }

  /**
   * Gives the table at absolute index `t` its entries, if it is a table of the event not yet
   * converted, as Argo Events' mapToTable sets them (see tableEntries), and drops its metatable.
   * Needs three free stack slots: functions called from Lua have twenty, tableToJs checks.
   */
  private convert(S: LuaState, t: number): void {
    const table = lua.lua_topointer(S, t);
    const lazy = this.lazy.get(table);
    if (lazy === undefined) return;
    this.lazy.delete(table);
    const entries = tableEntries(lazy.value);
    this.trace?.push(lazy.number, describeEntries(entries, []));
    const { keys, values } = entries;
    for (let i = 0; i < values.length; i++) {
      if (keys) {
        lua.lua_pushstring(S, this.keyBytes(keys[i]));
        this.pushValue(S, values[i]);
        lua.lua_rawset(S, t);
      } else {
        this.pushValue(S, values[i]);
        lua.lua_rawseti(S, t, i + 1);
      }
    }
    lua.lua_pushnil(S);
    lua.lua_setmetatable(S, t);
  }

  private pushValue(S: LuaState, v: unknown): void {
    switch (typeof v) {
      case 'number': lua.lua_pushnumber(S, v); return;
      case 'string': lua.lua_pushstring(S, to_luastring(v)); return;
      case 'boolean': lua.lua_pushboolean(S, v); return;
      default: this.pushTable(S, v as object);
    }
  }

  private keyBytes(key: string): Uint8Array {
    let b = this.keys.get(key);
    if (!b) {
      if (this.keys.size >= 10_000) this.keys.clear();
      b = to_luastring(key);
      this.keys.set(key, b);
    }
    return b;
  }

  /**
   * Argo Events' toGoValue, then what json.Marshal accepts. `path` holds the tables being
   * converted: a table that contains itself would make gopher-lua recurse until the Sensor dies.
   */
  private toJs(idx: number, path: Set<object> = new Set()): unknown {
    const L = this.L;
    switch (lua.lua_type(L, idx)) {
      case lua.LUA_TNIL: return null;
      case lua.LUA_TBOOLEAN: return lua.lua_toboolean(L, idx);
      case lua.LUA_TSTRING: return lua.lua_tojsstring(L, idx);
      case lua.LUA_TNUMBER: {
        const n = lua.lua_tonumber(L, idx);
        if (!Number.isFinite(n)) throw new EngineError(`json: unsupported value: ${formatGoFloat(n)}`);
        return n;
      }
      case lua.LUA_TTABLE: return this.tableToJs(idx, path);
      default:
        throw new EngineError(`json: unsupported type: Lua ${fengari.to_jsstring(lua.lua_typename(L, lua.lua_type(L, idx)))}`);
    }
  }

  private tableToJs(idx: number, path: Set<object>): unknown {
    const L = this.L;
    const t = idx < 0 ? lua.lua_gettop(L) + idx + 1 : idx;
    const ptr = lua.lua_topointer(L, t);
    if (path.has(ptr)) throw new EngineError('lua: the returned table contains itself');
    if (path.size >= MAX_DEPTH || !lua.lua_checkstack(L, 4)) {
      throw new EngineError(`lua: the returned table is nested deeper than ${MAX_DEPTH} levels`);
    }
    this.convert(L, t);
    path.add(ptr);
    try {
      return this.tableContents(t, path);
    } finally {
      path.delete(ptr);
    }
  }

  private tableContents(t: number, path: Set<object>): unknown {
    const L = this.L;
    // gopher-lua's MaxN: the largest positive integer key (within its array part) with a value.
    let maxN = 0;
    lua.lua_pushnil(L);
    while (lua.lua_next(L, t) !== 0) {
      if (lua.lua_type(L, -2) === lua.LUA_TNUMBER && lua.lua_isinteger(L, -2)) {
        const k = lua.lua_tonumber(L, -2);
        if (k >= 1 && k < 2 ** 26 && k > maxN) maxN = k;
      }
      lua.lua_pop(L, 1);
    }
    let isArray = maxN > 0;
    if (lua.lua_getmetatable(L, t)) {
      lua.lua_pushstring(L, to_luastring('__is_array'));
      lua.lua_rawget(L, -2);
      if (lua.lua_type(L, -1) === lua.LUA_TBOOLEAN && lua.lua_toboolean(L, -1)) isArray = true;
      lua.lua_pop(L, 2);
    }
    if (isArray) {
      const out: unknown[] = [];
      for (let i = 1; i <= maxN; i++) {
        lua.lua_rawgeti(L, t, i);
        out.push(this.toJs(-1, path));
        lua.lua_pop(L, 1);
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    lua.lua_pushnil(L);
    while (lua.lua_next(L, t) !== 0) {
      const value = this.toJs(-1, path);
      out[this.keyString(-2)] = value;
      lua.lua_pop(L, 1);
    }
    return out;
  }

  /** gopher-lua's LValue.String() of a table key. */
  private keyString(idx: number): string {
    const L = this.L;
    switch (lua.lua_type(L, idx)) {
      case lua.LUA_TSTRING: return lua.lua_tojsstring(L, idx);
      case lua.LUA_TNUMBER: return luaNumberString(lua.lua_tonumber(L, idx), lua.lua_isinteger(L, idx));
      default: {
        // luaL_tolstring pushes its result; copy the key first so lua_next keeps working.
        lua.lua_pushvalue(L, idx);
        lauxlib.luaL_tolstring(L, -1);
        const s = lua.lua_tojsstring(L, -1);
        lua.lua_pop(L, 2);
        return s;
      }
    }
  }

  private isTrueAt(idx: number): boolean {
    return lua.lua_type(this.L, idx) === lua.LUA_TBOOLEAN && lua.lua_toboolean(this.L, idx);
  }

  private reset(): void {
    lua.lua_settop(this.L, 0);
    this.lazy.clear();
    this.tablesCreated = 0;
    this.trace = undefined;
  }
}

/** The event data as the object scripts see (null is an empty table); anything else but a JSON object is refused. */
function eventObject(data: unknown): object {
  if (data === null) return NO_DATA;
  if (typeof data !== 'object' || Array.isArray(data)) throw new EngineError('lua: the event data must be a JSON object');
  return data;
}

function checkedShape(event: object): EventShape {
  const shape = eventShape(event);
  if (shape.tooDeep) throw new EngineError(`lua: the event data is nested deeper than ${MAX_EVENT_DEPTH} levels`);
  return shape;
}

function settle(outcome: FilterOutcome): boolean {
  if ('error' in outcome) throw new EngineError(outcome.error);
  return outcome.pass;
}

let vm: LuaVm | undefined;

function getVm(): LuaVm {
  vm ??= new LuaVm();
  return vm;
}

/** The error gopher-lua reports compiling `script` (Lua 5.1 syntax), or undefined when it compiles. */
export function luaSyntaxError(script: string): string | undefined {
  return getVm().syntaxError(script);
}

/**
 * Runs a Lua filter script with the global `event` set to `data` (a JSON object). Passes only
 * when the last value the chunk returns is the boolean true. Throws EngineError on a compile
 * or runtime error, or when `data` is not an object. `data` is only read; since verdicts are
 * reused for the object last passed, it must not be changed between runs (pass a new object).
 */
export function runLuaFilter(script: string, data: unknown): boolean {
  return getVm().filter(script, data);
}

/**
 * Runs a Lua transform script and returns the table its chunk returns (the last value),
 * converted back to a JSON value as Argo Events does: numbers are floats, a table with integer
 * keys 1..n becomes an array (other keys dropped), an empty table is `{}` unless its metatable
 * sets `__is_array = true`. Throws EngineError when the script fails or returns no table.
 * `data` is only read.
 */
export function runLuaTransform(script: string, data: unknown): unknown {
  return getVm().transform(script, data);
}
