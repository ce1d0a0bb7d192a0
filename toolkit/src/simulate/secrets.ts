import { Json, isObject, nameOf, objectOf, sameNamespace } from './json-access';

interface Entry {
  readonly namespace: string;
  readonly name: string;
  readonly data: Readonly<Record<string, string>>;
}

/**
 * Secrets and ConfigMaps given to the simulator. Argo Events mounts the ones a Sensor references
 * into the Sensor pod and reads them as files (one trailing newline trimmed); lookups here
 * return the same text.
 */
export class SecretStore {
  private readonly secrets: Entry[] = [];
  private readonly configMaps: Entry[] = [];

  /** Records the object if it is a Secret or ConfigMap. */
  add(object: Json): void {
    if (object.apiVersion !== 'v1') {
      return;
    }
    const { name, namespace } = nameOf(object);
    if (object.kind === 'Secret') {
      const data: Record<string, string> = {};
      for (const [k, v] of Object.entries(objectOf(object.data))) {
        if (typeof v === 'string') {
          data[k] = Buffer.from(v, 'base64').toString('utf8');
        }
      }
      for (const [k, v] of Object.entries(objectOf(object.stringData))) {
        if (typeof v === 'string') {
          data[k] = v;
        }
      }
      this.secrets.push({ name, namespace, data });
    }
    if (object.kind === 'ConfigMap') {
      const data: Record<string, string> = {};
      for (const [k, v] of Object.entries(objectOf(object.data))) {
        if (typeof v === 'string') {
          data[k] = v;
        }
      }
      this.configMaps.push({ name, namespace, data });
    }
  }

  /** The value of a `secretKeyRef` as the Sensor in `namespace` reads it, if the Secret was given. */
  secret(namespace: string, selector: unknown): string | undefined {
    return lookup(this.secrets, namespace, selector);
  }

  /** The value of a `configMapKeyRef`, if the ConfigMap was given. */
  configMap(namespace: string, selector: unknown): string | undefined {
    return lookup(this.configMaps, namespace, selector);
  }
}

function lookup(entries: readonly Entry[], namespace: string, selector: unknown): string | undefined {
  if (!isObject(selector)) {
    return undefined;
  }
  const entry = entries.find((e) => e.name === selector.name && sameNamespace(e.namespace, namespace));
  const value = entry && typeof selector.key === 'string' ? entry.data[selector.key] : undefined;
  return value === undefined ? undefined : value.replace(/\n$/, '');
}
