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
