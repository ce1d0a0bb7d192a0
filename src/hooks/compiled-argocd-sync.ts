import { ExprFilter } from '../argo-events';
import { gjsonKey, gjsonStringQuery, withDefault } from './compiled-filters';

/**
 * `When.argoCdSynced` as an `exprs` filter, deciding as the Lua of `_argoCdSyncLua` (when.ts).
 * It matters more here than anywhere: the Applications of a namespace share one watch, and Argo CD
 * writes each one's status at least once per reconciliation, so every hook pays its filters on
 * every status write of every Application of the namespace.
 *
 * The Lua looks for an entry of `status.operationState.syncResult.resources` that is the target,
 * `Synced`, not a hook (`hookType` absent) and whose `message` is not a string ending in
 * " unchanged". gjson selects every matching element with `#(key%"value")#`, one query per
 * condition chained with `|`, and counts them with `|#`:
 * - `%` matches strings only, so `kind`, `name`, `status` (and `group`, `namespace` when the
 *   target has one) match the Lua's `==` on a string, whatever other type an entry holds;
 * - `#(key==~null)#` keeps the entries whose `key` is absent or JSON null: the Lua's `== nil`
 *   (Argo Events drops nulls when it builds the Lua table) for `hookType`, and half of
 *   `(r.group or "") == ""` for core-group objects (Argo CD omits their `group`); the other half,
 *   `#(group%"")#`, is a disjoint set, so the two are joined with a multipath and `@flatten`
 *   (`|[#(group==~null)#,#(group%"")#]|@flatten`; the same for `namespace` of cluster-scoped
 *   objects);
 * - "a message that is not a string ending in ' unchanged'" cannot be selected directly (a
 *   query keeps an element only when its key exists), so it is counted by difference: the
 *   entries that match minus those of them whose message ends in " unchanged".
 * Elements that are not objects never match `kind`; the Lua skips them too (and Argo Events
 * leaves null and array elements out of the Lua list). A missing or malformed list counts 0.
 *
 * The one difference is on an Application the API server does not return: a `finishedAt` that is
 * an object or an array, compared by content here and by identity in Lua (the Application CRD
 * declares it a date-time string). JSON null reads as absent in both, in the fields Argo CD writes
 * with `omitempty` as everywhere else.
 */

/** The object a sync result must name: `group` and `namespace` empty for core and cluster-scoped. */
export interface ArgoCdSyncedObject {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

const OPERATION = 'status.operationState';

/**
 * The query keeping the entries whose `key` is `value`; when `value` is "", also those without
 * `key` (or with null): a multipath of the two disjoint selections, flattened into one list.
 */
function keyQuery(key: string, value: string): string {
  const exact = `${gjsonStringQuery(key, value)}#`;
  return value === '' ? `[#(${gjsonKey(key)}==~null)#,${exact}]|@flatten` : exact;
}

/**
 * The gjson path of the entries of `root`'s sync result that the Lua would accept but for their
 * message: the target, `Synced`, not a hook. The most selective query (the name) comes first.
 */
export function syncedEntriesPath(root: string, target: ArgoCdSyncedObject): string {
  return [
    `${root}.${OPERATION}.syncResult.resources.${gjsonStringQuery('name', target.name)}#`,
    `${gjsonStringQuery('kind', target.kind)}#`, keyQuery('group', target.group), keyQuery('namespace', target.namespace),
    `${gjsonStringQuery('status', 'Synced')}#`, '#(hookType==~null)#',
  ].join('|');
}

/**
 * An Argo CD sync operation finished `Succeeded` (with a `finishedAt`) that is not the one the
 * old object already reported, and its result lists `target` as applied. `(nFinishedAt ?? true)
 * == (nFinishedAt ?? false)` holds exactly when `finishedAt` is present: govaluate has no null
 * literal to compare with.
 */
export function argoCdSyncedExprs(target: ArgoCdSyncedObject): ExprFilter[] {
  const listed = syncedEntriesPath('body', target);
  return [{
    expr: "nPhase == 'Succeeded' && (nFinishedAt ?? true) == (nFinishedAt ?? false)"
      + " && !(oPhase == 'Succeeded' && oFinishedAt == nFinishedAt) && nListed > nUnchanged",
    fields: [
      { name: 'nPhase', path: withDefault(`body.${OPERATION}.phase`, 'null') },
      { name: 'nFinishedAt', path: withDefault(`body.${OPERATION}.finishedAt`, 'null') },
      { name: 'oPhase', path: withDefault(`oldBody.${OPERATION}.phase`, 'null') },
      { name: 'oFinishedAt', path: withDefault(`oldBody.${OPERATION}.finishedAt`, 'null') },
      { name: 'nListed', path: withDefault(`${listed}|#`, '0') },
      { name: 'nUnchanged', path: withDefault(`${listed}|#(message%"* unchanged")#|#`, '0') },
    ],
  }];
}
