/** Narrowing helpers for reading manifests, which are untyped JSON. */

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The object at `value`, or an empty object. */
export function objectOf(value: unknown): Json {
  return isObject(value) ? value : {};
}

/** The string at `value`, or `''`. */
export function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The array at `value`, or an empty array. */
export function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `metadata.name` / `metadata.namespace` of an object. */
export function nameOf(object: Json): { name: string; namespace: string } {
  const metadata = objectOf(object.metadata);
  return { name: stringOf(metadata.name), namespace: stringOf(metadata.namespace) };
}

/** Two namespaces can meet on one EventBus; an object without a namespace matches any. */
export function sameNamespace(a: string, b: string): boolean {
  return a === '' || b === '' || a === b;
}
