import { Construct } from 'constructs';
import { HookOptions } from './delivery';
import { HookHub } from './hook-hub';
import { HookTarget } from './hook-target';
import { ResourceHook } from './resource-hook';
import { When } from './when';

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

  /** Adds a hook with any condition. */
  public addHook(id: string, when: When, options: HookOptions): ResourceHook {
    if (this.node.tryFindChild(id) !== undefined) {
      throw new Error(`${this.node.path}: a hook with id "${id}" already exists on this watch; give each hook a unique id`);
    }
    return new ResourceHook(this, id, { ...options, watch: this, when });
  }
}
