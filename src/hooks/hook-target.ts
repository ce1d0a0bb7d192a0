import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkLabel, checkNamespace, checkObjectName } from '../common/k8s-names';
import { apiVersionProblem, isClusterScoped, pluralOf, splitApiVersion } from '../common/kinds';

/** Identifies Kubernetes objects that are not defined in this cdk8s app. */
export interface HookTargetReference {
  /** API version, e.g. `apps/v1` or `v1`. */
  readonly apiVersion: string;
  /** Kind, e.g. `Deployment`. */
  readonly kind: string;
  /**
   * Name of the object.
   * @default - every object of this kind in the namespace that matches `labels`
   */
  readonly name?: string;
  /**
   * Namespace of the object. Required for namespaced kinds.
   * @default - none (only valid for cluster-scoped kinds)
   */
  readonly namespace?: string;
  /**
   * Plural resource name, as the API server knows it (`kubectl api-resources`).
   * @default - derived from the kind (well-known irregular kinds included)
   */
  readonly plural?: string;
  /**
   * Labels the objects must carry; watched with a server-side label selector.
   * @default - no label selector
   */
  readonly labels?: { [key: string]: string };
}

// Built-in kinds whose metadata.generation the API server does not maintain. Custom resources
// always have one, so unknown kinds are assumed to have it.
const KINDS_WITHOUT_GENERATION = new Set([
  'ConfigMap', 'Secret', 'Service', 'ServiceAccount', 'Endpoints', 'EndpointSlice', 'Namespace',
  'Node', 'Event', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'LimitRange',
  'ResourceQuota', 'PersistentVolume', 'PersistentVolumeClaim', 'Lease',
  // Pods only have a generation since Kubernetes 1.33.
  'Pod', 'PodTemplate',
]);


/** Refuses apiVersion/kind pairs Kubernetes does not serve, such as a Deployment in `v1`. */
function checkApiVersion(where: string, apiVersion: string, kind: string): void {
  const problem = apiVersionProblem(apiVersion, kind);
  if (problem !== undefined) {
    throw new Error(`${where}: apiVersion "${apiVersion}" with kind ${kind}: ${problem}, so the EventSource's watch would fail; use that apiVersion`);
  }
}

/**
 * The Kubernetes object (or set of objects) a hook watches.
 *
 * Knows the API group, version, plural resource, namespace, name and labels the EventSource
 * needs to watch it.
 */
export class HookTarget {
  /**
   * Targets an object defined in this app: any cdk8s-plus resource or `ApiObject`.
   *
   * The object must have a namespace (set it on the chart or in its metadata), because the
   * watch and its RBAC are namespaced.
   */
  public static fromConstruct(construct: IConstruct): HookTarget {
    const apiObject = ApiObject.of(construct);
    const where = construct.node.path;
    // A namespaced chart gives every object its namespace, cluster-scoped kinds included (the API
    // server ignores it there): those are watched cluster-wide, like fromReference does.
    const namespace = isClusterScoped(apiObject.kind) ? undefined : apiObject.metadata.namespace;
    if (namespace === undefined && !isClusterScoped(apiObject.kind)) {
      throw new Error(`${where}: ${apiObject.kind} "${apiObject.name}" has no namespace, so it cannot be watched by a namespaced EventSource; set \`namespace\` on its chart or in its metadata`);
    }
    checkApiVersion(where, apiObject.apiVersion, apiObject.kind);
    checkObjectName(where, 'metadata.name', apiObject.name);
    if (namespace !== undefined) {
      checkNamespace(where, 'metadata.namespace', namespace);
    }
    return new HookTarget({
      apiVersion: apiObject.apiVersion,
      kind: apiObject.kind,
      name: apiObject.name,
      namespace,
    }, construct.node.path, apiObject);
  }

  /** Targets objects that are not defined in this app (created elsewhere, or by an operator). */
  public static fromReference(reference: HookTargetReference): HookTarget {
    const where = `HookTarget.fromReference(${reference.kind}${reference.name ? ` ${reference.name}` : ''})`;
    if (!/^([a-z0-9.-]+\/)?v[0-9]+((alpha|beta)[0-9]+)?$/.test(reference.apiVersion)) {
      throw new Error(`${where}: apiVersion "${reference.apiVersion}" is malformed; use "v1" for the core group or "<group>/<version>" such as "apps/v1"`);
    }
    if (!/^[A-Z][A-Za-z0-9]*$/.test(reference.kind)) {
      throw new Error(`${where}: kind "${reference.kind}" is malformed; use the PascalCase kind such as "Deployment"`);
    }
    checkApiVersion(where, reference.apiVersion, reference.kind);
    if (reference.name !== undefined) {
      checkObjectName(where, 'name', reference.name);
    }
    if (reference.namespace !== undefined) {
      checkNamespace(where, 'namespace', reference.namespace);
    }
    const clusterScoped = isClusterScoped(reference.kind);
    if (reference.namespace === undefined && !clusterScoped) {
      throw new Error(`${where}: namespace is required for the namespaced kind ${reference.kind}; set \`namespace\``);
    }
    if (reference.namespace !== undefined && clusterScoped) {
      throw new Error(`${where}: ${reference.kind} is cluster-scoped, so namespace "${reference.namespace}" cannot apply; remove \`namespace\``);
    }
    if (reference.plural !== undefined && !/^[a-z][a-z0-9]*$/.test(reference.plural)) {
      throw new Error(`${where}: plural "${reference.plural}" is not a resource name; use the lowercase plural such as "deployments"`);
    }
    for (const [key, value] of Object.entries(reference.labels ?? {})) {
      checkLabel(where, 'labels', key, value);
    }
    return new HookTarget(reference, where);
  }

  /** API version, e.g. `apps/v1`. */
  public readonly apiVersion: string;
  /** Kind, e.g. `Deployment`. */
  public readonly kind: string;
  /** API group; `''` for the core group. */
  public readonly group: string;
  /** API version without the group, e.g. `v1`. */
  public readonly version: string;
  /** Plural resource name, e.g. `deployments`. */
  public readonly resource: string;
  /** Object name, if one object is targeted. */
  public readonly name?: string;
  /** Namespace; undefined for cluster-scoped kinds. */
  public readonly namespace?: string;
  private readonly referenceLabels: { [key: string]: string };
  /** Whether the API server maintains `metadata.generation` for this kind (spec changes bump it). */
  public readonly hasGeneration: boolean;
  /**
   * Where the target was defined, for error messages.
   * @internal
   */
  public readonly _origin: string;
  /**
   * The object, when it is defined in this app.
   * @internal
   */
  public readonly _apiObject?: ApiObject;

  private constructor(reference: HookTargetReference, origin: string, apiObject?: ApiObject) {
    const { group, version } = splitApiVersion(reference.apiVersion);
    this.apiVersion = reference.apiVersion;
    this.kind = reference.kind;
    this.group = group;
    this.version = version;
    this.resource = reference.plural ?? pluralOf(reference.kind);
    this.name = reference.name;
    this.namespace = reference.namespace;
    this.referenceLabels = { ...(reference.labels ?? {}) };
    this.hasGeneration = !KINDS_WITHOUT_GENERATION.has(reference.kind);
    this._origin = origin;
    this._apiObject = apiObject;
  }

  /**
   * Labels of the target: those of the object for app constructs (read when asked, since
   * resolving metadata is not free), the selector labels for references.
   */
  public get labels(): { [key: string]: string } {
    if (this._apiObject !== undefined) {
      return { ...(this._apiObject.metadata.toJson().labels ?? {}) };
    }
    return { ...this.referenceLabels };
  }

  /** A human-readable description, e.g. `Deployment prod/web`. */
  public toString(): string {
    const ns = this.namespace ? `${this.namespace}/` : '';
    return `${this.kind} ${ns}${this.name ?? '*'}`;
  }
}
