import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * Resolving the constructs users pass in (Jobs, Secrets, Deployments …) without depending on one
 * cdk8s-plus line: the public API takes `IConstruct` and reads the `ApiObject` behind it, so a
 * cdk8s-plus-28 `Job`, a cdk8s-plus-33 `Job` and a plain `ApiObject` of kind Job all work.
 */

/** The cdk8s-plus lines this library is tested with. */
export const SUPPORTED_PLUS_LINES: readonly number[] = [28, 32, 33, 34];

const JSII_RTTI = Symbol.for('jsii.rtti');

/** The jsii type name of a construct's class, e.g. `cdk8s-plus-33.Job`, if it has one. */
function jsiiFqn(c: IConstruct): string | undefined {
  const rtti = (c.constructor as any)?.[JSII_RTTI];
  return typeof rtti?.fqn === 'string' ? rtti.fqn : undefined;
}

/** The cdk8s-plus line a construct comes from (`33` for a cdk8s-plus-33 Job), if any. */
export function plusLineOf(c: IConstruct): number | undefined {
  const match = /^cdk8s-plus-(\d+)\./.exec(jsiiFqn(c) ?? '');
  return match === null ? undefined : Number(match[1]);
}

/** A construct in words, for error messages: `a cdk8s-plus-33 Deployment`, `an ApiObject v1 Secret "x"`. */
export function describeConstruct(c: IConstruct): string {
  if (c instanceof ApiObject) {
    return `an ApiObject ${c.apiVersion} ${c.kind} "${c.name}"`;
  }
  const fqn = jsiiFqn(c);
  if (fqn !== undefined) {
    const [module, type] = [fqn.slice(0, fqn.lastIndexOf('.')), fqn.slice(fqn.lastIndexOf('.') + 1)];
    return `a ${module} ${type} ("${c.node.path}")`;
  }
  return `a ${c.constructor?.name ?? 'construct'} ("${c.node.path}")`;
}

/** The ApiObject behind a construct, or undefined when it has none (e.g. an imported Secret). */
export function tryApiObjectOf(c: IConstruct): ApiObject | undefined {
  if (c instanceof ApiObject) {
    return c;
  }
  const child = c.node.defaultChild;
  return child instanceof ApiObject ? child : undefined;
}

/** What a property accepts, for the messages of {@link resolveApiObject}. */
export interface ExpectedObject {
  /** Kind, e.g. `Job`. */
  readonly kind: string;
  /** API groups the kind may come from, e.g. `['batch']`; `''` is the core group. */
  readonly groups: readonly string[];
}

/**
 * The ApiObject behind `value`, checked to be of the expected kind. Throws an error naming the
 * construct path and property, the value's kind and what is accepted.
 */
export function resolveApiObject(where: string, property: string, value: IConstruct, expected: ExpectedObject): ApiObject {
  checkPlusLine(where, property, value);
  const apiObject = tryApiObjectOf(value);
  const accepted = `a ${expected.kind} from cdk8s-plus (${SUPPORTED_PLUS_LINES.join(', ')}) or an ApiObject of kind ${expected.kind}`;
  if (apiObject === undefined) {
    throw new Error(`${where}: ${property} is ${describeConstruct(value)}, which has no Kubernetes object behind it; pass ${accepted}`);
  }
  const slash = apiObject.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiObject.apiVersion.slice(0, slash);
  if (apiObject.kind !== expected.kind || !expected.groups.includes(group)) {
    throw new Error(`${where}: ${property} is ${describeConstruct(value)} (${apiObject.apiVersion} ${apiObject.kind}), not a ${expected.kind}; pass ${accepted}`);
  }
  return apiObject;
}

/** Refuses constructs of cdk8s-plus lines this library is not tested with. */
export function checkPlusLine(where: string, property: string, value: IConstruct): void {
  const line = plusLineOf(value);
  if (line !== undefined && !SUPPORTED_PLUS_LINES.includes(line)) {
    throw new Error(`${where}: ${property} is ${describeConstruct(value)}, from cdk8s-plus-${line}, which this library does not support; use cdk8s-plus-${SUPPORTED_PLUS_LINES.join('/')} or a plain ApiObject`);
  }
}

/** A Secret named by a construct: its name and, when the app defines it, its namespace. */
export interface SecretRef {
  readonly name: string;
  readonly namespace?: string;
}

/**
 * The Secret behind `value`: a cdk8s-plus `Secret` of any supported line, an imported one
 * (`Secret.fromSecretName`, which has a name but no object), or an ApiObject of kind Secret.
 */
export function resolveSecret(where: string, property: string, value: IConstruct): SecretRef {
  checkPlusLine(where, property, value);
  const apiObject = tryApiObjectOf(value);
  if (apiObject === undefined) {
    // cdk8s-plus' imported Secrets expose kind and name without an object of their own.
    const imported = value as { kind?: unknown; name?: unknown };
    if (imported.kind === 'Secret' && typeof imported.name === 'string') {
      return { name: imported.name };
    }
    throw new Error(`${where}: ${property} is ${describeConstruct(value)}, not a Secret; pass a cdk8s-plus Secret (also Secret.fromSecretName) or an ApiObject of kind Secret`);
  }
  if (apiObject.kind !== 'Secret' || apiObject.apiVersion !== 'v1') {
    throw new Error(`${where}: ${property} is ${describeConstruct(value)}, not a Secret; pass a cdk8s-plus Secret (also Secret.fromSecretName) or an ApiObject of kind Secret`);
  }
  return { name: apiObject.name, namespace: apiObject.metadata.namespace };
}
