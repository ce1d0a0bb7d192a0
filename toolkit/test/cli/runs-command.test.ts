import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { EXIT_FORBIDDEN, EXIT_UNREACHABLE } from '../../src/cli/watch-command';
import { RunsCommandDeps, RunsOptions, runRuns, runsCommand } from '../../src/cli/runs-command';
import { KubeConfigError } from '../../src/watch/errors';
import { FakeKubeApi } from '../watch/fake-kube-api';
import { transpileEntry } from '../watch/transpile-entry';
import { HttpResourceClient } from '../runs/http-resource-client';
import { NOW, scenario, serveScenario } from '../runs/cluster-scenario';

const REPO = path.resolve(__dirname, '..', '..');

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The screen of toolkit/docs/runs.md: the text block under "## A screen", without its command line. */
function documentedScreen(): string {
  const doc = fs.readFileSync(path.join(REPO, 'docs', 'runs.md'), 'utf8');
  const block = doc.split('## A screen')[1].split('```text\n')[1].split('```')[0];
  expect(block.startsWith('$ resource-hooks runs\n')).toBe(true);
  return block.slice('$ resource-hooks runs\n'.length);
}

describe('runRuns in process, against the Kubernetes API test double', () => {
  let api: FakeKubeApi;

  beforeEach(async () => {
    api = await FakeKubeApi.start();
    serveScenario(api, scenario());
  });

  afterEach(async () => {
    await api.close();
  });

  async function run(options: RunsOptions, deps: RunsCommandDeps = {}): Promise<Result> {
    let stdout = '';
    let stderr = '';
    const code = await runRuns(options, {
      io: { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } },
      connect: () => ({ client: new HttpResourceClient(api.url), context: 'kind-dev' }),
      clock: () => NOW,
      ...deps,
    });
    return { code, stdout, stderr };
  }

  const requested = (): string[] => api.requests.map((r) => `${r.path}${r.query.has('labelSelector') ? `?${r.query.get('labelSelector')}` : ''}`);

  test('the table: every hub\'s health and every hook\'s runs of the last 24 h, on 100 columns (the screen of docs/runs.md)', async () => {
    const { code, stdout, stderr } = await run({});
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toBe(documentedScreen());
    expect(Math.max(...stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(100);
    // One list per resource for all namespaces, then the pods of the hub namespaces.
    expect(requested()).toEqual([
      '/apis/batch/v1/jobs?events.argoproj.io/sensor',
      '/apis/argoproj.io/v1alpha1/workflows?events.argoproj.io/sensor',
      '/api/v1/events?resource-hooks.cdk8s.io/hook',
      '/apis/argoproj.io/v1alpha1/sensors',
      '/apis/argoproj.io/v1alpha1/eventsources',
      '/apis/argoproj.io/v1alpha1/eventbus',
      '/api/v1/namespaces/ci/pods?controller in (eventbus-controller,eventsource-controller,sensor-controller)',
      '/api/v1/namespaces/team-a/pods?controller in (eventbus-controller,eventsource-controller,sensor-controller)',
      '/api/v1/namespaces/web/pods?controller in (eventbus-controller,eventsource-controller,sensor-controller)',
    ]);
  });

  test('--json: one document with the documented fields', async () => {
    const { code, stdout, stderr } = await run({ json: true, hub: 'web-hooks' });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(['context', 'server', 'time', 'since', 'namespaces', 'filters', 'hubs', 'unreadable']);
    expect(report).toMatchObject({
      context: 'kind-dev', server: api.url, time: '2026-11-22T10:30:00Z', since: '2026-11-21T10:30:00Z', namespaces: null,
      filters: { hub: 'web-hooks', hook: null, target: null, limit: 5 }, unreadable: [],
    });
    const [hub] = report.hubs;
    expect(Object.keys(hub)).toEqual(['name', 'namespace', 'health', 'hooks']);
    expect(Object.keys(hub.health)).toEqual(['healthy', 'problems', 'components']);
    expect(Object.keys(hub.health.components[0])).toEqual(['kind', 'name', 'found', 'conditions', 'podsExpected', 'pods', 'ready']);
    expect(Object.keys(hub.hooks[1])).toEqual(['name', 'triggers', 'runs', 'moreRuns', 'events', 'moreEvents']);
    expect(Object.keys(hub.hooks[1].runs[0])).toEqual([
      'kind', 'namespace', 'name', 'trigger', 'time', 'change', 'target', 'status', 'reason', 'message', 'startTime', 'completionTime', 'durationSeconds', 'failedPods',
    ]);
    expect(Object.keys(hub.hooks[1].events[0])).toEqual(['type', 'reason', 'time', 'count', 'message', 'target', 'namespace', 'name', 'run']);
    // The failed run of the example in docs/runs.md, as the command prints it.
    expect(hub.hooks[1].runs[1]).toEqual({
      kind: 'Job',
      namespace: 'web',
      name: 'web-watch-smoke-test-0c1d2e3f4a',
      trigger: 'web-watch-smoke-test-job',
      time: '2026-11-22T08:20:00Z',
      change: 'generation 6',
      target: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'web', name: 'web' },
      status: 'failed',
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
      startTime: '2026-11-22T08:20:01Z',
      completionTime: '2026-11-22T08:24:32Z',
      durationSeconds: 271,
      failedPods: 4,
    });
    // The example of docs/runs.md: the same fields in the same order, and the same failed run and Event.
    const doc = fs.readFileSync(path.join(REPO, 'docs', 'runs.md'), 'utf8');
    const documented = JSON.parse(doc.split('## JSON')[1].split('```json\n')[1].split('```')[0]);
    const [documentedHub] = documented.hubs;
    const [documentedHook] = documentedHub.hooks;
    expect(Object.keys(documented)).toEqual(Object.keys(report));
    expect(Object.keys(documentedHub)).toEqual(Object.keys(hub));
    expect(Object.keys(documentedHub.health.components[0])).toEqual(Object.keys(hub.health.components[0]));
    expect(Object.keys(documentedHook)).toEqual(Object.keys(hub.hooks[1]));
    expect(Object.keys(documented.unreadable[0])).toEqual(['resource', 'namespace', 'problem', 'message']);
    expect(documentedHook.runs[0]).toEqual(hub.hooks[1].runs[1]);
    expect(documentedHook.events[0]).toEqual(hub.hooks[1].events[0]);
    expect(documentedHub.health.problems).toEqual(hub.health.problems);
  });

  test('--hub selects on the server; --hook, --target, --since and --limit narrow what is shown', async () => {
    const byHub = await run({ hub: 'web-hooks', hook: 'web-watch-smoke-test', target: 'deployment/web', since: '7d', limit: '2' });
    expect(byHub.code).toBe(0);
    expect(requested().slice(0, 3)).toEqual([
      '/apis/batch/v1/jobs?events.argoproj.io/sensor=web-hooks',
      '/apis/argoproj.io/v1alpha1/workflows?events.argoproj.io/sensor=web-hooks',
      '/api/v1/events?resource-hooks.cdk8s.io/hub=web-hooks,resource-hooks.cdk8s.io/hook=web-watch-smoke-test',
    ]);
    expect(byHub.stdout.split('\n').slice(0, 2)).toEqual(['Hook runs in the last 7d (since 2026-11-15T10:30:00Z), all namespaces, context kind-dev', '']);
    expect(byHub.stdout).toContain([
      '  HOOK web-watch-smoke-test  on Deployment web/web',
      '    AGE   CHANGE        RUN                                  STATUS   DURATION',
      '    12m   generation 7  job/web-watch-smoke-test-3f2a9c1e0b  running  11m',
      '    130m  generation 6  job/web-watch-smoke-test-0c1d2e3f4a  failed   4m31s',
      '          BackoffLimitExceeded: Job has reached the specified backoff limit (4 failed pods)',
      '    ... 2 older runs in the last 7d not shown (--limit 2)',
      '    125m  HookFailed: hook web-watch-smoke-test: Job web/web-watch-smoke-test-0c1d2e3f4a failed:',
      '            BackoffLimitExceeded',
      '',
    ].join('\n'));
    expect(byHub.stdout).not.toContain('HOOK web-watch-purge-cdn');

    const byTarget = await run({ target: 'ConfigMap/team-b-settings' });
    expect(byTarget.stdout.match(/^ {2}HOOK .*/gm)).toEqual(['  HOOK team-b-watch-apply-settings  on ConfigMap team-b/team-b-settings']);
    const none = await run({ target: 'configmap/nothing', hub: 'web-hooks' });
    expect(none.stdout).toBe('Hook runs in the last 24h (since 2026-11-21T10:30:00Z), all namespaces, context kind-dev\n\n'
      + 'No hub or run matches hub web-hooks, target configmap/nothing.\n');
  });

  test('--namespace reads only the namespaces given (repeated or comma-separated)', async () => {
    const { code, stdout } = await run({ namespace: ['web', 'team-a,web'] });
    expect(code).toBe(0);
    expect(new Set(api.requests.map((r) => r.path.split('/namespaces/')[1]?.split('/')[0]))).toEqual(new Set(['web', 'team-a']));
    expect(stdout.split('\n')[0]).toBe('Hook runs in the last 24h (since 2026-11-21T10:30:00Z), namespaces web, team-a, context kind-dev');
    // The team-b Job of team-a's hub is not read.
    expect(stdout).toContain('  HOOK team-b-watch-apply-settings\n    no Job or Workflow in the last 24h\n');
    expect(stdout).not.toContain('HUB ci/');
  });

  test('namespaces RBAC refuses are named; the rest is shown, exit 0', async () => {
    for (const collection of ['/apis/batch/v1/jobs', '/api/v1/events', '/apis/batch/v1/namespaces/team-b/jobs', '/api/v1/namespaces/team-b/events', '/api/v1/namespaces/ci/pods']) {
      api.forbid(collection);
    }
    const { code, stdout, stderr } = await run({});
    expect(code).toBe(0);
    expect(stderr).toBe([
      'resource-hooks runs: forbidden: RBAC does not let you list events in namespace team-b (grant the "list" verb on events there); not shown. '
        + 'The server said: /api/v1/namespaces/team-b/events is forbidden: User "tester" cannot list it',
      'resource-hooks runs: forbidden: RBAC does not let you list jobs.batch in namespace team-b (grant the "list" verb on jobs.batch there); not shown. '
        + 'The server said: /apis/batch/v1/namespaces/team-b/jobs is forbidden: User "tester" cannot list it',
      'resource-hooks runs: forbidden: RBAC does not let you list pods in namespace ci (grant the "list" verb on pods there); not shown. '
        + 'The server said: /api/v1/namespaces/ci/pods is forbidden: User "tester" cannot list it',
      '',
    ].join('\n'));
    expect(stdout).toContain('HUB ci/build-on-push: health unknown\n  EventSource  github         pods could not be read');
    expect(stdout).toContain('  HOOK web-watch-smoke-test  on Deployment web/web\n    AGE ');
    expect(stdout.endsWith('\nNot shown, could not be read: events in team-b (forbidden), jobs.batch in team-b (forbidden), pods\nin ci (forbidden).\n')).toBe(true);
  });

  test('every list refused: exit 4, nothing on stdout', async () => {
    api.forbid('*');
    const { code, stdout, stderr } = await run({ json: true });
    expect({ code, stdout }).toEqual({ code: EXIT_FORBIDDEN, stdout: '' });
    expect(stderr).toContain('resource-hooks runs: forbidden: RBAC does not let you list jobs.batch in all namespaces (grant the "list" verb on jobs.batch cluster-wide)');
    expect(stderr.endsWith(`resource-hooks runs: every list was refused; nothing to show (context kind-dev, server ${api.url})\n`)).toBe(true);
  });

  test('an unreachable server: exit 3, naming it', async () => {
    const url = api.url;
    await api.close();
    api = await FakeKubeApi.start();
    const { code, stdout, stderr } = await run({}, { connect: () => ({ client: new HttpResourceClient(url), context: 'kind-dev' }) });
    expect({ code, stdout, stderr }).toEqual({ code: EXIT_UNREACHABLE, stdout: '', stderr: `resource-hooks runs: cannot reach the Kubernetes API server at ${url}: connection refused\n` });
  });

  test.each([
    [{ since: 'yesterday' }, '--since: expected a duration such as 30m, 24h, 1h30m or 7d, not "yesterday"'],
    [{ limit: '0' }, '--limit: expected a whole number of runs per hook, at least 1, not "0"'],
    [{ target: 'web' }, '--target: expected KIND/NAME such as deployment/web or configmap/settings, not "web"'],
    [{ namespace: ['web,Team_B'] }, '--namespace: "Team_B" is not a namespace name (lowercase letters, digits and "-")'],
    [{ hub: 'web hooks' }, '--hub: "web hooks" cannot be a hub (Sensor) name (at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit)'],
    [{ hook: '-x' }, '--hook: "-x" cannot be a hook (Sensor dependency) name (at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit)'],
  ])('bad option %j: exit 2 before any request', async (options, message) => {
    const { code, stdout, stderr } = await run(options as RunsOptions);
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: `resource-hooks runs: ${message}\n` });
    expect(api.requests).toEqual([]);
  });

  test('kubeconfig problems exit 2 with the fix', async () => {
    const { code, stderr } = await run({}, {
      connect: () => {
        throw new KubeConfigError('context "prod" is not in the kubeconfig (/k) (available: kind-dev); see "kubectl config get-contexts"');
      },
    });
    expect({ code, stderr }).toEqual({ code: 2, stderr: 'resource-hooks runs: context "prod" is not in the kubeconfig (/k) (available: kind-dev); see "kubectl config get-contexts"\n' });
  });
});

describe('resource-hooks runs: the command line', () => {
  async function cli(...args: string[]): Promise<Result> {
    let stdout = '';
    let stderr = '';
    const code = await main(args, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
    return { code, stdout, stderr };
  }

  test.each([
    [['runs', '--frobnicate'], "error: unknown option '--frobnicate'"],
    [['runs', 'web'], "error: too many arguments for 'runs'. Expected 0 arguments but got 1."],
    [['runs', '--limit'], "error: option '--limit <n>' argument missing"],
    [['runs', '--since', '1w'], 'resource-hooks runs: --since: expected a duration such as 30m, 24h, 1h30m or 7d, not "1w"'],
  ])('%j exits 2', async (args, message) => {
    const { code, stderr } = await cli(...args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  test('--help lists the options', async () => {
    const { code, stdout } = await cli('runs', '--help');
    expect(code).toBe(0);
    for (const option of ['--context <name>', '-n, --namespace <namespace>', '--hub <name>', '--hook <name>', '--target <kind/name>', '--since <duration>', '--limit <n>', '--json']) {
      expect(stdout).toContain(option);
    }
  });

  test('the command hands the exit code over, also after an unexpected error', async () => {
    const codes: number[] = [];
    let stderr = '';
    const command = runsCommand({
      io: { stdout: () => undefined, stderr: (t) => { stderr += t; } },
      connect: () => {
        throw new Error('kaboom');
      },
      exit: (code) => codes.push(code),
    });
    await command.parseAsync([], { from: 'user' });
    expect(codes).toEqual([1]);
    expect(stderr).toMatch(/^resource-hooks runs: unexpected error: Error: kaboom/);
  });

  test('a missing kubeconfig is found before any cluster library is loaded', async () => {
    const saved = process.env.KUBECONFIG;
    process.env.KUBECONFIG = path.join(os.tmpdir(), 'resource-hooks-runs-no-such-kubeconfig');
    try {
      const { code, stderr } = await cli('runs');
      expect(code).toBe(2);
      expect(stderr).toBe(`resource-hooks runs: KUBECONFIG=${process.env.KUBECONFIG} names no existing file: `
        + 'point it at your kubeconfig, or unset it to use ~/.kube/config\n');
    } finally {
      if (saved === undefined) {
        delete process.env.KUBECONFIG;
      } else {
        process.env.KUBECONFIG = saved;
      }
    }
  });
});

describe('resource-hooks runs as a process, through the kubeconfig and @kubernetes/client-node', () => {
  /** Allow for a slow, busy machine. */
  const EXIT_MS = 30_000;

  interface Finished extends Result {
    readonly server: string;
  }

  let dir: string;
  let entry: string;
  const servers: FakeKubeApi[] = [];
  const children: ChildProcess[] = [];
  let table: Promise<Finished>;
  let json: Promise<Finished>;
  let unreachable: Promise<Finished>;
  let forbidden: Promise<Finished>;
  let unknownContext: Promise<Finished>;

  function runCli(kubeconfig: string, args: string[]): Promise<Result> {
    const child = spawn(process.execPath, [entry, 'runs', ...args], {
      cwd: dir,
      env: { ...process.env, KUBECONFIG: kubeconfig, HOME: dir, NODE_PATH: [path.join(REPO, 'node_modules'), path.join(REPO, '..', 'node_modules')].join(path.delimiter) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (c: string) => { stdout += c; });
    child.stderr!.setEncoding('utf8').on('data', (c: string) => { stderr += c; });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`resource-hooks runs ${args.join(' ')} did not exit within ${EXIT_MS} ms; stderr:\n${stderr}`)), EXIT_MS);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? -1, stdout, stderr });
      });
    });
  }

  /** Runs the CLI against a new test double that `setup` prepares. */
  async function against(name: string, args: string[], setup: (api: FakeKubeApi) => Promise<void>): Promise<Finished> {
    const api = await FakeKubeApi.start();
    servers.push(api);
    const home = path.join(dir, name);
    fs.mkdirSync(home);
    const kubeconfig = api.writeKubeconfig(home);
    const server = api.url;
    await setup(api);
    return { ...(await runCli(kubeconfig, args)), server };
  }

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resource-hooks-runs-e2e-'));
    entry = transpileEntry(REPO, path.join(REPO, 'src', 'cli', 'main.ts'), path.join(dir, 'build'));
    fs.copyFileSync(path.join(REPO, 'package.json'), path.join(dir, 'build', 'package.json'));
    // The runs start together and are awaited in their tests; the ages are relative to now, as in
    // a cluster (the scenario's times are at least 10 minutes old, so they print in whole minutes).
    const live = scenario(new Date());
    table = against('table', [], async (api) => serveScenario(api, live));
    json = against('json', ['--json', '-n', 'web', '--hook', 'web-watch-smoke-test'], async (api) => serveScenario(api, live));
    unreachable = against('unreachable', [], (api) => api.close());
    forbidden = against('forbidden', [], async (api) => api.forbid('*'));
    unknownContext = against('context', ['--context', 'prod'], async () => undefined);
    for (const p of [table, json, unreachable, forbidden, unknownContext]) {
      p.catch(() => undefined);
    }
  });

  afterAll(async () => {
    await Promise.allSettled([table, json, unreachable, forbidden, unknownContext]);
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
    }
    await Promise.all(servers.map((s) => s.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('prints the table (authenticated with the kubeconfig\'s token), exit 0', async () => {
    const run = await table;
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^Hook runs in the last 24h \(since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\), all namespaces, context fake$/);
    // The same screen as in process, but for the header, and for ages and durations of runs still
    // going, which move on while the process starts (on a busy machine, past a minute boundary).
    const times = (text: string): string => text.replace(/\b\d+(h\d+m|h|m\d+s|m|s)\b/g, '<t>').replace(/ +/g, ' ');
    expect(times(lines.slice(1).join('\n'))).toBe(times(documentedScreen().split('\n').slice(1).join('\n')));
  }, 60_000);

  test('--json', async () => {
    const run = await json;
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ context: 'fake', server: run.server, namespaces: ['web'], filters: { hook: 'web-watch-smoke-test' } });
    expect(report.hubs.map((h: any) => [h.namespace, h.name, h.health.healthy, h.hooks.map((k: any) => k.runs.map((r: any) => r.status))])).toEqual([
      ['web', 'web-hooks', false, [['running', 'failed', 'succeeded']]],
    ]);
  }, 60_000);

  test('an unreachable server: exit 3', async () => {
    const run = await unreachable;
    expect(run.code).toBe(EXIT_UNREACHABLE);
    expect(run.stderr).toBe(`resource-hooks runs: cannot reach the Kubernetes API server at ${run.server}: connection refused\n`);
    expect(run.stdout).toBe('');
  }, 60_000);

  test('every list forbidden: exit 4', async () => {
    const run = await forbidden;
    expect(run.code).toBe(EXIT_FORBIDDEN);
    expect(run.stderr).toContain('resource-hooks runs: forbidden: RBAC does not let you list sensors.argoproj.io in all namespaces');
    expect(run.stderr).toContain(`resource-hooks runs: every list was refused; nothing to show (context fake, server ${run.server})\n`);
  }, 60_000);

  test('an unknown context: exit 2', async () => {
    const run = await unknownContext;
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^resource-hooks runs: context "prod" is not in the kubeconfig \(.*\) \(available: fake\); see "kubectl config get-contexts"\n$/);
  }, 60_000);
});
