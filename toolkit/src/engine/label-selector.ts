import { EngineError } from './errors';

/** One `filter.labels[]` entry of a resource EventSource. */
export interface SelectorRequirement {
  readonly key: string;
  /** A Kubernetes selector operator (`=`, `==`, `!=`, `in`, `notin`, `exists`, `!`, `gt`, `lt`); empty means `=`. */
  readonly operation?: string;
  readonly value?: string;
}

type Operator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

const OPERATORS: readonly Operator[] = ['in', 'notin', '=', '==', '!=', 'exists', '!', 'gt', 'lt'];

interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  readonly values: readonly string[];
}

/**
 * A Kubernetes label selector built the way Argo Events' resource EventSource builds it from
 * `filter.labels`: each entry becomes one apimachinery `labels.Requirement` (validated like
 * `labels.NewRequirement`), and all requirements must hold. The selector is sent to the API
 * server as a list option, so this class stands in for the server-side filtering.
 */
export class LabelSelector {
  /** Throws EngineError with apimachinery's message when an entry is invalid. */
  public static fromSelectors(selectors: SelectorRequirement[]): LabelSelector {
    const reqs = selectors.map(toRequirement);
    // labels.Selector.Add keeps requirements sorted by key
    const sorted = reqs.map((r, i) => ({ r, i })).sort((a, b) => compareBytes(a.r.key, b.r.key) || a.i - b.i).map((x) => x.r);
    return new LabelSelector(sorted);
  }

  /** The `key=value` requirements (also `in` with one value), in reverse key order. */
  private readonly equalities: ReadonlyArray<readonly [string, string]>;

  private constructor(private readonly requirements: readonly Requirement[]) {
    this.equalities = requirements
      .filter((r) => (r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1)
      .map((r) => [r.key, r.values[0]] as const)
      .reverse();
  }

  /** True when every requirement holds for `labels` (absent labels are an empty set). */
  public matches(labels: Record<string, string> | undefined): boolean {
    const ls = labels ?? {};
    // Equality requirements first: a hub tests every watch's selector on every change, and most
    // fail on the one label that names their target.
    for (let i = 0; i < this.equalities.length; i++) {
      const [key, value] = this.equalities[i];
      if (ls[key] !== value || !Object.prototype.hasOwnProperty.call(ls, key)) {
        return false;
      }
    }
    for (const r of this.requirements) {
      if (!requirementMatches(r, ls)) {
        return false;
      }
    }
    return true;
  }

  /** The labels an object must carry to match: the `key=value` requirements (and `in` with one value). */
  public requiredLabels(): ReadonlyArray<readonly [string, string]> {
    return this.equalities;
  }

  /** The selector string sent to the API server (apimachinery's `Selector.String()`). */
  public toString(): string {
    return this.requirements.map(requirementString).join(',');
  }
}

function toRequirement(sel: SelectorRequirement): Requirement {
  const op = sel.operation ? sel.operation : '=';
  const value = sel.value ?? '';
  let values: string[];
  if ((op === 'exists' || op === '!') && value === '') {
    values = [];
  } else if (op === 'in' || op === 'notin') {
    // split without trimming: "a, b" holds the value " b", which is not a valid label value
    values = value.split(',');
  } else {
    values = [value];
  }
  const errors: string[] = [];
  const keyErrors = qualifiedNameErrors(sel.key);
  if (keyErrors.length > 0) {
    errors.push(`key: Invalid value: ${goQuote(sel.key)}: ${keyErrors.join('; ')}`);
  }
  switch (op) {
    case 'in':
    case 'notin':
      if (values.length === 0) {
        errors.push(`values: Invalid value: ${goSlice(values)}: for 'in', 'notin' operators, values set can't be empty`);
      }
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) {
        errors.push(`values: Invalid value: ${goSlice(values)}: exact-match compatibility requires one single value`);
      }
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) {
        errors.push(`values: Invalid value: ${goSlice(values)}: values set must be empty for exists and does not exist`);
      }
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) {
        errors.push(`values: Invalid value: ${goSlice(values)}: for 'Gt', 'Lt' operators, exactly one value is required`);
      }
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined) {
          errors.push(`values[${i}]: Invalid value: ${goQuote(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
        }
      });
      break;
    default:
      errors.push(`operator: Unsupported value: ${goQuote(op)}: supported values: ${OPERATORS.map(goQuote).join(', ')}`);
  }
  values.forEach((v, i) => {
    const valueErrors = labelValueErrors(v);
    if (valueErrors.length > 0) {
      errors.push(`values[${i}][${sel.key}]: Invalid value: ${goQuote(v)}: ${valueErrors.join('; ')}`);
    }
  });
  if (errors.length > 0) {
    const unique = [...new Set(errors)];
    throw new EngineError(unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`);
  }
  return { key: sel.key, operator: op as Operator, values };
}

function requirementMatches(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] : '';
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(value);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || r.values.length !== 1) {
        return false;
      }
      const actual = parseInt64(value);
      const bound = parseInt64(r.values[0]);
      if (actual === undefined || bound === undefined) {
        return false;
      }
      return r.operator === 'gt' ? actual > bound : actual < bound;
    }
  }
}

function requirementString(r: Requirement): string {
  let s = r.operator === '!' ? '!' + r.key : r.key;
  switch (r.operator) {
    case 'exists':
    case '!':
      return s;
    case 'in':
      s += ' in ';
      break;
    case 'notin':
      s += ' notin ';
      break;
    case 'gt':
      s += '>';
      break;
    case 'lt':
      s += '<';
      break;
    default:
      s += r.operator;
  }
  // several values are printed sorted, without changing the requirement itself
  const values = r.values.length === 1 ? r.values[0] : [...r.values].sort(compareBytes).join(',');
  return r.operator === 'in' || r.operator === 'notin' ? `${s}(${values})` : s + values;
}

// ---------------------------------------------------------------------------------------------
// apimachinery validation (k8s.io/apimachinery/pkg/util/validation)

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

function regexError(msg: string, fmt: string, ...examples: string[]): string {
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

/** Lengths are counted in UTF-8 bytes, as Go does. */
function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function qualifiedNameErrors(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) {
      errs.push('prefix part must be non-empty');
    } else {
      if (byteLength(prefix) > 253) {
        errs.push('prefix part must be no more than 253 characters');
      }
      if (!DNS1123_SUBDOMAIN.test(prefix)) {
        errs.push('prefix part ' + regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'));
      }
    }
  } else {
    return [
      'a qualified name ' + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc') +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) {
    errs.push('name part must be non-empty');
  } else if (byteLength(name) > 63) {
    errs.push('name part must be no more than 63 characters');
  }
  if (!QUALIFIED_NAME.test(name)) {
    errs.push('name part ' + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc'));
  }
  return errs;
}

function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) {
    errs.push('must be no more than 63 characters');
  }
  if (!LABEL_VALUE.test(value)) {
    errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  }
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Go helpers

/** strconv.ParseInt(s, 10, 64). */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) {
    return undefined;
  }
  const n = BigInt(s);
  return n >= -(2n ** 63n) && n < 2n ** 63n ? n : undefined;
}

/** Go's `%q` for the strings that appear in these messages. */
function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** Go's `%#v` of a `[]string`. */
function goSlice(values: readonly string[]): string {
  return `[]string{${values.map(goQuote).join(', ')}}`;
}

/** Go string order (byte-wise UTF-8, which is code point order). */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
