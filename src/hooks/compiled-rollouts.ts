import { ExprFilter } from '../argo-events';
import { gjsonKey, withDefault } from './compiled-filters';

/**
 * The rollout hooks of Deployments, StatefulSets and DaemonSets as `exprs` filters, deciding
 * exactly as the Lua of `_rolloutCompleteLua` and `_rolloutFailedLua` (when.ts) over the state
 * chunks of health-lua.ts; test/hooks/compiled-rollouts.test.ts runs both on the writes the
 * controllers make and on generated pairs of objects.
 *
 * `n…` fields are read from `body` (the new object), `o…` from `oldBody`. Absent fields read as
 * the Lua reads them (`num()` → 0, `desired()` → 1, revisions → null). Where the two can differ,
 * the object is one the API server refuses or never returns:
 * - a number field (generation, replica counts, the partition) holding a string, a boolean or
 *   null: Lua reads it as absent, the expression fails on it (govaluate refuses to order a string
 *   and a number). These fields are integers in the apps/v1 schema and are omitted, not null,
 *   when unset;
 * - a Deployment's `spec.paused` that is not a boolean: `onRolloutComplete` fails on it (`!`
 *   takes booleans only), where Lua reads it as not paused (`onRolloutFailed` compares it with
 *   `true`, as the Lua does);
 * - a negative StatefulSet partition, which validation refuses (it reads as no partition here);
 * - a `Progressing` condition whose `type` is not a string (the Deployment query compares with
 *   `==`; the condition types of built-in kinds are strings).
 */

type Side = 'n' | 'o';

function root(side: Side): string {
  return side === 'n' ? 'body' : 'oldBody';
}

/** The fields a Deployment's rollout state reads, for `n` (body) and `o` (oldBody). */
function deploymentFields(side: Side): { name: string; path: string }[] {
  const r = root(side);
  return [
    { name: `${side}Paused`, path: withDefault(`${r}.spec.paused`, 'false') },
    { name: `${side}Generation`, path: withDefault(`${r}.metadata.generation`, '0') },
    { name: `${side}Observed`, path: withDefault(`${r}.status.observedGeneration`, '0') },
    { name: `${side}Progress`, path: withDefault(`${r}.status.conditions.#(type=="Progressing").reason`, '""') },
    { name: `${side}Desired`, path: withDefault(`${r}.spec.replicas`, '1') },
    { name: `${side}Updated`, path: withDefault(`${r}.status.updatedReplicas`, '0') },
    { name: `${side}Replicas`, path: withDefault(`${r}.status.replicas`, '0') },
    { name: `${side}Available`, path: withDefault(`${r}.status.availableReplicas`, '0') },
    // null, as Lua compares the revisions: an absent annotation differs from "".
    { name: `${side}Revision`, path: withDefault(`${r}.metadata.annotations.${gjsonKey('deployment.kubernetes.io/revision')}`, 'null') },
  ];
}

/** `state(X) == "complete"` of the Deployment Lua, as an expression. */
function deploymentComplete(p: Side): string {
  return `(!${p}Paused && ${p}Generation <= ${p}Observed && ${p}Progress != 'ProgressDeadlineExceeded'`
    + ` && ${p}Updated >= ${p}Desired && ${p}Replicas <= ${p}Updated && ${p}Available >= ${p}Updated)`;
}

/**
 * A Deployment finished rolling out, exactly as the Lua of `When.rolloutComplete` decides it: the
 * new object is complete (not paused, caught up, no deadline exceeded, every replica updated and
 * available, no old one left), not at zero replicas unless asked, and either its revision moved
 * or the old object was mid-rollout; with `includeScaledToZero`, a rollback at zero replicas too.
 */
export function deploymentRolloutCompleteExprs(includeScaledToZero: boolean): ExprFilter[] {
  const complete = deploymentComplete('n');
  const moved = `(nRevision != oRevision || (!${deploymentComplete('o')} && oProgress != 'NewReplicaSetAvailable'))`;
  const main = includeScaledToZero ? `${complete} && ${moved}` : `${complete} && nDesired != 0 && ${moved}`;
  const rollbackAtZero = `(nDesired == 0 && oRevision != nRevision && !nPaused && nReplicas == 0 && nProgress == 'NewReplicaSetAvailable')`;
  return [{
    expr: includeScaledToZero ? `(${main}) || ${rollbackAtZero}` : main,
    fields: [...deploymentFields('n'), ...deploymentFields('o')],
  }];
}

/**
 * A Deployment's progress deadline was exceeded, as the Lua of `When.rolloutFailed` decides it:
 * the old object was not stalled (`Progressing` reason other than `ProgressDeadlineExceeded`) and
 * the new one is failed by `state()`: not paused, caught up, stalled. (`state(old) ~= "failed"`
 * adds nothing: an object that is not stalled is never failed.) `paused` is compared with `true`
 * as the Lua does, so that a value other than a boolean reads as not paused there too.
 */
export function deploymentRolloutFailedExprs(): ExprFilter[] {
  const wanted = new Set(['nPaused', 'nGeneration', 'nObserved', 'nProgress']);
  return [{
    expr: "oProgress != 'ProgressDeadlineExceeded' && nProgress == 'ProgressDeadlineExceeded' && nPaused != true && nGeneration <= nObserved",
    fields: [...deploymentFields('n').filter((f) => wanted.has(f.name)), ...deploymentFields('o').filter((f) => f.name === 'oProgress')],
  }];
}

/** The fields a StatefulSet's rollout state reads. */
function statefulSetFields(side: Side): { name: string; path: string }[] {
  const r = root(side);
  return [
    { name: `${side}Generation`, path: withDefault(`${r}.metadata.generation`, '0') },
    { name: `${side}Observed`, path: withDefault(`${r}.status.observedGeneration`, '0') },
    { name: `${side}Desired`, path: withDefault(`${r}.spec.replicas`, '1') },
    { name: `${side}Ready`, path: withDefault(`${r}.status.readyReplicas`, '0') },
    { name: `${side}Updated`, path: withDefault(`${r}.status.updatedReplicas`, '0') },
    { name: `${side}Strategy`, path: withDefault(`${r}.spec.updateStrategy.type`, '""') },
    // -1 stands for "no partition": the API server refuses negative ones.
    { name: `${side}Partition`, path: withDefault(`${r}.spec.updateStrategy.rollingUpdate.partition`, '-1') },
    // null, as Lua compares the revisions: absent differs from "".
    { name: `${side}UpdateRevision`, path: withDefault(`${r}.status.updateRevision`, 'null') },
    { name: `${side}CurrentRevision`, path: withDefault(`${r}.status.currentRevision`, 'null') },
  ];
}

/**
 * `state(X) == "complete"` of STATEFULSET_STATE: generation observed (and not 0), every replica
 * ready, then by strategy: `OnDelete` is complete; a partition (the Lua's `partition()`, which
 * ignores it under `OnDelete`) needs the pods above it updated; otherwise the update revision
 * must be the current one.
 */
function statefulSetComplete(p: Side): string {
  return `(${p}Observed != 0 && ${p}Generation <= ${p}Observed && ${p}Ready >= ${p}Desired && (${p}Strategy == 'OnDelete'`
    + ` || (${p}Partition >= 0 && ${p}Updated >= ${p}Desired - ${p}Partition)`
    + ` || (${p}Partition < 0 && ${p}UpdateRevision == ${p}CurrentRevision)))`;
}

/** `rolling(X)` of STATEFULSET_STATE: pods are being moved to the update revision. */
function statefulSetRolling(p: Side): string {
  return `(${p}Strategy != 'OnDelete' && ((${p}Partition >= 0 && ${p}Updated < ${p}Desired - ${p}Partition)`
    + ` || ${p}UpdateRevision != ${p}CurrentRevision))`;
}

/**
 * A StatefulSet finished rolling out, as `_rolloutCompleteLua('StatefulSet', …)` decides it: the
 * new object is complete, not at zero desired replicas unless asked, and either its update
 * revision moved or the old object was incomplete while moving pods to its update revision.
 */
export function statefulSetRolloutCompleteExprs(includeScaledToZero: boolean): ExprFilter[] {
  const zero = includeScaledToZero ? '' : ' && nDesired != 0';
  return [{
    expr: `${statefulSetComplete('n')}${zero} && (nUpdateRevision != oUpdateRevision || (!${statefulSetComplete('o')} && ${statefulSetRolling('o')}))`,
    fields: [...statefulSetFields('n'), ...statefulSetFields('o')],
  }];
}

/** The fields a DaemonSet's rollout state reads. */
function daemonSetFields(side: Side): { name: string; path: string }[] {
  const r = root(side);
  return [
    // Read as is (null when absent), since it is also the revision the Lua compares raw; where
    // the state needs a number, `?? 0` gives the Lua's `num()`.
    { name: `${side}Generation`, path: withDefault(`${r}.metadata.generation`, 'null') },
    { name: `${side}Observed`, path: withDefault(`${r}.status.observedGeneration`, '0') },
    { name: `${side}Strategy`, path: withDefault(`${r}.spec.updateStrategy.type`, '""') },
    { name: `${side}Desired`, path: withDefault(`${r}.status.desiredNumberScheduled`, '0') },
    { name: `${side}Updated`, path: withDefault(`${r}.status.updatedNumberScheduled`, '0') },
    { name: `${side}Available`, path: withDefault(`${r}.status.numberAvailable`, '0') },
  ];
}

/** `state(X) == "complete"` of DAEMONSET_STATE. */
function daemonSetComplete(p: Side): string {
  return `((${p}Generation ?? 0) <= ${p}Observed && (${p}Strategy == 'OnDelete' || (${p}Updated >= ${p}Desired && ${p}Available >= ${p}Desired)))`;
}

/**
 * A DaemonSet finished rolling out, as `_rolloutCompleteLua('DaemonSet', …)` decides it: the new
 * object is complete, schedules pods unless asked otherwise, and either its generation moved or
 * the old object was incomplete (a DaemonSet's `rolling()` is always true).
 */
export function daemonSetRolloutCompleteExprs(includeScaledToZero: boolean): ExprFilter[] {
  const zero = includeScaledToZero ? '' : ' && nDesired != 0';
  return [{
    expr: `${daemonSetComplete('n')}${zero} && (nGeneration != oGeneration || !${daemonSetComplete('o')})`,
    fields: [...daemonSetFields('n'), ...daemonSetFields('o')],
  }];
}

/** The completed-rollout expression of an apps/v1 `kind`, or undefined for another kind. */
export function rolloutCompleteExprs(kind: string, includeScaledToZero: boolean): ExprFilter[] | undefined {
  switch (kind) {
    case 'Deployment': return deploymentRolloutCompleteExprs(includeScaledToZero);
    case 'StatefulSet': return statefulSetRolloutCompleteExprs(includeScaledToZero);
    case 'DaemonSet': return daemonSetRolloutCompleteExprs(includeScaledToZero);
    default: return undefined;
  }
}
