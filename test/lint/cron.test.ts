import { cronError } from '../../src/lint/cron';

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
    ['TZ=UTC', /must be followed by the five fields/],
  ])('rejects %j', (spec, reason) => {
    expect(cronError(spec)).toMatch(reason);
  });
});
