import { UnsupportedError } from '../engine/errors';
import { ArgoEvent } from '../engine/event';
import { EventView } from '../engine/event-view';
import { TemplateOptions } from '../engine/go-template';
import { FilterKind, filterEventView } from '../engine/filters';
import { FilterOutcome } from '../engine/filter-outcome';
import { applyTransform } from '../engine/transforms';
import { CompiledDependency, CompiledTrigger, SensorModel, eventKey } from './sensor-model';
import { RecentIds } from './recent-ids';
import { DependencyTrace, SimulatedAction, TriggerTrace } from './types';

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
  /** For an event whose id the simulator made (never handed out before): its sequence number. */
  readonly sequence?: number;
}

/** The triggers of one (source, subject) key and the dependencies each consumes on it. */
interface Route {
  /** The dependencies on the key, in spec order (the order of the trace). */
  readonly dependencies: readonly CompiledDependency[];
  readonly triggers: readonly {
    readonly index: number;
    /** The consumed dependencies' names, in condition order, and their places in `dependencies`. */
    readonly names: readonly string[];
    readonly positions: readonly number[];
  }[];
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
  private readonly recent: RecentIds[];
  /** Routes by EventSource name, then event name (no key is built per event). */
  private readonly routes = new Map<string, Map<string, Route | null>>();

  constructor(readonly model: SensorModel) {
    this.stored = model.triggers.map(() => new Map());
    this.recent = model.triggers.map(() => new RecentIds());
  }

  /** The route of an event's (source, subject), worked out on its first event. */
  private route(source: string, subject: string): Route | undefined {
    let bySubject = this.routes.get(source);
    if (!bySubject) {
      bySubject = new Map();
      this.routes.set(source, bySubject);
    }
    let route = bySubject.get(subject);
    if (route === undefined) {
      const key = eventKey(source, subject);
      const dependencies = this.model.dependenciesByKey.get(key);
      route = dependencies ? {
        dependencies,
        triggers: (this.model.triggersByKey.get(key) ?? []).map((index) => {
          const names = this.model.triggers[index].depsByKey.get(key) ?? [];
          return { index, names, positions: names.map((n) => dependencies.findIndex((d) => d.name === n)) };
        }),
      } : null;
      bySubject.set(subject, route);
    }
    return route ?? undefined;
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
    const route = context ? this.route(context.source, context.subject) : undefined;
    if (!context || !route) {
      return { dependencies: [], actions: [] };
    }
    const listening = route.dependencies;
    const startFailure = this.model.startFailure;
    if (startFailure) {
      return {
        dependencies: listening.map((dep) => ({ sensor: this.model.name, dependency: dep.name, matched: false, reason: startFailure, triggers: [] })),
        actions: [],
      };
    }
    // By position in `listening`: each dependency is evaluated at most once per event.
    const results: (DependencyResult | undefined)[] = new Array(listening.length);
    const traces: TriggerTrace[][] = new Array(listening.length);
    for (let p = 0; p < listening.length; p++) {
      traces[p] = [];
    }
    const actions: SimulatedAction[] = [];
    const nowMs = ctx.now.getTime();
    const sequence = ctx.sequence;

    for (const { index: i, names, positions } of route.triggers) {
      const trigger = this.model.triggers[i];
      if (trigger.disabled || !trigger.conditions) {
        const reason = trigger.disabled ?? 'the trigger has no conditions to evaluate';
        note(traces, positions, { trigger: trigger.name, result: 'disabled', reason });
        continue;
      }
      const recent = this.recent[i];
      recent.expire(nowMs);
      if (recent.has(context.id, sequence)) {
        note(traces, positions, { trigger: trigger.name, result: 'duplicate' });
        continue;
      }
      const conditions = trigger.conditions;
      for (let k = 0; k < names.length; k++) {
        const name = names[k];
        const position = positions[k];
        const result = position >= 0 ? (results[position] ??= this.evaluate(listening[position], view, ctx)) : undefined;
        if (!result?.matched || !result.event) {
          continue;
        }
        if (!conditions.requiresAnd) {
          const events = { [name]: result.event };
          actions.push(...withDeadLetter(this.fire(ctx, trigger, events)));
          traces[position].push({ trigger: trigger.name, result: 'fired' });
          continue;
        }
        const stored = this.stored[i];
        const present = (d: string): boolean => d === name || stored.has(d);
        if (conditions.evaluate(present)) {
          const events: Record<string, ArgoEvent> = Object.fromEntries(stored);
          events[name] = result.event;
          stored.clear();
          actions.push(...withDeadLetter(this.fire(ctx, trigger, events)));
          traces[position].push({ trigger: trigger.name, result: 'fired' });
        } else {
          stored.set(name, result.event);
          traces[position].push({ trigger: trigger.name, result: 'stored', waitingFor: conditions.missing(present) });
        }
      }
      recent.add(context.id, sequence, nowMs);
    }

    const dependencies: DependencyTrace[] = new Array(listening.length);
    for (let p = 0; p < listening.length; p++) {
      dependencies[p] = dependencyTrace(this.model.name, listening[p].name, results[p] ??= this.evaluate(listening[p], view, ctx), traces[p]);
    }
    return { dependencies, actions };
  }

  /** Runs a trigger, naming it in engine errors. */
  private fire(ctx: DeliveryContext, trigger: CompiledTrigger, events: Record<string, ArgoEvent>): SimulatedAction {
    try {
      return ctx.fire(this.model, trigger, events);
    } catch (e) {
      throw located(e, `${this.model.where} trigger '${trigger.name}'`);
    }
  }

  /** A dependency's transform and filters on an event, naming the dependency in engine errors. */
  private evaluate(dep: CompiledDependency, view: EventView, ctx: DeliveryContext): DependencyResult {
    try {
      return evaluateDependency(dep, view, ctx.environment);
    } catch (e) {
      throw located(e, `${this.model.where} dependency '${dep.name}'`);
    }
  }
}

/** Adds a trigger's trace to each of its dependencies on the event (those in the trace). */
function note(traces: TriggerTrace[][], positions: readonly number[], trace: TriggerTrace): void {
  for (const p of positions) {
    if (p >= 0) {
      traces[p].push(trace);
    }
  }
}

/** A dependency's trace entry, its members in the order the JSON output shows them. */
function dependencyTrace(sensor: string, dependency: string, result: DependencyResult, triggers: TriggerTrace[]): DependencyTrace {
  const trace: Record<string, unknown> = { sensor, dependency, matched: result.matched };
  if (result.reason !== undefined) {
    trace.reason = result.reason;
  }
  if (result.error !== undefined) {
    trace.error = result.error;
  }
  if (result.filters) {
    trace.filters = result.filters;
  }
  trace.triggers = triggers;
  return trace as unknown as DependencyTrace;
}

/**
 * Names the Sensor part in a syntax error the engine does not support (they surface at run time,
 * e.g. from templates, Lua or jq, and must never pass for an upstream result).
 */
function located(e: unknown, where: string): unknown {
  return e instanceof UnsupportedError && !e.where ? new UnsupportedError(e.message, where) : e;
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
    const reason = dep.filtersLogicalOperator === 'or' ? 'no filter passed (filtersLogicalOperator: or)' : failingReason(outcome.parts);
    return { matched: false, reason, filters: outcome.parts };
  }
  return { matched: true, event: current, filters: outcome.parts };
}

/** The filter kinds in evaluation order, which is also the order of an outcome's parts. */
const FILTER_KINDS: readonly FilterKind[] = ['exprs', 'data', 'context', 'time', 'script'];

/** "filters exprs, data did not pass", by set of failing kinds (made once per set). */
const failingReasons: string[] = [];

function failingReason(parts: Partial<Record<FilterKind, FilterOutcome>>): string {
  let mask = 0;
  for (let i = 0; i < FILTER_KINDS.length; i++) {
    const part = parts[FILTER_KINDS[i]];
    if (part && !part.pass) {
      mask |= 1 << i;
    }
  }
  let reason = failingReasons[mask];
  if (reason === undefined) {
    const failing = FILTER_KINDS.filter((_, i) => (mask & (1 << i)) !== 0);
    reason = `filter${failing.length > 1 ? 's' : ''} ${failing.join(', ')} did not pass`;
    failingReasons[mask] = reason;
  }
  return reason;
}
