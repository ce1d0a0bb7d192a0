import { ApiObject, Chart, Duration, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import {
  DependencyFilter, EventBus, EventSource, ResourceEventSpec, ResourceEventType, Sensor,
} from '../argo-events';
import { checkNamespace } from '../common/k8s-names';
import { ArgoEventsVersion, unsupportedSensorFields } from './argo-events-version';
import { gjsonKey } from './compiled-filters';
import { EVENT_RECORD_RETRY, HOOK_FAILED_REASON, eventManifest, eventTimeParameters } from './hook-events';
import { DeletionWatches, watchesDeletions } from './deletion-watch';
import { HookTarget } from './hook-target';
import { HubEventBus } from './hub-event-bus';
import { checkEventBus } from './jetstream-options';
import { anchoredLiteral, shortHash, toDnsLabel } from './names';
import { DEFAULT_RUN_TTL, RUN_HOOK_LABEL, RUN_HUB_LABEL, labelValue, sjsonKey, ttlSeconds } from './run-metadata';
import { _Permission } from './trigger';
import { When } from './when';

/** Props of {@link HookHub}. */
export interface HookHubProps {
  /** Namespace of the EventSource, Sensor and their accounts. @default - the chart's namespace */
  readonly namespace?: string;
  /**
   * Name of the EventSource and Sensor (accounts get `-eventsource` / `-sensor`); unique per
   * namespace.
   * @default - `<chart id>-hooks` for the chart's default hub, `<chart id>-<hub id>` for others
   */
  readonly name?: string;
  /** @default HubEventBus.existing('default') */
  readonly eventBus?: HubEventBus;
  /**
   * Argo CD sync wave of the hub's objects (the EventBus and RBAC one wave earlier). Argo CD has no
   * health check for EventSources and Sensors, so the wave orders the applies but does not wait
   * for the pods to run unless `ArgoEventsHealthChecks` is installed (see docs/hooks.md).
   * @default -10
   */
  readonly syncWave?: number;
  /**
   * The Argo Events release the cluster runs. The hub emits only fields that release acts on, and
   * synthesis fails, naming the option, when a hook needs a newer one (older controllers drop
   * unknown fields silently, so the feature would just not happen).
   * @default ArgoEventsVersion.V1_9_0 - output that every 1.9.x controller accepts
   */
  readonly argoEventsVersion?: ArgoEventsVersion;
  /**
   * Record Kubernetes Events on hook targets: `HookTriggered` (Normal) when a hook fires,
   * `HookFailed` (Warning) when one of its triggers fails for good or a Job it started fails. They
   * show in `kubectl describe` and in Argo CD's events view. Each hook gets one more Sensor trigger
   * (which evaluates the hook's filters on each of its events), and the Sensor may create Events
   * in the targets' namespaces.
   * @default true
   */
  readonly recordEvents?: boolean;
  /**
   * How long finished Jobs and Workflows that hooks start are kept (per hook: `ttlAfterFinished`
   * in the hook options). It must outlast every redelivery of an event: a Job's deterministic name
   * prevents a second run only while the first Job exists.
   * @default Duration.days(8) - longer than Argo Events' JetStream retention (168 h)
   */
  readonly ttlAfterFinished?: Duration;
  /**
   * Give every watched object of this app a watch of its own (an EventSource event selected by a
   * label unique to the object), so that a change of one object is evaluated only by that object's
   * hooks, instead of by every hook on the same kind in the namespace. The Sensor's CPU per event
   * then no longer grows with the number of hooks; the EventSource opens one informer (and one
   * watch request) per object, each caching just that object.
   * @default true
   */
  readonly watchPerObject?: boolean;
}

/** Label the hub puts on watched objects of this app, so its watch can select them server-side. */
export const HUB_LABEL = 'resource-hooks.cdk8s.io/hub';
/** Label that singles out one watched object of this app, so that it gets a watch of its own. */
export const WATCH_LABEL = 'resource-hooks.cdk8s.io/watch';
const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
const RBAC_API = 'rbac.authorization.k8s.io/v1';

interface WatchRecord {
  readonly eventName: string;
  readonly spec: ResourceEventSpec;
  readonly eventTypes: ResourceEventType[];
}

interface RoleRecord {
  readonly rules: Map<string, { group: string; resource: string; verbs: Set<string> }>;
}

const defaultHubs = new WeakMap<Chart, HookHub>();
// Hub names taken per app and namespace: two hubs with one name would synthesize clashing objects.
const hubNames = new WeakMap<object, Set<string>>();

/**
 * Runs the hooks of a chart: one EventSource and one Sensor, however many hooks and namespaces
 * they cover, with their ServiceAccounts, least-privilege Roles in every namespace they watch or
 * create objects in, and optionally the EventBus.
 *
 * Each distinct watch (namespace, group, version, resource, label selector) is one EventSource
 * event, i.e. one informer; each hook is one Sensor dependency on it with its own filters; each
 * trigger of a hook is one Sensor trigger conditioned on that dependency alone.
 */
export class HookHub extends Construct {
  /** The chart's default hub, created on first use. */
  public static of(scope: IConstruct): HookHub {
    const chart = Chart.of(scope);
    return defaultHubs.get(chart) ?? new HookHub(chart, 'ResourceHooks');
  }

  /** Namespace of the hub's objects. */
  public readonly namespace: string;
  /** Name of the EventSource and the Sensor. */
  public readonly name: string;
  /** Name of the EventBus used. */
  public readonly eventBusName: string;
  /** The EventSource. */
  public readonly eventSource: EventSource;
  /** The Sensor. */
  public readonly sensor: Sensor;
  /** The EventBus, when the hub creates one. */
  public readonly eventBus?: EventBus;
  /** The Argo Events release the hub's output targets. */
  public readonly argoEventsVersion: ArgoEventsVersion;
  /** Whether hooks record Kubernetes Events on their targets. */
  public readonly recordEvents: boolean;
  /** How long finished runs are kept, unless a hook says otherwise. */
  public readonly ttlAfterFinished: Duration;
  /** Whether each watched object of this app gets its own watch. */
  public readonly watchPerObject: boolean;
  /** Account of the EventSource pod (watch permissions only). */
  public readonly eventSourceServiceAccount: ApiObject;
  /** Account of the Sensor pod (only what its Kubernetes triggers do). */
  public readonly sensorServiceAccount: ApiObject;

  private readonly syncWave: number;
  private readonly watches = new Map<string, WatchRecord>();
  private readonly roles = new Map<string, RoleRecord>();
  private readonly dependencyNames = new Set<string>();
  private readonly failedRunWatches = new Set<string>();
  private readonly failureEventWatches = new Map<string, { eventName: string; filters: DependencyFilter }>();
  private readonly deletionWatches = new DeletionWatches((eventName, spec, target) => {
    this.eventSource.addResourceEvent(eventName, spec);
    this.allow('EventSource', this.eventSourceServiceAccount, spec.namespace,
      { namespace: spec.namespace, group: target.group, resource: target.resource, verbs: ['get', 'list', 'watch'] });
  });

  constructor(scope: Construct, id: string, props: HookHubProps = {}) {
    super(scope, id);
    const chart = Chart.of(this);
    if (!defaultHubs.has(chart)) {
      defaultHubs.set(chart, this);
    }
    const namespace = props.namespace ?? chart.namespace;
    if (namespace === undefined) {
      throw new Error(`${this.node.path}: the hook hub needs a namespace for its EventSource and Sensor; set \`namespace\` on the chart or pass it in HookHubProps`);
    }
    this.namespace = namespace;
    checkNamespace(this.node.path, props.namespace === undefined ? 'namespace (the chart\'s)' : 'namespace', namespace);
    const isDefault = defaultHubs.get(chart) === this;
    this.name = props.name ?? toDnsLabel(isDefault ? `${chart.node.id}-hooks` : `${chart.node.id}-${id}`, 40);
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(this.name) || this.name.length > 40) {
      throw new Error(`${this.node.path}: name "${this.name}" must be a DNS label of at most 40 characters (lowercase letters, digits, "-")`);
    }
    const taken = hubNames.get(this.node.root) ?? new Set<string>();
    hubNames.set(this.node.root, taken);
    if (taken.has(`${namespace}/${this.name}`)) {
      throw new Error(`${this.node.path}: another hook hub in namespace "${namespace}" is already named "${this.name}", and their EventSources, Sensors and accounts would clash; pass a distinct \`name\``);
    }
    taken.add(`${namespace}/${this.name}`);
    this.node.addValidation({
      validate: () => (this.sensor.dependencyCount > 0 ? [] : [
        `${this.node.path}: the hook hub "${this.name}" has no hooks, and Argo Events rejects a Sensor without dependencies; add one with a ResourceWatch method such as onUpdated(…), or remove the unused ResourceWatch or HookHub`,
      ]),
    });
    this.argoEventsVersion = props.argoEventsVersion ?? ArgoEventsVersion.V1_9_0;
    this.recordEvents = props.recordEvents ?? true;
    this.ttlAfterFinished = props.ttlAfterFinished ?? DEFAULT_RUN_TTL;
    this.watchPerObject = props.watchPerObject ?? true;
    ttlSeconds(this.ttlAfterFinished, this.node.path, 'ttlAfterFinished');
    this.node.addValidation({
      validate: () => unsupportedSensorFields(this.sensor._renderSpec(), this.argoEventsVersion).map((p) => `${this.node.path}: ${p}`),
    });
    this.syncWave = props.syncWave ?? -10;
    if (!Number.isInteger(this.syncWave)) {
      throw new Error(`${this.node.path}: syncWave ${this.syncWave} must be an integer; Argo CD ignores other values`);
    }
    const infraWave = String(this.syncWave - 1);
    const bus = props.eventBus ?? HubEventBus.existing();
    checkEventBus(this, bus);
    this.eventBusName = bus.name;
    if (bus.jetStreamOptions !== undefined) {
      const o = bus.jetStreamOptions;
      this.eventBus = new EventBus(this, 'EventBus', {
        metadata: { name: bus.name, namespace, annotations: { [SYNC_WAVE]: infraWave } },
        spec: {
          jetstream: {
            version: o.version ?? '2.10.29',
            replicas: o.replicas ?? 3,
            maxPayload: o.maxPayload,
            persistence: o.volumeSize !== undefined || o.storageClassName !== undefined
              ? { volumeSize: o.volumeSize, storageClassName: o.storageClassName, accessMode: 'ReadWriteOnce' }
              : undefined,
          },
        },
      });
    }
    const account = (suffix: string): ApiObject => {
      const sa = new ApiObject(this, `${suffix}Account`, {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: `${this.name}-${suffix.toLowerCase()}`, namespace, annotations: { [SYNC_WAVE]: infraWave } },
        // The pods talk to the API server (watches, creating Jobs), so they need the token.
        automountServiceAccountToken: true,
      });
      return sa;
    };
    this.eventSourceServiceAccount = account('EventSource');
    this.sensorServiceAccount = account('Sensor');
    const wave = { [SYNC_WAVE]: String(this.syncWave) };
    // The Argo Events images need no privileges; whether they run as non-root depends on the
    // image build, so runAsNonRoot is left to the operator.
    const hardening = {
      container: { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } },
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
    };
    this.eventSource = new EventSource(this, 'EventSource', {
      metadata: { name: this.name, namespace, annotations: wave },
      spec: { eventBusName: bus.name, template: { serviceAccountName: this.eventSourceServiceAccount.name, ...hardening } },
    });
    this.sensor = new Sensor(this, 'Sensor', {
      metadata: { name: this.name, namespace, annotations: wave },
      spec: { eventBusName: bus.name, template: { serviceAccountName: this.sensorServiceAccount.name, ...hardening } },
    });
  }

  /** Number of EventSource events (informers) so far. */
  public get watchCount(): number {
    return this.watches.size + this.deletionWatches.count;
  }

  /**
   * Registers a watch of `target` for `eventTypes` and returns the EventSource event name plus the
   * Sensor data filters that single out the target on it.
   * @internal
   */
  public _watch(target: HookTarget, eventTypes: ResourceEventType[], afterStart: boolean): { eventName: string; filters: DependencyFilter } {
    if (watchesDeletions(eventTypes)) {
      // A label selector would report a relabel as a deletion (see deletion-watch.ts).
      return this.deletionWatches.watch(target, eventTypes);
    }
    let labels = target.labels;
    if (target._apiObject !== undefined) {
      // Narrow the informer server-side: label the object and select on that label, so that the
      // EventSource caches only the objects hooks care about.
      const current = target._apiObject.metadata.getLabel(HUB_LABEL);
      if (current !== undefined && current !== this.name) {
        throw new Error(`${target._origin}: this object is already watched by hook hub "${current}", and one object can carry only one hub label; pass the same \`hub\` to every ResourceWatch of it`);
      }
      target._apiObject.metadata.addLabel(HUB_LABEL, this.name);
      labels = { [HUB_LABEL]: this.name };
      if (this.watchPerObject) {
        // Unique per object; the hub's own label keeps `kubectl get -l` working across its targets.
        const id = shortHash(10, `${target.namespace ?? ''}/${target.group}/${target.kind}/${target.name}`);
        target._apiObject.metadata.addLabel(WATCH_LABEL, id);
        labels[WATCH_LABEL] = id;
      }
    }
    const namespace = target.namespace ?? '';
    const selector = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
    const key = [namespace, target.group, target.version, target.resource, JSON.stringify(selector), afterStart].join('|');
    let watch = this.watches.get(key);
    if (watch === undefined) {
      const eventName = toDnsLabel(`${target.resource}-${namespace || 'cluster'}${afterStart ? '-new' : ''}`, 50) + `-${shortHash(6, key)}`;
      const watchedTypes: ResourceEventType[] = [];
      const spec: ResourceEventSpec = {
        // Always present: the field is required, and empty means the whole cluster.
        namespace,
        group: target.group,
        version: target.version,
        resource: target.resource,
        eventTypes: watchedTypes,
        filter: selector.length > 0 || afterStart
          ? {
            // No operation: Argo Events reads an empty one as "=". Written out, "=" is a YAML 1.1
            // special scalar that PyYAML and other YAML 1.1 tools refuse to load.
            labels: selector.length > 0 ? selector.map(([k, v]) => ({ key: k, value: v })) : undefined,
            afterStart: afterStart ? true : undefined,
          }
          : undefined,
      };
      watch = { eventName, spec, eventTypes: watchedTypes };
      this.watches.set(key, watch);
      this.eventSource.addResourceEvent(eventName, spec);
      this.allow('EventSource', this.eventSourceServiceAccount, namespace,
        { namespace, group: target.group, resource: target.resource, verbs: ['get', 'list', 'watch'] });
    }
    for (const t of eventTypes) {
      if (!watch.eventTypes.includes(t)) {
        watch.eventTypes.push(t);
      }
    }
    const data = [{ path: 'type', type: 'string', value: [`^(${eventTypes.join('|')})$`] }];
    if (target.name !== undefined) {
      data.push({ path: 'body.metadata.name', type: 'string', value: [anchoredLiteral(target.name)] });
    }
    return { eventName: watch.eventName, filters: { data } };
  }

  /**
   * A dependency name derived from `preferred`, unique in this hub.
   * @internal
   */
  public _dependencyName(preferred: string, uniqueSource: string): string {
    let name = preferred.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[^A-Za-z_]+/, '').slice(0, 50) || 'hook';
    // Argo Events wires triggers to dependencies by name with every "-" read as "_", so names that
    // differ only there are one dependency to it: `worker-a` and `worker_a` must not both exist.
    const wired = (n: string): string => n.replace(/-/g, '_');
    if (this.dependencyNames.has(wired(name))) {
      name = `${name.slice(0, 43)}-${shortHash(6, uniqueSource)}`;
    }
    if (this.dependencyNames.has(wired(name))) {
      throw new Error(`${uniqueSource}: the Sensor dependency name "${name}" collides with another hook's once Argo Events reads "-" as "_"; give the watch or the hook another id`);
    }
    this.dependencyNames.add(wired(name));
    return name;
  }

  /**
   * Watches the Jobs that hooks start in `namespace` and records a `HookFailed` Warning Event when
   * one ends Failed: on its owner (the hook's target) when it has one, else on the Job. Once per
   * namespace.
   * @internal
   */
  public _watchFailedRuns(namespace: string): void {
    if (!this.recordEvents || this.failedRunWatches.has(namespace)) {
      return;
    }
    this.failedRunWatches.add(namespace);
    const target = HookTarget.fromReference({ apiVersion: 'batch/v1', kind: 'Job', namespace, labels: { [RUN_HUB_LABEL]: labelValue(this.name) } });
    const when = When.jobFailed();
    const where = `${this.node.path}/failed-jobs/${namespace}`;
    const { eventName, filters } = this._watch(target, when.eventTypes, false);
    const dependencyName = this._dependencyName(`failed-jobs-${namespace}`, where);
    const conditions = when._filters(target, this);
    this.sensor.addEventDependency({
      name: dependencyName,
      eventSourceName: this.name,
      eventName,
      filters: {
        ...conditions,
        // Only runs carry the hook label; the app's own Jobs may carry the hub label as targets.
        data: [...(filters.data ?? []), { path: `body.metadata.labels.${gjsonKey(RUN_HOOK_LABEL)}`, type: 'string', value: ['.'] }],
      },
    });
    const owner = (field: string, fallback: string): string =>
      `{{ with .Input.body.metadata.ownerReferences }}{{ (index . 0).${field} }}{{ else }}${fallback}{{ end }}`;
    const hook = `{{ index .Input.body.metadata.labels "${RUN_HOOK_LABEL}" }}`;
    const parameters = [
      ...eventTimeParameters(dependencyName),
      { src: { dependencyName, dataTemplate: owner('apiVersion', 'batch/v1'), value: 'batch/v1' }, dest: 'involvedObject.apiVersion' },
      { src: { dependencyName, dataTemplate: owner('kind', 'Job'), value: 'Job' }, dest: 'involvedObject.kind' },
      { src: { dependencyName, dataTemplate: owner('name', '{{ .Input.body.metadata.name }}'), value: '' }, dest: 'involvedObject.name' },
      { src: { dependencyName, dataTemplate: owner('uid', '{{ .Input.body.metadata.uid }}'), value: '' }, dest: 'involvedObject.uid' },
      { src: { dependencyName, dataTemplate: hook, value: '' }, dest: `metadata.labels.${sjsonKey(RUN_HOOK_LABEL)}` },
      { src: { dependencyName, dataTemplate: `Job {{ .Input.body.metadata.name }} of hook ${hook} failed`, value: 'a hook Job failed' }, dest: 'message' },
    ];
    this.sensor.addTrigger({
      template: {
        name: `${dependencyName}-event`,
        conditions: dependencyName,
        k8s: {
          operation: 'create',
          source: {
            resource: eventManifest(namespace, 'hook-job-failed-', { [RUN_HUB_LABEL]: labelValue(this.name), [RUN_HOOK_LABEL]: '' },
              { apiVersion: '', kind: '', name: '', namespace, uid: '' }, 'Warning', HOOK_FAILED_REASON),
          },
          parameters,
        },
      },
      atLeastOnce: true,
      retryStrategy: EVENT_RECORD_RETRY,
    });
    this._allowSensor({ namespace, group: '', resource: 'events', verbs: ['create'] });
  }

  /**
   * The watch of the `HookFailed` Events the hub records in `namespace`, for hooks with failure
   * triggers. Only Events created after the EventSource started count, so a restart does not
   * replay old failures.
   * @internal
   */
  public _watchFailureEvents(namespace: string): { eventName: string; filters: DependencyFilter } {
    let watch = this.failureEventWatches.get(namespace);
    if (watch === undefined) {
      const target = HookTarget.fromReference({ apiVersion: 'v1', kind: 'Event', namespace, labels: { [RUN_HUB_LABEL]: labelValue(this.name) } });
      watch = this._watch(target, [ResourceEventType.ADD], true);
      this.failureEventWatches.set(namespace, watch);
    }
    return watch;
  }

  /**
   * Grants the Sensor's account what a trigger needs.
   * @internal
   */
  public _allowSensor(permission: _Permission): void {
    this.allow('Sensor', this.sensorServiceAccount, permission.namespace, permission);
  }

  private allow(who: string, account: ApiObject, namespace: string, permission: _Permission): void {
    const roleKey = `${who}|${namespace}`;
    let role = this.roles.get(roleKey);
    if (role === undefined) {
      role = { rules: new Map() };
      this.roles.set(roleKey, role);
      this.createRole(who, account, namespace, role);
    }
    const ruleKey = `${permission.group}|${permission.resource}`;
    const rule = role.rules.get(ruleKey) ?? { group: permission.group, resource: permission.resource, verbs: new Set<string>() };
    permission.verbs.forEach((v) => rule.verbs.add(v));
    role.rules.set(ruleKey, rule);
  }

  private createRole(who: string, account: ApiObject, namespace: string, role: RoleRecord): void {
    const clusterWide = namespace === '';
    // Objects outside the hub's namespace are shared ground (two teams' hubs may both write into
    // argocd): their names carry the hub's namespace, with dots, which neither a hub name nor a
    // namespace can contain, so no other hub can produce the same name.
    const name = namespace === this.namespace
      ? `${this.name}-${who.toLowerCase()}`
      : `${this.name}.${this.namespace}.${who.toLowerCase()}`;
    const id = `${who}${clusterWide ? 'Cluster' : ''}Role-${namespace}`;
    const annotations = { [SYNC_WAVE]: String(this.syncWave - 1) };
    const rules = Lazy.any({
      produce: () => [...role.rules.values()]
        .sort((a, b) => `${a.group}/${a.resource}`.localeCompare(`${b.group}/${b.resource}`))
        .map((r) => ({ apiGroups: [r.group], resources: [r.resource], verbs: [...r.verbs].sort() })),
    });
    const metadata = clusterWide ? { name, annotations } : { name, namespace, annotations };
    new ApiObject(this, id, {
      apiVersion: RBAC_API,
      kind: clusterWide ? 'ClusterRole' : 'Role',
      metadata,
      rules,
    });
    new ApiObject(this, `${id}Binding`, {
      apiVersion: RBAC_API,
      kind: clusterWide ? 'ClusterRoleBinding' : 'RoleBinding',
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: clusterWide ? 'ClusterRole' : 'Role', name: metadata.name },
      subjects: [{ kind: 'ServiceAccount', name: account.name, namespace: this.namespace }],
    });
  }
}
