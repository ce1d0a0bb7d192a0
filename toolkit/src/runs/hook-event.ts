import { KubeObject } from '../engine/cluster';
import { parseTime } from './durations';
import { HOOK_FAILED, HOOK_LABEL, HOOK_TRIGGERED, HUB_LABEL } from './labels';
import { TargetRef, involvedTarget } from './target';
import { isObject, text } from './json-fields';

/** A `HookTriggered` or `HookFailed` Event a hook recorded on its target. */
export interface HookEvent {
  /** `Normal` or `Warning`. */
  readonly type: string;
  /** `HookTriggered` or `HookFailed`. */
  readonly reason: string;
  /** The last time it happened, RFC 3339. */
  readonly time: string;
  /** How often it happened (Events with the same message are aggregated by the API server's clients). */
  readonly count: number;
  readonly message: string;
  /** The `involvedObject`: the hook's target. */
  readonly target: TargetRef | null;
  /** The Event object, for `kubectl get event -n <namespace> <name>`. */
  readonly namespace: string;
  readonly name: string;
  /** The Job or Workflow of the same hook that the message names, if any. */
  readonly run: string | null;
}

/** A hook Event with the labels that place it under a hub and a hook. */
export interface LabelledEvent {
  readonly event: HookEvent;
  readonly hub: string;
  readonly hook: string;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

const REASONS = new Set([HOOK_TRIGGERED, HOOK_FAILED]);

/**
 * Reads a core v1 Event recorded by a hook. Its time is the last occurrence: `lastTimestamp`,
 * else `series.lastObservedTime` and `eventTime` (Events written through events.k8s.io/v1),
 * else the creation time.
 * @returns undefined for Events of other reasons or without the hub and hook labels
 */
export function readHookEvent(object: KubeObject): LabelledEvent | undefined {
  const metadata = isObject(object.metadata) ? object.metadata : {};
  const labels = isObject(metadata.labels) ? metadata.labels : {};
  const hub = text(labels[HUB_LABEL]);
  const hook = text(labels[HOOK_LABEL]);
  const reason = text(object.reason);
  if (hub === '' || hook === '' || !REASONS.has(reason)) {
    return undefined;
  }
  const series = isObject(object.series) ? object.series : {};
  const time = parseTime(object.lastTimestamp) ?? parseTime(series.lastObservedTime) ?? parseTime(object.eventTime)
    ?? parseTime(metadata.creationTimestamp);
  const count = typeof series.count === 'number' ? series.count : typeof object.count === 'number' && object.count > 0 ? object.count : 1;
  return {
    hub,
    hook,
    event: {
      type: text(object.type) || (reason === HOOK_FAILED ? 'Warning' : 'Normal'),
      reason,
      time: time !== undefined ? iso(time) : '',
      count,
      message: text(object.message),
      target: involvedTarget(object) ?? null,
      namespace: text(metadata.namespace),
      name: text(metadata.name),
      run: null,
    },
  };
}

/**
 * The run among `names` (Jobs and Workflows of the same hook) that an Event's message names as
 * a whole word, e.g. `started Job web/web-watch-smoke-test-3f2a9c1e0b`.
 */
export function runNamedBy(message: string, names: readonly string[]): string | null {
  for (const name of [...names].sort((a, b) => b.length - a.length)) {
    const at = message.indexOf(name);
    if (at >= 0 && !/[a-z0-9-]/.test(message[at - 1] ?? ' ') && !/[a-z0-9-]/.test(message[at + name.length] ?? ' ')) {
      return name;
    }
  }
  return null;
}
