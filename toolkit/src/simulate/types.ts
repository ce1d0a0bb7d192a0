import { ClusterOutcome, KubeObject } from '../engine/cluster';
import { FilterKind } from '../engine/filters';
import { FilterOutcome } from '../engine/filter-outcome';

/** A change to a Kubernetes object, as a resource EventSource's informer reports it. */
export interface ResourceEvent {
  readonly type: 'ADD' | 'UPDATE' | 'DELETE';
  /** The object after the change (for DELETE: its last state). */
  readonly object: KubeObject;
  /** The object before the change; used for UPDATE. */
  readonly oldObject?: KubeObject;
  /**
   * Plural resource name when it is not the one derived from the kind (e.g. a CRD with an
   * irregular plural).
   * @default - derived from `kind`
   */
  readonly resource?: string;
}

/**
 * An event published on the EventBus by any kind of EventSource (webhook, calendar, …), for
 * sources the simulator does not model itself.
 */
export interface BusEvent {
  /** EventSource name; the CloudEvent `source`. */
  readonly eventSourceName: string;
  /** Event name inside the EventSource; the CloudEvent `subject`. */
  readonly eventName: string;
  /**
   * The payload. Strings are used verbatim; anything else is JSON-encoded the way Go encodes it.
   * A webhook EventSource sends `{"header": {...}, "body": <request body>}`.
   */
  readonly data: unknown;
  /**
   * The CloudEvent `type`, i.e. the EventSource type.
   * @default - the type of the EventSource of that name if it was loaded, else `webhook`
   */
  readonly type?: string;
  /** @default 'application/json' */
  readonly contentType?: string;
  /**
   * Event id; reuse an id to simulate a redelivered message, which each trigger ignores for 60 s.
   * @default - a fresh deterministic id
   */
  readonly id?: string;
  /**
   * Namespace of the EventBus the event is published on.
   * @default - the EventSource's namespace if it was loaded, else every namespace
   */
  readonly namespace?: string;
}

/** Per-call options of `emit`/`emitEvent`. */
export interface EmitOptions {
  /**
   * The event's time: the simulated clock moves to this instant before the event, and the event
   * carries it. It must not be before the clock (the clock never goes back; an EngineError says
   * so). `conditionsReset` schedules that fall in between clear stored condition state.
   */
  readonly time?: Date | string;
  /**
   * The HTTP status the endpoints of http triggers answer with, for all of them or by
   * `<sensor>/<trigger>`. Without it http requests are reported as `sent`.
   */
  readonly httpStatus?: number | Readonly<Record<string, number>>;
}

/** Trigger kinds, in Argo Events' execution priority. */
export const TRIGGER_KINDS = [
  'k8s', 'argoWorkflow', 'http', 'awsLambda', 'azureEventHubs', 'azureServiceBus', 'kafka', 'pulsar', 'nats',
  'slack', 'openWhisk', 'custom', 'log', 'email',
] as const;

/** One of {@link TRIGGER_KINDS}. */
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

/** What every action reports. */
export interface ActionBase {
  /** Sensor name. */
  readonly sensor: string;
  /** Sensor namespace (`''` if the manifest has none). */
  readonly namespace: string;
  /** Trigger name (after trigger-level parameters, which may rename it). */
  readonly trigger: string;
  /** The dependencies whose events fired the trigger. */
  readonly dependencies: readonly string[];
  /** The ids of those events, by dependency. */
  readonly eventIds: Readonly<Record<string, string>>;
  /** Whether the action failed (per the trigger's rules: policies, API errors, rendering errors). */
  readonly failed: boolean;
  /** Why it failed. */
  readonly error?: string;
  /**
   * How many times Argo Events would run the trigger: `retryStrategy.steps` when it fails with
   * `atLeastOnce: true`, otherwise 1 (retries need `atLeastOnce`).
   */
  readonly attempts: number;
  /** The sleeps between attempts, before jitter (e.g. `['1s', '2s']`). */
  readonly backoff?: readonly string[];
  /**
   * The `dlqTrigger` run after the attempts are exhausted. The same action also follows this one
   * in `EmitResult.actions`, with `deadLetterOf` set.
   */
  readonly dlq?: SimulatedAction;
  /**
   * Set on a `dlqTrigger` run: the name of the trigger that failed for good, whose events it
   * received. `trigger` is the dead-letter trigger's own name.
   */
  readonly deadLetterOf?: string;
  /** Behaviour worth knowing that is not an error (ignored fields, placeholders used…). */
  readonly notes?: readonly string[];
}

/** A k8s trigger: the API call against the simulated cluster. */
export interface K8sAction extends ActionBase {
  readonly kind: 'k8s';
  readonly operation: 'create' | 'update' | 'patch' | 'delete';
  /** The object sent, after parameters, namespace defaulting and labels. */
  readonly object?: KubeObject;
  /** The object as stored after the call (generated name, server fields), if any. */
  readonly result?: KubeObject;
  /** For `source-unavailable`: the source after trigger-level parameters (e.g. the S3 location). */
  readonly source?: Readonly<Record<string, unknown>>;
  readonly outcome: ClusterOutcome | 'source-unavailable' | 'failed';
}

/** An http trigger: the request Argo Events would send. */
export interface HttpAction extends ActionBase {
  readonly kind: 'http';
  readonly request?: {
    readonly method: string;
    readonly url: string;
    readonly headers: Readonly<Record<string, string>>;
    /** The body, parsed when it is JSON, else the text; `null` when there is none. */
    readonly body: unknown;
    /** The body text exactly as sent. */
    readonly bodyText: string | null;
  };
  /** The simulated response status, when one was given. */
  readonly status?: number;
  readonly outcome: 'sent' | 'succeeded' | 'failed';
}

/** A slack trigger: the message Argo Events would post. */
export interface SlackAction extends ActionBase {
  readonly kind: 'slack';
  readonly channel?: string;
  readonly message?: string;
  readonly attachments?: string;
  readonly blocks?: string;
  readonly thread?: Readonly<Record<string, unknown>>;
  readonly outcome: 'sent' | 'failed';
}

/** A log trigger: what the Sensor logs for each event. */
export interface LogAction extends ActionBase {
  readonly kind: 'log';
  readonly entries: readonly {
    readonly dependency: string;
    readonly eventContext: Readonly<Record<string, unknown>>;
    /** The payload text, or base64 when it is not UTF-8 text. */
    readonly data: string;
  }[];
  readonly outcome: 'logged';
}

/** An argoWorkflow trigger: the `argo` command and the workflow object. */
export interface ArgoWorkflowAction extends ActionBase {
  readonly kind: 'argoWorkflow';
  readonly operation?: string;
  readonly object?: KubeObject;
  readonly command?: readonly string[];
  readonly result?: KubeObject;
  /** For `source-unavailable`: the source after trigger-level parameters. */
  readonly source?: Readonly<Record<string, unknown>>;
  readonly outcome: 'submitted' | 'executed' | 'already-exists' | 'source-unavailable' | 'failed';
}

/** A trigger kind the simulator renders but does not execute (kafka, awsLambda, …). */
export interface OtherAction extends ActionBase {
  readonly kind: Exclude<TriggerKind, 'k8s' | 'http' | 'slack' | 'log' | 'argoWorkflow'> | 'unknown';
  /** The trigger's spec for that kind, after parameters. */
  readonly spec?: Readonly<Record<string, unknown>>;
  /** The constructed payload, for kinds that have one. */
  readonly payload?: unknown;
  readonly outcome: 'not-simulated' | 'failed';
}

/** What a fired trigger would do. */
export type SimulatedAction = K8sAction | HttpAction | SlackAction | LogAction | ArgoWorkflowAction | OtherAction;

/** How one trigger reacted to a dependency's passing event. */
export interface TriggerTrace {
  readonly trigger: string;
  /**
   * `fired`: the action ran; `stored`: kept until the `&&` conditions hold; `duplicate`: the event
   * id was seen by this trigger within 60 s; `disabled`: the trigger cannot run (see diagnostics).
   */
  readonly result: 'fired' | 'stored' | 'duplicate' | 'disabled';
  /** For `stored`: dependencies that have no stored event yet. */
  readonly waitingFor?: readonly string[];
  /** For `disabled`: why the trigger cannot run, as Argo Events would log it. */
  readonly reason?: string;
}

/** How one Sensor dependency handled an event. */
export interface DependencyTrace {
  readonly sensor: string;
  readonly dependency: string;
  /** Passed the transform and the filters. */
  readonly matched: boolean;
  /** Why not, in words. */
  readonly reason?: string;
  /** The upstream error (transform or filter), if any. */
  readonly error?: string;
  /** Each defined filter kind's result. */
  readonly filters?: Partial<Record<FilterKind, FilterOutcome>>;
  /** The triggers that consume this dependency. */
  readonly triggers: readonly TriggerTrace[];
}

/** What one EventSource event did with the change. */
export interface TraceEntry {
  readonly eventSource: string;
  readonly eventName: string;
  readonly namespace: string;
  /** Whether the EventSource published an event. */
  readonly emitted: boolean;
  /** Why not. */
  readonly reason?: string;
  /** The published event. */
  readonly event?: {
    readonly id: string;
    readonly type: string;
    /** ADD/UPDATE/DELETE as delivered (a label change can turn an update into ADD or DELETE). */
    readonly eventType?: string;
    readonly time: string;
  };
  readonly dependencies: readonly DependencyTrace[];
}

/** The result of one simulated change. */
export interface EmitResult {
  readonly actions: readonly SimulatedAction[];
  readonly trace: readonly TraceEntry[];
  /**
   * `<sensor>/<trigger>` of every action, in execution order; a dead-letter run is
   * `<sensor>/<trigger>` of the dlqTrigger's own name.
   */
  readonly triggers: readonly string[];
}

/**
 * Who notices an error: `controller` — Argo Events' controller (or its validating webhook) refuses
 * the object, so none of it runs; `runtime` — the object is accepted and the part fails when it
 * runs, which the simulator reproduces (a filter that errors, a trigger that never fires);
 * `simulator` — syntax the engine does not implement (an event that reaches it makes `emit` throw).
 */
export type DiagnosticStage = 'controller' | 'runtime' | 'simulator';

/** A problem found in the manifests. */
export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  /** Object and field, e.g. `Sensor/hub spec.dependencies[0].filters.exprs[1].expr`. */
  readonly where: string;
  readonly message: string;
  /** For errors: who notices it. */
  readonly stage?: DiagnosticStage;
}
