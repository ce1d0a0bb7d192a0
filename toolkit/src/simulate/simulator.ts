import { splitApiVersion } from '../engine/kinds';
import { InMemoryCluster, KubeObject, refOf, resourceOf } from '../engine/cluster';
import { EngineError } from '../engine/errors';
import { ArgoEvent, EventContext, MEDIA_TYPE_JSON, eventContext, formatRfc3339, parseRfc3339 } from '../engine/event';
import { EventView } from '../engine/event-view';
import { marshalGoJson } from '../engine/go-json';
import { TemplateOptions } from '../engine/go-template';
import { describeObject } from '../engine/manifests';
import { buildResourceEventData, passFilters } from '../engine/resource-source';
import { Diagnostics, ManifestError } from './diagnostics';
import { EventSourceInfo, ResourceWatch, compileEventSource } from './event-sources';
import { Json, isObject, nameOf, objectOf, sameNamespace, stringOf } from './json-access';
import { SecretStore } from './secrets';
import { SensorModel } from './sensor-model';
import { eventId } from './event-ids';
import { DeliveryContext, SensorRuntime } from './sensor-runtime';
import { WatchIndex } from './watch-index';
import { ExecutionContext, TriggerExecutor } from './trigger-executor';
import {
  BusEvent, DependencyTrace, Diagnostic, EmitOptions, EmitResult, ResourceEvent, SimulatedAction, TraceEntry,
} from './types';

/** Options of {@link Simulator.fromManifests}. */
export interface SimulatorOptions {
  /**
   * The simulated clock at the start: event times, creation timestamps of created objects and
   * `action-timestamp` labels use it.
   * @default - the current time
   */
  readonly now?: Date | string;
  /**
   * When the EventSource and Sensor pods started, for `filter.afterStart`.
   * @default - `now`, truncated to whole seconds
   */
  readonly startTime?: Date | string;
  /**
   * Refuse manifests with any error. By default the simulator refuses only what Argo Events'
   * controller refuses (a Sensor without dependencies, an unknown comparator, …) and otherwise
   * behaves as Argo Events does at run time: a filter whose expression or regex does not compile
   * fails on that dependency (the trace shows the error the Sensor logs), a trigger whose
   * conditions do not parse never fires, and the rest of the Sensor keeps working. All problems
   * are in {@link Simulator.diagnostics} either way.
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Names the manifest file of a diagnostic's `where` (e.g. `Sensor/apps/hub spec…`) in the
   * message of the error thrown when the manifests are refused.
   * @default - messages name objects only
   */
  readonly fileOf?: (where: string) => string | undefined;
  /**
   * Environment variables the Sensor pod would have, for sprig's `env`/`expandenv` in templates.
   * @default {}
   */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Load the objects that are not EventSources, Sensors or EventBuses into the simulated cluster,
   * as the existing state k8s triggers see.
   * @default true
   */
  readonly seedCluster?: boolean;
}

const ARGO_EVENTS_GROUP = 'argoproj.io';

function toDate(value: Date | string, what: string): Date {
  return typeof value === 'string' ? parseRfc3339(value, what) : new Date(value.getTime());
}

/**
 * Anything that renders to Kubernetes objects: a cdk8s `Chart` of any version (the toolkit does not
 * depend on cdk8s), or a plain object with a `toJson()` of your own.
 */
export interface ChartLike {
  toJson(): unknown[];
}

/**
 * Predicts what Argo Events does with a change, offline: EventSources turn the change into events,
 * Sensors filter them, evaluate conditions and run triggers against a simulated cluster. State
 * (stored `&&` condition events, objects created by triggers, recently seen event ids) persists
 * across calls, as in a running Sensor.
 *
 * ```ts
 * const sim = Simulator.fromChart(chart, { now: '2024-07-15T12:00:00Z' });
 * // exactly these triggers ran:
 * expect(sim.emit({ type: 'UPDATE', oldObject: before, object: after }).triggers).toEqual(['hub/purge-cdn']);
 * // nothing ran:
 * expect(sim.emit({ type: 'UPDATE', oldObject: after, object: statusOnly }).triggers).toEqual([]);
 * ```
 *
 * `emit` returns `{ actions, trace, triggers }`: each action says what a trigger would do (k8s
 * operation and outcome against the simulated cluster, HTTP request, Slack message, …); the trace
 * says, per EventSource event and per dependency, why it did or did not match.
 */
export class Simulator {
  /** Loads Argo Events manifests (EventSources, Sensors), Secrets/ConfigMaps and other objects. */
  static fromManifests(objects: readonly unknown[], options: SimulatorOptions = {}): Simulator {
    return new Simulator(objects, options);
  }

  /** Loads the manifests a cdk8s chart synthesizes (`chart.toJson()`). */
  static fromChart(chart: ChartLike, options: SimulatorOptions = {}): Simulator {
    return new Simulator(chart.toJson(), options);
  }

  /** The simulated cluster: objects given at load time and those triggers created. */
  readonly cluster: InMemoryCluster;
  /** Problems found in the manifests. */
  readonly diagnostics: readonly Diagnostic[];

  /** Resource watches by group and plural resource. */
  private readonly watches = new WatchIndex();
  /** {@link quietTrace} by group, resource, apiVersion and namespace. */
  private readonly quietTraces = new Map<string, readonly TraceEntry[]>();
  /** The quiet trace used last: consecutive changes are mostly to the same resource and namespace. */
  private lastQuietTrace?: { group: string; resource: string; apiVersion: string; namespace: string; entries: readonly TraceEntry[] };
  private readonly eventSources: EventSourceInfo[] = [];
  private readonly sensors: SensorRuntime[] = [];
  private readonly secrets = new SecretStore();
  private readonly executor: TriggerExecutor;
  private readonly startTime: Date;
  /** What templates see of the Sensor's environment: its variables and the simulated clock. */
  private readonly templateEnvironment: TemplateOptions;
  private clock: Date;
  private eventCount = 0;
  private clockTextFor = Number.NaN;
  private clockTextCache = '';
  private revisionCount = 0;

  private constructor(objects: readonly unknown[], options: SimulatorOptions) {
    this.clock = options.now !== undefined ? toDate(options.now, 'now') : new Date();
    this.startTime = options.startTime !== undefined
      ? toDate(options.startTime, 'startTime')
      : new Date(Math.floor(this.clock.getTime() / 1000) * 1000);
    this.templateEnvironment = { now: () => this.clock, env: { ...options.env } };
    this.cluster = new InMemoryCluster(() => this.clock);
    this.executor = new TriggerExecutor(this.cluster, this.secrets);

    const diagnostics = new Diagnostics();
    objects.forEach((raw, i) => {
      if (!isObject(raw)) {
        diagnostics.rejected(`object ${i}`, 'not an object');
        return;
      }
      const group = splitApiVersion(stringOf(raw.apiVersion)).group;
      if (group === ARGO_EVENTS_GROUP && raw.kind === 'EventSource') {
        const { info, watches } = compileEventSource(raw, diagnostics);
        this.eventSources.push(info);
        watches.forEach((watch) => this.watches.add(watch));
      } else if (group === ARGO_EVENTS_GROUP && raw.kind === 'Sensor') {
        this.sensors.push(new SensorRuntime(new SensorModel(raw, diagnostics)));
      } else {
        this.secrets.add(raw);
        if (options.seedCluster !== false && !(group === ARGO_EVENTS_GROUP && raw.kind === 'EventBus')) {
          this.cluster.put(structuredClone(raw));
        }
      }
    });
    this.checkEventReferences(diagnostics);
    this.diagnostics = diagnostics.list;
    const strict = options.strict === true;
    const refused = diagnostics.errors.filter((d) => strict || d.stage === 'controller');
    if (refused.length > 0) {
      throw new ManifestError(refused, strict, options.fileOf);
    }
  }

  /** Warns about dependencies on events that a loaded EventSource of that name does not define. */
  private checkEventReferences(diagnostics: Diagnostics): void {
    for (const { model } of this.sensors) {
      [...model.dependencies.values()].forEach((dep) => {
        const source = this.eventSources.find((es) => es.name === dep.eventSourceName && sameNamespace(es.namespace, model.namespace));
        if (source && !source.eventTypes.has(dep.eventName)) {
          diagnostics.warning(`${model.where} dependency '${dep.name}'`,
            `EventSource '${source.name}' has no event '${dep.eventName}' (it defines ${[...source.eventTypes.keys()].join(', ') || 'none'}): the dependency never receives an event`);
        }
      });
    }
  }

  /** The clock as RFC 3339 text, formatted once per clock value (every trace entry carries it). */
  private clockText(): string {
    const ms = this.clock.getTime();
    if (this.clockTextFor !== ms) {
      this.clockTextCache = formatRfc3339(this.clock);
      this.clockTextFor = ms;
    }
    return this.clockTextCache;
  }

  /** The simulated time. */
  get now(): Date {
    return new Date(this.clock.getTime());
  }

  /** Moves the clock forward (never backwards), applying `conditionsReset` schedules on the way. */
  setTime(time: Date | string): void {
    const next = toDate(time, 'time');
    if (next.getTime() <= this.clock.getTime()) {
      return;
    }
    for (const sensor of this.sensors) {
      sensor.advanceClock(this.clock, next);
    }
    this.clock = next;
  }

  /**
   * Sets the clock to an event's own `time`. An earlier time is an error rather than ignored: the
   * event would otherwise carry a time other than the one asked for.
   */
  private moveClockFor(options: EmitOptions): void {
    if (options.time === undefined) {
      return;
    }
    const time = toDate(options.time, 'time');
    if (time.getTime() < this.clock.getTime()) {
      throw new EngineError(`time ${formatRfc3339(time)} is before the simulated clock ${formatRfc3339(this.clock)}: `
        + 'the clock never goes back (start the simulator with `now` at or before the first event)');
    }
    this.setTime(time);
  }

  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.setTime(new Date(this.clock.getTime() + ms));
  }

  /** Dependencies holding a stored event for a trigger, waiting for the rest of its `&&` conditions. */
  pendingConditions(sensor: string, trigger: string): string[] {
    return this.sensors.find((s) => s.model.name === sensor)?.storedDependencies(trigger) ?? [];
  }

  /**
   * Simulates a change to a Kubernetes object: every resource EventSource watching it decides
   * whether to publish an event, and every Sensor listening processes it.
   *
   * Missing server-set fields are filled in the way the API server would have set them:
   * `creationTimestamp` (the clock) and, for an UPDATE where neither object has one,
   * `resourceVersion`. The simulated cluster is updated with the object afterwards.
   */
  emit(change: ResourceEvent, options: EmitOptions = {}): EmitResult {
    this.moveClockFor(options);
    const type = change.type;
    if (type !== 'ADD' && type !== 'UPDATE' && type !== 'DELETE') {
      throw new EngineError(`type must be ADD, UPDATE or DELETE, not ${JSON.stringify(type)}`);
    }
    const { object: current, oldObject } = this.prepare(change);
    const apiVersion = stringOf(current.apiVersion);
    const { group, version } = splitApiVersion(apiVersion);
    const resource = change.resource ?? resourceOf(stringOf(current.kind));
    const { namespace } = nameOf(current);

    const actions: SimulatedAction[] = [];
    const ctx = this.executionContext(options);
    const facts = new ChangeFacts(type, apiVersion, version, namespace, current, oldObject);
    const { watches, selectorMayMatch } = this.watches.lookup(group, resource, facts.labels, facts.oldLabels);
    // One entry per watch, in order: the watches whose selector cannot match start with the
    // entry saying why they publish nothing, which depends only on the watch, version and namespace.
    const trace: TraceEntry[] = this.quietTrace(group, resource, watches, facts).slice();
    for (let i = 0; i < watches.length; i++) {
      if (selectorMayMatch[i] === 0) {
        continue;
      }
      const watch = watches[i];
      const admitted = this.admit(watch, facts, true);
      if (admitted === LABELS_DO_NOT_MATCH || 'reason' in admitted) {
        trace[i] = notPublished(watch, admitted);
        continue;
      }
      const { type: delivered, relabeled } = admitted;
      const sequence = ++this.eventCount;
      const context = this.newContext(watch.eventSource, watch.eventName, 'resource', MEDIA_TYPE_JSON, eventId(sequence));
      const event = new ResourceEventPayload(context, watch, delivered, relabeled, facts);
      const payloadBody = relabeled ? facts.relabeled() : current;
      const payloadOldBody = delivered === 'UPDATE' ? oldObject ?? null : null;
      // Built without `metadata` rather than deleting it: a deleted property turns the object
      // into a slow dictionary, and every filter field is looked up on it.
      const structured: Json = !watch.metadata || Object.keys(watch.metadata).length === 0
        ? { type: delivered, group: watch.group, version: watch.version, resource: watch.resource, body: payloadBody, oldBody: payloadOldBody }
        : { type: delivered, group: watch.group, version: watch.version, resource: watch.resource, metadata: watch.metadata, body: payloadBody, oldBody: payloadOldBody };
      const delivery = this.publish(new EventView(event, { structured }), watch.namespace, watch.eventBusName, ctx, sequence);
      if (delivery.actions.length > 0) {
        actions.push(...delivery.actions);
      }
      trace[i] = {
        eventSource: watch.eventSource,
        eventName: watch.eventName,
        namespace: watch.namespace,
        emitted: true,
        event: { id: context.id, type: 'resource', eventType: delivered, time: this.clockText() },
        dependencies: delivery.dependencies,
      };
    }
    this.record(type, current);
    return { actions, trace, triggers: actions.map((a) => `${a.sensor}/${a.trigger}`) };
  }

  /**
   * The trace entry of each watch on a resource for a change its label selector hides from it:
   * why it publishes nothing (version, namespace, an informer that cannot start, or the labels).
   * Shared between changes of the same version and namespace.
   */
  private quietTrace(group: string, resource: string, watches: readonly ResourceWatch[], facts: ChangeFacts): readonly TraceEntry[] {
    const last = this.lastQuietTrace;
    if (last && last.group === group && last.resource === resource && last.apiVersion === facts.apiVersion && last.namespace === facts.namespace) {
      return last.entries;
    }
    const key = `${group}\u0000${resource}\u0000${facts.apiVersion}\u0000${facts.namespace}`;
    let entries = this.quietTraces.get(key);
    if (!entries) {
      // A watch without a selector is never hidden (the index always lists it): no entry here.
      // Not frozen: V8 copies a frozen array far more slowly, and emit copies this one every time.
      entries = watches.map((watch) => (watch.labelSelector
        ? notPublished(watch, this.admit(watch, facts, false) as typeof LABELS_DO_NOT_MATCH | { reason: string })
        : NOT_HIDDEN));
      if (this.quietTraces.size >= QUIET_TRACES) {
        this.quietTraces.clear();
      }
      this.quietTraces.set(key, entries);
    }
    this.lastQuietTrace = { group, resource, apiVersion: facts.apiVersion, namespace: facts.namespace, entries };
    return entries;
  }

  /**
   * Publishes an event of any EventSource type (webhook, calendar, …) on the EventBus, for sources
   * the simulator does not model; Sensors process it as they would a real one.
   */
  emitEvent(busEvent: BusEvent, options: EmitOptions = {}): EmitResult {
    this.moveClockFor(options);
    const source = this.eventSources.find((es) => es.name === busEvent.eventSourceName
      && (busEvent.namespace === undefined || sameNamespace(es.namespace, busEvent.namespace)));
    const type = busEvent.type ?? source?.eventTypes.get(busEvent.eventName) ?? 'webhook';
    const data = typeof busEvent.data === 'string' ? busEvent.data : marshalGoJson(busEvent.data ?? null);
    // An id the caller gives may repeat one seen before; one made here never does.
    const sequence = busEvent.id === undefined ? ++this.eventCount : undefined;
    const id = busEvent.id ?? eventId(this.eventCount);
    const context = this.newContext(busEvent.eventSourceName, busEvent.eventName, type, busEvent.contentType ?? MEDIA_TYPE_JSON, id);
    const namespace = busEvent.namespace ?? source?.namespace ?? '';
    const view = new EventView({ context, data }, { knownValidJson: typeof busEvent.data !== 'string' });
    const delivery = this.publish(view, namespace, source?.eventBusName, this.executionContext(options), sequence);
    const trace: TraceEntry[] = [{
      eventSource: busEvent.eventSourceName,
      eventName: busEvent.eventName,
      namespace,
      emitted: true,
      event: { id: context.id, type, time: formatRfc3339(this.clock) },
      dependencies: delivery.dependencies,
    }];
    return { actions: delivery.actions, trace, triggers: delivery.actions.map((a) => `${a.sensor}/${a.trigger}`) };
  }

  private executionContext(options: EmitOptions): ExecutionContext {
    const status = options.httpStatus;
    return {
      now: this.clock,
      environment: this.templateEnvironment,
      httpStatus: (key) => (typeof status === 'number' ? status : status?.[key]),
    };
  }

  private newContext(source: string, subject: string, type: string, contentType: string, id: string): EventContext {
    return eventContext({
      id,
      source,
      subject,
      type,
      specversion: '1.0',
      datacontenttype: contentType,
      time: this.clock,
    });
  }

  /** Delivers an event to every Sensor on the same EventBus. */
  private publish(
    view: EventView, namespace: string, eventBusName: string | undefined, ctx: ExecutionContext, sequence: number | undefined,
  ): { actions: SimulatedAction[]; dependencies: DependencyTrace[] } {
    let delivered: { actions: SimulatedAction[]; dependencies: DependencyTrace[] } | undefined;
    let delivery: DeliveryContext | undefined;
    for (const sensor of this.sensors) {
      const model = sensor.model;
      if (!sameNamespace(model.namespace, namespace) || (eventBusName !== undefined && model.eventBusName !== eventBusName)) {
        continue;
      }
      delivery ??= {
        now: this.clock,
        environment: ctx.environment,
        fire: (s, trigger, events) => this.executor.execute(s, trigger, events, ctx),
        sequence,
      };
      const result = sensor.deliver(view, delivery);
      if (!delivered) {
        delivered = result;
      } else {
        delivered.actions.push(...result.actions);
        delivered.dependencies.push(...result.dependencies);
      }
    }
    return delivered ?? { actions: [], dependencies: [] };
  }

  /**
   * Whether a resource watch publishes the change, as which event type, or why not: version and
   * namespace of the informer, its label selector (server side; `selectorMayMatch` false when the
   * watch index already knows it matches neither labels nor old labels), event types, unchanged
   * resourceVersion, then the client-side filters.
   */
  private admit(
    watch: ResourceWatch, facts: ChangeFacts, selectorMayMatch: boolean,
  ): Admitted | typeof LABELS_DO_NOT_MATCH | { reason: string } {
    if (watch.version !== facts.version) {
      return { reason: `watches version ${watch.version}, the object is ${facts.apiVersion}` };
    }
    if (watch.watchNamespace && watch.watchNamespace !== facts.namespace) {
      return { reason: `watches namespace ${watch.watchNamespace}, the object is in ${facts.namespace || 'no namespace'}` };
    }
    if (watch.broken) {
      return { reason: `the informer cannot start: ${watch.broken}` };
    }
    const delivered = selectorMayMatch ? informerEventType(watch, facts.type, facts.labels, facts.oldLabels) : undefined;
    if (delivered === undefined) {
      return LABELS_DO_NOT_MATCH;
    }
    if (!watch.eventTypes.has(delivered)) {
      return { reason: `eventTypes [${[...watch.eventTypes].join(', ')}] does not include ${delivered}` };
    }
    if (delivered === 'UPDATE' && facts.oldObject
      && stringOf(objectOf(facts.object.metadata).resourceVersion) === stringOf(objectOf(facts.oldObject.metadata).resourceVersion)) {
      return { reason: 'UPDATE with an unchanged resourceVersion (a watch resync) is dropped' };
    }
    // An object that stops matching the selector is sent as a deletion of its previous state.
    const relabeled = delivered === 'DELETE' && facts.type === 'UPDATE';
    const verdict = passFilters(delivered, relabeled ? facts.relabeled() : facts.object, watch.filter, {
      startTime: this.startTime,
      now: this.clock,
      objectJson: watch.filter?.fields?.length ? (relabeled ? facts.relabeledBody() : facts.body()) : undefined,
    });
    return verdict.pass ? { type: delivered, relabeled } : { reason: verdict.reason ?? 'filtered out' };
  }

  /**
   * Validates the objects of a change and fills what the API server always sets: a missing
   * `creationTimestamp` is the other object's or the clock; a missing `resourceVersion` on an
   * UPDATE is made to differ from the other object's. The caller's objects are never mutated.
   */
  private prepare(change: ResourceEvent): { object: KubeObject; oldObject?: KubeObject } {
    checkObject(change.object, 'object');
    if (change.type === 'UPDATE' && change.oldObject === undefined) {
      throw new EngineError('an UPDATE needs oldObject (the object before the change)');
    }
    if (change.oldObject === undefined || change.type !== 'UPDATE') {
      const meta = objectOf(change.object.metadata);
      return {
        object: meta.creationTimestamp ? change.object : withMetadata(change.object, { creationTimestamp: formatRfc3339(this.clock) }),
      };
    }
    checkObject(change.oldObject, 'oldObject');
    const meta = objectOf(change.object.metadata);
    const oldMeta = objectOf(change.oldObject.metadata);
    const created = meta.creationTimestamp ?? oldMeta.creationTimestamp ?? formatRfc3339(this.clock);
    const objectPatch: Json = {};
    const oldPatch: Json = {};
    if (!meta.creationTimestamp) {
      objectPatch.creationTimestamp = created;
    }
    if (!oldMeta.creationTimestamp) {
      oldPatch.creationTimestamp = created;
    }
    if (meta.resourceVersion === undefined && oldMeta.resourceVersion === undefined) {
      oldPatch.resourceVersion = String(++this.revisionCount);
      objectPatch.resourceVersion = String(++this.revisionCount);
    } else if (meta.resourceVersion === undefined) {
      objectPatch.resourceVersion = `${stringOf(oldMeta.resourceVersion)}-next`;
    } else if (oldMeta.resourceVersion === undefined) {
      oldPatch.resourceVersion = `${stringOf(meta.resourceVersion)}-previous`;
    }
    return { object: withMetadata(change.object, objectPatch), oldObject: withMetadata(change.oldObject, oldPatch) };
  }

  /** Keeps the simulated cluster in step with the emitted changes. */
  private record(type: string, object: KubeObject): void {
    if (type === 'DELETE') {
      this.cluster.remove(refOf(object));
    } else {
      this.cluster.put(object);
    }
  }
}

/** What every resource watch looks at in one change; the encodings are made on first use. */
class ChangeFacts {
  readonly labels: Record<string, string>;
  readonly oldLabels?: Record<string, string>;
  private bodyJson?: string;
  private oldBodyJson?: string;
  private relabeledObject?: KubeObject;
  private relabeledJson?: string;

  constructor(
    readonly type: string,
    readonly apiVersion: string,
    readonly version: string,
    readonly namespace: string,
    readonly object: KubeObject,
    readonly oldObject: KubeObject | undefined,
  ) {
    this.labels = labelsOf(object);
    this.oldLabels = oldObject ? labelsOf(oldObject) : undefined;
  }

  /** The object's Go encoding. */
  body(): string {
    return (this.bodyJson ??= marshalGoJson(this.object));
  }

  /** The previous object's Go encoding (`null` without one). */
  oldBody(): string {
    return (this.oldBodyJson ??= marshalGoJson(this.oldObject ?? null));
  }

  /**
   * What a label-selected watch sends when an UPDATE makes the object stop matching: a DELETE of
   * the previous state carrying the new resourceVersion.
   */
  relabeled(): KubeObject {
    return (this.relabeledObject ??= relabeledDeletion(this.object, this.oldObject ?? this.object));
  }

  /** The Go encoding of {@link relabeled}. */
  relabeledBody(): string {
    return (this.relabeledJson ??= marshalGoJson(this.relabeled()));
  }
}

/** An event a watch publishes: its type and whether it is a selector-driven deletion. */
interface Admitted {
  readonly type: string;
  readonly relabeled: boolean;
}

/**
 * The object of the DELETE the API server's watch cache sends when an update takes an object out
 * of a label selector: the object as it was before the update, with the update's resourceVersion.
 */
function relabeledDeletion(current: KubeObject, previous: KubeObject): KubeObject {
  const resourceVersion = objectOf(current.metadata).resourceVersion;
  return resourceVersion === undefined ? previous : withMetadata(previous, { resourceVersion });
}

/** A resource event whose payload text is encoded only when something reads it. */
class ResourceEventPayload implements ArgoEvent {
  private text: string | undefined;

  constructor(
    readonly context: EventContext,
    private readonly watch: ResourceWatch,
    private readonly delivered: string,
    private readonly relabeled: boolean,
    private readonly facts: ChangeFacts,
  ) {}

  get data(): string {
    return (this.text ??= buildResourceEventData({
      type: this.delivered,
      group: this.watch.group,
      version: this.watch.version,
      resource: this.watch.resource,
      metadata: this.watch.metadata,
      body: this.relabeled ? this.facts.relabeledBody() : this.facts.body(),
      oldBody: this.delivered === 'UPDATE' ? this.facts.oldBody() : null,
    }));
  }
}

/** How many (resource, version, namespace) combinations keep their quiet trace. */
const QUIET_TRACES = 64;

/** The trace entry of a watch that publishes nothing, and why. */
function notPublished(watch: ResourceWatch, verdict: typeof LABELS_DO_NOT_MATCH | { reason: string }): TraceEntry {
  if (verdict === LABELS_DO_NOT_MATCH) {
    return watch.labelMismatch as TraceEntry;
  }
  return Object.freeze({
    eventSource: watch.eventSource, eventName: watch.eventName, namespace: watch.namespace, emitted: false,
    reason: verdict.reason, dependencies: NO_DEPENDENCIES,
  });
}

/** The change is hidden from the informer by its label selector. */
const LABELS_DO_NOT_MATCH = Symbol('labels do not match');

/** Shared by trace entries of events that were not published. */
const NO_DEPENDENCIES: readonly DependencyTrace[] = Object.freeze([]);

/** The quiet trace's place for a watch without a label selector; emit always replaces it. */
const NOT_HIDDEN: TraceEntry = Object.freeze({
  eventSource: '', eventName: '', namespace: '', emitted: false, reason: 'not hidden by a label selector', dependencies: NO_DEPENDENCIES,
});

function checkObject(object: unknown, what: string): void {
  if (!isObject(object) || typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') {
    throw new EngineError(`${what} must be a Kubernetes object with apiVersion and kind`);
  }
  if (!stringOf(objectOf(object.metadata).name)) {
    throw new EngineError(`${what}: metadata.name is required (${describeObject(object)})`);
  }
}

/** A shallow copy with some metadata fields replaced (the object itself when there are none). */
function withMetadata(object: KubeObject, patch: Json): KubeObject {
  return Object.keys(patch).length === 0 ? object : { ...object, metadata: { ...objectOf(object.metadata), ...patch } };
}

/**
 * The event type the informer reports, or `undefined` when the API server does not send the
 * change to it. With a label selector, updates that change whether the object matches arrive as
 * ADD (it starts matching) or DELETE (it stops matching).
 */
function informerEventType(
  watch: ResourceWatch, type: string, labels: Record<string, string>, oldLabels: Record<string, string> | undefined,
): string | undefined {
  const selector = watch.labelSelector;
  if (!selector) {
    return type;
  }
  const now = selector.matches(labels);
  if (type !== 'UPDATE' || !oldLabels) {
    return now ? type : undefined;
  }
  const before = selector.matches(oldLabels);
  if (now) {
    return before ? 'UPDATE' : 'ADD';
  }
  return before ? 'DELETE' : undefined;
}

function labelsOf(object: KubeObject): Record<string, string> {
  const labels = objectOf(objectOf(object.metadata).labels);
  let strings = true;
  for (const key of Object.keys(labels)) {
    if (typeof labels[key] !== 'string') {
      strings = false;
      break;
    }
  }
  if (strings) {
    return labels as Record<string, string>;
  }
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)]));
}
