import { wrapText } from '../../src/explain/wrap';

describe('wrapText', () => {
  test('wraps at spaces with a first and a continuation prefix', () => {
    expect(wrapText('one two three four five', 12, '- ', '  ')).toEqual(['- one two', '  three four', '  five']);
    expect(wrapText('  spaced   out  ', 20, '', '')).toEqual(['spaced out']);
    expect(wrapText('', 20, 'label ', '      ')).toEqual(['label']);
  });

  test('breaks words longer than a line after punctuation, else cuts them', () => {
    expect(wrapText('see https://example.com/a/very/long/path', 20, '', '')).toEqual(['see', 'https://example.com/', 'a/very/long/path']);
    expect(wrapText('abcdefghijklmnopqrstuvwxyz', 10, '', '')).toEqual(['abcdefghij', 'klmnopqrst', 'uvwxyz']);
  });

  test('never exceeds the width', () => {
    const text = 'x'.repeat(95) + ' a-b-c-d-e-f-g-h-i-j-k-l-m-n ' + 'word '.repeat(30);
    for (const width of [8, 13, 21, 40]) {
      const lines = wrapText(text, width, '>>> ', '... ');
      expect(lines.every((l) => l.length <= width)).toBe(true);
      expect(lines.map((l) => l.slice(4)).join('').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
    }
  });

  test('rejects a width that leaves no room', () => {
    expect(() => wrapText('x', 4, '1234', '')).toThrow(RangeError);
  });
});
