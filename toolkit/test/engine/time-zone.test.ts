import { checkTimeZone, isLoadableLocation, zonedFields, zonedToEpoch } from '../../src/engine/time-zone';

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

describe('checkTimeZone', () => {
  test('throws for a zone Go cannot load', () => {
    expect(() => checkTimeZone('America/New_York')).not.toThrow();
    expect(() => checkTimeZone('america/new_york')).toThrow('unknown time zone america/new_york');
  });
});

describe('zonedFields and zonedToEpoch', () => {
  test('read and build wall-clock times in a zone', () => {
    const t = Date.UTC(2024, 6, 15, 22, 30);
    expect(zonedFields(t, 'Europe/Berlin')).toEqual({ year: 2024, month: 7, day: 16, hour: 0, minute: 30, second: 0, weekday: 2 });
    expect(zonedToEpoch('Europe/Berlin', 2024, 7, 16, 0, 30, 0)).toBe(t);
  });

  test('treat Local as UTC', () => {
    const t = Date.UTC(2024, 6, 15, 22, 30);
    expect(zonedFields(t, 'Local')).toEqual(zonedFields(t, 'UTC'));
    expect(zonedToEpoch('Local', 2024, 7, 15, 22, 30, 0)).toBe(t);
  });
});
