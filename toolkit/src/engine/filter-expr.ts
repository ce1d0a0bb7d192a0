import { parseGovaluate } from './compile-cache';
import { ArgoEvent } from './event';
import { EventView } from './event-view';
import { FilterOutcome } from './filter-outcome';
import { upstreamMessage } from './upstream-errors';

/** A Sensor `filters.exprs[]` entry: a govaluate expression over named gjson paths. */
export interface ExprFilter {
  readonly expr: string;
  readonly fields?: readonly { readonly path: string; readonly name: string }[] | null;
}

/** `filterExpr` on a plain event (see {@link filterExprView}). */
export function filterExpr(
  filters: readonly ExprFilter[] | null | undefined, operator: string | undefined, event: ArgoEvent | null,
): FilterOutcome {
  return filterExprView(filters, operator, event ? new EventView(event) : null);
}

/**
 * Argo Events' expression filters. Each entry binds its fields (gjson `Value()`), then evaluates
 * the expression; only a boolean `true` passes. A missing path is an error; an entry that binds
 * nothing is skipped. AND mode stops at the first false or error, OR mode at the first true and
 * otherwise reports every error together.
 */
export function filterExprView(
  filters: readonly ExprFilter[] | null | undefined, operator: string | undefined, view: EventView | null,
): FilterOutcome {
  if (!filters) {
    return { pass: true };
  }
  if (!view) {
    return { pass: false, error: 'expr filter error (nil event)' };
  }
  if (view.isNil) {
    return { pass: true };
  }
  if (!view.isValidJson()) {
    return { pass: false, error: 'expr filter error (event data not valid JSON)' };
  }
  const or = operator === 'or';
  const errors: string[] = [];
  entries:
  for (const f of filters) {
    const parameters: Record<string, unknown> = Object.create(null);
    let bound = 0;
    for (const field of f.fields ?? []) {
      const result = view.get(field.path);
      if (!result.exists()) {
        const message = `path '${field.path}' does not exist`;
        if (!or) {
          return { pass: false, error: `expr filter error (${message})` };
        }
        errors.push(message);
        continue entries;
      }
      if (!(field.name in parameters)) {
        bound++;
      }
      parameters[field.name] = result.value();
    }
    if (bound === 0) {
      continue;
    }
    let value: unknown;
    try {
      value = parseGovaluate(f.expr).evaluate(parameters);
    } catch (e) {
      const message = upstreamMessage(e);
      if (!or) {
        return { pass: false, error: `expr filter error (${message})` };
      }
      errors.push(message);
      continue;
    }
    if (value === true) {
      if (or) {
        return { pass: true };
      }
    } else if (!or) {
      return { pass: false };
    }
  }
  if (or) {
    return errors.length > 0 ? { pass: false, error: `expr filter errors [${errors.join(' / ')}]` } : { pass: false };
  }
  return { pass: true };
}
