/** The identity of a managed resource as it appears in `syncResult.resources`. */
export interface AppliedResource {
  /** API group, empty for the core API. */
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  /** Omitted: match any namespace. */
  readonly namespace?: string;
}

/** An expr-lang string literal. */
function literal(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * The expr-lang condition "the last operation succeeded and applied this resource".
 *
 * `syncResult.resources` describes only the last operation, with one entry per applied object:
 * `status` Synced for a successful apply and a kubectl-style `message` ending in `created`,
 * `configured` or `unchanged` (`serverside-applied` under server-side apply). Hooks also appear
 * there but carry `hookType`. Every step before `any(...)` uses `?.`, so an Application without
 * an operation or without a sync result evaluates to false rather than to an error. The group is
 * matched as missing or empty for the core API, since serializers differ on empty strings.
 */
export function appliedResourceCondition(resource: AppliedResource, includeUnchanged: boolean): string {
  const clauses = [
    `.kind == ${literal(resource.kind)}`,
    `.name == ${literal(resource.name)}`,
  ];
  if (resource.namespace !== undefined) {
    clauses.push(`.namespace == ${literal(resource.namespace)}`);
  }
  clauses.push(resource.group === '' ? "(.group == nil or .group == '')" : `.group == ${literal(resource.group)}`);
  clauses.push(".status == 'Synced'", '.hookType == nil');
  if (!includeUnchanged) {
    clauses.push("(.message == nil or not (.message endsWith ' unchanged'))");
  }
  return [
    "app.status?.operationState?.phase == 'Succeeded'",
    'app.status?.operationState?.syncResult?.resources != nil',
    `any(app.status.operationState.syncResult.resources, {${clauses.join(' and ')}})`,
  ].join(' and ');
}
