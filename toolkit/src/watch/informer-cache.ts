import { KubeObject } from '../engine/cluster';
import { LabelSelector } from '../engine/label-selector';
import { ResourceEvent } from '../simulate/types';

/** A list/watch stream as the cache knows it. */
export interface CacheStream {
  /** Unique per stream. */
  readonly id: string;
  /** The stream's server-side label selector, if any. */
  readonly selector?: LabelSelector;
}

interface Entry {
  /** The last state seen by any stream. */
  object: KubeObject;
  /** Streams whose scope holds the object. */
  readonly holders: Set<string>;
}

function metadataOf(object: KubeObject): Record<string, unknown> {
  const metadata = object.metadata;
  return metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata) ? metadata as Record<string, unknown> : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The uid, or the object's identity when a server leaves it out. */
function keyOf(object: KubeObject): string {
  const metadata = metadataOf(object);
  const uid = text(metadata.uid);
  return uid !== '' ? uid : `${text(object.apiVersion)}/${text(object.kind)}/${text(metadata.namespace)}/${text(metadata.name)}`;
}

function resourceVersionOf(object: KubeObject): string {
  return text(metadataOf(object).resourceVersion);
}

function labelsOf(object: KubeObject): Record<string, string> {
  const labels = metadataOf(object).labels;
  if (labels === null || typeof labels !== 'object') {
    return {};
  }
  return Object.fromEntries(Object.entries(labels as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

/**
 * The informers' object caches, turning what list and watch streams report into the changes of
 * the cluster: ADD for an object seen for the first time, UPDATE with the previous state, DELETE
 * with the last state.
 *
 * All streams share one cache so that a change reported by several overlapping streams (two
 * EventSource events on the same resource with different label selectors) reaches the simulator
 * once; the simulator then decides, per EventSource event, what its informer delivers (an object
 * that starts matching a selector arrives there as ADD, one that stops matching as DELETE). A
 * change is recognised by its resourceVersion, and a stream losing an object that another stream
 * still holds leaves the verdict to that stream, which sees either the deletion or the update.
 */
export class InformerCache {
  private readonly entries = new Map<string, Entry>();
  private readonly held = new Map<string, Set<string>>();

  /** Applies one `ADDED`, `MODIFIED` or `DELETED` watch event; returns the change, if it is new. */
  apply(stream: CacheStream, type: 'ADDED' | 'MODIFIED' | 'DELETED', object: KubeObject): ResourceEvent | undefined {
    return type === 'DELETED' ? this.remove(stream, object) : this.observe(stream, object);
  }

  /**
   * Replaces what `stream` holds with a complete list (the initial list, or the relist after a
   * watch expired): ADD for new objects, UPDATE for changed ones, DELETE for those that vanished.
   */
  replace(stream: CacheStream, items: readonly KubeObject[]): ResourceEvent[] {
    const listed = new Set<string>();
    const changes: ResourceEvent[] = [];
    for (const item of items) {
      listed.add(keyOf(item));
      const change = this.observe(stream, item);
      if (change) {
        changes.push(change);
      }
    }
    for (const key of [...this.heldBy(stream.id)]) {
      if (!listed.has(key)) {
        const entry = this.entries.get(key);
        const change = entry && this.release(stream.id, key, entry, entry.object);
        if (change) {
          changes.push(change);
        }
      }
    }
    return changes;
  }

  /** Drops a stream that stopped; objects only it held are forgotten without a change. */
  forget(streamId: string): void {
    for (const key of this.heldBy(streamId)) {
      const entry = this.entries.get(key);
      entry?.holders.delete(streamId);
      if (entry && entry.holders.size === 0) {
        this.entries.delete(key);
      }
    }
    this.held.delete(streamId);
  }

  private heldBy(streamId: string): Set<string> {
    let keys = this.held.get(streamId);
    if (!keys) {
      keys = new Set();
      this.held.set(streamId, keys);
    }
    return keys;
  }

  private observe(stream: CacheStream, object: KubeObject): ResourceEvent | undefined {
    const key = keyOf(object);
    this.heldBy(stream.id).add(key);
    const entry = this.entries.get(key);
    if (!entry) {
      this.entries.set(key, { object, holders: new Set([stream.id]) });
      return { type: 'ADD', object };
    }
    entry.holders.add(stream.id);
    const version = resourceVersionOf(object);
    if (version !== '' && version === resourceVersionOf(entry.object)) {
      return undefined;
    }
    const oldObject = entry.object;
    entry.object = object;
    return { type: 'UPDATE', object, oldObject };
  }

  private remove(stream: CacheStream, object: KubeObject): ResourceEvent | undefined {
    const key = keyOf(object);
    const entry = this.entries.get(key);
    if (!entry) {
      this.heldBy(stream.id).delete(key);
      return undefined;
    }
    // An object that left the selector may be reported in its new state, which the selector no
    // longer matches; the informer still delivers the deletion, so report the last matching state.
    const last = stream.selector && !stream.selector.matches(labelsOf(object)) ? entry.object : object;
    return this.release(stream.id, key, entry, last);
  }

  /** `streamId` no longer holds the object: DELETE unless another stream still does. */
  private release(streamId: string, key: string, entry: Entry, last: KubeObject): ResourceEvent | undefined {
    this.heldBy(streamId).delete(key);
    entry.holders.delete(streamId);
    if (entry.holders.size > 0) {
      return undefined;
    }
    this.entries.delete(key);
    return { type: 'DELETE', object: last };
  }
}
