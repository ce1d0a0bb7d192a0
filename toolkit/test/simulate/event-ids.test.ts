import { eventId, sequenceOf } from '../../src/simulate/event-ids';

describe('eventId', () => {
  test('32 lowercase hex digits, the same for the same sequence number in every run', () => {
    expect(eventId(1)).toBe('3f2da09d338d7a2f9f838dabc90b226d');
    expect(eventId(2)).toBe('05f75c957e5b413b4a48591c29cd68b4');
    expect(eventId(1_000_000)).toBe('7fd8e5cbfc7fcd9529d83f500984f6b5');
    expect(eventId(0)).toMatch(/^[0-9a-f]{32}$/);
    expect(eventId(2 ** 32 - 1)).toMatch(/^[0-9a-f]{32}$/);
  });

  test('different sequence numbers give different ids (and different first 8 digits)', () => {
    const prefixes = new Set<string>();
    for (let n = 0; n < 200_000; n++) {
      prefixes.add(eventId(n).slice(0, 8));
    }
    expect(prefixes.size).toBe(200_000);
  });

  test('sequenceOf undoes eventId, and finds nothing in other text', () => {
    for (let n = 0; n < 100_000; n++) {
      expect(sequenceOf(eventId(n))).toBe(n);
    }
    expect(sequenceOf(eventId(2 ** 32 - 1))).toBe(2 ** 32 - 1);
    const id = eventId(42);
    // one digit changed anywhere: the first word still decodes, the rest no longer matches
    expect(sequenceOf(id.slice(0, 31) + (id[31] === '0' ? '1' : '0'))).toBeUndefined();
    expect(sequenceOf(id.toUpperCase())).toBeUndefined();
    expect(sequenceOf('abc')).toBeUndefined();
    expect(sequenceOf(`${id}0`)).toBeUndefined();
  });
});
