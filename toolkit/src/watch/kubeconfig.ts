import * as path from 'path';
import { KubeConfigError } from './errors';

/** The parts of client-node's `KubeConfig` that choosing a context needs. */
export interface KubeContexts {
  getContexts(): ReadonlyArray<{ readonly name: string }>;
  getContextObject(name: string): { readonly name: string; readonly cluster: string } | null;
  getCurrentContext(): string | undefined;
  setCurrentContext(name: string): void;
  getCurrentCluster(): { readonly name: string; readonly server: string; readonly skipTLSVerify?: boolean } | null;
}

/**
 * The kubeconfig files to load, as kubectl finds them: the existing files of `KUBECONFIG` (a
 * list separated by `path.delimiter`), else `~/.kube/config`.
 * @throws KubeConfigError saying how to provide one when there is none
 */
export function kubeconfigFiles(env: Readonly<Record<string, string | undefined>>, home: string, exists: (file: string) => boolean): string[] {
  const variable = env.KUBECONFIG ?? '';
  if (variable !== '') {
    const files = variable.split(path.delimiter).filter((f) => f !== '' && exists(f));
    if (files.length === 0) {
      throw new KubeConfigError(`KUBECONFIG=${variable} names no existing file: point it at your kubeconfig, or unset it to use ~/.kube/config`);
    }
    return files;
  }
  const file = path.join(home, '.kube', 'config');
  if (!exists(file)) {
    throw new KubeConfigError(
      `no kubeconfig: KUBECONFIG is not set and ${file} does not exist. Create it (your cloud's "get-credentials" `
      + 'command, kind or minikube write one) or set KUBECONFIG to its path',
    );
  }
  return [file];
}

function available(config: KubeContexts): string {
  const names = config.getContexts().map((c) => c.name);
  return names.length > 0 ? `available: ${names.join(', ')}` : 'it defines none';
}

/**
 * Makes `requested` (or the kubeconfig's current context) the context in use and checks that it
 * leads to a usable cluster entry; returns the context name and the server URL.
 * @throws KubeConfigError naming the problem and the fix
 */
export function selectContext(config: KubeContexts, files: readonly string[], requested?: string): { context: string; server: string } {
  const where = `the kubeconfig (${files.join(path.delimiter)})`;
  let name = requested;
  if (name === undefined || name === '') {
    name = config.getCurrentContext() ?? '';
    if (name === '') {
      throw new KubeConfigError(`${where} has no current context: pass --context NAME or run "kubectl config use-context NAME" (${available(config)})`);
    }
  }
  const context = config.getContextObject(name);
  if (!context) {
    throw new KubeConfigError(`context "${name}" is not in ${where} (${available(config)}); see "kubectl config get-contexts"`);
  }
  config.setCurrentContext(name);
  const cluster = config.getCurrentCluster();
  if (!cluster) {
    throw new KubeConfigError(`context "${name}" names cluster "${context.cluster}", which ${where} does not define`);
  }
  if (!cluster.server) {
    throw new KubeConfigError(`cluster "${cluster.name}" in ${where} has no server address`);
  }
  if (cluster.server.startsWith('http:') && !cluster.skipTLSVerify) {
    throw new KubeConfigError(
      `cluster "${cluster.name}" uses plain HTTP (${cluster.server}), which @kubernetes/client-node refuses unless the `
      + 'cluster sets insecure-skip-tls-verify: true; use the https address',
    );
  }
  return { context: name, server: cluster.server };
}
