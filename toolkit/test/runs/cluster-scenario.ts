import { Listing } from '../../src/runs/cluster-reader';
import { Snapshot } from '../../src/runs/report';
import { FakeKubeApi, ServedResource } from '../watch/fake-kube-api';

/** The moment the in-process tests run at. */
export const NOW = new Date('2026-11-22T10:30:00Z');

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** What a cluster holds, by resource (tests change it freely). */
export interface Scenario {
  namespaces: any[];
  jobs: any[];
  workflows: any[];
  events: any[];
  pods: any[];
  sensors: any[];
  eventSources: any[];
  eventBuses: any[];
}

export const RESOURCES: Readonly<Record<keyof Scenario, ServedResource>> = {
  namespaces: { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace', namespaced: false },
  jobs: { group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job' },
  workflows: { group: 'argoproj.io', version: 'v1alpha1', resource: 'workflows', kind: 'Workflow' },
  events: { group: '', version: 'v1', resource: 'events', kind: 'Event' },
  pods: { group: '', version: 'v1', resource: 'pods', kind: 'Pod' },
  sensors: { group: 'argoproj.io', version: 'v1alpha1', resource: 'sensors', kind: 'Sensor' },
  eventSources: { group: 'argoproj.io', version: 'v1alpha1', resource: 'eventsources', kind: 'EventSource' },
  eventBuses: { group: 'argoproj.io', version: 'v1alpha1', resource: 'eventbus', kind: 'EventBus' },
};

/** Serves every resource of `scenario` on `api`, but those in `except` (the server then answers 404 for them). */
export function serveScenario(api: FakeKubeApi, scenario: Scenario, except: readonly (keyof Scenario)[] = []): void {
  for (const key of Object.keys(RESOURCES) as (keyof Scenario)[]) {
    if (!except.includes(key)) {
      api.serve(RESOURCES[key], scenario[key]);
    }
  }
}

/** A target of a hook, as the runs record it. */
export interface Target {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
}

export const WEB: Target = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'web', name: 'web', uid: '6c1f0d0e-4b8e-4f3a-9d52-0b8f3e1c2a10' };
export const TEAM_B_SETTINGS: Target = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'team-b', name: 'team-b-settings', uid: '9a4b6c8d-2e1f-4a3b-8c5d-6e7f8a9b0c1d' };

let resourceVersion = 81000;
const nextRv = (): string => String(++resourceVersion);

export type JobState =
  | { readonly phase: 'running'; readonly started: number }
  | { readonly phase: 'succeeded'; readonly started: number; readonly took: number }
  | { readonly phase: 'failed'; readonly started: number; readonly took: number; readonly failedPods: number };

export interface JobSpec {
  readonly name: string;
  readonly hub: string;
  readonly hook: string;
  readonly trigger: string;
  /** When the trigger ran (ms). */
  readonly fired: number;
  readonly change: string;
  /** The Job runs in the target's namespace and is owned by the target. */
  readonly target: Target;
  readonly state: JobState;
}

/** A Job as a hub's k8s trigger creates it and the Job controller reports it. */
export function hookJob(spec: JobSpec): any {
  const uid = `job-${spec.name}`;
  const { state } = spec;
  const base = {
    startTime: iso(state.started),
    terminating: 0,
    uncountedTerminatedPods: {},
  };
  let status: any;
  switch (state.phase) {
    case 'running':
      status = { ...base, active: 1, ready: 1 };
      break;
    case 'succeeded': {
      const end = iso(state.started + state.took);
      status = {
        ...base,
        ready: 0,
        succeeded: 1,
        completionTime: end,
        conditions: [
          { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: end, lastTransitionTime: end },
          { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: end, lastTransitionTime: end },
        ],
      };
      break;
    }
    case 'failed': {
      const end = iso(state.started + state.took);
      status = {
        ...base,
        ready: 0,
        failed: state.failedPods,
        conditions: [
          { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastProbeTime: end, lastTransitionTime: end },
          { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastProbeTime: end, lastTransitionTime: end },
        ],
      };
      break;
    }
  }
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: spec.name,
      namespace: spec.target.namespace,
      uid,
      resourceVersion: nextRv(),
      generation: 1,
      creationTimestamp: iso(spec.fired),
      labels: {
        'events.argoproj.io/sensor': spec.hub,
        'events.argoproj.io/trigger': spec.trigger,
        'events.argoproj.io/action-timestamp': String(spec.fired),
        'resource-hooks.cdk8s.io/hub': spec.hub,
        'resource-hooks.cdk8s.io/hook': spec.hook,
        'resource-hooks.cdk8s.io/target-uid': spec.target.uid,
        'batch.kubernetes.io/controller-uid': uid,
        'batch.kubernetes.io/job-name': spec.name,
        'controller-uid': uid,
        'job-name': spec.name,
      },
      annotations: {
        'resource-hooks.cdk8s.io/target': `${spec.target.apiVersion} ${spec.target.kind} ${spec.target.namespace}/${spec.target.name}`,
        'resource-hooks.cdk8s.io/change': spec.change,
      },
      ownerReferences: [{ apiVersion: spec.target.apiVersion, kind: spec.target.kind, name: spec.target.name, uid: spec.target.uid }],
    },
    spec: {
      backoffLimit: 3,
      completionMode: 'NonIndexed',
      completions: 1,
      parallelism: 1,
      manualSelector: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      suspend: false,
      ttlSecondsAfterFinished: 86400,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
      template: {
        metadata: { labels: { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': spec.name } },
        spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'ghcr.io/acme/smoke-test:2.0.0' }] },
      },
    },
    status,
  };
}

export interface EventSpec {
  readonly hub: string;
  readonly hook: string;
  readonly type: 'Normal' | 'Warning';
  readonly reason: 'HookTriggered' | 'HookFailed';
  readonly target: Target;
  readonly message: string;
  readonly first: number;
  readonly last?: number;
  readonly count?: number;
}

let eventSequence = 0;

/** A core v1 Event as a hub records it on the target. */
export function hookEvent(spec: EventSpec): any {
  const last = spec.last ?? spec.first;
  eventSequence++;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${spec.target.name}.18a7c2f1e3b4${eventSequence.toString(16).padStart(4, '0')}`,
      namespace: spec.target.namespace,
      uid: `event-${eventSequence}`,
      resourceVersion: nextRv(),
      creationTimestamp: iso(spec.first),
      labels: { 'resource-hooks.cdk8s.io/hub': spec.hub, 'resource-hooks.cdk8s.io/hook': spec.hook },
    },
    involvedObject: { apiVersion: spec.target.apiVersion, kind: spec.target.kind, namespace: spec.target.namespace, name: spec.target.name, uid: spec.target.uid },
    type: spec.type,
    reason: spec.reason,
    message: spec.message,
    source: { component: 'resource-hooks' },
    reportingComponent: 'resource-hooks',
    reportingInstance: '',
    firstTimestamp: iso(spec.first),
    lastTimestamp: iso(last),
    count: spec.count ?? 1,
    eventTime: null,
  };
}

interface PodSpec {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly started: number;
  /** Restarts of the main container; with `crashing` it is in CrashLoopBackOff. */
  readonly restarts?: number;
  readonly crashing?: boolean;
}

/** A pod of the Argo Events controller, Running and ready, or in CrashLoopBackOff. */
export function controllerPod(spec: PodSpec): any {
  const ready = spec.crashing !== true;
  const since = iso(spec.started);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: spec.name, namespace: spec.namespace, uid: `pod-${spec.name}`, resourceVersion: nextRv(), creationTimestamp: since, labels: spec.labels },
    spec: { containers: [{ name: 'main', image: 'quay.io/argoproj/argo-events:v1.9.11' }] },
    status: {
      phase: 'Running',
      startTime: since,
      conditions: [
        { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: since },
        { type: 'Initialized', status: 'True', lastTransitionTime: since },
        { type: 'Ready', status: ready ? 'True' : 'False', ...(ready ? {} : { reason: 'ContainersNotReady', message: 'containers with unready status: [main]' }), lastTransitionTime: since },
        { type: 'ContainersReady', status: ready ? 'True' : 'False', lastTransitionTime: since },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: since },
      ],
      containerStatuses: [{
        name: 'main',
        image: 'quay.io/argoproj/argo-events:v1.9.11',
        ready,
        started: ready,
        restartCount: spec.restarts ?? 0,
        state: ready
          ? { running: { startedAt: since } }
          : { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=main pod=${spec.name}` } },
        ...(spec.restarts ? { lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: since, finishedAt: since } } } : {}),
      }],
    },
  };
}

export function sensorPod(namespace: string, sensor: string, hash: string, started: number, crash?: { restarts: number }): any {
  return controllerPod({
    name: `${sensor}-sensor-${hash}`,
    namespace,
    labels: { controller: 'sensor-controller', 'sensor-name': sensor, 'owner-name': sensor, 'pod-template-hash': hash.split('-')[0] },
    started,
    ...(crash ? { crashing: true, restarts: crash.restarts } : {}),
  });
}

export function eventSourcePod(namespace: string, eventSource: string, hash: string, started: number): any {
  return controllerPod({
    name: `${eventSource}-eventsource-${hash}`,
    namespace,
    labels: { controller: 'eventsource-controller', 'eventsource-name': eventSource, 'owner-name': eventSource, 'pod-template-hash': hash.split('-')[0] },
    started,
  });
}

function jetStreamPods(namespace: string, bus: string, started: number): any[] {
  return [0, 1, 2].map((i) => controllerPod({
    name: `eventbus-${bus}-js-${i}`,
    namespace,
    labels: { controller: 'eventbus-controller', 'eventbus-name': bus, 'owner-name': bus, 'statefulset.kubernetes.io/pod-name': `eventbus-${bus}-js-${i}` },
    started,
  }));
}

export function condition(type: string, status = 'True', reason?: string, message?: string): any {
  return { type, status, lastTransitionTime: '2026-11-01T08:00:00Z', ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
}

/**
 * A hub's Sensor as cdk8s-resource-hooks writes it (as in the example app's dist/): one dependency
 * per hook on the hub's EventSource, one trigger per action whose condition names its hook.
 */
function hubSensor(namespace: string, name: string, hooks: readonly { hook: string; trigger: string; kind: 'k8s' | 'http' }[]): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Sensor',
    metadata: { name, namespace, uid: `sensor-${name}`, resourceVersion: nextRv(), annotations: { 'argocd.argoproj.io/sync-wave': '-10' } },
    spec: {
      eventBusName: 'default',
      template: { serviceAccountName: `${name}-sensor` },
      dependencies: hooks.map((h) => ({ name: h.hook, eventSourceName: name, eventName: `watch-${h.hook}` })),
      triggers: hooks.map((h) => ({
        atLeastOnce: true,
        retryStrategy: { duration: '1s', factor: 2, jitter: 0.1, steps: 5 },
        template: {
          name: h.trigger,
          conditions: h.hook,
          ...(h.kind === 'k8s'
            ? { k8s: { operation: 'create', source: { resource: { apiVersion: 'batch/v1', kind: 'Job' } } } }
            : { http: { url: 'https://api.fastly.com/service/abc123/purge_all', method: 'POST' } }),
        },
      })),
    },
    status: { conditions: SENSOR_CONDITIONS },
  };
}

/** A hub's EventSource: one resource event per watched resource. */
function hubEventSource(namespace: string, name: string, resources: readonly { event: string; group: string; resource: string; namespace: string }[]): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'EventSource',
    metadata: { name, namespace, uid: `eventsource-${name}`, resourceVersion: nextRv(), annotations: { 'argocd.argoproj.io/sync-wave': '-10' } },
    spec: {
      eventBusName: 'default',
      template: { serviceAccountName: `${name}-eventsource` },
      resource: Object.fromEntries(resources.map((r) => [r.event, {
        group: r.group, version: 'v1', resource: r.resource, namespace: r.namespace, eventTypes: ['UPDATE'],
        filter: { labels: [{ key: 'resource-hooks.cdk8s.io/hub', operation: '=', value: name }] },
      }])),
    },
    status: { conditions: EVENTSOURCE_CONDITIONS },
  };
}

export function jetStreamBus(namespace: string, conditions: any[]): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'EventBus',
    metadata: { name: 'default', namespace, uid: `eventbus-${namespace}`, resourceVersion: nextRv() },
    spec: { jetstream: { version: '2.10.29', replicas: 3 } },
    status: { conditions, config: { jetstream: { url: `nats://eventbus-default-js-svc.${namespace}.svc:4222` } } },
  };
}

export const SENSOR_CONDITIONS = [condition('Deployed'), condition('DependenciesProvided'), condition('TriggersProvided')];
export const EVENTSOURCE_CONDITIONS = [condition('Deployed'), condition('SourcesProvided')];
export const BUS_CONDITIONS = [condition('Configured'), condition('Deployed', 'True', 'Succeeded', 'JetStream is deployed')];

/**
 * A plain Argo Events pipeline in namespace `ci`, written by hand: an EventSource `github`, a
 * Sensor `build-on-push` whose trigger `build` submits a Workflow, on an exotic (external)
 * JetStream bus. Its runs carry Argo Events' labels only.
 */
function handWritten(now: number): Pick<Scenario, 'sensors' | 'eventSources' | 'eventBuses' | 'workflows' | 'pods'> {
  const workflow = (name: string, fired: number, phase: 'Running' | 'Succeeded', startDelay: number, took?: number): any => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      name,
      generateName: 'build-',
      namespace: 'ci',
      uid: `wf-${name}`,
      resourceVersion: nextRv(),
      creationTimestamp: iso(fired),
      labels: {
        'events.argoproj.io/sensor': 'build-on-push',
        'events.argoproj.io/trigger': 'build',
        'events.argoproj.io/action-timestamp': String(fired),
        'workflows.argoproj.io/phase': phase,
        ...(phase === 'Succeeded' ? { 'workflows.argoproj.io/completed': 'true' } : {}),
      },
    },
    spec: { workflowTemplateRef: { name: 'build' } },
    status: {
      phase,
      startedAt: iso(fired + startDelay),
      finishedAt: took !== undefined ? iso(fired + startDelay + took) : null,
      progress: phase === 'Succeeded' ? '3/3' : '1/3',
    },
  });
  return {
    sensors: [{
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Sensor',
      metadata: { name: 'build-on-push', namespace: 'ci', uid: 'sensor-build-on-push', resourceVersion: nextRv() },
      spec: {
        eventBusName: 'external',
        dependencies: [{ name: 'push', eventSourceName: 'github', eventName: 'acme-web' }],
        triggers: [{ template: { name: 'build', conditions: 'push', argoWorkflow: { operation: 'submit', source: { resource: {} } } } }],
      },
      status: { conditions: SENSOR_CONDITIONS },
    }],
    eventSources: [{
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'EventSource',
      metadata: { name: 'github', namespace: 'ci', uid: 'eventsource-github', resourceVersion: nextRv() },
      spec: { eventBusName: 'external', github: { 'acme-web': { repositories: [{ owner: 'acme', names: ['web'] }], webhook: { endpoint: '/push', port: '12000' } } } },
      status: { conditions: EVENTSOURCE_CONDITIONS },
    }],
    eventBuses: [{
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'EventBus',
      metadata: { name: 'external', namespace: 'ci', uid: 'eventbus-external', resourceVersion: nextRv() },
      spec: { jetstreamExotic: { url: 'nats://nats.messaging.svc:4222', streamConfig: '' } },
      status: { conditions: [condition('Configured'), condition('Deployed', 'True', 'Skipped', 'Skip deployment because of using exotic config.')] },
    }],
    workflows: [
      // Runs still going started half a minute after their trigger: their durations print in whole
      // minutes for 30 s (the process tests run against the real clock).
      workflow('build-x7k2p', now - 14 * MINUTE, 'Running', 30_000),
      workflow('build-m4q8d', now - 5 * HOUR, 'Succeeded', 1000, 6 * MINUTE + 12_000),
    ],
    pods: [
      sensorPod('ci', 'build-on-push', '5d8f7c9b4-q7wzt', now - 30 * 24 * HOUR),
      eventSourcePod('ci', 'github', '6b9c8d7f5-k2m4p', now - 30 * 24 * HOUR),
    ],
  };
}

/**
 * A cluster at `at` with the example app's two hubs (as in dist/) and a hand-written Sensor:
 * - `web/web-hooks`: its Sensor pod is in CrashLoopBackOff. The smoke test ran four times (running,
 *   failed with its backoff limit reached, succeeded 20 h ago, succeeded 3 days ago); the CDN purge
 *   (an HTTP trigger, so no Job) was called once and then failed for good, twice.
 * - `team-a/team-a-hooks`: healthy; its team-b hook ran a Job in namespace team-b.
 * - `ci/build-on-push`: see {@link handWritten}.
 */
export function scenario(at: Date = NOW): Scenario {
  // Names and resourceVersions are the same in every scenario.
  resourceVersion = 81000;
  eventSequence = 0;
  const now = at.getTime();
  const ci = handWritten(now);
  const smoke = { hub: 'web-hooks', hook: 'web-watch-smoke-test', trigger: 'web-watch-smoke-test-job', target: WEB };
  const purge = { hub: 'web-hooks', hook: 'web-watch-purge-cdn', target: WEB };
  const failedAt = now - 2 * HOUR - 10 * MINUTE;
  return {
    namespaces: ['argocd', 'ci', 'default', 'kube-system', 'team-a', 'team-b', 'web'].map((name) => ({
      apiVersion: 'v1', kind: 'Namespace', metadata: { name, uid: `ns-${name}`, resourceVersion: nextRv() }, status: { phase: 'Active' },
    })),
    jobs: [
      hookJob({ ...smoke, name: 'web-watch-smoke-test-3f2a9c1e0b', fired: now - 12 * MINUTE, change: 'generation 7',
        state: { phase: 'running', started: now - 12 * MINUTE + 30_000 } }),
      hookJob({ ...smoke, name: 'web-watch-smoke-test-0c1d2e3f4a', fired: failedAt, change: 'generation 6',
        state: { phase: 'failed', started: failedAt + 1000, took: 4 * MINUTE + 31_000, failedPods: 4 } }),
      hookJob({ ...smoke, name: 'web-watch-smoke-test-9a8b7c6d5e', fired: now - 20 * HOUR, change: 'generation 5',
        state: { phase: 'succeeded', started: now - 20 * HOUR + 1000, took: 41_000 } }),
      hookJob({ ...smoke, name: 'web-watch-smoke-test-77aa01bc2d', fired: now - 3 * 24 * HOUR, change: 'generation 4',
        state: { phase: 'succeeded', started: now - 3 * 24 * HOUR + 1000, took: 38_000 } }),
      hookJob({ hub: 'team-a-hooks', hook: 'team-b-watch-apply-settings', trigger: 'team-b-watch-apply-settings-job', target: TEAM_B_SETTINGS,
        name: 'team-b-watch-apply-settings-5e6f7a8b9c', fired: now - 45 * MINUTE, change: 'resourceVersion 81234',
        state: { phase: 'succeeded', started: now - 45 * MINUTE + 1000, took: 9000 } }),
    ],
    workflows: ci.workflows,
    events: [
      hookEvent({ ...smoke, type: 'Normal', reason: 'HookTriggered', first: now - 12 * MINUTE,
        message: 'hook web-watch-smoke-test (generation 7): trigger web-watch-smoke-test-job created Job web/web-watch-smoke-test-3f2a9c1e0b' }),
      hookEvent({ ...smoke, type: 'Normal', reason: 'HookTriggered', first: failedAt,
        message: 'hook web-watch-smoke-test (generation 6): trigger web-watch-smoke-test-job created Job web/web-watch-smoke-test-0c1d2e3f4a' }),
      hookEvent({ ...smoke, type: 'Warning', reason: 'HookFailed', first: failedAt + 4 * MINUTE + 32_000,
        message: 'hook web-watch-smoke-test: Job web/web-watch-smoke-test-0c1d2e3f4a failed: BackoffLimitExceeded' }),
      hookEvent({ ...purge, type: 'Normal', reason: 'HookTriggered', first: now - 3 * HOUR,
        message: 'hook web-watch-purge-cdn (generation 6): trigger web-watch-purge-cdn-http called POST https://api.fastly.com/service/abc123/purge_all' }),
      hookEvent({ ...purge, type: 'Warning', reason: 'HookFailed', first: now - 13 * MINUTE, last: now - 11 * MINUTE, count: 2,
        message: 'hook web-watch-purge-cdn (generation 7): trigger web-watch-purge-cdn-http failed after 5 attempts: '
          + 'POST https://api.fastly.com/service/abc123/purge_all answered 503 Service Unavailable' }),
      hookEvent({ hub: 'team-a-hooks', hook: 'team-b-watch-apply-settings', type: 'Normal', reason: 'HookTriggered', target: TEAM_B_SETTINGS,
        first: now - 45 * MINUTE, message: 'hook team-b-watch-apply-settings (resourceVersion 81234): trigger team-b-watch-apply-settings-job '
          + 'created Job team-b/team-b-watch-apply-settings-5e6f7a8b9c' }),
      // The Deployment controller's Event on the same Deployment: no hook labels.
      {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'web.18a7c2f1e3b4ffff', namespace: 'web', creationTimestamp: iso(now - 5 * MINUTE) },
        involvedObject: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'web', name: 'web', uid: WEB.uid },
        type: 'Normal',
        reason: 'ScalingReplicaSet',
        message: 'Scaled up replica set web-7d4b9c to 3',
        source: { component: 'deployment-controller' },
        firstTimestamp: iso(now - 5 * MINUTE),
        lastTimestamp: iso(now - 5 * MINUTE),
        count: 1,
      },
    ],
    pods: [
      eventSourcePod('web', 'web-hooks', '7b8c9d6f4-h5j6k', now - 6 * 24 * HOUR),
      sensorPod('web', 'web-hooks', '7c9d8b6f5-x2kqp', now - 40 * MINUTE, { restarts: 7 }),
      ...jetStreamPods('web', 'default', now - 20 * 24 * HOUR),
      eventSourcePod('team-a', 'team-a-hooks', '5f6a7b8c9-p3r4s', now - 2 * 24 * HOUR),
      sensorPod('team-a', 'team-a-hooks', '6a7b8c9d0-t5v6w', now - 2 * 24 * HOUR),
      ...jetStreamPods('team-a', 'default', now - 20 * 24 * HOUR),
      ...ci.pods,
      // A workload pod: not Argo Events'.
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-7d4b9c-abcde', namespace: 'web', labels: { app: 'web' } }, status: { phase: 'Running' } },
    ],
    sensors: [
      hubSensor('web', 'web-hooks', [
        { hook: 'web-watch-purge-cdn', trigger: 'web-watch-purge-cdn-http', kind: 'http' },
        { hook: 'web-watch-smoke-test', trigger: 'web-watch-smoke-test-job', kind: 'k8s' },
      ]),
      hubSensor('team-a', 'team-a-hooks', [
        { hook: 'settings-watch-apply-settings', trigger: 'settings-watch-apply-settings-job', kind: 'k8s' },
        { hook: 'team-b-watch-apply-settings', trigger: 'team-b-watch-apply-settings-job', kind: 'k8s' },
      ]),
      ...ci.sensors,
    ],
    eventSources: [
      hubEventSource('web', 'web-hooks', [{ event: 'deployments-web-eb8bf0', group: 'apps', resource: 'deployments', namespace: 'web' }]),
      hubEventSource('team-a', 'team-a-hooks', [
        { event: 'configmaps-team-a-77eb02', group: '', resource: 'configmaps', namespace: 'team-a' },
        { event: 'configmaps-team-b-5c1d9e', group: '', resource: 'configmaps', namespace: 'team-b' },
      ]),
      ...ci.eventSources,
    ],
    eventBuses: [jetStreamBus('web', BUS_CONDITIONS), jetStreamBus('team-a', BUS_CONDITIONS), ...ci.eventBuses],
  };
}

/** Objects of one kind as the cluster reader returns them; `unreadable` namespaces were refused. */
export function listing(items: readonly any[], unreadable: readonly string[] = []): Listing {
  return { items, readable: (namespace) => !unreadable.includes(namespace) };
}

/** A cluster's objects as the report reads them, everything readable. */
export function snapshotOf(cluster: Scenario): Snapshot {
  return {
    jobs: listing(cluster.jobs),
    workflows: listing(cluster.workflows),
    events: listing(cluster.events),
    sensors: listing(cluster.sensors),
    eventSources: listing(cluster.eventSources),
    eventBuses: listing(cluster.eventBuses),
    pods: listing(cluster.pods),
    unreadable: [],
  };
}
