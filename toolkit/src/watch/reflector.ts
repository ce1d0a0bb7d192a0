import { KubeObject } from '../engine/cluster';
import { KubeApiError } from './errors';
import { ResourceClient, WatchTarget } from './resource-client';

/** The API verb a failed call needed. */
export type Verb = 'list' | 'watch';

/** Watch event types that carry a change. */
export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** What a reflector reports while it runs. */
export interface ReflectorHandlers {
  /** A complete list: the initial one (`relist: false`) or a later one. */
  listed(items: readonly KubeObject[], relist: boolean): void;
  /** One change from the watch stream. */
  changed(type: ChangeType, object: KubeObject): void;
  /** A call failed; the reflector relists after `delayMs`. */
  retrying(error: unknown, verb: Verb, delayMs: number): void;
  /** A list succeeded after failed calls. */
  recovered(): void;
}

/** Why a reflector ended: stopped by its signal, or a status that retrying cannot fix. */
export type ReflectorEnd =
  | { readonly reason: 'stopped' }
  | { readonly reason: 'forbidden' | 'unauthorized' | 'not-found'; readonly verb: Verb; readonly error: KubeApiError };

/** Waits `ms`, or less when `signal` aborts. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** Options of {@link runReflector}. */
export interface ReflectorOptions {
  /** Ends the reflector (with `stopped`). */
  readonly signal: AbortSignal;
  /** @default - a timer */
  readonly sleep?: Sleep;
}

const FATAL_STATUS: Readonly<Record<number, 'unauthorized' | 'forbidden' | 'not-found'>> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
};

/** Backoff between failed calls: 1 s doubling up to 30 s, like client-go's reflector. */
export function retryDelay(failures: number): number {
  return Math.min(1000 * 2 ** failures, 30_000);
}

const timerSleep: Sleep = (ms, signal) => new Promise((resolve) => {
  if (signal.aborted) {
    resolve();
    return;
  }
  const done = (): void => {
    clearTimeout(timer);
    signal.removeEventListener('abort', done);
    resolve();
  };
  const timer = setTimeout(done, ms);
  signal.addEventListener('abort', done);
});

function resourceVersionOf(object: KubeObject): string {
  const metadata = object.metadata as Record<string, unknown> | undefined;
  return typeof metadata?.resourceVersion === 'string' ? metadata.resourceVersion : '';
}

/**
 * Keeps one target's objects in view the way a client-go reflector does: list, then watch from the
 * list's resourceVersion; when the server closes the stream, watch again from the last
 * resourceVersion seen; when it answers 410 Gone (the version is too old), list again; after any
 * other failure, back off and list again. 401, 403 and 404 end it, as retrying cannot help.
 */
export async function runReflector(
  client: ResourceClient, target: WatchTarget, handlers: ReflectorHandlers, options: ReflectorOptions,
): Promise<ReflectorEnd> {
  const { signal } = options;
  const sleep = options.sleep ?? timerSleep;
  let resourceVersion: string | undefined;
  let listed = false;
  let failures = 0;
  while (!signal.aborted) {
    let verb: Verb = 'list';
    try {
      if (resourceVersion === undefined) {
        const list = await client.list(target, signal);
        handlers.listed(list.items, listed);
        if (failures > 0) {
          handlers.recovered();
        }
        listed = true;
        resourceVersion = list.resourceVersion;
      }
      verb = 'watch';
      for await (const event of client.watch(target, resourceVersion, signal)) {
        if (event.type === 'ERROR') {
          throw KubeApiError.fromStatus(event.object);
        }
        if (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED') {
          handlers.changed(event.type, event.object);
          failures = 0;
        }
        // BOOKMARK events carry only a newer resourceVersion; unknown types are skipped.
        resourceVersion = resourceVersionOf(event.object) || resourceVersion;
      }
      failures = 0;
    } catch (error) {
      if (signal.aborted) {
        break;
      }
      if (error instanceof KubeApiError && error.status === 410) {
        resourceVersion = undefined;
        continue;
      }
      const fatal = error instanceof KubeApiError ? FATAL_STATUS[error.status] : undefined;
      if (fatal !== undefined && error instanceof KubeApiError) {
        return { reason: fatal, verb, error };
      }
      const delay = retryDelay(failures++);
      handlers.retrying(error, verb, delay);
      // Events may have been missed: start over from a list, like client-go after a failed watch.
      resourceVersion = undefined;
      await sleep(delay, signal);
    }
  }
  return { reason: 'stopped' };
}
