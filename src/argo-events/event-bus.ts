import { ApiObject, ApiObjectMetadata, GroupVersionKind } from 'cdk8s';
import { Construct } from 'constructs';

/** Persistent storage of a JetStream EventBus. */
export interface JetStreamPersistence {
  /** @default - the cluster's default StorageClass */
  readonly storageClassName?: string;
  /** @default "ReadWriteOnce" */
  readonly accessMode?: string;
  /** Volume size, e.g. `20Gi`. @default "20Gi" */
  readonly volumeSize?: string;
}

/** `spec.jetstream` of an EventBus. */
export interface JetStreamBusSpec {
  /** NATS JetStream version known to the Argo Events controller; pin one. */
  readonly version: string;
  /** Must be 1 or at least 3. @default 3 */
  readonly replicas?: number;
  /** @default - emptyDir (events are lost when a pod restarts) */
  readonly persistence?: JetStreamPersistence;
  /** YAML merged over the controller's stream defaults. @default - controller defaults */
  readonly streamConfig?: string;
  /** Maximum message size, e.g. `1MB`. @default "1MB" */
  readonly maxPayload?: string;
}

/** `spec` of an EventBus (only JetStream is modelled; NATS Streaming is deprecated). */
export interface EventBusSpec {
  /** The JetStream bus. */
  readonly jetstream: JetStreamBusSpec;
}

/** Props of {@link EventBus}. */
export interface EventBusProps {
  /** @default - a name is generated from the construct path */
  readonly metadata?: ApiObjectMetadata;
  /** The bus. */
  readonly spec: EventBusSpec;
}

/** An Argo Events `EventBus` (argoproj.io/v1alpha1). */
export class EventBus extends ApiObject {
  public static readonly GVK: GroupVersionKind = { apiVersion: 'argoproj.io/v1alpha1', kind: 'EventBus' };

  constructor(scope: Construct, id: string, props: EventBusProps) {
    const replicas = props.spec.jetstream.replicas;
    if (replicas !== undefined && (!Number.isInteger(replicas) || replicas <= 0 || replicas === 2)) {
      throw new Error(`${scope.node.path}/${id}: spec.jetstream.replicas ${replicas} is rejected by the Argo Events controller; use 1 or an integer of at least 3`);
    }
    if (props.spec.jetstream.version.trim() === '') {
      throw new Error(`${scope.node.path}/${id}: spec.jetstream.version is empty; pin a JetStream version the controller knows, e.g. "2.10.29"`);
    }
    super(scope, id, { ...EventBus.GVK, metadata: props.metadata, spec: props.spec });
  }
}
