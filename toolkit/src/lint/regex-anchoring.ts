import { EngineError } from '../engine/errors';
import { GoRegexp } from '../engine/go-regexp';

/*
 * Argo Events matches name regexes (data filters, resource field filters) anywhere in the name,
 * like Go's MatchString. These helpers decide whether a pattern can only match a whole name and
 * derive the anchored form to suggest, which must itself be a valid Go (RE2) pattern that means
 * what the original meant: `a|b` becomes `^(?:a|b)$`, not `^a|b$` (which is `^a` or `b$`).
 */

/** Why Go's `regexp.Compile` rejects `pattern` (its own wording), or `undefined` when it compiles. */
export function goRegexpError(pattern: string): string | undefined {
  try {
    GoRegexp.compile(pattern);
    return undefined;
  } catch (e) {
    if (e instanceof EngineError) {
      return e.message;
    }
    throw e;
  }
}

/**
 * Whether a pattern that compiles matches only whole names: each top-level alternative starts with
 * `^` and ends with an unescaped `$`. `.*` at an end counts as open there on purpose.
 */
export function isAnchoredPattern(pattern: string): boolean {
  const { body } = splitFlags(pattern);
  return topLevelAlternatives(body).every((branch) =>
    (branch.startsWith('^') || branch.startsWith('.*')) && (endsWithAnchor(branch) || endsWithAny(branch)));
}

/**
 * The anchored form of a pattern that compiles, e.g. `web` → `^web$`, `web|api` → `^(?:web|api)$`,
 * `(?i)web` → `(?i)^web$`. `undefined` when the pattern does not compile (there is nothing
 * equivalent to suggest) or, as a safeguard, when the anchored form would not compile either.
 */
export function anchoredPattern(pattern: string): string | undefined {
  if (goRegexpError(pattern) !== undefined) {
    return undefined;
  }
  const { flags, body } = splitFlags(pattern);
  const branches = topLevelAlternatives(body);
  let anchored: string;
  if (branches.length === 1) {
    const start = body.startsWith('^') || body.startsWith('.*') ? '' : '^';
    const end = endsWithAnchor(body) || endsWithAny(body) ? '' : '$';
    anchored = `${flags}${start}${body}${end}`;
  } else {
    // Anchors inside the branches are dropped: one pair around the group anchors them all.
    const inner = branches.map((b) => (endsWithAnchor(b) ? b.slice(0, -1) : b).replace(/^\^/, ''));
    anchored = `${flags}^(?:${inner.join('|')})$`;
  }
  return goRegexpError(anchored) === undefined ? anchored : undefined;
}

/** A leading flag group such as `(?i)` and the rest. */
function splitFlags(pattern: string): { flags: string; body: string } {
  const match = /^\(\?[imsU-]+\)/.exec(pattern);
  return match === null ? { flags: '', body: pattern } : { flags: match[0], body: pattern.slice(match[0].length) };
}

/** The alternatives of `|` outside groups and character classes. */
function topLevelAlternatives(body: string): string[] {
  const branches: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\') {
      i++;
    } else if (ch === '[') {
      i = classEnd(body, i);
    } else if (ch === '(') {
      depth++;
    } else if (ch === ')') {
      depth--;
    } else if (ch === '|' && depth === 0) {
      branches.push(body.slice(start, i));
      start = i + 1;
    }
  }
  branches.push(body.slice(start));
  return branches;
}

/** The index of the `]` that closes the class opened at `open` (a `]` first in the class is literal). */
function classEnd(body: string, open: number): number {
  let i = open + 1;
  if (body[i] === '^') {
    i++;
  }
  if (body[i] === ']') {
    i++;
  }
  for (; i < body.length; i++) {
    if (body[i] === '\\') {
      i++;
    } else if (body.startsWith('[:', i)) {
      const close = body.indexOf(':]', i + 2);
      i = close < 0 ? i : close + 1;
    } else if (body[i] === ']') {
      return i;
    }
  }
  return body.length;
}

/** Ends with a `$` that is not escaped. */
function endsWithAnchor(s: string): boolean {
  return s.endsWith('$') && !escapedAt(s, s.length - 1);
}

/** Ends with `.*` whose dot is not escaped. */
function endsWithAny(s: string): boolean {
  return s.endsWith('.*') && !escapedAt(s, s.length - 2);
}

/** Whether the character at `i` follows an odd number of backslashes. */
function escapedAt(s: string, i: number): boolean {
  let backslashes = 0;
  for (let j = i - 1; j >= 0 && s[j] === '\\'; j--) {
    backslashes++;
  }
  return backslashes % 2 === 1;
}
