import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';

/** A chart with a namespace, as hooks need one. */
export function namespacedChart(namespace = 'apps'): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}

/** Synthesized objects of `chart` with the given kind. */
export function objectsOfKind(chart: Chart, kind: string): any[] {
  return Testing.synth(chart).filter((o: any) => o.kind === kind);
}

/** The one object of `kind` in `chart`; fails when there is not exactly one. */
export function onlyOfKind(chart: Chart, kind: string): any {
  const found = objectsOfKind(chart, kind);
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${kind}, found ${found.length}`);
  }
  return found[0];
}

/**
 * A cdk8s-plus Job to pass to `Trigger.job`, made in a chart of its own without a namespace (the
 * trigger takes it out of its tree and runs it in the hub's namespace unless told otherwise).
 */
export function testJob(image = 'busybox'): kplus.Job {
  return new kplus.Job(new Chart(Testing.app(), 'jobs'), 'job', { containers: [{ image }] });
}
