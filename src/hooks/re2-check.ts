/**
 * Whether a regular expression compiles with Go's `regexp` (RE2 syntax), which Argo Events uses
 * for data filters, `=~` in expressions and resource field filters. A pattern that does not
 * compile makes its filter fail on every event, silently. The construct library has no RE2
 * engine, so the pattern is scanned for what RE2 refuses and JavaScript accepts (lookaround,
 * backreferences, escapes Go does not know, `(?<name>` before Go 1.22, repeat counts above
 * 1000), then rewritten into an equivalent JavaScript pattern (Go-only syntax such as `(?i)`,
 * `(?P<name>`, `\z`, `\Q…\E`, `[[:alpha:]]` replaced by stand-ins of the same shape) and compiled
 * with JavaScript's engine for everything else (unbalanced groups and classes, nothing to
 * repeat, bad ranges).
 */

const POSIX_CLASSES = new Set(['alnum', 'alpha', 'ascii', 'blank', 'cntrl', 'digit', 'graph', 'lower', 'print', 'punct', 'space', 'upper', 'word', 'xdigit']);
const LETTER_ESCAPES = new Set(['a', 'f', 't', 'n', 'r', 'v', 'x', 'd', 'D', 's', 'S', 'w', 'W', 'p', 'P', 'b', 'B', 'A', 'z', 'Q', 'E']);
const MAX_REPEAT = 1000;

/** Why Go's regexp package refuses `pattern`, or undefined when it compiles. */
export function re2Problem(pattern: string): string | undefined {
  let js = '';
  let inClass = false;
  const names = new Set<string>();
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) {
        return 'it ends with a lone "\\"';
      }
      if (next === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const literal = pattern.slice(i + 2, end < 0 ? undefined : end);
        js += literal.replace(/[\\^$.*+?()[\]{}|/-]/g, (m) => `\\${m}`);
        i = end < 0 ? pattern.length : end + 1;
        continue;
      }
      if (/[1-9]/.test(next) && !(/[0-7]/.test(next) && /[0-7]/.test(pattern[i + 2] ?? ''))) {
        return `"\\${next}" is a backreference, which RE2 does not support; match the text again explicitly`;
      }
      if (/[A-Za-z]/.test(next) && !LETTER_ESCAPES.has(next)) {
        const hint = next === 'k' ? ' (a named backreference, which RE2 does not support)'
          : next === 'Z' ? ' (use "\\z" or "$")'
            : next === 'h' ? ' (use "[ \\t]")'
              : next === 'u' ? ' (use "\\x{…}")' : '';
        return `"\\${next}" is not an escape Go's regexp knows${hint}`;
      }
      if (next === 'z') {
        js += '$';
      } else if (next === 'A') {
        js += '^';
      } else if (next === 'p' || next === 'P') {
        const braced = /^\{\^?[A-Za-z_]+\}/.exec(pattern.slice(i + 2));
        if (braced === null && !/[A-Za-z]/.test(pattern[i + 2] ?? '')) {
          return `"\\${next}" needs a Unicode class, as in "\\pL" or "\\p{Greek}"`;
        }
        js += inClass ? 'a' : '\\w';
        i += braced === null ? 2 : 1 + braced[0].length;
        continue;
      } else if (next === 'x' && pattern[i + 2] === '{') {
        const end = pattern.indexOf('}', i + 3);
        if (end < 0 || !/^[0-9A-Fa-f]{1,8}$/.test(pattern.slice(i + 3, end))) {
          return 'a "\\x{…}" escape is not closed or not hexadecimal';
        }
        js += 'x';
        i = end;
        continue;
      } else if (next === 'b' && inClass) {
        return '"\\b" inside a character class is not an escape Go\'s regexp knows';
      } else {
        js += c + next;
      }
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && pattern[i + 1] === ':') {
        const end = pattern.indexOf(':]', i + 2);
        const name = end < 0 ? '' : pattern.slice(i + 2, end).replace(/^\^/, '');
        if (end >= 0) {
          if (!POSIX_CLASSES.has(name)) {
            return `"[:${name}:]" is not a character class Go knows; use one of ${[...POSIX_CLASSES].join(', ')}`;
          }
          js += 'a';
          i = end + 1;
          continue;
        }
      }
      if (c === ']') {
        // A "]" first in a class is a literal in Go; JavaScript would read "[]" as an empty class.
        if (js.endsWith('[') || js.endsWith('[^')) {
          js += '\\]';
          continue;
        }
        inClass = false;
      }
      js += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      js += c;
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const rest = pattern.slice(i + 2);
      if (/^(=|!|<=|<!)/.test(rest)) {
        return `"(?${/^(<?[=!])/.exec(rest)![1]}" is a lookaround, which RE2 does not support; match the text itself, or use a second filter`;
      }
      const named = /^(P?)<([^>]*)>/.exec(rest);
      if (named !== null) {
        if (named[1] === '') {
          return `"(?<${named[2]}>" needs Go 1.22, newer than some Argo Events 1.9 releases are built with; write "(?P<${named[2]}>"`;
        }
        if (!/^[A-Za-z0-9_]+$/.test(named[2])) {
          return `"(?P<${named[2]}>" has an invalid group name; use letters, digits and "_"`;
        }
        if (names.has(named[2])) {
          return `the group name "${named[2]}" is used twice`;
        }
        names.add(named[2]);
        js += '(';
        i += 1 + named[0].length;
        continue;
      }
      const flags = /^([A-Za-z-]*)([:)])/.exec(rest);
      if (flags === null || !/^[imsU]*(-[imsU]*)?$/.test(flags[1]) || flags[1].endsWith('-')) {
        return `"(?${rest.slice(0, 3)}" is Perl syntax RE2 does not support; RE2 groups are "(…)", "(?:…)", "(?P<name>…)" and flags "(?i)", "(?i:…)" (i, m, s, U)`;
      }
      js += flags[2] === ':' ? '(?:' : '';
      i += 1 + flags[0].length;
      continue;
    }
    if (c === '{') {
      const repeat = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (repeat !== null) {
        const min = Number(repeat[1]);
        const max = repeat[3] === undefined ? min : repeat[3] === '' ? min : Number(repeat[3]);
        if (min > MAX_REPEAT || max > MAX_REPEAT) {
          return `the repeat count in "${repeat[0]}" is above ${MAX_REPEAT}, RE2's limit`;
        }
        if (repeat[3] !== undefined && repeat[3] !== '' && max < min) {
          return `the repeat count in "${repeat[0]}" has its maximum below its minimum`;
        }
      }
    }
    js += c;
  }
  try {
    new RegExp(js);
  } catch (e) {
    return String((e as Error).message).replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '').toLowerCase();
  }
  return undefined;
}
