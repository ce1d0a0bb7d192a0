import { filterTime } from '../../src/engine/filter-time';

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
});
