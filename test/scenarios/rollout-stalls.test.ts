import { HookTarget, ResourceWatch, Trigger } from '../../src';
import { Simulator } from 'resource-hooks/simulate';
import { namespacedChart, testJob } from '../support/charts';
import { DeploymentState, deployment, rollingUpdate, steadyDeployment } from '../support/workloads';

/**
 * One stall, one firing: a Deployment past its progress deadline keeps the Progressing condition's
 * ProgressDeadlineExceeded reason through an HPA scale or a scale to zero (which change the
 * generation), and the hook must not take the next status write for a new failure. A new rollout
 * (new template, new revision) may fail again.
 */

function simulator(): Simulator {
  const chart = namespacedChart('apps');
  const target = HookTarget.fromReference({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'apps', name: 'web' });
  new ResourceWatch(chart, 'web', { target }).onRolloutFailed('failed', {
    triggers: [Trigger.job({ job: testJob('rollback') }), Trigger.http({ url: 'https://pager.example.com/page' })],
  });
  return Simulator.fromChart(chart);
}

interface Fired {
  readonly jobs: string[];
  readonly replays: string[];
  readonly pages: number;
}

/** Feeds UPDATEs between consecutive states; collects created Job names, AlreadyExists replays and HTTP calls. */
function play(sim: Simulator, states: any[]): Fired {
  const fired: { jobs: string[]; replays: string[]; pages: number } = { jobs: [], replays: [], pages: 0 };
  for (let i = 1; i < states.length; i++) {
    for (const a of sim.emit({ type: 'UPDATE', object: states[i], oldObject: states[i - 1] }).actions as any[]) {
      if (a.object?.kind === 'Event') {
        continue;
      }
      if (a.kind === 'k8s' && a.outcome === 'created') {
        fired.jobs.push(a.object.metadata.name);
      } else if (a.kind === 'k8s') {
        fired.replays.push(a.object.metadata.name);
      } else if (a.kind === 'http') {
        fired.pages++;
      }
    }
  }
  return fired;
}

const stalled = (s: Partial<DeploymentState> & { generation: number; observedGeneration: number }): any => deployment('web', 'apps', {
  revision: 5, image: 'web:bad', replicas: 3, statusReplicas: 4, updated: 1, available: 3, reason: 'ProgressDeadlineExceeded', ...s,
});

/** A rollout to web:bad that passes its progress deadline: steady at 4, …, stuck at generation 5. */
function intoStall(): any[] {
  return [
    steadyDeployment('web', 'apps', 4, 'web:1'),
    ...rollingUpdate('web', 'apps', 4, 'web:bad').slice(0, 4),
    stalled({ generation: 5, observedGeneration: 5 }),
  ];
}

describe('onRolloutFailed during one stall', () => {
  test('the stall itself fires once: one Job, one page', () => {
    const fired = play(simulator(), intoStall());
    expect(fired.jobs).toHaveLength(1);
    expect(fired.jobs[0]).toMatch(/^web-failed-[0-9a-f]{10}$/);
    expect(fired.pages).toBe(1);
  });

  test('an HPA scale while stalled: the spec write and the next status write fire nothing', () => {
    const sim = simulator();
    const stall = intoStall();
    play(sim, stall);
    const hpa = [
      stall[stall.length - 1],
      // The HPA raises replicas: a new generation, not yet observed.
      stalled({ generation: 6, observedGeneration: 5, replicas: 5 }),
      // The controller observes it and scales both ReplicaSets; the deadline reason stays.
      stalled({ generation: 6, observedGeneration: 6, replicas: 5, statusReplicas: 6, updated: 2, available: 4 }),
      stalled({ generation: 6, observedGeneration: 6, replicas: 5, statusReplicas: 6, updated: 2, available: 5 }),
    ];
    expect(play(sim, hpa)).toEqual({ jobs: [], replays: [], pages: 0 });
  });

  test('a scale to zero while stalled, and back: no new Job, and no page until the rollout stalls again', () => {
    const sim = simulator();
    const stall = intoStall();
    play(sim, stall);
    const zero = [
      stall[stall.length - 1],
      stalled({ generation: 6, observedGeneration: 5, replicas: 0 }),
      stalled({ generation: 6, observedGeneration: 6, replicas: 0, statusReplicas: 4, updated: 1, available: 3 }),
      // Pods gone: complete at zero replicas.
      stalled({ generation: 6, observedGeneration: 6, replicas: 0, statusReplicas: 0, updated: 0, available: 0, reason: 'NewReplicaSetAvailable' }),
    ];
    expect(play(sim, zero)).toEqual({ jobs: [], replays: [], pages: 0 });
    // Scaled back up, the same broken revision makes progress (pods created), then times out again.
    const back = [
      zero[zero.length - 1],
      stalled({ generation: 7, observedGeneration: 6, replicas: 3, statusReplicas: 0, updated: 0, available: 0, reason: 'NewReplicaSetAvailable' }),
      stalled({ generation: 7, observedGeneration: 7, replicas: 3, statusReplicas: 3, updated: 3, available: 0, reason: 'ReplicaSetUpdated' }),
      stalled({ generation: 7, observedGeneration: 7, replicas: 3, statusReplicas: 3, updated: 3, available: 0 }),
    ];
    const again = play(sim, back);
    // The controller reports a second deadline for revision 5: the rollback Job is keyed on the
    // revision and exists already; the page (HTTP has no such guard) is sent again.
    expect(again.jobs).toEqual([]);
    expect(again.replays).toHaveLength(1);
    expect(again.pages).toBe(1);
  });

  test('a rollback while stalled (the revision moves, the old condition stays) fires nothing', () => {
    const sim = simulator();
    const stall = intoStall();
    play(sim, stall);
    const rollback = [
      stall[stall.length - 1],
      stalled({ generation: 6, observedGeneration: 5, image: 'web:1' }),
      // The controller reuses revision 4's ReplicaSet as revision 6, keeping the Progressing condition.
      stalled({ generation: 6, observedGeneration: 5, image: 'web:1', revision: 6 }),
      stalled({ generation: 6, observedGeneration: 6, image: 'web:1', revision: 6, statusReplicas: 4, updated: 3, available: 3, reason: 'ReplicaSetUpdated' }),
      stalled({ generation: 6, observedGeneration: 6, image: 'web:1', revision: 6, statusReplicas: 3, updated: 3, available: 3, reason: 'NewReplicaSetAvailable' }),
    ];
    expect(play(sim, rollback)).toEqual({ jobs: [], replays: [], pages: 0 });
  });

  test('a new rollout that fails again fires again, with another Job', () => {
    const sim = simulator();
    const stall = intoStall();
    const first = play(sim, stall);
    const next = [
      stall[stall.length - 1],
      stalled({ generation: 6, observedGeneration: 5, image: 'web:bad2' }),
      stalled({ generation: 6, observedGeneration: 5, image: 'web:bad2', revision: 6, reason: 'NewReplicaSetCreated' }),
      stalled({ generation: 6, observedGeneration: 6, image: 'web:bad2', revision: 6, statusReplicas: 4, updated: 1, available: 3, reason: 'ReplicaSetUpdated' }),
      stalled({ generation: 6, observedGeneration: 6, image: 'web:bad2', revision: 6, statusReplicas: 4, updated: 1, available: 3 }),
    ];
    const second = play(sim, next);
    expect(second.jobs).toHaveLength(1);
    expect(second.pages).toBe(1);
    expect(second.jobs[0]).not.toBe(first.jobs[0]);
  });
});
