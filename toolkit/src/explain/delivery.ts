import { BackoffSpec, formatGoDuration, retryPlan } from '../engine/backoff';
import { EngineError } from '../engine/errors';
import { Json, arrayOf, isObject, objectOf, shown, textOf } from './json';

/** A trigger's delivery settings in plain words, and what makes them fail. */
export interface DeliveryExplanation {
  readonly delivery: string[];
  readonly problems: string[];
}

const RATE_UNITS: Record<string, string> = { Second: 'second', Minute: 'minute', Hour: 'hour' };

/**
 * Describes acknowledgement, retries, rate limit, success policies and the dead-letter trigger
 * of one Sensor trigger. `kind` is the trigger type that runs (HTTP success depends on it).
 */
export function describeDelivery(trigger: Json, kind: string): DeliveryExplanation {
  const delivery: string[] = [];
  const problems: string[] = [];
  const atLeastOnce = trigger.atLeastOnce === true;
  // Without atLeastOnce the Sensor acknowledges before the action runs, so a failure is lost.
  delivery.push(atLeastOnce ? 'at-least-once' : 'at-most-once');
  delivery.push(describeRetries(trigger.retryStrategy, atLeastOnce, problems));

  if (trigger.rateLimit !== undefined && trigger.rateLimit !== null) {
    const rateLimit = objectOf(trigger.rateLimit);
    const perUnit = rateLimit.requestsPerUnit;
    const unit = RATE_UNITS[shown(rateLimit.unit ?? '')] ?? 'second';
    if (typeof perUnit === 'number' && perUnit > 0) {
      delivery.push(`at most ${perUnit} per ${unit}`);
    } else {
      delivery.push('rate limit without requestsPerUnit');
      problems.push('rateLimit has no positive requestsPerUnit, so the Sensor crashes when it starts (division by zero)');
    }
  }

  const policy = objectOf(trigger.policy);
  const allow = arrayOf(objectOf(policy.status).allow).filter((c): c is number => typeof c === 'number');
  if (isObject(policy.status)) {
    delivery.push(`succeeds only on status ${codeRanges(allow)}`);
    if (allow.length === 0) {
      problems.push('policy.status lists no allowed status codes, so the controller rejects the Sensor');
    }
  } else if (kind === 'http') {
    delivery.push('any HTTP status counts as success');
  }
  if (isObject(policy.k8s)) {
    delivery.push(describeK8sPolicy(policy.k8s, problems));
  }

  if (isObject(trigger.dlqTrigger)) {
    const dlqName = textOf(objectOf(objectOf(trigger.dlqTrigger).template).name) ?? '<unnamed>';
    delivery.push(`then dead-letter trigger ${dlqName}`);
    if (!atLeastOnce || objectOf(trigger.dlqTrigger).atLeastOnce !== true) {
      problems.push('dlqTrigger needs atLeastOnce: true on both the trigger and the dead-letter trigger, or the controller rejects the Sensor');
    }
  }
  return { delivery, problems };
}

function describeRetries(retryStrategy: unknown, atLeastOnce: boolean, problems: string[]): string {
  if (retryStrategy === undefined || retryStrategy === null) {
    return 'no retries';
  }
  const spec = objectOf(retryStrategy) as BackoffSpec;
  let plan: ReturnType<typeof retryPlan>;
  try {
    plan = retryPlan(spec);
  } catch (e) {
    if (!(e instanceof EngineError)) {
      throw e;
    }
    problems.push(e.message);
    return 'invalid retryStrategy';
  }
  if (!atLeastOnce) {
    return 'retryStrategy ignored (needs atLeastOnce)';
  }
  if (plan.attempts <= 1) {
    return 'no retries';
  }
  const factor = typeof spec.factor === 'number' && spec.factor !== 1 ? ` ×${spec.factor}` : '';
  const jitter = plan.jitter !== 0 ? `, jitter ${plan.jitter}` : '';
  return `retries up to ${plan.attempts - 1}× from ${formatGoDuration(plan.sleepsMs[0])}${factor}${jitter}`;
}

function describeK8sPolicy(k8s: Json, problems: string[]): string {
  const labels = Object.entries(objectOf(k8s.labels)).map(([k, v]) => `${k}=${shown(v)}`);
  let checks = '';
  try {
    checks = ` (${retryPlan(objectOf(k8s.backoff) as BackoffSpec, 'policy.k8s.backoff').attempts} checks)`;
  } catch (e) {
    if (!(e instanceof EngineError)) {
      throw e;
    }
    problems.push(e.message);
  }
  const onTimeout = k8s.errorOnBackoffTimeout === true ? 'fails' : 'succeeds';
  return `waits for labels ${labels.join(',') || '(none)'} on the created object${checks}, ${onTimeout} on timeout`;
}

/** Status codes with runs of three or more collapsed: `200-208, 226`. */
export function codeRanges(codes: readonly number[]): string {
  const sorted = [...new Set(codes)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) {
      j++;
    }
    if (j - i >= 2) {
      runs.push(`${sorted[i]}-${sorted[j]}`);
      i = j;
    } else {
      runs.push(`${sorted[i]}`);
    }
  }
  return runs.length > 0 ? runs.join(', ') : '(none)';
}
