import { ChildProcess, spawn } from 'child_process';
import { EventEmitter } from 'events';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CommanderError } from 'commander';
import * as YAML from 'yaml';
import { EXIT_FORBIDDEN, EXIT_UNREACHABLE, SignalSource, WatchCommandDeps, runWatch, watchCommand } from '../../src/cli/watch-command';
import { exampleObjects, exampleYaml } from '../support/example-manifests';
import { KubeApiError, KubeConfigError, UnreachableError } from '../../src/watch/errors';
import { FakeClient } from '../watch/fake-client';
import { FakeKubeApi, waitFor } from '../watch/fake-kube-api';
import { transpileEntry } from '../watch/transpile-entry';
import { START, configMap, hubManifests } from '../watch/watch-fixtures';

const REPO = path.resolve(__dirname, '..', '..');

describe('runWatch, in process', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'resource-hooks-watch-'));
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  function writeManifests(file: string, objects: readonly unknown[]): string {
    const target = path.join(tmp, file);
    fs.writeFileSync(target, objects.map((o) => YAML.stringify(o)).join('---\n'));
    return target;
  }

  /** Deps that record everything; `signals` delivers SIGINT/SIGTERM when the test emits them. */
  function fakeDeps(client: FakeClient): WatchCommandDeps & { out: string[]; err: string[]; signals: EventEmitter & SignalSource } {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t) },
      connect: () => ({ client, context: 'test' }),
      signals: new EventEmitter(),
      clock: () => new Date(START),
      sleep: async () => undefined,
    };
  }

  test.each(['SIGINT', 'SIGTERM'] as const)('prints the changes and their triggers until %s, then exits 0', async (signal) => {
    const client = new FakeClient();
    client.answerLists('deployments', { resourceVersion: '1', items: [] });
    client.answerLists('configmaps', { resourceVersion: '2', items: [configMap('settings', '2')] });
    const deps = fakeDeps(client);
    const running = runWatch([writeManifests('hub.yaml', hubManifests())], {}, deps);
    await waitFor('both watches', () => (client.watches.length === 2 ? true : undefined));
    expect(deps.signals.listenerCount(signal)).toBe(1);
    deps.signals.emit(signal);
    await expect(running).resolves.toBe(0);
    expect(deps.signals.listenerCount('SIGINT') + deps.signals.listenerCount('SIGTERM')).toBe(0);
    expect(deps.out).toEqual(['ADD ConfigMap/web/settings (rv 2, initial list): hub/log-settings (log, logged)\n']);
    expect(deps.err).toEqual([
      'resource-hooks watch: context test, server https://cluster.test:6443\n',
      'resource-hooks watch: watching deployments.apps/v1 in namespace web with labels app=web for web/hub/deploy\n',
      'resource-hooks watch: watching configmaps/v1 in namespace web for web/hub/settings\n',
      'resource-hooks watch: printing the triggers that would fire, without running any; Ctrl-C to stop\n',
    ]);
  });

  test('--json prints JSON lines; --namespace leaves out watches of other namespaces', async () => {
    const manifests = hubManifests();
    manifests[0].spec.resource.deploy.namespace = 'other';
    const client = new FakeClient();
    client.answerLists('configmaps', { resourceVersion: '2', items: [configMap('settings', '2')] });
    const deps = fakeDeps(client);
    const running = runWatch([writeManifests('hub.yaml', manifests)], { json: true, namespace: 'web' }, deps);
    await waitFor('the watch', () => client.watches[0]);
    deps.signals.emit('SIGINT');
    await expect(running).resolves.toBe(0);
    expect(deps.out.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ type: 'ADD', triggers: ['hub/log-settings'] })]);
    expect(deps.err[0]).toBe('resource-hooks watch: not watching web/hub/deploy: watches namespace other, outside --namespace web\n');
  });

  test.each([
    ['every watch forbidden', new KubeApiError(403, 'no'), EXIT_FORBIDDEN, 'every watch was refused; nothing left to watch'],
    ['server unreachable', new UnreachableError('https://cluster.test:6443', 'connection refused'), EXIT_UNREACHABLE,
      'cannot reach the Kubernetes API server at https://cluster.test:6443: connection refused'],
    ['resources not served', new KubeApiError(404, 'not found'), 2, 'no watch is left running'],
  ])('%s', async (_, error, code, message) => {
    const client = new FakeClient();
    client.answerLists('deployments', error);
    client.answerLists('configmaps', error);
    const deps = fakeDeps(client);
    await expect(runWatch([writeManifests('hub.yaml', hubManifests())], {}, deps)).resolves.toBe(code);
    expect(deps.err).toContain(`resource-hooks watch: ${message}\n`);
  });

  test('kubeconfig problems exit 2 with the fix', async () => {
    const deps = {
      ...fakeDeps(new FakeClient()),
      connect: () => {
        throw new KubeConfigError('the kubeconfig (/k) has no current context: pass --context NAME');
      },
    };
    await expect(runWatch([writeManifests('hub.yaml', hubManifests())], {}, deps)).resolves.toBe(2);
    expect(deps.err).toEqual(['resource-hooks watch: the kubeconfig (/k) has no current context: pass --context NAME\n']);
  });

  test('a missing kubeconfig is found before any cluster library is loaded', async () => {
    const saved = process.env.KUBECONFIG;
    process.env.KUBECONFIG = path.join(tmp, 'missing-kubeconfig');
    try {
      const { connect: _, ...deps } = fakeDeps(new FakeClient());
      await expect(runWatch([writeManifests('hub.yaml', hubManifests())], {}, deps)).resolves.toBe(2);
      expect(deps.err).toEqual([`resource-hooks watch: KUBECONFIG=${process.env.KUBECONFIG} names no existing file: `
        + 'point it at your kubeconfig, or unset it to use ~/.kube/config\n']);
    } finally {
      if (saved === undefined) {
        delete process.env.KUBECONFIG;
      } else {
        process.env.KUBECONFIG = saved;
      }
    }
  });

  test('manifests without anything to watch, or with errors, exit 2', async () => {
    const deps = fakeDeps(new FakeClient());
    await expect(runWatch([writeManifests('cm.yaml', [configMap('x', '1')])], {}, deps)).resolves.toBe(2);
    expect(deps.err).toEqual(['resource-hooks watch: nothing to watch: no resource EventSource in the given manifests watches anything that can be watched\n']);

    const broken = hubManifests();
    broken[1].spec.triggers[0].template.conditions = 'd && missing';
    const again = fakeDeps(new FakeClient());
    await expect(runWatch([writeManifests('broken.yaml', broken)], {}, again)).resolves.toBe(2);
    expect(again.err.join('')).toMatch(/^resource-hooks watch: the manifests have errors:\n/);

    const unreadable = fakeDeps(new FakeClient());
    await expect(runWatch([path.join(tmp, 'nope.yaml')], {}, unreadable)).resolves.toBe(2);
    expect(unreadable.err.join('')).toContain('nope.yaml');
  });

  test('the command hands the exit code over, also after an unexpected error', async () => {
    const codes: number[] = [];
    const err: string[] = [];
    const command = watchCommand({
      io: { stdout: () => undefined, stderr: (t) => err.push(t) },
      connect: () => {
        throw new Error('kaboom');
      },
      exit: (code) => codes.push(code),
    });
    await command.parseAsync([writeManifests('hub.yaml', hubManifests())], { from: 'user' });
    expect(codes).toEqual([1]);
    expect(err.join('')).toMatch(/^resource-hooks watch: unexpected error: Error: kaboom/);
  });

  test('usage errors are thrown to the caller instead of exiting', async () => {
    const err: string[] = [];
    const command = watchCommand({ io: { stdout: () => undefined, stderr: (t) => err.push(t) } });
    await expect(command.parseAsync([], { from: 'user' })).rejects.toBeInstanceOf(CommanderError);
    expect(err.join('')).toContain("missing required argument 'paths'");
  });
});

describe('resource-hooks watch against a Kubernetes API test double', () => {
  const DEPLOYMENTS = '/apis/apps/v1/namespaces/web/deployments';
  const CONFIGMAPS = '/api/v1/namespaces/web/configmaps';
  const SECRETS = '/api/v1/namespaces/web/secrets';
  /** The label the example app's hook hub puts on the Deployment it watches. */
  // The web Deployment's watch selects it by its hub label and the label of its own watch.
  const HUB_LABEL = Object.entries<string>(exampleObjects('web').find((o) => o.kind === 'Deployment').metadata.labels)
    .filter(([k]) => k.startsWith('resource-hooks.cdk8s.io/')).map(([k, v]) => `${k}=${v}`).sort().join(',');
  /** Allow for a slow, busy machine. */
  const STARTUP_MS = 30_000;

  interface Cli {
    readonly lines: string[];
    readonly stderr: () => string;
    readonly exited: Promise<number | null>;
    readonly child: ChildProcess;
  }

  /** What a CLI run that ends by itself left behind. */
  interface Finished {
    readonly code: number | null;
    readonly stderr: string;
    readonly lines: readonly string[];
    readonly server: string;
  }

  let dir: string;
  let manifests: string;
  /** The `resource-hooks` entry, compiled once for all the runs. */
  let entry: string;
  const servers: FakeKubeApi[] = [];
  const children: ChildProcess[] = [];
  let unreachable: Promise<Finished>;
  let allForbidden: Promise<Finished>;

  function startCli(kubeconfig: string, args: string[]): Cli {
    const child = spawn(process.execPath, [entry, 'watch', ...args], {
      cwd: dir,
      env: { ...process.env, KUBECONFIG: kubeconfig, HOME: dir, NODE_PATH: [path.join(REPO, 'node_modules'), path.join(REPO, '..', 'node_modules')].join(path.delimiter) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const lines: string[] = [];
    let pending = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (pending + chunk).split('\n');
      pending = parts.pop()!;
      lines.push(...parts);
    });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { lines, stderr: () => stderr, exited, child };
  }

  /** Resolves with the exit code; fails if the process is still running after `ms`. */
  async function exitWithin(cli: Cli, ms: number): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the CLI did not exit within ${ms} ms; stderr:\n${cli.stderr()}`)), ms);
    });
    try {
      return await Promise.race([cli.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs the CLI against `api` (configured by `setup`) until it exits by itself. */
  async function runUntilExit(name: string, setup: (api: FakeKubeApi) => Promise<void>): Promise<Finished> {
    const api = await FakeKubeApi.start();
    servers.push(api);
    const home = path.join(dir, name);
    fs.mkdirSync(home);
    const kubeconfig = api.writeKubeconfig(home);
    const server = api.url;
    await setup(api);
    const cli = startCli(kubeconfig, [manifests]);
    const code = await exitWithin(cli, STARTUP_MS);
    return { code, stderr: cli.stderr(), lines: cli.lines, server };
  }

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resource-hooks-watch-e2e-'));
    entry = transpileEntry(REPO, path.join(REPO, 'src', 'cli', 'main.ts'), path.join(dir, 'build'));
    // The command reads its version from the package.json beside src/ (or lib/).
    fs.copyFileSync(path.join(REPO, 'package.json'), path.join(dir, 'build', 'package.json'));
    manifests = writeExampleApp(path.join(dir, 'manifests'));
    // The runs that end by themselves start now and run while the main scenario does (marked as
    // handled here, awaited in their tests).
    unreachable = runUntilExit('unreachable', (api) => api.close());
    allForbidden = runUntilExit('forbidden', async (api) => api.forbid('*'));
    unreachable.catch(() => undefined);
    allForbidden.catch(() => undefined);
  });

  afterAll(async () => {
    await Promise.allSettled([unreachable, allForbidden]);
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
    }
    await Promise.all(servers.map((s) => s.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Takes the next `n` stdout lines, waiting at most `ms` for them. */
  function lineReader(cli: Cli): (n: number, ms?: number) => Promise<string[]> {
    let read = 0;
    return async (n, ms = 5000) => {
      await waitFor(() => `${n} more output line(s); so far:\n${cli.lines.join('\n')}\nstderr:\n${cli.stderr()}`,
        () => (cli.lines.length >= read + n ? true : undefined), ms);
      read += n;
      return cli.lines.slice(read - n, read);
    };
  }

  function deployment(name: string, resourceVersion: string, state: {
    generation: number; image: string; revision: string; observed: number; updated: number; available: number; reason: string;
  }): any {
    return {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name, namespace: 'web', uid: `uid-${name}`, resourceVersion, generation: state.generation,
        creationTimestamp: '2024-01-01T00:00:00Z',
        // As the example app labels it: its hub, and the label that gives it a watch of its own.
        labels: exampleObjects('web').find((o) => o.kind === 'Deployment').metadata.labels,
        annotations: { 'deployment.kubernetes.io/revision': state.revision },
      },
      spec: { replicas: 3, template: { spec: { containers: [{ name: 'main', image: state.image }] } } },
      status: {
        observedGeneration: state.observed, replicas: 3, updatedReplicas: state.updated, readyReplicas: state.available,
        availableReplicas: state.available,
        conditions: [{ type: 'Progressing', status: 'True', reason: state.reason }],
      },
    };
  }

  const ROLLED_OUT = { generation: 1, image: 'ghcr.io/acme/web:1.4.2', revision: '1', observed: 1, updated: 3, available: 3, reason: 'NewReplicaSetAvailable' };

  /** The example app plus an EventSource on ConfigMaps (ADD, afterStart) and Secrets, with log triggers. */
  function writeExampleApp(target: string): string {
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'web.k8s.yaml'), exampleYaml('web'));
    const extras = [
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'EventSource',
        metadata: { name: 'extras', namespace: 'web' },
        spec: {
          resource: {
            settings: { version: 'v1', resource: 'configmaps', namespace: 'web', eventTypes: ['ADD'], filter: { afterStart: true } },
            secrets: { version: 'v1', resource: 'secrets', namespace: 'web', eventTypes: ['ADD'] },
          },
        },
      },
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Sensor',
        metadata: { name: 'extras', namespace: 'web' },
        spec: {
          dependencies: [
            { name: 'settings', eventSourceName: 'extras', eventName: 'settings' },
            { name: 'secrets', eventSourceName: 'extras', eventName: 'secrets' },
          ],
          triggers: [
            { template: { name: 'log-settings', conditions: 'settings', log: {} } },
            { template: { name: 'log-secrets', conditions: 'secrets', log: {} } },
          ],
        },
      },
    ];
    fs.writeFileSync(path.join(target, 'extras.yaml'), extras.map((o) => YAML.stringify(o)).join('---\n'));
    return target;
  }

  test('follows the cluster through updates, a 410 relist and a reconnect, and exits 0 on SIGINT', async () => {
    const api = await FakeKubeApi.start();
    servers.push(api);
    fs.mkdirSync(path.join(dir, 'main'));
    api.setList(DEPLOYMENTS, {
      kind: 'DeploymentList', apiVersion: 'apps/v1', resourceVersion: '20', labelSelector: HUB_LABEL,
      items: [deployment('web', '10', ROLLED_OUT), deployment('api', '11', ROLLED_OUT)],
    });
    api.setList(CONFIGMAPS, {
      kind: 'ConfigMapList', apiVersion: 'v1', resourceVersion: '30',
      items: [{ ...configMap('old-settings', '3'), metadata: { ...configMap('old-settings', '3').metadata, creationTimestamp: '2020-01-01T00:00:00Z' } }],
    });
    api.forbid(SECRETS);

    const cli = startCli(api.writeKubeconfig(path.join(dir, 'main')), [manifests]);
    const next = lineReader(cli);
    await api.waitForWatch(DEPLOYMENTS, '20', STARTUP_MS);
    await api.waitForWatch(CONFIGMAPS, '30');

    // The informers' initial lists: ADD for every existing object, which these EventSources drop.
    expect((await next(3)).sort()).toEqual([
      expect.stringMatching(/^ADD ConfigMap\/web\/old-settings \(rv 3, initial list\): no trigger \(not published: filter\.afterStart: event time 2020-01-01T00:00:00Z/),
      'ADD Deployment/web/api (rv 11, initial list): no trigger (not published: eventTypes [UPDATE] does not include ADD)',
      'ADD Deployment/web/web (rv 10, initial list): no trigger (not published: eventTypes [UPDATE] does not include ADD)',
    ]);
    await waitFor('the forbidden message', () => (cli.stderr().includes('secrets') ? true : undefined));
    expect(cli.stderr()).toContain('resource-hooks watch: forbidden: RBAC does not let you list secrets in namespace web (grant the "list" verb on secrets)');

    // Status-only churn fires nothing; an image change runs the smoke test.
    api.send(DEPLOYMENTS, 'MODIFIED', deployment('web', '21', { ...ROLLED_OUT, available: 2 }));
    expect(await next(1)).toEqual(['UPDATE Deployment/web/web (rv 21): no trigger']);
    const rollout = { ...ROLLED_OUT, generation: 2, image: 'ghcr.io/acme/web:1.4.3' };
    api.send(DEPLOYMENTS, 'MODIFIED', deployment('web', '22', rollout));
    expect(await next(1)).toEqual(['UPDATE Deployment/web/web (rv 22): web-hooks/web-watch-smoke-test-job (k8s, created); web-hooks/web-watch-smoke-test-event (k8s, created)']);

    // A ConfigMap created after the start passes afterStart.
    const created = new Date(Date.now() + 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    api.send(CONFIGMAPS, 'ADDED', { ...configMap('new-settings', '31'), metadata: { ...configMap('new-settings', '31').metadata, creationTimestamp: created } });
    expect(await next(1)).toEqual(['ADD ConfigMap/web/new-settings (rv 31): extras/log-settings (log, logged)']);

    // The watch expires: relist, UPDATE for what changed meanwhile, DELETE for what vanished.
    const progressing = { ...rollout, generation: 3, image: 'ghcr.io/acme/web:1.4.4', revision: '3', observed: 3, updated: 1, reason: 'ReplicaSetUpdated' };
    api.setList(DEPLOYMENTS, {
      kind: 'DeploymentList', apiVersion: 'apps/v1', resourceVersion: '41', labelSelector: HUB_LABEL,
      items: [deployment('web', '40', progressing)],
    });
    api.expire(DEPLOYMENTS);
    expect(await next(2)).toEqual([
      'UPDATE Deployment/web/web (rv 40, relist): web-hooks/web-watch-smoke-test-job (k8s, created); web-hooks/web-watch-smoke-test-event (k8s, created)',
      'DELETE Deployment/web/api (rv 11, relist): no trigger (not published: eventTypes [UPDATE] does not include DELETE)',
    ]);
    await api.waitForWatch(DEPLOYMENTS, '41');

    // The server ends the stream: the CLI watches again from the last resourceVersion.
    api.closeWatches(DEPLOYMENTS);
    await api.waitForWatch(DEPLOYMENTS, '41');
    api.send(DEPLOYMENTS, 'MODIFIED', deployment('web', '42', { ...progressing, updated: 3, available: 3, reason: 'NewReplicaSetAvailable' }));
    expect(await next(1)).toEqual(['UPDATE Deployment/web/web (rv 42): web-hooks/web-watch-purge-cdn-http (http, sent); web-hooks/web-watch-purge-cdn-event (k8s, created)']);

    const lists = api.requests.filter((r) => r.path === DEPLOYMENTS && !r.query.has('watch'));
    expect(lists).toHaveLength(2);
    expect(lists.every((r) => r.query.get('labelSelector') === HUB_LABEL)).toBe(true);

    cli.child.kill('SIGINT');
    expect(await exitWithin(cli, 5000)).toBe(0);
    expect(cli.lines).toHaveLength(9);
  }, 60_000);

  test('an unreachable server: one message naming it, exit 3', async () => {
    const run = await unreachable;
    expect(run.code).toBe(EXIT_UNREACHABLE);
    expect(run.stderr).toContain(`resource-hooks watch: cannot reach the Kubernetes API server at ${run.server}: connection refused\n`);
    expect(run.lines).toEqual([]);
  }, 60_000);

  test('every watch forbidden: exit 4', async () => {
    const run = await allForbidden;
    expect(run.code).toBe(EXIT_FORBIDDEN);
    expect(run.stderr).toContain('forbidden: RBAC does not let you list deployments.apps in namespace web');
    expect(run.stderr).toContain('resource-hooks watch: every watch was refused; nothing left to watch\n');
  }, 60_000);
});
