import { UnsupportedError } from '../engine/errors';
import { ArgoEvent } from '../engine/event';
import { EventView } from '../engine/event-view';
import { TemplateOptions } from '../engine/go-template';
import { FilterKind, filterEventView } from '../engine/filters';
import { FilterOutcome } from '../engine/filter-outcome';
import { applyTransform } from '../engine/transforms';
import { CompiledDependency, CompiledTrigger, SensorModel, eventKey } from './sensor-model';
import { DependencyTrace, SimulatedAction, TriggerTrace } from './types';

/** In-memory ids are remembered per trigger for this long (the Sensor's dedup window). */
const DEDUP_WINDOW_MS = 60_000;

/** A fired trigger's action followed by its dead-letter run, if one ran. */
function withDeadLetter(action: SimulatedAction): SimulatedAction[] {
  return action.dlq ? [action, action.dlq] : [action];
}

/** What a delivery needs from the simulator. */
export interface DeliveryContext {
  readonly now: Date;
  readonly environment: TemplateOptions;
  /** Executes a fired trigger with its events by dependency. */
  readonly fire: (sensor: SensorModel, trigger: CompiledTrigger, events: Record<string, ArgoEvent>) => SimulatedAction;
}

interface DependencyResult {
  readonly matched: boolean;
  readonly event?: EventView;
  readonly reason?: string;
  readonly error?: string;
  readonly filters?: Partial<Record<FilterKind, FilterOutcome>>;
}

/**
 * A running Sensor: per trigger, the events stored while `&&` conditions are incomplete and the
 * recently seen event ids.
 */
export class SensorRuntime {
  private readonly stored: Map<string, EventView>[];
  private readonly recent: Map<string, number>[];

  constructor(readonly model: SensorModel) {
    this.stored = model.triggers.map(() => new Map());
    this.recent = model.triggers.map(() => new Map());
  }

  /** Dependencies with a stored event for a trigger (waiting for the rest of its conditions). */
  storedDependencies(trigger: string): string[] {
    const i = this.model.triggers.findIndex((t) => t.name === trigger);
    return i < 0 ? [] : [...this.stored[i].keys()];
  }

  /** Applies `conditionsReset` schedules that fall in `(from, to]`. */
  advanceClock(from: Date, to: Date): void {
    this.model.triggers.forEach((trigger, i) => {
      if (this.stored[i].size === 0) {
        return;
      }
      for (const schedule of trigger.resets) {
        const next = schedule.next(from);
        if (next && next.getTime() <= to.getTime()) {
          this.stored[i].clear();
          return;
        }
      }
    });
  }

  /**
   * Processes one event from the EventBus: each trigger that consumes a dependency on the event's
   * (source, subject) runs the transform and filters, then its conditions. Returns the trace of
   * every dependency on that key and the actions that ran.
   */
  deliver(view: EventView, ctx: DeliveryContext): { dependencies: DependencyTrace[]; actions: SimulatedAction[] } {
    const context = view.context;
    if (!context) {
      return { dependencies: [], actions: [] };
    }
    const key = eventKey(context.source, context.subject);
    const listening = this.model.dependenciesByKey.get(key);
    if (!listening) {
      return { dependencies: [], actions: [] };
    }
    const startFailure = this.model.startFailure;
    if (startFailure) {
      return {
        dependencies: listening.map((dep) => ({ sensor: this.model.name, dependency: dep.name, matched: false, reason: startFailure, triggers: [] })),
        actions: [],
      };
    }
    const results = new Map<string, DependencyResult>();
    const evaluate = (dep: CompiledDependency): DependencyResult => {
      let result = results.get(dep.name);
      if (!result) {
        result = locate(`${this.model.where} dependency '${dep.name}'`, () => evaluateDependency(dep, view, ctx.environment));
        results.set(dep.name, result);
      }
      return result;
    };
    const triggerTraces = new Map<string, TriggerTrace[]>();
    const note = (dep: string, trace: TriggerTrace): void => {
      triggerTraces.set(dep, [...(triggerTraces.get(dep) ?? []), trace]);
    };
    const actions: SimulatedAction[] = [];
    const nowMs = ctx.now.getTime();

    for (const i of this.model.triggersByKey.get(key) ?? []) {
      const trigger = this.model.triggers[i];
      const names = trigger.depsByKey.get(key) ?? [];
      if (trigger.disabled || !trigger.conditions) {
        const reason = trigger.disabled ?? 'the trigger has no conditions to evaluate';
        names.forEach((n) => note(n, { trigger: trigger.name, result: 'disabled', reason }));
        continue;
      }
      const recent = this.recent[i];
      // Ids are inserted in time order (the clock never goes back), so expired ones come first.
      for (const [id, at] of recent) {
        if (nowMs - at <= DEDUP_WINDOW_MS) {
          break;
        }
        recent.delete(id);
      }
      if (recent.has(context.id)) {
        names.forEach((n) => note(n, { trigger: trigger.name, result: 'duplicate' }));
        continue;
      }
      const conditions = trigger.conditions;
      for (const name of names) {
        const dep = this.model.dependencies.get(name);
        const result = dep ? evaluate(dep) : undefined;
        if (!result?.matched || !result.event) {
          continue;
        }
        if (!conditions.requiresAnd) {
          const events = { [name]: result.event };
          actions.push(...withDeadLetter(locate(`${this.model.where} trigger '${trigger.name}'`, () => ctx.fire(this.model, trigger, events))));
          note(name, { trigger: trigger.name, result: 'fired' });
          continue;
        }
        const stored = this.stored[i];
        const present = (d: string): boolean => d === name || stored.has(d);
        if (conditions.evaluate(present)) {
          const events: Record<string, ArgoEvent> = Object.fromEntries(stored);
          events[name] = result.event;
          stored.clear();
          actions.push(...withDeadLetter(locate(`${this.model.where} trigger '${trigger.name}'`, () => ctx.fire(this.model, trigger, events))));
          note(name, { trigger: trigger.name, result: 'fired' });
        } else {
          stored.set(name, result.event);
          note(name, { trigger: trigger.name, result: 'stored', waitingFor: conditions.missing(present) });
        }
      }
      recent.set(context.id, nowMs);
    }

    const dependencies: DependencyTrace[] = [];
    for (const dep of listening) {
      const result = evaluate(dep);
      dependencies.push({
        sensor: this.model.name,
        dependency: dep.name,
        matched: result.matched,
        ...(result.reason !== undefined ? { reason: result.reason } : {}),
        ...(result.error !== undefined ? { error: result.error } : {}),
        ...(result.filters ? { filters: result.filters } : {}),
        triggers: triggerTraces.get(dep.name) ?? [],
      });
    }
    return { dependencies, actions };
  }
}

/**
 * Runs `fn`, naming the Sensor part in syntax errors the engine does not support (they surface
 * at run time, e.g. from templates, Lua or jq, and must never pass for an upstream result).
 */
function locate<T>(where: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof UnsupportedError && !e.where) {
      throw new UnsupportedError(e.message, where);
    }
    throw e;
  }
}

/** Transform, then filters; `Filter` turns any filter error into a rejection. */
function evaluateDependency(dep: CompiledDependency, view: EventView, environment: TemplateOptions): DependencyResult {
  let current = view;
  if (dep.transform && (dep.transform.jq || dep.transform.script)) {
    const transformed = applyTransform(view.event, dep.transform);
    if (transformed.error !== undefined) {
      return { matched: false, reason: 'the transform failed, so the event is discarded', error: transformed.error };
    }
    current = new EventView(transformed.event);
  }
  if (!dep.filters) {
    return { matched: true, event: current };
  }
  const outcome = filterEventView(dep.filters, dep.filtersLogicalOperator, current, environment);
  if (outcome.error !== undefined) {
    // With `or`, filterEvent may pass and report an error; the Sensor's Filter then drops the event.
    const passed = Object.entries(outcome.parts).filter(([, o]) => o.pass).map(([k]) => k);
    const reason = outcome.pass
      ? `filter${passed.length > 1 ? 's' : ''} ${passed.join(', ')} passed, but another reported an error, and the Sensor discards `
        + 'an event whenever a filter reports one (filtersLogicalOperator: or does not change that)'
      : 'a filter reported an error, so the event is discarded';
    return { matched: false, reason, error: outcome.error, filters: outcome.parts };
  }
  if (!outcome.pass) {
    const failing = Object.entries(outcome.parts).filter(([, o]) => !o.pass).map(([k]) => k);
    const reason = dep.filtersLogicalOperator === 'or'
      ? `no filter passed (filtersLogicalOperator: or)`
      : `filter${failing.length > 1 ? 's' : ''} ${failing.join(', ')} did not pass`;
    return { matched: false, reason, filters: outcome.parts };
  }
  return { matched: true, event: current, filters: outcome.parts };
}
