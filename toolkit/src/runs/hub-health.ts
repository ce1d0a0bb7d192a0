import { KubeObject } from '../engine/cluster';
import {
  CONTROLLER_LABEL, EVENTBUS_CONTROLLER, EVENTBUS_NAME_LABEL, EVENTSOURCE_CONTROLLER, EVENTSOURCE_NAME_LABEL,
  SENSOR_CONTROLLER, SENSOR_NAME_LABEL,
} from './labels';
import { isObject, metadataOf, nameOf, text } from './json-fields';

/** One entry of an Argo Events object's `status.conditions`. */
export interface ConditionState {
  readonly type: string;
  /** `True`, `False` or `Unknown`. */
  readonly status: string;
  readonly reason: string | null;
  readonly message: string | null;
}

/** A pod the Argo Events controller runs for an EventSource, a Sensor or an EventBus. */
export interface PodState {
  readonly name: string;
  /** `status.phase`: `Pending`, `Running`, … */
  readonly phase: string;
  /** The pod's `Ready` condition is True. */
  readonly ready: boolean;
  /** Container restarts, summed over its containers. */
  readonly restarts: number;
  /** Why a container is not running (`CrashLoopBackOff`, `ImagePullBackOff`, `Error` …); null when all run. */
  readonly reason: string | null;
}

export type ComponentKind = 'EventSource' | 'Sensor' | 'EventBus';

/** An EventSource, Sensor or EventBus of a hub, and its pods. */
export interface ComponentHealth {
  readonly kind: ComponentKind;
  readonly name: string;
  /** False when the object does not exist in the hub namespace; null when it could not be read. */
  readonly found: boolean | null;
  readonly conditions: readonly ConditionState[];
  /** False for an EventBus that runs outside the cluster (exotic JetStream, Kafka): it has no pods. */
  readonly podsExpected: boolean;
  /** Null when the pods could not be read, or none are expected. */
  readonly pods: readonly PodState[] | null;
  /** Found, every condition True, and every pod (at least one, where pods are expected) ready. */
  readonly ready: boolean;
}

/** How a hub is doing: its EventSources, Sensor and EventBus. */
export interface HubHealth {
  /** True when every component is ready; null when none failed but some could not be read. */
  readonly healthy: boolean | null;
  /** What is wrong, one sentence each. */
  readonly problems: readonly string[];
  readonly components: readonly ComponentHealth[];
}

/** What was read in the hub namespace; `undefined` where the list was refused. */
export interface HubObjects {
  readonly namespace: string;
  readonly name: string;
  readonly sensor: KubeObject | undefined;
  readonly sensorsRead: boolean;
  readonly eventSources: readonly KubeObject[] | undefined;
  readonly eventBuses: readonly KubeObject[] | undefined;
  readonly pods: readonly KubeObject[] | undefined;
}

function specOf(object: KubeObject | undefined): Record<string, unknown> {
  return object && isObject(object.spec) ? object.spec : {};
}

function conditionsOf(object: KubeObject): ConditionState[] {
  const status = isObject(object.status) ? object.status : {};
  const conditions = Array.isArray(status.conditions) ? status.conditions.filter(isObject) : [];
  return conditions.map((c) => ({
    type: text(c.type),
    status: text(c.status) || 'Unknown',
    reason: text(c.reason) || null,
    message: text(c.message) || null,
  }));
}

/** Reads a pod's readiness, restarts and the reason a container is not running. */
export function podState(pod: KubeObject): PodState {
  const status = isObject(pod.status) ? pod.status : {};
  const conditions = Array.isArray(status.conditions) ? status.conditions.filter(isObject) : [];
  const containers = [
    ...(Array.isArray(status.initContainerStatuses) ? status.initContainerStatuses : []),
    ...(Array.isArray(status.containerStatuses) ? status.containerStatuses : []),
  ].filter(isObject);
  let reason: string | null = null;
  for (const c of containers) {
    const state = isObject(c.state) ? c.state : {};
    const waiting = isObject(state.waiting) ? text(state.waiting.reason) : '';
    const terminated = isObject(state.terminated) ? text(state.terminated.reason) : '';
    // A finished init container is terminated with reason Completed: that is no problem.
    if (waiting !== '' || (terminated !== '' && terminated !== 'Completed')) {
      reason = waiting || terminated;
      break;
    }
  }
  const phase = text(status.phase) || 'Unknown';
  return {
    name: nameOf(pod),
    phase,
    ready: conditions.some((c) => c.type === 'Ready' && c.status === 'True'),
    restarts: containers.reduce((sum, c) => sum + (typeof c.restartCount === 'number' ? c.restartCount : 0), 0),
    reason: reason ?? (phase !== 'Running' && phase !== 'Succeeded' ? phase : null),
  };
}

const POD_LABELS: Readonly<Record<ComponentKind, readonly [string, string]>> = {
  EventSource: [EVENTSOURCE_CONTROLLER, EVENTSOURCE_NAME_LABEL],
  Sensor: [SENSOR_CONTROLLER, SENSOR_NAME_LABEL],
  EventBus: [EVENTBUS_CONTROLLER, EVENTBUS_NAME_LABEL],
};

/** `controller=sensor-controller,sensor-name=<name>`: how the controller labels the pods of a component. */
export function podSelector(kind: ComponentKind, name: string): string {
  const [controller, nameLabel] = POD_LABELS[kind];
  return `${CONTROLLER_LABEL}=${controller},${nameLabel}=${name}`;
}

function podsOf(kind: ComponentKind, name: string, pods: readonly KubeObject[]): PodState[] {
  const [controller, nameLabel] = POD_LABELS[kind];
  return pods
    .filter((p) => {
      const labels = isObject(metadataOf(p).labels) ? metadataOf(p).labels as Record<string, unknown> : {};
      return labels[CONTROLLER_LABEL] === controller && labels[nameLabel] === name;
    })
    .map(podState)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A native (JetStream or NATS Streaming) EventBus runs pods in the namespace; exotic and Kafka buses do not. */
function busRunsPods(bus: KubeObject): boolean {
  const spec = specOf(bus);
  return spec.jetstream !== undefined || spec.nats !== undefined && isObject(spec.nats) && spec.nats.native !== undefined;
}

interface Assessment {
  readonly component: ComponentHealth;
  readonly problems: string[];
  readonly unknown: boolean;
}

function assess(kind: ComponentKind, name: string, namespace: string, object: KubeObject | undefined, listed: boolean,
  podObjects: readonly KubeObject[] | undefined): Assessment {
  const label = `${kind} ${name}`;
  if (!listed) {
    return { component: { kind, name, found: null, conditions: [], podsExpected: true, pods: null, ready: false }, problems: [], unknown: true };
  }
  if (!object) {
    return {
      component: { kind, name, found: false, conditions: [], podsExpected: true, pods: null, ready: false },
      problems: [`${label} not found in namespace ${namespace}`],
      unknown: false,
    };
  }
  const problems: string[] = [];
  const conditions = conditionsOf(object);
  if (conditions.length === 0) {
    problems.push(`${label} has no status conditions yet (is the Argo Events controller running?)`);
  }
  for (const c of conditions.filter((x) => x.status !== 'True')) {
    const why = [c.reason, c.message].filter((x) => x !== null).join(': ');
    problems.push(`${label}: ${c.type} is ${c.status}${why !== '' ? ` (${why})` : ''}`);
  }
  const expectsPods = kind !== 'EventBus' || busRunsPods(object);
  const pods = expectsPods && podObjects !== undefined ? podsOf(kind, name, podObjects) : null;
  if (pods !== null) {
    if (pods.length === 0) {
      problems.push(`${label} has no pod (none labelled ${podSelector(kind, name)})`);
    }
    for (const pod of pods.filter((p) => !p.ready)) {
      const details = [pod.reason, pod.restarts > 0 ? `${pod.restarts} restart${pod.restarts === 1 ? '' : 's'}` : null].filter((x) => x !== null);
      problems.push(`${kind} pod ${pod.name} is not ready${details.length > 0 ? `: ${details.join(', ')}` : ''}`);
    }
  }
  const ready = problems.length === 0;
  return {
    component: { kind, name, found: true, conditions, podsExpected: expectsPods, pods, ready: ready && (pods !== null || !expectsPods) },
    problems,
    unknown: expectsPods && pods === null,
  };
}

/** The EventSources a hub reads from: those its Sensor's dependencies name, else the EventSource of the hub's name. */
export function eventSourceNamesOf(hubName: string, sensor: KubeObject | undefined): string[] {
  const dependencies = Array.isArray(specOf(sensor).dependencies) ? (specOf(sensor).dependencies as unknown[]).filter(isObject) : [];
  const names = [...new Set(dependencies.map((d) => text(d.eventSourceName)).filter((n) => n !== ''))];
  return names.length > 0 ? names : [hubName];
}

/**
 * The health of a hub: each EventSource its Sensor reads from, the Sensor, and the EventBus they
 * use (`spec.eventBusName`, default `default`), with their conditions and pods.
 */
export function hubHealth(hub: HubObjects): HubHealth {
  const findIn = (objects: readonly KubeObject[] | undefined, name: string): KubeObject | undefined => objects?.find((o) => nameOf(o) === name);
  const eventSourceNames = eventSourceNamesOf(hub.name, hub.sensor);
  const eventSources = eventSourceNames.map((n) => findIn(hub.eventSources, n));
  const busNames = [...new Set([hub.sensor, ...eventSources].filter((o) => o !== undefined)
    .map((o) => text(specOf(o).eventBusName) || 'default'))];
  if (busNames.length === 0) {
    busNames.push('default');
  }
  const assessments = [
    ...eventSourceNames.map((n, i) => assess('EventSource', n, hub.namespace, eventSources[i], hub.eventSources !== undefined, hub.pods)),
    assess('Sensor', hub.name, hub.namespace, hub.sensor, hub.sensorsRead, hub.pods),
    ...busNames.map((n) => assess('EventBus', n, hub.namespace, findIn(hub.eventBuses, n), hub.eventBuses !== undefined, hub.pods)),
  ];
  const problems = assessments.flatMap((a) => a.problems);
  return {
    healthy: problems.length > 0 ? false : assessments.some((a) => a.unknown) ? null : true,
    problems,
    components: assessments.map((a) => a.component),
  };
}
