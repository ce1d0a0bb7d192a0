/** RE2 metacharacters, which a literal escapes with a backslash. */
const META = '\\.+*?()|[]{}^$';

/**
 * The text an anchored literal pattern such as `^web$` or `^my\.app$` matches exactly, or
 * `undefined` when the pattern is anything else (an unanchored or real regular expression).
 */
export function anchoredLiteralText(pattern: string): string | undefined {
  if (pattern.length < 2 || !pattern.startsWith('^') || !pattern.endsWith('$')) {
    return undefined;
  }
  let text = '';
  const body = pattern.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') {
      const next = body[i + 1];
      if (next === undefined || !META.includes(next)) {
        return undefined;
      }
      text += next;
      i++;
    } else if (META.includes(c)) {
      return undefined;
    } else {
      text += c;
    }
  }
  return text;
}
