import { DocumentOptions, ParseOptions, SchemaOptions, Tags, parseAllDocuments } from 'yaml';
import { KubeObject } from './cluster';
import { EngineError } from './errors';

/**
 * Kubernetes tooling reads YAML with YAML 1.1 rules (`yes`/`on` are booleans) but keeps
 * timestamps as strings; the same options are used everywhere manifests are parsed.
 */
export const KUBE_YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  customTags: (tags: Tags) => tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp'),
};

function isObject(value: unknown): value is KubeObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Parses a YAML or JSON stream (`---`-separated documents) into plain values, one per non-empty
 * document.
 * @param source the file name used in error messages
 * @throws EngineError naming the file, line and column of a syntax error
 */
export function parseYamlStream(text: string, source = '<input>'): unknown[] {
  const values: unknown[] = [];
  for (const doc of parseAllDocuments(text, KUBE_YAML_OPTIONS)) {
    const error = doc.errors[0];
    if (error) {
      const pos = error.linePos?.[0];
      const at = pos ? `${source}:${pos.line}:${pos.col}` : source;
      throw new EngineError(`${at}: ${error.message.split('\n')[0]}`);
    }
    const value: unknown = doc.toJS();
    if (value !== null && value !== undefined) {
      values.push(value);
    }
  }
  return values;
}

/**
 * Parses a stream of Kubernetes objects. `kind: List` documents are flattened into their items.
 * @param source the file name used in error messages
 * @throws EngineError naming the file, line and column of a syntax error, or the document that is
 *   not an object
 */
export function parseManifests(text: string, source = '<input>'): KubeObject[] {
  const objects: KubeObject[] = [];
  parseYamlStream(text, source).forEach((value, index) => {
    if (!isObject(value)) {
      throw new EngineError(`${source}: document ${index + 1} is not an object (got ${Array.isArray(value) ? 'a list' : typeof value})`);
    }
    if (value.kind === 'List' && Array.isArray(value.items)) {
      value.items.forEach((item: unknown, i: number) => {
        if (!isObject(item)) {
          throw new EngineError(`${source}: document ${index + 1} items[${i}] is not an object`);
        }
        objects.push(item);
      });
      return;
    }
    objects.push(value);
  });
  return objects;
}

/** `Kind/namespace/name` (or `Kind/name`), how diagnostics name an object. */
export function describeObject(object: KubeObject): string {
  const metadata = isObject(object.metadata) ? object.metadata : {};
  const kind = typeof object.kind === 'string' ? object.kind : 'Object';
  const name = typeof metadata.name === 'string' ? metadata.name : '<unnamed>';
  return typeof metadata.namespace === 'string' && metadata.namespace !== ''
    ? `${kind}/${metadata.namespace}/${name}`
    : `${kind}/${name}`;
}
