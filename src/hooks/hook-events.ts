import { TriggerParameter, TriggerTemplateSpec } from '../argo-events';
import { RUN_HOOK_LABEL, RUN_HUB_LABEL, _RunContext, labelValue } from './run-metadata';
import { _Permission } from './trigger';

/**
 * Kubernetes Events that hooks record on their target, so that `kubectl describe` and Argo CD's
 * events view show when a hook fired and when it failed. Argo Events itself records no trigger
 * outcome (argo-events #796), so the Sensor writes them with k8s triggers of its own.
 */

/** Reason of the Normal Event a hook records when it fires. */
export const HOOK_TRIGGERED_REASON = 'HookTriggered';
/** Reason of the Warning Event recorded when a hook's trigger fails for good. */
export const HOOK_FAILED_REASON = 'HookFailed';
/** Retries of the triggers that record Events: a few, since an Event is only a record. */
export const EVENT_RECORD_RETRY = { steps: 3, duration: '1s', factor: 2, jitter: 0.1 };

/** `source.component` of the Events hooks record. */
export const EVENT_COMPONENT = 'resource-hooks';

/** The Event a trigger creates, and what the Sensor needs to create it. */
export interface EventRecord {
  readonly template: Omit<TriggerTemplateSpec, 'name' | 'conditions'>;
  readonly permission: _Permission;
}

/** Where an Event about the target goes: the target's namespace, `default` for cluster-scoped ones. */
export function eventNamespace(ctx: _RunContext): string {
  return ctx.target.namespace ?? 'default';
}

/**
 * An Event on the hook's target. `message` may use Go template syntax over the event data
 * (`.Input`); it is rendered when the trigger runs.
 */
export function targetEvent(ctx: _RunContext, type: 'Normal' | 'Warning', reason: string, message: string): EventRecord {
  const t = ctx.target;
  const namespace = eventNamespace(ctx);
  const dependencyName = ctx.dependencyName;
  const parameters: TriggerParameter[] = [
    ...eventTimeParameters(dependencyName),
    // Should the template fail, the message still says what happened, without the details.
    { src: { dependencyName, dataTemplate: message, value: message.replace(/\s*\{\{[^}]*\}\}/g, '') }, dest: 'message' },
  ];
  const involvedObject: Record<string, string> = { apiVersion: t.apiVersion, kind: t.kind, name: t.name ?? '' };
  if (t.namespace !== undefined) {
    involvedObject.namespace = t.namespace;
  }
  if (ctx.eventIsTarget) {
    // Label-selected targets are known by name only when the event comes.
    parameters.push(
      { src: { dependencyName, dataKey: 'body.metadata.name', value: t.name ?? '' }, dest: 'involvedObject.name' },
      { src: { dependencyName, dataKey: 'body.metadata.uid', value: '' }, dest: 'involvedObject.uid' },
    );
  }
  const generateName = `${labelValue(ctx.hookName).toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 40)}-`;
  const labels = { [RUN_HUB_LABEL]: labelValue(ctx.hubName), [RUN_HOOK_LABEL]: labelValue(ctx.hookName) };
  return {
    template: { k8s: { operation: 'create', source: { resource: eventManifest(namespace, generateName, labels, involvedObject, type, reason) }, parameters } },
    permission: { namespace, group: '', resource: 'events', verbs: ['create'] },
  };
}

/** An Event's first and last timestamps: the time of the CloudEvent that caused it. */
export function eventTimeParameters(dependencyName: string): TriggerParameter[] {
  return [
    { src: { dependencyName, contextKey: 'time', value: '' }, dest: 'firstTimestamp' },
    { src: { dependencyName, contextKey: 'time', value: '' }, dest: 'lastTimestamp' },
  ];
}

/**
 * A core v1 Event as the Sensor creates it; `message` and the timestamps are filled in by
 * parameters (the CloudEvent's time), `involvedObject` partly so.
 */
export function eventManifest(namespace: string, generateName: string, labels: Record<string, string>, involvedObject: Record<string, string>, type: string, reason: string): any {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { generateName, namespace, labels },
    involvedObject,
    type,
    reason,
    message: '',
    source: { component: EVENT_COMPONENT },
    count: 1,
    firstTimestamp: '',
    lastTimestamp: '',
  };
}
