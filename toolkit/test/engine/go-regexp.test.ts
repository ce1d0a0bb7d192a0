import { RE2JS } from 're2js';
import { EngineError } from '../../src/engine/errors';
import { GoRegexp } from '../../src/engine/go-regexp';

describe('GoRegexp', () => {
  test.each([
    ['start', 'a start b', true],
    ['fak*', 'fake', true],
    ['^fak.*$', 'fake', true],
    ['3', '13', true],
    ['^3$', '13', false],
    ['(?i)ABC', 'xabcx', true],
    ['\\pL+', 'é', true],
    ['\\p{Greek}', 'λ', true],
    ['[[:alpha:]]', '1a', true],
    ['[[:alpha:]]', '12', false],
    ['x\\z', 'ax', true],
    ['\\Aa', 'ba', false],
    ['\\bv\\b.*\\bv2\\b', '["v","v2"]', true],
    ['(?P<name>a)(?<other>b)', 'ab', true],
    ['\\Q.*\\E', 'a.*b', true],
    ['\\Q.*\\E', 'ab', false],
    ['(?s)a.b', 'a\nb', true],
    ['a.b', 'a\nb', false],
    ['(?m)^b$', 'a\nb\nc', true],
  ])('%s on %j is %s', (pattern, input, expected) => {
    expect(GoRegexp.compile(pattern).test(input)).toBe(expected);
  });

  test('without (?m), $ matches only at the very end (no final newline allowance)', () => {
    expect(GoRegexp.compile('a$').test('xa\n')).toBe(false);
    expect(GoRegexp.compile('^a$').test('a\n')).toBe(false);
  });

  test.each([
    ['(a)\\1', 'error parsing regexp: invalid escape sequence: `\\1`'],
    ['(?=a)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
    ['(?<=a)b', 'error parsing regexp: invalid named capture: `(?<=a)b`'],
    ['(', 'error parsing regexp: missing closing ): `(`'],
    ['[a', 'error parsing regexp: missing closing ]: `[a`'],
    ['a**', 'error parsing regexp: invalid nested repetition operator: `**`'],
    ['a{1001}', 'error parsing regexp: invalid repeat count: `{1001}`'],
    ['\\C', 'error parsing regexp: invalid escape sequence: `\\C`'],
  ])('rejects %s like Go', (pattern, message) => {
    expect(() => GoRegexp.compile(pattern)).toThrow(new EngineError(message));
  });

  test('literal patterns decide exactly as the regexp engine does', () => {
    const patterns = ['web', '^web', 'web$', '^web$', '^$', '^', '$', '', 'a\\.b', '^a\\.b$', 'a\\$', '^\\^x', 'x\\\\$', 'é-1'];
    const inputs = ['', 'web', 'web-1', 'my-web', 'webweb', 'a.b', 'axb', 'a$', '^x', 'x\\', 'x\\\\', 'é-1', 'web\n'];
    for (const p of patterns) {
      const reference = RE2JS.compile(p);
      for (const s of inputs) {
        expect([p, s, GoRegexp.compile(p).test(s)]).toEqual([p, s, reference.test(s)]);
      }
    }
  });

  test('anchored alternations of literals decide exactly as the regexp engine does', () => {
    const patterns = [
      '^(UPDATE)$', '^(ADD|UPDATE)$', '^(?:ADD|DELETE)$', '^()$', '^(a|)$', '^(a\\.b|c)$', '^(a\\\\|b)$', '^(a\\))$',
      // not alternations of literals: left to the regexp engine
      '^(a)|(b)$', '^(a|b)(c)$', '^((a|b))$', '^(?i:add)$', '^(a|b.)$', '(a|b)$', '^(a|b)',
    ];
    const inputs = ['', 'UPDATE', 'ADD', 'DELETE', 'ADD|UPDATE', 'UPDATE\n', 'a', 'b', 'c', 'a.b', 'axb', 'a\\', 'ac', 'bx', 'add', 'xa', 'a)'];
    for (const p of patterns) {
      const reference = RE2JS.compile(p);
      for (const s of inputs) {
        expect([p, s, GoRegexp.compile(p).test(s)]).toEqual([p, s, reference.test(s)]);
      }
    }
  });

  test('compiled patterns are cached, with a bounded cache', () => {
    const first = GoRegexp.compile('^cache-probe$');
    expect(GoRegexp.compile('^cache-probe$')).toBe(first);
    expect(first.source).toBe('^cache-probe$');
    for (let i = 0; i < 1100; i++) {
      GoRegexp.compile(`filler-${i}`);
    }
    expect(GoRegexp.compile('^cache-probe$')).not.toBe(first);
  });
});
