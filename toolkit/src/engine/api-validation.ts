/**
 * The checks the Kubernetes API server applies to a written object that matter for objects a
 * Sensor renders: decoding into the typed object (a string where an integer belongs, a number in
 * a label map) and metadata validation (names, labels, owner references). An object that fails
 * is refused with the API server's message, as the k8s trigger would see it.
 */

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Integer fields of kinds hooks create, by `group/Kind`, as `[path, Go struct.field name]`. */
const INTEGER_FIELDS: Record<string, readonly (readonly [string, string])[]> = {
  'batch/Job': [
    ['spec.ttlSecondsAfterFinished', 'JobSpec.spec.ttlSecondsAfterFinished of type int32'],
    ['spec.activeDeadlineSeconds', 'JobSpec.spec.activeDeadlineSeconds of type int64'],
    ['spec.backoffLimit', 'JobSpec.spec.backoffLimit of type int32'],
    ['spec.parallelism', 'JobSpec.spec.parallelism of type int32'],
    ['spec.completions', 'JobSpec.spec.completions of type int32'],
  ],
  '/Event': [
    ['count', 'Event.count of type int32'],
  ],
};

function goKind(value: unknown): string {
  if (Array.isArray(value)) {
    return 'array';
  }
  if (value === null) {
    return 'null';
  }
  return typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'bool' : 'object';
}

function at(object: Json, path: string): unknown {
  let current: unknown = object;
  for (const part of path.split('.')) {
    if (!isObject(current)) {
      return undefined;
    }
    current = current[part];
  }
  return current;
}

/** Why the API server cannot decode the object into its type, if so. */
function decodeError(object: Json, group: string, kind: string): string | undefined {
  const metadata = isObject(object.metadata) ? object.metadata : {};
  for (const field of ['labels', 'annotations']) {
    const map = metadata[field];
    if (map === undefined || map === null) {
      continue;
    }
    if (!isObject(map)) {
      return `json: cannot unmarshal ${goKind(map)} into Go struct field ObjectMeta.metadata.${field} of type map[string]string`;
    }
    const bad = Object.values(map).find((v) => typeof v !== 'string');
    if (bad !== undefined) {
      return `json: cannot unmarshal ${goKind(bad)} into Go struct field ObjectMeta.metadata.${field} of type string`;
    }
  }
  for (const [path, field] of INTEGER_FIELDS[`${group}/${kind}`] ?? []) {
    const value = at(object, path);
    if (value === undefined || value === null) {
      continue;
    }
    if (typeof value !== 'number') {
      return `json: cannot unmarshal ${goKind(value)} into Go struct field ${field}`;
    }
    if (!Number.isInteger(value)) {
      return `json: cannot unmarshal number ${value} into Go struct field ${field}`;
    }
  }
  return undefined;
}

/** `metadata` validation: name, label keys and values, owner references. */
function metadataErrors(object: Json, group: string, kind: string): string[] {
  const metadata = isObject(object.metadata) ? object.metadata : {};
  const errors: string[] = [];
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  if (name && (name.length > 253 || !DNS1123_SUBDOMAIN.test(name))) {
    errors.push(`metadata.name: Invalid value: ${JSON.stringify(name)}: a lowercase RFC 1123 subdomain must consist of lower case `
      + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
      + "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  }
  if (group === 'batch' && kind === 'Job' && name.length > 63) {
    // The Job's name becomes the value of the job-name label on its pods.
    errors.push(`spec.template.labels: Invalid value: ${JSON.stringify(name)}: must be no more than 63 characters`);
  }
  for (const [key, value] of Object.entries(isObject(metadata.labels) ? metadata.labels : {})) {
    const keyError = qualifiedNameError(key);
    if (keyError) {
      errors.push(`metadata.labels: Invalid value: ${JSON.stringify(key)}: ${keyError}`);
    }
    const text = String(value);
    if (text.length > 63) {
      errors.push(`metadata.labels: Invalid value: ${JSON.stringify(text)}: must be no more than 63 characters`);
    } else if (!LABEL_VALUE.test(text)) {
      errors.push(`metadata.labels: Invalid value: ${JSON.stringify(text)}: a valid label must be an empty string or consist of `
        + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
    }
  }
  const owners = metadata.ownerReferences;
  if (owners !== undefined && owners !== null) {
    if (!Array.isArray(owners)) {
      errors.push(`metadata.ownerReferences: Invalid value: must be a list, not ${goKind(owners)}`);
    } else {
      owners.forEach((owner) => {
        const o = isObject(owner) ? owner : {};
        for (const [field, words] of [['apiVersion', 'version'], ['kind', 'kind'], ['name', 'name'], ['uid', 'uid']] as const) {
          if (typeof o[field] !== 'string' || o[field] === '') {
            errors.push(`metadata.ownerReferences.${field}: Invalid value: "": ${words} must not be empty`);
          }
        }
      });
    }
  }
  return errors;
}

/** A label key: an optional DNS subdomain prefix and `/`, then a name of at most 63 characters. */
function qualifiedNameError(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : '';
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (slash >= 0 && (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
    return 'prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\'';
  }
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
      + 'character, with at most 63 characters';
  }
  return undefined;
}

/**
 * The API server's answer to writing `object`, or `undefined` when it is accepted. Decoding
 * errors come first (the server cannot even read the object), then validation errors.
 */
export function apiServerRejection(object: Json, group: string, kind: string): string | undefined {
  const decode = decodeError(object, group, kind);
  if (decode) {
    return `${kind} in version "${versionOf(object)}" cannot be handled as a ${kind}: ${decode}`;
  }
  const errors = metadataErrors(object, group, kind);
  if (errors.length === 0) {
    return undefined;
  }
  const name = isObject(object.metadata) && typeof object.metadata.name === 'string' ? object.metadata.name : '';
  const list = errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
  return `${kind}${group ? '.' + group : ''} ${JSON.stringify(name)} is invalid: ${list}`;
}

function versionOf(object: Json): string {
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  return apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
}
