import { IConstruct } from 'constructs';
import { DataFilter, DependencyFilter, ExprFilter, ResourceEventType } from '../argo-events';
import { addWarning } from '../argocd/_warnings';
import { checkNamespace, checkObjectName } from '../common/k8s-names';
import { OBJECT_META_FIELDS, conditionTypesOf, topLevelFieldsOf } from '../common/kinds';
import { checkCustomFilters } from './custom-filters';
import { ArgoCdSyncedObject, argoCdSyncedExprs } from './compiled-argocd-sync';
import { conditionEnteredExprs, jobOutcomeExprs } from './compiled-conditions';
import { fieldChangedExprs } from './compiled-filters';
import { deploymentRolloutFailedExprs, rolloutCompleteExprs } from './compiled-rollouts';
import { EventValue } from './event-value';
import { parseFieldPath } from './field-path';
import {
  CONDITION_HELPERS, DAEMONSET_STATE, DEPLOYMENT_STATE, JOB_STATE, LUA_UPDATE_GUARD, STATEFULSET_STATE,
} from './health-lua';
import { HookTarget } from './hook-target';
import { luaString } from './names';

/** Options of {@link When.custom}. */
export interface CustomConditionOptions {
  /** Watch event types the hook reacts to. */
  readonly eventTypes: ResourceEventType[];
  /** Expression filters (govaluate) over the event data. @default - none */
  readonly exprs?: ExprFilter[];
  /** Data filters over the event data. @default - none */
  readonly data?: DataFilter[];
  /** Lua filter; the event passes only if it returns `true`. @default - none */
  readonly script?: string;
  /**
   * Ignore the ADD events an EventSource sends for every existing object when it starts. Only
   * possible when `eventTypes` is just ADD.
   * @default - true when `eventTypes` is only ADD
   */
  readonly ignoreExistingOnStart?: boolean;
  /** Plain-words description, shown by `resource-hooks explain`. @default "custom condition" */
  readonly description?: string;
}

/** Options of {@link When.rolloutComplete}. */
export interface RolloutCompleteOptions {
  /**
   * Also fire when the workload completes a rollout with zero desired replicas.
   * @default false
   */
  readonly includeScaledToZero?: boolean;
}

/** Options of {@link When.argoCdSynced}. */
export interface ArgoCdSyncOptions {
  /** Name of the Argo CD Application that syncs the target. */
  readonly application: string;
  /** Namespace of the Application. @default "argocd" */
  readonly applicationNamespace?: string;
}

/**
 * One value a hook hands to its triggers: as env var `env` of a Job, as key `json` of the default
 * HTTP body.
 * @internal
 */
export interface _SubjectField {
  readonly env: string;
  readonly json: string;
  readonly value: EventValue;
}

/**
 * What changed, as triggers see it: the values they pass on, and a Go template pipeline that
 * identifies the change (the same for every delivery of one change, different for two changes).
 * @internal
 */
export interface _HookSubject {
  readonly fields: _SubjectField[];
  readonly changeKey: string;
}

// Lua helpers shared by the generated filters. `event` is the decoded event data; Argo Events
// drops JSON nulls when it builds the table, so a field set to null reads as absent.
const LUA_SAME = `local function same(a, b)
  if a == b then return true end
  if type(a) ~= "table" or type(b) ~= "table" then return false end
  for k, v in pairs(a) do
    if not same(v, b[k]) then return false end
  end
  for k in pairs(b) do
    if a[k] == nil then return false end
  end
  return true
end`;

// Object content that changes without anyone changing the object: status, bookkeeping metadata
// and annotations written by controllers (Deployment revisions, client-side apply records).
const LUA_UPDATED = `${LUA_SAME}
${LUA_UPDATE_GUARD}
for k, v in pairs(new) do
  if k ~= "status" and k ~= "metadata" and not same(v, old[k]) then return true end
end
for k in pairs(old) do
  if k ~= "status" and k ~= "metadata" and new[k] == nil then return true end
end
local function meta(o, field)
  if type(o.metadata) ~= "table" then return nil end
  return o.metadata[field]
end
local function userAnnotations(o)
  local out = {}
  local all = meta(o, "annotations")
  if type(all) ~= "table" then return out end
  for k, v in pairs(all) do
    if string.find(k, "^deployment%.kubernetes%.io/") == nil and k ~= "kubectl.kubernetes.io/last-applied-configuration" then
      out[k] = v
    end
  end
  return out
end
if not same(meta(new, "labels"), meta(old, "labels")) then return true end
return not same(userAnnotations(new), userAnnotations(old))`;

/**
 * When a hook fires. Conditions are edge-triggered: they compare the object before and after
 * each change, so they fire once per change and never on status-only churn unless they are
 * about status.
 */
export class When {
  /**
   * The object was created. Objects that already exist when the EventSource (re)starts are
   * ignored: only creations after it started fire.
   */
  public static created(): When {
    return new When({ description: 'created', eventTypes: [ResourceEventType.ADD], afterStart: true, filters: () => ({}) });
  }

  /** The object was deleted. */
  public static deleted(): When {
    return new When({ description: 'deleted', eventTypes: [ResourceEventType.DELETE], filters: () => ({}) });
  }

  /**
   * Anything but status changed: spec, data, labels or annotations. Changes made only to
   * `status`, `metadata.managedFields`, `metadata.resourceVersion`, finalizers, owner references
   * and controller-written annotations (`deployment.kubernetes.io/*`,
   * `kubectl.kubernetes.io/last-applied-configuration`) do not fire.
   */
  public static updated(): When {
    return new When({
      description: 'updated',
      eventTypes: [ResourceEventType.UPDATE],
      filters: () => ({ script: LUA_UPDATED }),
      // Label and annotation edits do not bump the generation: each passing write is a change.
      subject: (target) => objectSubject(target, 'resourceVersion'),
    });
  }

  /**
   * The spec changed, i.e. `metadata.generation` went up. Only for kinds whose generation the
   * API server maintains (workloads, custom resources); use `fieldChanged` for ConfigMaps,
   * Secrets and other kinds without one.
   */
  public static specChanged(): When {
    return new When({ description: 'spec changed', eventTypes: [ResourceEventType.UPDATE], filters: (target, where) => {
      if (!target.hasGeneration) {
        throw new Error(`${where}: onSpecChange needs metadata.generation, which ${target.kind} does not have; use onFieldChange with the fields to compare instead, e.g. paths: ['data']`);
      }
      return {
        exprs: [{
          expr: 'generation != previousGeneration',
          fields: [
            { name: 'generation', path: 'body.metadata.generation' },
            { name: 'previousGeneration', path: 'oldBody.metadata.generation' },
          ],
        }],
      };
    } });
  }

  /**
   * Any of the given fields differs between the old and the new object, including a field that
   * appears or disappears. Objects and arrays are compared deeply.
   * @param paths dot-separated paths such as `spec.template.spec.containers` or `data`
   */
  public static fieldChanged(paths: string[]): When {
    const description = `field changed: ${paths.join(', ')}`;
    return new When({ description, eventTypes: [ResourceEventType.UPDATE], filters: (target, where) => {
      if (paths.length === 0) {
        throw new Error(`${where}: paths is empty; list at least one field to compare, e.g. paths: ['spec.template.spec.containers']`);
      }
      const segments = paths.map((p) => {
        const keys = parseFieldPath(p, where, 'paths');
        checkObjectPath(target, where, p, keys);
        return keys;
      });
      // An expression costs the real Sensor microseconds where Lua costs about a millisecond.
      return { exprs: fieldChangedExprs(segments) };
    },
    // Fields outside spec change without a new generation: each passing write is a change.
    subject: (target) => objectSubject(target, 'resourceVersion') });
  }

  /** A condition written with raw Argo Events filters: the escape hatch. */
  public static custom(options: CustomConditionOptions): When {
    if (options.eventTypes.length === 0) {
      throw new Error('When.custom: eventTypes is empty, so the hook could never fire; list at least one of ADD, UPDATE, DELETE');
    }
    const addOnly = options.eventTypes.every((t) => t === ResourceEventType.ADD);
    if (options.ignoreExistingOnStart === true && !addOnly) {
      throw new Error(`When.custom: ignoreExistingOnStart is only possible with eventTypes [ADD], not [${options.eventTypes.join(', ')}]: the EventSource's start-time filter would also drop UPDATE and DELETE events whose last client-side write predates its start (server-side applies do not count); split the hook into an ADD hook and an UPDATE/DELETE hook`);
    }
    return new When({
      description: options.description ?? 'custom condition',
      eventTypes: [...new Set(options.eventTypes)],
      afterStart: options.ignoreExistingOnStart ?? addOnly,
      filters: (_target, where) => {
        const filters = { exprs: options.exprs, data: options.data, script: options.script };
        checkCustomFilters(where, filters);
        return filters;
      },
    });
  }

  /**
   * A Deployment, StatefulSet or DaemonSet finished rolling out a new version: the controller
   * observed the new generation and every replica is updated, available, and no old replica is
   * left (for StatefulSets: the update revision reached, partitions and OnDelete as Argo CD
   * judges them). Agrees with Argo CD's health (Healthy means complete). Fires once per rollout:
   * not on paused Deployments, not on progress-deadline failures (see `rolloutFailed`), not on
   * later status churn of the same version (pods restarting, HPA scaling), and not when scaled to
   * zero unless asked.
   */
  public static rolloutComplete(options: RolloutCompleteOptions = {}): When {
    return new When({
      description: 'rollout complete',
      eventTypes: [ResourceEventType.UPDATE],
      filters: (target, where) => {
        // The decision of `_rolloutCompleteLua`, as an expression (see compiled-rollouts.ts).
        const exprs = rolloutCompleteExprs(rolloutKind(target) ?? '', options.includeScaledToZero === true);
        if (exprs === undefined) {
          throw new Error(`${where}: onRolloutComplete supports apps/v1 Deployment, StatefulSet and DaemonSet, not ${target.apiVersion} ${target.kind}; use onCondition for kinds that report readiness in status.conditions`);
        }
        return { exprs };
      },
    });
  }

  /**
   * A Deployment rollout failed: the controller reported its progress deadline exceeded. Fires
   * once per stall: when the `Progressing` condition turns to `ProgressDeadlineExceeded`, not again
   * while it stays there (an HPA scaling or a scale to zero during the stall changes the
   * generation, but not the condition). Jobs are keyed on the revision
   * (`deployment.kubernetes.io/revision`), so one rollout that stalls again after making progress
   * still starts one Job; a new rollout gets a new revision and may fail again.
   */
  public static rolloutFailed(): When {
    return new When({
      description: 'rollout failed (progress deadline exceeded)',
      eventTypes: [ResourceEventType.UPDATE],
      filters: (target, where) => {
        if (rolloutKind(target) !== 'Deployment') {
          throw new Error(`${where}: onRolloutFailed needs an apps/v1 Deployment (only Deployments have a progress deadline), not ${target.apiVersion} ${target.kind}`);
        }
        // The decision of `_rolloutFailedLua`, as an expression (see compiled-rollouts.ts).
        return { exprs: deploymentRolloutFailedExprs() };
      },
      subject: (target) => revisionSubject(target),
    });
  }

  /** A Job completed successfully (its `Complete` condition appeared). */
  public static jobSucceeded(): When {
    return When.jobTransition('complete', 'job succeeded');
  }

  /** A Job failed (its `Failed` condition appeared). */
  public static jobFailed(): When {
    return When.jobTransition('failed', 'job failed');
  }

  /**
   * A condition in `status.conditions` entered `status` (e.g. `Ready` / `True`): fires on the
   * transition, not while it stays there.
   */
  public static condition(conditionType: string, status: string): When {
    return new When({
      description: `condition ${conditionType} became ${status}`,
      eventTypes: [ResourceEventType.UPDATE],
      filters: (target, where, scope) => {
        if (!/^[A-Za-z][A-Za-z0-9_./-]*$/.test(conditionType)) {
          throw new Error(`${where}: conditionType "${conditionType}" is not a condition type; use the type as it appears in status.conditions, e.g. "Ready"`);
        }
        if (!['True', 'False', 'Unknown'].includes(status)) {
          const fix = ['True', 'False', 'Unknown'].find((s) => s.toLowerCase() === status.trim().toLowerCase());
          throw new Error(`${where}: status "${status}" is not a condition status; condition statuses are case-sensitive: use ${fix ? `"${fix}"` : '"True", "False" or "Unknown"'}`);
        }
        const known = conditionTypesOf(target.apiVersion, target.kind);
        if (known !== undefined && known.length === 0) {
          throw new Error(`${where}: conditionType "${conditionType}" on ${target.apiVersion} ${target.kind}: a ${target.kind} has no status.conditions, so the hook could never fire; use onFieldChange for its fields (e.g. paths: ['data']) or watch the object that reports the condition`);
        }
        if (known !== undefined && !known.includes(conditionType)) {
          addWarning(scope, `conditionType "${conditionType}" is not one the Kubernetes controllers write on a ${target.kind} (${known.join(', ')}), so the hook fires only if another controller adds it; check the spelling (condition types are case-sensitive)`);
        }
        // The decision of `_conditionLua`, as an expression (see compiled-conditions.ts).
        return { exprs: conditionEnteredExprs(conditionType, status) };
      },
      // Each transition is its own change, even within one generation.
      subject: (target) => objectSubject(target, 'resourceVersion'),
    });
  }

  /**
   * An Argo CD sync operation of `application` finished `Succeeded` and actually applied the
   * target (its sync result lists it `Synced` with a message other than "… unchanged"). Fires once
   * per operation. The Application is what is watched, so the target itself need not be labelled.
   *
   * Caveats (Argo CD behaviour): with server-side apply every synced resource reports
   * "serverside-applied", so unchanged ones fire too; selective and self-heal syncs list only the
   * resources they touched; `ApplyOutOfSyncOnly` omits unmodified resources; only the last
   * operation is visible, so a second sync that finishes before the EventSource sees the first
   * hides it.
   */
  public static argoCdSynced(options: ArgoCdSyncOptions): When {
    const namespace = options.applicationNamespace ?? 'argocd';
    return new When({
      description: `synced by Argo CD Application ${namespace}/${options.application}`,
      eventTypes: [ResourceEventType.UPDATE],
      watchTarget: () => HookTarget.fromReference({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', name: options.application, namespace }),
      filters: (target, where) => {
        checkObjectName(where, 'application', options.application);
        checkNamespace(where, 'applicationNamespace', namespace);
        if (target.name === undefined) {
          throw new Error(`${where}: onArgoCdSync needs a target with a name, since Argo CD reports results per object; use HookTarget.fromConstruct or give \`name\``);
        }
        // The decision of `_argoCdSyncLua`, as an expression (see compiled-argocd-sync.ts).
        return { exprs: argoCdSyncedExprs({ group: target.group, kind: target.kind, namespace: target.namespace ?? '', name: target.name }) };
      },
      subject: (target) => ({
        fields: [
          { env: 'HOOK_TARGET_KIND', json: 'kind', value: EventValue.fromValue(target.kind) },
          { env: 'HOOK_TARGET_NAMESPACE', json: 'namespace', value: EventValue.fromValue(target.namespace ?? '') },
          { env: 'HOOK_TARGET_NAME', json: 'name', value: EventValue.fromValue(target.name ?? '') },
          { env: 'HOOK_ARGOCD_APPLICATION', json: 'application', value: EventValue.fromPath('body.metadata.name') },
          { env: 'HOOK_ARGOCD_REVISION', json: 'revision', value: EventValue.fromPath('body.status.operationState.syncResult.revision') },
          { env: 'HOOK_ARGOCD_FINISHED_AT', json: 'finishedAt', value: EventValue.fromPath('body.status.operationState.finishedAt') },
        ],
        changeKey: 'print .Input.body.metadata.uid "/" .Input.body.status.operationState.finishedAt',
      }),
    });
  }

  private static jobTransition(to: 'complete' | 'failed', description: string): When {
    return new When({
      description,
      eventTypes: [ResourceEventType.UPDATE],
      filters: (target, where) => {
        if (target.group !== 'batch' || target.kind !== 'Job') {
          throw new Error(`${where}: on${description === 'job succeeded' ? 'JobSucceeded' : 'JobFailed'} needs a batch Job, not ${target.apiVersion} ${target.kind}`);
        }
        // The decision of `_jobOutcomeLua`, as an expression (see compiled-conditions.ts).
        return { exprs: jobOutcomeExprs(to) };
      },
    });
  }

  /** Watch event types this condition needs. */
  public readonly eventTypes: ResourceEventType[];
  /** What the condition means, in plain words. */
  public readonly description: string;
  /**
   * Whether the watch must drop events older than the EventSource start.
   * @internal
   */
  public readonly _afterStart: boolean;
  private readonly spec: WhenSpec;

  private constructor(spec: WhenSpec) {
    this.description = spec.description;
    this.eventTypes = spec.eventTypes;
    this._afterStart = spec.afterStart ?? false;
    this.spec = spec;
  }

  /**
   * Sensor filters of this condition for `target`, for the hook `scope`; throws when the
   * condition cannot apply (and records a warning on `scope` when it probably cannot).
   * @internal
   */
  public _filters(target: HookTarget, scope: IConstruct): DependencyFilter {
    return this.spec.filters(target, scope.node.path, scope);
  }

  /**
   * The object the EventSource must watch for this condition on `target`.
   * @internal
   */
  public _watchTarget(target: HookTarget): HookTarget {
    return this.spec.watchTarget?.(target) ?? target;
  }

  /**
   * What the triggers are told about a change of `target`.
   * @internal
   */
  public _subject(target: HookTarget): _HookSubject {
    return this.spec.subject?.(target) ?? objectSubject(target, target.hasGeneration ? 'generation' : 'resourceVersion');
  }
}

interface WhenSpec {
  readonly description: string;
  readonly eventTypes: ResourceEventType[];
  readonly afterStart?: boolean;
  readonly filters: (target: HookTarget, where: string, scope: IConstruct) => DependencyFilter;
  readonly watchTarget?: (target: HookTarget) => HookTarget;
  readonly subject?: (target: HookTarget) => _HookSubject;
}

// The controller keeps ProgressDeadlineExceeded on the Progressing condition until the rollout
// makes progress again or a new ReplicaSet is created; a write that bumps the generation
// meanwhile (HPA, scale to zero) is "progressing" by state() but still the same stall.
const LUA_STALLED = `local function stalled(o)
  local p = cond(o, "Progressing")
  return p ~= nil and p.reason == "ProgressDeadlineExceeded"
end`;

// The write in which a Deployment at zero replicas moves to an earlier ReplicaSet: the revision
// changes, no pod exists, and the Progressing condition still reports the last rollout finished.
const LUA_ROLLBACK_AT_ZERO = 'desired(new) == 0 and revision(old) ~= revision(new) and tbl(new.spec).paused ~= true'
  + ' and num(tbl(new.status).replicas) == 0 and not rolling(new)';

/**
 * The Lua of a completed rollout: the reference the compiled expressions of compiled-rollouts.ts
 * are tested against (it is what those hooks ran before).
 * @internal
 */
export function _rolloutCompleteLua(kind: string, includeScaledToZero: boolean): string {
  const zero = includeScaledToZero ? '' : '\nif desired(new) == 0 then return false end';
  // At zero replicas a rollback to an earlier ReplicaSet changes nothing but the revision, in a
  // write of its own: the controller reuses the ReplicaSet without reporting progress, and has no
  // pod to move, so no later write tells the rollout apart from a scale.
  const rollbackAtZero = includeScaledToZero && kind === 'Deployment' ? `\nif ${LUA_ROLLBACK_AT_ZERO} then return true end` : '';
  return `${ROLLOUT_STATES[kind]}
${LUA_UPDATE_GUARD}${rollbackAtZero}
if state(new) ~= "complete" then return false end${zero}
if revision(old) ~= revision(new) then return true end
return state(old) ~= "complete" and rolling(old)`;
}

/**
 * The Lua of `When.rolloutFailed`, the reference of its compiled expression. Once stalled(old) is
 * ruled out, state(old) cannot be "failed": the last line is the transition into the stall
 * (written so that `resource-hooks explain` recognises it in Sensors synthesized before).
 * @internal
 */
export function _rolloutFailedLua(): string {
  return `${DEPLOYMENT_STATE}\n${LUA_UPDATE_GUARD}\n${LUA_STALLED}\nif stalled(old) then return false end\nreturn state(new) == "failed" and state(old) ~= "failed"`;
}

/**
 * The Lua of `When.jobSucceeded` (`to` "complete") and `When.jobFailed` ("failed"), the reference
 * of their compiled expressions.
 * @internal
 */
export function _jobOutcomeLua(to: 'complete' | 'failed'): string {
  return `${JOB_STATE}\n${LUA_UPDATE_GUARD}\nreturn state(new) == "${to}" and state(old) ~= "${to}"`;
}

/**
 * The Lua of `When.condition`, the reference of its compiled expression.
 * @internal
 */
export function _conditionLua(conditionType: string, status: string): string {
  return `${CONDITION_HELPERS}
${LUA_UPDATE_GUARD}
local function has(o)
  local c = cond(o, ${luaString(conditionType)})
  return c ~= nil and c.status == ${luaString(status)}
end
return has(new) and not has(old)`;
}

/**
 * The Lua of `When.argoCdSynced` for the object `target` names, the reference of its compiled
 * expression (compiled-argocd-sync.ts).
 * @internal
 */
export function _argoCdSyncLua(target: ArgoCdSyncedObject): string {
  return `${LUA_UPDATE_GUARD}
local function op(o)
  if type(o.status) ~= "table" or type(o.status.operationState) ~= "table" then return nil end
  return o.status.operationState
end
local n, o = op(new), op(old)
if n == nil or n.phase ~= "Succeeded" or n.finishedAt == nil then return false end
if o ~= nil and o.phase == "Succeeded" and o.finishedAt == n.finishedAt then return false end
if type(n.syncResult) ~= "table" or type(n.syncResult.resources) ~= "table" then return false end
for _, r in ipairs(n.syncResult.resources) do
  if type(r) == "table" and (r.group or "") == ${luaString(target.group)} and r.kind == ${luaString(target.kind)}
    and (r.namespace or "") == ${luaString(target.namespace)} and r.name == ${luaString(target.name)}
    and r.status == "Synced" and r.hookType == nil
    and (type(r.message) ~= "string" or string.sub(r.message, -10) ~= " unchanged") then
    return true
  end
end
return false`;
}

const ROLLOUT_STATES: Record<string, string | undefined> = {
  Deployment: DEPLOYMENT_STATE,
  StatefulSet: STATEFULSET_STATE,
  DaemonSet: DAEMONSET_STATE,
};

function rolloutKind(target: HookTarget): string | undefined {
  return target.group === 'apps' ? target.kind : undefined;
}

/**
 * A Deployment keyed on its revision (`deployment.kubernetes.io/revision`, set by the controller
 * when it picks the ReplicaSet of a rollout), so every firing for one rollout names the same Job.
 */
function revisionSubject(target: HookTarget): _HookSubject {
  const subject = objectSubject(target, 'generation');
  return {
    fields: subject.fields,
    changeKey: 'print .Input.body.metadata.uid "/revision/" (get (.Input.body.metadata.annotations | default dict) "deployment.kubernetes.io/revision")',
  };
}

/** The changed object itself: its kind, namespace, name, versions, keyed on `keyOn`. */
function objectSubject(target: HookTarget, keyOn: 'generation' | 'resourceVersion'): _HookSubject {
  return {
    fields: [
      { env: 'HOOK_TARGET_KIND', json: 'kind', value: EventValue.fromValue(target.kind) },
      { env: 'HOOK_TARGET_NAMESPACE', json: 'namespace', value: EventValue.objectNamespace() },
      { env: 'HOOK_TARGET_NAME', json: 'name', value: EventValue.objectName() },
      { env: 'HOOK_EVENT_TYPE', json: 'eventType', value: EventValue.eventType() },
      ...(target.hasGeneration ? [{ env: 'HOOK_TARGET_GENERATION', json: 'generation', value: EventValue.generation() }] : []),
      { env: 'HOOK_TARGET_RESOURCE_VERSION', json: 'resourceVersion', value: EventValue.resourceVersion() },
    ],
    // Kinds that should have a generation may not (Pods before Kubernetes 1.33): fall back to the
    // resourceVersion rather than hashing "<nil>" for every change.
    changeKey: keyOn === 'generation'
      ? 'print .Input.body.metadata.uid "/" (.Input.body.metadata.generation | default (print "rv" .Input.body.metadata.resourceVersion))'
      : 'print .Input.body.metadata.uid "/" .Input.body.metadata.resourceVersion',
  };
}

/**
 * Refuses a field path that can never be present on `target`: a path into the event rather than
 * the object (`body.…`), a top-level field a built-in kind does not have (`data` on a
 * Deployment, `spec` on a ConfigMap), a `metadata` field that does not exist, or a Secret's
 * write-only `stringData`.
 */
function checkObjectPath(target: HookTarget, where: string, path: string, segments: string[]): void {
  const [first, second] = segments;
  if (first === 'body' || first === 'oldBody') {
    throw new Error(`${where}: paths "${path}" starts at the event, but paths are fields of the object itself (compared between the old and the new object), so it never matches; write "${segments.slice(1).join('.')}"`);
  }
  if (first === 'stringData' && target.kind === 'Secret' && target.group === '') {
    throw new Error(`${where}: paths "${path}" is a Secret's stringData, which is write-only: the API server merges it into data and never returns it, so it never changes; compare "data" (or "data.<key>") instead`);
  }
  const fields = topLevelFieldsOf(target.apiVersion, target.kind);
  if (fields !== undefined && !fields.includes(first)) {
    throw new Error(`${where}: paths "${path}": a ${target.kind} has no field "${first}" (its fields are ${fields.join(', ')}), so the hook could never fire; use one of those, e.g. "${fields.includes('spec') ? 'spec' : fields[fields.length - 1]}"`);
  }
  if (first === 'metadata' && second !== undefined && !OBJECT_META_FIELDS.includes(second)) {
    throw new Error(`${where}: paths "${path}": metadata has no field "${second}", so the hook could never fire; labels and annotations are under "metadata.labels.<key>" and "metadata.annotations.<key>"`);
  }
}
