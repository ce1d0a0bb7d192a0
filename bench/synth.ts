/**
 * Synthesis benchmark: N hooks over N Deployments spread over 10 namespaces, in three layouts:
 * - `hub`: this library (one EventSource + one Sensor per hub);
 * - `naive`: one EventSource + one Sensor per hook, as the Argo Events examples are written;
 * - `plain`: the same Deployments plus one plain ApiObject per hook (what cdk8s itself costs).
 * Each measurement runs in a fresh process so that peak memory is its own.
 *
 *   node -r ts-node/register/transpile-only bench/synth.ts [sizes…]
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { argoevents, HookTarget, ResourceWatch, Trigger } from '../src';

const NAMESPACES = 10;
const LAYOUTS = ['hub', 'naive', 'plain'] as const;
type Layout = typeof LAYOUTS[number];

interface Measurement {
  readonly layout: Layout;
  readonly hooks: number;
  readonly seconds: number;
  readonly peakMiB: number;
  readonly objects: number;
  readonly pods: number;
}

function build(layout: Layout, hooks: number): App {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  const app = new App({ outdir });
  const chart = new Chart(app, 'bench', { namespace: 'hooks' });
  for (let i = 0; i < hooks; i++) {
    const namespace = `ns-${i % NAMESPACES}`;
    const web = new kplus.Deployment(chart, `web-${i}`, {
      metadata: { name: `web-${i}`, namespace },
      containers: [{ image: `ghcr.io/acme/web-${i}:1.0.0` }],
    });
    if (layout === 'hub') {
      new ResourceWatch(chart, `watch-${i}`, { target: HookTarget.fromConstruct(web) })
        .onSpecChange('notify', { triggers: [Trigger.http({ url: `https://hooks.example.com/${i}` })] });
    } else if (layout === 'naive') {
      const es = new argoevents.EventSource(chart, `es-${i}`, { metadata: { name: `web-${i}`, namespace } });
      es.addResourceEvent('web', { namespace, group: 'apps', version: 'v1', resource: 'deployments', eventTypes: [argoevents.ResourceEventType.UPDATE] });
      new argoevents.Sensor(chart, `sensor-${i}`, {
        metadata: { name: `web-${i}`, namespace },
        spec: {
          dependencies: [{ name: 'web', eventSourceName: `web-${i}`, eventName: 'web' }],
          triggers: [{ template: { name: 'notify', http: { url: `https://hooks.example.com/${i}`, method: 'POST' } } }],
        },
      });
    } else {
      new ApiObject(chart, `plain-${i}`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `plain-${i}`, namespace }, data: { hook: String(i) } });
    }
  }
  return app;
}

function measure(layout: Layout, hooks: number): Measurement {
  const start = process.hrtime.bigint();
  const app = build(layout, hooks);
  app.synth();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const objects = app.charts.reduce((n, c) => n + c.toJson().length, 0);
  const kinds = app.charts.flatMap((c) => c.toJson().map((o: any) => o.kind));
  // Each EventSource and Sensor runs one pod (the Deployments are the workload, not counted).
  const pods = kinds.filter((k) => k === 'EventSource' || k === 'Sensor').length;
  fs.rmSync(app.outdir, { recursive: true, force: true });
  return { layout, hooks, seconds, peakMiB: process.resourceUsage().maxRSS / 1024, objects, pods };
}

function main(): void {
  const [mode, layout, size] = process.argv.slice(2);
  if (mode === '--one') {
    process.stdout.write(JSON.stringify(measure(layout as Layout, Number(size))));
    return;
  }
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const rows: Measurement[] = [];
  for (const hooks of sizes.length > 0 ? sizes : [10, 100, 1000, 5000]) {
    for (const l of LAYOUTS) {
      const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename, '--one', l, String(hooks)], {
        encoding: 'utf8', maxBuffer: 1 << 20,
      });
      rows.push(JSON.parse(out));
    }
  }
  console.log('synthesis: N hooks over N Deployments in 10 namespaces (one process per row)');
  console.log('hooks  layout  seconds  peak MiB  objects  hook pods  vs plain');
  for (const r of rows) {
    const plain = rows.find((p) => p.layout === 'plain' && p.hooks === r.hooks)!;
    console.log([
      String(r.hooks).padStart(5), r.layout.padEnd(6), r.seconds.toFixed(2).padStart(8),
      r.peakMiB.toFixed(0).padStart(9), String(r.objects).padStart(8), String(r.pods).padStart(10),
      `${(r.seconds / plain.seconds).toFixed(2)}x`.padStart(9),
    ].join('  '));
  }
}

main();
