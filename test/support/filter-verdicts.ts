import { eventContext, filterExpr } from 'resource-hooks/engine';
import { runLuaFilter } from 'resource-hooks/engine/lua';
import { ExprFilter } from '../../src/argo-events';

/**
 * Runs a compiled `exprs` filter and the Lua it replaces on the same UPDATE events, with the
 * toolkit engine that the conformance vectors check against Argo Events (gjson, govaluate,
 * gopher-lua and the way Argo Events builds the Lua `event` table).
 */

/** An UPDATE event of the resource EventSource, as the Sensor receives it. */
function updateEvent(oldObject: unknown, object: unknown): { context: ReturnType<typeof eventContext>; data: string } {
  return {
    context: eventContext({ type: 'resource', source: 'hub', subject: 'watch', datacontenttype: 'application/json' }),
    data: JSON.stringify({ type: 'UPDATE', body: object, oldBody: oldObject, group: 'apps', version: 'v1', resource: 'deployments' }),
  };
}

/** Whether the `exprs` filters pass, and the error that failed them, if any. */
export function exprOutcome(filters: readonly ExprFilter[], oldObject: unknown, object: unknown): { pass: boolean; error?: string } {
  return filterExpr(filters as any, undefined, updateEvent(oldObject, object));
}

/** Whether the `exprs` filters pass; throws when they fail with an error (a type error, a missing path). */
export function exprVerdict(filters: readonly ExprFilter[], oldObject: unknown, object: unknown): boolean {
  const outcome = exprOutcome(filters, oldObject, object);
  if (outcome.error !== undefined) {
    throw new Error(`the expression failed with ${outcome.error}\nold ${JSON.stringify(oldObject)}\nnew ${JSON.stringify(object)}`);
  }
  return outcome.pass;
}

/** Whether the Lua filter passes. */
export function luaVerdict(script: string, oldObject: unknown, object: unknown): boolean {
  return runLuaFilter(script, { type: 'UPDATE', body: object, oldBody: oldObject });
}

/**
 * Compares the expression with the Lua on `count` pairs from `pair`; throws on the first pair
 * where they differ (with the pair, to replay it). Returns how often the Lua passed and failed,
 * and, when `classify` names the situation of a pair (which branch of the decision it exercises),
 * how often each situation passed and failed, as `"<situation>: fired"` / `"<situation>: quiet"`.
 */
export function compareOnPairs(
  lua: string, exprs: readonly ExprFilter[], count: number, pair: (i: number) => [any, any],
  classify?: (before: any, after: any) => string | undefined,
): { fired: number; quiet: number; situations: Set<string> } {
  let fired = 0;
  const situations = new Set<string>();
  for (let i = 0; i < count; i++) {
    const [before, after] = pair(i);
    const verdict = luaVerdict(lua, before, after);
    if (exprVerdict(exprs, before, after) !== verdict) {
      throw new Error(`differ on #${i}: Lua ${verdict}\nold ${JSON.stringify(before)}\nnew ${JSON.stringify(after)}`);
    }
    fired += verdict ? 1 : 0;
    const situation = classify?.(before, after);
    if (situation !== undefined) {
      situations.add(`${situation}: ${verdict ? 'fired' : 'quiet'}`);
    }
  }
  return { fired, quiet: count - fired, situations };
}

/**
 * Compares the expression with the Lua on each write of `sequences` (consecutive states are the
 * old and new objects of an UPDATE); returns the writes the Lua passed, as [sequence, write].
 */
export function compareOnSequences(lua: string, exprs: readonly ExprFilter[], sequences: readonly (readonly unknown[])[]): [number, number][] {
  const fired: [number, number][] = [];
  sequences.forEach((states, s) => {
    for (let i = 1; i < states.length; i++) {
      const verdict = luaVerdict(lua, states[i - 1], states[i]);
      if (exprVerdict(exprs, states[i - 1], states[i]) !== verdict) {
        throw new Error(`differ on write ${i} of sequence ${s}: Lua ${verdict}\nold ${JSON.stringify(states[i - 1])}\nnew ${JSON.stringify(states[i])}`);
      }
      if (verdict) {
        fired.push([s, i]);
      }
    }
  });
  return fired;
}

/** A small deterministic generator, so that a failure can be replayed. */
export function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function pick<T>(next: () => number, values: readonly T[]): T {
  return values[Math.floor(next() * values.length)];
}

/** `object` with `key` set to `value`, or without it when `value` is undefined. */
export function setOrOmit(object: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) {
    object[key] = value;
  }
}
