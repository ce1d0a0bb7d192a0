import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Command, CommanderError } from 'commander';
import { explainCommand } from '../../src/cli/explain-command';
import { exampleYaml } from '../support/example-manifests';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `resource-hooks <args>` in-process, the way the program adds the subcommand. */
function run(...args: string[]): Run {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (t: string) => { stdout += t; }, stderr: (t: string) => { stderr += t; } };
  const program = new Command('resource-hooks').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  program.addCommand(explainCommand(io));
  let code = 0;
  try {
    program.parse(args, { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) {
      throw e;
    }
    code = e.exitCode;
  }
  return { code, stdout, stderr };
}

/** The example app's manifests. */
let dir: string;
/** Other inputs, kept apart so that they never end up in `dir`. */
let scratch: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'explain-app-'));
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'explain-scratch-'));
  for (const chart of ['web', 'team-a'] as const) {
    fs.writeFileSync(path.join(dir, `${chart}.k8s.yaml`), exampleYaml(chart));
  }
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('resource-hooks explain', () => {
  test('prints a block per hook of a directory, wrapped to 80 columns', () => {
    const { code, stdout, stderr } = run('explain', dir);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    // Four hooks, and per namespace where hook Jobs run, the watch that reports failed ones.
    expect(stdout.match(/^hook /gm)).toHaveLength(7);
    expect(stdout.match(/^hook failed-jobs-/gm)).toHaveLength(3);
    expect(stdout).toContain('hook web-watch-purge-cdn (Sensor web/web-hooks)');
    expect(stdout).toContain('           rollout complete\n');
    expect(stdout.split('\n').every((l) => l.length <= 80)).toBe(true);
  });

  test('--width narrows the text', () => {
    const { code, stdout } = run('explain', dir, '--width', '50');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines.every((l) => l.length <= 50)).toBe(true);
    expect(lines.some((l) => l.length > 45)).toBe(true);
  });

  test('--json prints the model', () => {
    const { code, stdout } = run('explain', path.join(dir, 'team-a.k8s.yaml'), '--json');
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout);
    expect(parsed.hooks.map((h: any) => [h.dependency, h.conditions])).toEqual([
      ['settings-watch-apply-settings', ['field changed: data']],
      ['failed-jobs-team-a', ['data: body.metadata.labels.resource-hooks\\.cdk8s\\.io/hook matches .', 'job failed']],
      ['team-b-watch-apply-settings', ['ConfigMap team-b/team-b-settings applied by an Argo CD sync of argocd/teams']],
      ['failed-jobs-team-b', ['data: body.metadata.labels.resource-hooks\\.cdk8s\\.io/hook matches .', 'job failed']],
    ]);
  });

  test('a file without Sensors says so', () => {
    const file = path.join(scratch, 'cm.yaml');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    expect(run('explain', file)).toEqual({ code: 0, stdout: 'No hooks: the given manifests contain no Sensor dependencies.\n', stderr: '' });
  });

  test('unreadable and invalid input exit 2 with the file named on stderr', () => {
    const missing = path.join(scratch, 'missing.yaml');
    expect(run('explain', missing)).toEqual({ code: 2, stdout: '', stderr: `resource-hooks explain: ${missing}: cannot read: ENOENT\n` });
    const broken = path.join(scratch, 'bad.yaml');
    fs.writeFileSync(broken, 'kind: Sensor\nspec: [\n');
    const result = run('explain', broken);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^resource-hooks explain: ${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `));
  });

  test('a bad --width exits 2; a missing path is a usage error', () => {
    expect(run('explain', dir, '--width', '20')).toEqual({
      code: 2, stdout: '', stderr: 'resource-hooks explain: --width: expected a whole number of columns of at least 40, not "20"\n',
    });
    expect(run('explain', dir, '--width', 'wide').code).toBe(2);
    const usage = run('explain');
    expect(usage.code).not.toBe(0);
    expect(usage.stderr).toContain("missing required argument 'paths'");
  });
});
