/**
 * The Argo Events releases whose controller rules the linter knows: 1.9.0 to 1.9.11. The rules
 * differ between them (a field newer than the release is dropped when the controller decodes the
 * object; some shapes are rejected by older releases only), so a lint run is always for one release.
 */

/** The newest 1.9 patch release whose rules are known. */
const NEWEST_PATCH = 11;

/** The release lint checks against unless told otherwise: the oldest supported one. */
export const DEFAULT_ARGO_EVENTS_VERSION = '1.9.0';

/** Every supported release, oldest first. */
export const SUPPORTED_ARGO_EVENTS_VERSIONS: readonly string[] =
  Array.from({ length: NEWEST_PATCH + 1 }, (_, patch) => `1.9.${patch}`);

/** How the supported releases are described in messages. */
export const SUPPORTED_RANGE = `1.9.0 to 1.9.${NEWEST_PATCH}`;

/** One supported Argo Events release. */
export class ArgoEventsVersion {
  /**
   * The release named by `text`, e.g. `1.9.4` or `v1.9.4` (as upstream tags it); `undefined` for
   * anything else, including releases outside {@link SUPPORTED_RANGE}.
   */
  public static parse(text: string): ArgoEventsVersion | undefined {
    const match = /^v?1\.9\.(0|[1-9]\d*)$/.exec(text.trim());
    if (match === null || Number(match[1]) > NEWEST_PATCH) {
      return undefined;
    }
    return new ArgoEventsVersion(Number(match[1]));
  }

  /**
   * Like {@link parse}, but throws for an unsupported value.
   * @throws Error naming the value and the supported range
   */
  public static of(text: string): ArgoEventsVersion {
    const version = ArgoEventsVersion.parse(text);
    if (version === undefined) {
      throw new Error(`argoEventsVersion ${JSON.stringify(text)} is not a supported Argo Events release; ` +
        `use one of ${SUPPORTED_RANGE} (e.g. "1.9.4")`);
    }
    return version;
  }

  private constructor(public readonly patch: number) {}

  /** Whether this release is `1.9.<patch>` or newer. */
  public atLeast(patch: number): boolean {
    return this.patch >= patch;
  }

  /** `1.9.<patch>`. */
  public toString(): string {
    return `1.9.${this.patch}`;
  }
}

// Releases that changed what the controller validates (checked in the upstream tags'
// pkg/reconciler/sensor/validate.go, controllers/sensor/validate.go before 1.9.3).

/** `Trigger.dlqTrigger` exists, and the controller validates it (1.9.3). */
export const DLQ_TRIGGER_SINCE = 3;
/** HTTP trigger `payload` entries may have an empty `dest`, the value is then the whole body (1.9.8). */
export const HTTP_PAYLOAD_EMPTY_DEST_SINCE = 8;
/** `filters.time.timezone` exists, and the controller loads it (1.9.9). */
export const TIME_FILTER_TIMEZONE_SINCE = 9;

/**
 * Fields of the structures in `argo-api.ts` (which describes 1.9.11) that older releases do not
 * have, with the release that added them. Found by comparing the `json:` field tags of
 * `pkg/apis` between the upstream tags v1.9.0 and v1.9.11.
 */
const ADDED_FIELDS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  Trigger: { dlqTrigger: DLQ_TRIGGER_SINCE },
  KafkaTrigger: { headers: 3, secureHeaders: 3 },
  Service: { metadata: 3 },
  JetStreamConfig: { tls: 4 },
  NATSTrigger: { auth: 6 },
  EventSourceSpec: { mns: 7 },
  HTTPTrigger: { dynamicHeaders: 7, host: 8 },
  KafkaBus: { partitioner: 8 },
  TLSConfig: { enabled: 8 },
  TimeFilter: { timezone: TIME_FILTER_TIMEZONE_SINCE },
  GitArtifact: { githubApp: 11 },
  // Bus consumer groups took over the event source's type in 1.9.3 (see REMOVED_FIELDS).
  KafkaConsumerGroup: { oldest: 3 },
};

/**
 * Fields that older releases have and 1.9.11 does not: the structure, the field, its type
 * expression (as in `argo-api.ts`) and the first release without it. Before 1.9.3 an EventBus
 * Kafka consumer group had `startOldest` where it now has `oldest`.
 */
const REMOVED_FIELDS: readonly RemovedField[] = [
  { struct: 'KafkaConsumerGroup', field: 'startOldest', type: 'boolean', until: 3, replacedBy: 'oldest' },
];

/** A field that newer releases no longer have. */
export interface RemovedField {
  readonly struct: string;
  readonly field: string;
  /** Its type expression, as in `argo-api.ts`. */
  readonly type: string;
  /** The first release without it. */
  readonly until: number;
  /** The field that took its place. */
  readonly replacedBy?: string;
}

/** The release that added `struct.field`, when it is newer than 1.9.0. */
export function fieldAddedIn(struct: string, field: string): number | undefined {
  return Object.hasOwn(ADDED_FIELDS, struct) && Object.hasOwn(ADDED_FIELDS[struct], field)
    ? ADDED_FIELDS[struct][field]
    : undefined;
}

/** A field of an older release that `argo-api.ts` (1.9.11) does not list. */
export function removedField(struct: string, field: string): RemovedField | undefined {
  return REMOVED_FIELDS.find((f) => f.struct === struct && f.field === field);
}

/**
 * Fields inside event source types that `argo-api.ts` describes by name only (`{object}`), with
 * the release that added them: `spec.<type>.<event>.<field>`.
 */
export const OPAQUE_EVENT_SOURCE_FIELDS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  azureQueueStorage: { waitTimeInSeconds: 1 },
  bitbucketserver: { checkInterval: 2, projects: 2, skipBranchRefsChangedOnOpenPR: 2, oneEventPerChange: 3 },
  nats: { queue: 2 },
  kafka: { schemaRegistry: 7, awsMskIamAuth: 11 },
  gerrit: { maxTries: 8 },
  storageGrid: { tls: 8 },
  azureServiceBus: { deferDelete: 9 },
};
