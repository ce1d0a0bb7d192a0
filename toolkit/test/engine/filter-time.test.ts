import { filterTime, parseTimeOfDay } from '../../src/engine/filter-time';

const at = (iso: string): Date => new Date(iso);

describe('filterTime', () => {
  test('window is [start, stop) on the event date', () => {
    const f = { start: '08:00:00', stop: '17:00:00' };
    expect(filterTime(f, at('2024-07-15T08:00:00Z'))).toEqual({ pass: true });
    expect(filterTime(f, at('2024-07-15T17:00:00Z'))).toEqual({ pass: false });
  });

  test('a stop before the start wraps past midnight', () => {
    const f = { start: '22:00:00', stop: '02:00:00' };
    expect(filterTime(f, at('2024-07-15T23:30:00Z')).pass).toBe(true);
    expect(filterTime(f, at('2024-07-15T01:59:59Z')).pass).toBe(true);
    expect(filterTime(f, at('2024-07-15T12:00:00Z')).pass).toBe(false);
  });

  test('uses the calendar date of the time zone', () => {
    // 03:00 UTC on the 16th is 23:00 on the 15th in New York (EDT).
    const f = { start: '22:00:00', stop: '23:30:00', timezone: 'America/New_York' };
    expect(filterTime(f, at('2024-07-16T03:00:00Z')).pass).toBe(true);
  });

  test('accepts a single-digit hour like Go, rejects short minutes or seconds', () => {
    expect(filterTime({ start: '9:00:00', stop: '10:00:00' }, at('2024-07-15T09:30:00Z')).pass).toBe(true);
    expect(filterTime({ start: '09:0:00', stop: '10:00:00' }, at('2024-07-15T09:30:00Z')).error).toMatch(/^time filter error/);
  });

  test('reports an unknown zone', () => {
    expect(filterTime({ start: '09:00:00', stop: '10:00:00', timezone: 'Mars/Base' }, at('2024-07-15T09:30:00Z')).error)
      .toContain("invalid timezone 'Mars/Base'");
  });

  test('keeps milliseconds of a fractional second', () => {
    const f = { start: '09:00:00.5', stop: '10:00:00' };
    expect(filterTime(f, at('2024-07-15T09:00:00.499Z')).pass).toBe(false);
    expect(filterTime(f, at('2024-07-15T09:00:00.500Z')).pass).toBe(true);
  });

  test('Go cannot load a zone in the wrong case', () => {
    expect(filterTime({ start: '09:00:00', stop: '10:00:00', timezone: 'europe/berlin' }, at('2024-07-15T07:30:00Z')).error)
      .toContain("invalid timezone 'europe/berlin'");
    expect(filterTime({ start: '09:00:00', stop: '10:00:00', timezone: 'Local' }, at('2024-07-15T09:30:00Z'))).toEqual({ pass: true });
  });
});

describe('parseTimeOfDay', () => {
  const second = 1e9;

  test.each([
    ['00:00:00', 0],
    ['9:05:07', (9 * 3600 + 5 * 60 + 7) * second],
    ['23:59:59', (24 * 3600 - 1) * second],
    ['10:00:00.25', 36000 * second + 250_000_000],
    ['10:00:00,5', 36000 * second + 500_000_000],
    ['10:00:00.1234567891', 36000 * second + 123_456_789],
  ])('parses %j', (text, nanos) => {
    expect(parseTimeOfDay(text)).toBe(nanos);
  });

  test.each(['', '9:00', '24:00:00', '12:60:00', '12:00:60', '12:0:00', '012:00:00', '12:00:00.', '12:00:00Z', ' 12:00:00'])(
    'rejects %j', (text) => {
      expect(parseTimeOfDay(text)).toBeUndefined();
    });
});
