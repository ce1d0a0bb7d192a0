import { Duration } from 'cdk8s';
import { Trigger } from './trigger';

/** Retries of a failed trigger, with exponential backoff. */
export interface RetryPolicy {
  /** Total attempts, the first included. @default 5 */
  readonly attempts?: number;
  /** Wait before the second attempt. @default Duration.seconds(1) */
  readonly initialDelay?: Duration;
  /** Each wait is the previous one times this factor. @default 2 */
  readonly factor?: number;
  /** Random extra fraction added to each wait (0.1 = up to 10 % longer). @default 0.1 */
  readonly jitter?: number;
}

/** Unit of a rate limit. */
export enum RateLimitUnit {
  SECOND = 'Second',
  MINUTE = 'Minute',
  HOUR = 'Hour',
}

/** At most `requestsPerUnit` runs of a trigger per unit of time. */
export interface RateLimit {
  /** Runs per unit; at least 1. */
  readonly requestsPerUnit: number;
  /** @default RateLimitUnit.SECOND */
  readonly unit?: RateLimitUnit;
}

/** How a hook's triggers are delivered. */
export interface DeliveryOptions {
  /**
   * Run each trigger before acknowledging the event, so failures are retried. Argo Events
   * ignores `retry` without it.
   * @default true
   */
  readonly atLeastOnce?: boolean;
  /** @default - 5 attempts, 1 s first wait, factor 2, jitter 0.1 */
  readonly retry?: RetryPolicy;
  /** @default - no limit */
  readonly rateLimit?: RateLimit;
}

/** What every hook takes: its triggers and their delivery. */
export interface HookOptions extends DeliveryOptions {
  /** What runs when the hook fires, in order. */
  readonly triggers: Trigger[];
  /**
   * What runs when one of the hook's triggers fails for good: an HTTP call or Slack message
   * whose retries are exhausted (Argo Events 1.9.3 or later, see `HookHubProps.argoEventsVersion`),
   * or a Job the hook started that ends Failed. The per-resource analogue of Argo CD's SyncFail
   * hooks. Each failure is also recorded as a `HookFailed` Warning Event on the target.
   * @default - none (the Warning Event only)
   */
  readonly onFailure?: Trigger[];
  /**
   * How long Jobs (and Workflows) the hook starts are kept after they finish. A TTL set on the
   * Job itself wins.
   * @default - the hub's `ttlAfterFinished` (8 days)
   */
  readonly ttlAfterFinished?: Duration;
}
