import { Chart, Testing } from 'cdk8s';

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
