import { KubeObject } from '../engine/cluster';
import { ClusterReader, Listing, Unreadable } from './cluster-reader';
import { parseTime } from './durations';
import { HookEvent, readHookEvent, runNamedBy } from './hook-event';
import { HubHealth, hubHealth } from './hub-health';
import {
  CONTROLLER_LABEL, EVENTBUS_CONTROLLER, EVENTSOURCE_CONTROLLER, HOOK_LABEL, HOOK_TRIGGERED, HUB_LABEL, SENSOR_CONTROLLER, SENSOR_LABEL,
} from './labels';
import { EVENTBUSES, EVENTS, EVENTSOURCES, JOBS, PODS, SENSORS, WORKFLOWS } from './resources';
import { HookRun, isActive, readRun } from './run';
import { TargetFilter, formatTargetFilter, targetMatches } from './target';
import { isObject, metadataOf, nameOf, text } from './json-fields';

/** What `runs` shows. */
export interface RunsQuery {
  /** The namespaces to read; undefined for all the user may list. */
  readonly namespaces?: readonly string[];
  readonly hub?: string;
  readonly hook?: string;
  readonly target?: TargetFilter;
  /** How far back to look, in milliseconds. */
  readonly sinceMs: number;
  /** Runs and Events shown per hook, the most recent first. */
  readonly limit: number;
  readonly now: Date;
}

/** One hook: its recent runs and Events. */
export interface HookReport {
  /** The hook (the Sensor dependency); for a run no dependency explains, its trigger. */
  readonly name: string;
  /** The Sensor's triggers that run for this hook (empty when the Sensor was not read). */
  readonly triggers: readonly string[];
  /** Jobs and Workflows, the most recent first: those of the window, and any still running. */
  readonly runs: readonly HookRun[];
  /** Runs of the window left out by the limit. */
  readonly moreRuns: number;
  /**
   * `HookFailed` and `HookTriggered` Events of the window, the most recent first, but for the
   * `HookTriggered` Events that name a run in `runs`.
   */
  readonly events: readonly HookEvent[];
  /** Events of the window left out by the limit. */
  readonly moreEvents: number;
}

/** One hub (a Sensor, with its EventSources and EventBus). */
export interface HubReport {
  readonly name: string;
  /** Null when no Sensor of that name was read that the runs could belong to. */
  readonly namespace: string | null;
  /** Null when the namespace is not known. */
  readonly health: HubHealth | null;
  readonly hooks: readonly HookReport[];
}

/** The `--json` document of `resource-hooks runs`. */
export interface RunsReport {
  /** The kubeconfig context and API server read. */
  readonly context: string;
  readonly server: string;
  /** When the report was made, RFC 3339. */
  readonly time: string;
  /** The start of the window (`--since`), RFC 3339. */
  readonly since: string;
  /** The namespaces read (`--namespace`); null for all. */
  readonly namespaces: readonly string[] | null;
  readonly filters: {
    readonly hub: string | null;
    readonly hook: string | null;
    readonly target: string | null;
    readonly limit: number;
  };
  readonly hubs: readonly HubReport[];
  /** The lists that failed: what is not shown. */
  readonly unreadable: readonly Unreadable[];
}

/** What was read from the cluster. */
export interface Snapshot {
  readonly jobs: Listing;
  readonly workflows: Listing;
  readonly events: Listing;
  readonly sensors: Listing;
  readonly eventSources: Listing;
  readonly eventBuses: Listing;
  /** The pods of the Argo Events controller in the hub namespaces. */
  readonly pods: Listing;
  readonly unreadable: readonly Unreadable[];
}

function namespaceOf(object: KubeObject): string {
  return text(metadataOf(object).namespace);
}

interface SensorTrigger {
  readonly name: string;
  readonly conditions: string;
}

/**
 * The Sensor's hooks: its dependencies, but for those whose every trigger only records a
 * Kubernetes Event (such as a hub's watch of failed hook Jobs): they are bookkeeping, not hooks.
 */
function dependenciesOf(sensor: KubeObject | undefined): string[] {
  const spec = sensor && isObject(sensor.spec) ? sensor.spec : {};
  const triggers = (Array.isArray(spec.triggers) ? spec.triggers.filter(isObject) : []).map((t) => (isObject(t.template) ? t.template : {}));
  const recordsEvent = (t: Record<string, unknown>): boolean => {
    const k8s = isObject(t.k8s) ? t.k8s : {};
    const resource = isObject(k8s.source) && isObject(k8s.source.resource) ? k8s.source.resource : {};
    return text(resource.kind) === 'Event' && text(resource.apiVersion) === 'v1';
  };
  const bookkeeping = (name: string): boolean => {
    const consumers = triggers.filter((t) => text(t.conditions).trim() === name);
    return consumers.length > 0 && consumers.every(recordsEvent);
  };
  return (Array.isArray(spec.dependencies) ? spec.dependencies.filter(isObject) : []).map((d) => text(d.name))
    .filter((n) => n !== '' && !bookkeeping(n));
}

function triggersOf(sensor: KubeObject | undefined): SensorTrigger[] {
  const spec = sensor && isObject(sensor.spec) ? sensor.spec : {};
  return (Array.isArray(spec.triggers) ? spec.triggers.filter(isObject) : [])
    .map((t) => (isObject(t.template) ? t.template : {}))
    .map((t) => ({ name: text(t.name), conditions: text(t.conditions).trim() }))
    .filter((t) => t.name !== '');
}

/**
 * The dependency a trigger runs for: the one its `conditions` names alone, or the only one when it
 * has no conditions. A hub's triggers each name their hook's dependency; a hand-written trigger
 * with a compound condition belongs to no single dependency.
 */
function dependencyOfTrigger(sensor: KubeObject | undefined, trigger: SensorTrigger): string | undefined {
  const dependencies = dependenciesOf(sensor);
  if (trigger.conditions === '') {
    return dependencies.length === 1 ? dependencies[0] : undefined;
  }
  return dependencies.includes(trigger.conditions) ? trigger.conditions : undefined;
}

interface HookDraft {
  readonly name: string;
  readonly triggers: string[];
  readonly runs: HookRun[];
  readonly events: HookEvent[];
}

interface HubDraft {
  readonly name: string;
  readonly namespace: string | null;
  readonly sensor: KubeObject | undefined;
  readonly hooks: Map<string, HookDraft>;
  /** Hooks named by the Sensor, in its order; others follow by name. */
  readonly order: readonly string[];
}

function hookDraft(hub: HubDraft, name: string): HookDraft {
  let hook = hub.hooks.get(name);
  if (!hook) {
    hook = { name, triggers: [], runs: [], events: [] };
    hub.hooks.set(name, hook);
  }
  return hook;
}

/**
 * The hubs with every run and Event placed under its hook, before filters. Runs and Events name
 * their hub, not its namespace: when Sensors of the same name exist in several namespaces, the one
 * in the run's namespace wins, else the only one with the run's trigger or hook; when none is
 * certain, the runs go to a hub of unknown namespace.
 */
function draftHubs(snapshot: Omit<Snapshot, 'pods'>, query: RunsQuery): HubDraft[] {
  const hubs = new Map<string, HubDraft>();
  const sensorsByName = new Map<string, KubeObject[]>();
  for (const sensor of snapshot.sensors.items) {
    const name = nameOf(sensor);
    if (query.hub !== undefined && name !== query.hub) {
      continue;
    }
    sensorsByName.set(name, [...(sensorsByName.get(name) ?? []), sensor]);
    const dependencies = dependenciesOf(sensor);
    const hub: HubDraft = { name, namespace: namespaceOf(sensor), sensor, hooks: new Map(), order: dependencies };
    for (const dependency of dependencies) {
      hookDraft(hub, dependency);
    }
    for (const trigger of triggersOf(sensor)) {
      const dependency = dependencyOfTrigger(sensor, trigger);
      if (dependency !== undefined) {
        hookDraft(hub, dependency).triggers.push(trigger.name);
      }
    }
    hubs.set(`${hub.namespace}/${name}`, hub);
  }

  const hubOf = (name: string, namespace: string, trigger: string | undefined, hook: string | undefined): HubDraft => {
    const candidates = sensorsByName.get(name) ?? [];
    const pick = (list: KubeObject[]): KubeObject | undefined => (list.length === 1 ? list[0] : undefined);
    const sensor = pick(candidates)
      ?? pick(candidates.filter((s) => namespaceOf(s) === namespace))
      ?? pick(candidates.filter((s) => (trigger !== undefined && triggersOf(s).some((t) => t.name === trigger))
        || (hook !== undefined && dependenciesOf(s).includes(hook))));
    const key = sensor ? `${namespaceOf(sensor)}/${name}` : `?/${name}`;
    let hub = hubs.get(key);
    if (!hub) {
      hub = { name, namespace: null, sensor: undefined, hooks: new Map(), order: [] };
      hubs.set(key, hub);
    }
    return hub;
  };

  for (const object of [...snapshot.jobs.items, ...snapshot.workflows.items]) {
    const labelled = readRun(object, query.now);
    if (!labelled || (query.hub !== undefined && labelled.hub !== query.hub)) {
      continue;
    }
    const { run } = labelled;
    const hub = hubOf(labelled.hub, run.namespace, run.trigger || undefined, labelled.hook);
    const sensorTrigger = triggersOf(hub.sensor).find((t) => t.name === run.trigger);
    const hook = labelled.hook ?? (sensorTrigger ? dependencyOfTrigger(hub.sensor, sensorTrigger) : undefined) ?? (run.trigger || '(unknown)');
    hookDraft(hub, hook).runs.push(run);
  }
  for (const object of snapshot.events.items) {
    const labelled = readHookEvent(object);
    if (!labelled || (query.hub !== undefined && labelled.hub !== query.hub)) {
      continue;
    }
    const namespace = labelled.event.target?.namespace ?? labelled.event.namespace;
    hookDraft(hubOf(labelled.hub, namespace, undefined, labelled.hook), labelled.hook).events.push(labelled.event);
  }
  return [...hubs.values()];
}

/** The namespaces of the hubs a report on `snapshot` can show: where their pods are read. */
export function hubNamespaces(snapshot: Omit<Snapshot, 'pods'>, query: RunsQuery): string[] {
  return [...new Set(draftHubs(snapshot, query).map((h) => h.namespace).filter((n): n is string => n !== null))].sort();
}

const byTimeDescending = (a: { time: string }, b: { time: string }): number =>
  (parseTime(b.time) ?? 0) - (parseTime(a.time) ?? 0);

function finishHook(draft: HookDraft, query: RunsQuery): HookReport | undefined {
  const start = query.now.getTime() - query.sinceMs;
  const inWindow = (time: string): boolean => (parseTime(time) ?? 0) >= start;
  const names = draft.runs.map((r) => r.name);
  let runs = draft.runs.filter((r) => inWindow(r.time) || isActive(r));
  let events = draft.events.filter((e) => inWindow(e.time)).map((e) => ({ ...e, run: runNamedBy(e.message, names) }));
  if (query.target !== undefined) {
    const target = query.target;
    runs = runs.filter((r) => targetMatches(r.target ?? undefined, target));
    events = events.filter((e) => targetMatches(e.target ?? undefined, target));
    if (runs.length === 0 && events.length === 0) {
      return undefined;
    }
  }
  runs.sort(byTimeDescending);
  const shown = runs.slice(0, query.limit);
  // A HookTriggered Event that names a run shown says nothing the run does not; nor does one that
  // names none, recorded within a minute of a run shown (both come from the same delivery).
  const shownNames = new Set(shown.map((r) => r.name));
  const nearRun = (e: HookEvent): boolean => shown.some((r) => Math.abs((parseTime(r.time) ?? 0) - (parseTime(e.time) ?? 0)) <= 60_000);
  events = events.filter((e) => e.reason !== HOOK_TRIGGERED || (e.run === null ? !nearRun(e) : !shownNames.has(e.run)));
  events.sort(byTimeDescending);
  return {
    name: draft.name,
    triggers: draft.triggers,
    runs: shown,
    moreRuns: runs.length - shown.length,
    events: events.slice(0, query.limit),
    moreEvents: Math.max(0, events.length - query.limit),
  };
}

function inNamespace(listing: Listing, namespace: string): KubeObject[] | undefined {
  return listing.readable(namespace) ? listing.items.filter((o) => namespaceOf(o) === namespace) : undefined;
}

/** The report's hubs: every hub found, or those with a hook that passes `--hook` and `--target`. */
export function reportHubs(snapshot: Snapshot, query: RunsQuery): HubReport[] {
  const narrowed = query.hook !== undefined || query.target !== undefined;
  const hubs: HubReport[] = [];
  for (const draft of draftHubs(snapshot, query)) {
    const names = [...draft.order, ...[...draft.hooks.keys()].filter((n) => !draft.order.includes(n)).sort()];
    const hooks = names
      .filter((n) => query.hook === undefined || n === query.hook)
      .map((n) => finishHook(draft.hooks.get(n)!, query))
      .filter((h): h is HookReport => h !== undefined);
    if (narrowed && hooks.length === 0) {
      continue;
    }
    const namespace = draft.namespace;
    const health = namespace === null ? null : hubHealth({
      namespace,
      name: draft.name,
      sensor: draft.sensor,
      sensorsRead: snapshot.sensors.readable(namespace),
      eventSources: inNamespace(snapshot.eventSources, namespace),
      eventBuses: inNamespace(snapshot.eventBuses, namespace),
      pods: inNamespace(snapshot.pods, namespace),
    });
    hubs.push({ name: draft.name, namespace, health, hooks });
  }
  return hubs.sort((a, b) => (a.namespace === null ? 1 : 0) - (b.namespace === null ? 1 : 0)
    || (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.name.localeCompare(b.name));
}

/** `controller in (…)`: the pods of every Argo Events component in a namespace. */
export const CONTROLLER_PODS = `${CONTROLLER_LABEL} in (${[EVENTBUS_CONTROLLER, EVENTSOURCE_CONTROLLER, SENSOR_CONTROLLER].join(',')})`;

/**
 * Reads what a report needs: Jobs and Workflows with the Sensor label, hook Events, Sensors,
 * EventSources and EventBuses in the scope, then the Argo Events pods of the hub namespaces.
 * With `--hub` the Jobs, Workflows and Events are selected by label on the server.
 */
export async function readSnapshot(reader: ClusterReader, query: RunsQuery): Promise<Snapshot> {
  const runSelector = query.hub !== undefined ? `${SENSOR_LABEL}=${query.hub}` : SENSOR_LABEL;
  const eventSelector = [
    query.hub !== undefined ? `${HUB_LABEL}=${query.hub}` : undefined,
    query.hook !== undefined ? `${HOOK_LABEL}=${query.hook}` : HOOK_LABEL,
  ].filter((s) => s !== undefined).join(',');
  const [jobs, workflows, events, sensors, eventSources, eventBuses] = await Promise.all([
    reader.list(JOBS, runSelector),
    reader.list(WORKFLOWS, runSelector, true),
    reader.list(EVENTS, eventSelector),
    reader.list(SENSORS, ''),
    reader.list(EVENTSOURCES, ''),
    reader.list(EVENTBUSES, ''),
  ]);
  const partial = { jobs, workflows, events, sensors, eventSources, eventBuses, unreadable: reader.unreadable };
  const pods = await reader.listIn(PODS, hubNamespaces(partial, query), CONTROLLER_PODS);
  return { ...partial, pods, unreadable: [...reader.unreadable] };
}

function sortUnreadable(unreadable: readonly Unreadable[]): Unreadable[] {
  return [...unreadable].sort((a, b) => a.resource.localeCompare(b.resource) || (a.namespace ?? '').localeCompare(b.namespace ?? ''));
}

/** The report of a snapshot. */
export function buildReport(snapshot: Snapshot, query: RunsQuery, connection: { context: string; server: string }): RunsReport {
  // Whole seconds, as Kubernetes writes times.
  const iso = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.000Z$/, 'Z');
  return {
    context: connection.context,
    server: connection.server,
    time: iso(query.now.getTime()),
    since: iso(query.now.getTime() - query.sinceMs),
    namespaces: query.namespaces !== undefined ? [...query.namespaces] : null,
    filters: {
      hub: query.hub ?? null,
      hook: query.hook ?? null,
      target: query.target !== undefined ? formatTargetFilter(query.target) : null,
      limit: query.limit,
    },
    hubs: reportHubs(snapshot, query),
    unreadable: sortUnreadable(snapshot.unreadable),
  };
}
