import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { main } from '../../src/cli/main';
import { CliIo } from '../../src/cli/io';

const ROOT = path.resolve(__dirname, '..', '..');

const MANIFESTS = `
apiVersion: argoproj.io/v1alpha1
kind: EventSource
metadata: {name: hub, namespace: apps}
spec:
  resource:
    deployments:
      namespace: apps
      group: apps
      version: v1
      resource: deployments
      eventTypes: [ADD, UPDATE]
---
apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: hub, namespace: apps}
spec:
  dependencies:
    - name: image-changed
      eventSourceName: hub
      eventName: deployments
      filters:
        exprs:
          - expr: new != old
            fields:
              - {name: new, path: body.spec.template.spec.containers.0.image}
              - {name: old, path: oldBody.spec.template.spec.containers.0.image}
  triggers:
    - template:
        name: purge-cdn
        http:
          url: https://cdn.example.com/purge
          payload:
            - src: {dependencyName: image-changed, dataKey: body.metadata.name}
              dest: name
      atLeastOnce: true
      retryStrategy: {steps: 3}
      policy:
        status: {allow: [200]}
`;

function deployment(image: string, resourceVersion: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: apps, resourceVersion: "${resourceVersion}", creationTimestamp: "2024-07-15T11:00:00Z"}
spec:
  template:
    spec:
      containers: [{name: web, image: "${image}"}]
`;
}

let dir: string;

function file(name: string, content: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resource-hooks-cli-'));
  file('hub.yaml', MANIFESTS);
  file('old.yaml', deployment('web:1', '1'));
  file('new.yaml', deployment('web:2', '2'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('resource-hooks simulate', () => {
  test('--json prints actions and trace for one change', async () => {
    const r = await run(['simulate', path.join(dir, 'hub.yaml'), '--type', 'UPDATE', '--old', path.join(dir, 'old.yaml'), '--new', path.join(dir, 'new.yaml'), '--json', '--now', '2024-07-15T12:00:00Z']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.triggers).toEqual(['hub/purge-cdn']);
    expect(out.actions[0]).toMatchObject({
      sensor: 'hub', trigger: 'purge-cdn', kind: 'http', outcome: 'sent',
      request: { method: 'POST', url: 'https://cdn.example.com/purge', headers: {}, body: { name: 'web' } },
    });
    expect(out.trace[0]).toMatchObject({ eventSource: 'hub', eventName: 'deployments', emitted: true });
  });

  test('reads a directory and prints a readable report, with simulated failures', async () => {
    const r = await run(['simulate', dir.replace(/\/?$/, ''), '--type', 'UPDATE', '--old', path.join(dir, 'old.yaml'), '--new', path.join(dir, 'new.yaml'), '--http-status', '500']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('UPDATE Deployment/apps/web');
    expect(r.stdout).toContain('hub/image-changed: matched → purge-cdn fired');
    expect(r.stdout).toContain('hub/purge-cdn [http] POST https://cdn.example.com/purge → 500 → failed');
    expect(r.stdout).toContain('attempts: 3 (sleeps 1s, 1s plus jitter)');
  });

  test('a dead-letter run is listed after the trigger that failed for good', async () => {
    const hub = file('dlq.yaml', MANIFESTS.replace('      policy:\n', '      dlqTrigger:\n        atLeastOnce: true\n        template: {name: record-failure, log: {}}\n      policy:\n'));
    const r = await run(['simulate', hub, '--type', 'UPDATE', '--old', path.join(dir, 'old.yaml'), '--new', path.join(dir, 'new.yaml'), '--http-status', '500']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain([
      '    hub/purge-cdn [http] POST https://cdn.example.com/purge → 500 → failed',
      '      error: policy.status: response status 500 is not in the allowed list [200]',
      '      attempts: 3 (sleeps 1s, 1s plus jitter)',
      '      failed for good: dead-letter trigger record-failure runs next',
      '    hub/record-failure (dead-letter of purge-cdn) [log] 1 event(s) → logged',
    ].join('\n'));
  });

  test('--events applies a sequence with state and prints one result per event', async () => {
    const events = file('events.json', JSON.stringify([
      { type: 'ADD', object: parse(deployment('web:1', '1')) },
      { type: 'UPDATE', oldObject: parse(deployment('web:1', '1')), object: parse(deployment('web:2', '2')), time: '2024-07-15T12:01:00Z' },
    ]));
    const r = await run(['simulate', path.join(dir, 'hub.yaml'), '--events', events, '--json', '--now', '2024-07-15T12:00:00Z']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.results.map((x: { type: string; triggers: string[] }) => [x.type, x.triggers])).toEqual([['ADD', []], ['UPDATE', ['hub/purge-cdn']]]);
    expect(out.results[1].object).toBe('Deployment/apps/web');
  });

  test.each([
    [['--type', 'UPDATE', '--new', 'new.yaml'], '--old <file> is required for --type UPDATE'],
    [['--type', 'CHANGE', '--new', 'new.yaml'], "option '--type <type>' argument 'CHANGE' is invalid"],
    [['--type', 'ADD', '--new', 'missing.yaml'], 'missing.yaml: cannot read: ENOENT'],
    [['--type', 'ADD', '--new', 'new.yaml', '--now', 'yesterday'], '--now: cannot parse "yesterday" as RFC 3339'],
    [['--type', 'ADD', '--new', 'hub.yaml'], 'hub.yaml: expected exactly one object, found 2'],
    [['--events', 'bad-events.yaml'], 'bad-events.yaml: events[0].type: must be ADD, UPDATE or DELETE, not "MODIFIED"'],
  ])('exits 2 on invalid input: %j', async (args, message) => {
    file('bad-events.yaml', '- type: MODIFIED\n  object: {apiVersion: v1, kind: Pod, metadata: {name: p}}\n');
    const resolved = args.map((a) => (a.endsWith('.yaml') ? path.join(dir, a) : a));
    const r = await run(['simulate', path.join(dir, 'hub.yaml'), ...resolved]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  test('a filter that fails at run time is reported on its dependency; --strict exits 2 naming the file and field', async () => {
    const broken = file('broken.yaml', MANIFESTS.replace('expr: new != old', 'expr: "new !== old"'));
    const args = ['simulate', broken, '--type', 'UPDATE', '--old', path.join(dir, 'old.yaml'), '--new', path.join(dir, 'new.yaml')];
    const lenient = await run([...args, '--json']);
    expect(lenient.code).toBe(0);
    const out = JSON.parse(lenient.stdout);
    expect(out.triggers).toEqual([]);
    expect(out.trace[0].dependencies[0]).toMatchObject({
      dependency: 'image-changed', matched: false, reason: 'a filter reported an error, so the event is discarded',
      error: expect.stringMatching(/^expr filter error \(/),
    });
    expect(out.diagnostics).toEqual([expect.objectContaining({ severity: 'error', stage: 'runtime', where: 'Sensor/apps/hub spec.dependencies[0].filters.exprs[0].expr' })]);

    const text = await run(args);
    expect(text.code).toBe(0);
    expect(text.stderr).toContain(`error (fails at run time): ${broken}: Sensor/apps/hub spec.dependencies[0].filters.exprs[0].expr: `);

    const strict = await run([...args, '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain('resource-hooks simulate: the manifests have errors:\n');
    expect(strict.stderr).toContain(`${broken}: Sensor/apps/hub spec.dependencies[0].filters.exprs[0].expr: `);
  });

  test('one bad dependency among good ones: the good ones still fire', async () => {
    // Without conditions a trigger waits for every dependency, so purge-cdn names its own.
    const hub = file('two.yaml', MANIFESTS.replace('name: purge-cdn\n', 'name: purge-cdn\n        conditions: image-changed\n').replace('  triggers:\n', `    - name: bad-regex
      eventSourceName: hub
      eventName: deployments
      filters:
        data:
          - {path: body.metadata.name, type: string, value: ["(web"]}
  triggers:
    - template:
        name: log-bad
        conditions: bad-regex
        log: {}
`));
    const r = await run(['simulate', hub, '--type', 'UPDATE', '--old', path.join(dir, 'old.yaml'), '--new', path.join(dir, 'new.yaml'), '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.triggers).toEqual(['hub/purge-cdn']);
    expect(out.trace[0].dependencies.map((d: { dependency: string; matched: boolean; error?: string }) => [d.dependency, d.matched, d.error])).toEqual([
      ['image-changed', true, undefined],
      ['bad-regex', false, 'data filter error (error parsing regexp: missing closing ): `(web`)'],
    ]);
  });

  test('--events entries keep their own time, without --now', async () => {
    const events = file('timed.yaml', JSON.stringify([
      { type: 'ADD', object: parse(deployment('web:1', '1')), time: '2024-07-15T12:00:00Z' },
      { type: 'UPDATE', oldObject: parse(deployment('web:1', '1')), object: parse(deployment('web:2', '2')), time: '2024-07-15T12:05:00Z' },
    ]));
    const r = await run(['simulate', path.join(dir, 'hub.yaml'), '--events', events, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.results.map((x: { trace: { event?: { time: string } }[] }) => x.trace[0].event?.time)).toEqual(['2024-07-15T12:00:00Z', '2024-07-15T12:05:00Z']);
    const text = await run(['simulate', path.join(dir, 'hub.yaml'), '--events', events]);
    expect(text.stdout).toContain('[1] UPDATE Deployment/apps/web at 2024-07-15T12:05:00Z');

    const backwards = file('backwards.yaml', JSON.stringify([
      { type: 'ADD', object: parse(deployment('web:1', '1')), time: '2024-07-15T12:05:00Z' },
      { type: 'ADD', object: parse(deployment('web:1', '1')), time: '2024-07-15T12:00:00Z' },
    ]));
    const bad = await run(['simulate', path.join(dir, 'hub.yaml'), '--events', backwards]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`--events ${backwards}: events[1].time: 2024-07-15T12:00:00Z is before events[0].time 2024-07-15T12:05:00Z`);
    const beforeNow = await run(['simulate', path.join(dir, 'hub.yaml'), '--events', events, '--now', '2024-07-15T13:00:00Z']);
    expect(beforeNow.code).toBe(2);
    expect(beforeNow.stderr).toContain('events[0].time: 2024-07-15T12:00:00Z is before --now 2024-07-15T13:00:00Z');
  });

  test('runs as a real process', async () => {
    const r = spawnSync(process.execPath, [
      '-r', 'ts-node/register/transpile-only', path.join(ROOT, 'src', 'cli', 'main.ts'),
      'simulate', path.join(dir, 'hub.yaml'), '--type', 'ADD', '--new', path.join(dir, 'new.yaml'), '--json',
    ], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.trace[0].dependencies[0]).toMatchObject({ dependency: 'image-changed', matched: false, error: "expr filter error (path 'oldBody.spec.template.spec.containers.0.image' does not exist)" });
  });
});
