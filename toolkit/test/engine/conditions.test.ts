import { ConditionsExpression, conditionNames, dependencyKey } from '../../src/engine/conditions';

const deps = ['dep-a', 'dep_b', 'c'];

describe('ConditionsExpression', () => {
  test('&& binds tighter than || and parentheses group', () => {
    const e = ConditionsExpression.parse('dep-a || dep_b && c', deps);
    expect(e.evaluate((d) => d === 'dep-a')).toBe(true);
    expect(e.evaluate((d) => d === 'dep_b')).toBe(false);
    const g = ConditionsExpression.parse('(dep-a || dep_b) && c', deps);
    expect(g.evaluate((d) => d === 'dep-a')).toBe(false);
    expect(g.evaluate((d) => d !== 'dep_b')).toBe(true);
  });

  test('lists dependencies once in order and detects &&', () => {
    const e = ConditionsExpression.parse('c || (dep-a && c)', deps);
    expect(e.dependencies).toEqual(['c', 'dep-a']);
    expect(e.requiresAnd).toBe(true);
    expect(ConditionsExpression.parse('dep-a || c', deps).requiresAnd).toBe(false);
  });

  test('treats - and _ as the same character when resolving names', () => {
    expect(ConditionsExpression.parse('dep_a && dep-b', deps).dependencies).toEqual(['dep-a', 'dep_b']);
  });

  test('rejects unknown names and syntax errors', () => {
    expect(() => ConditionsExpression.parse('dep-a && nope', deps)).toThrow("unknown dependency 'nope'");
    expect(() => ConditionsExpression.parse('dep-a &&', deps)).toThrow('unexpected end of expression');
    expect(() => ConditionsExpression.parse('dep-a and c', deps)).toThrow('invalid conditions');
    expect(() => ConditionsExpression.parse('(dep-a', deps)).toThrow("missing ')'");
  });

  test('defaults to the AND of all dependencies', () => {
    const e = ConditionsExpression.allOf(deps);
    expect(e.text).toBe('dep-a&&dep_b&&c');
    expect(e.missing((d) => d === 'c')).toEqual(['dep-a', 'dep_b']);
  });
});

describe('conditionNames', () => {
  test('lists the names an expression mentions, once each, even when it does not parse', () => {
    expect(conditionNames('a-1 && (b_2 || a-1) || $c')).toEqual(['a-1', 'b_2', '$c']);
    expect(conditionNames('a && && (b')).toEqual(['a', 'b']);
    expect(conditionNames('')).toEqual([]);
  });
});

describe('dependencyKey', () => {
  test('makes names that differ only in - and _ equal', () => {
    expect(dependencyKey('dep-a')).toBe(dependencyKey('dep_a'));
    expect(dependencyKey('dep-a')).not.toBe(dependencyKey('depa'));
  });
});
