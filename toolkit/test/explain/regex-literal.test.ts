import { anchoredLiteralText } from '../../src/explain/regex-literal';

describe('anchoredLiteralText', () => {
  test.each([
    ['^web$', 'web'],
    ['^my\\.app\\(v2\\)$', 'my.app(v2)'],
    ['^$', ''],
  ])('%s matches exactly %j', (pattern, text) => {
    expect(anchoredLiteralText(pattern)).toBe(text);
  });

  test.each(['web', '^web', 'web$', '^web-.*$', '^a|b$', '^web\\$', '^\\d$', '$'])('%s is not an anchored literal', (pattern) => {
    expect(anchoredLiteralText(pattern)).toBeUndefined();
  });
});
