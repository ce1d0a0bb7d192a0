import { pluralOf, splitApiVersion } from '../engine/kinds';
import { Json, isObject, objectOf, textOf } from './json';

/** Kinds whose group and plural are fixed, so a watched resource can be named by its kind. */
const WELL_KNOWN_KINDS: Record<string, string[]> = {
  '': [
    'ConfigMap', 'Endpoints', 'Event', 'LimitRange', 'Namespace', 'Node', 'PersistentVolume',
    'PersistentVolumeClaim', 'Pod', 'ReplicationController', 'ResourceQuota', 'Secret', 'Service',
    'ServiceAccount',
  ],
  'apps': ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'],
  'batch': ['CronJob', 'Job'],
  'autoscaling': ['HorizontalPodAutoscaler'],
  'policy': ['PodDisruptionBudget'],
  'coordination.k8s.io': ['Lease'],
  'discovery.k8s.io': ['EndpointSlice'],
  'networking.k8s.io': ['Ingress', 'IngressClass', 'NetworkPolicy'],
  'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
  'storage.k8s.io': ['StorageClass'],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'argoproj.io': [
    'AnalysisRun', 'AppProject', 'Application', 'ApplicationSet', 'ClusterWorkflowTemplate',
    'CronWorkflow', 'EventBus', 'EventSource', 'Rollout', 'Sensor', 'Workflow', 'WorkflowTemplate',
  ],
};

function key(group: string, resource: string): string {
  return `${group}\u0000${resource}`;
}

/**
 * Names the kind of a (group, resource) pair: well-known kinds, CustomResourceDefinitions in the
 * inputs (exact), and other input objects whose kind pluralizes to the resource. Anything else
 * stays unnamed rather than guessed.
 */
export class KindIndex {
  private readonly kinds = new Map<string, string>();

  constructor(objects: readonly unknown[]) {
    for (const [group, kinds] of Object.entries(WELL_KNOWN_KINDS)) {
      for (const kind of kinds) {
        this.kinds.set(key(group, pluralOf(kind)), kind);
      }
    }
    for (const object of objects) {
      if (isObject(object)) {
        this.learn(object);
      }
    }
  }

  /** The kind of `resource` in `group`, if known. */
  public kindOf(group: string, resource: string): string | undefined {
    return this.kinds.get(key(group, resource));
  }

  private learn(object: Json): void {
    const kind = textOf(object.kind);
    const apiVersion = textOf(object.apiVersion);
    if (kind === undefined || apiVersion === undefined) {
      return;
    }
    if (kind === 'CustomResourceDefinition') {
      const spec = objectOf(object.spec);
      const names = objectOf(spec.names);
      const group = textOf(spec.group);
      const crdKind = textOf(names.kind);
      const plural = textOf(names.plural);
      if (group !== undefined && crdKind !== undefined && plural !== undefined) {
        this.kinds.set(key(group, plural), crdKind);
      }
      return;
    }
    const { group } = splitApiVersion(apiVersion);
    const k = key(group, pluralOf(kind));
    if (!this.kinds.has(k)) {
      this.kinds.set(k, kind);
    }
  }
}
