import { ResourceWatch } from './event-sources';

/** The watches of one group and resource, and who can see which label values. */
interface ResourceWatches {
  readonly watches: ResourceWatch[];
  /**
   * Label key → value → the watches whose selector requires that label (each watch is filed under
   * one of its required labels, the one it shares with the fewest other watches).
   */
  gates?: Map<string, Map<string, number[]>>;
  /** 1 for the watches without a gate (their selector is always tested), 0 for the others. */
  ungated?: Uint8Array;
}

/** A change as the index sees it. */
export interface WatchLookup {
  /** Every watch on the resource, in the order the EventSources define them. */
  readonly watches: readonly ResourceWatch[];
  /**
   * By position in {@link watches}: 0 when the watch's label selector matches neither the
   * object's labels nor its previous ones (the API server then sends the watch nothing), 1 when
   * it may match.
   */
  readonly selectorMayMatch: Uint8Array;
}

const NO_WATCHES: WatchLookup = { watches: [], selectorMayMatch: new Uint8Array(0) };

/**
 * Resource watches by group and plural resource, indexed by a label each one's selector requires.
 * A hub opens one watch per target object, all on the same resource and told apart by a label, so
 * a change could otherwise test every watch's selector: the index finds the few that can match.
 */
export class WatchIndex {
  private readonly byResource = new Map<string, ResourceWatches>();

  add(watch: ResourceWatch): void {
    const key = resourceKey(watch.group, watch.resource);
    const entry = this.byResource.get(key);
    if (entry) {
      entry.watches.push(watch);
      entry.gates = undefined;
      entry.ungated = undefined;
    } else {
      this.byResource.set(key, { watches: [watch] });
    }
  }

  lookup(group: string, resource: string, labels: Record<string, string>, oldLabels: Record<string, string> | undefined): WatchLookup {
    const entry = this.byResource.get(resourceKey(group, resource));
    if (!entry) {
      return NO_WATCHES;
    }
    const { gates, ungated } = indexed(entry);
    const mayMatch = ungated.slice();
    for (const [key, byValue] of gates) {
      mark(mayMatch, byValue, labels, key);
      if (oldLabels) {
        mark(mayMatch, byValue, oldLabels, key);
      }
    }
    return { watches: entry.watches, selectorMayMatch: mayMatch };
  }
}

/** Marks the watches gated on the value `labels` has for `key`, if it has one. */
function mark(mayMatch: Uint8Array, byValue: Map<string, number[]>, labels: Record<string, string>, key: string): void {
  if (!Object.prototype.hasOwnProperty.call(labels, key)) {
    return;
  }
  const gated = byValue.get(labels[key]);
  if (gated) {
    for (let i = 0; i < gated.length; i++) {
      mayMatch[gated[i]] = 1;
    }
  }
}

function indexed(entry: ResourceWatches): { gates: Map<string, Map<string, number[]>>; ungated: Uint8Array } {
  if (entry.gates && entry.ungated) {
    return entry as { gates: Map<string, Map<string, number[]>>; ungated: Uint8Array };
  }
  const pairKey = (k: string, v: string): string => `${k}\u0000${v}`;
  const shared = new Map<string, number>();
  for (const watch of entry.watches) {
    for (const [k, v] of watch.labelSelector?.requiredLabels() ?? []) {
      shared.set(pairKey(k, v), (shared.get(pairKey(k, v)) ?? 0) + 1);
    }
  }
  const gates = new Map<string, Map<string, number[]>>();
  const ungated = new Uint8Array(entry.watches.length).fill(1);
  entry.watches.forEach((watch, i) => {
    let gate: readonly [string, string] | undefined;
    for (const pair of watch.labelSelector?.requiredLabels() ?? []) {
      if (!gate || shared.get(pairKey(...pair))! < shared.get(pairKey(...gate))!) {
        gate = pair;
      }
    }
    if (!gate) {
      return;
    }
    const byValue = gates.get(gate[0]) ?? new Map<string, number[]>();
    gates.set(gate[0], byValue);
    byValue.set(gate[1], [...(byValue.get(gate[1]) ?? []), i]);
    ungated[i] = 0;
  });
  entry.gates = gates;
  entry.ungated = ungated;
  return { gates, ungated };
}

function resourceKey(group: string, resource: string): string {
  return `${group}\u0000${resource}`;
}
