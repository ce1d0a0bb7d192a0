import { createHash } from 'crypto';
import { apiServerRejection } from './api-validation';
import { pluralOf, splitApiVersion } from './kinds';
import { formatRfc3339 } from './event';
import { marshalGoJson } from './go-json';

/** A Kubernetes object as plain JSON. */
export type KubeObject = Record<string, unknown>;

/** What an API call did to the simulated cluster. */
export type ClusterOutcome =
  | 'created'
  | 'already-exists'
  | 'updated'
  | 'patched'
  | 'deleted'
  | 'not-found'
  | 'invalid'
  | 'unsupported';

/** The result of a write: the outcome, the stored object after it (if any) and the API message. */
export interface ClusterResult {
  readonly outcome: ClusterOutcome;
  readonly object?: KubeObject;
  readonly message?: string;
}

/** Identifies an object: API group, plural resource, namespace (`''` when cluster-scoped), name. */
export interface ObjectRef {
  readonly group: string;
  readonly resource: string;
  readonly namespace: string;
  readonly name: string;
}

/** Patch content types Argo Events' k8s trigger can send. */
export const MERGE_PATCH = 'application/merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';
const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
const APPLY_PATCH = 'application/apply-patch+yaml';

/** A GET with an empty name fails in the client before any request (no upsert happens). */
const NAME_REQUIRED: ClusterResult = { outcome: 'invalid', message: 'resource name may not be empty' };

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** 63 characters less the 5 random ones: the longest `generateName` base the API server keeps. */
const MAX_GENERATED_BASE = 58;

/** The API server's refusal of a write, if any (see {@link apiServerRejection}). */
function rejectionOf(object: KubeObject, ref: ObjectRef): string | undefined {
  return apiServerRejection(object, ref.group, typeof object.kind === 'string' ? object.kind : '');
}

function isObject(value: unknown): value is KubeObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function metadataOf(object: KubeObject): KubeObject {
  if (!isObject(object.metadata)) {
    object.metadata = {};
  }
  return object.metadata as KubeObject;
}

const plurals = new Map<string, string>();

/** `pluralOf(kind)`, memoised: the same few kinds are looked up for every event. */
export function resourceOf(kind: string): string {
  let plural = plurals.get(kind);
  if (plural === undefined) {
    plural = pluralOf(kind);
    plurals.set(kind, plural);
  }
  return plural;
}

/** The reference of an object from its apiVersion, kind and metadata. */
export function refOf(object: KubeObject): ObjectRef {
  const { group } = splitApiVersion(typeof object.apiVersion === 'string' ? object.apiVersion : '');
  const metadata = isObject(object.metadata) ? object.metadata : {};
  return {
    group,
    resource: resourceOf(typeof object.kind === 'string' ? object.kind : ''),
    namespace: typeof metadata.namespace === 'string' ? metadata.namespace : '',
    name: typeof metadata.name === 'string' ? metadata.name : '',
  };
}

function keyOf(ref: ObjectRef): string {
  return `${ref.group}\u0000${ref.resource}\u0000${ref.namespace}\u0000${ref.name}`;
}

/** How the API server names a resource in messages, e.g. `jobs.batch "x"`. */
function describe(ref: ObjectRef): string {
  return `${ref.resource}${ref.group ? '.' + ref.group : ''} "${ref.name}"`;
}

/**
 * Go's `mergo.Merge(live, desired, mergo.WithOverride)` on unstructured objects, which is how the
 * k8s trigger's `update` operation combines its object with the live one: maps merge key by key,
 * scalars and `null` overwrite, arrays are replaced whole, keys absent from `desired` are kept.
 * A map never replaces a non-empty non-map value (a mergo quirk kept for fidelity).
 */
export function mergoMerge(live: KubeObject, desired: KubeObject): void {
  for (const key of Object.keys(desired)) {
    const src = desired[key];
    const dst = live[key];
    if (isObject(src)) {
      if (isObject(dst)) {
        mergoMerge(dst, src);
      } else if (dst === undefined || isGoEmpty(dst)) {
        live[key] = clone(src);
      }
    } else {
      live[key] = clone(src);
    }
  }
}

function isGoEmpty(value: unknown): boolean {
  return value === null || value === '' || value === 0 || value === false || (Array.isArray(value) && value.length === 0);
}

/** RFC 7386 JSON merge patch: `null` deletes, objects merge recursively, everything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) {
    return clone(patch);
  }
  const result: KubeObject = isObject(target) ? target : {};
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (value === null) {
      delete result[key];
    } else {
      result[key] = applyMergePatch(result[key], value);
    }
  }
  return result;
}

/** Whether anything outside `metadata` and `status` differs (which bumps `metadata.generation`). */
function specChanged(before: KubeObject, after: KubeObject): boolean {
  const strip = (o: KubeObject): string => {
    const { metadata: _m, status: _s, ...rest } = o;
    return marshalGoJson(rest);
  };
  return strip(before) !== strip(after);
}

/**
 * A deterministic stand-in for the Kubernetes API server: objects keyed by group, resource,
 * namespace and name, with the server-side behaviour Argo Events' k8s trigger depends on
 * (`generateName`, AlreadyExists, resourceVersion, generation, uid, creationTimestamp).
 */
export class InMemoryCluster {
  private readonly objects = new Map<string, KubeObject>();
  private revision = 0;
  private serial = 0;

  /** @param clock the simulated time, used for creation timestamps */
  constructor(private readonly clock: () => Date = () => new Date()) {}

  /** Stores an object as given (no server-side defaults), e.g. to seed existing state. */
  put(object: KubeObject): void {
    this.objects.set(keyOf(refOf(object)), object);
  }

  /** The stored object, if any. */
  get(ref: ObjectRef): KubeObject | undefined {
    return this.objects.get(keyOf(ref));
  }

  /** Removes an object; returns whether it existed. */
  remove(ref: ObjectRef): boolean {
    return this.objects.delete(keyOf(ref));
  }

  /** Every stored object. */
  list(): KubeObject[] {
    return [...this.objects.values()];
  }

  /** POST: a name is generated from `generateName` when `name` is empty. */
  create(object: KubeObject): ClusterResult {
    const stored = clone(object);
    const metadata = metadataOf(stored);
    if (!metadata.name) {
      if (typeof metadata.generateName === 'string' && metadata.generateName !== '') {
        // The API server shortens the base so that the generated name fits in 63 characters.
        metadata.name = metadata.generateName.slice(0, MAX_GENERATED_BASE) + this.randomSuffix();
      } else {
        return {
          outcome: 'invalid',
          message: `${String(stored.kind ?? 'object')} is invalid: metadata.name: Required value: name or generateName is required`,
        };
      }
    }
    const ref = refOf(stored);
    const rejection = rejectionOf(stored, ref);
    if (rejection) {
      return { outcome: 'invalid', message: rejection };
    }
    if (this.objects.has(keyOf(ref))) {
      return { outcome: 'already-exists', message: `${describe(ref)} already exists` };
    }
    metadata.uid = this.uid();
    metadata.resourceVersion = String(++this.revision);
    metadata.creationTimestamp = formatRfc3339(this.clock());
    metadata.generation = 1;
    this.objects.set(keyOf(ref), stored);
    return { outcome: 'created', object: stored };
  }

  /** The k8s trigger's `update`: create when missing, else merge into the live object and PUT. */
  update(object: KubeObject): ClusterResult {
    const ref = refOf(object);
    if (!ref.name) {
      return NAME_REQUIRED;
    }
    const live = this.objects.get(keyOf(ref));
    if (!live) {
      return this.create(object);
    }
    const merged = clone(live);
    mergoMerge(merged, object);
    const rejection = rejectionOf(merged, ref);
    if (rejection) {
      return { outcome: 'invalid', message: rejection };
    }
    return { outcome: 'updated', object: this.replace(ref, live, merged) };
  }

  /** The k8s trigger's `patch`: create when missing, else PATCH the whole object. */
  patch(object: KubeObject, patchType: string = MERGE_PATCH): ClusterResult {
    const ref = refOf(object);
    if (!ref.name) {
      return NAME_REQUIRED;
    }
    const live = this.objects.get(keyOf(ref));
    if (!live) {
      return this.create(object);
    }
    switch (patchType) {
      case MERGE_PATCH: {
        const patched = applyMergePatch(clone(live), object) as KubeObject;
        const rejection = rejectionOf(patched, ref);
        if (rejection) {
          return { outcome: 'invalid', message: rejection };
        }
        return { outcome: 'patched', object: this.replace(ref, live, patched) };
      }
      case JSON_PATCH:
        return { outcome: 'invalid', message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch (a JSON patch must be an array; the k8s trigger always sends the whole object)' };
      case APPLY_PATCH:
        return { outcome: 'invalid', message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch (the k8s trigger sends none)' };
      case STRATEGIC_MERGE_PATCH:
        return { outcome: 'unsupported', message: 'strategic merge patches depend on per-field merge keys of built-in kinds and are not simulated; use application/merge-patch+json' };
      default:
        return { outcome: 'invalid', message: `the body of the request was in an unknown format: ${patchType}` };
    }
  }

  /** The k8s trigger's `delete`: a missing object is not an error. */
  delete(object: KubeObject): ClusterResult {
    const ref = refOf(object);
    if (!ref.name) {
      return NAME_REQUIRED;
    }
    const live = this.objects.get(keyOf(ref));
    if (!live) {
      return { outcome: 'not-found', message: `${describe(ref)} not found` };
    }
    this.objects.delete(keyOf(ref));
    return { outcome: 'deleted', object: live };
  }

  private replace(ref: ObjectRef, live: KubeObject, next: KubeObject): KubeObject {
    const metadata = metadataOf(next);
    const liveMetadata = metadataOf(live);
    metadata.resourceVersion = String(++this.revision);
    metadata.uid = liveMetadata.uid;
    metadata.creationTimestamp = liveMetadata.creationTimestamp;
    if (specChanged(live, next)) {
      metadata.generation = (typeof liveMetadata.generation === 'number' ? liveMetadata.generation : 1) + 1;
    }
    this.objects.set(keyOf(ref), next);
    return next;
  }

  private uid(): string {
    const h = createHash('sha256').update(`uid-${++this.serial}`).digest('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  private randomSuffix(): string {
    const h = createHash('sha256').update(`name-${++this.serial}`).digest();
    let out = '';
    for (let i = 0; i < 5; i++) {
      out += NAME_ALPHABET[h[i] % NAME_ALPHABET.length];
    }
    return out;
  }
}
