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

export interface StatefulSetState {
  readonly generation: number;
  readonly observedGeneration: number;
  readonly replicas: number;
  readonly ready: number;
  readonly updated: number;
  readonly currentRevision: string;
  readonly updateRevision: string;
  /** RollingUpdate partition (the API server defaults it to 0); ignored with `onDelete`. */
  readonly partition?: number;
  /** The `OnDelete` strategy: pods move to the new revision only when deleted. */
  readonly onDelete?: boolean;
  /** Pods that exist (`status.replicas`). @default replicas */
  readonly pods?: number;
  /** Pods at the current revision (`status.currentReplicas`). @default replicas - updated */
  readonly current?: number;
  readonly image: string;
}

export function statefulSet(name: string, namespace: string, s: StatefulSetState): any {
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet',
    metadata: { name, namespace, uid: `uid-${name}`, generation: s.generation, resourceVersion: nextRv(), labels: HUB_LABEL },
    spec: {
      replicas: s.replicas,
      // The API server defaults the partition to 0, and refuses rollingUpdate with OnDelete.
      updateStrategy: s.onDelete ? { type: 'OnDelete' } : { type: 'RollingUpdate', rollingUpdate: { partition: s.partition ?? 0 } },
      template: { spec: { containers: [{ name: 'main', image: s.image }] } },
    },
    status: {
      observedGeneration: s.observedGeneration, replicas: s.pods ?? s.replicas, readyReplicas: s.ready, updatedReplicas: s.updated,
      currentReplicas: s.current ?? (s.currentRevision === s.updateRevision ? s.replicas : s.replicas - s.updated),
      currentRevision: s.currentRevision, updateRevision: s.updateRevision, availableReplicas: s.ready, collisionCount: 0,
    },
  };
}

/**
 * The writes of a StatefulSet update from generation `from` to `from + 1`, as the controller makes
 * them (OrderedReady): it observes the new generation and records the update revision, then for
 * each ordinal from the highest down to the partition deletes the pod, recreates it at the new
 * revision (counted as updated before it is ready) and waits for it to be ready. With a partition
 * of 0 the last write also moves `currentRevision` (the rolling update is complete); above 0 it
 * never moves. With `onDelete` the controller replaces nothing: the user deletes the pods, one
 * at a time, and `currentRevision` stays behind.
 */
export function statefulSetUpdate(name: string, namespace: string, from: number, options: { replicas?: number; partition?: number; onDelete?: boolean } = {}): any[] {
  const replicas = options.replicas ?? 3;
  const partition = options.onDelete ? 0 : (options.partition ?? 0);
  const to = from + 1;
  const [oldRev, newRev] = [`${name}-rev${from}`, `${name}-rev${to}`];
  const base = { replicas, partition, onDelete: options.onDelete, generation: to, image: `${name}:${to}` };
  const states: StatefulSetState[] = [
    // The spec change itself: the status still reports the last rollout.
    { ...base, observedGeneration: from, ready: replicas, updated: replicas, currentRevision: oldRev, updateRevision: oldRev },
    // Observed: a new update revision, no pod on it yet.
    { ...base, observedGeneration: to, ready: replicas, updated: 0, currentRevision: oldRev, updateRevision: newRev },
  ];
  let updated = 0;
  for (let ordinal = replicas - 1; ordinal >= partition; ordinal--) {
    // The pod is deleted, recreated at the new revision (updated, not ready), then ready.
    states.push({ ...base, observedGeneration: to, ready: replicas - 1, pods: replicas - 1, updated, currentRevision: oldRev, updateRevision: newRev });
    updated++;
    states.push({ ...base, observedGeneration: to, ready: replicas - 1, updated, currentRevision: oldRev, updateRevision: newRev });
    const done = updated === replicas && !options.onDelete;
    states.push({ ...base, observedGeneration: to, ready: replicas, updated, currentRevision: done ? newRev : oldRev, updateRevision: newRev });
  }
  return states.map((s) => statefulSet(name, namespace, s));
}

export interface DaemonSetState {
  readonly generation: number;
  readonly observedGeneration: number;
  readonly desired: number;
  readonly updated: number;
  readonly available: number;
  /** Pods scheduled (`status.currentNumberScheduled`). @default desired */
  readonly scheduled?: number;
  readonly onDelete?: boolean;
  readonly image: string;
}

export function daemonSet(name: string, namespace: string, s: DaemonSetState): any {
  return {
    apiVersion: 'apps/v1', kind: 'DaemonSet',
    metadata: { name, namespace, uid: `uid-${name}`, generation: s.generation, resourceVersion: nextRv(), labels: HUB_LABEL },
    spec: {
      updateStrategy: s.onDelete ? { type: 'OnDelete' } : { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      template: { spec: { containers: [{ name: 'main', image: s.image }] } },
    },
    status: {
      observedGeneration: s.observedGeneration, desiredNumberScheduled: s.desired, currentNumberScheduled: s.scheduled ?? s.desired,
      updatedNumberScheduled: s.updated, numberAvailable: s.available, numberReady: s.available, numberMisscheduled: 0,
      ...(s.available < s.desired ? { numberUnavailable: s.desired - s.available } : {}),
    },
  };
}

/**
 * The writes of a DaemonSet update on `nodes` nodes from generation `from` to `from + 1` with
 * maxUnavailable 1: the controller observes the generation, then node by node deletes the old pod,
 * creates the new one (updated, not yet available) and sees it become available. With `onDelete`
 * it only observes the generation: pods are replaced when someone deletes them.
 */
export function daemonSetUpdate(name: string, namespace: string, from: number, options: { nodes?: number; onDelete?: boolean } = {}): any[] {
  const nodes = options.nodes ?? 3;
  const to = from + 1;
  const base = { desired: nodes, generation: to, onDelete: options.onDelete, image: `${name}:${to}` };
  const states: DaemonSetState[] = [
    { ...base, observedGeneration: from, updated: nodes, available: nodes },
    { ...base, observedGeneration: to, updated: 0, available: nodes },
  ];
  for (let updated = 1; updated <= nodes && !options.onDelete; updated++) {
    states.push({ ...base, observedGeneration: to, updated: updated - 1, available: nodes - 1, scheduled: nodes - 1 });
    states.push({ ...base, observedGeneration: to, updated, available: nodes - 1 });
    states.push({ ...base, observedGeneration: to, updated, available: nodes });
  }
  return states.map((s) => daemonSet(name, namespace, s));
}

/**
 * A node joins and one leaves a steady DaemonSet at `generation` on `nodes` nodes: the new node's
 * pod is created at the current template (updated, not yet available); the leaving node's pod is
 * gone with it. No generation changes.
 */
export function daemonSetNodeChurn(name: string, namespace: string, generation: number, nodes = 3): any[] {
  const base = { generation, observedGeneration: generation, image: `${name}:${generation}` };
  return [
    { ...base, desired: nodes, updated: nodes, available: nodes },
    { ...base, desired: nodes + 1, updated: nodes, available: nodes, scheduled: nodes },
    { ...base, desired: nodes + 1, updated: nodes + 1, available: nodes },
    { ...base, desired: nodes + 1, updated: nodes + 1, available: nodes + 1 },
    { ...base, desired: nodes, updated: nodes, available: nodes },
  ].map((s) => daemonSet(name, namespace, s));
}

export function job(name: string, namespace: string, conditions: { type: string; status: string }[], active = 0): any {
  return {
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: { name, namespace, uid: `uid-${name}`, generation: 1, resourceVersion: nextRv(), labels: HUB_LABEL },
    spec: { template: { spec: { containers: [{ name: 'main', image: 'busybox' }], restartPolicy: 'Never' } } },
    status: { active, conditions },
  };
}

/**
 * The status writes of a Job (batch/v1, Kubernetes 1.31 and later) from its first status to its
 * outcome: `succeeded` (SuccessCriteriaMet, then Complete), `failed` (a pod fails, is retried,
 * fails again: FailureTarget, then Failed with BackoffLimitExceeded), or `suspended` (created
 * suspended, resumed, then succeeds: `Suspended` turns False and stays). Finished pods pass
 * through `uncountedTerminatedPods` before they are counted, as the controller tracks them with
 * finalizers. A label edit after the outcome ends each sequence.
 */
export function jobRun(name: string, namespace: string, outcome: 'succeeded' | 'failed' | 'suspended'): any[] {
  const at = (minute: number): string => `2026-11-22T10:0${minute}:00Z`;
  const c = (type: string, status: string, reason: string, minute: number): any =>
    ({ type, status, reason, message: reason, lastProbeTime: at(minute), lastTransitionTime: at(minute) });
  const running = { startTime: at(1), ready: 0, terminating: 0, uncountedTerminatedPods: {} };
  const statuses: any[] = [];
  let before: any[] = [];
  if (outcome === 'suspended') {
    statuses.push({ ready: 0, terminating: 0, uncountedTerminatedPods: {}, conditions: [c('Suspended', 'True', 'JobSuspended', 0)] });
    before = [c('Suspended', 'False', 'JobResumed', 1)];
  }
  const withConditions = (status: any, conditions: any[]): any => (conditions.length > 0 ? { ...status, conditions } : status);
  statuses.push(withConditions({ ...running, active: 1 }, before));
  statuses.push(withConditions({ ...running, active: 1, ready: 1 }, before));
  if (outcome === 'failed') {
    const failing = [...before, c('FailureTarget', 'True', 'BackoffLimitExceeded', 3)];
    statuses.push(withConditions({ ...running, uncountedTerminatedPods: { failed: ['uid-pod-1'] } }, before));
    statuses.push(withConditions({ ...running, active: 1, failed: 1 }, before));
    statuses.push(withConditions({ ...running, active: 1, ready: 1, failed: 1 }, before));
    statuses.push(withConditions({ ...running, failed: 1, uncountedTerminatedPods: { failed: ['uid-pod-2'] } }, before));
    statuses.push({ ...running, failed: 2, conditions: failing });
    statuses.push({ ...running, failed: 2, conditions: [...failing, c('Failed', 'True', 'BackoffLimitExceeded', 3)] });
  } else {
    const met = [...before, c('SuccessCriteriaMet', 'True', 'CompletionsReached', 2)];
    statuses.push(withConditions({ ...running, uncountedTerminatedPods: { succeeded: ['uid-pod-1'] } }, before));
    statuses.push({ ...running, succeeded: 1, conditions: met });
    statuses.push({ ...running, succeeded: 1, completionTime: at(2), conditions: [...met, c('Complete', 'True', 'CompletionsReached', 2)] });
  }
  const states = statuses.map((status, i) => {
    const j = job(name, namespace, []);
    return { ...j, spec: { ...j.spec, suspend: outcome === 'suspended' && i === 0 }, status };
  });
  const last = states[states.length - 1];
  states.push({ ...last, metadata: { ...last.metadata, resourceVersion: nextRv(), labels: { ...last.metadata.labels, audited: 'yes' } } });
  return states;
}

/**
 * The conditions of a Pod as the kubelet writes them while it starts, with one readiness gate
 * (`gate`, e.g. a load balancer's `cloud.google.com/load-balancer-neg-ready`), which another
 * controller sets once the Pod serves traffic: the containers become ready first, the Pod only
 * when the gate is True; then a container crashes and recovers.
 */
export function podStartup(name: string, namespace: string, gate: string): any[] {
  const c = (type: string, status: string): any => ({ type, status, lastProbeTime: null, lastTransitionTime: '2026-11-22T10:00:00Z' });
  const steps: any[][] = [
    [c('PodScheduled', 'True')],
    [c('PodReadyToStartContainers', 'False'), c('Initialized', 'True'), c('Ready', 'False'), c('ContainersReady', 'False'), c('PodScheduled', 'True')],
    [c('PodReadyToStartContainers', 'True'), c('Initialized', 'True'), c('Ready', 'False'), c('ContainersReady', 'False'), c('PodScheduled', 'True')],
    [c('PodReadyToStartContainers', 'True'), c('Initialized', 'True'), c('Ready', 'False'), c('ContainersReady', 'True'), c('PodScheduled', 'True')],
    [c(gate, 'False'), c('PodReadyToStartContainers', 'True'), c('Initialized', 'True'), c('Ready', 'False'), c('ContainersReady', 'True'), c('PodScheduled', 'True')],
    [c(gate, 'True'), c('PodReadyToStartContainers', 'True'), c('Initialized', 'True'), c('Ready', 'True'), c('ContainersReady', 'True'), c('PodScheduled', 'True')],
    [c(gate, 'True'), c('PodReadyToStartContainers', 'True'), c('Initialized', 'True'), c('Ready', 'False'), c('ContainersReady', 'False'), c('PodScheduled', 'True')],
    [c(gate, 'True'), c('PodReadyToStartContainers', 'True'), c('Initialized', 'True'), c('Ready', 'True'), c('ContainersReady', 'True'), c('PodScheduled', 'True')],
  ];
  return steps.map((conditions, i) => ({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace, uid: `uid-${name}`, resourceVersion: nextRv(), labels: HUB_LABEL },
    spec: { readinessGates: [{ conditionType: gate }], containers: [{ name: 'main', image: 'web:1' }] },
    status: { phase: i < 2 ? 'Pending' : 'Running', conditions },
  }));
}

/**
 * A cert-manager Certificate issued, renewed, and failing a renewal, as cert-manager writes its
 * `Ready` and `Issuing` conditions.
 */
export function certificateLifecycle(name: string, namespace: string): any[] {
  const c = (type: string, status: string, reason: string): any => ({ type, status, reason, message: reason, lastTransitionTime: '2026-11-22T10:00:00Z', observedGeneration: 1 });
  const steps: any[] = [
    undefined,
    { conditions: [c('Ready', 'False', 'DoesNotExist'), c('Issuing', 'True', 'DoesNotExist')] },
    { conditions: [c('Ready', 'True', 'Ready')], notAfter: '2027-02-20T10:00:00Z', revision: 1 },
    { conditions: [c('Ready', 'True', 'Ready'), c('Issuing', 'True', 'Renewing')], notAfter: '2027-02-20T10:00:00Z', revision: 1 },
    { conditions: [c('Ready', 'True', 'Ready')], notAfter: '2027-04-20T10:00:00Z', revision: 2 },
    { conditions: [c('Ready', 'True', 'Ready'), c('Issuing', 'True', 'Renewing')], notAfter: '2027-04-20T10:00:00Z', revision: 2 },
    { conditions: [c('Ready', 'False', 'Failed'), c('Issuing', 'False', 'Failed')], notAfter: '2027-04-20T10:00:00Z', revision: 2, failedIssuanceAttempts: 1 },
    { conditions: [c('Ready', 'True', 'Ready')], notAfter: '2027-06-20T10:00:00Z', revision: 3 },
  ];
  return steps.map((status) => ({
    apiVersion: 'cert-manager.io/v1', kind: 'Certificate',
    metadata: { name, namespace, uid: `uid-${name}`, generation: 1, resourceVersion: nextRv(), labels: HUB_LABEL },
    spec: { secretName: `${name}-tls`, dnsNames: ['web.example.com'], issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' } },
    ...(status !== undefined ? { status } : {}),
  }));
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
