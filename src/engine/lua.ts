import { EngineError } from './errors';
import { formatGoFloat } from './go-format';

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
 */

/* eslint-disable @typescript-eslint/no-require-imports -- fengari ships no type declarations */
const fengari = require('fengari') as Fengari;
const lobject = require('fengari/src/lobject.js') as { luaO_tostring: (L: LuaState, obj: TValue) => void };
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
    LUA_MASKCOUNT: number; LUA_MULTRET: number; LUA_OK: number; LUA_REGISTRYINDEX: number;
    LUA_TNIL: number; LUA_TBOOLEAN: number; LUA_TNUMBER: number; LUA_TSTRING: number; LUA_TTABLE: number;
    lua_checkstack(L: LuaState, n: number): boolean;
    lua_createtable(L: LuaState, narr: number, nrec: number): void;
    lua_getmetatable(L: LuaState, idx: number): boolean;
    lua_gettop(L: LuaState): number;
    lua_isinteger(L: LuaState, idx: number): boolean;
    lua_next(L: LuaState, idx: number): number;
    lua_pcall(L: LuaState, nargs: number, nresults: number, errfunc: number): number;
    lua_pop(L: LuaState, n: number): void;
    lua_pushboolean(L: LuaState, b: boolean): void;
    lua_pushjsfunction(L: LuaState, f: JsFunction): void;
    lua_pushnil(L: LuaState): void;
    lua_pushnumber(L: LuaState, n: number): void;
    lua_pushstring(L: LuaState, s: Uint8Array): void;
    lua_pushvalue(L: LuaState, idx: number): void;
    lua_rawget(L: LuaState, idx: number): number;
    lua_rawgeti(L: LuaState, idx: number, n: number): number;
    lua_rawset(L: LuaState, idx: number): void;
    lua_rawseti(L: LuaState, idx: number, n: number): void;
    lua_sethook(L: LuaState, f: ((L: LuaState) => void) | null, mask: number, count: number): void;
    lua_settop(L: LuaState, idx: number): void;
    lua_setupvalue(L: LuaState, funcindex: number, n: number): unknown;
    lua_toboolean(L: LuaState, idx: number): boolean;
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

const INSTRUCTION_LIMIT = 10_000_000;
const HOOK_EVERY = 1000;
const MAX_DEPTH = 100;
const CACHE_LIMIT = 500;

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

class LuaVm {
  private readonly L: LuaState;
  private readonly newEnvRef: number;
  private readonly compiled = new Map<string, number | EngineError>();
  // Object keys repeat from event to event; their Lua strings are kept.
  private readonly keys = new Map<string, Uint8Array>();
  private instructions = 0;

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
    if (lauxlib.luaL_loadbufferx(L, to_luastring(PRELUDE), null, to_luastring('=prelude'), to_luastring('t')) !== lua.LUA_OK
      || lua.lua_pcall(L, 0, 1, 0) !== lua.LUA_OK) {
      throw new Error(`Lua prelude failed: ${lua.lua_tojsstring(L, -1)}`);
    }
    this.newEnvRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
    lua.lua_sethook(L, (S) => {
      this.instructions += HOOK_EVERY;
      if (this.instructions > INSTRUCTION_LIMIT) lauxlib.luaL_error(S, to_luastring('instruction limit exceeded'));
    }, lua.LUA_MASKCOUNT, HOOK_EVERY);
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
      }
      this.compiled.set(script, ref);
    }
    if (ref instanceof EngineError) throw ref;
    return ref;
  }

  /** Runs the script with `event` set; returns the number of results left on the stack. */
  public run(script: string, data: unknown): number {
    if (data !== null && (typeof data !== 'object' || Array.isArray(data))) {
      throw new EngineError('lua: the event data must be a JSON object');
    }
    const ref = this.compile(script);
    const L = this.L;
    lua.lua_settop(L, 0);
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, ref);
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, this.newEnvRef);
    this.pushMap(data === null ? {} : (data as Record<string, unknown>));
    this.instructions = 0;
    if (lua.lua_pcall(L, 1, 1, 0) !== lua.LUA_OK) throw this.popError();
    // The chunk's first upvalue is _ENV.
    lua.lua_setupvalue(L, 1, 1);
    if (lua.lua_pcall(L, 0, lua.LUA_MULTRET, 0) !== lua.LUA_OK) throw this.popError();
    return lua.lua_gettop(L);
  }

  private popError(): EngineError {
    const msg = lua.lua_type(this.L, -1) === lua.LUA_TSTRING ? lua.lua_tojsstring(this.L, -1) : 'error object is not a string';
    lua.lua_settop(this.L, 0);
    return new EngineError(`lua: ${msg}`);
  }

  /** Argo Events' mapToTable: nulls are dropped; arrays keep only maps, numbers, strings and bools. */
  private pushMap(m: Record<string, unknown>, depth = 0): void {
    const L = this.L;
    // Each level of nesting holds a table and a key on the C stack.
    if (depth > MAX_DEPTH || !lua.lua_checkstack(L, 4)) throw new EngineError(`lua: the event data is nested deeper than ${MAX_DEPTH} levels`);
    lua.lua_createtable(L, 0, 0);
    for (const key of Object.keys(m)) {
      const v = m[key];
      if (v === null || v === undefined) continue;
      lua.lua_pushstring(L, this.keyBytes(key));
      if (Array.isArray(v)) {
        lua.lua_createtable(L, v.length, 0);
        let i = 0;
        for (const e of v) {
          if (e === null || Array.isArray(e) || !this.pushScalarOrMap(e, depth)) continue;
          lua.lua_rawseti(L, -2, ++i);
        }
      } else if (!this.pushScalarOrMap(v, depth)) {
        lua.lua_pop(L, 1);
        continue;
      }
      lua.lua_rawset(L, -3);
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

  private pushScalarOrMap(v: unknown, depth: number): boolean {
    const L = this.L;
    switch (typeof v) {
      case 'number': lua.lua_pushnumber(L, v); return true;
      case 'string': lua.lua_pushstring(L, to_luastring(v)); return true;
      case 'boolean': lua.lua_pushboolean(L, v); return true;
      case 'object':
        if (v === null || Array.isArray(v)) return false;
        this.pushMap(v as Record<string, unknown>, depth + 1);
        return true;
      default: return false;
    }
  }

  /**
   * Argo Events' toGoValue, then what json.Marshal accepts. `path` holds the tables being
   * converted: a table that contains itself would make gopher-lua recurse until the Sensor dies.
   */
  public toJs(idx: number, path: Set<object> = new Set()): unknown {
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

  public isTrueAt(idx: number): boolean {
    return lua.lua_type(this.L, idx) === lua.LUA_TBOOLEAN && lua.lua_toboolean(this.L, idx);
  }

  public isTableAt(idx: number): boolean {
    return lua.lua_type(this.L, idx) === lua.LUA_TTABLE;
  }

  public reset(): void {
    lua.lua_settop(this.L, 0);
  }
}

let vm: LuaVm | undefined;

function getVm(): LuaVm {
  vm ??= new LuaVm();
  return vm;
}

/**
 * Runs a Lua filter script with the global `event` set to `data` (a JSON object). Passes only
 * when the last value the chunk returns is the boolean true. Throws EngineError on a compile
 * or runtime error, or when `data` is not an object.
 */
export function runLuaFilter(script: string, data: unknown): boolean {
  const v = getVm();
  try {
    const n = v.run(script, data);
    return n > 0 && v.isTrueAt(-1);
  } finally {
    v.reset();
  }
}

/**
 * Runs a Lua transform script and returns the table its chunk returns (the last value),
 * converted back to a JSON value as Argo Events does: numbers are floats, a table with integer
 * keys 1..n becomes an array (other keys dropped), an empty table is `{}` unless its metatable
 * sets `__is_array = true`. Throws EngineError when the script fails or returns no table.
 */
export function runLuaTransform(script: string, data: unknown): unknown {
  const v = getVm();
  try {
    const n = v.run(script, data);
    if (n === 0 || !v.isTableAt(-1)) throw new EngineError('transformation script output type is not of lua table');
    return v.toJs(-1);
  } finally {
    v.reset();
  }
}
