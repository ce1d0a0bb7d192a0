import { GoRegexp } from '../../src/engine/go-regexp';
import { anchoredPattern, goRegexpError, isAnchoredPattern } from '../../src/lint/regex-anchoring';

describe('isAnchoredPattern', () => {
  test.each([
    ['^web$', true], ['(?i)^web$', true], ['^web-.*', true], ['.*-canary$', true], ['^web$|^api$', true],
    ['^(web|api)$', true], ['web', false], ['^web', false], ['web$', false], ['^web|api$', false],
    ['^web\\$', false], ['^[|]$', true], ['^a(b|c)$', true], ['^web\\.*', false],
  ])('%j → %s', (pattern, anchored) => {
    expect(isAnchoredPattern(pattern)).toBe(anchored);
  });
});

describe('anchoredPattern', () => {
  test.each([
    ['web', '^web$'],
    ['web|api', '^(?:web|api)$'],
    ['^web|api$', '^(?:web|api)$'],
    ['(?i)web', '(?i)^web$'],
    ['web-.*', '^web-.*'],
    ['.*-canary', '.*-canary$'],
    ['web\\$', '^web\\$$'],
    ['[|]x', '^[|]x$'],
    ['[]|]x|y', '^(?:[]|]x|y)$'],
    ['a(b|c)d', '^a(b|c)d$'],
    ['\\(web\\)', '^\\(web\\)$'],
  ])('%j → %j', (pattern, expected) => {
    expect(anchoredPattern(pattern)).toBe(expected);
  });

  test('every suggestion compiles, is anchored, and matches exactly the whole names the pattern meant', () => {
    const names = ['web', 'api', 'web-canary', 'my-web', 'web$', '|x', 'x', 'abd', 'acd', 'Web', 'xapi'];
    const meant: Array<[string, string[]]> = [
      ['web', ['web']], ['web|api', ['web', 'api']], ['^web|api$', ['web', 'api']], ['(?i)web', ['web', 'Web']],
      ['web\\$', ['web$']], ['[|]x', ['|x']], ['a(b|c)d', ['abd', 'acd']], ['web|api|x', ['web', 'api', 'x']],
    ];
    for (const [pattern, matching] of meant) {
      const anchored = anchoredPattern(pattern)!;
      expect([pattern, goRegexpError(anchored)]).toEqual([pattern, undefined]);
      expect([pattern, isAnchoredPattern(anchored)]).toEqual([pattern, true]);
      const re = GoRegexp.compile(anchored);
      expect([pattern, names.filter((n) => re.test(n))]).toEqual([pattern, matching]);
    }
  });

  test('a pattern that does not compile has no anchored form', () => {
    expect(goRegexpError('(')).toBe('error parsing regexp: missing closing ): `(`');
    expect(anchoredPattern('(')).toBeUndefined();
    expect(anchoredPattern('a**')).toBeUndefined();
  });
});
