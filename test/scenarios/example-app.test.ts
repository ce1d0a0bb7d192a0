import { Testing } from 'cdk8s';
import { WebChart } from '../../src/example-charts';
import { Simulator } from 'resource-hooks/simulate';
import { deployment, steadyDeployment, withStatus } from '../support/workloads';

// What the example app's web hooks do with realistic changes of the web Deployment.
describe('example app, simulated', () => {
  function webSimulator(): Simulator {
    return Simulator.fromChart(new WebChart(Testing.app(), 'web'));
  }
  // The example's Deployment carries the labels the chart gives it (the web hub's among them).
  const labels = Testing.synth(new WebChart(Testing.app(), 'web')).find((o) => o.kind === 'Deployment' && o.metadata.name === 'web').metadata.labels;
  const web = (object: any): any => ({ ...object, metadata: { ...object.metadata, labels } });

  test('a status-only update runs nothing', () => {
    const sim = webSimulator();
    const before = web(steadyDeployment('web', 'web', 4, 'ghcr.io/acme/web:1.4.2'));
    const after = withStatus(before, { availableReplicas: 2, readyReplicas: 2 });
    expect(sim.emit({ type: 'UPDATE', object: after, oldObject: before }).actions).toEqual([]);
  });

  test('an image change runs exactly the smoke-test Job, with the new image in its env', () => {
    const sim = webSimulator();
    const before = web(steadyDeployment('web', 'web', 4, 'ghcr.io/acme/web:1.4.2'));
    const after = web(deployment('web', 'web', {
      generation: 5, observedGeneration: 4, revision: 4, image: 'ghcr.io/acme/web:1.5.0', replicas: 3,
      statusReplicas: 3, updated: 3, available: 3, reason: 'NewReplicaSetAvailable',
    }));
    const result = sim.emit({ type: 'UPDATE', object: after, oldObject: before });
    // The Job, and the HookTriggered Event on the Deployment that says so.
    expect(result.triggers).toEqual(['web-hooks/web-watch-smoke-test-job', 'web-hooks/web-watch-smoke-test-event']);
    expect((result.actions[1] as any).object).toMatchObject({
      kind: 'Event', type: 'Normal', reason: 'HookTriggered',
      involvedObject: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'web', name: 'web', uid: after.metadata.uid },
    });
    const action: any = result.actions[0];
    expect(action.outcome).toBe('created');
    expect(action.object.metadata.name).toMatch(/^web-watch-smoke-test-[0-9a-f]{10}$/);
    expect(action.object.metadata.namespace).toBe('web');
    const env = Object.fromEntries(action.object.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));
    expect(env).toMatchObject({
      HOOK_TARGET_KIND: 'Deployment', HOOK_TARGET_NAMESPACE: 'web', HOOK_TARGET_NAME: 'web',
      HOOK_EVENT_TYPE: 'UPDATE', HOOK_TARGET_GENERATION: '5', WEB_IMAGE: 'ghcr.io/acme/web:1.5.0',
    });
  });

  test('a replayed event cannot start a second Job', () => {
    const sim = webSimulator();
    const before = web(steadyDeployment('web', 'web', 4, 'ghcr.io/acme/web:1.4.2'));
    const after = web(deployment('web', 'web', {
      generation: 5, observedGeneration: 4, revision: 4, image: 'ghcr.io/acme/web:1.5.0', replicas: 3,
      statusReplicas: 3, updated: 3, available: 3, reason: 'NewReplicaSetAvailable',
    }));
    const first: any = sim.emit({ type: 'UPDATE', object: after, oldObject: before }).actions[0];
    const replay: any = sim.emit({ type: 'UPDATE', object: after, oldObject: before }).actions[0];
    expect(first.outcome).toBe('created');
    expect(replay.outcome).toBe('already-exists');
    expect(replay.object.metadata.name).toBe(first.object.metadata.name);
    const hookJobs = sim.cluster.list().filter((o: any) => o.kind === 'Job' && String(o.metadata.name).startsWith('web-watch-smoke-test-'));
    expect(hookJobs).toHaveLength(1);
  });

  test('the completed rollout purges the CDN once, with the secret header and a JSON body', () => {
    const sim = Simulator.fromManifests([
      ...new WebChart(Testing.app(), 'web').toJson(),
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'cdn-token', namespace: 'web' }, stringData: { token: 's3cr3t' } },
    ]);
    const before = web(deployment('web', 'web', {
      generation: 5, observedGeneration: 5, revision: 5, image: 'ghcr.io/acme/web:1.5.0', replicas: 3,
      statusReplicas: 4, updated: 3, available: 3, reason: 'ReplicaSetUpdated',
    }));
    const after = web(steadyDeployment('web', 'web', 5, 'ghcr.io/acme/web:1.5.0'));
    const result = sim.emit({ type: 'UPDATE', object: after, oldObject: before }, { httpStatus: 200 });
    expect(result.triggers).toEqual(['web-hooks/web-watch-purge-cdn-http', 'web-hooks/web-watch-purge-cdn-event']);
    const purge: any = result.actions[0];
    expect(purge.request).toMatchObject({
      method: 'POST', url: 'https://api.fastly.com/service/abc123/purge_all',
      headers: { 'Content-Type': 'application/json', 'Fastly-Key': 's3cr3t' },
      body: { kind: 'Deployment', namespace: 'web', name: 'web', eventType: 'UPDATE', generation: 5, hook: 'web-watch-purge-cdn' },
    });
    expect(purge.outcome).toBe('succeeded');
  });

  test('a 500 from the CDN fails the purge and is retried (at least once delivery)', () => {
    const sim = webSimulator();
    const before = web(deployment('web', 'web', {
      generation: 5, observedGeneration: 5, revision: 5, image: 'x', replicas: 3, statusReplicas: 4, updated: 3, available: 3, reason: 'ReplicaSetUpdated',
    }));
    const after = web(steadyDeployment('web', 'web', 5, 'x'));
    const purge: any = sim.emit({ type: 'UPDATE', object: after, oldObject: before }, { httpStatus: 500 }).actions[0];
    expect(purge.outcome).toBe('failed');
    expect(purge.attempts).toBe(5);
  });
});
