import { Testing } from 'cdk8s';
import { Simulator } from 'resource-hooks/simulate';
import { WebChart } from './main';

const chart = new WebChart(Testing.app(), 'web');
// The Deployment as the chart writes it (with the label the hook hub selects on), as the API
// server would return it after a write: with a uid, a generation and a resourceVersion.
const synthesized = chart.toJson().find((o: any) => o.kind === 'Deployment');
function live(generation: number, image: string): any {
  const d = JSON.parse(JSON.stringify(synthesized));
  d.metadata = { ...d.metadata, uid: 'uid-web', generation, resourceVersion: String(100 + generation) };
  d.spec.template.spec.containers[0].image = image;
  return d;
}

test('an image bump runs the smoke test with the new image, and nothing else', () => {
  const sim = Simulator.fromChart(chart);
  const { actions } = sim.emit({ type: 'UPDATE', oldObject: live(1, 'ghcr.io/acme/web:1.0.0'), object: live(2, 'ghcr.io/acme/web:1.1.0') });
  // The Job, and the HookTriggered Event it records on the Deployment.
  expect(actions.map((a) => a.trigger)).toEqual(['web-watch-smoke-test-job', 'web-watch-smoke-test-event']);
  const job = (actions[0] as any).object;
  expect(job.spec.template.spec.containers[0].env).toContainEqual({ name: 'WEB_IMAGE', value: 'ghcr.io/acme/web:1.1.0' });
});

test('a status-only update runs nothing', () => {
  const sim = Simulator.fromChart(chart);
  const before = live(2, 'ghcr.io/acme/web:1.1.0');
  const after = { ...live(2, 'ghcr.io/acme/web:1.1.0'), status: { observedGeneration: 2 } };
  after.metadata.resourceVersion = '103';
  expect(sim.emit({ type: 'UPDATE', oldObject: before, object: after }).actions).toEqual([]);
});
