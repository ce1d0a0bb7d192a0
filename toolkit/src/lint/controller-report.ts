import { Finding } from './finding';

/**
 * What the Argo Events controller of the linted release makes of one EventSource or Sensor,
 * as upstream's `argo-events lint` reports it: valid, rejected by validation, or not decodable.
 */
export interface ControllerVerdict {
  readonly file: string;
  /** The object's YAML document in its file (1-based), present when the file has several. */
  readonly document?: number;
  readonly kind: 'EventSource' | 'Sensor';
  readonly name: string;
  readonly namespace?: string;
  readonly result: 'valid' | 'invalid' | 'undecodable';
  /**
   * The controller's errors, distinct and in the order it checks: the first is the one the
   * controller (and upstream's `argo-events lint`) reports; the others are what it would report
   * next, once the earlier ones are fixed. For `undecodable`, the values that cannot be decoded.
   */
  readonly errors: readonly string[];
}

/** The kinds upstream's `argo-events lint` reports on. */
export function isReportedKind(kind: unknown): kind is ControllerVerdict['kind'] {
  return kind === 'EventSource' || kind === 'Sensor';
}

/** The verdict on one object from its findings (after disabled rules are dropped). */
export function controllerVerdict(
  place: { file: string; document?: number }, kind: ControllerVerdict['kind'], name: string, namespace: string | undefined,
  findings: readonly Finding[],
): ControllerVerdict {
  const decode = distinct(findings.filter((f) => f.controllerError?.stage === 'decode').map((f) => f.controllerError!.message));
  const validate = distinct(findings.filter((f) => f.controllerError?.stage === 'validate').map((f) => f.controllerError!.message));
  const result = decode.length > 0 ? 'undecodable' : validate.length > 0 ? 'invalid' : 'valid';
  return {
    file: place.file,
    ...(place.document === undefined ? {} : { document: place.document }),
    kind,
    name,
    ...(namespace === undefined ? {} : { namespace }),
    result,
    // The controller never validates an object it cannot decode.
    errors: result === 'undecodable' ? decode : validate,
  };
}

function distinct(messages: readonly string[]): string[] {
  return [...new Set(messages)];
}

/**
 * The verdicts in the words of upstream's `argo-events lint` (v1.9.11, `cmd/commands/lint.go`):
 * `✓ <file>[ (document N)]: Sensor is valid`, or `✗ …: Sensor validation failed` followed by an
 * indented `Error:` line, and `✗ …: Failed to decode` for an object that cannot be decoded.
 * Upstream prints one `Error:` line, the first error; here every error gets its own line, so the
 * first line is upstream's and the rest are what it reports after that one is fixed.
 */
export function renderControllerVerdicts(verdicts: readonly ControllerVerdict[]): string[] {
  return verdicts.flatMap((v) => {
    const where = `${v.file}${v.document === undefined ? '' : ` (document ${v.document})`}`;
    switch (v.result) {
      case 'valid':
        return [`\u2713 ${where}: ${v.kind} is valid`];
      case 'invalid':
        return [`\u2717 ${where}: ${v.kind} validation failed`, ...v.errors.map((e) => `  Error: ${e}`)];
      case 'undecodable':
        return [`\u2717 ${where}: Failed to decode`, ...v.errors.map((e) => `  Error: ${e}`)];
    }
  });
}
