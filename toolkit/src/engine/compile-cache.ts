import { EngineError } from './errors';
import { GoRegexp } from './go-regexp';
import { GovaluateExpression } from './govaluate';

/**
 * Compiled regexes and expressions, memoised by source text. Manifests repeat the same patterns
 * for every event, so compiling once keeps evaluation cheap; failures are memoised too and
 * rethrown each time, because upstream reports them per event.
 */
const MAX_ENTRIES = 5000;
const regexps = new Map<string, GoRegexp | EngineError>();
const expressions = new Map<string, GovaluateExpression | EngineError>();

function remember<T>(cache: Map<string, T | EngineError>, key: string, build: () => T): T {
  let entry = cache.get(key);
  if (entry === undefined) {
    try {
      entry = build();
    } catch (e) {
      if (!(e instanceof EngineError)) {
        throw e;
      }
      entry = e;
    }
    if (cache.size >= MAX_ENTRIES) {
      cache.clear();
    }
    cache.set(key, entry);
  }
  if (entry instanceof EngineError) {
    throw entry;
  }
  return entry;
}

/** `regexp.Compile(pattern)` with RE2 syntax; throws the engine's error for bad or unsupported syntax. */
export function compileGoRegexp(pattern: string): GoRegexp {
  return remember(regexps, pattern, () => GoRegexp.compile(pattern));
}

/** `govaluate.NewEvaluableExpression(expr)`; throws the engine's error for bad or unsupported syntax. */
export function parseGovaluate(expr: string): GovaluateExpression {
  return remember(expressions, expr, () => GovaluateExpression.parse(expr));
}
