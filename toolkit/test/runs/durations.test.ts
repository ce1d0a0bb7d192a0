import { humanDuration, parseSince, parseTime } from '../../src/runs/durations';

describe('parseSince', () => {
  test.each([
    ['30s', 30_000],
    ['30m', 1_800_000],
    ['24h', 86_400_000],
    ['1h30m', 5_400_000],
    ['7d', 604_800_000],
    ['1d12h', 129_600_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseSince(text)).toBe(ms);
  });

  test.each(['', '24', 'h', '1.5h', '-1h', '0h', '0m0s', '24 h', '1w', 'yesterday'])('%j is refused', (text) => {
    expect(parseSince(text)).toBeUndefined();
  });
});

describe('humanDuration: kubectl ages and Job durations', () => {
  const s = 1000;
  const m = 60 * s;
  const h = 60 * m;
  const d = 24 * h;
  test.each([
    [-5 * s, '<invalid>'],
    [-1 * s, '0s'],
    [0, '0s'],
    [41 * s, '41s'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [4 * m + 31 * s, '4m31s'],
    [11 * m + 58 * s, '11m'],
    [130 * m, '130m'],
    [3 * h, '3h'],
    [5 * h + 12 * m, '5h12m'],
    [20 * h, '20h'],
    [47 * h + 59 * m, '47h'],
    [3 * d, '3d'],
    [3 * d + 4 * h, '3d4h'],
    [40 * d, '40d'],
    [2 * 365 * d + 30 * d, '2y30d'],
    [9 * 365 * d, '9y'],
  ])('%d ms is %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

test('parseTime reads RFC 3339 and refuses anything else', () => {
  expect(parseTime('2026-11-22T10:30:00Z')).toBe(Date.UTC(2026, 10, 22, 10, 30));
  expect(parseTime('2026-11-22T10:30:00.123456Z')).toBe(Date.UTC(2026, 10, 22, 10, 30, 0, 123));
  expect(parseTime('')).toBeUndefined();
  expect(parseTime(null)).toBeUndefined();
  expect(parseTime('soon')).toBeUndefined();
});
