import { ObjectList, ResourceClient, WatchEvent, WatchTarget } from '../../src/watch/resource-client';
import { waitFor } from './fake-kube-api';

type Item<T> = { value: T } | { end: true } | { error: unknown };

/** An async iterable the test feeds: values, then an end or an error. */
export class Channel<T> implements AsyncIterable<T> {
  private readonly queue: Item<T>[] = [];
  private wake?: () => void;

  push(value: T): void {
    this.enqueue({ value });
  }

  end(): void {
    this.enqueue({ end: true });
  }

  fail(error: unknown): void {
    this.enqueue({ error });
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      while (this.queue.length === 0) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
      }
      const item = this.queue.shift()!;
      if ('error' in item) {
        throw item.error;
      }
      if ('end' in item) {
        return;
      }
      yield item.value;
    }
  }

  private enqueue(item: Item<T>): void {
    this.queue.push(item);
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** A watch the fake client opened. */
export interface FakeWatch {
  readonly target: WatchTarget;
  readonly resourceVersion: string;
  readonly events: Channel<WatchEvent>;
}

/**
 * A scripted {@link ResourceClient}: `lists` answers list calls in order per resource (an Error is
 * thrown), and every watch call opens a {@link Channel} the test writes to.
 */
export class FakeClient implements ResourceClient {
  readonly server = 'https://cluster.test:6443';
  readonly calls: string[] = [];
  readonly watches: FakeWatch[] = [];
  private readonly lists = new Map<string, (ObjectList | Error)[]>();

  /** Queues answers to list calls of `resource`; the last one repeats. */
  answerLists(resource: string, ...answers: (ObjectList | Error)[]): void {
    this.lists.set(resource, [...(this.lists.get(resource) ?? []), ...answers]);
  }

  async list(target: WatchTarget, signal: AbortSignal): Promise<ObjectList> {
    this.calls.push(`list ${target.resource}`);
    signal.throwIfAborted();
    const answers = this.lists.get(target.resource) ?? [];
    const answer = answers.length > 1 ? answers.shift()! : answers[0];
    if (answer === undefined) {
      throw new Error(`no list answer for ${target.resource}`);
    }
    if (answer instanceof Error) {
      throw answer;
    }
    return answer;
  }

  watch(target: WatchTarget, resourceVersion: string, signal: AbortSignal): AsyncIterable<WatchEvent> {
    this.calls.push(`watch ${target.resource} from ${resourceVersion}`);
    const events = new Channel<WatchEvent>();
    signal.addEventListener('abort', () => events.fail(new Error('aborted')));
    this.watches.push({ target, resourceVersion, events });
    return events;
  }

  /** The `n`th watch opened (0-based), once it is. */
  watchNumber(n: number): Promise<FakeWatch> {
    return waitFor(`watch #${n}`, () => this.watches[n], 2000);
  }
}
