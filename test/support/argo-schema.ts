import * as fs from 'fs';
import * as path from 'path';
import { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { isRecord, pathJoin } from 'resource-hooks/lint/finding';
import { closestName } from 'resource-hooks/lint/structure';

/**
 * Structural validation of Argo Events objects against the upstream JSON schema in
 * `../shared/conformance/argo-events/schema.json`, for tests that check what the constructs
 * synthesize. Two things are added to plain schema validation:
 *
 * - an unknown-field check: the schema never sets `additionalProperties: false`, yet a misspelled
 *   field (`atLeastonce`) is silently ignored by the controllers and is the commonest way a Sensor
 *   quietly does nothing;
 * - a few `required` lists are tolerated where they are stricter than the controllers (see
 *   REQUIRED_QUIRKS).
 */

const SCHEMA_FILE = path.resolve(__dirname, '..', '..', '..', 'shared', 'conformance', 'argo-events', 'schema.json');
const API_VERSION = 'argoproj.io/v1alpha1';
const DEFINITION_PREFIX = 'io.argoproj.events.v1alpha1.';
const KINDS = new Set(['Sensor', 'EventSource', 'EventBus']);

/**
 * The schema's `required` lists come from Go fields without `omitempty`, so some name fields the
 * controllers never require. Exactly these misses are tolerated, per definition:
 * - EventContext: a context filter compares only its non-empty fields;
 * - HTTPTrigger.payload and CustomTrigger.secure/payload: optional at runtime;
 * - AzureServiceBus*.topicName/subscriptionName: only needed when a topic is used instead of a queue;
 * - WebhookContext.url and WebhookEventSource.url: the webhook sources run without it.
 */
const REQUIRED_QUIRKS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries({
    EventContext: ['id', 'source', 'specversion', 'type', 'datacontenttype', 'subject', 'time'],
    HTTPTrigger: ['payload'],
    CustomTrigger: ['secure', 'payload'],
    AzureServiceBusEventSource: ['topicName', 'subscriptionName'],
    AzureServiceBusTrigger: ['topicName', 'subscriptionName'],
    WebhookContext: ['url'],
    WebhookEventSource: ['url'],
  }).map(([name, fields]) => [`${DEFINITION_PREFIX}${name}`, new Set(fields)]),
);

interface SchemaNode {
  readonly $ref?: string;
  readonly properties?: Record<string, SchemaNode>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly items?: SchemaNode;
}

interface LoadedSchema {
  readonly $id: string;
  readonly definitions: Record<string, SchemaNode>;
}

let ajv: Ajv | undefined;
let schema: LoadedSchema | undefined;
const validators = new Map<string, ValidateFunction>();

/** Whether the shared reference data (and so the schema) is present beside the repository. */
export function schemaAvailable(): boolean {
  return fs.existsSync(SCHEMA_FILE);
}

/**
 * Validates a Sensor, EventSource or EventBus against its upstream schema definition and reports
 * unknown fields. Returns one readable message per problem, each starting with its path (e.g.
 * `spec.triggers[0].retryStrategy.factor: must be number (found string "2")`). Objects of other
 * kinds give no messages. Throws when the schema is not available.
 */
export function validateAgainstSchema(obj: unknown): string[] {
  if (!isRecord(obj) || obj.apiVersion !== API_VERSION || typeof obj.kind !== 'string' || !KINDS.has(obj.kind)) {
    return [];
  }
  const definition = `${DEFINITION_PREFIX}${obj.kind}`;
  const validate = validatorFor(definition);
  const messages: string[] = [];
  if (!validate(obj)) {
    for (const error of validate.errors ?? []) {
      const located = locate(obj, definition, error.instancePath);
      if (!isQuirk(error, located.definition)) {
        messages.push(describeError(error, located));
      }
    }
  }
  collectUnknownFields(obj, loadSchema().definitions[definition], '', messages);
  return messages;
}

function loadSchema(): LoadedSchema {
  if (schema === undefined) {
    if (!schemaAvailable()) {
      throw new Error(`The Argo Events schema is missing: ${SCHEMA_FILE}`);
    }
    schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as LoadedSchema;
  }
  return schema;
}

function validatorFor(definition: string): ValidateFunction {
  let validate = validators.get(definition);
  if (validate === undefined) {
    if (ajv === undefined) {
      // The schema uses OpenAPI formats (int32, int-or-string) and keywords ajv does not know.
      ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
      ajv.addSchema(loadSchema() as object);
    }
    validate = ajv.compile({ $ref: `${loadSchema().$id}#/definitions/${definition}` });
    validators.set(definition, validate);
  }
  return validate;
}

/** Follows `$ref`s to the schema node they name, remembering the last definition passed. */
function resolve(node: SchemaNode, definition: string): { node: SchemaNode; definition: string } {
  let current = node;
  let name = definition;
  while (current.$ref !== undefined) {
    name = current.$ref.replace(/^#\/definitions\//, '');
    current = loadSchema().definitions[name];
  }
  return { node: current, definition: name };
}

interface Located {
  /** The instance path in finding notation. */
  readonly path: string;
  /** The value at that path. */
  readonly value: unknown;
  /** The schema definition that describes the value, when the path leads through one. */
  readonly definition?: string;
}

/** Walks an ajv instance path (a JSON pointer) through both the object and the schema. */
function locate(obj: unknown, rootDefinition: string, pointer: string): Located {
  let path = '';
  let value = obj;
  let at: { node: SchemaNode; definition: string } | undefined =
    resolve(loadSchema().definitions[rootDefinition], rootDefinition);
  const segments = pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  for (const segment of segments) {
    let child: SchemaNode | undefined;
    if (Array.isArray(value)) {
      path = pathJoin(path, Number(segment));
      value = value[Number(segment)];
      child = at?.node.items;
    } else {
      path = pathJoin(path, segment);
      value = isRecord(value) ? value[segment] : undefined;
      const properties = at?.node.properties;
      const extra = at?.node.additionalProperties;
      child = properties !== undefined && Object.hasOwn(properties, segment)
        ? properties[segment]
        : typeof extra === 'object' ? extra : undefined;
    }
    at = child === undefined || at === undefined ? undefined : resolve(child, at.definition);
  }
  return { path, value, definition: at?.definition };
}

function isQuirk(error: ErrorObject, definition: string | undefined): boolean {
  return error.keyword === 'required' && definition !== undefined &&
    (REQUIRED_QUIRKS.get(definition)?.has(error.params.missingProperty as string) ?? false);
}

function describeError(error: ErrorObject, { path, value }: Located): string {
  const where = path === '' ? '(object)' : path;
  switch (error.keyword) {
    case 'required':
      return `${pathJoin(path, error.params.missingProperty as string)}: required field is missing`;
    case 'type':
      return `${where}: must be ${String(error.params.type)} (found ${typeOf(value)} ${JSON.stringify(value)})`;
    case 'const':
      return `${where}: must be ${JSON.stringify(error.params.allowedValue)} (found ${JSON.stringify(value)})`;
    case 'enum':
      return `${where}: must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')} ` +
        `(found ${JSON.stringify(value)})`;
    default:
      return `${where}: ${error.message ?? error.keyword}`;
  }
}

function typeOf(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  return Array.isArray(value) ? 'array' : typeof value;
}

/**
 * Reports every object key that the matching schema node does not declare. Nodes with neither
 * `properties` nor `additionalProperties` (raw JSON such as `k8s.source.resource`) are free-form.
 */
function collectUnknownFields(value: unknown, node: SchemaNode, path: string, messages: string[]): void {
  const { node: resolved } = resolve(node, '');
  if (Array.isArray(value)) {
    if (resolved.items !== undefined) {
      value.forEach((item, i) => collectUnknownFields(item, resolved.items as SchemaNode, pathJoin(path, i), messages));
    }
    return;
  }
  if (!isRecord(value)) {
    return;
  }
  const properties = resolved.properties;
  const extra = typeof resolved.additionalProperties === 'object' ? resolved.additionalProperties : undefined;
  if (properties === undefined && extra === undefined) {
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    const childPath = pathJoin(path, key);
    if (properties !== undefined && Object.hasOwn(properties, key)) {
      collectUnknownFields(child, properties[key], childPath, messages);
    } else if (extra !== undefined) {
      collectUnknownFields(child, extra, childPath, messages);
    } else {
      const guess = closestName(key, Object.keys(properties ?? {}));
      messages.push(`${childPath}: unknown field ${JSON.stringify(key)}` +
        (guess === undefined ? ' (the controllers ignore it)' : ` (did you mean ${JSON.stringify(guess)}?)`));
    }
  }
}

