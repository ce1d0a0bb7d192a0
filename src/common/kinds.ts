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
