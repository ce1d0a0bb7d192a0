import {
  GoInt, compareGoStrings, deepEqualGo, formatFloat, formatGoFloat, formatGoValue, goFloatToInt64, goSprint, goSprintf, goSprintln,
  goTypeName, quoteGo,
} from '../../src/engine/go-format';
import { GoRegexp } from '../../src/engine/go-regexp';
import { GoTime } from '../../src/engine/sprig';
import { UnsupportedError } from '../../src/engine/errors';

describe('formatGoFloat (fmt %v of a float64)', () => {
  it.each([
    [100, '100'],
    [0, '0'],
    [-0, '-0'],
    [0.5, '0.5'],
    [3.14, '3.14'],
    [-2.5, '-2.5'],
    [123456, '123456'],
    [1e6, '1e+06'],
    [1234567, '1.234567e+06'],
    [1e21, '1e+21'],
    [1.5e300, '1.5e+300'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1e-7, '1e-07'],
    [0.1 + 0.2, '0.30000000000000004'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])('%p prints as %p', (n, want) => {
    expect(formatGoFloat(n)).toBe(want);
  });
});

describe('formatFloat (strconv.FormatFloat)', () => {
  it.each([
    [2.5, 'f', 0, '2'], // ties to even on the exact binary value
    [3.5, 'f', 0, '4'],
    [0.125, 'f', 2, '0.12'],
    [1.005, 'f', 2, '1.00'], // 1.005 is 1.00499999999999989… in binary
    [2.345, 'f', 2, '2.35'], // … and 2.345 is 2.34500000000000019…
    [123.456, 'e', 2, '1.23e+02'],
    [0.000123, 'E', -1, '1.23E-04'],
    [3.14159, 'g', 3, '3.14'],
    [1e-10, 'G', -1, '1E-10'],
    [0, 'e', 3, '0.000e+00'],
    [99.99, 'f', 1, '100.0'],
  ] as const)('%p %s prec %p → %p', (n, f, prec, want) => {
    expect(formatFloat(n, f, prec)).toBe(want);
  });
});

describe('formatFloat with \'f\' and the shortest precision', () => {
  it('never uses an exponent', () => {
    expect([1.5, 100, 1e21, 1.5e-7, -0, -2.25, NaN, Infinity].map((n) => formatFloat(n, 'f', -1))).toEqual([
      '1.5', '100', '1000000000000000000000', '0.00000015', '-0', '-2.25', 'NaN', '+Inf',
    ]);
  });
});

describe('formatGoValue (fmt %v)', () => {
  it('prints JSON-decoded values the way Go holds them', () => {
    expect(formatGoValue({ b: 'x', a: 1, c: [1, 'y', null, { z: true }] })).toBe('map[a:1 b:x c:[1 y <nil> map[z:true]]]');
    expect(formatGoValue([1e6, 2])).toBe('[1e+06 2]');
    expect(formatGoValue(null)).toBe('<nil>');
    expect(formatGoValue(GoInt.int64(1000000))).toBe('1000000');
    expect(formatGoValue({})).toBe('map[]');
    expect(formatGoValue([])).toBe('[]');
    expect([1, -0, 0.5, 1e21, 1e-7, 123456789, NaN, -Infinity].map(formatGoValue)).toEqual([
      '1', '-0', '0.5', '1e+21', '1e-07', '1.23456789e+08', 'NaN', '-Inf',
    ]);
    expect(formatGoValue({ b: { c: 'x' }, a: [] })).toBe('map[a:[] b:map[c:x]]');
  });

  it('prints a Stringer through its String method', () => {
    expect(formatGoValue([GoRegexp.compile('^a+$'), true])).toBe('[^a+$ true]');
    expect(goTypeName(GoRegexp.compile('a'))).toBe('*regexp.Regexp');
  });

  it('sorts map keys by bytes, as Go does', () => {
    expect(formatGoValue({ b: 1, B: 2, a: 3, '😀': 4, '\uffff': 5 })).toBe('map[B:2 a:3 b:1 \uffff:5 😀:4]');
    expect(compareGoStrings('\uffff', '😀')).toBeLessThan(0);
  });
});

describe('goTypeName (%T)', () => {
  it.each([
    [1, 'float64'], ['s', 'string'], [true, 'bool'], [null, '<nil>'], [GoInt.int(1), 'int'], [GoInt.uint8(1), 'uint8'],
    [[1], '[]interface {}'], [{ a: 1 }, 'map[string]interface {}'],
  ])('%p is %p', (v, want) => {
    expect(goTypeName(v)).toBe(want);
  });
});

describe('goSprint / goSprintln', () => {
  it('adds spaces only between operands that are not strings', () => {
    expect(goSprint([1, 2, 'x', 'y', 3])).toBe('1 2xy3');
    expect(goSprintln(['a', 1, 'b'])).toBe('a 1 b\n');
  });
});

describe('goSprintf', () => {
  const i = GoInt.int;
  it.each([
    ['%d', [i(42)], '42'],
    ['%d', [1], '%!d(float64=1)'],
    ['%s', [1.5], '%!s(float64=1.5)'],
    ['%s', [{ a: 1 }], 'map[a:%!s(float64=1)]'],
    ['%v|%s|%q', [3.5, 'a', 'hi"\n'], '3.5|a|"hi\\"\\n"'],
    ['%f|%.2f|%6.2f|%-6.1f|', [2.5, 2.345, 3.14159, 1], '2.500000|2.35|  3.14|1.0   |'],
    ['%e|%E|%g|%.3g', [123456.789, 0.000123, 1e21, 3.14159], '1.234568e+05|1.230000E-04|1e+21|3.14'],
    ['%x|%X|%x|%o|%b|%#x|%08.3f', ['hi', i(255), i(255), i(8), i(5), i(255), -3.14159], '6869|FF|ff|10|101|0xff|-003.142'],
    ['%t|%v|%v', [true, null, [1, 'a']], 'true|<nil>|[1 a]'],
    ['%05d|%+d|% d|%-5d|', [i(42), i(5), i(5), i(7)], '00042|+5| 5|7    |'],
    ['%c|%q|%U', [i(0x263a), i(65), i(0x263a)], '☺|\'A\'|U+263A'],
    ['%T|%T|%T', [1, i(2), 'x'], 'float64|int|string'],
    ['100%%', [], '100%'],
    ['%d %d', [i(1)], '1 %!d(MISSING)'],
    ['%d', [i(1), 'x', 2], '1%!(EXTRA string=x, float64=2)'],
    ['%[2]s %[1]s', ['a', 'b'], 'b a'],
    ['%*d', [i(4), i(7)], '   7'],
    ['%.3s|%5s', ['abcdef', 'ab'], 'abc|   ab'],
    ['%!', [], '%!!(MISSING)'],
    ['%', [], '%!(NOVERB)'],
  ] as [string, unknown[], string][])('%p %p', (format, args, want) => {
    expect(goSprintf(format, args)).toBe(want);
  });

  it('reports hexadecimal floats as unsupported', () => {
    expect(() => goSprintf('%x', [1.5])).toThrow(UnsupportedError);
  });
});

describe('quoteGo (strconv.Quote)', () => {
  it('escapes like Go', () => {
    expect(quoteGo('a\tb\u0001é😀"\\')).toBe('"a\\tb\\x01é😀\\"\\\\"');
    expect(quoteGo('\u200b')).toBe('"\\u200b"');
  });
});

describe('goFloatToInt64 (int64(f) on amd64)', () => {
  it('truncates toward zero and maps NaN and out-of-range values to the minimum', () => {
    expect([2.9, -2.9, 2 ** 62, -(2 ** 63)].map(goFloatToInt64)).toEqual([2n, -2n, 1n << 62n, -(1n << 63n)]);
    expect([2 ** 63, NaN, Infinity, -Infinity].map(goFloatToInt64)).toEqual(Array(4).fill(-(1n << 63n)));
  });
});

describe('deepEqualGo (reflect.DeepEqual)', () => {
  it('compares JSON values deeply and integers by type and value', () => {
    expect(deepEqualGo({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(deepEqualGo({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(deepEqualGo(NaN, NaN)).toBe(false);
    expect(deepEqualGo(GoInt.int(1), GoInt.int(1))).toBe(true);
    expect(deepEqualGo(GoInt.int(1), GoInt.int64(1))).toBe(false);
    expect(deepEqualGo(GoInt.int(1), 1)).toBe(false);
  });

  it('compares times by instant and location, other Stringers by identity', () => {
    expect(deepEqualGo(new GoTime(5, 'UTC'), new GoTime(5, 'UTC'))).toBe(true);
    expect(deepEqualGo(new GoTime(5, 'UTC'), new GoTime(5, 'Europe/Berlin'))).toBe(false);
    const re = GoRegexp.compile('a+');
    expect(deepEqualGo(re, re)).toBe(true);
    expect(deepEqualGo(re, { source: 'a+' })).toBe(false);
  });
});
