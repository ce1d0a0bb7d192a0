import { Construct } from 'constructs';
import { HookOptions } from './delivery';
import { HookHub } from './hook-hub';
import { HookTarget } from './hook-target';
import { ResourceHook } from './resource-hook';
import { ArgoCdSyncOptions, RolloutCompleteOptions, When } from './when';

/** Props of {@link ResourceWatch}. */
export interface ResourceWatchProps {
  /** What to watch. */
  readonly target: HookTarget;
  /** Hub that runs the hooks. @default HookHub.of(scope): one per chart */
  readonly hub?: HookHub;
}

/** Options of {@link ResourceWatch.onFieldChange}. */
export interface FieldChangeOptions extends HookOptions {
  /** Fields to compare, e.g. `spec.template.spec.containers` or `data`. */
  readonly paths: string[];
}

/** Options of {@link ResourceWatch.onRolloutComplete}. */
export interface RolloutHookOptions extends HookOptions, RolloutCompleteOptions {}

/** Options of {@link ResourceWatch.onCondition}. */
export interface ConditionHookOptions extends HookOptions {
  /** Condition type in `status.conditions`, e.g. `Ready`. */
  readonly conditionType: string;
  /** Status the condition enters. @default "True" */
  readonly status?: string;
}

/** Options of {@link ResourceWatch.onArgoCdSync}. */
export interface ArgoCdSyncHookOptions extends HookOptions, ArgoCdSyncOptions {}

/**
 * Watches one Kubernetes object (or a labelled set of them) and adds hooks that run when it
 * changes in a given way.
 *
 * @example
 * const watch = new ResourceWatch(chart, 'web-watch', { target: HookTarget.fromConstruct(web) });
 * watch.onFieldChange('smoke-test', { paths: ['spec.template.spec.containers'], triggers: [Trigger.job({ job })] });
 */
export class ResourceWatch extends Construct {
  /** What is watched. */
  public readonly target: HookTarget;
  /** The hub running this watch's hooks. */
  public readonly hub: HookHub;

  constructor(scope: Construct, id: string, props: ResourceWatchProps) {
    super(scope, id);
    this.target = props.target;
    this.hub = props.hub ?? HookHub.of(this);
  }

  /** Runs when the object is created (not for objects that exist when the EventSource starts). */
  public onCreated(id: string, options: HookOptions): ResourceHook {
    return this.addHook(id, When.created(), options);
  }

  /** Runs when the object is deleted. */
  public onDeleted(id: string, options: HookOptions): ResourceHook {
    return this.addHook(id, When.deleted(), options);
  }

  /** Runs when anything but status (and controller bookkeeping) changes. */
  public onUpdated(id: string, options: HookOptions): ResourceHook {
    return this.addHook(id, When.updated(), options);
  }

  /** Runs when the spec changes (`metadata.generation` goes up). */
  public onSpecChange(id: string, options: HookOptions): ResourceHook {
    return this.addHook(id, When.specChanged(), options);
  }

  /** Runs when any of the given fields changes, appears or disappears. */
  public onFieldChange(id: string, options: FieldChangeOptions): ResourceHook {
    return this.addHook(id, When.fieldChanged(options.paths), options);
  }

  /**
   * Runs once a Deployment, StatefulSet or DaemonSet has fully rolled out a new version (as
   * `kubectl rollout status` and Argo CD health judge it), once per rollout.
   */
  public onRolloutComplete(id: string, options: RolloutHookOptions): ResourceHook {
    return this.addHook(id, When.rolloutComplete(options), options);
  }

  /** Runs once when a Deployment rollout exceeds its progress deadline. */
  public onRolloutFailed(id: string, options: HookOptions): ResourceHook {
    return this.addHook(id, When.rolloutFailed(), options);
  }

  /** Runs once when a Job succeeds. */
  public onJobSucceeded(id: string, options: HookOptions): ResourceHook {
    return this.addHook(id, When.jobSucceeded(), options);
  }

  /** Runs once when a Job fails. */
  public onJobFailed(id: string, options: HookOptions): ResourceHook {
    return this.addHook(id, When.jobFailed(), options);
  }

  /** Runs when a `status.conditions` entry enters a status (default `True`). */
  public onCondition(id: string, options: ConditionHookOptions): ResourceHook {
    return this.addHook(id, When.condition(options.conditionType, options.status ?? 'True'), options);
  }

  /**
   * Runs once per Argo CD sync operation of `application` that actually applied this object.
   * See `When.argoCdSynced` for the caveats.
   */
  public onArgoCdSync(id: string, options: ArgoCdSyncHookOptions): ResourceHook {
    return this.addHook(id, When.argoCdSynced(options), options);
  }

  /** Adds a hook with any condition. */
  public addHook(id: string, when: When, options: HookOptions): ResourceHook {
    if (this.node.tryFindChild(id) !== undefined) {
      throw new Error(`${this.node.path}: a hook with id "${id}" already exists on this watch; give each hook a unique id`);
    }
    return new ResourceHook(this, id, { ...options, watch: this, when });
  }
}
