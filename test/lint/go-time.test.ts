import { isLoadableLocation, parseTimeOfDay } from '../../src/lint/go-time';

describe('isLoadableLocation', () => {
  test.each(['', 'UTC', 'Local', 'Europe/Berlin', 'America/New_York', 'US/Eastern', 'Etc/GMT+5', 'EST'])(
    'accepts %j', (name) => {
      expect(isLoadableLocation(name)).toBe(true);
    });

  test.each(['utc', 'europe/berlin', 'Mars/Olympus', '+01:00', '../etc/passwd', 'Europe/Berlin '])(
    'rejects %j', (name) => {
      expect(isLoadableLocation(name)).toBe(false);
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
