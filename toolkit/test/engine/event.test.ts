import { eventContext, formatRfc3339, marshalEvent, marshalEventContext, parseRfc3339 } from '../../src/engine/event';

describe('event model', () => {
  test('parses RFC 3339 with offsets and fractions', () => {
    expect(parseRfc3339('2024-07-15T12:00:00Z').toISOString()).toBe('2024-07-15T12:00:00.000Z');
    expect(parseRfc3339('2024-07-15T14:00:00.250+02:00').toISOString()).toBe('2024-07-15T12:00:00.250Z');
    expect(() => parseRfc3339('2024-07-15 12:00:00')).toThrow('RFC 3339');
    expect(() => parseRfc3339('2024-13-15T12:00:00Z')).toThrow('out of range');
  });

  test('formats whole seconds in UTC', () => {
    expect(formatRfc3339(new Date('2024-07-15T12:00:00.999Z'))).toBe('2024-07-15T12:00:00Z');
  });

  test('marshals the context with all seven keys and a null zero time', () => {
    expect(marshalEventContext(eventContext({ id: '1', source: 's' }))).toBe(
      '{"id":"1","source":"s","specversion":"","type":"","datacontenttype":"","subject":"","time":null}',
    );
  });

  test('marshals the whole event with base64 data', () => {
    const event = { context: eventContext({ id: '1', time: '2024-07-15T12:00:00Z' }), data: '{"a":"é"}' };
    const parsed = JSON.parse(marshalEvent(event));
    expect(Buffer.from(parsed.data, 'base64').toString('utf8')).toBe('{"a":"é"}');
    expect(parsed.context.time).toBe('2024-07-15T12:00:00Z');
    expect(marshalEvent({ context: null, data: null })).toBe('{"context":null,"data":null}');
  });
});
