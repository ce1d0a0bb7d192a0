import { ArgoEventsVersion, DEFAULT_ARGO_EVENTS_VERSION } from './argo-events-version';
import { ControllerVerdict, controllerVerdict, isReportedKind } from './controller-report';
import { validateManifest } from './controller-rules';
import { checkDuplicateObjects } from './duplicate-objects';
import { EventSourceIndex } from './event-references';
import { Finding, isRecord } from './finding';
import { checkInlineSecrets } from './inline-secrets';
import { recordAt, sameNamespace, stringOf } from './json-values';
import { RbacIndex, checkEventSourceRbac, checkSensorRbac } from './rbac-rules';
import { checkEventBusRuntime, checkEventSourceRuntime, checkSensorRuntime } from './runtime-rules';
import { checkStructure } from './structure';

/** The objects of one manifest file. */
export interface LintInput {
  readonly file: string;
  readonly objects: unknown[];
  /**
   * The 1-based YAML document of each object, parallel to `objects` (the items of a `kind: List`
   * share its number).
   * @default - 1, 2, 3, … in order
   */
  readonly documents?: readonly number[];
  /**
   * How many YAML documents the file has, empty ones included. Objects are located by document
   * number only when it is more than one, as `argo-events lint` does.
   * @default - the number of objects
   */
  readonly documentCount?: number;
}

/** Settings of {@link lintManifests}. */
export interface LintOptions {
  /**
   * Rule ids (see `LINT_RULES`) whose findings are dropped.
   * @default - every rule is applied
   */
  readonly disabledRules?: readonly string[];
  /**
   * The Argo Events release the cluster runs, `1.9.0` to `1.9.11` (or `v1.9.x`): its controller
   * rules apply, and fields it does not have yet are reported as ignored.
   * @default '1.9.0' - the oldest supported release, so that clean output works on all of them
   * @throws Error for any other value
   */
  readonly argoEventsVersion?: string;
  /**
   * The controller's clock; only the text of time filter errors depends on it (see `validateSensor`).
   * @default - the current time
   */
  readonly now?: Date;
}

/** A finding and the file (and document) its object came from. */
export interface LocatedFinding extends Finding {
  readonly file: string;
  /** The object's YAML document in its file (1-based), present when the file has several. */
  readonly document?: number;
}

/** Everything one lint run found. */
export interface LintReport {
  /** The release whose rules were applied, e.g. `1.9.0`. */
  readonly argoEventsVersion: string;
  /** Every finding, in input order, grouped by object. */
  readonly findings: LocatedFinding[];
  /** The controller's verdict on each EventSource and Sensor, in input order, as `argo-events lint` reports it. */
  readonly controller: ControllerVerdict[];
}

const API_VERSION = 'argoproj.io/v1alpha1';

/** What the checks of one object may look up in the other inputs. */
interface LintContext {
  readonly version: ArgoEventsVersion;
  readonly now: Date;
  readonly eventBuses: readonly unknown[];
  /** `undefined` when the inputs hold no EventSource, so references cannot be checked. */
  readonly eventSources?: EventSourceIndex;
  /** `undefined` when the inputs hold no RBAC objects, so permissions cannot be checked. */
  readonly rbac?: RbacIndex;
}

/**
 * Lints Argo Events manifests: every Sensor, EventSource and EventBus is checked for structure
 * (unknown fields, wrong types, fields the release does not have), for what the controllers of
 * the given release reject, and for runtime traps; all objects are checked for manifests that write
 * the same object. The inputs are judged together: Sensor dependencies are checked against the
 * EventSources among them (only when there is at least one), and service accounts against their
 * Roles and bindings (only when there are any). Findings come in input order, grouped by object.
 * @throws Error for an unsupported `argoEventsVersion`
 */
export function lintManifests(inputs: LintInput[], options: LintOptions = {}): LocatedFinding[] {
  return lintReport(inputs, options).findings;
}

/**
 * Like {@link lintManifests}, with the release applied and the controller's verdict on each
 * EventSource and Sensor (what `argo-events lint` prints).
 * @throws Error for an unsupported `argoEventsVersion`
 */
export function lintReport(inputs: LintInput[], options: LintOptions = {}): LintReport {
  const version = ArgoEventsVersion.of(options.argoEventsVersion ?? DEFAULT_ARGO_EVENTS_VERSION);
  const placed = inputs.flatMap((input) => input.objects.map((object, i) => {
    const document = (input.documentCount ?? input.objects.length) > 1 ? input.documents?.[i] ?? i + 1 : undefined;
    return { file: input.file, document, object, place: document === undefined ? input.file : `${input.file} (document ${document})` };
  }));
  const objects = placed.map((p) => p.object);
  const eventSources = objects.filter((o) => isArgoKind(o, 'EventSource'));
  const context: LintContext = {
    version,
    now: options.now ?? new Date(),
    eventBuses: objects.filter((o) => isArgoKind(o, 'EventBus')),
    ...(eventSources.length > 0 ? { eventSources: new EventSourceIndex(eventSources) } : {}),
    ...(objects.some(RbacIndex.isRbacObject) ? { rbac: new RbacIndex(objects) } : {}),
  };
  const duplicates = checkDuplicateObjects(placed);
  const disabled = new Set(options.disabledRules ?? []);
  const findings: LocatedFinding[] = [];
  const controller: ControllerVerdict[] = [];
  placed.forEach(({ file, document, object }, i) => {
    const own = [...lintObject(object, context), ...(duplicates.get(i) ?? [])].filter((f) => !disabled.has(f.rule));
    findings.push(...own.map((finding) => ({ file, ...(document === undefined ? {} : { document }), ...finding })));
    if (isRecord(object) && object.apiVersion === API_VERSION && isReportedKind(object.kind)) {
      const metadata = isRecord(object.metadata) ? object.metadata : {};
      const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined;
      const name = typeof metadata.name === 'string' ? metadata.name : '';
      controller.push(controllerVerdict({ file, document }, object.kind, name, namespace, own));
    }
  });
  return { argoEventsVersion: version.toString(), findings, controller };
}

function lintObject(obj: unknown, context: LintContext): Finding[] {
  if (!isRecord(obj) || obj.apiVersion !== API_VERSION) {
    return [];
  }
  const argoEventsVersion = context.version.toString();
  switch (obj.kind) {
    case 'Sensor':
      return [
        ...checkStructure(obj, { argoEventsVersion }),
        ...validateManifest(obj, { eventBus: eventBusOf(obj, context.eventBuses), argoEventsVersion, now: context.now }),
        ...checkSensorRuntime(obj, { argoEventsVersion }),
        ...(context.eventSources?.check(obj) ?? []),
        ...checkInlineSecrets('Sensor', obj),
        ...(context.rbac === undefined ? [] : checkSensorRbac(obj, context.rbac, { argoEventsVersion })),
      ];
    case 'EventSource':
      return [
        ...checkStructure(obj, { argoEventsVersion }),
        ...validateManifest(obj, { argoEventsVersion }),
        ...checkEventSourceRuntime(obj),
        ...checkInlineSecrets('EventSource', obj),
        ...(context.rbac === undefined ? [] : checkEventSourceRbac(obj, context.rbac)),
      ];
    case 'EventBus':
      return [
        ...checkStructure(obj, { argoEventsVersion }),
        ...validateManifest(obj, { argoEventsVersion }),
        ...checkEventBusRuntime(obj),
        ...checkInlineSecrets('EventBus', obj),
      ];
    default:
      return [];
  }
}

function isArgoKind(obj: unknown, kind: string): boolean {
  return isRecord(obj) && obj.apiVersion === API_VERSION && obj.kind === kind;
}

/** The EventBus a Sensor uses: `spec.eventBusName` (default `default`) in its namespace. */
function eventBusOf(sensor: Record<string, unknown>, eventBuses: readonly unknown[]): unknown {
  const name = stringOf(recordAt(sensor, 'spec').eventBusName) || 'default';
  const namespace = stringOf(recordAt(sensor, 'metadata').namespace);
  return eventBuses.find((bus) => {
    const metadata = recordAt(bus, 'metadata');
    return metadata.name === name && sameNamespace(stringOf(metadata.namespace), namespace);
  });
}
