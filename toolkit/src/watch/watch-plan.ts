import { splitApiVersion } from '../engine/kinds';
import { LabelSelector } from '../engine/label-selector';
import { Diagnostics } from '../simulate/diagnostics';
import { ResourceWatch, compileEventSource } from '../simulate/event-sources';
import { isObject, stringOf } from '../simulate/json-access';
import { WatchTarget } from './resource-client';

/** One list/watch stream and the EventSource events it stands in for. */
export interface PlannedWatch {
  readonly target: WatchTarget;
  /** The label selector of `target`, when it has one. */
  readonly selector?: LabelSelector;
  /** `<namespace>/<eventSource>/<eventName>` of every EventSource event that watches exactly this. */
  readonly events: readonly string[];
}

/** What to watch for a set of manifests. */
export interface WatchPlan {
  readonly watches: readonly PlannedWatch[];
  /** EventSource events left out, each with the reason. */
  readonly skipped: readonly string[];
}

/** Options of {@link planWatches}. */
export interface WatchPlanOptions {
  /**
   * Limits watching to this namespace: watches of every namespace watch only it, watches of
   * other namespaces are left out.
   */
  readonly namespace?: string;
}

/**
 * The streams that reproduce the informers of every resource EventSource in `objects`: one per
 * distinct namespace, group, version, resource and label selector, as each EventSource event runs
 * its own informer on exactly that.
 */
export function planWatches(objects: readonly unknown[], options: WatchPlanOptions = {}): WatchPlan {
  const byKey = new Map<string, { target: WatchTarget; selector?: LabelSelector; events: string[] }>();
  const skipped: string[] = [];
  // Problems in the manifests are reported by the simulator, which compiles them too.
  const diagnostics = new Diagnostics();
  for (const object of objects) {
    if (!isObject(object) || object.kind !== 'EventSource' || splitApiVersion(stringOf(object.apiVersion)).group !== 'argoproj.io') {
      continue;
    }
    for (const watch of compileEventSource(object, diagnostics).watches) {
      const name = `${watch.namespace}/${watch.eventSource}/${watch.eventName}`;
      const namespace = scopeOf(watch, options.namespace);
      if (watch.broken) {
        skipped.push(`${name}: the informer cannot start (${watch.broken})`);
      } else if (namespace === undefined) {
        skipped.push(`${name}: watches namespace ${watch.watchNamespace}, outside --namespace ${options.namespace}`);
      } else {
        const target: WatchTarget = {
          group: watch.group,
          version: watch.version,
          resource: watch.resource,
          namespace,
          labelSelector: watch.labelSelector?.toString() ?? '',
        };
        const key = [target.namespace, target.group, target.version, target.resource, target.labelSelector].join('\u0000');
        let planned = byKey.get(key);
        if (!planned) {
          planned = { target, ...(watch.labelSelector ? { selector: watch.labelSelector } : {}), events: [] };
          byKey.set(key, planned);
        }
        planned.events.push(name);
      }
    }
  }
  return { watches: [...byKey.values()], skipped };
}

/** The namespace to watch, or `undefined` when `--namespace` excludes the watch. */
function scopeOf(watch: ResourceWatch, limit: string | undefined): string | undefined {
  if (limit === undefined || limit === '') {
    return watch.watchNamespace;
  }
  if (watch.watchNamespace === '' || watch.watchNamespace === limit) {
    return limit;
  }
  return undefined;
}
