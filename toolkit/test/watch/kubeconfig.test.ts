import * as path from 'path';
import { KubeConfigError } from '../../src/watch/errors';
import { KubeContexts, kubeconfigFiles, selectContext } from '../../src/watch/kubeconfig';

describe('kubeconfigFiles', () => {
  const existing = new Set(['/home/me/.kube/config', '/etc/a.yaml', '/etc/b.yaml']);
  const exists = (f: string): boolean => existing.has(f);

  test('KUBECONFIG lists files; missing ones are skipped as kubectl does', () => {
    const variable = ['/etc/a.yaml', '/etc/missing.yaml', '', '/etc/b.yaml'].join(path.delimiter);
    expect(kubeconfigFiles({ KUBECONFIG: variable }, '/home/me', exists)).toEqual(['/etc/a.yaml', '/etc/b.yaml']);
  });

  test('without KUBECONFIG, ~/.kube/config', () => {
    expect(kubeconfigFiles({}, '/home/me', exists)).toEqual(['/home/me/.kube/config']);
    expect(kubeconfigFiles({ KUBECONFIG: '' }, '/home/me', exists)).toEqual(['/home/me/.kube/config']);
  });

  test('no file at all is an error saying how to provide one', () => {
    expect(() => kubeconfigFiles({}, '/home/nobody', exists)).toThrow(KubeConfigError);
    expect(() => kubeconfigFiles({}, '/home/nobody', exists)).toThrow(/KUBECONFIG is not set and \/home\/nobody\/.kube\/config does not exist/);
    expect(() => kubeconfigFiles({ KUBECONFIG: '/nope' }, '/home/me', exists)).toThrow('KUBECONFIG=/nope names no existing file');
  });
});

describe('selectContext', () => {
  function config(current: string | undefined, clusters: Record<string, { server: string; skipTLSVerify?: boolean }> = {
    prod: { server: 'https://prod:6443' },
  }): KubeContexts & { current?: string } {
    const contexts = [{ name: 'prod', cluster: 'prod' }, { name: 'dev', cluster: 'dev' }];
    const state: KubeContexts & { current?: string } = {
      current,
      getContexts: () => contexts,
      getContextObject: (name) => contexts.find((c) => c.name === name) ?? null,
      getCurrentContext: () => state.current,
      setCurrentContext: (name) => {
        state.current = name;
      },
      getCurrentCluster: () => {
        const ctx = contexts.find((c) => c.name === state.current);
        const cluster = ctx && clusters[ctx.cluster];
        return cluster ? { name: ctx.cluster, ...cluster } : null;
      },
    };
    return state;
  }

  test('the current context, or the one asked for', () => {
    expect(selectContext(config('prod'), ['/k'])).toEqual({ context: 'prod', server: 'https://prod:6443' });
    const c = config(undefined, { prod: { server: 'https://prod:6443' }, dev: { server: 'https://dev:6443' } });
    expect(selectContext(c, ['/k'], 'dev')).toEqual({ context: 'dev', server: 'https://dev:6443' });
    expect(c.current).toBe('dev');
  });

  test('no current context: pass --context or use-context', () => {
    expect(() => selectContext(config(undefined), ['/k'])).toThrow(
      'the kubeconfig (/k) has no current context: pass --context NAME or run "kubectl config use-context NAME" (available: prod, dev)',
    );
  });

  test('an unknown context lists the available ones', () => {
    expect(() => selectContext(config('prod'), ['/k'], 'staging')).toThrow('context "staging" is not in the kubeconfig (/k) (available: prod, dev)');
  });

  test('a context naming a missing cluster', () => {
    expect(() => selectContext(config('dev'), ['/k'])).toThrow('context "dev" names cluster "dev", which the kubeconfig (/k) does not define');
  });

  test('plain HTTP needs insecure-skip-tls-verify', () => {
    expect(() => selectContext(config('prod', { prod: { server: 'http://127.0.0.1:8080' } }), ['/k'])).toThrow(/insecure-skip-tls-verify: true/);
    expect(selectContext(config('prod', { prod: { server: 'http://127.0.0.1:8080', skipTLSVerify: true } }), ['/k']).server)
      .toBe('http://127.0.0.1:8080');
  });

  test('a cluster without a server address', () => {
    expect(() => selectContext(config('prod', { prod: { server: '' } }), ['/k'])).toThrow('cluster "prod" in the kubeconfig (/k) has no server address');
  });
});
