import { Finding } from '../../src/lint/finding';
import { RbacIndex, checkEventSourceRbac, checkSensorRbac } from '../../src/lint/rbac-rules';

const RBAC = 'rbac.authorization.k8s.io/v1';

function role(namespace: string, name: string, rules: unknown[]): any {
  return { apiVersion: RBAC, kind: 'Role', metadata: { name, namespace }, rules };
}

function clusterRole(name: string, rules: unknown[]): any {
  return { apiVersion: RBAC, kind: 'ClusterRole', metadata: { name }, rules };
}

function roleBinding(namespace: string, roleKind: string, roleName: string, subjects: unknown[]): any {
  return {
    apiVersion: RBAC, kind: 'RoleBinding', metadata: { name: `${roleName}-binding`, namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: roleName }, subjects,
  };
}

function clusterRoleBinding(roleName: string, subjects: unknown[]): any {
  return {
    apiVersion: RBAC, kind: 'ClusterRoleBinding', metadata: { name: `${roleName}-binding` },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName }, subjects,
  };
}

const hubAccount = { kind: 'ServiceAccount', name: 'hub', namespace: 'ops' };
const watchDeployments = { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch'] };

function eventSource(namespace = 'apps'): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'EventSource', metadata: { name: 'hub', namespace: 'ops' },
    spec: {
      template: { serviceAccountName: 'hub' },
      resource: { web: { namespace, group: 'apps', version: 'v1', resource: 'deployments', eventTypes: ['UPDATE'] } },
    },
  };
}

function sensor(trigger: Record<string, unknown>): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Sensor', metadata: { name: 'hooks', namespace: 'ops' },
    spec: { template: { serviceAccountName: 'runner' }, triggers: [trigger] },
  };
}

function k8sTrigger(operation: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    template: {
      name: 'job',
      k8s: { operation, source: { resource: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'run', namespace: 'jobs' } } } },
    },
    ...extra,
  };
}

const runnerAccount = { kind: 'ServiceAccount', name: 'runner', namespace: 'ops' };

function summary(findings: Finding[]): Array<[string, string, string]> {
  return findings.map((f) => [f.rule, f.severity, f.path]);
}

describe('RbacIndex', () => {
  test('recognizes RBAC objects by kind and API group', () => {
    expect(RbacIndex.isRbacObject(role('a', 'r', []))).toBe(true);
    expect(RbacIndex.isRbacObject({ apiVersion: 'v1', kind: 'Role' })).toBe(false);
    expect(RbacIndex.isRbacObject({ apiVersion: 'v1', kind: 'ServiceAccount' })).toBe(false);
  });

  const request = { verb: 'watch', group: 'apps', resource: 'deployments', scope: { namespace: 'apps' } } as const;
  const account = { namespace: 'ops', name: 'hub' };

  test.each<[string, unknown[], string]>([
    ['a Role bound in the namespace', [role('apps', 'r', [watchDeployments]), roleBinding('apps', 'Role', 'r', [hubAccount])], 'allowed'],
    ['a ClusterRole bound by a RoleBinding', [clusterRole('r', [watchDeployments]), roleBinding('apps', 'ClusterRole', 'r', [hubAccount])], 'allowed'],
    ['a ClusterRoleBinding', [clusterRole('r', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]), clusterRoleBinding('r', [hubAccount])], 'allowed'],
    ['a group of all service accounts in the namespace',
      [role('apps', 'r', [watchDeployments]), roleBinding('apps', 'Role', 'r', [{ kind: 'Group', name: 'system:serviceaccounts:ops' }])], 'allowed'],
    ['the service account as a user',
      [role('apps', 'r', [watchDeployments]), roleBinding('apps', 'Role', 'r', [{ kind: 'User', name: 'system:serviceaccount:ops:hub' }])], 'allowed'],
    ['a binding in another namespace', [role('web', 'r', [watchDeployments]), roleBinding('web', 'Role', 'r', [hubAccount])], 'denied'],
    ['a binding to another account', [role('apps', 'r', [watchDeployments]), roleBinding('apps', 'Role', 'r', [{ ...hubAccount, name: 'other' }])], 'denied'],
    ['a rule for another group', [role('apps', 'r', [{ ...watchDeployments, apiGroups: [''] }]), roleBinding('apps', 'Role', 'r', [hubAccount])], 'denied'],
    ['a rule limited by resourceNames', [role('apps', 'r', [{ ...watchDeployments, resourceNames: ['web'] }]), roleBinding('apps', 'Role', 'r', [hubAccount])], 'denied'],
    ['a binding to a role not in the inputs', [roleBinding('apps', 'ClusterRole', 'edit', [hubAccount])], 'unknown'],
    ['a binding to an aggregated ClusterRole',
      [{ ...clusterRole('agg', []), aggregationRule: { clusterRoleSelectors: [] } }, clusterRoleBinding('agg', [hubAccount])], 'unknown'],
  ])('%s', (_name, objects, verdict) => {
    expect(new RbacIndex(objects).verdict(account, request)).toBe(verdict);
  });

  test('a RoleBinding never grants a cluster-wide request; resourceNames allow a named get', () => {
    const index = new RbacIndex([
      role('apps', 'r', [{ ...watchDeployments, resourceNames: ['web'] }]), roleBinding('apps', 'Role', 'r', [hubAccount]),
    ]);
    expect(index.verdict(account, { ...request, scope: 'cluster' })).toBe('denied');
    expect(index.verdict(account, { ...request, verb: 'get', name: 'web' })).toBe('allowed');
    expect(index.verdict(account, { ...request, verb: 'get', name: 'api' })).toBe('denied');
  });
});

describe('checkEventSourceRbac', () => {
  test('list and watch on the watched resource in its namespace', () => {
    const allowed = new RbacIndex([role('apps', 'r', [watchDeployments]), roleBinding('apps', 'Role', 'r', [hubAccount])]);
    expect(checkEventSourceRbac(eventSource(), allowed)).toEqual([]);
    const onlyGet = new RbacIndex([
      role('apps', 'r', [{ ...watchDeployments, verbs: ['get', 'list'] }]), roleBinding('apps', 'Role', 'r', [hubAccount]),
    ]);
    const findings = checkEventSourceRbac(eventSource(), onlyGet);
    expect(summary(findings)).toEqual([['rbac/eventsource-watch', 'warning', 'spec.resource.web']]);
    expect(findings[0].message).toMatch(/^ServiceAccount ops\/hub may not watch deployments\.apps in namespace apps: /);
    expect(findings[0].message).toMatch(/Add a Role with apiGroups: \["apps"\], resources: \[deployments\], verbs: \[list, watch\] in namespace apps/);
  });

  test('a cluster-wide watch needs a ClusterRoleBinding', () => {
    const namespaced = new RbacIndex([clusterRole('r', [watchDeployments]), roleBinding('apps', 'ClusterRole', 'r', [hubAccount])]);
    const [finding] = checkEventSourceRbac(eventSource(''), namespaced);
    expect(finding.message).toMatch(/may not list or watch deployments\.apps in all namespaces.*ClusterRoleBinding/);
    const cluster = new RbacIndex([clusterRole('r', [watchDeployments]), clusterRoleBinding('r', [hubAccount])]);
    expect(checkEventSourceRbac(eventSource(''), cluster)).toEqual([]);
  });

  test('without serviceAccountName the default account is checked', () => {
    const es = eventSource();
    delete es.spec.template;
    const index = new RbacIndex([role('apps', 'r', [watchDeployments]), roleBinding('apps', 'Role', 'r', [{ ...hubAccount, name: 'default' }])]);
    expect(checkEventSourceRbac(es, index)).toEqual([]);
  });
});

describe('checkSensorRbac', () => {
  const jobs = (verbs: string[]): unknown[] => [
    role('jobs', 'r', [{ apiGroups: ['batch'], resources: ['jobs'], verbs }]), roleBinding('jobs', 'Role', 'r', [runnerAccount]),
  ];

  test.each<[string, Record<string, unknown>, string[], string | undefined]>([
    ['create needs create', k8sTrigger('create'), ['create'], undefined],
    ['create is the default', k8sTrigger(''), ['get'], 'may not create jobs.batch in namespace jobs'],
    ['update needs get, update and create', k8sTrigger('update'), ['get', 'update'], 'may not create jobs.batch'],
    ['patch needs get, patch and create', k8sTrigger('patch'), ['get', 'patch', 'create'], undefined],
    ['delete needs get and delete', k8sTrigger('delete'), ['delete'], 'may not get jobs.batch'],
    ['policy.k8s needs get', k8sTrigger('create', { policy: { k8s: { labels: { a: 'b' } } } }), ['create'], 'may not get jobs.batch'],
  ])('k8s: %s', (_name, trigger, verbs, message) => {
    const findings = checkSensorRbac(sensor(trigger), new RbacIndex(jobs(verbs)));
    if (message === undefined) {
      expect(findings).toEqual([]);
    } else {
      expect(summary(findings)).toEqual([['rbac/sensor-trigger', 'warning', 'spec.triggers[0].template.k8s']]);
      expect(findings[0].message).toContain(message);
    }
  });

  test('the Sensor namespace is used when the object has none; namespaces and cluster kinds need cluster scope', () => {
    const trigger = k8sTrigger('create');
    delete (trigger.template as any).k8s.source.resource.metadata.namespace;
    const inOps = [role('ops', 'r', [{ apiGroups: ['batch'], resources: ['jobs'], verbs: ['create'] }]), roleBinding('ops', 'Role', 'r', [runnerAccount])];
    expect(checkSensorRbac(sensor(trigger), new RbacIndex(inOps))).toEqual([]);
    const ns = { template: { name: 'ns', k8s: { source: { resource: { apiVersion: 'v1', kind: 'Namespace', metadata: { generateName: 'x-' } } } } } };
    const [finding] = checkSensorRbac(sensor(ns), new RbacIndex(inOps));
    expect(finding.message).toContain('may not create namespaces in all namespaces');
  });

  test('the resource is the plural Argo Events guesses from the kind, not the real one', () => {
    const create = (apiVersion: string, kind: string): Record<string, unknown> =>
      ({ template: { name: 'c', k8s: { source: { resource: { apiVersion, kind, metadata: { name: 'x', namespace: 'ops' } } } } } });
    const grant = (group: string, resource: string): RbacIndex => new RbacIndex([
      role('ops', 'r', [{ apiGroups: [group], resources: [resource], verbs: ['create'] }]), roleBinding('ops', 'Role', 'r', [runnerAccount]),
    ]);
    expect(checkSensorRbac(sensor(create('example.com/v1', 'Shelf')), grant('example.com', 'shelves'))).toEqual([]);
    expect(checkSensorRbac(sensor(create('example.com/v1', 'Knife')), grant('example.com', 'knives'))).toEqual([]);
    expect(checkSensorRbac(sensor(create('example.com/v1', 'Batch')), grant('example.com', 'batches'))).toEqual([]);
    expect(checkSensorRbac(sensor(create('example.com/v1', 'Policy')), grant('example.com', 'policies'))).toEqual([]);
    expect(checkSensorRbac(sensor(create('example.com/v1', 'Gateway')), grant('example.com', 'gateways'))).toEqual([]);
    expect(checkSensorRbac(sensor(create('argoproj.io/v1alpha1', 'EventBus')), grant('argoproj.io', 'eventbus'))).toEqual([]);
    // Kubernetes calls them endpoints, but the trigger asks for endpointses.
    const [finding] = checkSensorRbac(sensor(create('v1', 'Endpoints')), grant('', 'endpoints'));
    expect(finding.message).toContain('may not create endpointses in namespace ops');
  });

  test('argoWorkflow submit needs create and list on workflows; dead-letter triggers are checked too, from 1.9.3', () => {
    const workflow = {
      atLeastOnce: true,
      template: { name: 'wf', argoWorkflow: { operation: 'submit', source: { resource: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow' } } } },
    };
    const allowed = [
      role('ops', 'r', [{ apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['create', 'list'] }]),
      roleBinding('ops', 'Role', 'r', [runnerAccount]),
    ];
    expect(checkSensorRbac(sensor(workflow), new RbacIndex(allowed))).toEqual([]);
    const withDlq = { ...workflow, dlqTrigger: { atLeastOnce: true, template: { name: 'dlq', k8s: (k8sTrigger('create').template as any).k8s } } };
    expect(summary(checkSensorRbac(sensor(withDlq), new RbacIndex(allowed), { argoEventsVersion: '1.9.3' })))
      .toEqual([['rbac/sensor-trigger', 'warning', 'spec.triggers[0].dlqTrigger.template.k8s']]);
    // Older releases drop the dead-letter trigger, so it never needs permissions.
    expect(checkSensorRbac(sensor(withDlq), new RbacIndex(allowed), { argoEventsVersion: '1.9.2' })).toEqual([]);
  });

  test('a target rewritten by parameters, an unknown operation or no inline resource is not judged', () => {
    const index = new RbacIndex(jobs([]));
    const rewritten = k8sTrigger('create', { parameters: [{ src: { dependencyName: 'd' }, dest: 'k8s.source.resource.metadata.namespace' }] });
    expect(checkSensorRbac(sensor(rewritten), index)).toEqual([]);
    expect(checkSensorRbac(sensor(k8sTrigger('replace')), index)).toEqual([]);
    const fromUrl = { template: { name: 'u', k8s: { source: { url: { path: 'https://example.com/job.yaml' } } } } };
    expect(checkSensorRbac(sensor(fromUrl), index)).toEqual([]);
  });
});
