import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';

type Json = Record<string, any>;

/** What a collection answers to a list request. */
interface Collection {
  kind: string;
  apiVersion: string;
  resourceVersion: string;
  items: Json[];
  /** The label selector a request must send; anything else is answered 400. */
  labelSelector: string;
}

interface OpenWatch {
  readonly path: string;
  readonly resourceVersion: string;
  readonly response: http.ServerResponse;
}

/** A resource the double serves from objects, filtering them as the API server does (see {@link FakeKubeApi.serve}). */
export interface ServedResource {
  /** API group, `''` for the core group. */
  readonly group: string;
  readonly version: string;
  /** Plural resource name, e.g. `jobs`. */
  readonly resource: string;
  /** The kind of its objects; lists answer `<kind>List`. */
  readonly kind: string;
  /** False for cluster-scoped resources such as namespaces. @default true */
  readonly namespaced?: boolean;
}

interface Served {
  readonly resource: ServedResource;
  readonly items: Json[];
  readonly resourceVersion: string;
}

/** One requirement of a label selector, as the API server parses it. */
type Requirement = (labels: Record<string, string>) => boolean;

const SELECTOR_KEY = '[A-Za-z0-9][-A-Za-z0-9_./]*';

/**
 * Parses a `labelSelector` query parameter with the API server's grammar: `k=v`, `k==v`, `k!=v`,
 * `k`, `!k`, `k in (a,b)`, `k notin (a,b)`, joined by commas.
 * @returns undefined when it does not parse (the server answers 400)
 */
export function parseLabelSelector(selector: string): Requirement[] | undefined {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of selector) {
    if (c === ',' && depth === 0) {
      terms.push(current);
      current = '';
      continue;
    }
    depth += c === '(' ? 1 : c === ')' ? -1 : 0;
    current += c;
  }
  if (selector !== '') {
    terms.push(current);
  }
  const requirements: Requirement[] = [];
  for (const raw of terms) {
    const term = raw.trim();
    let m: RegExpMatchArray | null;
    if ((m = term.match(new RegExp(`^(!?)(${SELECTOR_KEY})$`)))) {
      const [, not, key] = m;
      requirements.push((labels) => (key in labels) !== (not === '!'));
    } else if ((m = term.match(new RegExp(`^(${SELECTOR_KEY})\\s*(==|=|!=)\\s*([-A-Za-z0-9_.]*)$`)))) {
      const [, key, op, value] = m;
      requirements.push((labels) => (op === '!=' ? labels[key] !== value : labels[key] === value));
    } else if ((m = term.match(new RegExp(`^(${SELECTOR_KEY})\\s+(in|notin)\\s+\\(([^()]*)\\)$`)))) {
      const [, key, op, list] = m;
      const values = list.split(',').map((v) => v.trim());
      requirements.push((labels) => (op === 'in' ? key in labels && values.includes(labels[key]) : !(key in labels) || !values.includes(labels[key])));
    } else {
      return undefined;
    }
  }
  return requirements;
}

/** A request as the server received it. */
export interface RecordedRequest {
  readonly path: string;
  readonly query: URLSearchParams;
}

/** Waits for `check` to return a value, polling every 10 ms; fails after `timeoutMs`, saying `what` it waited for. */
export async function waitFor<T>(what: string | (() => string), check: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function status(code: number, reason: string, message: string): Json {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

/**
 * A test double of the Kubernetes API server's list and watch protocol on 127.0.0.1: lists
 * answer `<Kind>List` documents with a resourceVersion (items without apiVersion and kind, as the
 * real server sends them); `?watch=true` requests get a chunked stream of
 * `{"type","object"}` lines that the test writes with {@link send}; {@link expire} sends the
 * `ERROR` 410 event of an expired resourceVersion; {@link forbid} makes a path answer 403.
 * Besides the fixed answers of {@link setList}, {@link serve} makes it list objects of a resource
 * in all namespaces or in one, filtered by the label selector sent.
 */
export class FakeKubeApi {
  /** Starts a server on a free port of 127.0.0.1. */
  static async start(): Promise<FakeKubeApi> {
    const api = new FakeKubeApi();
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    return api;
  }

  readonly requests: RecordedRequest[] = [];
  private readonly server: http.Server;
  private readonly collections = new Map<string, Collection>();
  private readonly served = new Map<string, Served>();
  private readonly forbidden = new Set<string>();
  private forbidAll = false;
  private watches: OpenWatch[] = [];

  private constructor() {
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Sets what a list of `path` returns. */
  setList(collectionPath: string, list: { kind: string; apiVersion: string; resourceVersion: string; items: Json[]; labelSelector?: string }): void {
    this.collections.set(collectionPath, { labelSelector: '', ...list });
  }

  /**
   * Serves `items` as the objects of `resource`: a list of all namespaces
   * (`/apis/<group>/<version>/<resource>`) answers all of them, a list of one namespace
   * (`…/namespaces/<ns>/<resource>`) those whose `metadata.namespace` it is, both filtered by the
   * `labelSelector` sent (400 when it does not parse). Replaces what was served before;
   * {@link setList} answers take precedence for their path.
   */
  serve(resource: ServedResource, items: Json[], resourceVersion = '1'): void {
    this.served.set(this.servedKey(resource.group, resource.version, resource.resource), { resource, items, resourceVersion });
  }

  /** Makes every request to `path` (or to any path) answer 403. */
  forbid(collectionPath: string | '*'): void {
    if (collectionPath === '*') {
      this.forbidAll = true;
    } else {
      this.forbidden.add(collectionPath);
    }
  }

  /** The open watch on `path`, once there is one resuming from `resourceVersion` (if given). */
  waitForWatch(collectionPath: string, resourceVersion?: string, timeoutMs = 5000): Promise<OpenWatch> {
    return waitFor(`a watch of ${collectionPath}${resourceVersion ? ` from resourceVersion ${resourceVersion}` : ''}`, () => this.watches.find(
      (w) => w.path === collectionPath && !w.response.writableEnded && (resourceVersion === undefined || w.resourceVersion === resourceVersion),
    ), timeoutMs);
  }

  /** Writes one event to every open watch of `path`. */
  send(collectionPath: string, type: 'ADDED' | 'MODIFIED' | 'DELETED', object: Json): void {
    this.write(collectionPath, { type, object });
  }

  /** Ends the watches of `path` with the 410 `ERROR` event of a too old resourceVersion. */
  expire(collectionPath: string): void {
    this.write(collectionPath, { type: 'ERROR', object: status(410, 'Expired', 'too old resource version') });
    this.closeWatches(collectionPath);
  }

  /** Ends the watches of `path` normally, as the server does when a watch times out. */
  closeWatches(collectionPath: string): void {
    for (const w of this.watches.filter((x) => x.path === collectionPath)) {
      w.response.end();
    }
    this.watches = this.watches.filter((w) => w.path !== collectionPath);
  }

  /** A kubeconfig file in `dir` whose current context points at this server. */
  writeKubeconfig(dir: string): string {
    const file = path.join(dir, 'kubeconfig');
    fs.writeFileSync(file, [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: fake',
      '  cluster:',
      `    server: ${this.url}`,
      '    insecure-skip-tls-verify: true',
      'users:',
      '- name: tester',
      '  user:',
      '    token: test-token',
      'contexts:',
      '- name: fake',
      '  context:',
      '    cluster: fake',
      '    user: tester',
      'current-context: fake',
      '',
    ].join(os.EOL));
    return file;
  }

  /** Ends open watches and stops the server. */
  async close(): Promise<void> {
    for (const w of this.watches) {
      w.response.destroy();
    }
    this.watches = [];
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private servedKey(group: string, version: string, resource: string): string {
    return `${group}/${version}/${resource}`;
  }

  /** The served resource a list path names, and the namespace it lists (undefined for all). */
  private servedAt(pathname: string): { entry: Served; namespace?: string } | undefined {
    const m = pathname.match(/^\/(?:api\/([^/]+)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)$/);
    if (!m) {
      return undefined;
    }
    const [, coreVersion, group, groupVersion, namespace, resource] = m;
    const entry = coreVersion !== undefined
      ? this.served.get(this.servedKey('', coreVersion, resource))
      : this.served.get(this.servedKey(group, groupVersion, resource));
    if (!entry || (namespace !== undefined && entry.resource.namespaced === false)) {
      return undefined;
    }
    return { entry, ...(namespace !== undefined ? { namespace: decodeURIComponent(namespace) } : {}) };
  }

  private write(collectionPath: string, line: Json): void {
    for (const w of this.watches.filter((x) => x.path === collectionPath)) {
      w.response.write(JSON.stringify(line) + '\n');
    }
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push({ path: url.pathname, query: url.searchParams });
    const json = (code: number, body: Json): void => {
      res.writeHead(code, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.headers.authorization !== 'Bearer test-token') {
      json(401, status(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    const collection = this.collections.get(url.pathname);
    const verb = url.searchParams.get('watch') === 'true' ? 'watch' : 'list';
    if (this.forbidAll || this.forbidden.has(url.pathname)) {
      json(403, status(403, 'Forbidden', `${url.pathname} is forbidden: User "tester" cannot ${verb} it`));
      return;
    }
    if (!collection) {
      const served = this.servedAt(url.pathname);
      if (!served) {
        json(404, status(404, 'NotFound', 'the server could not find the requested resource'));
        return;
      }
      if (verb === 'watch') {
        json(405, status(405, 'MethodNotAllowed', 'the test double serves lists only for this resource'));
        return;
      }
      const selector = parseLabelSelector(url.searchParams.get('labelSelector') ?? '');
      if (selector === undefined) {
        json(400, status(400, 'BadRequest', `unable to parse requirement: ${url.searchParams.get('labelSelector')}`));
        return;
      }
      const { resource, items, resourceVersion } = served.entry;
      json(200, {
        kind: `${resource.kind}List`,
        apiVersion: resource.group === '' ? resource.version : `${resource.group}/${resource.version}`,
        metadata: { resourceVersion },
        items: items
          .filter((o) => served.namespace === undefined || o.metadata?.namespace === served.namespace)
          .filter((o) => selector.every((matches) => matches(o.metadata?.labels ?? {})))
          .map(({ apiVersion: _a, kind: _k, ...rest }) => rest),
      });
      return;
    }
    if ((url.searchParams.get('labelSelector') ?? '') !== collection.labelSelector) {
      json(400, status(400, 'BadRequest', `unexpected labelSelector ${url.searchParams.get('labelSelector')}`));
      return;
    }
    if (verb === 'list') {
      json(200, {
        kind: collection.kind,
        apiVersion: collection.apiVersion,
        metadata: { resourceVersion: collection.resourceVersion },
        items: collection.items.map(({ apiVersion: _a, kind: _k, ...rest }) => rest),
      });
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    this.watches.push({ path: url.pathname, resourceVersion: url.searchParams.get('resourceVersion') ?? '', response: res });
  }
}
