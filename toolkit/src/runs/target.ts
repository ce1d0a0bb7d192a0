import { isClusterScoped, pluralOf } from '../engine/kinds';
import { isObject, text } from './json-fields';

/** The object a hook watched and a run or Event is about. */
export interface TargetRef {
  /** Empty when the source does not say (an Event's involvedObject may leave it out). */
  readonly apiVersion: string;
  readonly kind: string;
  /** Absent for cluster-scoped objects. */
  readonly namespace?: string;
  readonly name: string;
}

/** `--target KIND/NAME`. */
export interface TargetFilter {
  readonly kind: string;
  readonly name: string;
}

/**
 * Reads the `resource-hooks.cdk8s.io/target` annotation: `<apiVersion> <kind> <namespace>/<name>`,
 * or `<apiVersion> <kind> <name>` for a cluster-scoped target.
 */
export function parseTargetAnnotation(value: string): TargetRef | undefined {
  const parts = value.trim().split(/\s+/);
  if (parts.length !== 3) {
    return undefined;
  }
  const [apiVersion, kind, path] = parts;
  const segments = path.split('/');
  if (segments.length === 1 && segments[0] !== '') {
    return { apiVersion, kind, name: segments[0] };
  }
  if (segments.length === 2 && segments[0] !== '' && segments[1] !== '') {
    return { apiVersion, kind, namespace: segments[0], name: segments[1] };
  }
  return undefined;
}

/**
 * The owner a run names in `metadata.ownerReferences` (the controller one first). An owner is in
 * the run's namespace unless its kind is cluster-scoped: Kubernetes allows no other.
 */
export function ownerTarget(metadata: Record<string, unknown>, namespace: string): TargetRef | undefined {
  const owners = Array.isArray(metadata.ownerReferences) ? metadata.ownerReferences.filter(isObject) : [];
  const owner = owners.find((o) => o.controller === true) ?? owners[0];
  if (!owner || text(owner.kind) === '' || text(owner.name) === '') {
    return undefined;
  }
  const kind = text(owner.kind);
  return {
    apiVersion: text(owner.apiVersion),
    kind,
    ...(isClusterScoped(kind) ? {} : { namespace }),
    name: text(owner.name),
  };
}

/** The `involvedObject` of a core v1 Event. */
export function involvedTarget(event: Record<string, unknown>): TargetRef | undefined {
  const involved = isObject(event.involvedObject) ? event.involvedObject : undefined;
  if (!involved || text(involved.kind) === '' || text(involved.name) === '') {
    return undefined;
  }
  const namespace = text(involved.namespace);
  return {
    apiVersion: text(involved.apiVersion),
    kind: text(involved.kind),
    ...(namespace !== '' ? { namespace } : {}),
    name: text(involved.name),
  };
}

/** `Deployment web/web`, `Namespace team-a`. */
export function formatTarget(target: TargetRef): string {
  return `${target.kind} ${target.namespace !== undefined ? `${target.namespace}/` : ''}${target.name}`;
}

/** True when both name the same object (an empty apiVersion matches any). */
export function sameTarget(a: TargetRef, b: TargetRef): boolean {
  return a.kind === b.kind && a.name === b.name && a.namespace === b.namespace
    && (a.apiVersion === '' || b.apiVersion === '' || a.apiVersion === b.apiVersion);
}

const KIND = /^[A-Za-z][A-Za-z0-9]*$/;
const NAME = /^[a-z0-9]([-a-z0-9.:]*[a-z0-9])?$/;

/**
 * Reads `--target`: `KIND/NAME`, the kind in any case, singular or plural (`deployment/web`,
 * `Deployment/web`, `deployments/web`).
 * @returns undefined when `value` is not of that form
 */
export function parseTargetFilter(value: string): TargetFilter | undefined {
  const parts = value.split('/');
  if (parts.length !== 2 || !KIND.test(parts[0]) || !NAME.test(parts[1])) {
    return undefined;
  }
  return { kind: parts[0], name: parts[1] };
}

/** True when `target` is what `filter` names. */
export function targetMatches(target: TargetRef | undefined, filter: TargetFilter): boolean {
  if (!target || target.name !== filter.name) {
    return false;
  }
  const wanted = filter.kind.toLowerCase();
  return target.kind.toLowerCase() === wanted || pluralOf(target.kind) === wanted;
}

/** `deployment/web`, as given. */
export function formatTargetFilter(filter: TargetFilter): string {
  return `${filter.kind}/${filter.name}`;
}
