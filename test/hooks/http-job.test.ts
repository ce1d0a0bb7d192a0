import { spawn, spawnSync } from 'child_process';
import * as http from 'http';
import { AddressInfo } from 'net';
import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Simulator } from 'resource-hooks/simulate';
import { EventValue, HookHub, HookTarget, ResourceWatch, Trigger } from '../../src';
import { HTTP_JOB_IMAGE } from '../../src/hooks/http-job';
import { namespacedChart, onlyOfKind } from '../support/charts';
import { steadyDeployment } from '../support/workloads';

function chartWithHub(): Chart {
  const chart = namespacedChart('apps');
  new HookHub(chart, 'hub', { name: 'test-hooks' });
  return chart;
}

function webWatch(chart: Chart): ResourceWatch {
  return new ResourceWatch(chart, 'web', { target: HookTarget.fromReference({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'apps', name: 'web' }) });
}

const dispatch = (chart: Chart): Trigger => Trigger.http({
  url: 'https://api.github.com/repos/acme/web/actions/workflows/deploy.yml/dispatches',
  headers: { Accept: 'application/vnd.github+json' },
  secretHeaders: [{ name: 'Authorization', secret: kplus.Secret.fromSecretName(chart, 'gh', 'github-token'), key: 'token', valuePrefix: 'Bearer ' }],
  payload: { 'ref': EventValue.fromValue('main'), 'inputs.image': EventValue.fromPath('body.spec.template.spec.containers.0.image') },
});

describe('secret headers with a value prefix', () => {
  test('make the request from a curl Job that prefixes the Secret\'s value', () => {
    const chart = chartWithHub();
    webWatch(chart).onSpecChange('dispatch', { triggers: [dispatch(chart)] });
    const trigger = onlyOfKind(chart, 'Sensor').spec.triggers[0];
    expect(trigger.template.http).toBeUndefined();
    const job = trigger.template.k8s.source.resource;
    const container = job.spec.template.spec.containers[0];
    expect(container.image).toBe(HTTP_JOB_IMAGE);
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
    expect(env).toMatchObject({
      HOOK_URL: 'https://api.github.com/repos/acme/web/actions/workflows/deploy.yml/dispatches',
      HOOK_METHOD: 'POST',
      HOOK_HEADER_COUNT: '3',
      HOOK_HEADER_NAME_2: 'Authorization',
      HOOK_SECRET_2: { secretKeyRef: { name: 'github-token', key: 'token' } },
      // Kubernetes expands $(VAR) from the variables defined before it.
      HOOK_HEADER_VALUE_2: 'Bearer $(HOOK_SECRET_2)',
    });
    // Retries are the Job's: 5 attempts.
    expect(job.spec.backoffLimit).toBe(4);
    expect(job.metadata.namespace).toBe('apps');
  });

  test('the simulated Job carries the body rendered from the event, a name per change, and the run metadata', () => {
    const chart = chartWithHub();
    webWatch(chart).onSpecChange('dispatch', { triggers: [dispatch(chart)] });
    const sim = Simulator.fromChart(chart);
    const before = steadyDeployment('web', 'apps', 4, 'web:1');
    const after = steadyDeployment('web', 'apps', 5, 'web:2');
    const run: any = sim.emit({ type: 'UPDATE', oldObject: before, object: after }).actions.find((a: any) => a.object?.kind === 'Job');
    expect(run.outcome).toBe('created');
    expect(run.object.metadata.name).toMatch(/^web-dispatch-http-[0-9a-f]{10}$/);
    expect(run.object.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-web' }]);
    const body = run.object.spec.template.spec.containers[0].env.find((e: any) => e.name === 'HOOK_BODY').value;
    expect(JSON.parse(body)).toEqual({ ref: 'main', inputs: { image: 'web:2' } });
    // A replay of the same change: the same name, so no second call.
    expect(sim.emit({ type: 'UPDATE', oldObject: before, object: after }).actions.find((a: any) => a.object?.kind === 'Job')!.outcome).toBe('already-exists');
  });

  test('runAsJob without a prefix sends the default body; a prefix with a line break is refused', () => {
    const chart = chartWithHub();
    webWatch(chart).onSpecChange('notify', { triggers: [Trigger.http({ url: 'https://example.com/hook', runAsJob: true })] });
    expect(onlyOfKind(chart, 'Sensor').spec.triggers[0].template.k8s.source.resource.spec.template.spec.containers[0].image).toBe(HTTP_JOB_IMAGE);
    const other = chartWithHub();
    const secret = kplus.Secret.fromSecretName(other, 's', 's');
    expect(() => webWatch(other).onSpecChange('x', { triggers: [Trigger.http({ url: 'https://example.com', secretHeaders: [{ name: 'A', secret, key: 'k', valuePrefix: 'Bearer\n' }] })] }))
      .toThrow(/test\/web\/x: secretHeaders\[0\].valuePrefix "Bearer\\n" contains a line break/);
  });
});

/** The Job's script, run by sh with the env as the kubelet would set it, against a server on 127.0.0.1. */
const shAndCurl = spawnSync('sh', ['-c', 'command -v curl'], { encoding: 'utf8' }).status === 0;
if (!shAndCurl) {
  console.warn('sh or curl is missing: the test that runs the HTTP Job\'s script is skipped');
}

(shAndCurl ? describe : describe.skip)('the HTTP Job\'s script', () => {
  let server: http.Server;
  let received: { method?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  let status = 204;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        received.push({ method: req.method, headers: req.headers, body });
        res.statusCode = status;
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function runScript(url: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const chart = chartWithHub();
    const secret = kplus.Secret.fromSecretName(chart, 's', 'github-token');
    webWatch(chart).onSpecChange('x', {
      triggers: [Trigger.http({ url, secretHeaders: [{ name: 'Authorization', secret, key: 'token', valuePrefix: 'Bearer ' }], successStatusCodes: [200, 204] })],
    });
    const container = onlyOfKind(chart, 'Sensor').spec.triggers[0].template.k8s.source.resource.spec.template.spec.containers[0];
    // What the kubelet does: Secret values in, $(VAR) references expanded, then the command.
    const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
    for (const e of container.env) {
      const value = e.valueFrom !== undefined ? 's3cr3t' : e.value.replace(/\$\(([A-Z0-9_]+)\)/g, (_: string, n: string) => env[n] ?? '');
      env[e.name] = e.name === 'HOOK_BODY' ? '{"ref":"main"}' : value;
    }
    return new Promise((resolve) => {
      const child = spawn(container.command[0], [...container.command.slice(1)], { env: { ...env, TMPDIR: '/tmp' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => { stdout += c; });
      child.stderr.on('data', (c) => { stderr += c; });
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  test('sends the method, the prefixed secret header and the body; an allowed status succeeds', async () => {
    received = [];
    status = 204;
    const { port } = server.address() as AddressInfo;
    const result = await runScript(`http://127.0.0.1:${port}/dispatch`);
    expect(result.code).toBe(0);
    expect(received).toHaveLength(1);
    expect(received[0].method).toBe('POST');
    expect(received[0].headers.authorization).toBe('Bearer s3cr3t');
    expect(received[0].headers['content-type']).toBe('application/json');
    expect(received[0].body).toBe('{"ref":"main"}');
    expect(result.stdout).toContain('HTTP 204');
  });

  test('a status outside the allow-list fails the container, so the Job retries and reports it', async () => {
    status = 500;
    const { port } = server.address() as AddressInfo;
    const result = await runScript(`http://127.0.0.1:${port}/dispatch`);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('HTTP 500 is not one of: 200 204');
  });
});
