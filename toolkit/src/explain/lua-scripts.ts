/**
 * Recognises the Lua filters this library generates (see `src/hooks/when.ts` and
 * `src/hooks/health-lua.ts`) by the lines that decide the result, and names them in plain words.
 * A script counts as ours only when it both defines the helpers those lines call and ends with
 * exactly those lines, so a hand-written script is never mistaken for one; it gets a generic
 * description instead.
 */

/** The object an Argo CD sync hook watches: the Application. */
export interface WatchedObject {
  readonly namespace?: string;
  readonly name?: string;
}

interface Recognizer {
  /** Helper definitions the script must contain (whitespace-normalized). */
  readonly markers: readonly string[];
  /** The end of the script (whitespace-normalized); groups feed `describe`. */
  readonly tail: RegExp;
  readonly describe: (groups: string[], watched: WatchedObject) => string | undefined;
}

/** A Lua double-quoted string literal, captured with its escapes. */
const LUA_STRING = '"((?:[^"\\\\]|\\\\.)*)"';
const GUARD = 'local new, old = event.body, event.oldBody if event.type ~= "UPDATE" or type(new) ~= "table" or type(old) ~= "table" then return false end';
const SAME = 'local function same(a, b)';
const AT = 'local function at(value, path)';
const JOB_STATE = 'if cond(o, "Failed") ~= nil then return "failed" end if cond(o, "Complete") ~= nil then return "complete" end';
const DEPLOYMENT_DEADLINE = 'if p ~= nil and p.reason == "ProgressDeadlineExceeded" then return "failed" end';

/** Escapes text for use inside a RegExp. */
function literal(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/** A pattern that must end the script; parts are literal text unless wrapped in {@link re}. */
function tail(...parts: (string | { re: string })[]): RegExp {
  return new RegExp(`${parts.map((p) => (typeof p === 'string' ? literal(p) : p.re)).join('')}$`);
}

function re(source: string): { re: string } {
  return { re: source };
}

const STRING = re(LUA_STRING);

const RECOGNIZERS: readonly Recognizer[] = [
  {
    markers: [SAME, AT, GUARD],
    tail: tail('for _, path in ipairs({ ', re('(.*)'), ' }) do if not same(at(new, path), at(old, path)) then return true end end return false'),
    describe: ([tables]) => {
      const paths = parsePathTables(tables);
      return paths === undefined ? undefined : `field changed: ${paths.join(', ')}`;
    },
  },
  {
    markers: [SAME, GUARD, 'if k ~= "status" and k ~= "metadata" and not same(v, old[k]) then return true end'],
    tail: tail('if not same(meta(new, "labels"), meta(old, "labels")) then return true end return not same(userAnnotations(new), userAnnotations(old))'),
    describe: () => 'updated (anything but status)',
  },
  {
    markers: [GUARD, 'local function state(o)', 'local function revision(o)', 'local function rolling(o)'],
    tail: tail(
      'if state(new) ~= "complete" then return false end ',
      re(`(${literal('if desired(new) == 0 then return false end ')})?`),
      'if revision(old) ~= revision(new) then return true end return state(old) ~= "complete" and rolling(old)',
    ),
    describe: ([zero]) => (zero === undefined ? 'rollout complete (also when scaled to zero)' : 'rollout complete'),
  },
  {
    markers: [GUARD, DEPLOYMENT_DEADLINE],
    tail: tail('return state(new) == "failed" and state(old) ~= "failed"'),
    describe: () => 'rollout failed (progress deadline exceeded)',
  },
  {
    markers: [GUARD, JOB_STATE],
    tail: tail('return state(new) == "', re('(complete|failed)'), '" and state(old) ~= "', re('\\1'), '"'),
    describe: ([to]) => (to === 'complete' ? 'job succeeded' : 'job failed'),
  },
  {
    markers: [GUARD, 'local function cond(o, t)'],
    tail: tail(
      'local function has(o) local c = cond(o, ', STRING, ') return c ~= nil and c.status == ', STRING,
      ' end return has(new) and not has(old)',
    ),
    describe: ([conditionType, status]) => `condition ${unquote(conditionType)} became ${unquote(status)}`,
  },
  {
    markers: [GUARD, 'if n == nil or n.phase ~= "Succeeded" or n.finishedAt == nil then return false end'],
    tail: tail(
      'for _, r in ipairs(n.syncResult.resources) do if type(r) == "table" and (r.group or "") == ', STRING,
      ' and r.kind == ', STRING, ' and (r.namespace or "") == ', STRING, ' and r.name == ', STRING,
      ' and r.status == "Synced" and r.hookType == nil and (type(r.message) ~= "string" or string.sub(r.message, -10) ~= " unchanged") then return true end end return false',
    ),
    describe: ([group, kind, namespace, name], watched) => {
      const g = unquote(group);
      const ns = unquote(namespace);
      const object = `${unquote(kind)}${g === '' ? '' : `.${g}`} ${ns === '' ? '' : `${ns}/`}${unquote(name)}`;
      const application = watched.name === undefined
        ? 'a watched Argo CD Application'
        : `${watched.namespace ? `${watched.namespace}/` : ''}${watched.name}`;
      return `${object} applied by an Argo CD sync of ${application}`;
    },
  },
];

/**
 * Plain words for a Lua filter this library generated, or `undefined` for any other script.
 * `watched` is the object the EventSource event is narrowed to (used by the Argo CD sync filter,
 * which watches the Application).
 */
export function recognizeScript(script: string, watched: WatchedObject): string | undefined {
  const normalized = script.replace(/\s+/g, ' ').trim();
  for (const r of RECOGNIZERS) {
    if (!r.markers.every((m) => normalized.includes(m))) {
      continue;
    }
    const match = r.tail.exec(normalized);
    if (match !== null) {
      const description = r.describe(match.slice(1), watched);
      if (description !== undefined) {
        return description;
      }
    }
  }
  return undefined;
}

/** Generic description of a Lua script: its length. */
export function describeLuaScript(script: string): string {
  const lines = script.trim().split('\n').length;
  return `Lua script (${lines} line${lines === 1 ? '' : 's'})`;
}

/** The text of a Lua string literal body (escapes as `luaString` writes them). */
function unquote(body: string): string {
  return body.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', r: '\r', 0: '\0' } as Record<string, string>)[c] ?? c);
}

/**
 * Field paths from the Lua tables of a field-changed filter, e.g. `{ "spec", "template" }, { "data" }`
 * → `spec.template`, `data`. Lua indices are 1-based, so `3` is array index 2. Dots inside keys are
 * escaped, as paths are written.
 */
function parsePathTables(text: string): string[] | undefined {
  const tables: string[] = [];
  const table = new RegExp(`^\\s*\\{((?:\\s*(?:${LUA_STRING}|\\d+)\\s*,?)*)\\s*\\}\\s*,?`);
  const item = new RegExp(`${LUA_STRING}|(\\d+)`, 'g');
  let rest = text;
  while (rest.trim() !== '') {
    const m = table.exec(rest);
    if (m === null) {
      return undefined;
    }
    const keys = [...m[1].matchAll(item)].map((i) => (i[2] !== undefined ? String(Number(i[2]) - 1) : unquote(i[1]).replace(/\./g, '\\.')));
    if (keys.length === 0) {
      return undefined;
    }
    tables.push(keys.join('.'));
    rest = rest.slice(m[0].length);
  }
  return tables.length > 0 ? tables : undefined;
}
