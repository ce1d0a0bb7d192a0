/**
 * Dot-separated paths into a Kubernetes object, such as `spec.template.spec.containers` or
 * `metadata.labels.app\.kubernetes\.io/name` (a backslash escapes a dot inside a key). Numeric
 * segments index arrays. The same text is a valid gjson path, so it can be handed to Argo Events
 * unchanged; gjson's query syntax (wildcards, `#`, `@`, `|`) is rejected because a hook compares
 * values at fixed places.
 */
export function parseFieldPath(path: string, where: string, property: string): string[] {
  const fix = 'use dot-separated keys such as "spec.template.spec.containers", escaping dots inside keys as "\\."';
  if (path.trim() === '') {
    throw new Error(`${where}: ${property} contains an empty path; ${fix}`);
  }
  const foreign = foreignSyntax(path);
  if (foreign !== undefined) {
    throw new Error(`${where}: ${property} "${path}" is written in ${foreign.syntax}, which Argo Events (gjson) does not read, so it would never match; write it as "${foreign.fixed}"`);
  }
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '\\') {
      const next = path[i + 1];
      if (next === undefined) {
        throw new Error(`${where}: ${property} "${path}" ends with a lone backslash; ${fix}`);
      }
      current += next;
      i++;
    } else if (c === '.') {
      segments.push(current);
      current = '';
    } else if ('*?#@|!()[]{},'.includes(c) || /\s/.test(c)) {
      throw new Error(`${where}: ${property} "${path}" contains "${c}", which is query syntax, not a field; ${fix}`);
    } else {
      current += c;
    }
  }
  segments.push(current);
  if (segments.some((s) => s === '')) {
    throw new Error(`${where}: ${property} "${path}" has an empty segment; ${fix}`);
  }
  return segments;
}

/**
 * The path syntax of another tool, with the same path in gjson's, when `path` is written in one:
 * JSONPath (`$.spec.replicas`, `$['data']`), jq and kubectl (`.spec`, `{.spec}`) or JavaScript
 * indexing (`containers[0]`).
 */
export function foreignSyntax(path: string): { syntax: string; fixed: string } | undefined {
  const indexed = (p: string): string => p
    .replace(/\[['"]([^'"\]]*)['"]\]/g, (_m, key: string) => `.${key.replace(/\./g, '\\.')}`)
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/^\./, '');
  if (/^\{.*\}$/.test(path)) {
    return { syntax: 'kubectl JSONPath', fixed: indexed(path.slice(1, -1)) };
  }
  if (path.startsWith('$.') || path.startsWith('$[')) {
    return { syntax: 'JSONPath', fixed: indexed(path.slice(1)) };
  }
  if (path.startsWith('.') && path.length > 1) {
    return { syntax: 'jq syntax', fixed: indexed(path) };
  }
  if (/\[(\d+|['"][^'"\]]*['"])\]/.test(path)) {
    return { syntax: 'bracket indexing', fixed: indexed(path) };
  }
  return undefined;
}
