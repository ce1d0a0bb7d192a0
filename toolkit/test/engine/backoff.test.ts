import { formatGoDuration, parseGoDuration, retryPlan } from '../../src/engine/backoff';

describe('backoff', () => {
  test('parses Go durations', () => {
    expect(parseGoDuration('1m30s')).toBe(90_000);
    expect(parseGoDuration('500ms')).toBe(500);
    expect(parseGoDuration('-1.5h')).toBe(-5_400_000);
    expect(parseGoDuration('0')).toBe(0);
    expect(() => parseGoDuration('10')).toThrow('invalid duration');
    expect(() => parseGoDuration('1x')).toThrow('invalid duration');
  });

  test('formats like time.Duration.String', () => {
    expect(formatGoDuration(1000)).toBe('1s');
    expect(formatGoDuration(1500)).toBe('1.5s');
    expect(formatGoDuration(120_000)).toBe('2m0s');
    expect(formatGoDuration(3_600_000)).toBe('1h0m0s');
    expect(formatGoDuration(250)).toBe('250ms');
  });

  test('plans attempts and sleeps', () => {
    expect(retryPlan(undefined)).toEqual({ attempts: 1, sleepsMs: [], jitter: 0 });
    expect(retryPlan({ steps: 3, duration: '1s', factor: 2 }).sleepsMs).toEqual([1000, 2000]);
    expect(retryPlan({ steps: 0 }).attempts).toBe(5);
    expect(retryPlan({ steps: 2, duration: 2_000_000_000 }).sleepsMs).toEqual([2000]);
  });

  test('rejects quoted amounts as Argo Events does', () => {
    expect(() => retryPlan({ steps: 3, factor: '2' })).toThrow('retryStrategy.factor must be a number, not the string "2"');
  });
});
