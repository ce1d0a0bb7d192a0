import { LabelSelector, SelectorRequirement } from '../../src/engine/label-selector';
import { ResourceWatch } from '../../src/simulate/event-sources';
import { WatchIndex } from '../../src/simulate/watch-index';

function watch(name: string, selectors?: SelectorRequirement[], resource = 'deployments'): ResourceWatch {
  return {
    eventSource: 'hub', namespace: 'apps', eventBusName: 'default', eventName: name, watchNamespace: 'apps',
    group: 'apps', version: 'v1', resource, eventTypes: new Set(['UPDATE']),
    labelSelector: selectors ? LabelSelector.fromSelectors(selectors) : undefined,
  };
}

/** A small deterministic generator (mulberry32). */
function generator(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['hub', 'watch', 'app', 'tier'];
const VALUES = ['a', 'b', 'c', ''];
const OPERATIONS = ['', '=', '==', '!=', 'in', 'notin', 'exists', '!'];

describe('WatchIndex', () => {
  test('never rules out a watch whose selector matches the labels or the old labels (2,000 generated hubs)', () => {
    const rnd = generator(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
    const labels = (): Record<string, string> => Object.fromEntries(KEYS.filter(() => rnd() < 0.6).map((k) => [k, pick(VALUES.slice(0, 3))]));
    let ruledOut = 0;
    for (let n = 0; n < 2000; n++) {
      const index = new WatchIndex();
      const watches: ResourceWatch[] = [];
      for (let i = 0; i < 1 + Math.floor(rnd() * 8); i++) {
        const selectors = rnd() < 0.15 ? undefined : KEYS.filter(() => rnd() < 0.5).map((key) => {
          const operation = pick(OPERATIONS);
          const value = operation === 'in' || operation === 'notin'
            ? (rnd() < 0.5 ? pick(VALUES.slice(0, 3)) : `${pick(VALUES.slice(0, 3))},${pick(VALUES.slice(0, 3))}`)
            : operation === 'exists' || operation === '!' ? '' : pick(VALUES.slice(0, 3));
          return { key, operation, value };
        });
        const w = watch(`w${i}`, selectors, rnd() < 0.9 ? 'deployments' : 'jobs');
        watches.push(w);
        index.add(w);
      }
      const now = labels();
      const before = rnd() < 0.8 ? labels() : undefined;
      const { watches: listed, selectorMayMatch } = index.lookup('apps', 'deployments', now, before);
      expect(listed).toEqual(watches.filter((w) => w.resource === 'deployments'));
      listed.forEach((w, i) => {
        const matches = !w.labelSelector || w.labelSelector.matches(now) || (before !== undefined && w.labelSelector.matches(before));
        if (matches) {
          expect(selectorMayMatch[i]).toBe(1);
        } else if (selectorMayMatch[i] === 0) {
          ruledOut++;
        }
      });
    }
    // The index must actually rule watches out, or it saves nothing.
    expect(ruledOut).toBeGreaterThan(1000);
  });

  test('a hub of per-target watches lists only the watch of the changed object as a candidate', () => {
    const index = new WatchIndex();
    const watches = Array.from({ length: 250 }, (_, i) => watch(`app-${i}`, [{ key: 'hub', value: 'h' }, { key: 'watch', value: `w${i}` }]));
    watches.forEach((w) => index.add(w));
    const { selectorMayMatch } = index.lookup('apps', 'deployments', { hub: 'h', watch: 'w7' }, { hub: 'h', watch: 'w9' });
    expect([...selectorMayMatch.keys()].filter((i) => selectorMayMatch[i] === 1)).toEqual([7, 9]);
    expect(index.lookup('apps', 'jobs', {}, undefined).watches).toEqual([]);
  });
});
