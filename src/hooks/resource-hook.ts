import { Construct } from 'constructs';
import { DeliveryOptions, HookOptions } from './delivery';
import { renderDelivery } from './render-delivery';
import { ResourceWatch } from './resource-watch';
import { Trigger } from './trigger';
import { When } from './when';

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
    const { eventName, filters } = hub._watch(props.when._watchTarget(target), props.when.eventTypes, props.when._afterStart);
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
    const kindCounts = new Map<string, number>();
    this.triggers = props.triggers.map((trigger: Trigger) => {
      const n = kindCounts.get(trigger.kind) ?? 0;
      kindCounts.set(trigger.kind, n + 1);
      const name = `${this.dependencyName}-${trigger.kind}${n > 0 ? `-${n + 1}` : ''}`;
      const bound = trigger._bind({
        scope: this,
        subject: props.when._subject(target),
        dependencyName: this.dependencyName,
        hubNamespace: hub.namespace,
        hookName: this.dependencyName,
        changeScope: `${hub.namespace}/${hub.name}/${name}`,
      });
      hub.sensor.addTrigger({
        template: { name, conditions: this.dependencyName, ...bound.template },
        parameters: bound.parameters,
        atLeastOnce: delivery.atLeastOnce,
        retryStrategy: delivery.retryStrategy,
        rateLimit: delivery.rateLimit,
        policy: bound.policy,
      });
      bound.permissions.forEach((p) => hub._allowSensor(p));
      return { name, kind: trigger.kind, summary: bound.summary };
    });
  }
}
