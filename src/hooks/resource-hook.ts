import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoEventsVersion } from './argo-events-version';
import { gjsonKey } from './compiled-filters';
import { DeliveryOptions, HookOptions } from './delivery';
import { EventValue } from './event-value';
import { EVENT_RECORD_RETRY, HOOK_FAILED_REASON, HOOK_TRIGGERED_REASON, eventNamespace, targetEvent } from './hook-events';
import { HookHub } from './hook-hub';
import { RUN_HOOK_LABEL, _RunContext, changeTemplate, labelValue } from './run-metadata';
import { RenderedDelivery, renderDelivery } from './render-delivery';
import { ResourceWatch } from './resource-watch';
import { Trigger } from './trigger';
import { When, _HookSubject } from './when';

/** Props of {@link ResourceHook}. */
export interface ResourceHookProps extends HookOptions {
  /** The watch whose target this hook reacts to. */
  readonly watch: ResourceWatch;
  /** When the hook fires. */
  readonly when: When;
}

/** One trigger of a hook, as synthesized. */
export interface HookTriggerInfo {
  /** Sensor trigger name. */
  readonly name: string;
  /** `job`, `workflow`, `http`, `slack` or `log`. */
  readonly kind: string;
  /** What it does, in plain words. */
  readonly summary: string;
}

/** What the triggers of one Sensor dependency share. */
interface TriggerSetup {
  readonly hub: HookHub;
  readonly dependencyName: string;
  readonly subject: _HookSubject;
  readonly run: _RunContext;
  readonly runTtl: Duration;
  readonly delivery: RenderedDelivery;
  readonly deadLetter: boolean;
  readonly reportFailedJobs: boolean;
}

/**
 * Runs triggers when a watched resource changes in a given way: one Sensor dependency of the
 * watch's hub, filtered to the target and the condition, and one Sensor trigger per action.
 */
export class ResourceHook extends Construct {
  /** The watch. */
  public readonly watch: ResourceWatch;
  /** The condition. */
  public readonly when: When;
  /** Name of the hook's Sensor dependency. */
  public readonly dependencyName: string;
  /** Name of the EventSource event it listens to. */
  public readonly eventName: string;
  /** The Sensor triggers it added. */
  public readonly triggers: HookTriggerInfo[];
  /** The Sensor triggers that run when one of the hook's triggers fails for good. */
  public readonly failureTriggers: HookTriggerInfo[];

  constructor(scope: Construct, id: string, props: ResourceHookProps) {
    super(scope, id);
    const where = this.node.path;
    if (props.triggers.length === 0) {
      throw new Error(`${where}: the hook has no triggers, so it would never do anything; pass at least one, e.g. triggers: [Trigger.log()]`);
    }
    const delivery = renderDelivery(props as DeliveryOptions, where);
    const hub = props.watch.hub;
    const target = props.watch.target;
    this.watch = props.watch;
    this.when = props.when;
    const conditionFilters = props.when._filters(target, this);
    const watchTarget = props.when._watchTarget(target);
    const { eventName, filters } = hub._watch(watchTarget, props.when.eventTypes, props.when._afterStart);
    this.eventName = eventName;
    this.dependencyName = hub._dependencyName(`${props.watch.node.id}-${id}`, where);
    hub.sensor.addEventDependency({
      name: this.dependencyName,
      eventSourceName: hub.name,
      eventName,
      filters: {
        ...conditionFilters,
        data: [...(filters.data ?? []), ...(conditionFilters.data ?? [])],
      },
    });
    const subject = props.when._subject(target);
    const run: _RunContext = {
      hubName: hub.name,
      hookName: this.dependencyName,
      dependencyName: this.dependencyName,
      target,
      eventIsTarget: watchTarget === target,
      changePaths: Object.fromEntries(subject.fields.filter((f) => f.value.path !== undefined).map((f) => [f.env, f.value.path!])),
    };
    const runTtl = props.ttlAfterFinished ?? hub.ttlAfterFinished;
    if ((props.onFailure ?? []).length > 0 && !hub.recordEvents) {
      throw new Error(`${where}: onFailure needs the hub to record HookFailed Events, but its recordEvents is false; remove onFailure or set recordEvents`);
    }
    const deadLetter = hub.recordEvents && delivery.atLeastOnce && hub.argoEventsVersion.atLeast(ArgoEventsVersion.V1_9_3);
    this.triggers = this.addTriggers(props.triggers, { hub, dependencyName: this.dependencyName, subject, run, runTtl, delivery, deadLetter, reportFailedJobs: true });
    if (hub.recordEvents) {
      const change = changeTemplate(run);
      const fired = targetEvent(run, 'Normal', HOOK_TRIGGERED_REASON,
        `hook ${this.dependencyName} fired${change === '' ? '' : ` on ${change}`}: ${this.triggers.map((t) => t.summary).join('; ')}`);
      hub.sensor.addTrigger({
        template: { name: `${this.dependencyName}-event`, conditions: this.dependencyName, ...fired.template },
        atLeastOnce: true,
        retryStrategy: EVENT_RECORD_RETRY,
      });
      hub._allowSensor(fired.permission);
    }
    this.failureTriggers = this.addFailureTriggers(props.onFailure ?? [], hub, run, delivery, runTtl);
  }

  /** Failure triggers listen to the HookFailed Events of this hook. */
  private addFailureTriggers(triggers: Trigger[], hub: HookHub, run: _RunContext, delivery: RenderedDelivery, runTtl: Duration): HookTriggerInfo[] {
    if (triggers.length === 0) {
      return [];
    }
    const where = this.node.path;
    const { eventName, filters } = hub._watchFailureEvents(eventNamespace(run));
    const dependencyName = hub._dependencyName(`${this.dependencyName}-failed`, `${where}/onFailure`);
    hub.sensor.addEventDependency({
      name: dependencyName,
      eventSourceName: hub.name,
      eventName,
      filters: {
        data: [
          ...(filters.data ?? []),
          { path: 'body.reason', type: 'string', value: [`^${HOOK_FAILED_REASON}$`] },
          { path: `body.metadata.labels.${gjsonKey(RUN_HOOK_LABEL)}`, type: 'string', value: [`^${labelValue(this.dependencyName)}$`] },
        ],
      },
    });
    // What failed, as the failure triggers see it: the Event on the target.
    const subject: _HookSubject = {
      fields: [
        { env: 'HOOK_TARGET_KIND', json: 'kind', value: EventValue.fromPath('body.involvedObject.kind') },
        { env: 'HOOK_TARGET_NAMESPACE', json: 'namespace', value: EventValue.fromPath('body.involvedObject.namespace') },
        { env: 'HOOK_TARGET_NAME', json: 'name', value: EventValue.fromPath('body.involvedObject.name') },
        { env: 'HOOK_FAILURE', json: 'failure', value: EventValue.fromPath('body.message') },
      ],
      changeKey: 'print .Input.body.metadata.uid',
    };
    return this.addTriggers(triggers, {
      hub, dependencyName, subject, delivery, runTtl, deadLetter: false, reportFailedJobs: false,
      run: { ...run, hookName: dependencyName, dependencyName, eventIsTarget: false, changePaths: {} },
    });
  }

  /**
   * One Sensor trigger per action, each conditioned on `dependencyName` alone; with `deadLetter`,
   * HTTP and Slack failures record a HookFailed Event; with `reportFailedJobs`, the hub watches the
   * Jobs they start.
   */
  private addTriggers(triggers: Trigger[], o: TriggerSetup): HookTriggerInfo[] {
    const { hub, dependencyName, delivery } = o;
    const kindCounts = new Map<string, number>();
    return triggers.map((trigger) => {
      const n = kindCounts.get(trigger.kind) ?? 0;
      kindCounts.set(trigger.kind, n + 1);
      const name = `${dependencyName}-${trigger.kind}${n > 0 ? `-${n + 1}` : ''}`;
      const bound = trigger._bind({
        scope: this,
        subject: o.subject,
        dependencyName,
        hubNamespace: hub.namespace,
        hookName: dependencyName,
        changeScope: `${hub.namespace}/${hub.name}/${name}`,
        run: o.run,
        runTtl: o.runTtl,
        attempts: delivery.retryStrategy?.steps ?? 1,
      });
      // Argo Events cannot tell a replay's AlreadyExists from a real failure, so creates are not
      // dead-lettered: Jobs that fail are reported by the hub's watch of them instead.
      const failed = o.deadLetter && bound.template.k8s === undefined && bound.template.argoWorkflow === undefined
        ? targetEvent(o.run, 'Warning', HOOK_FAILED_REASON, `trigger ${name} of hook ${dependencyName} failed after its retries: ${bound.summary}`)
        : undefined;
      hub.sensor.addTrigger({
        template: { name, conditions: dependencyName, ...bound.template },
        parameters: bound.parameters,
        atLeastOnce: delivery.atLeastOnce,
        retryStrategy: delivery.retryStrategy,
        rateLimit: delivery.rateLimit,
        policy: bound.policy,
        dlqTrigger: failed === undefined ? undefined : {
          template: { name: `${name}-failed`, ...failed.template },
          atLeastOnce: true,
          retryStrategy: EVENT_RECORD_RETRY,
        },
      });
      bound.permissions.forEach((p) => hub._allowSensor(p));
      if (failed !== undefined) {
        hub._allowSensor(failed.permission);
      }
      for (const p of bound.permissions) {
        if (o.reportFailedJobs && p.group === 'batch' && p.resource === 'jobs' && p.verbs.includes('create')) {
          hub._watchFailedRuns(p.namespace);
        }
      }
      return { name, kind: trigger.kind, summary: bound.summary };
    });
  }
}
