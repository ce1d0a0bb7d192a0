/**
 * Resource names of Kubernetes kinds, without any cdk8s dependency so that both the constructs and
 * the engine can use it.
 *
 * The API server's discovery is the only real source of plural resource names; a synthesizer has
 * no cluster, so well-known kinds come from a table and the rest from the English rules that
 * CRD authors follow. Argo Events' k8s trigger guesses with its own rules and no table
 * ({@link argoEventsGuessedPlural}).
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

const CONSONANTS = 'bcdfghjklmnpqrstvwxyz';

/**
 * The resource Argo Events' k8s trigger requests for an object of `kind`. It has no discovery
 * client and guesses with the rules of gengo's plural namer, applied to the kind as written and
 * then lowercased: s/x/z → +es, consonant+y → ies, ch/sh → +es, fe/f → ves, else +s, with
 * EventBus as the only exception. Unlike {@link pluralOf} it knows no irregular plurals, so an
 * `Endpoints` object is requested as `endpointses`; what the trigger needs RBAC for is this name.
 */
export function argoEventsGuessedPlural(kind: string): string {
  if (kind === 'EventBus') {
    return 'eventbus';
  }
  if (kind.length < 2) {
    return kind.toLowerCase();
  }
  const last = kind[kind.length - 1];
  const before = kind[kind.length - 2];
  let plural: string;
  if (last === 's' || last === 'x' || last === 'z' || (last === 'h' && (before === 'c' || before === 's'))) {
    plural = `${kind}es`;
  } else if (last === 'y' && CONSONANTS.includes(before)) {
    plural = `${kind.slice(0, -1)}ies`;
  } else if (last === 'f') {
    plural = `${kind.slice(0, -1)}ves`;
  } else if (last === 'e' && before === 'f') {
    plural = `${kind.slice(0, -2)}ves`;
  } else {
    plural = `${kind}s`;
  }
  return plural.toLowerCase();
}

/**
 * The resources Argo Events' k8s trigger creates without a namespace, by guessed plural; it
 * requests every other kind in a namespace, cluster-scoped or not.
 */
export const ARGO_EVENTS_CLUSTER_RESOURCES: ReadonlySet<string> = new Set([
  'namespaces', 'nodes', 'persistentvolumes', 'clusterroles', 'clusterrolebindings',
]);

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
