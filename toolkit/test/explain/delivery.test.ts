import { codeRanges, describeDelivery } from '../../src/explain/delivery';

describe('describeDelivery', () => {
  test('at-least-once with retries in plain words', () => {
    expect(describeDelivery({ atLeastOnce: true, retryStrategy: { steps: 3, duration: '500ms', factor: 1.5, jitter: 0.2 } }, 'k8s'))
      .toEqual({ delivery: ['at-least-once', 'retries up to 2× from 500ms ×1.5, jitter 0.2'], problems: [] });
    // Upstream defaults: 5 attempts for steps <= 0, 1s, factor 1, jitter 1; an integer duration is nanoseconds.
    expect(describeDelivery({ atLeastOnce: true, retryStrategy: { steps: 0, duration: 2000000 } }, 'k8s').delivery)
      .toEqual(['at-least-once', 'retries up to 4× from 2ms, jitter 1']);
    expect(describeDelivery({ atLeastOnce: true, retryStrategy: { steps: 1 } }, 'k8s').delivery).toEqual(['at-least-once', 'no retries']);
    expect(describeDelivery({}, 'log').delivery).toEqual(['at-most-once', 'no retries']);
  });

  test('retries without atLeastOnce, and backoffs Argo Events cannot parse', () => {
    expect(describeDelivery({ retryStrategy: { steps: 3 } }, 'k8s').delivery).toEqual(['at-most-once', 'retryStrategy ignored (needs atLeastOnce)']);
    expect(describeDelivery({ atLeastOnce: true, retryStrategy: { steps: 3, jitter: '0.1' } }, 'k8s')).toEqual({
      delivery: ['at-least-once', 'invalid retryStrategy'],
      problems: ['retryStrategy.jitter must be a number, not the string "0.1": Argo Events cannot parse it and never executes the trigger'],
    });
  });

  test('rate limits', () => {
    expect(describeDelivery({ rateLimit: { unit: 'Minute', requestsPerUnit: 10 } }, 'log').delivery).toContain('at most 10 per minute');
    expect(describeDelivery({ rateLimit: { unit: 'Fortnight', requestsPerUnit: 1 } }, 'log').delivery).toContain('at most 1 per second');
    expect(describeDelivery({ rateLimit: { unit: 'Second' } }, 'log').problems)
      .toEqual(['rateLimit has no positive requestsPerUnit, so the Sensor crashes when it starts (division by zero)']);
  });

  test('success policies', () => {
    expect(describeDelivery({ policy: { status: { allow: [204, 200, 201, 202] } } }, 'http').delivery).toContain('succeeds only on status 200-202, 204');
    expect(describeDelivery({}, 'http').delivery).toContain('any HTTP status counts as success');
    expect(describeDelivery({}, 'k8s').delivery).not.toContain('any HTTP status counts as success');
    expect(describeDelivery({ policy: { status: {} } }, 'http').problems).toEqual(['policy.status lists no allowed status codes, so the controller rejects the Sensor']);
    expect(describeDelivery({ policy: { k8s: { labels: { 'workflows.argoproj.io/phase': 'Succeeded' }, backoff: { steps: 3 }, errorOnBackoffTimeout: true } } }, 'k8s').delivery)
      .toContain('waits for labels workflows.argoproj.io/phase=Succeeded on the created object (3 checks), fails on timeout');
  });

  test('dead-letter triggers need atLeastOnce on both sides', () => {
    const dlq = { atLeastOnce: true, template: { name: 'dlq', log: {} } };
    expect(describeDelivery({ atLeastOnce: true, dlqTrigger: dlq }, 'k8s')).toEqual({ delivery: ['at-least-once', 'no retries', 'then dead-letter trigger dlq'], problems: [] });
    expect(describeDelivery({ dlqTrigger: dlq }, 'k8s').problems)
      .toEqual(['dlqTrigger needs atLeastOnce: true on both the trigger and the dead-letter trigger, or the controller rejects the Sensor']);
  });
});

describe('codeRanges', () => {
  test('collapses runs of three or more', () => {
    expect(codeRanges([226, 200, 201, 202, 203, 204, 205, 206, 207, 208])).toBe('200-208, 226');
    expect(codeRanges([200, 201])).toBe('200, 201');
    expect(codeRanges([])).toBe('(none)');
  });
});
