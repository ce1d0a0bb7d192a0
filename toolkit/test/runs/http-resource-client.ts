import * as http from 'http';
import { KubeApiError, UnreachableError, networkProblem } from '../../src/watch/errors';
import { ObjectList, ResourceClient, WatchEvent, WatchTarget, resourcePath } from '../../src/watch/resource-client';
import { decodeList } from '../../src/watch/watch-stream';

/**
 * The list half of the toolkit's cluster client, over plain HTTP with the test double's token:
 * jest cannot load @kubernetes/client-node (an ES module), so in-process tests talk to the
 * {@link FakeKubeApi} through this, and the spawned CLI tests through the real client. Errors are
 * those of the real client: `KubeApiError` for a status, `UnreachableError` for a network failure.
 */
export class HttpResourceClient implements ResourceClient {
  constructor(readonly server: string, private readonly token = 'test-token') {}

  list(target: WatchTarget, signal: AbortSignal): Promise<ObjectList> {
    const url = new URL(this.server + resourcePath(target));
    if (target.labelSelector !== '') {
      url.searchParams.set('labelSelector', target.labelSelector);
    }
    return new Promise((resolve, reject) => {
      const req = http.get(url, { headers: { Authorization: `Bearer ${this.token}`, Accept: 'application/json' }, signal }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          if (response.statusCode === 200) {
            resolve(decodeList(body));
          } else {
            reject(KubeApiError.fromStatus(body, response.statusCode));
          }
        });
      });
      req.on('error', (e: Error & { code?: string }) => {
        // Node's errors come from another realm than jest's sandbox, so networkProblem's
        // `instanceof Error` needs an error of this realm.
        const problem = networkProblem(Object.assign(new Error(e.message), { code: e.code }));
        reject(problem !== undefined ? new UnreachableError(this.server, problem) : e);
      });
    });
  }

  watch(_target: WatchTarget, _resourceVersion: string, _signal: AbortSignal): AsyncIterable<WatchEvent> {
    throw new Error('runs never watches');
  }
}
