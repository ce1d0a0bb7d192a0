import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { HookTarget, ResourceWatch, Trigger } from '../../src';
import { Simulator } from 'resource-hooks/simulate';
import { namespacedChart, testJob } from '../support/charts';

/**
 * A cleanup Job must run only when the object is really deleted. A watch with a label selector
 * reports an object whose label stops matching as DELETE, with the object's previous content, so
 * relabelling looks exactly like a deletion to it; deletion hooks therefore watch without one.
 * Each relabel is emitted as the change it is (an UPDATE of the object), whichever way the watch
 * reports it.
 */

const HUB_LABEL = 'resource-hooks.cdk8s.io/hub';

function createdJobs(result: { actions: readonly any[] }): string[] {
  return result.actions.filter((a) => a.kind === 'k8s' && a.outcome === 'created' && a.object.kind === 'Job').map((a) => a.trigger);
}

describe('onDeleted on an object of the app', () => {
  function setup(): { sim: Simulator; live: (rv: number, labels?: Record<string, string>) => any } {
    const chart = namespacedChart('shop');
    const web = new kplus.Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ image: 'ghcr.io/acme/web:1' }] });
    const watch = new ResourceWatch(chart, 'web-watch', { target: HookTarget.fromConstruct(web) });
    watch.onDeleted('cleanup', { triggers: [Trigger.job({ job: testJob('cleanup') })] });
    // A label-selected hook on the same object, so that it carries the hub label.
    watch.onSpecChange('notify', { triggers: [Trigger.log()] });
    const synthesized = Testing.synth(chart).find((o: any) => o.kind === 'Deployment');
    expect(synthesized.metadata.labels[HUB_LABEL]).toBe('test-hooks');
    const live = (rv: number, labels: Record<string, string> = synthesized.metadata.labels): any => ({
      ...synthesized,
      metadata: { ...synthesized.metadata, labels, uid: 'uid-web', generation: 3, resourceVersion: String(rv) },
    });
    return { sim: Simulator.fromChart(chart), live };
  }

  test('removing the hub label from the live object runs no cleanup', () => {
    const { sim, live } = setup();
    const withLabel = live(100);
    const { [HUB_LABEL]: _removed, ...rest } = withLabel.metadata.labels;
    expect(createdJobs(sim.emit({ type: 'UPDATE', oldObject: withLabel, object: live(101, rest) }))).toEqual([]);
  });

  test('changing the hub label (the object moved to another hub) runs no cleanup', () => {
    const { sim, live } = setup();
    const before = live(100);
    const after = live(101, { ...before.metadata.labels, [HUB_LABEL]: 'other-hooks' });
    expect(createdJobs(sim.emit({ type: 'UPDATE', oldObject: before, object: after }))).toEqual([]);
  });

  test('the real deletion runs the cleanup once, also after a relabel', () => {
    const { sim, live } = setup();
    const before = live(100);
    const relabelled = live(101, { app: 'web' });
    expect(createdJobs(sim.emit({ type: 'UPDATE', oldObject: before, object: relabelled }))).toEqual([]);
    expect(createdJobs(sim.emit({ type: 'DELETE', object: relabelled }))).toEqual(['web-watch-cleanup-job']);
    // A redelivered deletion names the same Job.
    const replay: any = sim.emit({ type: 'DELETE', object: relabelled }).actions.find((a: any) => a.object?.kind === 'Job');
    expect(replay.outcome).toBe('already-exists');
  });

  test('deleting another Deployment of the namespace runs nothing', () => {
    const { sim, live } = setup();
    const other = { ...live(200), metadata: { ...live(200).metadata, name: 'api', uid: 'uid-api' } };
    expect(sim.emit({ type: 'DELETE', object: other }).actions).toEqual([]);
  });
});

describe('onDeleted on a label-selected reference', () => {
  function simulator(): Simulator {
    const chart = namespacedChart('hooks');
    const target = HookTarget.fromReference({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'team-b', labels: { team: 'b' } });
    new ResourceWatch(chart, 'team-b', { target }).onDeleted('gone', { triggers: [Trigger.job({ job: testJob('cleanup') })] });
    return Simulator.fromChart(chart);
  }
  const configMap = (name: string, team: string, rv: number): any => ({
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name, namespace: 'team-b', uid: `uid-${name}`, resourceVersion: String(rv), labels: { team } },
    data: { a: 'b' },
  });

  test('an object relabelled out of the set runs nothing; one deleted while in it runs the Job', () => {
    const sim = simulator();
    expect(createdJobs(sim.emit({ type: 'UPDATE', oldObject: configMap('settings', 'b', 1), object: configMap('settings', 'c', 2) }))).toEqual([]);
    expect(createdJobs(sim.emit({ type: 'DELETE', object: configMap('settings', 'c', 2) }))).toEqual([]);
    expect(createdJobs(sim.emit({ type: 'DELETE', object: configMap('flags', 'b', 3) }))).toEqual(['team-b-gone-job']);
  });
});
