/**
 * What one change of one object costs the real Sensor, modelled from the synthesized manifests:
 * the simulator's trace says which EventSource events publish the change and which dependencies
 * (and how many triggers on each) evaluate it; each evaluation costs what Argo Events' own filter
 * code measured per filter kind (Go, one core, a 5.5 KB Deployment status update):
 *
 *   Lua `script` ≈ 820–950 µs (modelled 885), `exprs` ≈ 14 µs for one expression on two fields
 *   (modelled 7 µs per bound field, since each field is a gjson lookup), `data` ≈ 19 µs for two
 *   entries (modelled 9.5 µs per entry).
 *
 * Every trigger evaluates its own dependency on each event of the EventSource event it listens to,
 * and every filter kind is evaluated (no short-circuit), so the cost of a dependency is paid once
 * per trigger that consumes it.
 */
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { ResourceEvent, Simulator } from 'resource-hooks';
import { HookHub, HookTarget, ResourceWatch, Trigger } from '../src';

export const COST_US = { script: 885, exprField: 7, dataEntry: 9.5 };

/** Simulated events before timing starts (the JIT compiles the hot paths meanwhile), unless that takes over 2 s. */
export const WARM_UP_EVENTS = 10_000;
/** Timed rounds per hub; the table shows the median round. */
export const ROUNDS = 5;

export interface SensorCost {
  readonly hooks: number;
  /** EventSource resource events: one informer and one watch connection each. */
  readonly informers: number;
  /** Dependency evaluations the change causes, by filter kind (exprs: bound fields read). */
  readonly evaluations: { script: number; exprs: number; data: number };
  /** Modelled Sensor CPU for the change, µs. */
  readonly cpuMicros: number;
  /** Simulator throughput on the same hub: app-0's rollout writes, one in ten completing it (median of the rounds). */
  readonly simulatorEventsPerSecond: number;
  /** Triggers that fired (checks the change does something). */
  readonly fired: readonly string[];
}

/**
 * A hub of `hooks` hooks on `ceil(hooks / 2)` Deployments of one namespace: onFieldChange and
 * onRolloutComplete per Deployment; with `sharedWatch`, one watch of the namespace's Deployments
 * serves all of them (`watchPerObject: false`).
 */
export function hubChart(hooks: number, sharedWatch = false): Chart {
  const chart = new Chart(Testing.app(), 'bench', { namespace: 'apps' });
  if (sharedWatch) {
    new HookHub(chart, 'ResourceHooks', { watchPerObject: false });
  }
  const smoke = new kplus.Job(chart, 'smoke', { containers: [{ image: 'ghcr.io/acme/smoke:1' }] });
  for (let i = 0; 2 * i < hooks; i++) {
    const app = new kplus.Deployment(chart, `app-${i}`, { metadata: { name: `app-${i}` }, containers: [{ image: 'ghcr.io/acme/app:1' }] });
    const watch = new ResourceWatch(chart, `app-${i}-watch`, { target: HookTarget.fromConstruct(app) });
    watch.onFieldChange('smoke', { paths: ['spec.template.spec.containers'], triggers: [Trigger.job({ job: i === 0 ? smoke : new kplus.Job(chart, `smoke-${i}`, { containers: [{ image: 'ghcr.io/acme/smoke:1' }] }) })] });
    if (2 * i + 1 < hooks) {
      watch.onRolloutComplete('purge', { triggers: [Trigger.http({ url: `https://cdn.example.com/purge/app-${i}` })] });
    }
  }
  return chart;
}

/** `app-0` as the API server returns it: labelled as the chart labels it, ~5.5 KB with status. */
export function liveDeployment(manifests: any[], generation: number, image: string, updated: number): any {
  const d = JSON.parse(JSON.stringify(manifests.find((o: any) => o.kind === 'Deployment' && o.metadata.name === 'app-0')));
  d.metadata = {
    ...d.metadata, uid: 'a1b2c3d4-0000-4000-8000-000000000000', generation, resourceVersion: String(1000 + generation * 10 + updated),
    creationTimestamp: '2026-11-01T08:00:00Z',
    annotations: { 'deployment.kubernetes.io/revision': String(generation), 'kubectl.kubernetes.io/last-applied-configuration': 'x'.repeat(1500) },
    managedFields: [
      { manager: 'argocd-controller', operation: 'Apply', apiVersion: 'apps/v1', time: '2026-11-22T10:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {}, 'f:template': { 'f:spec': { 'f:containers': {} } } } } },
      { manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'apps/v1', subresource: 'status', time: '2026-11-22T10:00:05Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:status': { 'f:conditions': {}, 'f:replicas': {} } } },
    ],
  };
  d.spec.template.spec.containers[0].image = image;
  d.status = {
    observedGeneration: generation, replicas: 3, updatedReplicas: updated, readyReplicas: 3, availableReplicas: 3,
    conditions: [
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: '2026-11-22T10:00:05Z', lastTransitionTime: '2026-11-01T08:00:10Z' },
      { type: 'Progressing', status: 'True', reason: updated === 3 ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated', message: `ReplicaSet "app-0-${generation}" is progressing.`, lastUpdateTime: '2026-11-22T10:00:05Z', lastTransitionTime: '2026-11-01T08:00:10Z' },
    ],
  };
  return d;
}

/** What one change costs the real Sensor, by the model above, and the triggers it fires. */
export interface ModelledCost {
  readonly evaluations: { script: number; exprs: number; data: number };
  readonly cpuMicros: number;
  readonly fired: readonly string[];
}

/** Runs `change` through a fresh simulator and prices each dependency evaluation its trace shows. */
export function modelledCost(manifests: any[], change: ResourceEvent): ModelledCost {
  const sensor: any = manifests.find((o: any) => o.kind === 'Sensor');
  const consumers = new Map<string, number>();
  for (const t of sensor.spec.triggers) {
    consumers.set(t.template.conditions, (consumers.get(t.template.conditions) ?? 0) + 1);
  }
  const dependencies = new Map<string, any>(sensor.spec.dependencies.map((d: any) => [d.name, d]));
  const result = Simulator.fromManifests(manifests, { now: '2026-11-22T10:00:06Z' }).emit(change);
  const evaluations = { script: 0, exprs: 0, data: 0 };
  let cpuMicros = 0;
  for (const entry of result.trace) {
    if (!entry.emitted) {
      continue;
    }
    for (const d of entry.dependencies) {
      const filters = dependencies.get(d.dependency)?.filters ?? {};
      const times = consumers.get(d.dependency) ?? 0;
      const script = filters.script !== undefined ? 1 : 0;
      const exprs = (filters.exprs ?? []).reduce((n: number, e: any) => n + Math.max(1, (e.fields ?? []).length), 0);
      const data = (filters.data ?? []).length;
      evaluations.script += times * script;
      evaluations.exprs += times * exprs;
      evaluations.data += times * data;
      cpuMicros += times * (script * COST_US.script + exprs * COST_US.exprField + data * COST_US.dataEntry);
    }
  }
  return { evaluations, cpuMicros: Math.round(cpuMicros), fired: result.triggers };
}

/**
 * The simulator's events per second on `stream`, emitted in a loop (events built before the clock
 * starts): the median of a few rounds after a warm-up.
 */
export function simulatedRate(manifests: any[], stream: readonly ResourceEvent[], maxPerRound = 20000): number {
  const sim = Simulator.fromManifests(manifests, { now: '2026-11-22T10:00:06Z' });
  // Warm up for at least WARM_UP_EVENTS events and half a second (the optimizing compiler needs
  // both), at most two seconds, and size the rounds to about half a second each: a hub where
  // every hook sees every event is slow to simulate.
  const warmStart = process.hrtime.bigint();
  const elapsed = (): number => Number(process.hrtime.bigint() - warmStart);
  let warmed = 0;
  while ((warmed < WARM_UP_EVENTS || elapsed() < 5e8) && elapsed() < 2e9) {
    sim.emit(stream[warmed % stream.length]);
    warmed++;
  }
  const warmRate = warmed / (elapsed() / 1e9);
  // Start the rounds with a clean heap when the process allows it (`npm run bench` does).
  (globalThis as { gc?: () => void }).gc?.();
  const perRound = Math.max(100, Math.min(maxPerRound, Math.round(warmRate / 2)));
  // The median of a few rounds: one round can land on a garbage collection or a recompilation.
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < perRound; i++) {
      sim.emit(stream[i % stream.length]);
    }
    rounds.push(perRound / (Number(process.hrtime.bigint() - start) / 1e9));
  }
  rounds.sort((a, b) => a - b);
  return Math.round(rounds[Math.floor(ROUNDS / 2)]);
}

/** Models one status UPDATE of `app-0` (a rollout step), and simulates its rollout's writes. */
export function sensorCost(hooks: number, simulatedEvents = 20000, sharedWatch = false): SensorCost {
  const manifests = hubChart(hooks, sharedWatch).toJson();
  const eventSource: any = manifests.find((o: any) => o.kind === 'EventSource');
  // A rollout's status write: updated replicas 2 → 3 at generation 2 (fires the rollout hook).
  const change = { type: 'UPDATE' as const, oldObject: liveDeployment(manifests, 2, 'ghcr.io/acme/app:2', 2), object: liveDeployment(manifests, 2, 'ghcr.io/acme/app:2', 3) };
  const cost = modelledCost(manifests, change);
  // Throughput on the same hub: status writes of app-0 during its rollout (as the controller
  // writes them), one in ten completing it.
  const stream = Array.from({ length: 100 }, (_, i) => {
    const completes = i % 10 === 9;
    const o = liveDeployment(manifests, 2, 'ghcr.io/acme/app:2', completes ? 3 : 2);
    o.metadata.resourceVersion = String(5000 + i);
    o.status.readyReplicas = i % 3;
    return { type: 'UPDATE' as const, oldObject: change.oldObject, object: o };
  });
  return {
    hooks,
    informers: Object.keys(eventSource.spec.resource ?? {}).length,
    evaluations: cost.evaluations,
    cpuMicros: cost.cpuMicros,
    simulatorEventsPerSecond: simulatedRate(manifests, stream, simulatedEvents),
    fired: cost.fired,
  };
}

/** A hub shape of the table: its hook count, and whether its Deployments share one watch. */
export interface HubShape {
  readonly hooks: number;
  readonly sharedWatch?: boolean;
}

/** Per-object watches for 1 to 500 hooks, then one shared watch for 100 and 500. */
const SHAPES: readonly HubShape[] = [
  { hooks: 1 }, { hooks: 10 }, { hooks: 100 }, { hooks: 500 }, { hooks: 100, sharedWatch: true }, { hooks: 500, sharedWatch: true },
];

/** The bench table. */
export function printSensorCost(shapes: readonly HubShape[] = SHAPES): void {
  console.log(`Sensor CPU for one UPDATE of one Deployment (modelled: Lua ${COST_US.script} µs per evaluation, exprs ${COST_US.exprField} µs per bound field, data ${COST_US.dataEntry} µs per entry, paid by every trigger that consumes the dependency)`);
  console.log(`Simulator: app-0's rollout status writes (one in ten completes it), median of ${ROUNDS} rounds of up to 20,000 events (about 0.5 s each) after at least ${WARM_UP_EVENTS.toLocaleString('en-US')} and 0.5 s (at most 2 s) to warm up`);
  console.log('hooks  watch       informers  Lua evals  expr fields  data entries  Sensor CPU/event  events/s/core  simulator events/s  sim/real');
  for (const shape of shapes) {
    const c = sensorCost(shape.hooks, 20000, shape.sharedWatch === true);
    const realPerSecond = 1e6 / c.cpuMicros;
    console.log([
      String(shape.hooks).padStart(5), (shape.sharedWatch ? 'shared' : 'per object').padEnd(10), String(c.informers).padStart(10),
      String(c.evaluations.script).padStart(10), String(c.evaluations.exprs).padStart(12), String(c.evaluations.data).padStart(13),
      `${(c.cpuMicros / 1000).toFixed(2)} ms`.padStart(17), String(Math.round(realPerSecond)).padStart(14),
      String(c.simulatorEventsPerSecond).padStart(19), `${(c.simulatorEventsPerSecond / realPerSecond).toFixed(1)}×`.padStart(9),
    ].join(' '));
  }
}

/** `1 10 500s`: hook counts, `s` for a shared watch. */
function shapesOf(args: readonly string[]): HubShape[] {
  return args.map((a) => ({ hooks: parseInt(a, 10), sharedWatch: a.endsWith('s') })).filter((s) => s.hooks > 0);
}

if (require.main === module) {
  const shapes = shapesOf(process.argv.slice(2));
  printSensorCost(shapes.length > 0 ? shapes : undefined);
}
