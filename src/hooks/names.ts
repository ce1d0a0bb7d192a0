import { createHash } from 'crypto';

/** Short, stable hex digest of the given parts. */
export function shortHash(length: number, ...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, length);
}

/**
 * Lowercase DNS-1123 label made from arbitrary text (at most `maxLength` characters); falls back
 * to `fallback` when nothing usable is left.
 */
export function toDnsLabel(text: string, maxLength: number, fallback = 'hook'): string {
  const label = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, maxLength)
    .replace(/^-+|-+$/g, '');
  return label === '' ? fallback : label;
}

/** Regular expression that matches exactly `literal` (Go RE2 syntax). */
export function anchoredLiteral(literal: string): string {
  return `^${literal.replace(/[\\.+*?()|[\]{}^$]/g, (c) => `\\${c}`)}$`;
}

/** Lua string literal for `text`. */
export function luaString(text: string): string {
  return `"${text.replace(/[\\"\n\r\0]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\0': '\\0' } as Record<string, string>)[c])}"`;
}
