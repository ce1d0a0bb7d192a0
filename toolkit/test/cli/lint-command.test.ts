import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CommanderError } from 'commander';
import { CliIo } from '../../src/cli/io';
import { lintCommand, runLint } from '../../src/cli/lint-command';

interface Captured extends CliIo {
  out: string;
  err: string;
}

function capture(): Captured {
  const io: Captured = {
    out: '',
    err: '',
    stdout: (text) => { io.out += text; },
    stderr: (text) => { io.err += text; },
  };
  return io;
}

const CLEAN_EVENT_SOURCE = `apiVersion: argoproj.io/v1alpha1
kind: EventSource
metadata:
  name: hub
  namespace: ops
spec:
  resource:
    web:
      namespace: apps
      group: apps
      version: v1
      resource: deployments
      eventTypes: [UPDATE]
`;

// One error (a misspelled field) and one warning (retries without atLeastOnce).
const BROKEN_SENSOR = `apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata:
  name: hooks
  namespace: ops
spec:
  dependencies:
    - name: web
      eventSourceName: hub
      eventName: web
  triggers:
    - retryStrategy: {steps: 3}
      template:
        name: log
        log: {}
        conditons: web
`;

// Warnings only: retries without atLeastOnce, twice.
const WARNING_SENSOR = BROKEN_SENSOR.replace('        conditons: web\n', '').replace(
  '  triggers:\n', '  triggers:\n    - retryStrategy: {steps: 2}\n      template: {name: log2, log: {}}\n');

let dir: string;

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-command-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('runLint', () => {
  test('clean manifests exit 0 with a summary', () => {
    const io = capture();
    expect(runLint([write('es.yaml', CLEAN_EVENT_SOURCE)], {}, io)).toBe(0);
    expect(io.out).toBe('no problems (1 file checked)\n');
    expect(io.err).toBe('');
  });

  test('an error exits 1; each finding is one line naming file, object, path, severity and rule', () => {
    const io = capture();
    write('manifests/es.yaml', CLEAN_EVENT_SOURCE);
    const sensorFile = write('manifests/sensor.yaml', BROKEN_SENSOR);
    expect(runLint([path.join(dir, 'manifests')], {}, io)).toBe(1);
    const lines = io.out.trimEnd().split('\n');
    // Without the messages, which follow the rule id.
    expect(lines.map((l) => l.split(': ').slice(0, 3).join(': '))).toEqual([
      `${sensorFile}: Sensor/ops/hooks spec.triggers[0].template.conditons: error structure/unknown-field`,
      `${sensorFile}: Sensor/ops/hooks spec.triggers[0].retryStrategy: warning sensor/retry-without-at-least-once`,
      '1 error, 1 warning (2 files checked)',
    ]);
    expect(lines[0]).toMatch(/Did you mean "conditions"\?$/);
    expect(io.err).toBe('');
  });

  test('warnings exit 0 unless there are more than --max-warnings', () => {
    const file = write('sensor.yaml', WARNING_SENSOR);
    expect(runLint([file], {}, capture())).toBe(0);
    expect(runLint([file], { maxWarnings: '2' }, capture())).toBe(0);
    const io = capture();
    expect(runLint([file], { maxWarnings: '1' }, io)).toBe(1);
    expect(io.out).toMatch(/0 errors, 2 warnings \(1 file checked\)\ntoo many warnings: 2, at most 1 allowed \(--max-warnings\)\n$/);
  });

  test('--json prints the findings and a summary', () => {
    const io = capture();
    const file = write('sensor.yaml', BROKEN_SENSOR);
    expect(runLint([file], { json: true }, io)).toBe(1);
    const report = JSON.parse(io.out);
    expect(report.summary).toEqual({ errors: 1, warnings: 1 });
    expect(report.findings[0]).toEqual({
      rule: 'structure/unknown-field', severity: 'error', file, kind: 'Sensor', name: 'hooks', namespace: 'ops',
      path: 'spec.triggers[0].template.conditons', message: expect.stringMatching(/^TriggerTemplate has no field "conditons"/),
    });
    expect(Object.keys(report)).toEqual(['findings', 'summary']);
    expect(io.err).toBe('');
  });

  test('--disable drops rules; an unknown rule id is invalid input', () => {
    const file = write('sensor.yaml', WARNING_SENSOR);
    const io = capture();
    expect(runLint([file], { disable: ['sensor/retry-without-at-least-once'] }, io)).toBe(0);
    expect(io.out).toBe('no problems (1 file checked)\n');
    const bad = capture();
    expect(runLint([file], { disable: ['sensor/retry'] }, bad)).toBe(2);
    expect(bad.err).toBe('resource-hooks lint: --disable: unknown rule sensor/retry (see docs/lint.md for the rule ids)\n');
  });

  test('says on stderr when Sensors could not be checked against EventSources', () => {
    const io = capture();
    runLint([write('sensor.yaml', WARNING_SENSOR)], {}, io);
    expect(io.err).toMatch(/^note: the inputs hold Sensors but no EventSource/);
  });

  test.each<[string, () => string[], Record<string, string>, RegExp]>([
    ['a missing file', () => [path.join(dir, 'missing.yaml')], {}, /missing\.yaml: cannot read: ENOENT/],
    ['a YAML syntax error', () => [write('bad.yaml', 'kind: [Sensor\n')], {}, /bad\.yaml:\d+:\d+: /],
    ['a directory without manifests', () => { write('notes.txt', 'x'); return [dir]; }, {}, /no \.yaml, \.yml or \.json files found/],
    ['a bad --max-warnings', () => [write('es.yaml', CLEAN_EVENT_SOURCE)], { maxWarnings: 'ten' }, /--max-warnings: expected a non-negative integer/],
  ])('%s is invalid input: exit 2 with a message on stderr', (_name, paths, options, message) => {
    const io = capture();
    expect(runLint(paths(), options, io)).toBe(2);
    expect(io.out).toBe('');
    expect(io.err).toMatch(/^resource-hooks lint: /);
    expect(io.err).toMatch(message);
  });
});

describe('lintCommand', () => {
  test('parses paths and options and reports the exit code', async () => {
    const io = capture();
    const codes: number[] = [];
    const file = write('sensor.yaml', WARNING_SENSOR);
    await lintCommand(io, (code) => codes.push(code))
      .parseAsync([file, '--max-warnings', '0', '--disable', 'sensor/unknown-event,sensor/unknown-event-source', '--json'], { from: 'user' });
    expect(codes).toEqual([1]);
    expect(JSON.parse(io.out).summary).toEqual({ errors: 0, warnings: 2 });
  });

  test('sets process.exitCode by default', async () => {
    const saved = process.exitCode;
    try {
      await lintCommand(capture()).parseAsync(['node', 'lint', write('es.yaml', CLEAN_EVENT_SOURCE)], { from: 'node' });
      expect(process.exitCode).toBe(0);
      await lintCommand(capture()).parseAsync(['node', 'lint', path.join(dir, 'nothing.yaml')], { from: 'node' });
      expect(process.exitCode).toBe(2);
    } finally {
      process.exitCode = saved;
    }
  });

  test('usage errors throw a CommanderError instead of exiting', async () => {
    const io = capture();
    await expect(lintCommand(io, () => undefined).parseAsync([], { from: 'user' })).rejects.toBeInstanceOf(CommanderError);
    expect(io.err).toMatch(/missing required argument 'paths'/);
  });
});
