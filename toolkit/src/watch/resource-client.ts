import { KubeObject } from '../engine/cluster';

/** What one informer lists and watches: a resource in one namespace or all, optionally narrowed by labels. */
export interface WatchTarget {
  /** API group, `''` for the core group. */
  readonly group: string;
  readonly version: string;
  /** Plural resource name, e.g. `deployments`. */
  readonly resource: string;
  /** Namespace; `''` for every namespace. */
  readonly namespace: string;
  /** Server-side label selector (`labelSelector` query parameter); `''` for none. */
  readonly labelSelector: string;
}

/** The answer to a list request. */
export interface ObjectList {
  /** `metadata.resourceVersion` of the list: where a watch resumes. */
  readonly resourceVersion: string;
  readonly items: readonly KubeObject[];
}

/**
 * One line of a watch stream, as the API server sends it: `ADDED`, `MODIFIED`, `DELETED`,
 * `BOOKMARK` (only a new resourceVersion) or `ERROR` (the object is a `Status`, e.g. 410 Gone).
 */
export interface WatchEvent {
  readonly type: string;
  readonly object: KubeObject;
}

/**
 * The API calls an informer makes. Failures are reported by throwing: `KubeApiError` for an HTTP
 * error status, `UnreachableError` when the server cannot be reached; an aborted call may throw
 * anything.
 */
export interface ResourceClient {
  /** The API server URL, for messages. */
  readonly server: string;
  /** Lists the current objects. */
  list(target: WatchTarget, signal: AbortSignal): Promise<ObjectList>;
  /**
   * Streams the changes after `resourceVersion`. The iteration ends when the server closes the
   * stream normally.
   */
  watch(target: WatchTarget, resourceVersion: string, signal: AbortSignal): AsyncIterable<WatchEvent>;
}

/** `/api/v1/…` or `/apis/<group>/<version>/…`, namespaced unless the target watches every namespace. */
export function resourcePath(target: WatchTarget): string {
  const base = target.group === '' ? `/api/${target.version}` : `/apis/${target.group}/${target.version}`;
  const scope = target.namespace === '' ? '' : `/namespaces/${encodeURIComponent(target.namespace)}`;
  return `${base}${scope}/${target.resource}`;
}

/** `deployments.apps`, `configmaps`: the name kubectl and RBAC messages use. */
export function qualifiedResource(target: WatchTarget): string {
  return target.group === '' ? target.resource : `${target.resource}.${target.group}`;
}

/** E.g. `deployments.apps/v1 in namespace web with labels app=web`. */
export function describeTarget(target: WatchTarget): string {
  const where = target.namespace === '' ? 'in all namespaces' : `in namespace ${target.namespace}`;
  const labels = target.labelSelector === '' ? '' : ` with labels ${target.labelSelector}`;
  return `${qualifiedResource(target)}/${target.version} ${where}${labels}`;
}
