import { KubeObject } from '../engine/cluster';
import { describeObject } from '../engine/manifests';
import { EmitResult, ResourceEvent, SimulatedAction } from '../simulate/types';

/**
 * Where a change came from: the initial list (which the informer reports as ADD for every
 * existing object), a later list after the watch expired or failed, or the watch stream.
 */
export type EventOrigin = 'list' | 'relist' | 'watch';

/** A change seen in the cluster and what the simulated Argo Events did with it. */
export interface WatchedEvent {
  readonly change: ResourceEvent;
  readonly origin: EventOrigin;
  readonly time: Date;
  readonly result: EmitResult;
}

const ORIGIN_NOTES: Readonly<Record<EventOrigin, string>> = { list: ', initial list', relist: ', relist', watch: '' };

function metadataOf(object: KubeObject): Record<string, unknown> {
  const metadata = object.metadata;
  return metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata) ? metadata as Record<string, unknown> : {};
}

function actionSummary(action: SimulatedAction): string {
  const outcome = action.error ? `${action.outcome}: ${action.error}` : action.outcome;
  return `${action.sensor}/${action.trigger} (${action.kind}, ${outcome})`;
}

/** Why no EventSource event published the change, when none did. */
function unpublishedReasons(result: EmitResult): string {
  if (result.trace.length === 0) {
    return ' (no EventSource event watches it)';
  }
  if (result.trace.some((t) => t.emitted)) {
    return '';
  }
  const reasons = [...new Set(result.trace.map((t) => t.reason ?? 'filtered out'))];
  return ` (not published: ${reasons.join('; ')})`;
}

/**
 * One line per change: type, object, resourceVersion, origin, then the triggers that would fire
 * with their kind and simulated outcome, e.g.
 * `UPDATE Deployment/web/web (rv 42): web-hooks/smoke-test (k8s, created)`.
 */
export function formatEventText(event: WatchedEvent): string {
  const { change, origin, result } = event;
  const version = metadataOf(change.object).resourceVersion;
  const head = `${change.type} ${describeObject(change.object)} (rv ${typeof version === 'string' ? version : '?'}${ORIGIN_NOTES[origin]})`;
  const tail = result.actions.length > 0
    ? result.actions.map(actionSummary).join('; ')
    : `no trigger${unpublishedReasons(result)}`;
  return `${head}: ${tail}`;
}

/**
 * One JSON object per change: `time`, `type`, `origin`, `object` (apiVersion, kind, namespace,
 * name, uid, resourceVersion), `triggers` (`<sensor>/<trigger>`), and the simulator's `actions`
 * and `trace`.
 */
export function formatEventJson(event: WatchedEvent): string {
  const { change, origin, result } = event;
  const metadata = metadataOf(change.object);
  return JSON.stringify({
    time: event.time.toISOString(),
    type: change.type,
    origin,
    object: {
      apiVersion: change.object.apiVersion,
      kind: change.object.kind,
      namespace: metadata.namespace,
      name: metadata.name,
      uid: metadata.uid,
      resourceVersion: metadata.resourceVersion,
    },
    triggers: result.triggers,
    actions: result.actions,
    trace: result.trace,
  });
}
