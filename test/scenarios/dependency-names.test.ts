import { HookTarget, ResourceWatch, Trigger } from '../../src';
import { Simulator } from 'resource-hooks/simulate';
import { namespacedChart, testJob } from '../support/charts';
import { rollingUpdate, steadyDeployment } from '../support/workloads';

/**
 * Argo Events wires triggers to dependencies by name with every "-" read as "_", so watches
 * `worker-watch` and `worker_watch` would otherwise share one dependency: one rollout would run
 * both hooks' triggers and the other none. Each must run exactly its own.
 */
describe('watches whose ids differ only in "-" and "_"', () => {
  function simulator(): Simulator {
    const chart = namespacedChart('apps');
    for (const [id, name] of [['worker-watch', 'worker-a'], ['worker_watch', 'worker-b']]) {
      const target = HookTarget.fromReference({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'apps', name });
      new ResourceWatch(chart, id, { target }).onRolloutComplete('notify', { triggers: [Trigger.job({ job: testJob(`notify-${name}`) })] });
    }
    return Simulator.fromChart(chart);
  }

  /** The Jobs a complete rollout of `name` creates: trigger, Job name and image. */
  function rollout(sim: Simulator, name: string): string[] {
    const states = [steadyDeployment(name, 'apps', 1, `${name}:1`), ...rollingUpdate(name, 'apps', 1, `${name}:2`)];
    const created: string[] = [];
    for (let i = 1; i < states.length; i++) {
      for (const a of sim.emit({ type: 'UPDATE', object: states[i], oldObject: states[i - 1] }).actions as any[]) {
        expect(a.failed).toBe(false);
        if (a.object.kind === 'Event') {
          continue;
        }
        created.push(`${a.trigger} ${a.object.metadata.name} ${a.object.spec.template.spec.containers[0].image}`);
      }
    }
    return created;
  }

  test('each rollout runs exactly its own hook\'s trigger, with a rendered Job name', () => {
    const sim = simulator();
    const a = rollout(sim, 'worker-a');
    const b = rollout(sim, 'worker-b');
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(1);
    expect(a[0]).toMatch(/^worker-watch-notify-job worker-watch-notify-[0-9a-f]{10} notify-worker-a$/);
    expect(b[0]).toMatch(/^worker_watch-notify-[0-9a-f]{6}-job worker-watch-notify-[0-9a-f]{6}-[0-9a-f]{10} notify-worker-b$/);
  });
});
