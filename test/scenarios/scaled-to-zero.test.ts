import { HookTarget, ResourceWatch, Trigger } from '../../src';
import { Simulator } from 'resource-hooks/simulate';
import { namespacedChart, testJob } from '../support/charts';
import { DeploymentState, deployment } from '../support/workloads';

/**
 * `onRolloutComplete({ includeScaledToZero: true })` on a Deployment at zero replicas: a rollout
 * to a new template and a rollback to an earlier ReplicaSet each fire once; scaling and other spec
 * changes do not. A rollback at zero moves only the revision, in a write of its own: the
 * controller reuses the old ReplicaSet without reporting progress and has no pod to move.
 */

function simulator(includeScaledToZero: boolean): Simulator {
  const chart = namespacedChart('apps');
  const target = HookTarget.fromReference({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'apps', name: 'web' });
  new ResourceWatch(chart, 'web', { target }).onRolloutComplete('done', { triggers: [Trigger.job({ job: testJob('smoke') })], includeScaledToZero });
  return Simulator.fromChart(chart);
}

function createdJobs(sim: Simulator, states: any[]): string[] {
  const created: string[] = [];
  for (let i = 1; i < states.length; i++) {
    created.push(...(sim.emit({ type: 'UPDATE', object: states[i], oldObject: states[i - 1] }).actions as any[])
      .filter((a) => a.kind === 'k8s' && a.outcome === 'created' && a.object.kind === 'Job')
      .map((a) => a.object.metadata.name));
  }
  return created;
}

/** A Deployment at zero replicas with no pods left; its last rollout finished. */
const atZero = (s: Partial<DeploymentState> & { generation: number; observedGeneration: number; revision: number }): any => deployment('web', 'apps', {
  image: 'web:2', replicas: 0, statusReplicas: 0, updated: 0, available: 0, reason: 'NewReplicaSetAvailable', ...s,
});

const steady = atZero({ generation: 7, observedGeneration: 7, revision: 5 });

/** `kubectl rollout undo` at zero replicas: back to revision 4's template, which becomes revision 6. */
const rollback = [
  steady,
  atZero({ generation: 8, observedGeneration: 7, revision: 5, image: 'web:1' }),
  atZero({ generation: 8, observedGeneration: 7, revision: 6, image: 'web:1' }),
  atZero({ generation: 8, observedGeneration: 8, revision: 6, image: 'web:1' }),
];

/** A new image at zero replicas: a new ReplicaSet, reported as NewReplicaSetCreated. */
const newTemplate = [
  steady,
  atZero({ generation: 8, observedGeneration: 7, revision: 5, image: 'web:3' }),
  atZero({ generation: 8, observedGeneration: 7, revision: 6, image: 'web:3', reason: 'NewReplicaSetCreated' }),
  atZero({ generation: 8, observedGeneration: 8, revision: 6, image: 'web:3' }),
];

describe('includeScaledToZero', () => {
  test('a rollback at zero replicas fires once', () => {
    expect(createdJobs(simulator(true), rollback)).toHaveLength(1);
  });

  test('a new template at zero replicas fires once', () => {
    expect(createdJobs(simulator(true), newTemplate)).toHaveLength(1);
  });

  test('replayed writes of a rollback start no second Job', () => {
    const sim = simulator(true);
    expect(createdJobs(sim, rollback)).toHaveLength(1);
    expect(createdJobs(sim, rollback)).toEqual([]);
  });

  test('without includeScaledToZero, neither fires', () => {
    expect(createdJobs(simulator(false), rollback)).toEqual([]);
    expect(createdJobs(simulator(false), newTemplate)).toEqual([]);
  });

  test('other spec changes at zero, and the scale to zero itself, fire nothing', () => {
    const sim = simulator(true);
    // progressDeadlineSeconds or strategy edited: a new generation, the same revision.
    expect(createdJobs(sim, [steady, atZero({ generation: 8, observedGeneration: 7, revision: 5 }), atZero({ generation: 8, observedGeneration: 8, revision: 5 })])).toEqual([]);
    const running = deployment('web', 'apps', { generation: 9, observedGeneration: 9, revision: 5, image: 'web:2', replicas: 3, statusReplicas: 3, updated: 3, available: 3, reason: 'NewReplicaSetAvailable' });
    expect(createdJobs(sim, [
      running,
      atZero({ generation: 10, observedGeneration: 9, revision: 5, statusReplicas: 3, updated: 3, available: 3 }),
      atZero({ generation: 10, observedGeneration: 10, revision: 5, statusReplicas: 3, updated: 3, available: 3 }),
      atZero({ generation: 10, observedGeneration: 10, revision: 5 }),
    ])).toEqual([]);
  });
});
