/**
 * `npm run bench`: synthesis figures (bench/synth.ts, one process per row), simulator throughput
 * on a hand-written Sensor (toolkit/bench/simulate.ts) and on the Sensor this library synthesizes
 * for 100 hooks, then the real Sensor's CPU per event, modelled for hubs of 1 to 500 hooks
 * (bench/sensor-cost.ts) and for condition and Job hooks (bench/hook-kinds-cost.ts).
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { HookTarget, ResourceWatch, Trigger } from '../src';
import { Simulator } from 'resource-hooks';
import { ResourceEvent } from 'resource-hooks';
import { benchSimulate, deployment } from '../toolkit/bench/simulate';

const HOOKS = 100;

/** 100 `onFieldChange(spec.template.spec.containers)` hooks on 100 Deployments of one namespace. */
function hubSimulator(): Simulator {
  const chart = new Chart(Testing.app(), 'bench', { namespace: 'apps' });
  for (let i = 0; i < HOOKS; i++) {
    new ResourceWatch(chart, `app-${i}`, { target: HookTarget.fromReference({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'apps', name: `app-${i}` }) })
      .onFieldChange('smoke', { paths: ['spec.template.spec.containers'], triggers: [Trigger.job({ job: new kplus.Job(chart, `job-${i}`, { containers: [{ image: 'busybox' }] }) })] });
  }
  return Simulator.fromChart(chart, { now: '2024-07-15T12:00:00Z' });
}

function benchHub(events: number): { eventsPerSecond: number; eventsPerCpuSecond: number; fired: number } {
  const sim = hubSimulator();
  const pool: ResourceEvent[] = [];
  for (let i = 0; i < 1000; i++) {
    const app = i % HOOKS;
    const generation = 1 + Math.floor(i / HOOKS);
    const imageChange = i % 10 === 0;
    pool.push({
      type: 'UPDATE',
      oldObject: deployment(app, generation, 2 * i, 2) as any,
      object: deployment(app, imageChange ? generation + 1 : generation, 2 * i + 1, imageChange ? 2 : 3) as any,
    });
  }
  for (let i = 0; i < 1000; i++) {
    sim.emit(pool[i % pool.length]);
  }
  let fired = 0;
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < events; i++) {
    fired += sim.emit(pool[i % pool.length]).actions.length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  return {
    eventsPerSecond: Math.round(events / seconds),
    eventsPerCpuSecond: Math.round(events / ((cpu.user + cpu.system) / 1e6)),
    fired,
  };
}

function main(): void {
  execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'synth.ts')], { stdio: 'inherit' });
  console.log('');
  const events = 50_000;
  const plain = benchSimulate(events);
  console.log(`simulate, hand-written Sensor (100 dependencies on 100 events, exprs filters): ${plain.eventsPerSecond} events/s `
    + `(${plain.eventsPerCpuSecond} per CPU second), ${plain.fired} triggers fired, peak RSS ${plain.peakRssMiB} MiB`);
  const hub = benchHub(20_000);
  console.log(`simulate, synthesized hub (100 onFieldChange hooks on references in one namespace, one shared watch, data and exprs filters): ${hub.eventsPerSecond} events/s `
    + `(${hub.eventsPerCpuSecond} per CPU second), ${hub.fired} triggers fired`);
  console.log('');
  // Each model in a process of its own, so that the heaps of the benches above do not slow it.
  for (const script of ['sensor-cost.ts', 'hook-kinds-cost.ts']) {
    execFileSync(process.execPath, ['--expose-gc', '-r', 'ts-node/register/transpile-only', path.join(__dirname, script)], { stdio: 'inherit' });
  }
}

main();
