import { recognizeExpr } from '../../src/explain/compiled-exprs';

/**
 * The condition and Job expressions as cdk8s-resource-hooks writes them (its own tests check that
 * every generated filter is recognised); anything else is left to the generic description.
 */

const types = (root: string): string => `[${root}.status.conditions.#.type,![]]|0`;
const jobFields = [{ name: 'nTypes', path: types('body') }, { name: 'oTypes', path: types('oldBody') }];
const FAILED = "('Failed' in nTypes) && !('Failed' in oTypes)";

function condition(pattern: string, status = "'True'"): Record<string, unknown> {
  const path = (root: string): string => `[${root}.status.conditions.#(type%${pattern}).status,!null]|0`;
  return {
    expr: `nStatus == ${status} && oStatus != ${status}`,
    fields: [{ name: 'nStatus', path: path('body') }, { name: 'oStatus', path: path('oldBody') }],
  };
}

describe('recognizeExpr: conditions and Jobs', () => {
  test('a condition, its type read back through the JSON and pattern escapes', () => {
    expect(recognizeExpr(condition('"cert-manager.io/Ready"'))).toBe('condition cert-manager.io/Ready became True');
    expect(recognizeExpr(condition('"Foo_Bar.baz"', "'Unknown'"))).toBe('condition Foo_Bar.baz became Unknown');
    expect(recognizeExpr(condition('"\\\\~a\\\\*b \\"c\\""', "'it\\'s'"))).toBe('condition ~a*b "c" became it\'s');
  });

  test.each([
    ['a wildcard, which matches many types', condition('"Ready*"')],
    ['a leading ~, a truthiness test', condition('"~true"')],
    ['two different statuses', { ...condition('"Ready"'), expr: "nStatus == 'True' && oStatus != 'False'" }],
    ['the old side reading another condition', { ...condition('"Ready"'), fields: [(condition('"Ready"').fields as any)[0], (condition('"Synced"').fields as any)[1]] }],
    ['another field bound too', { ...condition('"Ready"'), fields: [...(condition('"Ready"').fields as any), { name: 'x', path: 'body.x' }] }],
  ])('not a generated condition: %s', (_case, filter) => {
    expect(recognizeExpr(filter)).toBeUndefined();
  });

  test('Job outcomes, and expressions that only look like them', () => {
    expect(recognizeExpr({ expr: FAILED, fields: jobFields })).toBe('job failed');
    expect(recognizeExpr({ expr: "('Complete' in nTypes && !('Failed' in nTypes)) && !('Complete' in oTypes && !('Failed' in oTypes))", fields: jobFields }))
      .toBe('job succeeded');
    expect(recognizeExpr({ expr: "('Complete' in nTypes) && !('Complete' in oTypes)", fields: jobFields })).toBeUndefined();
    expect(recognizeExpr({ expr: FAILED, fields: [jobFields[0], { name: 'oTypes', path: types('body') }] })).toBeUndefined();
  });
});

describe('recognizeExpr: Argo CD syncs', () => {
  const operation = (root: string, field: string): string => `[${root}.status.operationState.${field},!null]|0`;
  const EXPR = "nPhase == 'Succeeded' && (nFinishedAt ?? true) == (nFinishedAt ?? false) && !(oPhase == 'Succeeded' && oFinishedAt == nFinishedAt) && nListed > nUnchanged";
  function synced(listed: string): Record<string, unknown> {
    return {
      expr: EXPR,
      fields: [
        { name: 'nPhase', path: operation('body', 'phase') }, { name: 'nFinishedAt', path: operation('body', 'finishedAt') },
        { name: 'oPhase', path: operation('oldBody', 'phase') }, { name: 'oFinishedAt', path: operation('oldBody', 'finishedAt') },
        { name: 'nListed', path: `[${listed}|#,!0]|0` }, { name: 'nUnchanged', path: `[${listed}|#(message%"* unchanged")#|#,!0]|0` },
      ],
    };
  }
  const RESOURCES = 'body.status.operationState.syncResult.resources';
  const TAIL = '#(status%"Synced")#|#(hookType==~null)#';
  const configMap = `${RESOURCES}.#(name%"settings")#|#(kind%"ConfigMap")#|[#(group==~null)#,#(group%"")#]|@flatten|#(namespace%"team-a")#|${TAIL}`;
  const clusterRole = `${RESOURCES}.#(name%"team-a.reader")#|#(kind%"ClusterRole")#|#(group%"rbac.authorization.k8s.io")#|[#(namespace==~null)#,#(namespace%"")#]|@flatten|${TAIL}`;

  test('names the object, read back from the queries, and the watched Application', () => {
    expect(recognizeExpr(synced(configMap), { namespace: 'argocd', name: 'teams' })).toBe('ConfigMap team-a/settings applied by an Argo CD sync of argocd/teams');
    expect(recognizeExpr(synced(clusterRole), { name: 'teams' })).toBe('ClusterRole.rbac.authorization.k8s.io team-a.reader applied by an Argo CD sync of teams');
    expect(recognizeExpr(synced(configMap))).toBe('ConfigMap team-a/settings applied by an Argo CD sync of a watched Argo CD Application');
  });

  test.each([
    ['a core object without the query for an absent group', configMap.replace('[#(group==~null)#,#(group%"")#]|@flatten', '#(group%"")#')],
    ['hooks not excluded', configMap.replace('|#(hookType==~null)#', '')],
    ['a wildcard name', configMap.replace('#(name%"settings")#', '#(name%"set*")#')],
    ['no name', configMap.replace('#(name%"settings")#|', '')],
  ])('not a generated sync filter: %s', (_case, listed) => {
    expect(recognizeExpr(synced(listed))).toBeUndefined();
  });

  test('not a generated sync filter: another expression, or the old object read for the result', () => {
    expect(recognizeExpr({ ...synced(configMap), expr: EXPR.replace('nListed > nUnchanged', 'nListed > 0') })).toBeUndefined();
    const fields = (synced(configMap).fields as { name: string; path: string }[]).map((f) => (f.name === 'nListed' ? { ...f, path: f.path.replace('[body.', '[oldBody.') } : f));
    expect(recognizeExpr({ expr: EXPR, fields })).toBeUndefined();
  });
});
