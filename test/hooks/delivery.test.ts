import * as kplus from 'cdk8s-plus-33';
import { Duration } from 'cdk8s';
import { HookTarget, RateLimitUnit, ResourceWatch, Trigger } from '../../src';
import { DeliveryOptions } from '../../src/hooks/delivery';
import { namespacedChart, onlyOfKind } from '../support/charts';

function synthTrigger(options: DeliveryOptions): any {
  const chart = namespacedChart();
  const web = new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx' }] });
  new ResourceWatch(chart, 'w', { target: HookTarget.fromConstruct(web) }).onUpdated('h', { triggers: [Trigger.log()], ...options });
  return onlyOfKind(chart, 'Sensor').spec.triggers[0];
}

describe('delivery options', () => {
  test('custom retry renders numbers as numbers and the delay as a Go duration', () => {
    const t = synthTrigger({ retry: { attempts: 3, initialDelay: Duration.millis(1500), factor: 1.5, jitter: 0 } });
    expect(t.retryStrategy).toEqual({ steps: 3, duration: '1500ms', factor: 1.5, jitter: 0 });
    expect(typeof t.retryStrategy.factor).toBe('number');
  });

  test('a single attempt needs no retry strategy', () => {
    expect(synthTrigger({ retry: { attempts: 1 } }).retryStrategy).toBeUndefined();
  });

  test('atLeastOnce false drops retries (Argo Events would ignore them)', () => {
    const t = synthTrigger({ atLeastOnce: false });
    expect(t.atLeastOnce).toBe(false);
    expect(t.retryStrategy).toBeUndefined();
  });

  test('rate limit', () => {
    expect(synthTrigger({ rateLimit: { requestsPerUnit: 10, unit: RateLimitUnit.MINUTE } }).rateLimit).toEqual({ unit: 'Minute', requestsPerUnit: 10 });
    expect(synthTrigger({ rateLimit: { requestsPerUnit: 2 } }).rateLimit).toEqual({ unit: 'Second', requestsPerUnit: 2 });
  });

  test.each([
    [{ rateLimit: { requestsPerUnit: 0 } }, /rateLimit.requestsPerUnit 0 must be a whole number of at least 1 \(0 crashes the Sensor\)/],
    [{ rateLimit: { requestsPerUnit: 0.5 } }, /rateLimit.requestsPerUnit 0.5/],
    [{ retry: { attempts: -1 } }, /retry.attempts -1 must be a whole number of at least 1/],
    [{ retry: { attempts: 2.5 } }, /retry.attempts 2.5/],
    [{ retry: { factor: 0.5 } }, /retry.factor 0.5 must be a number of at least 1/],
    [{ retry: { jitter: 2 } }, /retry.jitter 2 must be between 0 and 1/],
    [{ retry: { initialDelay: Duration.millis(0) } }, /retry.initialDelay must be at least 1 ms/],
    [{ atLeastOnce: false, retry: { attempts: 3 } }, /retry is set but atLeastOnce is false/],
  ])('fails on %j', (options, message) => {
    expect(() => synthTrigger(options as DeliveryOptions)).toThrow(message);
  });
});
