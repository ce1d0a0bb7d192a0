import { validateManifest } from './controller-rules';
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
}

/** Settings of {@link lintManifests}. */
export interface LintOptions {
  /**
   * Rule ids (see `LINT_RULES`) whose findings are dropped.
   * @default - every rule is applied
   */
  readonly disabledRules?: readonly string[];
}

/** A finding and the file its object came from. */
export interface LocatedFinding extends Finding {
  readonly file: string;
}

const API_VERSION = 'argoproj.io/v1alpha1';

/** What the checks of one object may look up in the other inputs. */
interface LintContext {
  readonly eventBuses: readonly unknown[];
  /** `undefined` when the inputs hold no EventSource, so references cannot be checked. */
  readonly eventSources?: EventSourceIndex;
  /** `undefined` when the inputs hold no RBAC objects, so permissions cannot be checked. */
  readonly rbac?: RbacIndex;
}

/**
 * Lints Argo Events manifests: every Sensor, EventSource and EventBus is checked for structure
 * (unknown fields, wrong types), for what the controllers reject, and for runtime traps. The
 * inputs are judged together: Sensor dependencies are checked against the EventSources among
 * them (only when there is at least one), and service accounts against their Roles and bindings
 * (only when there are any). Findings come in input order, grouped by object.
 */
export function lintManifests(inputs: LintInput[], options: LintOptions = {}): LocatedFinding[] {
  const objects = inputs.flatMap((input) => input.objects);
  const eventSources = objects.filter((o) => isArgoKind(o, 'EventSource'));
  const context: LintContext = {
    eventBuses: objects.filter((o) => isArgoKind(o, 'EventBus')),
    ...(eventSources.length > 0 ? { eventSources: new EventSourceIndex(eventSources) } : {}),
    ...(objects.some(RbacIndex.isRbacObject) ? { rbac: new RbacIndex(objects) } : {}),
  };
  const disabled = new Set(options.disabledRules ?? []);
  return inputs.flatMap(({ file, objects: fileObjects }) => fileObjects
    .flatMap((obj) => lintObject(obj, context))
    .filter((finding) => !disabled.has(finding.rule))
    .map((finding) => ({ file, ...finding })));
}

function lintObject(obj: unknown, context: LintContext): Finding[] {
  if (!isRecord(obj) || obj.apiVersion !== API_VERSION) {
    return [];
  }
  switch (obj.kind) {
    case 'Sensor':
      return [
        ...checkStructure(obj),
        ...validateManifest(obj, { eventBus: eventBusOf(obj, context.eventBuses) }),
        ...checkSensorRuntime(obj),
        ...(context.eventSources?.check(obj) ?? []),
        ...checkInlineSecrets('Sensor', obj),
        ...(context.rbac === undefined ? [] : checkSensorRbac(obj, context.rbac)),
      ];
    case 'EventSource':
      return [
        ...checkStructure(obj),
        ...validateManifest(obj),
        ...checkEventSourceRuntime(obj),
        ...checkInlineSecrets('EventSource', obj),
        ...(context.rbac === undefined ? [] : checkEventSourceRbac(obj, context.rbac)),
      ];
    case 'EventBus':
      return [
        ...checkStructure(obj),
        ...validateManifest(obj),
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
