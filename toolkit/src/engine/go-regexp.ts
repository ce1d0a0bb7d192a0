import { RE2JS } from 're2js';
import { EngineError } from './errors';
import type { GoStringer } from './go-format';

/** How many compiled patterns are kept; the oldest is dropped first. */
const CACHE_LIMIT = 1024;

const cache = new Map<string, GoRegexp>();

/** RE2 metacharacters: anything else in a pattern stands for itself. */
const META = new Set(['\\', '.', '+', '*', '?', '(', ')', '|', '[', ']', '{', '}', '^', '$']);

type Anchoring = 'none' | 'start' | 'end' | 'both';

/**
 * A regular expression with Go `regexp` (RE2) syntax and semantics, as Argo Events uses for data
 * filters, `=~` in expressions and resource field filters. Matching is unanchored, like Go's
 * `MatchString`; Perl features RE2 lacks (backreferences, lookaround) are syntax errors.
 */
export class GoRegexp implements GoStringer {
  /** Compiles `pattern`, reusing an earlier compilation of the same text. */
  public static compile(pattern: string): GoRegexp {
    const hit = cache.get(pattern);
    if (hit) {
      return hit;
    }
    const compiled = new GoRegexp(pattern);
    if (cache.size >= CACHE_LIMIT) {
      cache.delete(cache.keys().next().value as string);
    }
    cache.set(pattern, compiled);
    return compiled;
  }

  public readonly source: string;
  public readonly goType = '*regexp.Regexp';
  private readonly re: RE2JS;
  /** Set when the pattern is a plain literal, optionally anchored, which string methods decide exactly. */
  private readonly literal?: { text: string; anchoring: Anchoring };
  /** Set for `^(a|b|…)$` with literal alternatives: the pattern matches exactly these strings. */
  private readonly alternatives?: ReadonlySet<string>;

  private constructor(pattern: string) {
    this.source = pattern;
    try {
      this.re = RE2JS.compile(pattern);
    } catch (e) {
      // re2js reports syntax errors with Go's wording: "error parsing regexp: …: `…`"
      throw new EngineError(e instanceof Error ? e.message : String(e));
    }
    this.literal = literalOf(pattern);
    this.alternatives = this.literal ? undefined : alternativesOf(pattern);
  }

  /** `Regexp.String()`: fmt prints a compiled pattern as its source text. */
  public goString(): string {
    return this.source;
  }

  /** Go's `MatchString`: true when the pattern matches anywhere in `s`. */
  public test(s: string): boolean {
    const lit = this.literal;
    if (lit) {
      switch (lit.anchoring) {
        case 'none':
          return s.includes(lit.text);
        case 'start':
          return s.startsWith(lit.text);
        case 'end':
          return s.endsWith(lit.text);
        case 'both':
          return s === lit.text;
      }
    }
    if (this.alternatives) {
      return this.alternatives.has(s);
    }
    return this.re.test(s);
  }
}

/**
 * Recognises `^(a|b|…)$` and `^(?:a|b|…)$` whose alternatives are literals (as {@link literalOf}
 * reads them): the whole text must equal one of them, which the filters' event type and name
 * patterns are.
 */
function alternativesOf(pattern: string): ReadonlySet<string> | undefined {
  const group = /^\^\((?:\?:)?(.*)\)\$$/s.exec(pattern);
  if (!group || escapedAt(pattern, pattern.length - 2)) {
    return undefined;
  }
  const inner = group[1];
  const texts = new Set<string>();
  let start = 0;
  for (let i = 0; i <= inner.length; i++) {
    if (i < inner.length && inner[i] === '\\') {
      i++;
      continue;
    }
    if (i < inner.length && inner[i] !== '|') {
      continue;
    }
    const lit = literalOf(inner.slice(start, i));
    if (!lit || lit.anchoring !== 'none') {
      return undefined;
    }
    texts.add(lit.text);
    start = i + 1;
  }
  return texts;
}

/**
 * Recognises `lit`, `^lit`, `lit$` and `^lit$` where `lit` has no metacharacters other than
 * backslash-escaped punctuation. Without flags, Go's `^` and `$` match only at the ends of the
 * text, so these are exactly substring, prefix, suffix and equality tests.
 */
function literalOf(pattern: string): { text: string; anchoring: Anchoring } | undefined {
  let start = 0;
  let end = pattern.length;
  const atStart = pattern.startsWith('^');
  if (atStart) {
    start = 1;
  }
  let atEnd = false;
  if (end > start && pattern[end - 1] === '$' && !escapedAt(pattern, end - 1)) {
    atEnd = true;
    end--;
  }
  let text = '';
  for (let i = start; i < end; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (i + 1 >= end || !/^[!-/:-@[-`{-~]$/.test(next)) {
        return undefined;
      }
      text += next;
      i++;
    } else if (META.has(ch)) {
      return undefined;
    } else {
      text += ch;
    }
  }
  const anchoring: Anchoring = atStart ? (atEnd ? 'both' : 'start') : atEnd ? 'end' : 'none';
  return { text, anchoring };
}

/** True when the character at `i` is preceded by an odd number of backslashes. */
function escapedAt(s: string, i: number): boolean {
  let n = 0;
  for (let j = i - 1; j >= 0 && s[j] === '\\'; j--) {
    n++;
  }
  return n % 2 === 1;
}
