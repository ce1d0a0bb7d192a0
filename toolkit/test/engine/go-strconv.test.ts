import { parseGoBool, parseGoFloat, parseGoFloatValue, parseGoInt, parseGoUint, tryParseGoFloat } from '../../src/engine/go-strconv';

describe('parseGoFloat', () => {
  test.each([
    ['1.0', 1], ['.5', 0.5], ['5.', 5], ['-2e3', -2000], ['0x1p-2', 0.25], ['0x1.8p1', 3], ['+Inf', Infinity], ['-infinity', -Infinity],
    ['625e-3', 0.625], ['1e-400', 0], ['0x1fFe2.P0', 131042], ['-0x1_ep-1', -15], ['0x.1p-2', 0.015625],
    // Underscores may separate digits in decimal numbers too.
    ['1_000', 1000], ['1_23.50_0_0e+1_2', 1.235e14], ['0x_1_2.3_4_5p+1_2', 74565],
  ])('%s', (text, value) => {
    expect(parseGoFloat(text)).toBe(value);
  });

  test('nan, and the sign of zero', () => {
    expect(parseGoFloat('NaN')).toBeNaN();
    expect(Object.is(parseGoFloat('-0'), -0)).toBe(true);
    expect(Object.is(parseGoFloat('-0x0p1026'), -0)).toBe(true);
  });

  test('rounds hexadecimal mantissas to the nearest float64, ties to even, denormals included', () => {
    expect(parseGoFloat('0x1.00000000000008p0')).toBe(1);
    expect(parseGoFloat('0x1.000000000000081p0')).toBe(1.0000000000000002);
    expect(parseGoFloat('0x1.00000000000018p0')).toBe(1.0000000000000004);
    expect(parseGoFloat('0x1.fffffffffffff8p-1022')).toBe(4.450147717014403e-308);
    expect(parseGoFloat('0x0.00000003456788p-1022')).toBe(1.694649e-317);
    expect(parseGoFloat('0x0.000000000000081p-1022')).toBe(5e-324);
    expect(parseGoFloat('0x0.00000000000008p-1022')).toBe(0);
    expect(parseGoFloat('0x1p-18446744073709551616')).toBe(0);
    expect(parseGoFloat('0x1.fffffffffffff7fffp1023')).toBe(1.7976931348623157e308);
  });

  test.each([
    '', 'abc', '1__000', '_1', '1_', '123_.5', '123.5e_+12', '0x__12.345p+12', '1e', '0x1', '0x1e2', '1p2', '0x.p1',
    '+nan', '-nan', 'infinit', ' 1', '1x',
  ])('rejects %j', (text) => {
    expect(() => parseGoFloat(text)).toThrow(`strconv.ParseFloat: parsing ${JSON.stringify(text)}: invalid syntax`);
  });

  test.each(['1e400', '-1.7976931348623159e308', '1.797693134862315808e308', '0x1p1024', '0x1.fffffffffffff8p1023'])(
    'reports overflow for %j', (text) => {
      expect(() => parseGoFloat(text)).toThrow(`strconv.ParseFloat: parsing ${JSON.stringify(text)}: value out of range`);
    });
});

describe('tryParseGoFloat', () => {
  test('gives undefined for both kinds of error', () => {
    expect(['1', '1.0', '.5', '5.', '-2e3', '+1', 'Inf', '-infinity', 'NaN', '1e-400', '1_000'].map(tryParseGoFloat)).toEqual([
      1, 1, 0.5, 5, -2000, 1, Infinity, -Infinity, NaN, 0, 1000,
    ]);
    expect(['', '.', '1e', '1__000', '0x10', ' 1', '+nan', '1e400'].map(tryParseGoFloat)).toEqual(Array(8).fill(undefined));
  });
});

describe('parseGoFloatValue', () => {
  test('ignores the error: 0 for bad syntax, infinity past the range', () => {
    expect(['x', '1e400', '-0x1p2000', '2.5'].map(parseGoFloatValue)).toEqual([0, Infinity, -Infinity, 2.5]);
  });
});

describe('parseGoInt (strconv.ParseInt base 0)', () => {
  it.each([
    ['42', 42n], ['-42', -42n], ['+7', 7n], ['0x1F', 31n], ['0o17', 15n], ['017', 15n], ['0b101', 5n], ['1_000', 1000n],
    ['9223372036854775807', 9223372036854775807n],
  ])('%p → %p', (s, want) => {
    expect(parseGoInt(s)).toBe(want);
  });

  it.each(['', '1.5', '08', '_1', '1__0', '9223372036854775808', 'abc', '0x'])('%p is not an integer', (s) => {
    expect(parseGoInt(s)).toBeUndefined();
  });
});

describe('parseGoUint (strconv.ParseUint base 0)', () => {
  it.each([
    ['42', 42n], ['0x1F', 31n], ['017', 15n], ['0b1_01', 5n], ['9223372036854775808', 1n << 63n], ['0xFFFFFFFFFFFFFFFF', (1n << 64n) - 1n],
  ])('%p → %p', (s, want) => {
    expect(parseGoUint(s)).toBe(want);
  });

  it.each(['', '+1', '-1', '18446744073709551616', '0x_', '1.0'])('%p is not an unsigned integer', (s) => {
    expect(parseGoUint(s)).toBeUndefined();
  });
});

describe('parseGoBool', () => {
  test('accepts the strconv spellings only', () => {
    expect(['1', 't', 'T', 'TRUE', 'true', 'True'].map(parseGoBool)).toEqual([true, true, true, true, true, true]);
    expect(['0', 'f', 'F', 'FALSE', 'false', 'False'].map(parseGoBool)).toEqual([false, false, false, false, false, false]);
    expect(() => parseGoBool('yes')).toThrow('strconv.ParseBool: parsing "yes": invalid syntax');
  });
});
