/**
 * What `resource-hooks explain` reports: one {@link HookExplanation} per Sensor dependency, in
 * plain words. The model is also the `--json` output, so its field names are a contract.
 */

/** What a hook listens to: the EventSource event its dependency names. */
export interface TargetExplanation {
  /**
   * EventSource type of the event: `resource`, `webhook`, `calendar`, …; absent when the
   * EventSource or the event is not in the given manifests.
   */
  readonly source?: string;
  /** Kind of the watched objects, when the resource is well known or defined in the inputs. */
  readonly kind?: string;
  /** API group (`""` for the core group), for resource events. */
  readonly group?: string;
  /** API version, for resource events. */
  readonly version?: string;
  /** Plural resource name, for resource events. */
  readonly resource?: string;
  /** Watched namespace for resource events; `""` means all namespaces. */
  readonly namespace?: string;
  /** The one object name the hook accepts, when its filters pin one. */
  readonly name?: string;
  /** Server-side label selector, e.g. `app=web,tier!=db`. */
  readonly selector?: string;
  /** Required name prefix. */
  readonly prefix?: string;
  /** Client-side field filters of the EventSource, in plain words. */
  readonly fieldFilters?: string[];
  /** The EventSource drops the ADD events of objects that existed when it started. */
  readonly ignoresExisting?: boolean;
  /** Only objects created before this instant (RFC 3339) are seen. */
  readonly createdBefore?: string;
  /** The whole target in plain words. */
  readonly description: string;
}

/** One Sensor trigger that a hook fires. */
export interface TriggerExplanation {
  /** Trigger name. */
  readonly name: string;
  /** Trigger type that runs: `k8s`, `http`, `slack`, `log`, `argoWorkflow`, …; `""` when none. */
  readonly kind: string;
  /** What it does, in plain words. */
  readonly action: string;
  /**
   * How the trigger's `conditions` combine this hook with other dependencies; absent when the
   * trigger fires on this hook alone.
   */
  readonly when?: string;
  /** Delivery settings in plain words (acknowledgement, retries, rate limit, success policy). */
  readonly delivery: string[];
}

/** One hook: a Sensor dependency, joined to the EventSource event it listens to. */
export interface HookExplanation {
  /** Sensor name. */
  readonly sensor: string;
  /** Sensor namespace, when the manifest sets one. */
  readonly namespace?: string;
  /** Dependency name. */
  readonly dependency: string;
  /** EventSource the dependency names. */
  readonly eventSource: string;
  /** Event of that EventSource. */
  readonly eventName: string;
  readonly target: TargetExplanation;
  /** Resource event types that reach the triggers (`ADD`, `UPDATE`, `DELETE`); empty for other sources. */
  readonly eventTypes: string[];
  /** The dependency's filters and transform in plain words; all must hold. */
  readonly conditions: string[];
  readonly triggers: TriggerExplanation[];
  /** Why the hook may not work as written. */
  readonly problems: string[];
}
