import { isClusterScoped, splitApiVersion } from '../engine/kinds';
import { Finding, FindingCollector, isRecord } from './finding';
import { recordAt, stringOf } from './json-values';

/** One object of the inputs and where it is. */
export interface PlacedObject {
  readonly object: unknown;
  /** How messages name the place, e.g. `dist/team-a.k8s.yaml (document 4)`. */
  readonly place: string;
}

/**
 * `manifest/duplicate-object`: two manifests that write the same object, the same API group, kind,
 * namespace and name (the API version does not matter: `apps/v1` and `apps/v1beta2` name one
 * Deployment). Applied together, the later one replaces the earlier; from two Argo CD
 * Applications (two teams' hubs writing `Role argocd/<name>`, for example) each sync overwrites the
 * other's, so one side silently loses what its version says. Reported at every occurrence after the
 * first, naming both places. Objects without a name (`generateName`) are not compared, and a
 * namespaced object without a namespace only matches others without one.
 */
export function checkDuplicateObjects(objects: readonly PlacedObject[]): Map<number, Finding[]> {
  const first = new Map<string, PlacedObject>();
  const found = new Map<number, Finding[]>();
  objects.forEach((placed, index) => {
    const key = identity(placed.object);
    if (key === undefined) {
      return;
    }
    const earlier = first.get(key.id);
    if (earlier === undefined) {
      first.set(key.id, placed);
      return;
    }
    const out = new FindingCollector(key.kind, placed.object);
    out.error('manifest/duplicate-object', 'metadata.name',
      `${key.description} in ${placed.place} is also written by ${earlier.place}. Both manifests write the same object: applied together, ` +
      'the later one replaces the earlier; from two Argo CD Applications, each sync overwrites the other\'s version ' +
      '(Argo CD reports a SharedResourceWarning), and deleting one Application prunes the object the other still ' +
      'needs. Give one of them another name, or keep the object in one place only.');
    found.set(index, out.findings);
  });
  return found;
}

function identity(obj: unknown): { id: string; kind: string; description: string } | undefined {
  if (!isRecord(obj) || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string' || obj.kind === '') {
    return undefined;
  }
  const metadata = recordAt(obj, 'metadata');
  const name = stringOf(metadata.name);
  if (name === '') {
    return undefined;
  }
  const { group } = splitApiVersion(obj.apiVersion);
  const namespace = isClusterScoped(obj.kind) ? '' : stringOf(metadata.namespace);
  const where = namespace === '' ? name : `${namespace}/${name}`;
  return {
    id: JSON.stringify([group, obj.kind, namespace, name]),
    kind: obj.kind,
    description: `${obj.kind} ${where} (API group ${group === '' ? 'core' : group})`,
  };
}
