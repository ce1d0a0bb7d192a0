import * as fs from 'fs';
import * as path from 'path';
import { loadManifestFiles } from '../../src/engine/manifest-files';
import { Simulator } from '../../src/simulate/simulator';
import { K8sAction } from '../../src/simulate/types';

/*
 * Every upstream example EventSource and Sensor loads into the simulator, and representative
 * events through the resource, webhook data-filter and trigger-parameterization examples behave
 * as Argo Events would.
 */

const EXAMPLES = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'conformance', 'argo-events', 'examples');
const NOW = '2024-07-15T12:00:00Z';

/** `spec.arguments.parameters[0].value` of the Workflow a k8s action sends. */
function firstArgument(action: K8sAction): string {
  const spec = action.object?.spec as { arguments: { parameters: { value: string }[] } };
  return spec.arguments.parameters[0].value;
}

function example(...files: string[]): Simulator {
  return Simulator.fromManifests(loadManifestFiles(files.map((f) => path.join(EXAMPLES, f))), { now: NOW });
}

if (!fs.existsSync(EXAMPLES)) {
  console.warn(`Argo Events examples not found at ${EXAMPLES}; skipping`);
  describe.skip('Argo Events examples (../shared missing)', () => {
    test('skipped', () => undefined);
  });
} else {
  const files = ['event-sources', 'sensors'].flatMap((dir) =>
    fs.readdirSync(path.join(EXAMPLES, dir)).sort().map((f) => path.join(dir, f)));

  describe('every example loads', () => {
    test.each(files)('%s', (file) => {
      const sim = Simulator.fromManifests(loadManifestFiles([path.join(EXAMPLES, file)]), { now: NOW });
      const errors = sim.diagnostics.filter((d) => d.severity === 'error');
      if (file === 'sensors/trigger-openwhisk.yaml') {
        // Upstream spells the trigger `openwhisk`; the field is `openWhisk`, so this trigger can never run.
        expect(errors).toEqual([{
          severity: 'error',
          where: 'Sensor/trigger-openwhisk spec.triggers[0].template',
          message: "no trigger type (k8s, http, slack, log, argoWorkflow, …) is defined; unknown field 'openwhisk' "
            + "(did you mean 'openWhisk'?): the trigger fails every time it fires",
          stage: 'runtime',
        }]);
      } else {
        expect(errors).toEqual([]);
      }
    });
  });

  describe('resource example', () => {
    const workflow = (labels: Record<string, string>, created = NOW): Record<string, unknown> => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: 'wf-1', namespace: 'argo-events', labels, creationTimestamp: created, uid: 'u-1' },
      spec: { entrypoint: 'main' },
    });

    test('a new matching Workflow submits a workflow carrying the event body', () => {
      const sim = example('event-sources/resource.yaml', 'sensors/resource.yaml');
      const result = sim.emit({ type: 'ADD', object: workflow({ app: 'my-workflow' }) });
      expect(result.triggers).toEqual(['resource/argo-workflow']);
      const action = result.actions[0] as K8sAction;
      expect(action).toMatchObject({ kind: 'k8s', operation: 'create', outcome: 'created' });
      expect((action.result?.metadata as Record<string, string>).name).toMatch(/^resource-workflow-[a-z0-9]{5}$/);
      expect(JSON.parse(firstArgument(action))).toEqual(workflow({ app: 'my-workflow' }));
    });

    test('the label selector, event types and afterStart drop other events', () => {
      const sim = example('event-sources/resource.yaml', 'sensors/resource.yaml');
      expect(sim.emit({ type: 'ADD', object: workflow({ app: 'other' }) }).trace[0].reason).toMatch(/^labels do not match the selector app==?my-workflow$/);
      expect(sim.emit({ type: 'DELETE', object: workflow({ app: 'my-workflow' }) }).trace[0].reason).toBe('eventTypes [ADD] does not include DELETE');
      expect(sim.emit({ type: 'ADD', object: workflow({ app: 'my-workflow' }, '2024-07-15T11:59:59Z') }).trace[0].reason)
        .toContain('filter.afterStart');
    });
  });

  describe('webhook data filter example', () => {
    test('only messages matching hello or hey submit the workflow', () => {
      const sim = example('event-sources/webhook.yaml', 'sensors/filter-with-data-simple-1.yaml');
      const hello = sim.emitEvent({ eventSourceName: 'webhook', eventName: 'example', data: { header: {}, body: { message: 'hey there' } } });
      expect(hello.triggers).toEqual(['with-simple-data-filter-1/data-workflow']);
      const action = hello.actions[0] as K8sAction;
      expect(firstArgument(action)).toBe('hey there');

      const other = sim.emitEvent({ eventSourceName: 'webhook', eventName: 'example', data: { header: {}, body: { message: 'goodbye' } } });
      expect(other.triggers).toEqual([]);
      expect(other.trace[0].dependencies[0]).toMatchObject({ matched: false, reason: 'filter data did not pass' });

      const missing = sim.emitEvent({ eventSourceName: 'webhook', eventName: 'example', data: { header: {}, body: {} } });
      expect(missing.trace[0].dependencies[0]).toMatchObject({ matched: false, error: "data filter error (path 'body.message' does not exist)" });
    });
  });

  describe('complete trigger parameterization example', () => {
    test('trigger-level parameters rename the trigger and rewrite the S3 source, which is not available offline', () => {
      const sim = example('sensors/complete-trigger-parameterization.yaml');
      const result = sim.emitEvent({
        eventSourceName: 'webhook',
        eventName: 'example',
        data: { name: 'trigger-wf-1', namespace: 'argo-events', bucket: 'mybucket', port: '9000', key: 'hello.yaml', image: 'docker/busybox' },
      });
      expect(result.triggers).toEqual(['complete-trigger-parameterization/trigger-wf-1']);
      const action = result.actions[0] as K8sAction;
      expect(action).toMatchObject({
        kind: 'k8s',
        operation: 'create',
        outcome: 'source-unavailable',
        failed: true,
        source: {
          s3: {
            bucket: { name: 'mybucket', key: 'hello.yaml' },
            // `append` concatenates the port to the existing endpoint, port included.
            endpoint: 'minio-service.argo-events:90009000',
          },
        },
      });
      expect(action.error).toContain('s3');
    });
  });
}
