/**
 * Argo CD Applications as the application controller writes them during sync operations, write by
 * write: the operation running, its result, the status churn of later reconciliations. Consecutive
 * states are the old and new objects of the UPDATE events a resource EventSource reports.
 */

/** One entry of `status.operationState.syncResult.resources`, as Argo CD writes it. */
export interface SyncResultEntry {
  readonly group?: string;
  readonly version?: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly status: string;
  readonly message?: string;
  readonly hookType?: string;
  readonly hookPhase?: string;
  readonly syncPhase?: string;
}

/** One sync operation: when it started and finished, what it applied, how it ended. */
export interface SyncOperation {
  readonly revision: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly phase: 'Succeeded' | 'Failed' | 'Error';
  readonly resources: readonly SyncResultEntry[];
}

let resourceVersion = 5000;

function application(name: string, status: Record<string, unknown>): any {
  resourceVersion += 1;
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Application',
    metadata: { name, namespace: 'argocd', uid: `uid-app-${name}`, generation: 12, resourceVersion: String(resourceVersion) },
    spec: { project: 'default', source: { repoURL: 'https://git.example.com/teams.git', path: 'apps', targetRevision: 'main' } },
    status,
  };
}

/**
 * The writes of `operations` run one after the other on Application `name`: each operation is
 * reported running (the previous result gone, then the hooks and resources applied so far), then
 * finished, then followed by reconciliations that touch only `reconciledAt` and health.
 */
export function syncOperations(name: string, operations: readonly SyncOperation[]): any[] {
  const writes: any[] = [application(name, { sync: { status: 'Synced' }, health: { status: 'Healthy' }, reconciledAt: '2026-11-22T09:00:00Z' })];
  for (const op of operations) {
    const operation = { sync: { revision: op.revision, prune: true }, initiatedBy: { automated: true }, retry: { limit: 5 } };
    const running = { operation, phase: 'Running', message: 'waiting for completion of hook batch/Job/pre-migrate', startedAt: op.startedAt };
    const base = { sync: { status: 'OutOfSync', revision: op.revision }, health: { status: 'Progressing' }, reconciledAt: op.startedAt };
    writes.push(application(name, { ...base, operationState: running }));
    // A partial result while the operation runs: hooks done so far, resources still Running.
    writes.push(application(name, {
      ...base,
      operationState: { ...running, syncResult: { revision: op.revision, resources: op.resources.slice(0, 1).map((r) => ({ ...r, hookPhase: 'Running' })) } },
    }));
    const finished = {
      operation, phase: op.phase, startedAt: op.startedAt, finishedAt: op.finishedAt,
      message: op.phase === 'Succeeded' ? 'successfully synced (all tasks run)' : 'one or more objects failed to apply',
      syncResult: { revision: op.revision, source: { repoURL: 'https://git.example.com/teams.git', path: 'apps' }, resources: op.resources },
    };
    const settled = { sync: { status: op.phase === 'Succeeded' ? 'Synced' : 'OutOfSync', revision: op.revision }, operationState: finished };
    writes.push(application(name, { ...settled, health: { status: 'Progressing' }, reconciledAt: op.finishedAt }));
    writes.push(application(name, { ...settled, health: { status: 'Healthy', lastTransitionTime: op.finishedAt }, reconciledAt: op.finishedAt }));
    writes.push(application(name, { ...settled, health: { status: 'Healthy', lastTransitionTime: op.finishedAt }, reconciledAt: `${op.finishedAt.slice(0, -1)}.5Z` }));
  }
  return writes;
}

/** A sync result entry of a core-group object: Argo CD omits the empty `group`. */
export function coreEntry(kind: string, namespace: string | undefined, name: string, message: string, extra: Partial<SyncResultEntry> = {}): SyncResultEntry {
  return { version: 'v1', kind, ...(namespace !== undefined ? { namespace } : {}), name, status: 'Synced', message, hookPhase: 'Running', syncPhase: 'Sync', ...extra };
}

/** A sync result entry of an object of API group `group`. */
export function groupEntry(group: string, kind: string, namespace: string | undefined, name: string, message: string, extra: Partial<SyncResultEntry> = {}): SyncResultEntry {
  return { group, version: 'v1', kind, ...(namespace !== undefined ? { namespace } : {}), name, status: 'Synced', message, hookPhase: 'Running', syncPhase: 'Sync', ...extra };
}

/** A hook Job's entry: `hookType` set, its phase and message those of the Job. */
export function hookEntry(hookType: string, namespace: string, name: string, hookPhase = 'Succeeded'): SyncResultEntry {
  return {
    group: 'batch', version: 'v1', kind: 'Job', namespace, name, status: 'Synced', hookType, hookPhase, syncPhase: hookType,
    message: hookPhase === 'Succeeded' ? 'Reached expected number of succeeded pods' : 'Job has reached the specified backoff limit',
  };
}
