import { parseGoBool, parseGoFloat } from '../../src/engine/go-strconv';

describe('parseGoFloat', () => {
  test.each([
    ['1.0', 1], ['.5', 0.5], ['5.', 5], ['-2e3', -2000], ['0x1p-2', 0.25], ['0x1.8p1', 3], ['+Inf', Infinity], ['-infinity', -Infinity],
  ])('%s', (text, value) => {
    expect(parseGoFloat(text)).toBe(value);
  });

  test('nan', () => {
    expect(parseGoFloat('NaN')).toBeNaN();
  });

  test.each(['', 'abc', '1_000', '1e', '0x1'])('rejects %j', (text) => {
    expect(() => parseGoFloat(text)).toThrow(`strconv.ParseFloat: parsing ${JSON.stringify(text)}: invalid syntax`);
  });

  test('reports overflow', () => {
    expect(() => parseGoFloat('1e400')).toThrow('value out of range');
  });
});

describe('parseGoBool', () => {
  test('accepts the strconv spellings only', () => {
    expect(['1', 't', 'T', 'TRUE', 'true', 'True'].map(parseGoBool)).toEqual([true, true, true, true, true, true]);
    expect(['0', 'f', 'F', 'FALSE', 'false', 'False'].map(parseGoBool)).toEqual([false, false, false, false, false, false]);
    expect(() => parseGoBool('yes')).toThrow('strconv.ParseBool: parsing "yes": invalid syntax');
  });
});
