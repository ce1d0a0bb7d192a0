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
