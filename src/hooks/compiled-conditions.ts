import { ExprFilter } from '../argo-events';
import { gjsonStringQuery, govaluateString, withDefault } from './compiled-filters';

/**
 * The hooks on `status.conditions` as `exprs` filters, deciding exactly as the Lua of
 * `_conditionLua` and `_jobOutcomeLua` (when.ts) on any JSON the API server can return, malformed
 * conditions included: the Lua's `cond(o, t)` takes the first element of `status.conditions` that
 * is an object whose `type` is the string `t`, and so do the queries below (gjson skips elements
 * that are not objects, as the Lua skips what is not a table; a JSON null reads as absent in
 * both). test/hooks/compiled-conditions.test.ts runs both on conditions as controllers write
 * them and on generated ones, malformed included.
 */

/**
 * A condition entered `status`: the first `conditionType` condition of the new object has that
 * status, and the first one of the old object (if any) does not. Each side reads one field: that
 * condition's `status`, null when there is no such condition or it has no status.
 */
export function conditionEnteredExprs(conditionType: string, status: string): ExprFilter[] {
  const query = gjsonStringQuery('type', conditionType);
  const literal = govaluateString(status);
  return [{
    expr: `nStatus == ${literal} && oStatus != ${literal}`,
    fields: [
      { name: 'nStatus', path: withDefault(`body.status.conditions.${query}.status`, 'null') },
      { name: 'oStatus', path: withDefault(`oldBody.status.conditions.${query}.status`, 'null') },
    ],
  }];
}

/**
 * A Job's state moved to `complete` or `failed` (JOB_STATE: only the condition types count, and
 * `Failed` wins over `Complete`). Each side reads the list of its condition types
 * (`status.conditions.#.type`: the `type` of every object element, whatever its value; an empty
 * list when there are no conditions), and `in` compares the wanted type with each as Go's `==`
 * does, so only the string itself matches. `Suspended` (the state "paused") never decides either
 * transition, so it is not read.
 */
export function jobOutcomeExprs(to: 'complete' | 'failed'): ExprFilter[] {
  const failed = (p: string): string => `('Failed' in ${p}Types)`;
  const complete = (p: string): string => `('Complete' in ${p}Types && !${failed(p)})`;
  return [{
    expr: to === 'failed' ? `${failed('n')} && !${failed('o')}` : `${complete('n')} && !${complete('o')}`,
    fields: [
      { name: 'nTypes', path: withDefault('body.status.conditions.#.type', '[]') },
      { name: 'oTypes', path: withDefault('oldBody.status.conditions.#.type', '[]') },
    ],
  }];
}
