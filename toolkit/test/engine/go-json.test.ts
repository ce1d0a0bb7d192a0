import { GoInt } from '../../src/engine/go-format';
import { GoRegexp } from '../../src/engine/go-regexp';
import { formatGoJsonNumber, marshalGoJson, quoteGoJsonString } from '../../src/engine/go-json';
import { GoTime } from '../../src/engine/sprig';

describe('marshalGoJson', () => {
  test('sorts object keys at every level and keeps array order', () => {
    expect(marshalGoJson({ b: 1, a: { d: [3, 1], c: null } })).toBe('{"a":{"c":null,"d":[3,1]},"b":1}');
  });

  test('sorts keys by bytes, as Go does', () => {
    expect(marshalGoJson({ b: 1, B: 2, '😀': 3, '\uffff': 4 })).toBe('{"B":2,"b":1,"\uffff":4,"😀":3}');
  });

  test('matches Go encoding/json for JSON values', () => {
    expect(marshalGoJson({ b: '\b\f\u0001', a: -0, c: 1e21, d: 1e-7 })).toBe('{"a":-0,"b":"\\b\\f\\u0001","c":1e+21,"d":1e-7}');
    expect(marshalGoJson(['<&>'])).toBe('["\\u003c\\u0026\\u003e"]');
    expect(marshalGoJson({ b: [1, 'x', null, true], a: { '\u2028': 1e-7 }, c: GoInt.int64(5) })).toBe('{"a":{"\\u2028":1e-7},"b":[1,"x",null,true],"c":5}');
    expect(marshalGoJson('\b\f\u0001')).toBe('"\\b\\f\\u0001"');
    expect(marshalGoJson(12345678901234567890n)).toBe('12345678901234567890');
  });

  test('skips undefined members; undefined elsewhere is null', () => {
    expect(marshalGoJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
    expect(marshalGoJson({ e: undefined })).toBe('{}');
    expect(marshalGoJson(undefined)).toBe('null');
  });

  test('encodes values with a MarshalJSON method through it, other Stringers as empty structs', () => {
    const t = new GoTime(Date.UTC(2024, 6, 15, 12, 0, 0, 250));
    expect(marshalGoJson({ at: t })).toBe('{"at":"2024-07-15T12:00:00.25Z"}');
    expect(marshalGoJson(GoRegexp.compile('a+'))).toBe('{}');
  });

  test('rejects what Go rejects', () => {
    expect(() => marshalGoJson(NaN)).toThrow('json: unsupported value: NaN');
    expect(() => marshalGoJson({ a: [Infinity] })).toThrow('json: unsupported value: +Inf');
    expect(() => marshalGoJson(() => 1)).toThrow('json: unsupported type: func()');
  });

  test('indents like json.MarshalIndent, keeping empty containers compact', () => {
    expect(marshalGoJson({ a: [1, { c: 'x' }], b: {}, d: [] }, { indent: '  ' }))
      .toBe('{\n  "a": [\n    1,\n    {\n      "c": "x"\n    }\n  ],\n  "b": {},\n  "d": []\n}');
    expect(marshalGoJson('<', { indent: '\t' })).toBe('"\\u003c"');
  });

  test('writes <, > and & as they are when HTML escaping is off, and still escapes the separators', () => {
    expect(marshalGoJson({ '<k>': 'a&b\u2029' }, { escapeHtml: false })).toBe('{"<k>":"a&b\\u2029"}');
  });
});

describe('quoteGoJsonString', () => {
  test('escapes HTML-sensitive characters and line separators like Go', () => {
    expect(quoteGoJsonString('<a href="x">&\u2028')).toBe('"\\u003ca href=\\"x\\"\\u003e\\u0026\\u2028"');
    expect(quoteGoJsonString('tab\there\u0001\u007f')).toBe('"tab\\there\\u0001\u007f"');
  });

  test('replaces lone surrogates with U+FFFD', () => {
    // Go decodes a JSON "\ud800" escape to U+FFFD and encodes that character as it is.
    expect(quoteGoJsonString('a\ud800b')).toBe('"a\ufffdb"');
    expect(quoteGoJsonString('\udc00\ud800')).toBe('"\ufffd\ufffd"');
    expect(quoteGoJsonString('\ud83d\ude00')).toBe('"\ud83d\ude00"');
  });
});

describe('formatGoJsonNumber', () => {
  test.each([
    [1, '1'], [1.5, '1.5'], [1e6, '1000000'], [1e20, '100000000000000000000'], [1e21, '1e+21'], [0.000001, '0.000001'],
    [1e-7, '1e-7'], [1.5e-7, '1.5e-7'], [1e-10, '1e-10'], [0.5, '0.5'], [-0, '-0'], [0, '0'],
  ])('%p → %p', (n, want) => {
    expect(formatGoJsonNumber(n)).toBe(want);
  });

  test('rejects NaN and infinities with the value as strconv spells it', () => {
    expect(() => formatGoJsonNumber(NaN)).toThrow('json: unsupported value: NaN');
    expect(() => formatGoJsonNumber(-Infinity)).toThrow('json: unsupported value: -Inf');
  });
});
