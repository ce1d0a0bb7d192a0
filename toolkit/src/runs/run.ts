import { KubeObject } from '../engine/cluster';
import { parseTime } from './durations';
import { ACTION_TIMESTAMP_LABEL, CHANGE_ANNOTATION, HOOK_LABEL, HUB_LABEL, SENSOR_LABEL, TARGET_ANNOTATION, TRIGGER_LABEL } from './labels';
import { TargetRef, ownerTarget, parseTargetAnnotation } from './target';
import { isObject, text } from './json-fields';

/**
 * Where a run is: `pending` (created, no pod started yet), `running`, `suspended`, `succeeded`,
 * `failed` (a Job's `Failed` or `FailureTarget` condition, a Workflow's `Failed` or `Error` phase).
 */
export type RunStatus = 'pending' | 'running' | 'suspended' | 'succeeded' | 'failed';

/** One Job or Workflow a hook started. */
export interface HookRun {
  readonly kind: 'Job' | 'Workflow';
  readonly namespace: string;
  readonly name: string;
  /** The trigger that created it (`events.argoproj.io/trigger`). */
  readonly trigger: string;
  /** When the trigger ran (`events.argoproj.io/action-timestamp`, else the creation time), RFC 3339. */
  readonly time: string;
  /** What changed (`resource-hooks.cdk8s.io/change`), e.g. `generation 5`; null when not recorded. */
  readonly change: string | null;
  /** The object the hook watched, from the target annotation or the owner; null when neither says. */
  readonly target: TargetRef | null;
  readonly status: RunStatus;
  /** Why it failed or is suspended, e.g. `BackoffLimitExceeded`; null otherwise. */
  readonly reason: string | null;
  /** The message that goes with `reason`. */
  readonly message: string | null;
  readonly startTime: string | null;
  readonly completionTime: string | null;
  /** From start to completion; for a run still going, until the report was made. Null before it starts. */
  readonly durationSeconds: number | null;
  /** Pods of the Job that failed (`status.failed`): the attempts used up; 0 for Workflows. */
  readonly failedPods: number;
}

/** A run with the labels that place it under a hub and a hook. */
export interface LabelledRun {
  readonly run: HookRun;
  /** `resource-hooks.cdk8s.io/hub`, else the Sensor (`events.argoproj.io/sensor`). */
  readonly hub: string;
  /** `resource-hooks.cdk8s.io/hook`; absent on runs of Sensors written by hand. */
  readonly hook?: string;
}

function stringMap(value: unknown): Record<string, string> {
  if (!isObject(value)) {
    return {};
  }
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

interface Progress {
  readonly status: RunStatus;
  readonly reason: string | null;
  readonly message: string | null;
  readonly startTime: string | null;
  readonly completionTime: string | null;
}

function trueCondition(status: Record<string, unknown>, type: string): Record<string, unknown> | undefined {
  const conditions = Array.isArray(status.conditions) ? status.conditions.filter(isObject) : [];
  return conditions.find((c) => c.type === type && c.status === 'True');
}

/**
 * A Job's progress from its status, as the Job controller reports it: `Complete` (with
 * `SuccessCriteriaMet` before it since Kubernetes 1.31), `Failed` (with `FailureTarget` while
 * its pods terminate), `Suspended`, else running once it has a start time.
 */
function jobProgress(job: KubeObject): Progress {
  const status = isObject(job.status) ? job.status : {};
  const startTime = text(status.startTime) || null;
  const finished = (state: RunStatus, condition: Record<string, unknown>, end: string): Progress => ({
    status: state,
    reason: state === 'failed' ? text(condition.reason) || null : null,
    message: state === 'failed' ? text(condition.message) || null : null,
    startTime,
    completionTime: end || null,
  });
  const complete = trueCondition(status, 'Complete') ?? trueCondition(status, 'SuccessCriteriaMet');
  if (complete) {
    return finished('succeeded', complete, text(status.completionTime) || text(complete.lastTransitionTime));
  }
  const failed = trueCondition(status, 'Failed') ?? trueCondition(status, 'FailureTarget');
  if (failed) {
    return finished('failed', failed, text(failed.lastTransitionTime));
  }
  const suspended = trueCondition(status, 'Suspended');
  if (suspended) {
    return { status: 'suspended', reason: text(suspended.reason) || null, message: text(suspended.message) || null, startTime, completionTime: null };
  }
  const active = typeof status.active === 'number' && status.active > 0;
  return { status: startTime !== null || active ? 'running' : 'pending', reason: null, message: null, startTime, completionTime: null };
}

/** A Workflow's progress from `status.phase`, `startedAt` and `finishedAt`. */
function workflowProgress(workflow: KubeObject): Progress {
  const status = isObject(workflow.status) ? workflow.status : {};
  const spec = isObject(workflow.spec) ? workflow.spec : {};
  const startTime = text(status.startedAt) || null;
  const completionTime = text(status.finishedAt) || null;
  const message = text(status.message) || null;
  switch (text(status.phase)) {
    case 'Succeeded':
      return { status: 'succeeded', reason: null, message: null, startTime, completionTime };
    case 'Failed':
    case 'Error':
      return { status: 'failed', reason: text(status.phase), message, startTime, completionTime };
    case 'Running':
      return { status: spec.suspend === true ? 'suspended' : 'running', reason: null, message: null, startTime, completionTime: null };
    default:
      return { status: 'pending', reason: null, message: null, startTime, completionTime: null };
  }
}

/**
 * Reads a Job or an Argo Workflow that a Sensor created as a run, with `now` for the duration of
 * a run still going.
 * @returns undefined for an object without the Sensor label (not created by a trigger)
 */
export function readRun(object: KubeObject, now: Date): LabelledRun | undefined {
  const metadata = isObject(object.metadata) ? object.metadata : {};
  const labels = stringMap(metadata.labels);
  const annotations = stringMap(metadata.annotations);
  const hub = labels[HUB_LABEL] ?? labels[SENSOR_LABEL];
  if (hub === undefined || hub === '') {
    return undefined;
  }
  const kind = object.kind === 'Workflow' ? 'Workflow' : 'Job';
  const namespace = text(metadata.namespace);
  const progress = kind === 'Job' ? jobProgress(object) : workflowProgress(object);

  const fired = /^\d+$/.test(labels[ACTION_TIMESTAMP_LABEL] ?? '') ? Number(labels[ACTION_TIMESTAMP_LABEL]) : undefined;
  const created = parseTime(metadata.creationTimestamp);
  const time = fired ?? created;

  const start = parseTime(progress.startTime);
  const end = progress.completionTime !== null ? parseTime(progress.completionTime) : progress.status === 'running' ? now.getTime() : undefined;
  const durationSeconds = start !== undefined && end !== undefined ? Math.max(0, Math.floor((end - start) / 1000)) : null;

  const target = (annotations[TARGET_ANNOTATION] !== undefined ? parseTargetAnnotation(annotations[TARGET_ANNOTATION]) : undefined)
    ?? ownerTarget(metadata, namespace);
  const status = isObject(object.status) ? object.status : {};

  const run: HookRun = {
    kind,
    namespace,
    name: text(metadata.name),
    trigger: labels[TRIGGER_LABEL] ?? '',
    time: time !== undefined ? iso(time) : '',
    change: annotations[CHANGE_ANNOTATION] || null,
    target: target ?? null,
    ...progress,
    durationSeconds,
    failedPods: kind === 'Job' && typeof status.failed === 'number' ? status.failed : 0,
  };
  const hook = labels[HOOK_LABEL];
  return { run, hub, ...(hook !== undefined && hook !== '' ? { hook } : {}) };
}

/** True while the run has not finished. */
export function isActive(run: HookRun): boolean {
  return run.status === 'pending' || run.status === 'running' || run.status === 'suspended';
}
