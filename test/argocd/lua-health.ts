/**
 * Runs an Argo CD Lua health script the way Argo CD does: the live object is the global `obj`
 * and the script returns a table with `status` and `message`. JSON values map to Lua as in
 * Argo CD (objects and arrays become tables, arrays 1-based, null becomes nil).
 */

// fengari ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fengari = require('fengari');

const { lua, lauxlib, lualib, to_luastring: toLua } = fengari;

export interface HealthStatus {
  readonly status?: string;
  readonly message?: string;
}

function push(L: unknown, value: unknown): void {
  if (value === null || value === undefined) {
    lua.lua_pushnil(L);
  } else if (typeof value === 'boolean') {
    lua.lua_pushboolean(L, value);
  } else if (typeof value === 'number') {
    lua.lua_pushnumber(L, value);
  } else if (typeof value === 'string') {
    lua.lua_pushstring(L, toLua(value));
  } else if (Array.isArray(value)) {
    lua.lua_createtable(L, value.length, 0);
    value.forEach((item, i) => {
      push(L, item);
      lua.lua_rawseti(L, -2, i + 1);
    });
  } else {
    lua.lua_createtable(L, 0, 0);
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      push(L, item);
      lua.lua_setfield(L, -2, toLua(key));
    }
  }
}

function stringField(L: unknown, name: string): string | undefined {
  lua.lua_getfield(L, -1, toLua(name));
  const value = lua.lua_isnil(L, -1) ? undefined : lua.lua_tojsstring(L, -1);
  lua.lua_pop(L, 1);
  return value;
}

export function runHealthScript(script: string, obj: unknown): HealthStatus {
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  push(L, obj);
  lua.lua_setglobal(L, toLua('obj'));
  if (lauxlib.luaL_loadstring(L, toLua(script)) !== lua.LUA_OK) {
    throw new Error(`lua syntax error: ${lua.lua_tojsstring(L, -1)}`);
  }
  if (lua.lua_pcall(L, 0, 1, 0) !== lua.LUA_OK) {
    throw new Error(`lua runtime error: ${lua.lua_tojsstring(L, -1)}`);
  }
  if (!lua.lua_istable(L, -1)) {
    throw new Error('the health script did not return a table');
  }
  return { status: stringField(L, 'status'), message: stringField(L, 'message') };
}
