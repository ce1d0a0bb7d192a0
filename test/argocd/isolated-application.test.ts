import { ApiObject, App, Chart, Testing, YamlOutputType } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { HookDeletePolicy, HookNaming, HookPhase, IsolatedApplication } from '../../src/argocd';

function setup(appProps: { yamlOutputType?: YamlOutputType } = {}) {
  const app = appProps.yamlOutputType === undefined ? Testing.app() : new App({ outdir: Testing.app().outdir, ...appProps });
  const control = new Chart(app, 'control');
  const teamA = new Chart(app, 'team-a', { namespace: 'renovate' });
  new kplus.ConfigMap(teamA, 'config', { data: { team: 'a' } });
  return { app, control, teamA };
}

const repo = { repoUrl: 'https://git.example.com/gitops.git', path: 'dist' };

describe('IsolatedApplication', () => {
  test('defaults', () => {
    const { control, teamA } = setup();
    new IsolatedApplication(control, 'team-a', { chart: teamA, ...repo });
    expect(Testing.synth(control)).toMatchSnapshot();
  });

  test('deploys only the chart file, auto-synced with prune and cascading deletion', () => {
    const { control, teamA } = setup();
    const isolated = new IsolatedApplication(control, 'team-a', { chart: teamA, ...repo });
    const [manifest] = Testing.synth(control);
    expect(isolated.manifestInclude).toBe('{team-a.k8s.yaml,[0-9][0-9][0-9][0-9]-team-a.k8s.yaml}');
    expect(manifest.metadata).toEqual({ name: 'team-a', namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io'] });
    expect(manifest.spec).toEqual({
      project: 'default',
      source: { repoURL: repo.repoUrl, path: 'dist', targetRevision: 'HEAD', directory: { include: isolated.manifestInclude } },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'renovate' },
      syncPolicy: { automated: { prune: true, selfHeal: false } },
    });
    expect(ApiObject.of(isolated)).toBe(isolated.application);
    expect(isolated.chart).toBe(teamA);
  });

  test('the postSyncJob becomes a PostSync hook of the isolated chart', () => {
    const { control, teamA } = setup();
    const job = new kplus.Job(teamA, 'renovate', { containers: [{ image: 'renovate/renovate:41' }] });
    const isolated = new IsolatedApplication(control, 'team-a', { chart: teamA, ...repo, postSyncJob: job });
    const jobManifest = Testing.synth(teamA).find(o => o.kind === 'Job');
    expect(isolated.postSyncHook!.phases).toEqual([HookPhase.POST_SYNC]);
    expect(jobManifest.metadata.annotations).toEqual({
      'argocd.argoproj.io/hook': 'PostSync',
      'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded',
    });
    expect(Testing.synth(control)).toHaveLength(1);
  });

  test('addSyncHook accepts any hook settings', () => {
    const { control, teamA } = setup();
    const isolated = new IsolatedApplication(control, 'team-a', { chart: teamA, ...repo });
    const job = new kplus.Job(teamA, 'cleanup', { containers: [{ image: 'x' }] });
    const hook = isolated.addSyncHook('cleanup', { job, phases: [HookPhase.POST_DELETE] });
    expect(hook.naming).toBe(HookNaming.FIXED_NAME);
    expect(hook.deletePolicies).toEqual([HookDeletePolicy.HOOK_SUCCEEDED]);
  });

  test('settings are passed to the Application', () => {
    const { control, teamA } = setup();
    new IsolatedApplication(control, 'team-a', {
      chart: teamA, ...repo,
      name: 'renovate-team-a', namespace: 'gitops', project: 'renovate', targetRevision: 'main',
      manifestInclude: 'team-a/*', destinationServer: 'https://prod.example.com', destinationNamespace: 'other',
      selfHeal: true, prune: false, syncOptions: { applyOutOfSyncOnly: true },
    });
    const [manifest] = Testing.synth(control);
    expect(manifest.metadata.name).toBe('renovate-team-a');
    expect(manifest.metadata.namespace).toBe('gitops');
    expect(manifest.spec.project).toBe('renovate');
    expect(manifest.spec.source).toEqual({ repoURL: repo.repoUrl, path: 'dist', targetRevision: 'main', directory: { include: 'team-a/*' } });
    expect(manifest.spec.destination).toEqual({ server: 'https://prod.example.com', namespace: 'other' });
    expect(manifest.spec.syncPolicy).toEqual({ automated: { prune: false, selfHeal: true }, syncOptions: ['ApplyOutOfSyncOnly=true'] });
  });

  test('manual sync', () => {
    const { control, teamA } = setup();
    new IsolatedApplication(control, 'team-a', { chart: teamA, ...repo, autoSync: false });
    expect(Testing.synth(control)[0].spec.syncPolicy).toBeUndefined();
  });

  test('fails when the Application would deploy its own chart', () => {
    const { teamA } = setup();
    expect(() => new IsolatedApplication(teamA, 'self', { chart: teamA, ...repo }))
      .toThrow("team-a/self: chart 'team-a' is the chart this IsolatedApplication is defined in, so the Application would deploy itself; define it in another chart (the one your parent Application deploys)");
  });

  test('fails when a hook object is outside the isolated chart', () => {
    const { control, teamA } = setup();
    const isolated = new IsolatedApplication(control, 'team-a', { chart: teamA, ...repo });
    const job = new kplus.Job(control, 'stray', { containers: [{ image: 'x' }] });
    expect(() => isolated.addSyncHook('stray', { job, phases: [HookPhase.POST_SYNC] }))
      .toThrow(`control/team-a: hook object Job '${job.name}' belongs to chart 'control', not to the isolated chart 'team-a'; define it in the isolated chart so this Application runs it`);
  });

  test('fails to derive the manifest file for other output types', () => {
    const { control, teamA } = setup({ yamlOutputType: YamlOutputType.FILE_PER_RESOURCE });
    expect(() => new IsolatedApplication(control, 'team-a', { chart: teamA, ...repo }))
      .toThrow("control/team-a: manifestInclude is not set and the app writes FILE_PER_RESOURCE output, so the chart's file name is unknown; set manifestInclude to a glob matching the chart's manifests");
  });

  test('other output types work with an explicit manifestInclude', () => {
    const { control, teamA } = setup({ yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
    const isolated = new IsolatedApplication(control, 'team-a', { chart: teamA, ...repo, manifestInclude: '*.k8s.yaml' });
    expect(isolated.manifestInclude).toBe('*.k8s.yaml');
  });
});
