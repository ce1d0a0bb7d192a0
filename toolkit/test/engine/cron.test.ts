import { CronSchedule, cronError } from '../../src/engine/cron';

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

  test('a day field with a step is restricted, so either day field matches', () => {
    // `*/2` clears robfig's star bit: 1 July (day 1 is odd) or any Sunday.
    const s = CronSchedule.parse('0 0 */2 * SUN');
    expect(s.next(new Date('2024-07-01T00:00:00Z'))?.toISOString()).toBe('2024-07-03T00:00:00.000Z');
  });

  test('evaluates in the time zone', () => {
    const s = CronSchedule.parse('0 9 * * *', 'Europe/Paris');
    expect(s.next(new Date('2024-07-15T00:00:00Z'))?.toISOString()).toBe('2024-07-15T07:00:00.000Z');
  });

  test('a TZ= prefix picks the time zone over the one given', () => {
    const s = CronSchedule.parse('CRON_TZ=America/New_York 0 9 * * *', 'Europe/Paris');
    expect(s.next(new Date('2024-07-15T00:00:00Z'))?.toISOString()).toBe('2024-07-15T13:00:00.000Z');
    expect(CronSchedule.parse('TZ=Local 0 9 * * *', 'Europe/Paris').next(new Date('2024-07-15T00:00:00Z'))?.toISOString())
      .toBe('2024-07-15T07:00:00.000Z');
  });

  test('Local is UTC, as in an Argo Events pod', () => {
    expect(CronSchedule.parse('0 9 * * *', 'Local').next(new Date('2024-07-15T00:00:00Z'))?.toISOString())
      .toBe('2024-07-15T09:00:00.000Z');
  });

  test('a field of empty items never matches', () => {
    expect(CronSchedule.parse(', * * * *').next(new Date('2024-07-15T00:00:00Z'))).toBeUndefined();
  });

  test('rejects malformed expressions', () => {
    expect(() => CronSchedule.parse('* * * *')).toThrow('exactly 5 fields');
    expect(() => CronSchedule.parse('61 * * * *')).toThrow('minute field "61": 61 is above the maximum 59');
    expect(() => CronSchedule.parse('@daily')).toThrow();
    expect(() => CronSchedule.parse('* * * * 7')).toThrow('day of week field "7": 7 is above the maximum 6');
    expect(() => CronSchedule.parse('* * * * *', 'Nowhere/Zone')).toThrow('unknown time zone');
    expect(() => CronSchedule.parse('* * * * *', 'europe/paris')).toThrow('unknown time zone europe/paris');
  });
});

describe('cronError', () => {
  test.each([
    '59 23 * * *',
    '*/15 * * * *',
    '0 9-17 * * mon-fri',
    '0 0 1,15 * *',
    '0 0 ? JAN,jul SUN',
    '5/10 * * * *',
    '0 0 31 * *',
    // `*` ignores anything after a hyphen, and empty list items are skipped, as in robfig/cron.
    '*-5 * * * *',
    '1,,2 * * * *',
    '+5 * * * *',
    'TZ=Europe/Berlin 0 8 * * *',
    'CRON_TZ=UTC   0 8 * * *',
    ' 0  8 * * *\t',
  ])('accepts %j', (spec) => {
    expect(cronError(spec)).toBeUndefined();
  });

  test.each([
    ['', /empty/],
    ['@daily', /descriptors/],
    ['@every 1h', /descriptors/],
    ['0 0 * * * *', /exactly 5 fields.*found 6/],
    ['0 0 * *', /found 4/],
    ['60 * * * *', /minute field "60": 60 is above the maximum 59/],
    ['* 24 * * *', /hour field/],
    ['* * 0 * *', /day of month field "0": 0 is below the minimum 1/],
    ['* * * 13 *', /month field/],
    ['* * * * 7', /day of week field "7": 7 is above the maximum 6/],
    ['* * * * monday', /not a number or name/],
    ['5-1 * * * *', /starts at 5, after its end 1/],
    ['1-2-3 * * * *', /too many hyphens/],
    ['*/5/2 * * * *', /too many slashes/],
    ['*/0 * * * *', /step must be positive/],
    ['*/-1 * * * *', /not a non-negative integer/],
    ['*/99999999999999999999 * * * *', /not a non-negative integer/],
    ['-5 * * * *', /not a number/],
    ['L * * * *', /not a number/],
    ['TZ=Nowhere/Special 0 8 * * *', /unknown time zone "Nowhere\/Special"/],
    ['TZ=europe/berlin 0 8 * * *', /unknown time zone "europe\/berlin"/],
    ['TZ=UTC', /must be followed by the five fields/],
  ])('rejects %j', (spec, reason) => {
    expect(cronError(spec)).toMatch(reason);
  });
});
