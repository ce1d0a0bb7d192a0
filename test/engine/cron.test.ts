import { CronSchedule } from '../../src/engine/cron';

describe('CronSchedule', () => {
  test('finds the next activation', () => {
    const s = CronSchedule.parse('30 2 * * *');
    expect(s.next(new Date('2024-07-15T02:30:00Z'))?.toISOString()).toBe('2024-07-16T02:30:00.000Z');
    expect(s.next(new Date('2024-07-15T01:00:00Z'))?.toISOString()).toBe('2024-07-15T02:30:00.000Z');
  });

  test('supports steps, ranges, lists and names', () => {
    const s = CronSchedule.parse('*/15 9-10 * JAN,jul MON-FRI');
    expect(s.next(new Date('2024-07-13T00:00:00Z'))?.toISOString()).toBe('2024-07-15T09:00:00.000Z');
    expect(s.next(new Date('2024-07-15T10:45:00Z'))?.toISOString()).toBe('2024-07-16T09:00:00.000Z');
  });

  test('either day field matches when both are restricted', () => {
    const s = CronSchedule.parse('0 0 1 * MON');
    expect(s.next(new Date('2024-07-02T00:00:00Z'))?.toISOString()).toBe('2024-07-08T00:00:00.000Z');
  });

  test('evaluates in the time zone', () => {
    const s = CronSchedule.parse('0 9 * * *', 'Europe/Paris');
    expect(s.next(new Date('2024-07-15T00:00:00Z'))?.toISOString()).toBe('2024-07-15T07:00:00.000Z');
  });

  test('rejects malformed expressions', () => {
    expect(() => CronSchedule.parse('* * * *')).toThrow('exactly 5 fields');
    expect(() => CronSchedule.parse('61 * * * *')).toThrow('minute out of range');
    expect(() => CronSchedule.parse('@daily')).toThrow();
    expect(() => CronSchedule.parse('* * * * 7')).toThrow('day of week out of range');
    expect(() => CronSchedule.parse('* * * * *', 'Nowhere/Zone')).toThrow('unknown time zone');
  });
});
