import { recognizeExpr } from 'resource-hooks/explain/compiled-exprs';
import { ArgoCdSyncedObject, argoCdSyncedExprs } from '../../src/hooks/compiled-argocd-sync';
import { _argoCdSyncLua } from '../../src/hooks/when';
import { coreEntry, groupEntry, hookEntry, syncOperations } from '../support/argocd-applications';
import { compareOnPairs, compareOnSequences, exprOutcome, luaVerdict, pick, random } from '../support/filter-verdicts';

/**
 * onArgoCdSync compiles to an expression that must decide exactly as the Lua it replaced
 * (`_argoCdSyncLua`): on Applications as Argo CD writes them through sync operations, and on
 * generated pairs whose sync results hold near misses of every field the decision reads, fields
 * absent, null or of another type, and elements that are not objects (null and nested arrays
 * included, which the Lua table leaves out of the list and gjson never matches).
 */

const PAIRS = 5000;

const SETTINGS: ArgoCdSyncedObject = { group: '', kind: 'ConfigMap', namespace: 'team-a', name: 'settings' };
const WEB: ArgoCdSyncedObject = { group: 'apps', kind: 'Deployment', namespace: 'team-a', name: 'web' };
const NAMESPACE: ArgoCdSyncedObject = { group: '', kind: 'Namespace', namespace: '', name: 'team-a' };
const READER: ArgoCdSyncedObject = { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', namespace: '', name: 'team-a.reader' };

function firedOn(target: ArgoCdSyncedObject, sequences: any[][]): [number, number][] {
  return compareOnSequences(_argoCdSyncLua(target), argoCdSyncedExprs(target), sequences);
}

describe('onArgoCdSync: the expression decides as the Lua', () => {
  // Client-side apply: kubectl-style messages, a PreSync hook, core objects without `group`.
  const first = [
    hookEntry('PreSync', 'team-a', 'migrate'),
    coreEntry('Namespace', undefined, 'team-a', 'namespace/team-a created'),
    groupEntry('rbac.authorization.k8s.io', 'ClusterRole', undefined, 'team-a.reader', 'clusterrole.rbac.authorization.k8s.io/team-a.reader created'),
    coreEntry('ConfigMap', 'team-a', 'settings', 'configmap/settings created'),
    coreEntry('ConfigMap', 'team-b', 'settings', 'configmap/settings created'),
    groupEntry('apps', 'Deployment', 'team-a', 'web', 'deployment.apps/web created'),
    hookEntry('PostSync', 'team-a', 'settings'),
  ];
  // A second operation: the ConfigMap unchanged in team-a, changed in team-b; the Deployment configured.
  const second = [
    hookEntry('PreSync', 'team-a', 'migrate'),
    coreEntry('Namespace', undefined, 'team-a', 'namespace/team-a unchanged'),
    groupEntry('rbac.authorization.k8s.io', 'ClusterRole', undefined, 'team-a.reader', 'clusterrole.rbac.authorization.k8s.io/team-a.reader unchanged'),
    coreEntry('ConfigMap', 'team-a', 'settings', 'configmap/settings unchanged'),
    coreEntry('ConfigMap', 'team-b', 'settings', 'configmap/settings configured'),
    groupEntry('apps', 'Deployment', 'team-a', 'web', 'deployment.apps/web configured'),
  ];
  // Server-side apply: every applied object reports "serverside-applied"; a failed Deployment.
  const serverSide = [
    coreEntry('Namespace', undefined, 'team-a', 'namespace/team-a serverside-applied'),
    coreEntry('ConfigMap', 'team-a', 'settings', 'configmap/settings serverside-applied'),
    groupEntry('apps', 'Deployment', 'team-a', 'web', 'one or more objects failed to apply, reason: Deployment.apps "web" is invalid', { status: 'SyncFailed' }),
  ];
  const operations = syncOperations('teams', [
    { revision: 'aaa111', startedAt: '2026-11-22T10:00:00Z', finishedAt: '2026-11-22T10:00:40Z', phase: 'Succeeded', resources: first },
    { revision: 'bbb222', startedAt: '2026-11-22T11:00:00Z', finishedAt: '2026-11-22T11:00:30Z', phase: 'Succeeded', resources: second },
    { revision: 'ccc333', startedAt: '2026-11-22T12:00:00Z', finishedAt: '2026-11-22T12:00:20Z', phase: 'Failed', resources: serverSide },
    { revision: 'ccc333', startedAt: '2026-11-22T12:05:00Z', finishedAt: '2026-11-22T12:05:20Z', phase: 'Succeeded', resources: serverSide },
  ]);
  // Each operation takes five writes after the first: running, partial, finished, healthy, reconciled.
  const finished = (op: number): [number, number] => [0, 1 + 5 * op + 2];

  test('on sync operations as Argo CD writes them: fires once per operation that applied the target', () => {
    expect(operations).toHaveLength(21);
    // Created, then unchanged, then failed, then applied server-side.
    expect(firedOn(SETTINGS, [operations])).toEqual([finished(0), finished(3)]);
    // Configured in the second operation; SyncFailed in the server-side ones.
    expect(firedOn(WEB, [operations])).toEqual([finished(0), finished(1)]);
    // A cluster-scoped core object: neither `group` nor `namespace` in its entries.
    expect(firedOn(NAMESPACE, [operations])).toEqual([finished(0), finished(3)]);
    expect(firedOn(READER, [operations])).toEqual([finished(0)]);
    // The ConfigMap of the same name in another namespace.
    expect(firedOn({ ...SETTINGS, namespace: 'team-b' }, [operations])).toEqual([finished(0), finished(1)]);
    // Hooks never count, even when their name is the target's (a PostSync Job named "settings").
    expect(firedOn({ group: 'batch', kind: 'Job', namespace: 'team-a', name: 'migrate' }, [operations])).toEqual([]);
    expect(firedOn({ group: 'batch', kind: 'Job', namespace: 'team-a', name: 'settings' }, [operations])).toEqual([]);
  });

  test('when the EventSource sees only some writes: a running operation, then the next one finished', () => {
    const [, running, , done, , , , , nextDone] = operations;
    expect(firedOn(WEB, [[done, nextDone], [running, nextDone], [done, done]])).toEqual([[0, 1], [1, 1]]);
    // A write that keeps the finished operation but changes its result is the same operation.
    const rewritten = structuredClone(done);
    rewritten.status.operationState.syncResult.resources.reverse();
    expect(firedOn(WEB, [[done, rewritten]])).toEqual([]);
  });

  test('counts an entry with JSON null in its omitempty fields as Lua does', () => {
    const nulls = { kind: 'ConfigMap', namespace: 'team-a', name: 'settings', status: 'Synced', group: null, hookType: null, message: null };
    const app = (resources: unknown[]): any => ({ status: { operationState: { phase: 'Succeeded', finishedAt: '2026-11-22T10:00:40Z', syncResult: { resources } } } });
    expect(firedOn(SETTINGS, [[{}, app([nulls])], [{}, app([{ ...nulls, namespace: null }])]])).toEqual([[0, 1]]);
    expect(firedOn({ ...SETTINGS, namespace: '' }, [[{}, app([{ ...nulls, namespace: null }])]])).toEqual([[0, 1]]);
  });

  test('differs only on a finishedAt that is an object, which the API server refuses (a date-time string in the CRD)', () => {
    const entry = coreEntry('ConfigMap', 'team-a', 'settings', 'configmap/settings configured');
    const app = (finishedAt: unknown): any => ({ status: { operationState: { phase: 'Succeeded', finishedAt, syncResult: { resources: [entry] } } } });
    // Lua compares tables by identity, govaluate by content.
    expect(luaVerdict(_argoCdSyncLua(SETTINGS), app({ at: 1 }), app({ at: 1 }))).toBe(true);
    expect(exprOutcome(argoCdSyncedExprs(SETTINGS), app({ at: 1 }), app({ at: 1 }))).toEqual({ pass: false });
    expect(firedOn(SETTINGS, [[app({ at: 1 }), app({ at: 2 })], [app(1), app(1)], [app(1), app(2)], [app(false), app(true)]])).toEqual([[0, 1], [2, 1], [3, 1]]);
  });

  const targets: [string, ArgoCdSyncedObject][] = [
    ['a core namespaced object', SETTINGS], ['a namespaced object of a group', WEB],
    ['a core cluster-scoped object', NAMESPACE], ['a cluster-scoped object of a group', READER],
  ];
  test.each(targets)(`on ${PAIRS} generated pairs of Applications: %s`, (_, target) => {
    const next = random(target.name.length * 131 + target.kind.length);
    const { fired, quiet, situations } = compareOnPairs(
      _argoCdSyncLua(target), argoCdSyncedExprs(target), PAIRS, () => randomPair(next, target), situation(target),
    );
    expect(fired).toBeGreaterThan(PAIRS / 20);
    expect(quiet).toBeGreaterThan(PAIRS / 2);
    const expected = [
      'no operation: quiet', 'not Succeeded: quiet', 'no finishedAt: quiet', 'already reported: quiet',
      'new result, the target applied: fired',
      'new result, the target unchanged: quiet', 'new result, the target as a hook: quiet', 'new result, the target not listed: quiet',
      'new result, the target applied (group absent): fired', 'new result, the target applied (namespace absent): fired',
    ].filter((s) => (target.group === '' || !s.includes('group absent')) && (target.namespace === '' || !s.includes('namespace absent')));
    expect([...situations]).toEqual(expect.arrayContaining(expected));
  });
});

/** Values near `wanted` for a string field of an entry: what a matching mistake would confuse. */
function near(wanted: string): unknown[] {
  return [
    wanted, wanted, wanted, wanted.toUpperCase(), `${wanted}x`, wanted.slice(0, -1), `x${wanted}`, `${wanted}*`,
    wanted === '' ? 'apps' : '', null, undefined, 0, true,
  ];
}

const MESSAGES: unknown[] = [
  'configmap/settings configured', 'configmap/settings created', 'configmap/settings unchanged', ' unchanged', 'unchanged',
  'x unchanged ', 'serverside-applied', 'pruned', '', 'x Unchanged', ' unchanged unchanged', undefined, undefined, null, 5, true,
];

/** An entry of a sync result, usually near `target`, sometimes not an object at all. */
function randomEntry(next: () => number, target: ArgoCdSyncedObject): unknown {
  if (next() < 0.06) return pick(next, ['ConfigMap', 3, [target.name], true, null]);
  const entry: Record<string, unknown> = { version: 'v1' };
  const fields: [string, unknown[]][] = [
    ['group', near(target.group)], ['kind', near(target.kind)], ['namespace', near(target.namespace)], ['name', near(target.name)],
    ['status', ['Synced', 'Synced', 'Synced', 'Synced', 'SyncFailed', 'Pruned', 'synced', null, undefined, 1]],
    ['hookType', [undefined, undefined, undefined, undefined, undefined, null, 'PreSync', 'PostSync', '', false]],
    ['message', MESSAGES],
  ];
  for (const [key, values] of fields) {
    // Mostly the target's own value, so that the entries that do match are frequent enough.
    const value = next() < 0.85 ? (target as any)[key] ?? pick(next, values) : pick(next, values);
    if (value !== undefined && !(key === 'group' && value === '' && next() < 0.5)) entry[key] = value;
  }
  if (entry.status === undefined && next() < 0.7) entry.status = 'Synced';
  if (target.namespace === '' && next() < 0.5) delete entry.namespace;
  if (next() < 0.4) entry.message = pick(next, MESSAGES);
  if (entry.message === undefined) delete entry.message;
  return entry;
}

const FINISHED = ['2026-11-22T10:00:40Z', '2026-11-22T11:00:30Z'];

/** An operation state at any point of its life, fields sometimes absent, null or malformed. */
function randomOperation(next: () => number, target: ArgoCdSyncedObject): unknown {
  const shape = next();
  if (shape < 0.04) return undefined;
  if (shape < 0.06) return pick(next, ['Succeeded', [{ phase: 'Succeeded' }], null]);
  const op: Record<string, unknown> = { startedAt: '2026-11-22T10:00:00Z' };
  const phase = pick(next, ['Succeeded', 'Succeeded', 'Succeeded', 'Succeeded', 'Succeeded', 'Succeeded', 'Running', 'Failed', 'Error', 'Terminating', null, undefined, 'succeeded']);
  if (phase !== undefined) op.phase = phase;
  const finishedAt = pick(next, [...FINISHED, ...FINISHED, ...FINISHED, null, undefined]);
  if (finishedAt !== undefined) op.finishedAt = finishedAt;
  const result = next();
  if (result < 0.05) return op;
  if (result < 0.08) return { ...op, syncResult: pick(next, [{ revision: 'aaa' }, { resources: {} }, { resources: 'none' }, { resources: { 1: coreEntry('ConfigMap', 'team-a', 'settings', 'x') } }, []]) };
  const resources = Array.from({ length: Math.floor(next() * 6) }, () => randomEntry(next, target));
  return { ...op, syncResult: { revision: 'aaa', resources } };
}

function applicationWith(operationState: unknown): any {
  const status: Record<string, unknown> = { sync: { status: 'Synced' }, health: { status: 'Healthy' } };
  if (operationState !== undefined) status.operationState = operationState;
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'teams', namespace: 'argocd' }, status };
}

/** An old and a new Application: unrelated, the same operation re-written, or a new one after it. */
function randomPair(next: () => number, target: ArgoCdSyncedObject): [any, any] {
  const after = randomOperation(next, target);
  const relation = next();
  let before: unknown;
  if (relation < 0.35 || after === null || typeof after !== 'object' || Array.isArray(after)) {
    before = randomOperation(next, target);
  } else {
    const op = after as Record<string, unknown>;
    // The same operation reported again, or the one before it: another phase or finishedAt.
    before = relation < 0.55 ? { ...op } : { ...op, phase: pick(next, ['Running', 'Succeeded', 'Failed']), finishedAt: pick(next, [...FINISHED, undefined]) };
  }
  if (next() < 0.05) return [{ ...applicationWith(before), status: pick(next, [undefined, 'Healthy', []]) }, applicationWith(after)];
  return [applicationWith(before), applicationWith(after)];
}

/** The step of the decision at which a pair is settled, and for a new result, how the target appears. */
function situation(target: ArgoCdSyncedObject) {
  return (before: any, after: any): string => {
    const operation = (o: any): any => {
      const op = o.status?.operationState;
      return op !== null && typeof op === 'object' && !Array.isArray(op) ? op : undefined;
    };
    const n = operation(after);
    const o = operation(before);
    if (n === undefined) return 'no operation';
    if (n.phase !== 'Succeeded') return 'not Succeeded';
    if (n.finishedAt === undefined || n.finishedAt === null) return 'no finishedAt';
    if (o !== undefined && o.phase === 'Succeeded' && o.finishedAt === n.finishedAt) return 'already reported';
    const resources = n.syncResult?.resources;
    const entries: any[] = Array.isArray(resources) ? resources.filter((r) => r !== null && typeof r === 'object' && !Array.isArray(r)) : [];
    const isTarget = (r: any): boolean => (r.group ?? '') === target.group && r.kind === target.kind
      && (r.namespace ?? '') === target.namespace && r.name === target.name && r.status === 'Synced';
    const listed = entries.filter(isTarget);
    const applied = listed.filter((r) => r.hookType === undefined || r.hookType === null)
      .filter((r) => typeof r.message !== 'string' || !r.message.endsWith(' unchanged'));
    if (applied.length > 0) {
      const absent = applied.some((r) => !('group' in r)) ? ' (group absent)' : applied.some((r) => !('namespace' in r)) ? ' (namespace absent)' : '';
      return `new result, the target applied${absent}`;
    }
    if (listed.some((r) => r.hookType !== undefined && r.hookType !== null)) return 'new result, the target as a hook';
    return listed.length > 0 ? 'new result, the target unchanged' : 'new result, the target not listed';
  };
}

describe('onArgoCdSync: resource-hooks explain reads the expression back', () => {
  test.each([
    [SETTINGS, 'ConfigMap team-a/settings'], [WEB, 'Deployment.apps team-a/web'],
    [NAMESPACE, 'Namespace team-a'], [READER, 'ClusterRole.rbac.authorization.k8s.io team-a.reader'],
  ])('names the object and the Application: %j', (target, object) => {
    const [filter] = argoCdSyncedExprs(target);
    expect(recognizeExpr(filter as any, { namespace: 'argocd', name: 'teams' })).toBe(`${object} applied by an Argo CD sync of argocd/teams`);
    expect(recognizeExpr(filter as any)).toBe(`${object} applied by an Argo CD sync of a watched Argo CD Application`);
  });

  test('an expression that reads another field is not taken for one', () => {
    const [filter] = argoCdSyncedExprs(SETTINGS);
    const fields = filter.fields.map((f) => (f.name === 'nUnchanged' ? { ...f, path: f.path.replace('* unchanged', '*unchanged') } : f));
    expect(recognizeExpr({ ...filter, fields } as any)).toBeUndefined();
    expect(recognizeExpr({ ...filter, expr: filter.expr.replace(' && nListed > nUnchanged', ' && nListed > 0') } as any)).toBeUndefined();
  });
});
