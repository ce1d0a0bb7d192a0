import { Simulator } from '../src/simulate/simulator';
import { ResourceEvent } from '../src/simulate/types';

/*
 * Simulator throughput: UPDATE events on realistic Deployments through one Sensor with 100
 * dependencies, each on its own resource event (one informer per app label) and each filtering
 * with exprs that compare body and oldBody, as the hooks of this library do. One event in ten
 * changes an image and fires a k8s trigger; the others are status-only churn.
 *
 *   node -r ts-node/register/transpile-only bench/simulate.ts [events]
 */

type Obj = Record<string, unknown>;

const APPS = 100;
const NOW = '2024-07-15T12:00:00Z';

function manifests(): Obj[] {
  const resource: Obj = {};
  const dependencies: Obj[] = [];
  const triggers: Obj[] = [];
  for (let i = 0; i < APPS; i++) {
    resource[`app-${i}`] = {
      namespace: 'apps', group: 'apps', version: 'v1', resource: 'deployments', eventTypes: ['UPDATE'],
      filter: { labels: [{ key: 'app', operation: '==', value: `app-${i}` }] },
    };
    dependencies.push({
      name: `app-${i}-image`,
      eventSourceName: 'hub',
      eventName: `app-${i}`,
      filters: {
        exprs: [{
          expr: 'new != old',
          fields: [
            { name: 'new', path: 'body.spec.template.spec.containers.0.image' },
            { name: 'old', path: 'oldBody.spec.template.spec.containers.0.image' },
          ],
        }],
      },
    });
    triggers.push({
      template: {
        name: `app-${i}-smoke`,
        conditions: `app-${i}-image`,
        k8s: {
          operation: 'create',
          source: { resource: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'smoke' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'smoke', image: 'curlimages/curl' }] } } } } },
          parameters: [{ src: { dependencyName: `app-${i}-image`, dataTemplate: 'smoke-{{ .Input.body.metadata.name }}-{{ .Input.body.metadata.generation }}' }, dest: 'metadata.name' }],
        },
      },
    });
  }
  return [
    { apiVersion: 'argoproj.io/v1alpha1', kind: 'EventSource', metadata: { name: 'hub', namespace: 'apps' }, spec: { resource } },
    { apiVersion: 'argoproj.io/v1alpha1', kind: 'Sensor', metadata: { name: 'hub', namespace: 'apps' }, spec: { dependencies, triggers } },
  ];
}

/** A Deployment with the fields a live object carries (managedFields, annotations, status). */
/** A realistic Deployment `app-<app>` as the API server returns it. */
export function deployment(app: number, generation: number, revision: number, ready: number): Obj {
  const name = `app-${app}`;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: 'apps',
      uid: `0f${app.toString(16).padStart(6, '0')}-1c2d-4e5f-8a9b-0c1d2e3f4a5b`,
      resourceVersion: String(1000 + revision),
      generation,
      creationTimestamp: '2024-07-01T08:00:00Z',
      labels: { 'app': name, 'app.kubernetes.io/part-of': 'shop', 'argocd.argoproj.io/instance': 'shop' },
      annotations: {
        'deployment.kubernetes.io/revision': String(generation),
        'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'apps' }, spec: { replicas: 3 } }),
      },
      managedFields: [
        { manager: 'argocd-controller', operation: 'Apply', apiVersion: 'apps/v1', time: '2024-07-15T11:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {}, 'f:template': { 'f:spec': { 'f:containers': {} } } } } },
        { manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'apps/v1', time: '2024-07-15T11:59:00Z', fieldsType: 'FieldsV1', subresource: 'status', fieldsV1: { 'f:status': { 'f:availableReplicas': {}, 'f:conditions': {}, 'f:readyReplicas': {} } } },
      ],
    },
    spec: {
      replicas: 3,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      selector: { matchLabels: { app: name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: name }, annotations: { 'prometheus.io/scrape': 'true' } },
        spec: {
          serviceAccountName: name,
          containers: [{
            name: 'main',
            image: `ghcr.io/acme/${name}:1.${generation}.0`,
            ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
            env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'PORT', value: '8080' }],
            resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
            readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
            livenessProbe: { httpGet: { path: '/livez', port: 'http' }, periodSeconds: 20 },
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePath: '/dev/termination-log',
          }],
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: 'ClusterFirst',
          securityContext: { runAsNonRoot: true },
        },
      },
    },
    status: {
      observedGeneration: generation,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: ready,
      availableReplicas: ready,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: '2024-07-15T11:59:00Z', lastTransitionTime: '2024-07-01T08:01:00Z' },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${name}-7d9c8b" has successfully progressed.`, lastUpdateTime: '2024-07-15T11:59:00Z', lastTransitionTime: '2024-07-01T08:00:00Z' },
      ],
    },
  };
}

/** A pool of UPDATE events: every tenth one changes the image (a new generation). */
function eventPool(size: number): ResourceEvent[] {
  const pool: ResourceEvent[] = [];
  for (let i = 0; i < size; i++) {
    const app = i % APPS;
    const generation = 1 + Math.floor(i / APPS);
    const imageChange = i % 10 === 0;
    pool.push({
      type: 'UPDATE',
      oldObject: deployment(app, generation, 2 * i, 2),
      object: deployment(app, imageChange ? generation + 1 : generation, 2 * i + 1, imageChange ? 2 : 3),
    });
  }
  return pool;
}

/** What {@link benchSimulate} measured. */
export interface SimulateBenchResult {
  /** Events per second of wall-clock time. */
  readonly eventsPerSecond: number;
  /** Events per second of this process's CPU time (stable when other processes share the cores). */
  readonly eventsPerCpuSecond: number;
  /** Peak resident set size in MiB (includes the TypeScript compiler when run through ts-node). */
  readonly peakRssMiB: number;
  readonly fired: number;
  readonly bodyBytes: number;
}

/** Runs the benchmark on one thread. */
export function benchSimulate(events = 50_000): SimulateBenchResult {
  const sim = Simulator.fromManifests(manifests(), { now: NOW });
  const pool = eventPool(1000);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  let peak = process.memoryUsage().rss;
  let fired = 0;
  for (let i = 0; i < 2000; i++) {
    sim.emit(pool[i % pool.length]);
  }
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < events; i++) {
    fired += sim.emit(pool[i % pool.length]).actions.length;
    if ((i & 1023) === 0) {
      peak = Math.max(peak, process.memoryUsage().rss);
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  peak = Math.max(peak, process.memoryUsage().rss);
  return {
    eventsPerSecond: Math.round(events / seconds),
    eventsPerCpuSecond: Math.round(events / cpuSeconds),
    peakRssMiB: Math.round(peak / 1024 / 1024),
    fired,
    bodyBytes: JSON.stringify(pool[0].object).length,
  };
}

if (require.main === module) {
  const events = Number(process.argv[2] ?? 50_000);
  const r = benchSimulate(events);
  console.log(`simulate: ${r.eventsPerSecond} events/s wall, ${r.eventsPerCpuSecond} events/s per CPU second `
    + `(${events} UPDATE events of ~${r.bodyBytes} B Deployments, Sensor with ${APPS} dependencies, ${r.fired} triggers fired), `
    + `peak RSS ${r.peakRssMiB} MiB`);
}
