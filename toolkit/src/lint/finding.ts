/** How bad a finding is: `error` means the object does not work as written, `warning` that it may not. */
export type Severity = 'error' | 'warning';

/** One problem found in one manifest object. */
export interface Finding {
  /** Stable rule id, e.g. `sensor/no-dependencies`. */
  readonly rule: string;
  readonly severity: Severity;
  /** Kind of the object the finding is about, e.g. `Sensor`. */
  readonly kind: string;
  /** `metadata.name` of the object (empty when it has none). */
  readonly name: string;
  readonly namespace?: string;
  /** Where in the object, e.g. `spec.triggers[0].template.http.url`. */
  readonly path: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
  /**
   * For the rules the Argo Events controller enforces: the error it reports, as `argo-events lint`
   * prints it after `Error:`.
   */
  readonly controllerError?: ControllerError;
}

/** How the Argo Events controller reports a problem that makes it reject an object. */
export interface ControllerError {
  /**
   * `validate`: the controller's validation rejects the object, and `message` is its error word for
   * word. `decode`: the object cannot even be decoded (a value of the wrong type); the controller's
   * decoder error names Go types, so `message` names the path and the expected type instead.
   */
  readonly stage: 'validate' | 'decode';
  readonly message: string;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Appends keys to a path in the notation findings use: `a.b` for plain keys, `a[0]` for array
 * indexes, and `a["x.y"]` for map keys that would be ambiguous with a dot (event names, label keys).
 */
export function pathJoin(base: string, ...keys: ReadonlyArray<string | number>): string {
  let out = base;
  for (const key of keys) {
    if (typeof key === 'number') {
      out += `[${key}]`;
    } else if (PLAIN_KEY.test(key)) {
      out += out === '' ? key : `.${key}`;
    } else {
      out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

/** Collects findings about one manifest object. */
export class FindingCollector {
  public readonly findings: Finding[] = [];
  private readonly kind: string;
  private readonly name: string;
  private readonly namespace?: string;

  constructor(kind: string, obj: unknown) {
    const metadata = isRecord(obj) && isRecord(obj.metadata) ? obj.metadata : {};
    this.kind = kind;
    this.name = typeof metadata.name === 'string' ? metadata.name : '';
    if (typeof metadata.namespace === 'string' && metadata.namespace !== '') {
      this.namespace = metadata.namespace;
    }
  }

  public error(rule: string, path: string, message: string): void {
    this.add({ rule, severity: 'error', kind: this.kind, name: this.name, path, message });
  }

  public warning(rule: string, path: string, message: string): void {
    this.add({ rule, severity: 'warning', kind: this.kind, name: this.name, path, message });
  }

  /** An error the controller reports with `controllerMessage` when its validation rejects the object. */
  public rejected(rule: string, path: string, message: string, controllerMessage: string): void {
    this.add({
      rule, severity: 'error', kind: this.kind, name: this.name, path, message,
      controllerError: { stage: 'validate', message: controllerMessage },
    });
  }

  /** An error that keeps the controller from decoding the object at all. */
  public undecodable(rule: string, path: string, message: string, decodeMessage: string): void {
    this.add({
      rule, severity: 'error', kind: this.kind, name: this.name, path, message,
      controllerError: { stage: 'decode', message: decodeMessage },
    });
  }

  private add(finding: Finding): void {
    const { controllerError, ...rest } = finding;
    const located = this.namespace === undefined ? rest : { ...rest, namespace: this.namespace };
    this.findings.push(controllerError === undefined ? located : { ...located, controllerError });
  }
}

/** A plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
