import { isRecord } from './finding';

/*
 * Reading decoded manifest JSON the way the Argo Events controllers see it after decoding into Go
 * structs: an absent or null field is the zero value (empty string, nil pointer, nil slice), while
 * an empty list or object is not nil. A value of the wrong JSON type is left to the structural
 * check, so these helpers treat it as absent rather than failing.
 */

/** Neither absent nor null. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** An absent, null or empty string; a value of another type is not blank (the structural check reports it). */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** Go's `len(x) == 0` for a list field. */
export function isEmptyList(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

/** The list, or no items when the value is not a list. */
export function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The object, or an empty one when the value is not an object. */
export function recordOf(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/** `obj[key]` as an object (empty when either is not an object). */
export function recordAt(obj: unknown, key: string): Record<string, unknown> {
  return isRecord(obj) ? recordOf(obj[key]) : {};
}

/** The string, or `''` when the value is not a string. */
export function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * Whether two `metadata.namespace` values can name the same namespace: equal, or either unset
 * (an object without a namespace gets one only when it is applied).
 */
export function sameNamespace(a: string, b: string): boolean {
  return a === '' || b === '' || a === b;
}
