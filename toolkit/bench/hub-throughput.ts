import { Simulator } from '../src/simulate/simulator';
import { ResourceEvent } from '../src/simulate/types';
import { deployment } from './simulate';

/*
 * Simulator throughput on a hook hub shaped like the one cdk8s-resource-hooks synthesizes: one
 * resource event per Deployment, selected by a hub label and a per-target watch label; per
 * Deployment an `onFieldChange(spec.template.spec.containers)` dependency and an
 * `onRolloutComplete` dependency, both `data` filters on type and name plus `exprs` filters over
 * gjson multipaths with literal defaults (`[body.status.updatedReplicas,!0]|0`). Three streams of
 * UPDATEs spread over all the Deployments:
 *
 * - churn: status writes that fire nothing (what a cluster mostly sends);
 * - mix: one event in ten completes a rollout (one trigger fires);
 * - rollouts: every event completes a rollout (as bench/sensor-cost.ts at the repository root emits).
 *
 * Events are built before the clock starts, so only the simulator is timed. Events per CPU second
 * are the stable figure when other processes share the cores.
 *
 *   node -r ts-node/register/transpile-only bench/hub-throughput.ts [hooks...]
 */

type Obj = Record<string, any>;

const HUB = 'bench-hooks';
const NOW = '2024-07-15T12:00:00Z';

/** A multipath that reads `path` of body or oldBody, or `literal` when it is missing. */
function field(name: string, side: 'body' | 'oldBody', path: string, literal: string): Obj {
  return { name, path: `[${side}.${path},!${literal}]|0` };
}

/** The fields of onRolloutComplete's expression, for the new (`n`) or old (`o`) object. */
function rolloutFields(prefix: 'n' | 'o', side: 'body' | 'oldBody'): Obj[] {
  return [
    field(`${prefix}Paused`, side, 'spec.paused', 'false'),
    field(`${prefix}Generation`, side, 'metadata.generation', '0'),
    field(`${prefix}Observed`, side, 'status.observedGeneration', '0'),
    field(`${prefix}Progress`, side, 'status.conditions.#(type=="Progressing").reason', '""'),
    field(`${prefix}Desired`, side, 'spec.replicas', '1'),
    field(`${prefix}Updated`, side, 'status.updatedReplicas', '0'),
    field(`${prefix}Replicas`, side, 'status.replicas', '0'),
    field(`${prefix}Available`, side, 'status.availableReplicas', '0'),
    field(`${prefix}Revision`, side, 'metadata.annotations.deployment\\.kubernetes\\.io/revision', 'null'),
  ];
}

const COMPLETE = (p: string): string => `!${p}Paused && ${p}Generation <= ${p}Observed && ${p}Progress != 'ProgressDeadlineExceeded' `
  + `&& ${p}Updated >= ${p}Desired && ${p}Replicas <= ${p}Updated && ${p}Available >= ${p}Updated`;

/** `hooks` hooks on `ceil(hooks / 2)` Deployments `app-<i>` of namespace apps. */
export function hubManifests(hooks: number): Obj[] {
  const resource: Obj = {};
  const dependencies: Obj[] = [];
  const triggers: Obj[] = [];
  for (let i = 0; 2 * i < hooks; i++) {
    const eventName = `deployments-app-${i}`;
    resource[eventName] = {
      namespace: 'apps', group: 'apps', version: 'v1', resource: 'deployments', eventTypes: ['UPDATE'],
      filter: { labels: [{ key: 'resource-hooks.cdk8s.io/hub', value: HUB }, { key: 'resource-hooks.cdk8s.io/watch', value: `w${i}` }] },
    };
    const data = [
      { path: 'type', type: 'string', value: ['^(UPDATE)$'] },
      { path: 'body.metadata.name', type: 'string', value: [`^app-${i}$`] },
    ];
    dependencies.push({
      name: `app-${i}-smoke`, eventSourceName: HUB, eventName,
      filters: {
        data,
        exprs: [{
          expr: 'new0 != old0',
          fields: [field('new0', 'body', 'spec.template.spec.containers', 'null'), field('old0', 'oldBody', 'spec.template.spec.containers', 'null')],
        }],
      },
    });
    triggers.push({
      template: {
        name: `app-${i}-smoke`,
        conditions: `app-${i}-smoke`,
        k8s: {
          operation: 'create',
          source: { resource: { apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: `smoke-${i}-` }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'smoke', image: 'ghcr.io/acme/smoke:1' }] } } } } },
        },
      },
    });
    if (2 * i + 1 < hooks) {
      dependencies.push({
        name: `app-${i}-purge`, eventSourceName: HUB, eventName,
        filters: {
          data,
          exprs: [{
            expr: `(${COMPLETE('n')}) && nDesired != 0 && (nRevision != oRevision || (!(${COMPLETE('o')}) && oProgress != 'NewReplicaSetAvailable'))`,
            fields: [...rolloutFields('n', 'body'), ...rolloutFields('o', 'oldBody')],
          }],
        },
      });
      triggers.push({ template: { name: `app-${i}-purge`, conditions: `app-${i}-purge`, http: { url: `https://cdn.example.com/purge/app-${i}`, method: 'POST' } } });
    }
  }
  return [
    { apiVersion: 'argoproj.io/v1alpha1', kind: 'EventSource', metadata: { name: HUB, namespace: 'apps' }, spec: { resource } },
    { apiVersion: 'argoproj.io/v1alpha1', kind: 'Sensor', metadata: { name: HUB, namespace: 'apps' }, spec: { dependencies, triggers } },
  ];
}

/** `app-<app>` as the API server returns it, labelled for the hub. */
function live(app: number, revision: number, ready: number, touched: string): Obj {
  const d = deployment(app, 2, revision, ready) as Obj;
  d.metadata.labels = { ...d.metadata.labels, 'resource-hooks.cdk8s.io/hub': HUB, 'resource-hooks.cdk8s.io/watch': `w${app}` };
  d.status.conditions[0].lastUpdateTime = touched;
  if (ready < d.spec.replicas) {
    d.status.conditions[1].reason = 'ReplicaSetUpdated';
  }
  return d;
}

export type Stream = 'churn' | 'mix' | 'rollouts';

/** `size` UPDATEs over `apps` Deployments: status churn, and a completed rollout where `fires(i)`. */
function events(apps: number, size: number, fires: (i: number) => boolean): ResourceEvent[] {
  const pool: ResourceEvent[] = [];
  for (let i = 0; i < size; i++) {
    const app = i % apps;
    const second = String(i % 60).padStart(2, '0');
    // Both complete (churn), or the old one still has a replica to make available (a rollout's last step).
    const ready = fires(i) ? 2 : 3;
    pool.push({
      type: 'UPDATE',
      oldObject: live(app, 2 * i, ready, `2024-07-15T11:58:${second}Z`) as any,
      object: live(app, 2 * i + 1, 3, `2024-07-15T11:59:${second}Z`) as any,
    });
  }
  return pool;
}

const FIRES: Record<Stream, (i: number) => boolean> = {
  churn: () => false,
  mix: (i) => i % 10 === 0,
  rollouts: () => true,
};

/** What {@link benchHub} measured. */
export interface HubBenchResult {
  readonly hooks: number;
  readonly stream: Stream;
  readonly eventsPerSecond: number;
  readonly eventsPerCpuSecond: number;
  /** Triggers fired per event (checks the stream does what it says). */
  readonly firedPerEvent: number;
}

/** Emits `count` events of a stream on a fresh hub of `hooks` hooks. */
export function benchHub(hooks: number, stream: Stream, count = 5000): HubBenchResult {
  const apps = Math.ceil(hooks / 2);
  const sim = Simulator.fromManifests(hubManifests(hooks), { now: NOW });
  const pool = events(apps, Math.min(count, 2000), FIRES[stream]);
  for (let i = 0; i < Math.min(2000, count); i++) {
    sim.emit(pool[i % pool.length]);
  }
  let fired = 0;
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    fired += sim.emit(pool[i % pool.length]).triggers.length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  return {
    hooks,
    stream,
    eventsPerSecond: Math.round(count / seconds),
    eventsPerCpuSecond: Math.round(count / ((cpu.user + cpu.system) / 1e6)),
    firedPerEvent: fired / count,
  };
}

if (require.main === module) {
  const shapes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  console.log('hooks  stream     fired/event  events/s (wall)  events/s (CPU)');
  for (const hooks of shapes.length > 0 ? shapes : [1, 10, 100, 500]) {
    for (const stream of ['churn', 'mix', 'rollouts'] as const) {
      const r = benchHub(hooks, stream);
      console.log(`${String(hooks).padStart(5)}  ${stream.padEnd(9)}  ${r.firedPerEvent.toFixed(2).padStart(11)}  ${String(r.eventsPerSecond).padStart(15)}  ${String(r.eventsPerCpuSecond).padStart(14)}`);
    }
  }
}
