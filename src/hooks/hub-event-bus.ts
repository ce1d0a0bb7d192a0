/** Options of {@link HubEventBus.jetStream}. */
export interface JetStreamEventBusOptions {
  /**
   * EventBus name: a DNS label of at most 40 characters (Argo Events derives the names of the
   * bus's StatefulSet, Service and Secrets from it).
   * @default "default"
   */
  readonly name?: string;
  /** NATS JetStream version; must be one the Argo Events controller lists. @default "2.10.29" */
  readonly version?: string;
  /** Replicas: 1, or 3 and more. @default 3 */
  readonly replicas?: number;
  /**
   * Size of a persistent volume per replica, as a Kubernetes quantity, e.g. `10Gi` (not `10GB`).
   * @default - emptyDir: events not yet delivered are lost when a bus pod restarts
   */
  readonly volumeSize?: string;
  /** @default - the cluster's default StorageClass */
  readonly storageClassName?: string;
  /**
   * Largest event the bus accepts, e.g. `4MB`. A resource event carries the object twice (new and
   * old), so big objects such as Argo CD Applications of large apps can exceed the default, and
   * such events are dropped by the EventSource. A NATS size: a whole number with an optional
   * `k`, `KB`, `m`, `MB`, `g` or `GB` suffix (`KB` and `MB` count in 1024s), at most `64MB`; NATS
   * advises at most `8MB`.
   * @default "1MB"
   */
  readonly maxPayload?: string;
}

/** The EventBus a hub publishes to and reads from. */
export class HubEventBus {
  /** Use an EventBus that already exists in the hub's namespace. */
  public static existing(name = 'default'): HubEventBus {
    return new HubEventBus(name, undefined);
  }

  /** Create a JetStream EventBus in the hub's namespace (3 NATS pods by default). */
  public static jetStream(options: JetStreamEventBusOptions = {}): HubEventBus {
    return new HubEventBus(options.name ?? 'default', options);
  }

  /** Name of the EventBus. */
  public readonly name: string;
  /** Set when the hub creates the bus. */
  public readonly jetStreamOptions?: JetStreamEventBusOptions;

  private constructor(name: string, jetStreamOptions: JetStreamEventBusOptions | undefined) {
    this.name = name;
    this.jetStreamOptions = jetStreamOptions;
  }
}
