import { eventId } from '../../src/simulate/event-ids';
import { DEDUP_WINDOW_MS, RecentIds } from '../../src/simulate/recent-ids';

describe('RecentIds', () => {
  test('an id the simulator made is new; given back by a caller within the window, it is seen', () => {
    const recent = new RecentIds();
    expect(recent.has(eventId(7), 7)).toBe(false);
    recent.add(eventId(7), 7, 0);
    expect(recent.has(eventId(7), undefined)).toBe(true);
    expect(recent.has(eventId(8), undefined)).toBe(false);
    recent.expire(DEDUP_WINDOW_MS);
    expect(recent.has(eventId(7), undefined)).toBe(true);
    recent.expire(DEDUP_WINDOW_MS + 1);
    expect(recent.has(eventId(7), undefined)).toBe(false);
  });

  test('an id a caller gave is seen again, whoever delivers it next, until it leaves the window', () => {
    const recent = new RecentIds();
    recent.add('abc', undefined, 1000);
    expect(recent.has('abc', undefined)).toBe(true);
    // the simulator's own id that happens to be the same text
    expect(recent.has('abc', 3)).toBe(true);
    expect(recent.has('abd', undefined)).toBe(false);
    recent.expire(1000 + DEDUP_WINDOW_MS + 1);
    expect(recent.has('abc', undefined)).toBe(false);
    expect(recent.has('abc', 3)).toBe(false);
  });

  test('expiry keeps the ids that arrived later, and compacts its store', () => {
    const recent = new RecentIds();
    for (let n = 1; n <= 10_000; n++) {
      recent.add(eventId(n), n, n < 6000 ? 0 : 30_000);
    }
    recent.add('given-early', undefined, 0);
    recent.add('given-late', undefined, 30_000);
    recent.expire(DEDUP_WINDOW_MS + 1);
    expect(recent.has(eventId(5999), undefined)).toBe(false);
    expect(recent.has(eventId(6000), undefined)).toBe(true);
    expect(recent.has(eventId(10_000), undefined)).toBe(true);
    expect(recent.has('given-early', undefined)).toBe(false);
    expect(recent.has('given-late', undefined)).toBe(true);
    recent.add(eventId(10_001), 10_001, DEDUP_WINDOW_MS + 1);
    recent.expire(30_000 + DEDUP_WINDOW_MS + 1);
    expect(recent.has(eventId(6000), undefined)).toBe(false);
    expect(recent.has(eventId(10_001), undefined)).toBe(true);
  });

  test('many ids of both kinds in one window: each is seen exactly when it was delivered', () => {
    const recent = new RecentIds();
    for (let n = 1; n <= 20_000; n++) {
      if (n % 3 !== 0) {
        recent.add(eventId(n), n, n);
      }
      recent.add(`given-${n}`, undefined, n);
    }
    for (let n = 1; n <= 20_000; n++) {
      expect([n, recent.has(eventId(n), undefined)]).toEqual([n, n % 3 !== 0]);
    }
    expect(recent.has('given-777', undefined)).toBe(true);
    expect(recent.has('given-20001', undefined)).toBe(false);
  });
});
