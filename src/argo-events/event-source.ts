import { ApiObject, ApiObjectMetadata, GroupVersionKind, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoEventsPodTemplate } from './common';

/** Kubernetes watch event types a resource EventSource can emit. */
export enum ResourceEventType {
  /** The object was added (also sent for every existing object when the EventSource starts). */
  ADD = 'ADD',
  /** The object changed (any resourceVersion change, status-only ones included). */
  UPDATE = 'UPDATE',
  /** The object was deleted. */
  DELETE = 'DELETE',
}

/** One `{key, operation, value}` selector of a resource EventSource filter. */
export interface ResourceSelector {
  /** Label key, or gjson path for field selectors. */
  readonly key: string;
  /**
   * Operator. For labels a Kubernetes selector operator (`=`, `==`, `!=`, `in`, `notin`,
   * `exists`, `!`, `gt`, `lt`); for fields `==` or `!=`. A field selector without an operation
   * drops every event, so always set it.
   * @default - `=` for labels; no default for fields
   */
  readonly operation?: string;
  /**
   * Value. For fields an unanchored Go regular expression.
   * @default - empty
   */
  readonly value?: string;
}

/** Filters applied by a resource EventSource before it publishes an event. */
export interface ResourceEventFilter {
  /** Case-sensitive prefix of `metadata.name`. @default - any name */
  readonly prefix?: string;
  /** Server-side label selectors, ANDed. @default - none */
  readonly labels?: ResourceSelector[];
  /** Client-side field selectors (gjson path + regex), ANDed. @default - none */
  readonly fields?: ResourceSelector[];
  /** Drop objects created after this RFC 3339 instant. @default - none */
  readonly createdBy?: string;
  /**
   * Drop events that happened before the EventSource pod started (the ADDs of its initial list).
   * @default false
   */
  readonly afterStart?: boolean;
}

/** One watched resource type (`spec.resource.<eventName>`). */
export interface ResourceEventSpec {
  /** Namespace to watch; `''` watches the whole cluster (needs cluster-scoped RBAC). */
  readonly namespace: string;
  /** API group, `''` for the core group. */
  readonly group: string;
  /** API version. */
  readonly version: string;
  /** Plural resource name, e.g. `deployments`. */
  readonly resource: string;
  /** Event types to emit. */
  readonly eventTypes: ResourceEventType[];
  /** @default - no filter */
  readonly filter?: ResourceEventFilter;
  /** Extra string metadata copied into every event as `metadata`. @default - none */
  readonly metadata?: { [key: string]: string };
}

/** `spec` of an Argo Events EventSource (only the resource source is modelled). */
export interface EventSourceSpec {
  /** @default "default" */
  readonly eventBusName?: string;
  /** @default - controller defaults */
  readonly template?: ArgoEventsPodTemplate;
  /** @default 1 */
  readonly replicas?: number;
  /** Resource watches by event name. @default - none */
  readonly resource?: { [eventName: string]: ResourceEventSpec };
}

/** Props of {@link EventSource}. */
export interface EventSourceProps {
  /** @default - a name is generated from the construct path */
  readonly metadata?: ApiObjectMetadata;
  /** @default - an empty spec; add events with `addResourceEvent` */
  readonly spec?: EventSourceSpec;
}

/**
 * An Argo Events `EventSource` (argoproj.io/v1alpha1).
 *
 * The spec renders lazily, so events added with `addResourceEvent` after construction are
 * included.
 */
export class EventSource extends ApiObject {
  public static readonly GVK: GroupVersionKind = { apiVersion: 'argoproj.io/v1alpha1', kind: 'EventSource' };

  private readonly baseSpec: EventSourceSpec;
  private readonly resourceEvents: { [eventName: string]: ResourceEventSpec } = {};

  constructor(scope: Construct, id: string, props: EventSourceProps = {}) {
    super(scope, id, {
      ...EventSource.GVK,
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._renderSpec() }),
    });
    this.baseSpec = props.spec ?? {};
    for (const [name, spec] of Object.entries(this.baseSpec.resource ?? {})) {
      this.addResourceEvent(name, spec);
    }
  }

  /** Adds a resource watch under `eventName`; names must be unique in the EventSource. */
  public addResourceEvent(eventName: string, spec: ResourceEventSpec): void {
    if (this.resourceEvents[eventName] !== undefined) {
      throw new Error(`${this.node.path}: event name "${eventName}" is already used in this EventSource; event names must be unique`);
    }
    this.resourceEvents[eventName] = spec;
  }

  /** Names of the resource events added so far. */
  public get resourceEventNames(): string[] {
    return Object.keys(this.resourceEvents);
  }

  /** @internal */
  public _renderSpec(): any {
    const names = Object.keys(this.resourceEvents);
    return { ...this.baseSpec, resource: names.length > 0 ? this.resourceEvents : undefined };
  }
}
