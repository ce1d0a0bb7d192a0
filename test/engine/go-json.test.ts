import { formatGoJsonNumber, marshalGoJson, quoteGoJsonString } from '../../src/engine/go-json';

describe('marshalGoJson', () => {
  test('sorts object keys at every level and keeps array order', () => {
    expect(marshalGoJson({ b: 1, a: { d: [3, 1], c: null } })).toBe('{"a":{"c":null,"d":[3,1]},"b":1}');
  });

  test('escapes HTML-sensitive characters and line separators like Go', () => {
    expect(quoteGoJsonString('<a href="x">&\u2028')).toBe('"\\u003ca href=\\"x\\"\\u003e\\u0026\\u2028"');
    expect(quoteGoJsonString('tab\there\u0001')).toBe('"tab\\there\\u0001"');
  });

  test('replaces lone surrogates with U+FFFD', () => {
    expect(quoteGoJsonString('a\ud800b')).toBe('"a\ufffdb"');
    expect(quoteGoJsonString('\ud83d\ude00')).toBe('"\ud83d\ude00"');
  });

  test('prints float64 values as Go does', () => {
    expect(formatGoJsonNumber(1.5)).toBe('1.5');
    expect(formatGoJsonNumber(1e21)).toBe('1e+21');
    expect(formatGoJsonNumber(0.000001)).toBe('0.000001');
    expect(formatGoJsonNumber(1.5e-7)).toBe('1.5e-7');
    expect(formatGoJsonNumber(-0)).toBe('-0');
    expect(() => formatGoJsonNumber(NaN)).toThrow('unsupported value');
  });

  test('skips undefined members', () => {
    expect(marshalGoJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
  });
});
