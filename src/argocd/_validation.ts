import { IConstruct } from 'constructs';

/**
 * An input error, prefixed with the construct path so that users of a large app can find the
 * offending call. Messages follow the CDK style: lowercase, the property and the bad value, then
 * how to fix it, no trailing period.
 */
export function invalid(scope: IConstruct, message: string): Error {
  return new Error(`${scope.node.path}: ${message}`);
}

/** Argo CD parses waves with Go's `strconv.Atoi`, so only integers order anything. */
export function checkWave(scope: IConstruct, property: string, wave: number): string {
  if (!Number.isSafeInteger(wave)) {
    throw invalid(scope, `${property} ${wave} is not an integer; Argo CD ignores waves it cannot parse as an integer (falling back to 0), so use a whole number such as ${Number.isFinite(wave) ? Math.round(wave) : 0}`);
  }
  return String(wave);
}

/** Lowercase RFC 1123 label, the shape Argo CD notification and KubeVela names must have. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
