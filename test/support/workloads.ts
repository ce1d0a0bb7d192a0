/**
 * Object states as the Kubernetes controllers write them, step by step, for scenario tests.
 * Each builder returns the object after one API write; consecutive states are what a resource
 * EventSource reports as UPDATE events (old, new).
 */

let rv = 1000;
/** A fresh resourceVersion, as every write gets. */
function nextRv(): string {
  rv += 1;
  return String(rv);
}

export interface DeploymentState {
  readonly generation: number;
  readonly observedGeneration: number;
  readonly revision: number;
  readonly image: string;
  readonly replicas: number;
  readonly statusReplicas: number;
  readonly updated: number;
  readonly available: number;
  readonly reason: string;
  readonly paused?: boolean;
}

const HUB_LABEL = { 'resource-hooks.cdk8s.io/hub': 'test-hooks' };

export function deployment(name: string, namespace: string, s: DeploymentState): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name, namespace, uid: `uid-${name}`, generation: s.generation, resourceVersion: nextRv(), labels: HUB_LABEL,
      annotations: { 'deployment.kubernetes.io/revision': String(s.revision) },
      managedFields: [{ manager: 'kube-controller-manager', operation: 'Update', subresource: 'status', time: '2026-11-22T10:00:00Z' }],
    },
    spec: {
      replicas: s.replicas, paused: s.paused,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image: s.image }] } },
    },
    status: {
      observedGeneration: s.observedGeneration, replicas: s.statusReplicas, updatedReplicas: s.updated,
      readyReplicas: s.available, availableReplicas: s.available,
      conditions: [
        { type: 'Available', status: s.available >= s.replicas - 1 ? 'True' : 'False', reason: 'MinimumReplicasAvailable' },
        { type: 'Progressing', status: s.reason === 'ProgressDeadlineExceeded' ? 'False' : 'True', reason: s.reason },
      ],
    },
  };
}

/**
 * The writes of a rolling update of `replicas` pods with maxSurge 1 / maxUnavailable 0, from a
 * steady state at generation `from` to a steady state at generation `from + 1`.
 */
export function rollingUpdate(name: string, namespace: string, from: number, image: string, replicas = 3): any[] {
  const to = from + 1;
  const base = { replicas, image, generation: to };
  const states: DeploymentState[] = [
    // The spec change itself: the controller has not seen it yet.
    { ...base, observedGeneration: from, revision: from, statusReplicas: replicas, updated: replicas, available: replicas, reason: 'NewReplicaSetAvailable' },
    // The controller creates the new ReplicaSet and records the revision (a metadata write)…
    { ...base, observedGeneration: from, revision: to, statusReplicas: replicas, updated: replicas, available: replicas, reason: 'NewReplicaSetAvailable' },
    // …then observes the generation and starts surging.
    { ...base, observedGeneration: to, revision: to, statusReplicas: replicas + 1, updated: 1, available: replicas, reason: 'ReplicaSetUpdated' },
  ];
  for (let updated = 1; updated <= replicas; updated++) {
    // A new pod becomes available, an old one is scaled down, the next new one surges.
    states.push({ ...base, observedGeneration: to, revision: to, statusReplicas: replicas + 1, updated, available: replicas + 1, reason: 'ReplicaSetUpdated' });
    if (updated < replicas) {
      states.push({ ...base, observedGeneration: to, revision: to, statusReplicas: replicas + 1, updated: updated + 1, available: replicas, reason: 'ReplicaSetUpdated' });
    }
  }
  // The last old pod is terminating, then gone: complete.
  states.push({ ...base, observedGeneration: to, revision: to, statusReplicas: replicas + 1, updated: replicas, available: replicas, reason: 'ReplicaSetUpdated' });
  states.push({ ...base, observedGeneration: to, revision: to, statusReplicas: replicas, updated: replicas, available: replicas, reason: 'NewReplicaSetAvailable' });
  return states.map((s) => deployment(name, namespace, s));
}

/** A steady Deployment at `generation`. */
export function steadyDeployment(name: string, namespace: string, generation: number, image: string, replicas = 3): any {
  return deployment(name, namespace, {
    generation, observedGeneration: generation, revision: generation, image, replicas,
    statusReplicas: replicas, updated: replicas, available: replicas, reason: 'NewReplicaSetAvailable',
  });
}

/** The same object with new status fields and a new resourceVersion (status-only churn). */
export function withStatus(object: any, status: Record<string, unknown>): any {
  return {
    ...object,
    metadata: { ...object.metadata, resourceVersion: nextRv() },
    status: { ...object.status, ...status },
  };
}

export function statefulSet(name: string, namespace: string, s: {
  generation: number; observedGeneration: number; replicas: number; ready: number; updated: number;
  currentRevision: string; updateRevision: string; partition?: number; image: string;
}): any {
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet',
    metadata: { name, namespace, uid: `uid-${name}`, generation: s.generation, resourceVersion: nextRv(), labels: HUB_LABEL },
    spec: {
      replicas: s.replicas,
      // The API server defaults the partition to 0.
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: s.partition ?? 0 } },
      template: { spec: { containers: [{ name: 'main', image: s.image }] } },
    },
    status: {
      observedGeneration: s.observedGeneration, replicas: s.replicas, readyReplicas: s.ready, updatedReplicas: s.updated,
      currentRevision: s.currentRevision, updateRevision: s.updateRevision, availableReplicas: s.ready,
    },
  };
}

export function daemonSet(name: string, namespace: string, s: {
  generation: number; observedGeneration: number; desired: number; updated: number; available: number; image: string;
}): any {
  return {
    apiVersion: 'apps/v1', kind: 'DaemonSet',
    metadata: { name, namespace, uid: `uid-${name}`, generation: s.generation, resourceVersion: nextRv(), labels: HUB_LABEL },
    spec: { updateStrategy: { type: 'RollingUpdate' }, template: { spec: { containers: [{ name: 'main', image: s.image }] } } },
    status: {
      observedGeneration: s.observedGeneration, desiredNumberScheduled: s.desired, currentNumberScheduled: s.desired,
      updatedNumberScheduled: s.updated, numberAvailable: s.available, numberReady: s.available,
    },
  };
}

export function job(name: string, namespace: string, conditions: { type: string; status: string }[], active = 0): any {
  return {
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: { name, namespace, uid: `uid-${name}`, generation: 1, resourceVersion: nextRv(), labels: HUB_LABEL },
    spec: { template: { spec: { containers: [{ name: 'main', image: 'busybox' }], restartPolicy: 'Never' } } },
    status: { active, conditions },
  };
}

export interface SyncedResource {
  readonly group?: string; readonly kind: string; readonly namespace: string; readonly name: string;
  readonly status: string; readonly message?: string; readonly hookType?: string;
}

/** An Argo CD Application whose last operation is in `phase`, finished at `finishedAt`. */
export function application(name: string, phase: string, finishedAt: string | undefined, resources: SyncedResource[], revision = 'abc1234'): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Application',
    metadata: { name, namespace: 'argocd', uid: `uid-app-${name}`, generation: 7, resourceVersion: nextRv() },
    spec: { project: 'default' },
    status: {
      sync: { status: 'Synced', revision },
      operationState: {
        phase, startedAt: '2026-11-22T10:00:00Z', finishedAt,
        syncResult: { revision, resources: resources.map((r) => ({ group: '', version: 'v1', syncPhase: 'Sync', hookPhase: 'Running', ...r })) },
      },
    },
  };
}
