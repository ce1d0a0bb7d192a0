/**
 * The model of bench/sensor-cost.ts for hooks on other kinds: 100 `onCondition` hooks on
 * cert-manager Certificates and 100 `onJobSucceeded` hooks on Jobs, a watch per object, and 100
 * `onArgoCdSync` hooks on the ConfigMaps one Application syncs (all on its watch). The stream
 * is the status writes an object gets without the hook's transition (certificate renewal
 * bookkeeping, a Job's pods starting and becoming ready), which is what a cluster mostly sends:
 * the model counts filters only, and a firing trigger also costs the real Sensor an API request
 * that it does not price. What a fired trigger costs the simulator is printed below the table.
 */
import { ApiObject, Chart, Testing } from 'cdk8s';
import { ResourceEvent } from 'resource-hooks';
import { HookTarget, ResourceWatch, Trigger } from '../src';
import { modelledCost, simulatedRate } from './sensor-cost';

const HOOKS = 100;

interface KindShape {
  readonly label: string;
  readonly chart: () => Chart;
  /** The state of object 0 after `step` status writes; `transition` makes the hook fire. */
  readonly live: (manifests: any[], step: number, transition: boolean) => { oldObject: any; object: any };
}

function chartWith(add: (chart: Chart, i: number) => void): Chart {
  const chart = new Chart(Testing.app(), 'bench', { namespace: 'apps' });
  for (let i = 0; i < HOOKS; i++) {
    add(chart, i);
  }
  return chart;
}

/** The synthesized object `name`, as the API server returns it (server fields and an apply record). */
function served(manifests: any[], name: string, step: number): any {
  const o = JSON.parse(JSON.stringify(manifests.find((m: any) => m.metadata?.name === name && m.kind !== 'Sensor' && m.kind !== 'EventSource')));
  o.metadata = {
    ...o.metadata, uid: 'a1b2c3d4-0000-4000-8000-000000000000', generation: 1, resourceVersion: String(1000 + step),
    creationTimestamp: '2026-11-01T08:00:00Z', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': 'x'.repeat(1500) },
  };
  return o;
}

const SHAPES: readonly KindShape[] = [
  {
    label: 'onCondition Ready on Certificates',
    chart: () => chartWith((chart, i) => {
      const cert = new ApiObject(chart, `cert-${i}`, {
        apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: `cert-${i}` },
        spec: { secretName: `tls-${i}`, dnsNames: [`app-${i}.example.com`], issuerRef: { kind: 'ClusterIssuer', name: 'letsencrypt' } },
      });
      new ResourceWatch(chart, `cert-${i}-watch`, { target: HookTarget.fromConstruct(cert) })
        .onCondition('reload', { conditionType: 'Ready', triggers: [Trigger.http({ url: `https://reload.example.com/cert-${i}` })] });
    }),
    live: (manifests, step, transition) => {
      const at = (ready: string, rv: number): any => {
        const o = served(manifests, 'cert-0', rv);
        o.status = {
          conditions: [{ type: 'Ready', status: ready, reason: ready === 'True' ? 'Ready' : 'DoesNotExist', message: 'Certificate is up to date and has not expired', lastTransitionTime: '2026-11-01T08:00:10Z', observedGeneration: 1 }],
          notBefore: '2026-11-01T08:00:00Z', notAfter: '2027-01-30T08:00:00Z', renewalTime: '2026-12-31T08:00:00Z', revision: step,
        };
        return o;
      };
      return { oldObject: at(transition ? 'False' : 'True', 2 * step), object: at('True', 2 * step + 1) };
    },
  },
  {
    label: 'onJobSucceeded on Jobs',
    chart: () => chartWith((chart, i) => {
      const job = new ApiObject(chart, `migrate-${i}`, {
        apiVersion: 'batch/v1', kind: 'Job', metadata: { name: `migrate-${i}` },
        spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'ghcr.io/acme/migrate:1' }] } } },
      });
      new ResourceWatch(chart, `migrate-${i}-watch`, { target: HookTarget.fromConstruct(job) })
        .onJobSucceeded('notify', { triggers: [Trigger.http({ url: `https://ci.example.com/migrated/${i}` })] });
    }),
    live: (manifests, step, transition) => {
      const at = (done: boolean, rv: number): any => {
        const o = served(manifests, 'migrate-0', rv);
        o.status = done
          ? { conditions: [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }], startTime: '2026-11-22T10:00:00Z', completionTime: '2026-11-22T10:00:05Z', succeeded: 1, ready: 0, terminating: 0 }
          : { startTime: '2026-11-22T10:00:00Z', active: 1, ready: step % 2, terminating: 0, uncountedTerminatedPods: {} };
        return o;
      };
      return { oldObject: at(false, 2 * step), object: at(transition, 2 * step + 1) };
    },
  },
  {
    label: 'onArgoCdSync of one Application',
    chart: () => chartWith((chart, i) => {
      const settings = new ApiObject(chart, `settings-${i}`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `settings-${i}` }, data: { level: 'info' } });
      new ResourceWatch(chart, `settings-${i}-watch`, { target: HookTarget.fromConstruct(settings) })
        .onArgoCdSync('reload', { application: 'apps', triggers: [Trigger.http({ url: `https://reload.example.com/settings-${i}` })] });
    }),
    live: (_manifests, step, transition) => {
      // The Application's status after a sync that applied every ConfigMap; later reconciliations
      // rewrite reconciledAt only. The transition is the write that reports a new operation.
      const resources = Array.from({ length: HOOKS }, (_, i) => ({
        version: 'v1', kind: 'ConfigMap', namespace: 'apps', name: `settings-${i}`, status: 'Synced', message: 'configmap/settings configured', syncPhase: 'Sync',
      }));
      const at = (finishedAt: string, rv: number): any => ({
        apiVersion: 'argoproj.io/v1alpha1', kind: 'Application',
        metadata: { name: 'apps', namespace: 'argocd', uid: 'uid-app', generation: 40, resourceVersion: String(9000 + rv), creationTimestamp: '2026-11-01T08:00:00Z' },
        spec: { project: 'default', destination: { server: 'https://kubernetes.default.svc', namespace: 'apps' }, source: { repoURL: 'https://git.example.com/apps.git', path: 'apps', targetRevision: 'main' } },
        status: {
          sync: { status: 'Synced', revision: 'abc123' }, health: { status: 'Healthy' }, reconciledAt: `2026-11-22T10:${String(step % 60).padStart(2, '0')}:00Z`,
          operationState: { operation: { sync: { revision: 'abc123' } }, phase: 'Succeeded', message: 'successfully synced (all tasks run)', startedAt: '2026-11-22T09:59:00Z', finishedAt, syncResult: { revision: 'abc123', resources } },
        },
      });
      return { oldObject: at('2026-11-22T09:59:30Z', 2 * step), object: at(transition ? '2026-11-22T10:30:30Z' : '2026-11-22T09:59:30Z', 2 * step + 1) };
    },
  },
];

/** The hook-kinds table. */
export function printHookKindsCost(): void {
  console.log(`\n${HOOKS} hooks of other kinds (a watch per Certificate or Job; the Argo CD sync hooks share their Application's): one status write without the hook's transition (same model)`);
  console.log('hooks                                Lua evals  expr fields  data entries  Sensor CPU/event  events/s/core  simulator events/s  sim/real');
  const perFire: string[] = [];
  for (const shape of SHAPES) {
    const manifests = shape.chart().toJson();
    const quiet = modelledCost(manifests, { type: 'UPDATE', ...shape.live(manifests, 1, false) });
    const fires = modelledCost(manifests, { type: 'UPDATE', ...shape.live(manifests, 1, true) });
    if (quiet.fired.length !== 0 || fires.fired.length === 0) {
      throw new Error(`${shape.label}: the stream must fire nothing and the transition must fire (fired ${quiet.fired.join(', ') || 'nothing'} / ${fires.fired.join(', ') || 'nothing'})`);
    }
    const stream: ResourceEvent[] = Array.from({ length: 100 }, (_, i) => ({ type: 'UPDATE', ...shape.live(manifests, i, false) }));
    const rate = simulatedRate(manifests, stream);
    const realPerSecond = 1e6 / quiet.cpuMicros;
    console.log([
      shape.label.padEnd(35), String(quiet.evaluations.script).padStart(10), String(quiet.evaluations.exprs).padStart(12),
      String(quiet.evaluations.data).padStart(13), `${(quiet.cpuMicros / 1000).toFixed(2)} ms`.padStart(17),
      String(Math.round(realPerSecond)).padStart(14), String(rate).padStart(19), `${(rate / realPerSecond).toFixed(1)}×`.padStart(9),
    ].join(' '));
    perFire.push(`${shape.label}: ${fires.fired.length} triggers, ${firingMicros(manifests, shape, rate).toFixed(0)} µs`);
  }
  console.log(`Simulator time for an event that fires (rendering, API validation and the simulated cluster included), `
    + `beyond the filters: ${perFire.join('; ')}`);
}

/** How much longer an event that fires takes the simulator than one that does not. */
function firingMicros(manifests: any[], shape: KindShape, quietRate: number): number {
  const firing: ResourceEvent[] = Array.from({ length: 100 }, (_, i) => ({ type: 'UPDATE', ...shape.live(manifests, i, true) }));
  // Every one does the whole work again: an HTTP call, and an Event under a generated name.
  const rate = simulatedRate(manifests, firing, 5000);
  return 1e6 / rate - 1e6 / quietRate;
}

if (require.main === module) {
  printHookKindsCost();
}
