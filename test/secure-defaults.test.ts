import { Testing } from 'cdk8s';
import { TeamChart, WebChart } from '../src/example-charts';

// Every pod spec the example app can start: workloads, Argo CD hook Jobs and the Jobs embedded in
// Sensor triggers.
function podSpecs(objects: any[]): { where: string; spec: any }[] {
  const specs: { where: string; spec: any }[] = [];
  for (const o of objects) {
    const name = `${o.kind} ${o.metadata.namespace}/${o.metadata.name ?? o.metadata.generateName}`;
    if (o.spec?.template?.spec?.containers) {
      specs.push({ where: name, spec: o.spec.template.spec });
    }
    for (const t of o.kind === 'Sensor' ? o.spec.triggers : []) {
      const embedded = t.template.k8s?.source?.resource;
      if (embedded?.spec?.template?.spec) {
        specs.push({ where: `${name} trigger ${t.template.name}`, spec: embedded.spec.template.spec });
      }
    }
  }
  return specs;
}

describe('secure defaults of everything the example app synthesizes', () => {
  const app = Testing.app();
  const objects = [...Testing.synth(new WebChart(app, 'web')), ...Testing.synth(new TeamChart(app, 'team-a'))];
  const specs = podSpecs(objects);

  test('there are workloads, hook Jobs and embedded Jobs to check', () => {
    expect(specs.map((s) => s.where.split(' ')[0]).sort()).toEqual(['Deployment', 'Job', 'Sensor', 'Sensor', 'Sensor']);
  });

  test.each(specs.map((s) => [s.where, s.spec]))('%s: non-root, read-only, unprivileged, bounded, no token', (_where, spec: any) => {
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.securityContext.runAsNonRoot).toBe(true);
    for (const c of spec.containers) {
      expect(c.securityContext).toMatchObject({
        runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false,
        capabilities: { drop: ['ALL'] },
      });
      expect(c.resources.requests).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
      expect(c.resources.limits).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
    }
  });

  test('the hub pods drop every capability and use the runtime seccomp profile', () => {
    for (const o of objects.filter((x) => x.kind === 'Sensor' || x.kind === 'EventSource')) {
      expect(o.spec.template.container.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      expect(o.spec.template.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    }
  });

  test('RBAC has no wildcards and no cluster scope', () => {
    const rbac = objects.filter((o) => /Role/.test(o.kind));
    expect(rbac.length).toBeGreaterThan(0);
    expect(rbac.filter((o) => o.kind.startsWith('Cluster'))).toEqual([]);
    for (const role of rbac.filter((o) => o.kind === 'Role')) {
      for (const rule of role.rules) {
        expect([...rule.apiGroups, ...rule.resources, ...rule.verbs]).not.toContain('*');
      }
    }
  });

  test('secrets are only referenced: no Secret objects, no credentials in clear text', () => {
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const text = JSON.stringify(objects);
    expect(text).not.toMatch(/:\/\/[^/"\s]+:[^/"\s]+@/);
    for (const sensor of objects.filter((o) => o.kind === 'Sensor')) {
      for (const t of sensor.spec.triggers) {
        const headers = Object.keys(t.template.http?.headers ?? {}).map((h) => h.toLowerCase());
        expect(headers.filter((h) => /auth|token|key|secret/.test(h))).toEqual([]);
      }
    }
  });
});
