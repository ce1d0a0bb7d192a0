import { eventContext } from '../../src/engine/event';
import { EventView } from '../../src/engine/event-view';
import { marshalGoJson } from '../../src/engine/go-json';
import { applyParams, constructPayload, renderEventDataAsJSON, resolveParamValue } from '../../src/engine/params';

const json = { context: eventContext({ id: '1', datacontenttype: 'application/json', subject: 's' }), data: '{"name":"web","n":1.50,"tags":["a"]}' };
const events = { dep: json };

describe('trigger parameters', () => {
  test('keys give typed values, templates strings', () => {
    expect(resolveParamValue({ dependencyName: 'dep', dataKey: 'n' }, events)).toEqual({ value: '1.5', type: 'Number' });
    expect(resolveParamValue({ dependencyName: 'dep', dataKey: 'tags' }, events)).toEqual({ value: '["a"]', type: 'JSON' });
    expect(resolveParamValue({ dependencyName: 'dep', dataTemplate: '{{ .Input.n }}' }, events)).toEqual({ value: '1.5', type: 'String' });
    expect(resolveParamValue({ dependencyName: 'dep', contextKey: 'subject' }, events)).toEqual({ value: 's', type: 'String' });
  });

  test('an absent dependency uses the default or is skipped; a missing key without default is an error', () => {
    expect(resolveParamValue({ dependencyName: 'other', value: 'd' }, events).value).toBe('d');
    expect(resolveParamValue({ dependencyName: 'other' }, events).value).toBeUndefined();
    expect(() => resolveParamValue({ dependencyName: 'dep', dataKey: 'nope', dataTemplate: '{{ .Input.nope }}' }, events))
      .toThrow("unable to resolve 'dep' parameter value. err: template evaluated to empty string or no value: {{ .Input.nope }}");
  });

  test('undecodable payloads fall back to the default', () => {
    const bad = { dep: { context: eventContext({ datacontenttype: 'text/plain' }), data: 'x' } };
    expect(resolveParamValue({ dependencyName: 'dep', dataKey: 'a', value: 'fallback' }, bad).value).toBe('fallback');
    expect(() => renderEventDataAsJSON(bad.dep)).toThrow('unsupported event content type: text/plain');
  });

  test('raw JSON only with useRawData and a non-string type; append/prepend turn values into strings', () => {
    const doc = applyParams('{"a":"x"}', [
      { src: { dependencyName: 'dep', dataKey: 'tags', useRawData: true }, dest: 'raw' },
      { src: { dependencyName: 'dep', dataKey: 'tags' }, dest: 'str' },
      { src: { dependencyName: 'dep', dataKey: 'name' }, dest: 'a', operation: 'prepend' },
    ], events);
    expect(JSON.parse(doc)).toEqual({ a: 'webx', raw: ['a'], str: '["a"]' });
    expect(() => applyParams('{}', [{ src: { dependencyName: 'dep', value: 'v' }, dest: 'a', operation: 'merge' }], events))
      .toThrow('unsupported trigger parameter operation: merge');
  });

  test('payloads start empty, an empty dest is the whole body, and a skipped value crashes upstream', () => {
    expect(constructPayload(events, [])).toBeNull();
    expect(constructPayload(events, [{ src: { dependencyName: 'dep', dataKey: 'tags' }, dest: '' }])).toBe('["a"]');
    expect(() => constructPayload(events, [{ src: { dependencyName: 'other' }, dest: 'x' }])).toThrow('the Sensor crashes');
  });
});

describe('parameters over an EventView', () => {
  test('a structured view resolves keys and templates exactly like the text', () => {
    const structured = { name: 'web', n: 1.5, tags: ['a'], nested: { b: 1, a: '<x>' } };
    const context = eventContext({ datacontenttype: 'application/json' });
    const view = new EventView({ context, get data(): string { return marshalGoJson(structured); } }, { structured });
    const plain = { context, data: marshalGoJson(structured) };
    for (const src of [
      { dependencyName: 'dep', dataKey: 'nested' },
      { dependencyName: 'dep', dataKey: 'nested.a' },
      { dependencyName: 'dep', dataKey: 'n', useRawData: true },
      { dependencyName: 'dep', dataTemplate: '{{ .Input.nested.a }}-{{ .Input.n }}' },
      { dependencyName: 'dep', dataKey: 'tags.#' },
    ]) {
      expect(resolveParamValue(src, { dep: view })).toEqual(resolveParamValue(src, { dep: plain }));
    }
  });
});
