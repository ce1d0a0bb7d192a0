/**
 * Resource names and scopes of Kubernetes kinds, for the watches and Roles the constructs write.
 *
 * The API server's discovery is the only real source of plural resource names; a synthesizer has
 * no cluster, so well-known kinds come from a table and the rest from the English rules that
 * CRD authors follow. (The toolkit keeps its own table, with Argo Events' guessed plurals.)
 */

const IRREGULAR_PLURALS: Record<string, string> = {
  Endpoints: 'endpoints',
  EndpointSlice: 'endpointslices',
  Ingress: 'ingresses',
  IngressClass: 'ingressclasses',
  NetworkPolicy: 'networkpolicies',
  PodSecurityPolicy: 'podsecuritypolicies',
  PriorityClass: 'priorityclasses',
  StorageClass: 'storageclasses',
  RuntimeClass: 'runtimeclasses',
  EventBus: 'eventbus',
  ComponentStatus: 'componentstatuses',
  Gateway: 'gateways',
};

const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass',
  'CustomResourceDefinition', 'PriorityClass', 'IngressClass', 'RuntimeClass', 'APIService',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'CSIDriver', 'CSINode',
  'VolumeAttachment', 'CertificateSigningRequest', 'ClusterIssuer', 'ClusterWorkflowTemplate',
]);

/** Plural (resource) name of a kind, e.g. `Deployment` → `deployments`, `Ingress` → `ingresses`. */
export function pluralOf(kind: string): string {
  const known = IRREGULAR_PLURALS[kind];
  if (known !== undefined) {
    return known;
  }
  const lower = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(lower)) {
    return `${lower}es`;
  }
  if (/[^aeiou]y$/.test(lower)) {
    return `${lower.slice(0, -1)}ies`;
  }
  return `${lower}s`;
}

/** Whether a built-in kind is cluster-scoped (has no namespace). Unknown kinds are namespaced. */
export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.has(kind);
}

/** Splits an apiVersion such as `apps/v1` or `v1` into its group (`''` for core) and version. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * What Kubernetes 1.28–1.34 serve for a built-in kind: its apiVersions, its top-level fields
 * (besides apiVersion, kind and metadata), and the condition types its controllers write in
 * `status.conditions` (`undefined` when other controllers may add their own, `[]` when the kind has
 * no conditions at all).
 */
interface BuiltInKind {
  readonly apiVersions: readonly string[];
  readonly fields: readonly string[];
  readonly conditions?: readonly string[];
}

const SPEC_STATUS = ['spec', 'status'];
const NO_CONDITIONS: readonly string[] = [];

const BUILT_IN_KINDS: Record<string, BuiltInKind> = {
  // core
  Pod: { apiVersions: ['v1'], fields: SPEC_STATUS },
  Service: { apiVersions: ['v1'], fields: SPEC_STATUS },
  ConfigMap: { apiVersions: ['v1'], fields: ['data', 'binaryData', 'immutable'], conditions: NO_CONDITIONS },
  // stringData is write-only: the API server merges it into data and never returns it.
  Secret: { apiVersions: ['v1'], fields: ['data', 'type', 'immutable'], conditions: NO_CONDITIONS },
  ServiceAccount: { apiVersions: ['v1'], fields: ['secrets', 'imagePullSecrets', 'automountServiceAccountToken'], conditions: NO_CONDITIONS },
  Namespace: {
    apiVersions: ['v1'], fields: SPEC_STATUS,
    conditions: ['NamespaceDeletionDiscoveryFailure', 'NamespaceDeletionContentFailure', 'NamespaceDeletionGroupVersionParsingFailure', 'NamespaceContentRemaining', 'NamespaceFinalizersRemaining'],
  },
  Node: { apiVersions: ['v1'], fields: SPEC_STATUS },
  PersistentVolume: { apiVersions: ['v1'], fields: SPEC_STATUS, conditions: NO_CONDITIONS },
  PersistentVolumeClaim: { apiVersions: ['v1'], fields: SPEC_STATUS },
  Endpoints: { apiVersions: ['v1'], fields: ['subsets'], conditions: NO_CONDITIONS },
  LimitRange: { apiVersions: ['v1'], fields: ['spec'], conditions: NO_CONDITIONS },
  ResourceQuota: { apiVersions: ['v1'], fields: SPEC_STATUS, conditions: NO_CONDITIONS },
  ReplicationController: { apiVersions: ['v1'], fields: SPEC_STATUS, conditions: ['ReplicaFailure'] },
  PodTemplate: { apiVersions: ['v1'], fields: ['template'], conditions: NO_CONDITIONS },
  // apps
  Deployment: { apiVersions: ['apps/v1'], fields: SPEC_STATUS, conditions: ['Available', 'Progressing', 'ReplicaFailure'] },
  StatefulSet: { apiVersions: ['apps/v1'], fields: SPEC_STATUS },
  DaemonSet: { apiVersions: ['apps/v1'], fields: SPEC_STATUS },
  ReplicaSet: { apiVersions: ['apps/v1'], fields: SPEC_STATUS, conditions: ['ReplicaFailure'] },
  ControllerRevision: { apiVersions: ['apps/v1'], fields: ['data', 'revision'], conditions: NO_CONDITIONS },
  // batch
  Job: { apiVersions: ['batch/v1'], fields: SPEC_STATUS, conditions: ['Complete', 'Failed', 'Suspended', 'FailureTarget', 'SuccessCriteriaMet'] },
  CronJob: { apiVersions: ['batch/v1'], fields: SPEC_STATUS, conditions: NO_CONDITIONS },
  // networking, policy, autoscaling
  Ingress: { apiVersions: ['networking.k8s.io/v1'], fields: SPEC_STATUS, conditions: NO_CONDITIONS },
  IngressClass: { apiVersions: ['networking.k8s.io/v1'], fields: ['spec'], conditions: NO_CONDITIONS },
  NetworkPolicy: { apiVersions: ['networking.k8s.io/v1'], fields: ['spec'], conditions: NO_CONDITIONS },
  PodDisruptionBudget: { apiVersions: ['policy/v1'], fields: SPEC_STATUS, conditions: ['DisruptionAllowed'] },
  HorizontalPodAutoscaler: { apiVersions: ['autoscaling/v2', 'autoscaling/v1'], fields: SPEC_STATUS, conditions: ['AbleToScale', 'ScalingActive', 'ScalingLimited'] },
  // RBAC
  Role: { apiVersions: ['rbac.authorization.k8s.io/v1'], fields: ['rules'], conditions: NO_CONDITIONS },
  ClusterRole: { apiVersions: ['rbac.authorization.k8s.io/v1'], fields: ['rules', 'aggregationRule'], conditions: NO_CONDITIONS },
  RoleBinding: { apiVersions: ['rbac.authorization.k8s.io/v1'], fields: ['subjects', 'roleRef'], conditions: NO_CONDITIONS },
  ClusterRoleBinding: { apiVersions: ['rbac.authorization.k8s.io/v1'], fields: ['subjects', 'roleRef'], conditions: NO_CONDITIONS },
  // storage, scheduling, coordination, discovery
  StorageClass: {
    apiVersions: ['storage.k8s.io/v1'], conditions: NO_CONDITIONS,
    fields: ['provisioner', 'parameters', 'reclaimPolicy', 'mountOptions', 'allowVolumeExpansion', 'volumeBindingMode', 'allowedTopologies'],
  },
  CSIDriver: { apiVersions: ['storage.k8s.io/v1'], fields: ['spec'], conditions: NO_CONDITIONS },
  VolumeAttachment: { apiVersions: ['storage.k8s.io/v1'], fields: SPEC_STATUS, conditions: NO_CONDITIONS },
  PriorityClass: { apiVersions: ['scheduling.k8s.io/v1'], fields: ['value', 'globalDefault', 'description', 'preemptionPolicy'], conditions: NO_CONDITIONS },
  Lease: { apiVersions: ['coordination.k8s.io/v1'], fields: ['spec'], conditions: NO_CONDITIONS },
  EndpointSlice: { apiVersions: ['discovery.k8s.io/v1'], fields: ['addressType', 'endpoints', 'ports'], conditions: NO_CONDITIONS },
  RuntimeClass: { apiVersions: ['node.k8s.io/v1'], fields: ['handler', 'overhead', 'scheduling'], conditions: NO_CONDITIONS },
  CustomResourceDefinition: {
    apiVersions: ['apiextensions.k8s.io/v1'], fields: SPEC_STATUS,
    conditions: ['Established', 'NamesAccepted', 'NonStructuralSchema', 'Terminating', 'KubernetesAPIApprovalPolicyConformant'],
  },
  MutatingWebhookConfiguration: { apiVersions: ['admissionregistration.k8s.io/v1'], fields: ['webhooks'], conditions: NO_CONDITIONS },
  ValidatingWebhookConfiguration: { apiVersions: ['admissionregistration.k8s.io/v1'], fields: ['webhooks'], conditions: NO_CONDITIONS },
  CertificateSigningRequest: { apiVersions: ['certificates.k8s.io/v1'], fields: SPEC_STATUS, conditions: ['Approved', 'Denied', 'Failed'] },
};

/** Fields of `metadata` (ObjectMeta) the API server returns. */
export const OBJECT_META_FIELDS: readonly string[] = [
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
];

/** API groups of Kubernetes itself (kinds in them are only what the table says). */
function isBuiltInGroup(group: string): boolean {
  return group === '' || group === 'extensions' || group.endsWith('.k8s.io') || !group.includes('.');
}

/** The built-in kind `kind` in `group`, or undefined for custom resources (and unknown kinds). */
function builtInKind(group: string, kind: string): BuiltInKind | undefined {
  const known = BUILT_IN_KINDS[kind];
  return known !== undefined && isBuiltInGroup(group) ? known : undefined;
}

/**
 * Why `apiVersion` `kind` is not served by Kubernetes 1.28–1.34, with the apiVersion to use, or
 * undefined when it is (or when the kind is not a built-in one, which the API server decides).
 */
export function apiVersionProblem(apiVersion: string, kind: string): string | undefined {
  const known = builtInKind(splitApiVersion(apiVersion).group, kind);
  if (known === undefined || known.apiVersions.includes(apiVersion)) {
    return undefined;
  }
  const served = known.apiVersions.map((v) => `"${v}"`).join(' or ');
  return `Kubernetes 1.28 to 1.34 serve no ${kind} in "${apiVersion}"; ${kind} is ${served}`;
}

/** Top-level fields of a built-in kind, or undefined for custom resources. */
export function topLevelFieldsOf(apiVersion: string, kind: string): string[] | undefined {
  const known = builtInKind(splitApiVersion(apiVersion).group, kind);
  return known === undefined ? undefined : ['apiVersion', 'kind', 'metadata', ...known.fields];
}

/**
 * Condition types the controllers of a built-in kind write: `[]` for kinds without
 * `status.conditions`, undefined when the kind is custom or other controllers may add types.
 */
export function conditionTypesOf(apiVersion: string, kind: string): readonly string[] | undefined {
  return builtInKind(splitApiVersion(apiVersion).group, kind)?.conditions;
}
