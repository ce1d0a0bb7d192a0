import { Testing } from 'cdk8s';
import { TeamChart, WebChart } from '../src/example-charts';
import { validateManifest } from 'resource-hooks/lint';
import { schemaAvailable, validateAgainstSchema } from './support/argo-schema';

function synthExample(): any[] {
  const app = Testing.app();
  const web = new WebChart(app, 'web');
  const team = new TeamChart(app, 'team-a');
  return [...Testing.synth(web), ...Testing.synth(team)];
}

describe('example app', () => {
  const objects = synthExample();
  const argo = objects.filter((o) => o.apiVersion === 'argoproj.io/v1alpha1');

  test('synthesizes one EventSource and one Sensor per chart; hook Jobs live only in the Sensors', () => {
    expect(argo.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual([
      'EventSource team-a/team-a-hooks', 'EventSource web/web-hooks', 'Sensor team-a/team-a-hooks', 'Sensor web/web-hooks',
    ]);
    // The only standalone Job is the Argo CD PreSync migration.
    expect(objects.filter((o) => o.kind === 'Job').map((j) => j.metadata.annotations)).toEqual([{
      'argocd.argoproj.io/hook': 'PreSync',
      'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded',
      'argocd.argoproj.io/sync-wave': '-1',
    }]);
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  test('the notification alternative subscribes the Application-level controller to the web Deployment', () => {
    const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'argocd-notifications-cm');
    expect(cm.metadata.namespace).toBe('argocd');
    expect(Object.keys(cm.data).sort()).toEqual(expect.arrayContaining([expect.stringMatching(/^trigger\./), expect.stringMatching(/^template\./), expect.stringMatching(/^service\.webhook\./)]));
    expect(JSON.stringify(cm.data)).not.toMatch(/Bearer [^$]/);
  });

  test('the web Sensor purges the CDN on completed rollouts and runs the smoke test on container changes', () => {
    const sensor = argo.find((o) => o.kind === 'Sensor' && o.metadata.namespace === 'web');
    const trigger = (name: string): any => sensor.spec.triggers.find((t: any) => t.template.name === name);
    const [purge, smoke] = [trigger('web-watch-purge-cdn-http'), trigger('web-watch-smoke-test-job')];
    expect(purge.template.http).toMatchObject({
      url: 'https://api.fastly.com/service/abc123/purge_all',
      method: 'POST',
      secureHeaders: [{ name: 'Fastly-Key', valueFrom: { secretKeyRef: { name: 'cdn-token', key: 'token' } } }],
    });
    expect(purge.policy.status.allow).toContain(200);
    expect(smoke.template.k8s.source.resource.spec.template.spec.containers[0].image).toBe('ghcr.io/acme/smoke-test:2.0.0');
    const deps = Object.fromEntries(sensor.spec.dependencies.map((d: any) => [d.name, d]));
    expect(deps[purge.template.conditions].filters.exprs[0].expr).toContain("nRevision != oRevision || (!(!oPaused");
    expect(deps[smoke.template.conditions].filters.exprs[0].fields[0].path).toBe('[body.spec.template.spec.containers,!null]|0');
  });

  test('the team Sensor runs team A\'s Job on data changes and team B\'s after Argo CD applied its ConfigMap', () => {
    const sensor = argo.find((o) => o.kind === 'Sensor' && o.metadata.namespace === 'team-a');
    const dependency = (name: string): any => sensor.spec.dependencies.find((d: any) => d.name === name);
    expect(dependency('settings-watch-apply-settings').filters.exprs[0].expr).toBe('new0 != old0');
    expect(dependency('team-b-watch-apply-settings').filters.exprs[0].fields.find((f: any) => f.name === 'nListed').path).toContain('#(name%"team-b-settings")#');
    const jobs = sensor.spec.triggers.filter((t: any) => t.template.k8s?.source.resource.kind === 'Job');
    expect(jobs.map((t: any) => t.template.k8s.source.resource.spec.template.spec.containers[0].args))
      .toEqual([['--team', 'team-a'], ['--team', 'team-b']]);
    expect(jobs[1].template.k8s.source.resource.metadata.namespace).toBe('team-b');
    // In its own namespace the hub's names are its own; elsewhere they carry the hub's namespace.
    const sensorRoles = objects.filter((o) => o.kind === 'Role' && o.metadata.name.startsWith('team-a-hooks') && o.metadata.name.endsWith('sensor'));
    expect(sensorRoles.map((r) => `${r.metadata.namespace}/${r.metadata.name}`).sort()).toEqual(['team-a/team-a-hooks-sensor', 'team-b/team-a-hooks.team-a.sensor']);
  });

  test('every Argo Events object passes the controllers\' validation', () => {
    expect(argo.flatMap((o) => validateManifest(o))).toEqual([]);
  });

  (schemaAvailable() ? test : test.skip)('every Argo Events object matches the upstream schema, with no unknown fields', () => {
    for (const o of argo) {
      expect([o.kind, validateAgainstSchema(o)]).toEqual([o.kind, []]);
    }
  });

  if (!schemaAvailable()) {
    console.warn('../shared is missing: the upstream schema check of the example app is skipped');
  }
});
