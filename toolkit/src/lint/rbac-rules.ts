import { ARGO_EVENTS_CLUSTER_RESOURCES, argoEventsGuessedPlural, splitApiVersion } from '../engine/kinds';
import { ArgoEventsVersion, DEFAULT_ARGO_EVENTS_VERSION, DLQ_TRIGGER_SINCE } from './argo-events-version';
import { Finding, FindingCollector, isRecord, pathJoin } from './finding';
import { isBlank, listOf, recordAt, recordOf, sameNamespace, stringOf } from './json-values';

/**
 * RBAC checks: whether the service account of an EventSource may list and watch what it watches,
 * and whether the service account of a Sensor may do what its k8s and argoWorkflow triggers do.
 * They judge only the Roles, ClusterRoles and bindings among the linted manifests; a binding to a
 * role that is not among them (such as the built-in `edit`) or to an aggregated ClusterRole may
 * grant anything, so it silences the check for its subjects.
 */

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/** Where a request applies: one namespace (`''` when unknown, matching any) or the whole cluster. */
type Scope = { readonly namespace: string } | 'cluster';

interface Request {
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  readonly scope: Scope;
  /** The object's name, for rules limited by resourceNames. */
  readonly name?: string;
}

interface Account {
  readonly namespace: string;
  readonly name: string;
}

interface Binding {
  readonly cluster: boolean;
  readonly namespace: string;
  readonly roleKind: string;
  readonly roleName: string;
  readonly subjects: readonly Record<string, unknown>[];
}

interface RoleObject {
  readonly cluster: boolean;
  readonly namespace: string;
  readonly name: string;
  /** `undefined` for an aggregated ClusterRole, whose rules the controller fills in. */
  readonly rules?: readonly Record<string, unknown>[];
}

type Verdict = 'allowed' | 'denied' | 'unknown';

/** The RBAC objects of a set of manifests. */
export class RbacIndex {
  /** Whether `obj` is a Role, ClusterRole, RoleBinding or ClusterRoleBinding. */
  public static isRbacObject(obj: unknown): boolean {
    return isRecord(obj) && typeof obj.kind === 'string' && RBAC_KINDS.has(obj.kind) &&
      splitApiVersion(stringOf(obj.apiVersion)).group === RBAC_GROUP;
  }

  private readonly roles: RoleObject[] = [];
  private readonly bindings: Binding[] = [];

  constructor(objects: readonly unknown[]) {
    for (const obj of objects.filter(RbacIndex.isRbacObject)) {
      const o = recordOf(obj);
      const metadata = recordOf(o.metadata);
      const cluster = o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding';
      const namespace = cluster ? '' : stringOf(metadata.namespace);
      if (o.kind === 'Role' || o.kind === 'ClusterRole') {
        this.roles.push({
          cluster, namespace, name: stringOf(metadata.name),
          ...(isRecord(o.aggregationRule) ? {} : { rules: listOf(o.rules).filter(isRecord) }),
        });
      } else {
        const roleRef = recordOf(o.roleRef);
        this.bindings.push({
          cluster, namespace, roleKind: stringOf(roleRef.kind), roleName: stringOf(roleRef.name),
          subjects: listOf(o.subjects).filter(isRecord),
        });
      }
    }
  }

  /** Whether the account may make the request, as far as the indexed objects tell. */
  public verdict(account: Account, request: Request): Verdict {
    let unknown = false;
    for (const binding of this.bindings) {
      if (!binding.subjects.some((s) => subjectMatches(s, account, binding.namespace)) || !bindingCovers(binding, request.scope)) {
        continue;
      }
      const role = this.roles.find((r) => r.name === binding.roleName && (binding.roleKind === 'ClusterRole'
        ? r.cluster
        : !r.cluster && sameNamespace(r.namespace, binding.namespace)));
      if (role?.rules === undefined) {
        unknown = true;
      } else if (role.rules.some((rule) => ruleAllows(rule, request))) {
        return 'allowed';
      }
    }
    return unknown ? 'unknown' : 'denied';
  }

  /** The verbs of `verbs` that the account is denied (not those that are unknown). */
  public denied(account: Account, verbs: readonly string[], request: Omit<Request, 'verb'>): string[] {
    return verbs.filter((verb) => this.verdict(account, { ...request, verb }) === 'denied');
  }
}

function subjectMatches(subject: Record<string, unknown>, account: Account, bindingNamespace: string): boolean {
  const name = stringOf(subject.name);
  switch (subject.kind) {
    case 'ServiceAccount':
      return name === account.name && sameNamespace(stringOf(subject.namespace) || bindingNamespace, account.namespace);
    case 'Group':
      return name === 'system:serviceaccounts' || name === 'system:authenticated' ||
        (name.startsWith('system:serviceaccounts:') && sameNamespace(name.slice('system:serviceaccounts:'.length), account.namespace));
    case 'User': {
      const parts = name.split(':');
      return parts.length === 4 && parts[0] === 'system' && parts[1] === 'serviceaccount' &&
        sameNamespace(parts[2], account.namespace) && parts[3] === account.name;
    }
    default:
      return false;
  }
}

/** A ClusterRoleBinding applies everywhere; a RoleBinding only to requests in its namespace. */
function bindingCovers(binding: Binding, scope: Scope): boolean {
  return binding.cluster || (scope !== 'cluster' && sameNamespace(binding.namespace, scope.namespace));
}

// Verbs that act on a collection, which resourceNames cannot restrict.
const COLLECTION_VERBS = new Set(['list', 'watch', 'create', 'deletecollection']);

function ruleAllows(rule: Record<string, unknown>, request: Request): boolean {
  const has = (field: string, value: string): boolean => listOf(rule[field]).some((v) => v === value || v === '*');
  if (!has('verbs', request.verb) || !has('apiGroups', request.group) || !has('resources', request.resource)) {
    return false;
  }
  const names = listOf(rule.resourceNames);
  return names.length === 0 ||
    (!COLLECTION_VERBS.has(request.verb) && request.name !== undefined && names.includes(request.name));
}

// ---------------------------------------------------------------------------------------------
// EventSource and Sensor checks

function accountOf(obj: unknown): Account {
  return {
    namespace: stringOf(recordAt(obj, 'metadata').namespace),
    // Without serviceAccountName the pod runs as the namespace's default account.
    name: stringOf(recordAt(recordAt(obj, 'spec'), 'template').serviceAccountName) || 'default',
  };
}

function describeAccount(account: Account): string {
  return `ServiceAccount ${account.namespace === '' ? '' : `${account.namespace}/`}${account.name}`;
}

function describeTarget(group: string, resource: string, scope: Scope): string {
  const what = group === '' ? resource : `${resource}.${group}`;
  if (scope === 'cluster') {
    return `${what} in all namespaces`;
  }
  return scope.namespace === '' ? what : `${what} in namespace ${scope.namespace}`;
}

function grantHint(group: string, resource: string, verbs: readonly string[], scope: Scope): string {
  const rule = `apiGroups: [${JSON.stringify(group)}], resources: [${resource}], verbs: [${verbs.join(', ')}]`;
  return scope === 'cluster'
    ? `Add a ClusterRole with ${rule} and a ClusterRoleBinding to the account.`
    : `Add a Role with ${rule}${scope.namespace === '' ? '' : ` in namespace ${scope.namespace}`} and a RoleBinding ` +
      'to the account.';
}

/** `rbac/eventsource-watch`: each resource event needs list and watch on what it watches. */
export function checkEventSourceRbac(obj: unknown, rbac: RbacIndex): Finding[] {
  const out = new FindingCollector('EventSource', obj);
  const account = accountOf(obj);
  for (const [name, source] of Object.entries(recordOf(recordAt(obj, 'spec').resource))) {
    const { group, resource, namespace } = recordOf(source);
    if (typeof resource !== 'string' || resource === '') {
      continue;
    }
    const apiGroup = stringOf(group);
    // An empty namespace watches the whole cluster.
    const scope: Scope = isBlank(namespace) ? 'cluster' : { namespace: stringOf(namespace) };
    const missing = rbac.denied(account, ['list', 'watch'], { group: apiGroup, resource, scope });
    if (missing.length > 0) {
      out.warning('rbac/eventsource-watch', pathJoin('spec.resource', name),
        `${describeAccount(account)} may not ${missing.join(' or ')} ${describeTarget(apiGroup, resource, scope)}: ` +
        'no Role or ClusterRole among the linted manifests grants it, so the EventSource fails with Forbidden and ' +
        `keeps retrying. ${grantHint(apiGroup, resource, ['list', 'watch'], scope)}`);
    }
  }
  return out.findings;
}

const K8S_VERBS: ReadonlyMap<string, readonly string[]> = new Map([
  ['create', ['create']],
  // update and patch create the object when it does not exist.
  ['update', ['get', 'update', 'create']],
  ['patch', ['get', 'patch', 'create']],
  ['delete', ['get', 'delete']],
]);

const WORKFLOW_VERBS: ReadonlyMap<string, readonly string[]> = new Map([
  ['submit', ['create', 'list']],
  ...['resubmit', 'retry', 'resume', 'suspend'].map((op): [string, string[]] => [op, ['get', 'update']]),
]);

/**
 * `rbac/sensor-trigger`: each k8s or argoWorkflow trigger needs the verbs of its operation (a
 * dead-letter trigger too, from the release that runs them).
 */
export function checkSensorRbac(obj: unknown, rbac: RbacIndex, options: { readonly argoEventsVersion?: string } = {}): Finding[] {
  const runsDlq = ArgoEventsVersion.of(options.argoEventsVersion ?? DEFAULT_ARGO_EVENTS_VERSION).atLeast(DLQ_TRIGGER_SINCE);
  const out = new FindingCollector('Sensor', obj);
  const account = accountOf(obj);
  const check = (trigger: unknown, path: string): void => {
    const template = recordAt(trigger, 'template');
    for (const type of ['k8s', 'argoWorkflow']) {
      const spec = template[type];
      if (isRecord(spec)) {
        checkTriggerRbac(out, rbac, account, recordOf(trigger), type, spec, pathJoin(path, 'template', type));
      }
    }
    const dlqTrigger = recordOf(trigger).dlqTrigger;
    if (isRecord(dlqTrigger) && runsDlq) {
      check(dlqTrigger, pathJoin(path, 'dlqTrigger'));
    }
  };
  listOf(recordAt(obj, 'spec').triggers).forEach((trigger, i) => check(trigger, pathJoin('spec.triggers', i)));
  return out.findings;
}

function checkTriggerRbac(
  out: FindingCollector, rbac: RbacIndex, account: Account, trigger: Record<string, unknown>, type: string,
  spec: Record<string, unknown>, path: string,
): void {
  const resource = recordAt(spec.source, 'resource');
  // Parameters that rewrite what is created make the target unknown. Trigger-level parameters
  // write into the template, type-level ones into the object.
  const prefix = `${type}.source.resource.`;
  const dests = [
    ...listOf(trigger.parameters).map((p) => stringOf(recordOf(p).dest)).filter((d) => d.startsWith(prefix))
      .map((d) => d.slice(prefix.length)),
    ...listOf(spec.parameters).map((p) => stringOf(recordOf(p).dest)),
  ];
  if (dests.some((dest) => /^(apiVersion|kind|metadata\.namespace)$/.test(dest))) {
    return;
  }
  const operation = stringOf(spec.operation) || (type === 'k8s' ? 'create' : '');
  let verbs: string[];
  let group: string;
  let plural: string;
  if (type === 'k8s') {
    const k8sVerbs = K8S_VERBS.get(operation);
    if (typeof resource.apiVersion !== 'string' || typeof resource.kind !== 'string' || k8sVerbs === undefined) {
      return;
    }
    verbs = [...k8sVerbs];
    if ((spec.liveObject === true || isRecord(recordOf(trigger.policy).k8s)) && !verbs.includes('get')) {
      verbs.unshift('get');
    }
    group = splitApiVersion(resource.apiVersion).group;
    plural = argoEventsGuessedPlural(resource.kind);
  } else {
    const workflowVerbs = WORKFLOW_VERBS.get(operation);
    if (workflowVerbs === undefined) {
      return;
    }
    verbs = [...workflowVerbs];
    group = 'argoproj.io';
    plural = 'workflows';
  }
  const metadata = recordOf(resource.metadata);
  const scope: Scope = ARGO_EVENTS_CLUSTER_RESOURCES.has(plural)
    ? 'cluster'
    : { namespace: stringOf(metadata.namespace) || account.namespace };
  const name = stringOf(metadata.name);
  const missing = rbac.denied(account, verbs, { group, resource: plural, scope, ...(name === '' ? {} : { name }) });
  if (missing.length > 0) {
    out.warning('rbac/sensor-trigger', path,
      `${describeAccount(account)} may not ${missing.join(', ')} ${describeTarget(group, plural, scope)}, which the ` +
      `${type} ${operation} operation needs: no Role or ClusterRole among the linted manifests grants it, so the ` +
      `trigger fails with Forbidden. ${grantHint(group, plural, verbs, scope)}`);
  }
}
