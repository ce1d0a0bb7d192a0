import { ApiObject, Lazy } from 'cdk8s';

/** Annotation keys Argo CD reads from the manifests it syncs. */
export const HOOK_ANNOTATION = 'argocd.argoproj.io/hook';
export const HOOK_DELETE_POLICY_ANNOTATION = 'argocd.argoproj.io/hook-delete-policy';
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
export const SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';
export const COMPARE_OPTIONS_ANNOTATION = 'argocd.argoproj.io/compare-options';

/**
 * The annotations currently set on an object. cdk8s keeps them private, so they are read back
 * through the metadata rendering; callers use this to detect conflicting settings.
 */
export function annotationsOf(obj: ApiObject): Record<string, string> {
  return obj.metadata.toJson().annotations ?? {};
}

/** Option lists (`Key=Value` CSV annotations) per object and annotation key. */
const optionLists = new WeakMap<ApiObject, Map<string, Map<string, string>>>();

/**
 * Sets entries of a comma-separated option annotation (the format of both `sync-options` and
 * `compare-options`). Repeated calls merge by key, and an entry given as `undefined` removes its
 * key, so a later call can switch an option off again. Entries written by hand into the
 * annotation before the first call are kept. The annotation is rendered lazily and disappears
 * when the list ends up empty.
 */
export function setOptionEntries(obj: ApiObject, key: string, entries: Array<[string, string | undefined]>): void {
  let perObject = optionLists.get(obj);
  if (perObject === undefined) {
    perObject = new Map();
    optionLists.set(obj, perObject);
  }
  let list = perObject.get(key);
  if (list === undefined) {
    list = parseOptionList(annotationsOf(obj)[key]);
    perObject.set(key, list);
    const rendered = list;
    obj.metadata.addAnnotation(key, Lazy.any({ produce: () => renderOptionList(rendered) }));
  }
  for (const [name, value] of entries) {
    if (value === undefined) {
      list.delete(name);
    } else {
      list.set(name, value);
    }
  }
}

function parseOptionList(value: string | undefined): Map<string, string> {
  const list = new Map<string, string>();
  for (const part of (value ?? '').split(',')) {
    const entry = part.trim();
    if (entry === '') {
      continue;
    }
    const eq = entry.indexOf('=');
    list.set(eq < 0 ? entry : entry.slice(0, eq), eq < 0 ? '' : entry.slice(eq + 1));
  }
  return list;
}

function renderOptionList(list: Map<string, string>): string | undefined {
  if (list.size === 0) {
    return undefined;
  }
  return [...list].map(([name, value]) => (value === '' ? name : `${name}=${value}`)).join(',');
}
