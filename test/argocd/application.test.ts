import { Testing } from 'cdk8s';
import { ArgoCdApplication, PrunePropagationPolicy } from '../../src/argocd';

describe('ArgoCdApplication', () => {
  test('defaults', () => {
    const chart = Testing.chart();
    new ArgoCdApplication(chart, 'app', { repoUrl: 'https://git.example.com/gitops.git' });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('minimal spec: default project, HEAD, in-cluster destination, manual sync', () => {
    const chart = Testing.chart();
    const app = new ArgoCdApplication(chart, 'app', { repoUrl: 'https://git.example.com/gitops.git', path: 'dist' });
    const [manifest] = Testing.synth(chart);
    expect(manifest.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(manifest.kind).toBe('Application');
    expect(manifest.metadata).toEqual({ name: app.name });
    expect(manifest.spec).toEqual({
      project: 'default',
      source: { repoURL: 'https://git.example.com/gitops.git', path: 'dist', targetRevision: 'HEAD' },
      destination: { server: 'https://kubernetes.default.svc' },
    });
  });

  test('all options', () => {
    const chart = Testing.chart();
    new ArgoCdApplication(chart, 'app', {
      metadata: { name: 'shop', namespace: 'argocd' },
      project: 'team-a',
      repoUrl: 'https://git.example.com/gitops.git',
      path: 'dist',
      targetRevision: 'main',
      directoryInclude: '{shop.k8s.yaml}',
      directoryExclude: 'tmp/*',
      directoryRecurse: true,
      destinationName: 'prod',
      destinationNamespace: 'shop',
      autoSync: true,
      prune: true,
      selfHeal: true,
      cascadeDelete: true,
      syncOptions: {
        applyOutOfSyncOnly: true,
        createNamespace: true,
        prunePropagationPolicy: PrunePropagationPolicy.BACKGROUND,
        failOnSharedResource: true,
        respectIgnoreDifferences: true,
        serverSideApply: true,
        pruneLast: true,
        replace: false,
      },
    });
    const [manifest] = Testing.synth(chart);
    expect(manifest.metadata).toEqual({ name: 'shop', namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io'] });
    expect(manifest.spec).toEqual({
      project: 'team-a',
      source: {
        repoURL: 'https://git.example.com/gitops.git',
        path: 'dist',
        targetRevision: 'main',
        directory: { include: '{shop.k8s.yaml}', exclude: 'tmp/*', recurse: true },
      },
      destination: { name: 'prod', namespace: 'shop' },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: [
          'ApplyOutOfSyncOnly=true', 'CreateNamespace=true', 'PrunePropagationPolicy=background', 'FailOnSharedResource=true',
          'RespectIgnoreDifferences=true', 'ServerSideApply=true', 'PruneLast=true', 'Replace=false',
        ],
      },
    });
  });

  test('sync options without automated sync', () => {
    const chart = Testing.chart();
    new ArgoCdApplication(chart, 'app', { repoUrl: 'https://git.example.com/gitops.git', syncOptions: { createNamespace: true } });
    expect(Testing.synth(chart)[0].spec.syncPolicy).toEqual({ syncOptions: ['CreateNamespace=true'] });
  });

  test('automated sync defaults to no prune and no self-heal', () => {
    const chart = Testing.chart();
    new ArgoCdApplication(chart, 'app', { repoUrl: 'https://git.example.com/gitops.git', autoSync: true });
    expect(Testing.synth(chart)[0].spec.syncPolicy).toEqual({ automated: { prune: false, selfHeal: false } });
  });

  test('fails with both destinationServer and destinationName', () => {
    expect(() => new ArgoCdApplication(Testing.chart(), 'app', {
      repoUrl: 'https://git.example.com/gitops.git', destinationServer: 'https://kubernetes.default.svc', destinationName: 'in-cluster',
    })).toThrow("test/app: destinationServer 'https://kubernetes.default.svc' and destinationName 'in-cluster' are both set; Argo CD accepts only one, so keep one of them");
  });

  test.each(['prune', 'selfHeal'])('fails with %s but no autoSync', name => {
    expect(() => new ArgoCdApplication(Testing.chart(), 'app', { repoUrl: 'https://git.example.com/gitops.git', [name]: true }))
      .toThrow(`test/app: ${name} is set but autoSync is not; ${name} only applies to automated syncs, so set autoSync: true or remove ${name}`);
  });
});
