import { readHookEvent, runNamedBy } from '../../src/runs/hook-event';
import { NOW, WEB, hookEvent } from './cluster-scenario';

const now = NOW.getTime();

describe('readHookEvent', () => {
  test('a HookFailed Warning, aggregated: its last time and count', () => {
    const event = hookEvent({
      hub: 'web-hooks', hook: 'web-watch-purge-cdn', type: 'Warning', reason: 'HookFailed', target: WEB,
      first: now - 13 * 60_000, last: now - 11 * 60_000, count: 2, message: 'trigger web-watch-purge-cdn-http failed after 5 attempts',
    });
    expect(readHookEvent(event)).toEqual({
      hub: 'web-hooks',
      hook: 'web-watch-purge-cdn',
      event: {
        type: 'Warning',
        reason: 'HookFailed',
        time: '2026-11-22T10:19:00Z',
        count: 2,
        message: 'trigger web-watch-purge-cdn-http failed after 5 attempts',
        target: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'web', name: 'web' },
        namespace: 'web',
        name: event.metadata.name,
        run: null,
      },
    });
  });

  test('an Event written through events.k8s.io: eventTime and series instead of lastTimestamp and count', () => {
    const event = hookEvent({ hub: 'web-hooks', hook: 'web-watch-smoke-test', type: 'Normal', reason: 'HookTriggered', target: WEB, first: now, message: 'm' });
    event.lastTimestamp = null;
    event.firstTimestamp = null;
    event.count = undefined;
    event.eventTime = '2026-11-22T10:00:00.000000Z';
    expect(readHookEvent(event)!.event).toMatchObject({ time: '2026-11-22T10:00:00Z', count: 1 });
    event.series = { count: 4, lastObservedTime: '2026-11-22T10:20:00.000000Z' };
    expect(readHookEvent(event)!.event).toMatchObject({ time: '2026-11-22T10:20:00Z', count: 4 });
  });

  test('Events of other reasons, or without the hub and hook labels, are not hook Events', () => {
    const event = hookEvent({ hub: 'web-hooks', hook: 'web-watch-smoke-test', type: 'Normal', reason: 'HookTriggered', target: WEB, first: now, message: 'm' });
    expect(readHookEvent({ ...event, reason: 'ScalingReplicaSet' })).toBeUndefined();
    expect(readHookEvent({ ...event, metadata: { ...event.metadata, labels: { 'resource-hooks.cdk8s.io/hub': 'web-hooks' } } })).toBeUndefined();
  });
});

describe('runNamedBy', () => {
  const names = ['web-watch-smoke-test-3f2a9c1e0b', 'web-watch-smoke-test-3f2a9c1e0b-retry'];
  test('a run the message names as a whole word, the longest name first', () => {
    expect(runNamedBy('created Job web/web-watch-smoke-test-3f2a9c1e0b', names)).toBe('web-watch-smoke-test-3f2a9c1e0b');
    expect(runNamedBy('created Job web-watch-smoke-test-3f2a9c1e0b-retry.', names)).toBe('web-watch-smoke-test-3f2a9c1e0b-retry');
    expect(runNamedBy('created Job web/web-watch-smoke-test-3f2a9c1e0bx', names)).toBeNull();
    expect(runNamedBy('called POST https://example.com', names)).toBeNull();
  });
});
