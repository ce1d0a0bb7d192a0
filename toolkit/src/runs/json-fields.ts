import { KubeObject } from '../engine/cluster';

/** Reading fields of objects from a cluster, which may hold anything where a field is expected. */

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A string field, or `''`. */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function metadataOf(object: KubeObject): Record<string, unknown> {
  return isObject(object.metadata) ? object.metadata : {};
}

export function nameOf(object: KubeObject): string {
  return text(metadataOf(object).name);
}
