import { DependencyFilter, ResourceEventSpec, ResourceEventType, ResourceSelector } from '../argo-events';
import { HookTarget } from './hook-target';
import { anchoredLiteral, shortHash, toDnsLabel } from './names';

/**
 * Watches for hooks that react to deletions, which must not use a label selector.
 *
 * A watch with a label selector reports an object that stops matching it as DELETE, carrying the
 * object's previous content: removing or changing the hub's label (or a selected label of a
 * `fromReference({ labels })` target) on an object that still exists is, to such a watch, exactly
 * a deletion. So hooks whose event types include DELETE watch the kind in the namespace without a
 * selector, and the EventSource narrows the events it publishes to the targets client-side, by name
 * and labels (`filter.fields`); a relabel then arrives as the UPDATE it is.
 *
 * The cost: the informer lists and caches every object of the kind in the namespace instead of the
 * labelled ones, and it is one more informer beside the label-selected one of the other hooks on
 * that kind. Deletion watches of one namespace and kind share one informer.
 */
export class DeletionWatches {
  private readonly watches = new Map<string, DeletionWatch>();

  /**
   * @param addEvent adds a new watch to the EventSource (and grants its permissions)
   */
  constructor(private readonly addEvent: (eventName: string, spec: ResourceEventSpec, target: HookTarget) => void) {}

  /** Number of deletion watches (informers) so far. */
  public get count(): number {
    return this.watches.size;
  }

  /**
   * Registers a watch of `target` for `eventTypes` and returns the EventSource event name plus the
   * Sensor data filters that single out the target on it.
   */
  public watch(target: HookTarget, eventTypes: ResourceEventType[]): { eventName: string; filters: DependencyFilter } {
    const namespace = target.namespace ?? '';
    // Labels of app objects are theirs to change; only a reference's selector labels define the set.
    const labels = target._apiObject === undefined ? Object.entries(target.labels).sort(([a], [b]) => a.localeCompare(b)) : [];
    const named = target.name !== undefined;
    const key = ['deletions', namespace, target.group, target.version, target.resource, JSON.stringify(labels), named].join('|');
    let watch = this.watches.get(key);
    if (watch === undefined) {
      const fields: ResourceSelector[] = labels.map(([k, v]) => ({ key: `metadata.labels.${k.replace(/\./g, '\\.')}`, operation: '==', value: anchoredLiteral(v) }));
      const spec: ResourceEventSpec = {
        namespace,
        group: target.group,
        version: target.version,
        resource: target.resource,
        eventTypes: [],
        filter: fields.length > 0 || named ? { fields } : undefined,
      };
      watch = { spec, fields, names: [] };
      this.watches.set(key, watch);
      const eventName = toDnsLabel(`${target.resource}-${namespace || 'cluster'}-deletions`, 50) + `-${shortHash(6, key)}`;
      watch.eventName = eventName;
      this.addEvent(eventName, spec, target);
    }
    for (const t of eventTypes) {
      if (!watch.spec.eventTypes.includes(t)) {
        watch.spec.eventTypes.push(t);
      }
    }
    const data = [{ path: 'type', type: 'string', value: [`^(${eventTypes.join('|')})$`] }];
    if (target.name !== undefined) {
      if (!watch.names.includes(target.name)) {
        watch.names.push(target.name);
        const names = [...watch.names].sort();
        const value = names.length === 1 ? anchoredLiteral(names[0]) : `^(${names.map((n) => anchoredLiteral(n).slice(1, -1)).join('|')})$`;
        const selector: ResourceSelector = { key: 'metadata.name', operation: '==', value };
        const at = watch.fields.findIndex((f) => f.key === 'metadata.name');
        watch.fields.splice(at < 0 ? 0 : at, at < 0 ? 0 : 1, selector);
      }
      data.push({ path: 'body.metadata.name', type: 'string', value: [anchoredLiteral(target.name)] });
    }
    return { eventName: watch.eventName!, filters: { data } };
  }
}

interface DeletionWatch {
  readonly spec: ResourceEventSpec & { eventTypes: ResourceEventType[] };
  readonly fields: ResourceSelector[];
  readonly names: string[];
  eventName?: string;
}

/** Whether a hook on `eventTypes` needs a deletion watch (see {@link DeletionWatches}). */
export function watchesDeletions(eventTypes: ResourceEventType[]): boolean {
  return eventTypes.includes(ResourceEventType.DELETE);
}
