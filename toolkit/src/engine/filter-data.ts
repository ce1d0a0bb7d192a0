import { compileGoRegexp } from './compile-cache';
import { ArgoEvent } from './event';
import { EventView } from './event-view';
import { FilterOutcome } from './filter-outcome';
import { GjsonResult, gjsonGet } from './gjson';
import { TemplateOptions, renderGoTemplate } from './go-template';
import { parseGoBool, parseGoFloat } from './go-strconv';
import { upstreamMessage } from './upstream-errors';

/** A Sensor `filters.data[]` entry. */
export interface DataFilter {
  readonly path: string;
  /** `bool`, `number` or `string`; anything else is a runtime error. */
  readonly type: string;
  readonly value?: readonly string[] | null;
  /** `= != > >= < <=`; empty means `=`. */
  readonly comparator?: string;
  /** Go template over `.Input` (the path result as a string) that replaces the value. */
  readonly template?: string;
}

/** `filterData` on a plain event (see {@link filterDataView}). */
export function filterData(
  filters: readonly DataFilter[] | null | undefined, operator: string | undefined, event: ArgoEvent | null,
  environment: TemplateOptions = {},
): FilterOutcome {
  return filterDataView(filters, operator, event ? new EventView(event) : null, environment);
}

/**
 * Argo Events' data filters. AND mode (`''`/`and`) stops at the first failing entry or error;
 * OR mode passes at the first passing entry and otherwise reports every error together. Within an
 * entry the values are always ORed; a `string` entry with `!=` passes as soon as one value does
 * not match.
 */
export function filterDataView(
  filters: readonly DataFilter[] | null | undefined, operator: string | undefined, view: EventView | null,
  environment: TemplateOptions = {},
): FilterOutcome {
  if (!filters || filters.length === 0) {
    return { pass: true };
  }
  if (!view) {
    return { pass: false, error: 'data filter error (nil Event)' };
  }
  if (view.isNil) {
    return { pass: true };
  }
  if (!view.isValidJson()) {
    return { pass: false, error: 'data filter error (event data not valid JSON)' };
  }
  const or = operator === 'or';
  const errors: string[] = [];
  for (const f of filters) {
    const verdict = evaluateEntry(f, view, environment);
    if (verdict.error !== undefined) {
      if (!or) {
        return { pass: false, error: `data filter error (${verdict.error})` };
      }
      errors.push(verdict.orError ?? verdict.error);
      continue;
    }
    if (verdict.pass && or) {
      return { pass: true };
    }
    if (!verdict.pass && !or) {
      return { pass: false };
    }
  }
  if (or) {
    return errors.length > 0 ? { pass: false, error: `data filter errors [${errors.join(' / ')}]` } : { pass: false };
  }
  return { pass: true };
}

interface EntryVerdict {
  readonly pass: boolean;
  readonly error?: string;
  /** Upstream words a few errors differently in OR mode. */
  readonly orError?: string;
}

function evaluateEntry(f: DataFilter, view: EventView, environment: TemplateOptions): EntryVerdict {
  let result: GjsonResult = view.get(f.path);
  if (!result.exists()) {
    return { pass: false, error: `path '${f.path}' does not exist` };
  }
  const values = f.value ?? [];
  if (values.length === 0) {
    return { pass: false, error: 'no values specified' };
  }
  if (f.template) {
    let out: string;
    try {
      out = renderGoTemplate(f.template, { Input: result.string() }, environment);
    } catch (e) {
      return { pass: false, error: upstreamMessage(e) };
    }
    if (out === '' || out === '<no value>') {
      return {
        pass: false,
        error: `template '${f.template}' evaluated to empty string or no value`,
        orError: `template evaluated to empty string or no value: '${f.template}'`,
      };
    }
    // Upstream re-parses the output as a JSON string, so it is compared as a string from here on.
    result = gjsonGet(JSON.stringify([out]), '0');
  }
  switch (f.type) {
    case 'bool':
      return compareBool(values, result);
    case 'number':
      return compareNumber(values, f.comparator ?? '', result);
    case 'string':
      return compareString(values, f.comparator ?? '', result);
    default:
      return { pass: false, error: `unsupported JSON type '${f.type}'` };
  }
}

function compareBool(values: readonly string[], result: GjsonResult): EntryVerdict {
  const actual = result.bool();
  for (const v of values) {
    let expected: boolean;
    try {
      expected = parseGoBool(v);
    } catch (e) {
      return { pass: false, error: upstreamMessage(e) };
    }
    if (expected === actual) {
      return { pass: true };
    }
  }
  return { pass: false };
}

function compareNumber(values: readonly string[], comparator: string, result: GjsonResult): EntryVerdict {
  const actual = result.float();
  for (const v of values) {
    let expected: number;
    try {
      expected = parseGoFloat(v);
    } catch (e) {
      return { pass: false, error: upstreamMessage(e) };
    }
    if (compareFloats(actual, comparator, expected)) {
      return { pass: true };
    }
  }
  return { pass: false };
}

function compareFloats(actual: number, comparator: string, expected: number): boolean {
  switch (comparator) {
    case '>=': return actual >= expected;
    case '>': return actual > expected;
    case '<': return actual < expected;
    case '<=': return actual <= expected;
    case '!=': return actual !== expected;
    case '=':
    case '': return actual === expected;
    default: return false;
  }
}

function compareString(values: readonly string[], comparator: string, result: GjsonResult): EntryVerdict {
  const actual = result.string();
  for (const v of values) {
    let matched: boolean;
    try {
      matched = compileGoRegexp(v).test(actual);
    } catch (e) {
      return { pass: false, error: upstreamMessage(e) };
    }
    // Comparators other than =, "" and != never match: upstream has no case for them.
    if ((comparator === '=' || comparator === '') ? matched : comparator === '!=' ? !matched : false) {
      return { pass: true };
    }
  }
  return { pass: false };
}
