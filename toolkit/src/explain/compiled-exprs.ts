/**
 * Recognises the `exprs` filters cdk8s-resource-hooks compiles its conditions to (a field change,
 * completed and failed rollouts, condition and Job transitions, Argo CD syncs) and names them in plain words, like
 * the Lua it generated before. Fields are read as `[path,!default]|0`: gjson multipaths whose
 * literal stands in for an absent field. An entry counts as generated only when its expression is
 * exactly the generated one and it binds exactly the generated fields.
 */

type Json = Record<string, unknown>;

interface BoundField {
  readonly name: string;
  readonly path: string;
}

/** `path` of `[path,!default]|0`, or undefined for any other path. */
function defaulted(path: string): string | undefined {
  const match = /^\[(.*),!(?:null|false|true|-?\d+(?:\.\d+)?|"[^"]*"|\[\])\]\|0$/.exec(path);
  return match === null ? undefined : match[1];
}

function fieldChanged(expr: string, fields: BoundField[]): string | undefined {
  const terms = expr.split(' || ');
  if (terms.length === 0 || fields.length !== 2 * terms.length) {
    return undefined;
  }
  const paths: string[] = [];
  for (const [i, term] of terms.entries()) {
    if (term !== `new${i} != old${i}`) {
      return undefined;
    }
    const neu = defaulted(fields.find((f) => f.name === `new${i}`)?.path ?? '');
    const old = defaulted(fields.find((f) => f.name === `old${i}`)?.path ?? '');
    if (neu === undefined || old === undefined || !neu.startsWith('body.') || old !== `oldBody.${neu.slice('body.'.length)}`) {
      return undefined;
    }
    paths.push(neu.slice('body.'.length));
  }
  return `field changed: ${paths.join(', ')}`;
}

const DEPLOYMENT_FIELDS = ['Paused', 'Generation', 'Observed', 'Progress', 'Desired', 'Updated', 'Replicas', 'Available', 'Revision'];

function deploymentRollout(expr: string, fields: BoundField[]): string | undefined {
  const names = new Set(fields.map((f) => f.name));
  const expected = ['n', 'o'].flatMap((p) => DEPLOYMENT_FIELDS.map((f) => `${p}${f}`));
  if (names.size !== expected.length || !expected.every((n) => names.has(n)) || !fields.every((f) => defaulted(f.path) !== undefined)) {
    return undefined;
  }
  const complete = "(!nPaused && nGeneration <= nObserved && nProgress != 'ProgressDeadlineExceeded' && nUpdated >= nDesired && nReplicas <= nUpdated && nAvailable >= nUpdated)";
  if (expr.startsWith(`${complete} && nDesired != 0 && (nRevision != oRevision`)) {
    return 'rollout complete';
  }
  if (expr.startsWith(`(${complete} && (nRevision != oRevision`) && expr.includes('|| (nDesired == 0 && oRevision != nRevision')) {
    return 'rollout complete (also when scaled to zero)';
  }
  return undefined;
}

/** Whether `fields` are exactly `expected` (name → path), in any order. */
function bindsExactly(fields: BoundField[], expected: Record<string, string>): boolean {
  return fields.length === Object.keys(expected).length && fields.every((f) => expected[f.name] === f.path);
}

type Side = 'n' | 'o';

function sides(fields: (side: Side, root: string) => Record<string, string>): Record<string, string> {
  return { ...fields('n', 'body'), ...fields('o', 'oldBody') };
}

const PROGRESS_REASON = 'status.conditions.#(type=="Progressing").reason';

function deploymentFailed(expr: string, fields: BoundField[]): string | undefined {
  const expected = {
    nPaused: '[body.spec.paused,!false]|0', nGeneration: '[body.metadata.generation,!0]|0',
    nObserved: '[body.status.observedGeneration,!0]|0', nProgress: `[body.${PROGRESS_REASON},!""]|0`,
    oProgress: `[oldBody.${PROGRESS_REASON},!""]|0`,
  };
  return expr === "oProgress != 'ProgressDeadlineExceeded' && nProgress == 'ProgressDeadlineExceeded' && nPaused != true && nGeneration <= nObserved"
    && bindsExactly(fields, expected) ? 'rollout failed (progress deadline exceeded)' : undefined;
}

const STATEFULSET_FIELDS = sides((p, r) => ({
  [`${p}Generation`]: `[${r}.metadata.generation,!0]|0`, [`${p}Observed`]: `[${r}.status.observedGeneration,!0]|0`,
  [`${p}Desired`]: `[${r}.spec.replicas,!1]|0`, [`${p}Ready`]: `[${r}.status.readyReplicas,!0]|0`,
  [`${p}Updated`]: `[${r}.status.updatedReplicas,!0]|0`, [`${p}Strategy`]: `[${r}.spec.updateStrategy.type,!""]|0`,
  [`${p}Partition`]: `[${r}.spec.updateStrategy.rollingUpdate.partition,!-1]|0`,
  [`${p}UpdateRevision`]: `[${r}.status.updateRevision,!null]|0`, [`${p}CurrentRevision`]: `[${r}.status.currentRevision,!null]|0`,
}));

function statefulSetComplete(p: Side): string {
  return `(${p}Observed != 0 && ${p}Generation <= ${p}Observed && ${p}Ready >= ${p}Desired && (${p}Strategy == 'OnDelete'`
    + ` || (${p}Partition >= 0 && ${p}Updated >= ${p}Desired - ${p}Partition)`
    + ` || (${p}Partition < 0 && ${p}UpdateRevision == ${p}CurrentRevision)))`;
}

function statefulSetRollout(expr: string, fields: BoundField[]): string | undefined {
  const rolling = "(oStrategy != 'OnDelete' && ((oPartition >= 0 && oUpdated < oDesired - oPartition) || oUpdateRevision != oCurrentRevision))";
  const tail = ` && (nUpdateRevision != oUpdateRevision || (!${statefulSetComplete('o')} && ${rolling}))`;
  return bindsExactly(fields, STATEFULSET_FIELDS) ? zeroVariant(expr, statefulSetComplete('n'), tail) : undefined;
}

const DAEMONSET_FIELDS = sides((p, r) => ({
  [`${p}Generation`]: `[${r}.metadata.generation,!null]|0`, [`${p}Observed`]: `[${r}.status.observedGeneration,!0]|0`,
  [`${p}Strategy`]: `[${r}.spec.updateStrategy.type,!""]|0`, [`${p}Desired`]: `[${r}.status.desiredNumberScheduled,!0]|0`,
  [`${p}Updated`]: `[${r}.status.updatedNumberScheduled,!0]|0`, [`${p}Available`]: `[${r}.status.numberAvailable,!0]|0`,
}));

function daemonSetComplete(p: Side): string {
  return `((${p}Generation ?? 0) <= ${p}Observed && (${p}Strategy == 'OnDelete' || (${p}Updated >= ${p}Desired && ${p}Available >= ${p}Desired)))`;
}

function daemonSetRollout(expr: string, fields: BoundField[]): string | undefined {
  const tail = ` && (nGeneration != oGeneration || !${daemonSetComplete('o')})`;
  return bindsExactly(fields, DAEMONSET_FIELDS) ? zeroVariant(expr, daemonSetComplete('n'), tail) : undefined;
}

/** `complete && nDesired != 0 && tail` or, when scaled to zero counts too, `complete && tail`. */
function zeroVariant(expr: string, complete: string, tail: string): string | undefined {
  if (expr === `${complete} && nDesired != 0${tail}`) {
    return 'rollout complete';
  }
  return expr === `${complete}${tail}` ? 'rollout complete (also when scaled to zero)' : undefined;
}

const CONDITION_TYPES = sides((p, r) => ({ [`${p}Types`]: `[${r}.status.conditions.#.type,![]]|0` }));

function jobOutcome(expr: string, fields: BoundField[]): string | undefined {
  if (!bindsExactly(fields, CONDITION_TYPES)) {
    return undefined;
  }
  if (expr === "('Failed' in nTypes) && !('Failed' in oTypes)") {
    return 'job failed';
  }
  return expr === "('Complete' in nTypes && !('Failed' in nTypes)) && !('Complete' in oTypes && !('Failed' in oTypes))" ? 'job succeeded' : undefined;
}

/** A JSON string literal's body, then a gjson `%` pattern's escapes. */
const QUERY_VALUE = '"((?:[^"\\\\]|\\\\.)*)"';
/** A govaluate string literal's body. */
const GOVALUATE_STRING = "'((?:[^'\"\\\\]|\\\\.)*)'";

function conditionEntered(expr: string, fields: BoundField[]): string | undefined {
  const status = new RegExp(`^nStatus == ${GOVALUATE_STRING} && oStatus != ${GOVALUATE_STRING}$`).exec(expr);
  const path = fields.find((f) => f.name === 'nStatus')?.path ?? '';
  const query = new RegExp(`^\\[body\\.status\\.conditions\\.#\\(type%${QUERY_VALUE}\\)\\.status,!null\\]\\|0$`).exec(path);
  if (status === null || status[1] !== status[2] || query === null
    || !bindsExactly(fields, { nStatus: path, oStatus: path.replace('[body.', '[oldBody.') })) {
    return undefined;
  }
  let pattern: string;
  try {
    pattern = JSON.parse(`"${query[1]}"`) as string;
  } catch {
    return undefined;
  }
  const conditionType = literalPattern(pattern);
  return conditionType === undefined ? undefined : `condition ${conditionType} became ${status[1].replace(/\\(.)/g, '$1')}`;
}

/**
 * The one string a gjson `%` pattern matches, or undefined when it has a wildcard (it matches
 * many: not one this library writes) or starts with `~` (a truthiness test, not a match).
 */
function literalPattern(pattern: string): string | undefined {
  if (pattern.startsWith('~')) {
    return undefined;
  }
  let text = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' || c === '?') {
      return undefined;
    }
    if (c === '\\') {
      i++;
    }
    text += pattern[i] ?? '';
  }
  return text;
}

/** The object an Argo CD sync hook watches: the Application. */
export interface WatchedApplication {
  readonly namespace?: string;
  readonly name?: string;
}

interface SyncedObject {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** `#(key%"value")#` as the library writes it: the value a JSON string, its wildcards escaped. */
function stringQuery(key: string, value: string): string {
  return `#(${key}%${JSON.stringify(value.replace(/[\\*?~]/g, (c) => `\\${c}`))})#`;
}

/** The query of an entry's `key`: its value, or also absent or null when the value is "". */
function keyQuery(key: string, value: string): string {
  return value === '' ? `[#(${key}==~null)#,${stringQuery(key, value)}]|@flatten` : stringQuery(key, value);
}

/** The entries of a sync result naming `target`, Synced, not hooks: the path the library writes. */
function syncedEntriesPath(target: SyncedObject): string {
  return [
    `body.status.operationState.syncResult.resources.${stringQuery('name', target.name)}`, stringQuery('kind', target.kind),
    keyQuery('group', target.group), keyQuery('namespace', target.namespace), stringQuery('status', 'Synced'), '#(hookType==~null)#',
  ].join('|');
}

/** The value of the first `#(key%"…")#` of `path`, or "" when the path has none. */
function queried(path: string, key: string): string | undefined {
  const match = new RegExp(`#\\(${key}%${QUERY_VALUE}\\)#`).exec(path);
  if (match === null) {
    return '';
  }
  try {
    return literalPattern(JSON.parse(`"${match[1]}"`) as string);
  } catch {
    return undefined;
  }
}

const SYNCED_EXPR = "nPhase == 'Succeeded' && (nFinishedAt ?? true) == (nFinishedAt ?? false)"
  + " && !(oPhase == 'Succeeded' && oFinishedAt == nFinishedAt) && nListed > nUnchanged";

/**
 * An Argo CD sync that applied an object: the object is read back from the queries of `nListed`,
 * and counts only if the library would write exactly these fields for it.
 */
function argoCdSynced(expr: string, fields: BoundField[], watched: WatchedApplication): string | undefined {
  const listed = /^\[(.*)\|#,!0\]\|0$/.exec(fields.find((f) => f.name === 'nListed')?.path ?? '');
  if (expr !== SYNCED_EXPR || listed === null) {
    return undefined;
  }
  const [group, kind, namespace, name] = ['group', 'kind', 'namespace', 'name'].map((key) => queried(listed[1], key));
  if (group === undefined || kind === undefined || namespace === undefined || name === undefined || kind === '' || name === '') {
    return undefined;
  }
  const path = syncedEntriesPath({ group, kind, namespace, name });
  const operation = (root: string, field: string): string => `[${root}.status.operationState.${field},!null]|0`;
  const expected = {
    nPhase: operation('body', 'phase'), nFinishedAt: operation('body', 'finishedAt'),
    oPhase: operation('oldBody', 'phase'), oFinishedAt: operation('oldBody', 'finishedAt'),
    nListed: `[${path}|#,!0]|0`, nUnchanged: `[${path}|#(message%"* unchanged")#|#,!0]|0`,
  };
  if (!bindsExactly(fields, expected)) {
    return undefined;
  }
  const object = `${kind}${group === '' ? '' : `.${group}`} ${namespace === '' ? '' : `${namespace}/`}${name}`;
  const application = watched.name === undefined
    ? 'a watched Argo CD Application'
    : `${watched.namespace ? `${watched.namespace}/` : ''}${watched.name}`;
  return `${object} applied by an Argo CD sync of ${application}`;
}

/**
 * Plain words for an `exprs` entry this library generated, or `undefined` for any other.
 * `watched` is the object the EventSource event is narrowed to (the Application, for an Argo CD
 * sync).
 */
export function recognizeExpr(filter: Json, watched: WatchedApplication = {}): string | undefined {
  const expr = typeof filter.expr === 'string' ? filter.expr : '';
  const fields = (Array.isArray(filter.fields) ? filter.fields : [])
    .filter((f): f is Json => f !== null && typeof f === 'object')
    .map((f) => ({ name: String(f.name ?? ''), path: String(f.path ?? '') }));
  return fieldChanged(expr, fields) ?? deploymentRollout(expr, fields) ?? deploymentFailed(expr, fields)
    ?? statefulSetRollout(expr, fields) ?? daemonSetRollout(expr, fields) ?? jobOutcome(expr, fields) ?? conditionEntered(expr, fields)
    ?? argoCdSynced(expr, fields, watched);
}
