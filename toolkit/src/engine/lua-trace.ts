/*
 * The event as a Lua script sees it, one table at a time, and a cache of filter verdicts keyed
 * on what earlier runs saw.
 *
 * Argo Events turns the event data into Lua tables (mapToTable): JSON nulls are dropped, arrays
 * keep only maps, numbers, strings and booleans (nested arrays and nulls are skipped, so later
 * elements move down), everything else nested becomes a table. The Lua side (lua.ts) converts a
 * table's direct entries the first time the script touches that table. A run therefore depends
 * only on the script and on the entries of the tables it touched, in the order it touched them:
 * the table a script touches next is decided by what it has seen so far. A later run of the same
 * script whose touched tables hold the same entries takes exactly the same path and ends the same
 * way, without the VM.
 */

/** Maps deeper than this (the root being level 0) make the event unusable, as before any script runs. */
export const MAX_EVENT_DEPTH = 100;

/** The entries a table gets from a JSON map (`keys` set) or array (`keys` undefined), in table order. */
export interface TableEntries {
  readonly keys: string[] | undefined;
  readonly values: unknown[];
}

/** Whether mapToTable keeps the value: strings, numbers, booleans, maps and (in a map) arrays. */
function kept(v: unknown): boolean {
  switch (typeof v) {
    case 'string': case 'number': case 'boolean': return true;
    case 'object': return v !== null;
    default: return false;
  }
}

/** The entries of a map (in key order, as Object.keys lists them) or an array (skipping as mapToTable does). */
export function tableEntries(node: object): TableEntries {
  const values: unknown[] = [];
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const e: unknown = node[i];
      if (kept(e) && !Array.isArray(e)) values.push(e);
    }
    return { keys: undefined, values };
  }
  const keys: string[] = [];
  const m = node as Record<string, unknown>;
  for (const k of Object.keys(m)) {
    const v = m[k];
    if (kept(v)) {
      keys.push(k);
      values.push(v);
    }
  }
  return { keys, values };
}

/** What the conversion needs to know of the whole event before a run. */
export interface EventShape {
  /** Maps nest deeper than {@link MAX_EVENT_DEPTH} (the root being level 0; arrays do not count as a level). */
  readonly tooDeep: boolean;
  /** Values in the event's maps and arrays, nested ones included. */
  readonly values: number;
}

/** Walks the event data once. */
export function eventShape(event: object): EventShape {
  let values = 0;
  const tooDeep = (map: object, depth: number): boolean => {
    if (depth > MAX_EVENT_DEPTH) return true;
    const vs: unknown[] = Object.values(map);
    values += vs.length;
    for (let i = 0; i < vs.length; i++) {
      const v = vs[i];
      if (typeof v !== 'object' || v === null) continue;
      if (!Array.isArray(v)) {
        if (tooDeep(v, depth + 1)) return true;
        continue;
      }
      values += v.length;
      for (let j = 0; j < v.length; j++) {
        const e: unknown = v[j];
        if (typeof e === 'object' && e !== null && !Array.isArray(e) && tooDeep(e, depth + 1)) return true;
      }
    }
    return false;
  };
  return { tooDeep: tooDeep(event, 0), values };
}

/**
 * A string that differs whenever the entries would give the script different Lua values: keys
 * and scalars in full (length-prefixed, so the encoding is unambiguous), nested maps and arrays
 * only as such. The nested values are appended to `children`, in entry order.
 */
export function describeEntries(entries: TableEntries, children: unknown[]): string {
  const { keys, values } = entries;
  let s = '';
  for (let i = 0; i < values.length; i++) {
    if (keys) s += `${keys[i].length}:${keys[i]}`;
    const v = values[i];
    switch (typeof v) {
      case 'string': s += `s${v.length}:${v}`; break;
      // -0 is a distinct float (1/x tells it apart); String(-0) would hide it.
      case 'number': s += `n${Object.is(v, -0) ? '-0' : String(v)};`; break;
      case 'boolean': s += v ? 't' : 'f'; break;
      default:
        s += Array.isArray(v) ? 'l' : 'm';
        children.push(v);
    }
  }
  return s;
}

/** How a filter run ended: its verdict, or the message of the error it raised. */
export type FilterOutcome = { readonly pass: boolean } | { readonly error: string };

/** What a run touched, as pairs of table number and description of the table's entries. */
export type Trace = (number | string)[];

/**
 * Where recorded runs part: they all touched `table` here (tables are numbered in order of
 * creation, the event itself being 0), and went on according to what it held.
 */
interface Fork {
  readonly table: number;
  readonly next: Map<string, Path>;
}

/** The steps runs took after a fork while no two of them differed (a trace), then where they ended. */
interface Path {
  steps: Trace;
  end: Fork | FilterOutcome;
}

/** Bound on the memory the cache holds (two to three bytes a unit): distinct description characters plus a fixed cost per path. */
const CACHE_BUDGET = 4_000_000;
const PATH_COST = 200;

/**
 * Filter verdicts of earlier runs, per script, as a tree of the tables each run touched. Only
 * runs whose outcome depends on nothing but the script and the event may be recorded, and only
 * runs that converted tables as the script touched them.
 */
export class VerdictCache {
  private readonly roots = new Map<string, Fork | FilterOutcome>();
  // One copy of each description; many tables (ports, probes, env entries) look alike across events.
  private readonly descriptions = new Map<string, string>();
  private used = 0;

  /** The outcome of `script` on `data`, if an earlier run saw the same. */
  public lookup(script: string, data: object): FilterOutcome | undefined {
    let at = this.roots.get(script);
    const tables: unknown[] = [data];
    const describe = (table: number): string => describeEntries(tableEntries(tables[table] as object), tables);
    while (at !== undefined && 'table' in at) {
      const path = at.next.get(describe(at.table));
      if (path === undefined) return undefined;
      const steps = path.steps;
      for (let i = 0; i < steps.length; i += 2) {
        if (describe(steps[i] as number) !== steps[i + 1]) return undefined;
      }
      at = path.end;
    }
    return at;
  }

  /** Records the outcome of a run of `script` that touched what `trace` lists. */
  public record(script: string, trace: Trace, outcome: FilterOutcome): void {
    if (this.used > CACHE_BUDGET) this.clear();
    this.used += PATH_COST;
    let at = this.roots.get(script);
    if (at === undefined) {
      this.roots.set(script, trace.length === 0 ? outcome : { table: trace[0] as number, next: new Map([[this.keep(trace[1] as string), this.path(trace, 2, outcome)]]) });
      return;
    }
    let i = 0;
    for (;;) {
      if (!('table' in at) && i === trace.length) return;
      // A run is decided by what it has seen, so runs that saw the same so far touch the same table next.
      if (!('table' in at) || i >= trace.length || at.table !== trace[i]) throw diverged();
      const path = at.next.get(trace[i + 1] as string);
      if (path === undefined) {
        at.next.set(this.keep(trace[i + 1] as string), this.path(trace, i + 2, outcome));
        return;
      }
      i += 2;
      const steps = path.steps;
      for (let j = 0; j < steps.length; j += 2, i += 2) {
        if (i >= trace.length || steps[j] !== trace[i]) throw diverged();
        if (steps[j + 1] !== trace[i + 1]) {
          const fork: Fork = { table: steps[j] as number, next: new Map() };
          fork.next.set(steps[j + 1] as string, { steps: steps.slice(j + 2), end: path.end });
          fork.next.set(this.keep(trace[i + 1] as string), this.path(trace, i + 2, outcome));
          path.steps = steps.slice(0, j);
          path.end = fork;
          return;
        }
      }
      at = path.end;
    }
  }

  /** A new path for the steps of `trace` from `start`. */
  private path(trace: Trace, start: number, outcome: FilterOutcome): Path {
    const steps: Trace = [];
    for (let i = start; i < trace.length; i += 2) steps.push(trace[i], this.keep(trace[i + 1] as string));
    return { steps, end: outcome };
  }

  private keep(description: string): string {
    let kept = this.descriptions.get(description);
    if (kept === undefined) {
      // Built by concatenation, the string is a rope several times the size of its text until a
      // character is read from it.
      description.charCodeAt(0);
      this.descriptions.set(description, description);
      this.used += description.length;
      kept = description;
    }
    return kept;
  }

  public clear(): void {
    this.roots.clear();
    this.descriptions.clear();
    this.used = 0;
  }
}

function diverged(): Error {
  return new Error('lua: a run took another path than an earlier run that saw the same event tables');
}
