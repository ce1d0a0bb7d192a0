/**
 * The Argo Events release the cluster runs. Controllers ignore fields they do not know (the CRDs
 * keep unknown fields and the controllers decode leniently), so a field newer than the cluster is
 * silently dropped and the feature it asks for does not happen; some older controllers also reject
 * shapes newer ones accept. A hub emits only what its declared version supports.
 */
export class ArgoEventsVersion {
  /** 1.9.0 (January 2024), the oldest release this library supports and the default. */
  public static readonly V1_9_0 = new ArgoEventsVersion(0);
  /** 1.9.3: `dlqTrigger` on triggers. */
  public static readonly V1_9_3 = new ArgoEventsVersion(3);
  /** 1.9.7: `dynamicHeaders` on HTTP triggers. */
  public static readonly V1_9_7 = new ArgoEventsVersion(7);
  /** 1.9.8: HTTP trigger `host`; an empty payload `dest` sends the value as the whole body. */
  public static readonly V1_9_8 = new ArgoEventsVersion(8);
  /** 1.9.9: `timezone` on the time filter. */
  public static readonly V1_9_9 = new ArgoEventsVersion(9);
  /** 1.9.11 (July 2026), the newest release this library is checked against. */
  public static readonly V1_9_11 = new ArgoEventsVersion(11);

  /** A 1.9.x release by its version string, e.g. `1.9.4` or `v1.9.10`. */
  public static of(version: string): ArgoEventsVersion {
    const match = /^v?1\.9\.(\d+)$/.exec(version.trim());
    if (match === null || Number(match[1]) > 11) {
      throw new Error(`argoEventsVersion "${version}" is not a supported Argo Events release; use one of 1.9.0 to 1.9.11 (e.g. ArgoEventsVersion.of('1.9.4'))`);
    }
    return new ArgoEventsVersion(Number(match[1]));
  }

  /** The patch release within 1.9. */
  public readonly patch: number;

  private constructor(patch: number) {
    this.patch = patch;
  }

  /** Whether this release is `other` or newer. */
  public atLeast(other: ArgoEventsVersion): boolean {
    return this.patch >= other.patch;
  }

  /** `1.9.<patch>`. */
  public toString(): string {
    return `1.9.${this.patch}`;
  }
}

/** A Sensor field and the first release whose controller and Sensor act on it. */
interface VersionedField {
  readonly field: string;
  readonly since: ArgoEventsVersion;
  /** Where it occurs in one trigger or dependency. */
  readonly present: (node: any) => boolean;
}

const TRIGGER_FIELDS: VersionedField[] = [
  { field: 'dlqTrigger', since: ArgoEventsVersion.V1_9_3, present: (t) => t?.dlqTrigger !== undefined },
  { field: 'http.dynamicHeaders', since: ArgoEventsVersion.V1_9_7, present: (t) => t?.template?.http?.dynamicHeaders !== undefined },
  { field: 'http.host', since: ArgoEventsVersion.V1_9_8, present: (t) => t?.template?.http?.host !== undefined },
  {
    field: 'http.payload with an empty dest', since: ArgoEventsVersion.V1_9_8,
    present: (t) => (t?.template?.http?.payload ?? []).some((p: any) => p?.dest === ''),
  },
];

const DEPENDENCY_FIELDS: VersionedField[] = [
  { field: 'filters.time.timezone', since: ArgoEventsVersion.V1_9_9, present: (d) => d?.filters?.time?.timezone !== undefined },
];

/**
 * The fields of a rendered Sensor spec that `version` does not support, as messages naming the
 * trigger or dependency, the field and the release that added it.
 */
export function unsupportedSensorFields(spec: any, version: ArgoEventsVersion): string[] {
  const problems: string[] = [];
  const check = (kind: string, name: string, node: any, fields: VersionedField[]): void => {
    for (const f of fields) {
      if (!version.atLeast(f.since) && f.present(node)) {
        problems.push(`${kind} "${name}" uses ${f.field}, which Argo Events supports from ${f.since} on, but the hub declares argoEventsVersion ${version}; set argoEventsVersion to ArgoEventsVersion.of('${f.since}') or newer if the cluster runs it, or drop the option that needs it`);
      }
    }
  };
  const walkTrigger = (t: any): void => {
    check('trigger', t?.template?.name ?? '?', t, TRIGGER_FIELDS);
    if (t?.dlqTrigger !== undefined) {
      walkTrigger(t.dlqTrigger);
    }
  };
  (spec?.triggers ?? []).forEach(walkTrigger);
  for (const d of spec?.dependencies ?? []) {
    check('dependency', d?.name ?? '?', d, DEPENDENCY_FIELDS);
  }
  return problems;
}
