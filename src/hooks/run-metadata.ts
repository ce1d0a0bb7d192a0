import { Duration } from 'cdk8s';
import { TriggerParameter } from '../argo-events';
import { HookTarget } from './hook-target';

/**
 * What every object a hook creates (a run: a Job or an Argo Workflow) carries, so that people find
 * it where they look: labels to list a hook's history with `kubectl get jobs -l …`, annotations
 * naming the target and the change, an ownerReference to the target so Argo CD shows the run (and
 * its Pod logs) under that resource, and a TTL so finished runs do not pile up.
 */

/** Label of runs and of hook Events: the hub (EventSource and Sensor name). */
export const RUN_HUB_LABEL = 'resource-hooks.cdk8s.io/hub';
/** Label of runs and of hook Events: the hook (Sensor dependency name). */
export const RUN_HOOK_LABEL = 'resource-hooks.cdk8s.io/hook';
/** Label of runs: uid of the object whose change started it. */
export const RUN_TARGET_UID_LABEL = 'resource-hooks.cdk8s.io/target-uid';
/** Annotation of runs: `<apiVersion> <kind> <namespace>/<name>` of the target. */
export const RUN_TARGET_ANNOTATION = 'resource-hooks.cdk8s.io/target';
/** Annotation of runs: the change, e.g. `generation 5 resourceVersion 81234`. */
export const RUN_CHANGE_ANNOTATION = 'resource-hooks.cdk8s.io/change';

/**
 * Finished hook Jobs are kept 8 days by default. A Job's deterministic name only blocks a
 * duplicate run while the earlier Job exists, so the TTL must outlast every redelivery window:
 * Argo Events' JetStream stream keeps messages 168 hours (7 days) by default, and a Sensor that
 * restarts processes its unacknowledged backlog; one more day covers a restart at the end of it.
 */
export const DEFAULT_RUN_TTL = Duration.days(8);

/** Fields of the change shown in the change annotation, by the environment variable that carries them. */
const CHANGE_FIELDS: Record<string, string> = {
  HOOK_TARGET_GENERATION: 'generation',
  HOOK_TARGET_RESOURCE_VERSION: 'resourceVersion',
  HOOK_ARGOCD_REVISION: 'revision',
  HOOK_ARGOCD_FINISHED_AT: 'finishedAt',
};

/** What the run metadata needs to know about the hook. @internal */
export interface _RunContext {
  readonly hubName: string;
  readonly hookName: string;
  readonly dependencyName: string;
  /** The hook's target. */
  readonly target: HookTarget;
  /** Whether the event's `body` is the target itself (not, e.g., the Argo CD Application). */
  readonly eventIsTarget: boolean;
  /** The gjson paths of the change fields, by environment variable name. */
  readonly changePaths: { [env: string]: string };
}

/** Escapes a key for an sjson path (label and annotation keys contain dots). */
export function sjsonKey(key: string): string {
  return key.replace(/[.*?\\]/g, (c) => `\\${c}`);
}

/** A label value made of the name: Kubernetes wants at most 63 characters, alphanumeric at both ends. */
export function labelValue(name: string): string {
  return name.slice(0, 63).replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9]+$/, '');
}

/** Whether a run in `namespace` may be owned by the target (Kubernetes refuses cross-namespace owners). */
export function canOwnRun(ctx: _RunContext, namespace: string): boolean {
  return ctx.eventIsTarget && (ctx.target.namespace === undefined || ctx.target.namespace === namespace);
}

/**
 * Adds the run metadata to a manifest about to become a trigger's template, and returns the
 * parameters that fill in what only the event knows (uid, name, versions). With `owned`, the target
 * becomes the run's owner (no `blockOwnerDeletion`, which would need delete rights on the target).
 */
export function addRunMetadata(manifest: any, ctx: _RunContext, owned: boolean): TriggerParameter[] {
  const metadata = manifest.metadata;
  metadata.labels = { ...(metadata.labels ?? {}), [RUN_HUB_LABEL]: labelValue(ctx.hubName), [RUN_HOOK_LABEL]: labelValue(ctx.hookName) };
  const dependencyName = ctx.dependencyName;
  const parameters: TriggerParameter[] = [];
  const t = ctx.target;
  let target: string;
  if (ctx.eventIsTarget) {
    target = '';
    parameters.push({
      src: {
        dependencyName,
        dataTemplate: `${t.apiVersion} ${t.kind} {{ with .Input.body.metadata }}{{ if .namespace }}{{ .namespace }}/{{ end }}{{ .name }}{{ end }}`,
        value: `${t.apiVersion} ${t.kind}`,
      },
      dest: `metadata.annotations.${sjsonKey(RUN_TARGET_ANNOTATION)}`,
    });
    parameters.push({
      src: { dependencyName, dataKey: 'body.metadata.uid', value: '' },
      dest: `metadata.labels.${sjsonKey(RUN_TARGET_UID_LABEL)}`,
    });
  } else {
    target = `${t.apiVersion} ${t.kind} ${t.namespace !== undefined ? `${t.namespace}/` : ''}${t.name ?? '*'}`;
  }
  metadata.annotations = { ...(metadata.annotations ?? {}), [RUN_TARGET_ANNOTATION]: target, [RUN_CHANGE_ANNOTATION]: '' };
  const change = changeTemplate(ctx);
  if (change !== '') {
    parameters.push({
      src: { dependencyName, dataTemplate: change, value: '' },
      dest: `metadata.annotations.${sjsonKey(RUN_CHANGE_ANNOTATION)}`,
    });
  }
  if (owned) {
    metadata.ownerReferences = [{ apiVersion: t.apiVersion, kind: t.kind, name: '', uid: '' }];
    parameters.push(
      { src: { dependencyName, dataKey: 'body.metadata.name', value: '' }, dest: 'metadata.ownerReferences.0.name' },
      { src: { dependencyName, dataKey: 'body.metadata.uid', value: '' }, dest: 'metadata.ownerReferences.0.uid' },
    );
  }
  return parameters;
}

/** A Go template naming the change, e.g. `generation {{ .Input.body.metadata.generation }}`. */
export function changeTemplate(ctx: _RunContext): string {
  return Object.entries(ctx.changePaths)
    .filter(([env]) => CHANGE_FIELDS[env] !== undefined)
    .map(([env, path]) => `${CHANGE_FIELDS[env]} {{ ${goTemplateReference(path)} }}`)
    .join(' ');
}

/** `.Input.a.b` for a gjson path of plain keys; `index` for keys Go templates cannot name and array positions. */
export function goTemplateReference(path: string): string {
  const keys = path.split('.');
  if (keys.every((k) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k))) {
    return `.Input.${path}`;
  }
  // Array positions are numbers to `index`; everything else a map key.
  return `index .Input ${keys.map((k) => (/^(0|[1-9][0-9]*)$/.test(k) ? k : JSON.stringify(k))).join(' ')}`;
}

/** Whole seconds of a TTL, checked. */
export function ttlSeconds(ttl: Duration, where: string, property: string): number {
  const seconds = ttl.toMilliseconds() / 1000;
  if (!Number.isInteger(seconds) || seconds < 1) {
    throw new Error(`${where}: ${property} is ${seconds} seconds; Kubernetes needs a positive whole number of seconds (e.g. Duration.days(8))`);
  }
  return seconds;
}
