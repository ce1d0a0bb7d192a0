import { API_KINDS, ApiScalar, ApiStruct, ApiType, apiType } from './argo-api';
import {
  ArgoEventsVersion, DEFAULT_ARGO_EVENTS_VERSION, OPAQUE_EVENT_SOURCE_FIELDS, fieldAddedIn, removedField,
} from './argo-events-version';
import { Finding, FindingCollector, isRecord, pathJoin } from './finding';

/**
 * Structural checks of Sensors, EventSources and EventBuses against the description in
 * `argo-api.ts`:
 * - `structure/unknown-field`: a field the type does not have. The controllers' decoder matches
 *   field names case-sensitively and drops the rest, so a misspelled `atLeastonce` or a field one
 *   level too deep does nothing, silently.
 * - `structure/type`: a value of the wrong JSON type. The controller cannot decode the object, so
 *   it does not run as written; a quoted `factor` or `jitter` decodes but fails when the trigger
 *   runs, so the trigger never executes.
 * - `<kind>/field-ignored-by-version`: a field that the Argo Events release being linted for does
 *   not have yet. Its decoder drops it like a misspelled one, so the feature silently does not
 *   happen, although the field is right for newer releases.
 *
 * `null` is accepted everywhere (Go decodes it as the zero value).
 */
export function checkStructure(obj: unknown, options: StructureOptions = {}): Finding[] {
  const version = ArgoEventsVersion.of(options.argoEventsVersion ?? DEFAULT_ARGO_EVENTS_VERSION);
  if (!isRecord(obj) || obj.apiVersion !== 'argoproj.io/v1alpha1' || typeof obj.kind !== 'string') {
    return [];
  }
  const root = API_KINDS.get(obj.kind);
  if (root === undefined) {
    return [];
  }
  const walk: Walk = { out: new FindingCollector(obj.kind, obj), version, ignoredRule: IGNORED_BY_VERSION_RULES[obj.kind] };
  check(walk, obj, apiType(root), '', undefined);
  if (obj.kind === 'EventSource') {
    checkOpaqueEventSourceFields(walk, obj.spec);
  }
  return walk.out.findings;
}

/** Settings of {@link checkStructure}. */
export interface StructureOptions {
  /**
   * The Argo Events release whose fields are known, `1.9.0` to `1.9.11`.
   * @default '1.9.0'
   */
  readonly argoEventsVersion?: string;
}

const IGNORED_BY_VERSION_RULES: Record<string, string> = {
  Sensor: 'sensor/field-ignored-by-version',
  EventSource: 'eventsource/field-ignored-by-version',
  EventBus: 'eventbus/field-ignored-by-version',
};

/** What happens instead, for the fields whose absence changes what a hook does. */
const WITHOUT_FIELD: Record<string, string> = {
  'Trigger.dlqTrigger': 'no dead-letter trigger runs when the trigger fails for good',
  'HTTPTrigger.dynamicHeaders': 'the request is sent without these headers',
  'HTTPTrigger.host': 'the request is sent with the Host header of its URL',
  'TimeFilter.timezone': 'the time window is read as UTC',
  'TLSConfig.enabled': 'TLS is used only when certificates are configured',
};

/** One walk over an object. */
interface Walk {
  readonly out: FindingCollector;
  readonly version: ArgoEventsVersion;
  readonly ignoredRule: string;
}

function reportIgnored(walk: Walk, path: string, what: string, since: number, effect = 'the setting has no effect'): void {
  walk.out.warning(walk.ignoredRule, path,
    `${what} exists from Argo Events 1.9.${since} on. The ${walk.version} controller and pods drop it when they decode ` +
    `the object (it stays in the stored manifest), so ${effect}. If the cluster runs 1.9.${since} or newer, lint for ` +
    `that release (--argo-events-version); otherwise remove the field or upgrade Argo Events.`);
}

// Inside event source types described by name only, the few fields newer releases added.
function checkOpaqueEventSourceFields(walk: Walk, spec: unknown): void {
  if (!isRecord(spec)) {
    return;
  }
  for (const [type, fields] of Object.entries(OPAQUE_EVENT_SOURCE_FIELDS)) {
    const events = spec[type];
    if (!isRecord(events)) {
      continue;
    }
    for (const [name, event] of Object.entries(events)) {
      for (const [field, since] of Object.entries(fields)) {
        if (isRecord(event) && Object.hasOwn(event, field) && !walk.version.atLeast(since)) {
          reportIgnored(walk, pathJoin('spec', type, name, field), `The ${type} event source field ${field}`, since);
        }
      }
    }
  }
}

/** The structure that holds the value being checked, for the hint about fields one level too deep. */
interface Enclosing {
  readonly struct: ApiStruct;
  readonly path: string;
}

function check(walk: Walk, value: unknown, type: ApiType, path: string, enclosing: Enclosing | undefined): void {
  const { out } = walk;
  if (value === null || value === undefined) {
    return;
  }
  switch (type.kind) {
    case 'scalar':
      checkScalar(out, value, type.scalar, path);
      return;
    case 'list':
      if (!Array.isArray(value)) {
        typeError(out, path, 'a list', value);
        return;
      }
      value.forEach((item, i) => check(walk, item, type.items, pathJoin(path, i), enclosing));
      return;
    case 'map':
      if (!isRecord(value)) {
        typeError(out, path, 'a map', value);
        return;
      }
      for (const [key, item] of Object.entries(value)) {
        check(walk, item, type.values, pathJoin(path, key), enclosing);
      }
      return;
    case 'struct':
      if (!isRecord(value)) {
        typeError(out, path, 'an object', value);
        return;
      }
      checkStruct(walk, value, type, path, enclosing);
      return;
  }
}

function checkStruct(
  walk: Walk, value: Record<string, unknown>, struct: ApiStruct, path: string, enclosing: Enclosing | undefined,
): void {
  const here: Enclosing = { struct, path };
  for (const [key, child] of Object.entries(value)) {
    const childPath = pathJoin(path, key);
    const expression = Object.hasOwn(struct.fields, key) ? struct.fields[key] : undefined;
    const removed = removedField(struct.name, key);
    if (expression !== undefined) {
      const since = fieldAddedIn(struct.name, key);
      if (since !== undefined && !walk.version.atLeast(since)) {
        // Dropped with everything inside it, so its contents are not checked.
        reportIgnored(walk, childPath, `${struct.name}.${key}`, since, WITHOUT_FIELD[`${struct.name}.${key}`]);
      } else {
        check(walk, child, apiType(expression), childPath, here);
      }
    } else if (removed !== undefined && !walk.version.atLeast(removed.until)) {
      check(walk, child, apiType(removed.type), childPath, here);
    } else {
      walk.out.error('structure/unknown-field', childPath, unknownFieldMessage(key, struct, enclosing, walk.version));
    }
  }
}

function unknownFieldMessage(key: string, struct: ApiStruct, enclosing: Enclosing | undefined, version: ArgoEventsVersion): string {
  const what = `${struct.name} has no field ${JSON.stringify(key)}, so Argo Events ignores it and the setting has no effect.`;
  const removed = removedField(struct.name, key);
  if (removed !== undefined) {
    return `${struct.name} has no field ${JSON.stringify(key)} from Argo Events 1.9.${removed.until} on, so Argo Events ` +
      `${version} ignores it and the setting has no effect.` +
      (removed.replacedBy === undefined ? '' : ` Use ${JSON.stringify(removed.replacedBy)} instead.`);
  }
  if (enclosing !== undefined && Object.hasOwn(enclosing.struct.fields, key)) {
    return `${what} It belongs one level up: move it to ${pathJoin(enclosing.path, key)}.`;
  }
  const hint = closestHint(key, struct);
  return hint === '' ? `${what} Remove it, or check the field names of ${struct.name}.` : `${what}${hint}`;
}

function closestHint(key: string, struct: ApiStruct): string {
  const guess = closestName(key, Object.keys(struct.fields));
  return guess === undefined ? '' : ` Did you mean ${JSON.stringify(guess)}?`;
}

// Go's time.RFC3339 layout, with optional fractional seconds.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function checkScalar(out: FindingCollector, value: unknown, scalar: ApiScalar, path: string): void {
  switch (scalar) {
    case 'string':
      if (typeof value !== 'string') {
        typeError(out, path, 'a string', value, typeof value === 'number' || typeof value === 'boolean'
          ? ` Quote it: "${String(value)}".` : '');
      }
      return;
    case 'integer':
      if (!Number.isInteger(value)) {
        typeError(out, path, 'an integer', value);
      }
      return;
    case 'number':
      if (typeof value !== 'number') {
        typeError(out, path, 'a number', value);
      }
      return;
    case 'boolean':
      if (typeof value !== 'boolean') {
        typeError(out, path, 'true or false', value);
      }
      return;
    case 'int-or-string':
      if (typeof value !== 'string' && !Number.isInteger(value)) {
        typeError(out, path, 'a string or an integer', value);
      }
      return;
    case 'quantity':
      if (typeof value !== 'string' && typeof value !== 'number') {
        typeError(out, path, 'a quantity such as "10Gi"', value);
      }
      return;
    case 'time':
      if (typeof value !== 'string' || !RFC3339.test(value)) {
        typeError(out, path, 'an RFC 3339 time such as "2024-01-31T12:00:00Z"', value);
      }
      return;
    case 'object':
      if (!isRecord(value)) {
        typeError(out, path, 'an object', value);
      }
      return;
    case 'amount':
      if (typeof value !== 'number') {
        out.error('structure/type', path,
          `Expected a JSON number, found ${describeValue(value)}. Argo Events parses it only when the trigger ` +
          `runs, and the parse fails, so the trigger is never executed. Write it unquoted` +
          (typeof value === 'string' && value !== '' && Number.isFinite(Number(value)) ? `: ${Number(value)}.` : '.'));
      }
      return;
  }
}

function typeError(out: FindingCollector, path: string, expected: string, value: unknown, fix = ''): void {
  out.undecodable('structure/type', path,
    `Expected ${expected}, found ${describeValue(value)}; Argo Events cannot decode the object, so it does not ` +
    `run as written.${fix}`,
    `${path}: expected ${expected}, found ${describeValue(value)}`);
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (isRecord(value)) {
    return 'an object';
  }
  return `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * The known name a misspelled one most likely meant: the same letters in another case, or a few
 * edits away (one for names of up to four letters, two for longer ones; the nearest wins).
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = name.length <= 4 ? 2 : 3;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
