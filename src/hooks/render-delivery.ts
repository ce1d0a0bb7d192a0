import { Duration } from 'cdk8s';
import { Backoff, RateLimitSpec } from '../argo-events';
import { DeliveryOptions, RateLimitUnit } from './delivery';

/** Delivery fields of a Sensor trigger, validated. */
export interface RenderedDelivery {
  readonly atLeastOnce: boolean;
  readonly retryStrategy?: Backoff;
  readonly rateLimit?: RateLimitSpec;
}

/** Validates delivery options and renders them as Sensor trigger fields. */
export function renderDelivery(options: DeliveryOptions, where: string): RenderedDelivery {
  const atLeastOnce = options.atLeastOnce ?? true;
  const retry = options.retry ?? {};
  if (!atLeastOnce && options.retry !== undefined) {
    throw new Error(`${where}: retry is set but atLeastOnce is false, and Argo Events only retries triggers that run at least once; remove retry or set atLeastOnce: true`);
  }
  const attempts = retry.attempts ?? 5;
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new Error(`${where}: retry.attempts ${attempts} must be a whole number of at least 1 (it counts the first attempt)`);
  }
  const factor = retry.factor ?? 2;
  if (!Number.isFinite(factor) || factor < 1) {
    throw new Error(`${where}: retry.factor ${factor} must be a number of at least 1 (1 keeps the wait constant)`);
  }
  const jitter = retry.jitter ?? 0.1;
  if (!Number.isFinite(jitter) || jitter < 0 || jitter > 1) {
    throw new Error(`${where}: retry.jitter ${jitter} must be between 0 and 1`);
  }
  const delayMs = (retry.initialDelay ?? Duration.seconds(1)).toMilliseconds();
  if (!Number.isInteger(delayMs) || delayMs < 1) {
    throw new Error(`${where}: retry.initialDelay must be at least 1 ms`);
  }
  let rateLimit: RateLimitSpec | undefined;
  if (options.rateLimit !== undefined) {
    const n = options.rateLimit.requestsPerUnit;
    if (!Number.isInteger(n) || n < 1) {
      throw new Error(`${where}: rateLimit.requestsPerUnit ${n} must be a whole number of at least 1 (0 crashes the Sensor); remove rateLimit for no limit`);
    }
    rateLimit = { unit: options.rateLimit.unit ?? RateLimitUnit.SECOND, requestsPerUnit: n };
  }
  return {
    atLeastOnce,
    // Numbers stay JSON numbers: Argo Events cannot parse a quoted factor or jitter and then
    // never runs the trigger.
    retryStrategy: atLeastOnce && attempts > 1
      ? { steps: attempts, duration: goDuration(delayMs), factor, jitter }
      : undefined,
    rateLimit,
  };
}

/** Go duration string (`1s`, `1500ms`) for a number of milliseconds. */
function goDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
