/**
 * Kubernetes' limits on the strings that become object names, namespaces, label keys and values
 * and Secret keys (apimachinery `validation.IsDNS1123Label`, `IsDNS1123Subdomain`,
 * `IsQualifiedName`, `IsValidLabelValue`, `IsConfigMapKey`). The API server refuses an object that
 * breaks them, and for objects a Sensor creates at run time that refusal only shows in its log, so
 * every property that ends up as one is checked when the app is synthesized.
 *
 * Each check throws an error that names where the value came from, the property, the value and
 * what Kubernetes accepts.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** Longest DNS-1123 label (namespaces, Service names, label name parts and values). */
export const DNS_LABEL_MAX = 63;
/** Longest DNS-1123 subdomain (most object names, label key prefixes). */
export const DNS_SUBDOMAIN_MAX = 253;

/** Why `value` is not a DNS-1123 label of at most `max` characters, or undefined when it is. */
export function dnsLabelProblem(value: string, max = DNS_LABEL_MAX): string | undefined {
  if (value.length === 0) {
    return 'is empty';
  }
  if (value.length > max) {
    return `has ${value.length} characters, more than the ${max} allowed`;
  }
  if (!DNS_LABEL.test(value)) {
    return 'is not a DNS-1123 label: only lowercase letters, digits and "-", starting and ending with a letter or digit';
  }
  return undefined;
}

/** Why `value` is not a DNS-1123 subdomain of at most `max` characters, or undefined when it is. */
export function dnsSubdomainProblem(value: string, max = DNS_SUBDOMAIN_MAX): string | undefined {
  if (value.length === 0) {
    return 'is empty';
  }
  if (value.length > max) {
    return `has ${value.length} characters, more than the ${max} allowed`;
  }
  if (!DNS_SUBDOMAIN.test(value)) {
    return 'is not a DNS-1123 subdomain: only lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit';
  }
  return undefined;
}

/** Why `key` is not a label (or annotation, condition type) key, or undefined when it is. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined) {
    const problem = dnsSubdomainProblem(prefix);
    if (problem !== undefined) {
      return `has a prefix "${prefix}" that ${problem}`;
    }
  }
  if (name.length === 0) {
    return 'has an empty name part';
  }
  if (name.length > DNS_LABEL_MAX) {
    return `has a name part of ${name.length} characters, more than the ${DNS_LABEL_MAX} allowed`;
  }
  if (!QUALIFIED_NAME.test(name)) {
    return `has a name part "${name}" with characters other than letters, digits, "-", "_" and ".", or that does not start and end with a letter or digit`;
  }
  return undefined;
}

/** Why `value` is not a label value, or undefined when it is (empty is allowed). */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > DNS_LABEL_MAX) {
    return `has ${value.length} characters, more than the ${DNS_LABEL_MAX} allowed`;
  }
  if (value !== '' && !QUALIFIED_NAME.test(value)) {
    return 'has characters other than letters, digits, "-", "_" and ".", or does not start and end with a letter or digit';
  }
  return undefined;
}

/** Why `key` is not a key of a Secret or ConfigMap, or undefined when it is. */
export function secretKeyProblem(key: string): string | undefined {
  if (key.length === 0) {
    return 'is empty';
  }
  if (key.length > DNS_SUBDOMAIN_MAX) {
    return `has ${key.length} characters, more than the ${DNS_SUBDOMAIN_MAX} allowed`;
  }
  if (!SECRET_KEY.test(key) || key === '.' || key === '..') {
    return 'is not a Secret key: only letters, digits, "-", "_" and ".", and not "." or ".."';
  }
  return undefined;
}

function fail(where: string, property: string, value: string, problem: string, fix: string): never {
  throw new Error(`${where}: ${property} ${JSON.stringify(value)} ${problem}; ${fix}`);
}

/** A namespace: a DNS-1123 label. */
export function checkNamespace(where: string, property: string, value: string): void {
  const problem = dnsLabelProblem(value);
  if (problem !== undefined) {
    fail(where, property, value, problem, `use a namespace name of at most ${DNS_LABEL_MAX} lowercase letters, digits and "-", such as "team-a"`);
  }
}

/** An object name that must be a DNS-1123 label of at most `max` characters. */
export function checkDnsLabel(where: string, property: string, value: string, max = DNS_LABEL_MAX, why = ''): void {
  const problem = dnsLabelProblem(value, max);
  if (problem !== undefined) {
    fail(where, property, value, problem, `use at most ${max} lowercase letters, digits and "-"${why}`);
  }
}

/** An object name that must be a DNS-1123 subdomain (most kinds). */
export function checkObjectName(where: string, property: string, value: string): void {
  const problem = dnsSubdomainProblem(value);
  if (problem !== undefined) {
    fail(where, property, value, problem, `use the object's metadata.name: at most ${DNS_SUBDOMAIN_MAX} lowercase letters, digits, "-" and "."`);
  }
}

/** A label key and value, e.g. of a label selector. */
export function checkLabel(where: string, property: string, key: string, value: string): void {
  const keyProblem = labelKeyProblem(key);
  if (keyProblem !== undefined) {
    fail(where, `${property} key`, key, keyProblem, 'label keys are [prefix/]name with a DNS subdomain prefix and a name of at most 63 letters, digits, "-", "_" or "."');
  }
  const valueProblem = labelValueProblem(value);
  if (valueProblem !== undefined) {
    fail(where, `${property} value of ${key}`, value, valueProblem, 'label values are empty or at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit');
  }
}

/** A key of a Secret (or ConfigMap). */
export function checkSecretKey(where: string, property: string, key: string): void {
  const problem = secretKeyProblem(key);
  if (problem !== undefined) {
    fail(where, property, key, problem, 'use the name of a key of the Secret\'s data, such as "token"');
  }
}
