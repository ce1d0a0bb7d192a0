import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as os from 'os';
import { KubeApiError, KubeConfigError, UnreachableError, networkProblem } from './errors';
import { KubeContexts, kubeconfigFiles, selectContext } from './kubeconfig';
import { ObjectList, ResourceClient, WatchEvent, WatchTarget, resourcePath } from './resource-client';
import { decodeList, watchEvents } from './watch-stream';

/** The parts of client-node's `KubeConfig` used here. */
interface KubeConfig extends KubeContexts {
  loadFromFile(file: string): void;
  mergeConfig(config: KubeConfig, preserveContext?: boolean): void;
  /** Sets `agent` (TLS settings), `headers` (tokens, exec and auth-provider plugins) and `auth`. */
  applyToHTTPSOptions(options: https.RequestOptions): Promise<void>;
}

/** A client for the cluster of a kubeconfig context. */
export interface KubeConnection {
  readonly client: ResourceClient;
  /** The context in use. */
  readonly context: string;
}

/** Idle time after which a list request is given up. */
const LIST_TIMEOUT_MS = 60_000;

function loadKubeConfig(files: readonly string[]): KubeConfig {
  // client-node is an ES module: Node loads it with require(esm), jest cannot, so it is loaded
  // only here, when a command actually talks to a cluster.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { KubeConfig: KubeConfigClass } = require('@kubernetes/client-node') as { KubeConfig: new () => KubeConfig };
  const read = (file: string): KubeConfig => {
    const config = new KubeConfigClass();
    try {
      config.loadFromFile(file);
    } catch (e) {
      throw new KubeConfigError(`cannot read the kubeconfig ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    return config;
  };
  const [first, ...rest] = files;
  const config = read(first);
  for (const file of rest) {
    try {
      // As with kubectl, the first file that sets a current context wins.
      config.mergeConfig(read(file), Boolean(config.getCurrentContext()));
    } catch (e) {
      throw e instanceof KubeConfigError ? e : new KubeConfigError(`cannot merge the kubeconfig ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return config;
}

/**
 * Connects to the cluster of the user's kubeconfig (`KUBECONFIG` or `~/.kube/config`), with
 * `context` or the current context.
 * @throws KubeConfigError when there is no usable kubeconfig, context or cluster
 */
export function connectToCluster(context?: string): KubeConnection {
  const files = kubeconfigFiles(process.env, os.homedir(), fs.existsSync);
  const config = loadKubeConfig(files);
  const selected = selectContext(config, files, context);
  return { client: new KubeResourceClient(config, selected.server), context: selected.context };
}

/** {@link ResourceClient} over plain HTTP requests authenticated by client-node. */
class KubeResourceClient implements ResourceClient {
  constructor(private readonly config: KubeConfig, readonly server: string) {}

  async list(target: WatchTarget, signal: AbortSignal): Promise<ObjectList> {
    const response = await this.get(this.url(target, {}), signal, LIST_TIMEOUT_MS);
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of response) {
        chunks.push(chunk as Buffer);
      }
    } catch (e) {
      throw this.failure(e);
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      throw new Error(`malformed list response from ${this.server}`);
    }
    return decodeList(body);
  }

  async *watch(target: WatchTarget, resourceVersion: string, signal: AbortSignal): AsyncGenerator<WatchEvent> {
    // Like client-go, ask the server to end the stream after 5 to 10 minutes; the reflector then
    // watches again, which also detects connections that died silently.
    const timeoutSeconds = String(300 + Math.floor(Math.random() * 300));
    const response = await this.get(
      this.url(target, { watch: 'true', resourceVersion, allowWatchBookmarks: 'true', timeoutSeconds }), signal, 0,
    );
    try {
      yield* watchEvents(response);
    } catch (e) {
      throw this.failure(e);
    } finally {
      response.destroy();
    }
  }

  private url(target: WatchTarget, query: Record<string, string>): URL {
    const url = new URL(this.server.replace(/\/+$/, '') + resourcePath(target));
    if (target.labelSelector !== '') {
      url.searchParams.set('labelSelector', target.labelSelector);
    }
    for (const [key, value] of Object.entries(query)) {
      url.searchParams.set(key, value);
    }
    return url;
  }

  /** A network failure as `UnreachableError`; anything else unchanged. */
  private failure(error: unknown): unknown {
    const problem = networkProblem(error);
    return problem === undefined ? error : new UnreachableError(this.server, problem);
  }

  /** Sends a GET; resolves with a 200 response, rejects with `KubeApiError` for any other status. */
  private async get(url: URL, signal: AbortSignal, idleTimeoutMs: number): Promise<http.IncomingMessage> {
    const options: https.RequestOptions = {};
    await this.config.applyToHTTPSOptions(options);
    const request = url.protocol === 'http:' ? http.request : https.request;
    return new Promise((resolve, reject) => {
      const req = request(url, {
        method: 'GET',
        agent: options.agent,
        auth: options.auth,
        headers: { ...options.headers, Accept: 'application/json' },
        signal,
      }, (response) => {
        if (response.statusCode === 200) {
          resolve(response);
          return;
        }
        readError(response).then(reject, (e: unknown) => reject(this.failure(e)));
      });
      if (idleTimeoutMs > 0) {
        req.setTimeout(idleTimeoutMs, () => {
          req.destroy(Object.assign(new Error(`no answer within ${idleTimeoutMs / 1000} s`), { code: 'ETIMEDOUT' }));
        });
      }
      req.on('socket', (socket) => socket.setKeepAlive(true, 30_000));
      req.on('error', (e) => reject(this.failure(e)));
      req.end();
    });
  }
}

/** The `Status` of an error response as `KubeApiError`. */
async function readError(response: http.IncomingMessage): Promise<KubeApiError> {
  const status = response.statusCode ?? 500;
  const chunks: Buffer[] = [];
  for await (const chunk of response) {
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return KubeApiError.fromStatus(JSON.parse(text), status);
  } catch {
    return new KubeApiError(status, `HTTP ${status} ${response.statusMessage ?? ''}${text ? `: ${text.slice(0, 200)}` : ''}`.trim());
  }
}
