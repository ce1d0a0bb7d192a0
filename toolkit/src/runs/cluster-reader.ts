import { KubeObject } from '../engine/cluster';
import { KubeApiError, UnreachableError } from '../watch/errors';
import { ResourceClient } from '../watch/resource-client';
import { NAMESPACES, ResourceType, qualifiedName } from './resources';

/** Why a list failed: refused by RBAC (403), credentials rejected (401), resource not served (404), anything else. */
export type ReadProblem = 'forbidden' | 'unauthorized' | 'not-served' | 'failed';

/** A list that failed. */
export interface Unreadable {
  /** E.g. `jobs.batch`. */
  readonly resource: string;
  /** The namespace listed; null for a list of all namespaces. */
  readonly namespace: string | null;
  readonly problem: ReadProblem;
  /** What the server (or the reader) said. */
  readonly message: string;
}

/** The objects a list found, and where it could look. */
export interface Listing {
  readonly items: readonly KubeObject[];
  /** False for a namespace whose list failed: absent objects there may exist. */
  readable(namespace: string): boolean;
}

/** Parallel list requests at most, when namespaces are listed one by one. */
const CONCURRENCY = 6;

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function problemOf(error: unknown): ReadProblem {
  if (error instanceof KubeApiError) {
    return error.status === 403 ? 'forbidden' : error.status === 401 ? 'unauthorized' : error.status === 404 ? 'not-served' : 'failed';
  }
  return 'failed';
}

/**
 * Lists resources in the namespaces given, or in all namespaces. A list of all namespaces that RBAC
 * refuses is retried namespace by namespace (those of `GET /api/v1/namespaces`), so that a user
 * allowed to read only some namespaces sees those. Every failed list is recorded in
 * {@link unreadable} and the reading goes on; only an unreachable server ends it (the
 * `UnreachableError` is thrown).
 */
export class ClusterReader {
  readonly unreadable: Unreadable[] = [];
  private listed = 0;
  private refused = 0;
  private namespaceNames?: Promise<string[] | undefined>;

  /** @param scope the namespaces to read; undefined for all */
  constructor(private readonly client: ResourceClient, private readonly scope: readonly string[] | undefined) {}

  /** True when lists were refused (403 or 401) and none succeeded. */
  get everythingRefused(): boolean {
    return this.listed === 0 && this.refused > 0;
  }

  /**
   * Lists `type` in the scope with `labelSelector` (`''` for none).
   * @param optional a resource that may not be served at all (a CRD of an optional component): a
   * 404 then means there is nothing, and is not recorded
   */
  async list(type: ResourceType, labelSelector: string, optional = false): Promise<Listing> {
    if (this.scope !== undefined) {
      return this.listIn(type, this.scope, labelSelector, optional);
    }
    const all = await this.attempt(type, '', labelSelector);
    if (!(all instanceof Error)) {
      return { items: all, readable: () => true };
    }
    const problem = problemOf(all);
    if (problem !== 'forbidden') {
      this.record(type, null, all, optional);
      return { items: [], readable: () => problem === 'not-served' };
    }
    const namespaces = await this.namespaces();
    if (namespaces === undefined) {
      this.unreadable.push({
        resource: qualifiedName(type),
        namespace: null,
        problem,
        message: `${all.message}; the namespaces cannot be listed either, to read them one at a time (pass --namespace)`,
      });
      return { items: [], readable: () => false };
    }
    return this.listIn(type, namespaces, labelSelector, optional);
  }

  /** Lists `type` in each of `namespaces`. */
  async listIn(type: ResourceType, namespaces: readonly string[], labelSelector: string, optional = false): Promise<Listing> {
    const failed = new Set<string>();
    let served = true;
    const lists = await mapLimit(namespaces, CONCURRENCY, async (namespace) => {
      if (!served) {
        return [];
      }
      const result = await this.attempt(type, namespace, labelSelector);
      if (!(result instanceof Error)) {
        return result;
      }
      if (problemOf(result) === 'not-served') {
        // Not served in one namespace means not served at all: say it once.
        if (served) {
          served = false;
          this.record(type, null, result, optional);
        }
        return [];
      }
      failed.add(namespace);
      this.record(type, namespace, result, optional);
      return [];
    });
    return { items: lists.flat(), readable: (namespace) => !failed.has(namespace) };
  }

  private async namespaces(): Promise<string[] | undefined> {
    this.namespaceNames ??= (async () => {
      const result = await this.attempt(NAMESPACES, '', '', false);
      if (result instanceof Error) {
        this.record(NAMESPACES, null, result, false);
        return undefined;
      }
      return result.map((n) => {
        const metadata = n.metadata as Record<string, unknown> | undefined;
        return typeof metadata?.name === 'string' ? metadata.name : '';
      }).filter((n) => n !== '').sort();
    })();
    return this.namespaceNames;
  }

  /** One list request: the items, or the error it failed with. Throws only when the server is unreachable. */
  private async attempt(type: ResourceType, namespace: string, labelSelector: string, counts = true): Promise<KubeObject[] | Error> {
    try {
      // Each request has its own signal: lists run to their end (or time out in the client), and
      // one signal shared by dozens of concurrent requests would collect a listener from each.
      const list = await this.client.list({ ...type, namespace, labelSelector }, new AbortController().signal);
      if (counts) {
        this.listed++;
      }
      return [...list.items];
    } catch (e) {
      if (e instanceof UnreachableError || !(e instanceof Error)) {
        throw e;
      }
      const problem = problemOf(e);
      if (counts && (problem === 'forbidden' || problem === 'unauthorized')) {
        this.refused++;
      }
      return e;
    }
  }

  private record(type: ResourceType, namespace: string | null, error: Error, optional: boolean): void {
    const problem = problemOf(error);
    if (optional && problem === 'not-served') {
      return;
    }
    this.unreadable.push({ resource: qualifiedName(type), namespace, problem, message: error.message });
  }
}

/** One sentence per resource and problem, naming the namespaces and the fix. */
export function describeUnreadable(unreadable: readonly Unreadable[]): string[] {
  const groups = new Map<string, Unreadable[]>();
  for (const u of unreadable) {
    const key = `${u.resource}\u0000${u.problem}`;
    groups.set(key, [...(groups.get(key) ?? []), u]);
  }
  return [...groups.values()].map((group) => {
    const { resource, problem } = group[0];
    const namespaced = group.filter((u) => u.namespace !== null).map((u) => u.namespace as string);
    const where = namespaced.length > 0 ? `in namespace${namespaced.length === 1 ? '' : 's'} ${namespaced.join(', ')}`
      : resource === qualifiedName(NAMESPACES) ? '' : 'in all namespaces';
    const said = group.length === 1 ? ` The server said: ${group[0].message}` : '';
    switch (problem) {
      case 'forbidden':
        return `forbidden: RBAC does not let you list ${resource}${where !== '' ? ` ${where}` : ''} (grant the "list" verb on ${resource}`
          + `${namespaced.length === 0 ? ' cluster-wide' : ' there'}); not shown.${said}`;
      case 'unauthorized':
        return `unauthorized: the server rejected the credentials when asked to list ${resource} `
          + `(log in again or refresh the kubeconfig's token).${said}`;
      case 'not-served':
        return `the server does not serve ${resource} (is its CRD installed?); not shown.${said}`;
      default:
        return `could not list ${resource}${where !== '' ? ` ${where}` : ''}.${said}`;
    }
  });
}
