/** Narrowing helpers: manifests are untyped JSON and may be malformed, which must never crash. */

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The object at `value`, or an empty object. */
export function objectOf(value: unknown): Json {
  return isObject(value) ? value : {};
}

/** The array at `value`, or an empty array. */
export function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The string at `value`, or `undefined` (also for an empty string). */
export function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Strings of a list, skipping anything else. */
export function stringsOf(value: unknown): string[] {
  return arrayOf(value).filter((v): v is string => typeof v === 'string');
}

/** A value shown inline: strings as they are, anything else as JSON. */
export function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
}
