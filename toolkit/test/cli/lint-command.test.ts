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

// Two HTTP hooks without a payload, as cdk8s-resource-hooks wrote them before it knew that
// Argo Events before 1.9.8 rejects an empty dest.
const HTTP_HOOK_SENSOR = `apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata:
  name: hooks
  namespace: ops
spec:
  dependencies:
    - name: web-watch-purge-cdn
      eventSourceName: hub
      eventName: web
    - name: web-watch-notify
      eventSourceName: hub
      eventName: web
  triggers:
${['purge-cdn', 'notify'].map((hook) => `    - atLeastOnce: true
      retryStrategy: {steps: 3, duration: 2s, factor: 2}
      policy: {status: {allow: [200, 201, 202, 204]}}
      template:
        name: web-watch-${hook}-http
        conditions: web-watch-${hook}
        http:
          url: https://hooks.example.com/${hook}
          method: POST
          headers: {Content-Type: application/json}
          payload:
            - src: {dependencyName: web-watch-${hook}, dataKey: body.metadata.name}
              dest: ""
`).join('')}`;

const JETSTREAM_BUS = `apiVersion: argoproj.io/v1alpha1
kind: EventBus
metadata:
  name: default
  namespace: ops
spec:
  jetstream:
    version: 2.10.29
`;

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
  test('clean manifests exit 0 with the controller\'s verdict and a summary naming the release', () => {
    const io = capture();
    const file = write('es.yaml', CLEAN_EVENT_SOURCE);
    expect(runLint([file], {}, io)).toBe(0);
    expect(io.out).toBe(`\u2713 ${file}: EventSource is valid\n\nno problems (1 file checked) against Argo Events 1.9.0\n`);
    expect(io.err).toBe('');
  });

  test('an error exits 1; each finding is one line naming file, object, path, severity and rule', () => {
    const io = capture();
    write('manifests/es.yaml', CLEAN_EVENT_SOURCE);
    const sensorFile = write('manifests/sensor.yaml', BROKEN_SENSOR);
    expect(runLint([path.join(dir, 'manifests')], {}, io)).toBe(1);
    const lines = io.out.trimEnd().split('\n');
    // Without the messages, which follow the rule id.
    // A misspelled field is dropped, not rejected: the controller finds the Sensor valid.
    expect(lines.map((l) => l.split(': ').slice(0, 3).join(': '))).toEqual([
      `\u2713 ${path.join(dir, 'manifests', 'es.yaml')}: EventSource is valid`,
      `\u2713 ${sensorFile}: Sensor is valid`,
      '',
      `${sensorFile}: Sensor/ops/hooks spec.triggers[0].template.conditons: error structure/unknown-field`,
      `${sensorFile}: Sensor/ops/hooks spec.triggers[0].retryStrategy: warning sensor/retry-without-at-least-once`,
      '1 error, 1 warning (2 files checked) against Argo Events 1.9.0',
    ]);
    expect(lines[3]).toMatch(/Did you mean "conditions"\?$/);
    expect(io.err).toBe('');
  });

  test('warnings exit 0 unless there are more than --max-warnings', () => {
    const file = write('sensor.yaml', WARNING_SENSOR);
    expect(runLint([file], {}, capture())).toBe(0);
    expect(runLint([file], { maxWarnings: '2' }, capture())).toBe(0);
    const io = capture();
    expect(runLint([file], { maxWarnings: '1' }, io)).toBe(1);
    expect(io.out).toMatch(/0 errors, 2 warnings \(1 file checked\) against Argo Events 1\.9\.0\ntoo many warnings: 2, at most 1 allowed \(--max-warnings\)\n$/);
  });

  test('--json prints the findings, a summary, the release and the controller\'s verdicts', () => {
    const io = capture();
    const file = write('sensor.yaml', BROKEN_SENSOR);
    expect(runLint([file], { json: true }, io)).toBe(1);
    const report = JSON.parse(io.out);
    expect(report.summary).toEqual({ errors: 1, warnings: 1 });
    expect(report.findings[0]).toEqual({
      rule: 'structure/unknown-field', severity: 'error', file, kind: 'Sensor', name: 'hooks', namespace: 'ops',
      path: 'spec.triggers[0].template.conditons', message: expect.stringMatching(/^TriggerTemplate has no field "conditons"/),
    });
    expect(Object.keys(report)).toEqual(['findings', 'summary', 'argoEventsVersion', 'controller']);
    expect(report.argoEventsVersion).toBe('1.9.0');
    expect(report.controller).toEqual([{ file, kind: 'Sensor', name: 'hooks', namespace: 'ops', result: 'valid', errors: [] }]);
    expect(io.err).toBe('');
  });

  test('the controller\'s verdicts read like argo-events lint: one line per object, its errors indented below', () => {
    const file = write('hub.k8s.yaml', [CLEAN_EVENT_SOURCE, HTTP_HOOK_SENSOR, JETSTREAM_BUS].join('---\n'));
    const io = capture();
    expect(runLint([file], {}, io)).toBe(1);
    const [verdicts, findings] = io.out.split('\n\n');
    expect(verdicts.split('\n')).toEqual([
      `\u2713 ${file} (document 1): EventSource is valid`,
      `\u2717 ${file} (document 2): Sensor validation failed`,
      "  Error: template web-watch-purge-cdn-http is invalid, payload index: 0. err: parameter destination can't be empty",
      "  Error: template web-watch-notify-http is invalid, payload index: 0. err: parameter destination can't be empty",
    ]);
    expect(findings.split('\n').map((l) => l.split(': ').slice(0, 3).join(': ')).filter((l) => l !== '')).toEqual([
      `${file}: Sensor/ops/hooks spec.triggers[0].template.http.payload[0].dest: error sensor/parameter-missing-dest`,
      `${file}: Sensor/ops/hooks spec.triggers[1].template.http.payload[0].dest: error sensor/parameter-missing-dest`,
      '2 errors, 0 warnings (1 file checked) against Argo Events 1.9.0',
    ]);
  });

  test('two teams\' hubs that write the same Role and RoleBinding into argocd fail, naming both files', () => {
    const hub = (team: string): string => ['Role', 'RoleBinding'].map((kind) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: hooks-eventsource
  namespace: argocd
${kind === 'Role'
    ? 'rules:\n  - apiGroups: [argoproj.io]\n    resources: [applications]\n    verbs: [get, list, watch]\n'
    : `roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: hooks-eventsource}\nsubjects:\n  - {kind: ServiceAccount, name: hooks-eventsource, namespace: ${team}}\n`}`).join('---\n');
    const a = write('team-a/dist/hooks.k8s.yaml', hub('team-a'));
    const b = write('team-b/dist/hooks.k8s.yaml', hub('team-b'));
    const io = capture();
    expect(runLint([dir], {}, io)).toBe(1);
    expect(io.out.trimEnd().split('\n').map((l) => l.split('. Both manifests')[0])).toEqual([
      `${b}: Role/argocd/hooks-eventsource metadata.name: error manifest/duplicate-object: Role argocd/hooks-eventsource ` +
        `(API group rbac.authorization.k8s.io) in ${b} (document 1) is also written by ${a} (document 1)`,
      `${b}: RoleBinding/argocd/hooks-eventsource metadata.name: error manifest/duplicate-object: RoleBinding ` +
        `argocd/hooks-eventsource (API group rbac.authorization.k8s.io) in ${b} (document 2) is also written by ${a} (document 2)`,
      '2 errors, 0 warnings (2 files checked) against Argo Events 1.9.0',
    ]);
  });

  test('a hand-written hub with Kubernetes event words, colliding dependency names and a regex that does not compile', () => {
    const file = write('hub.yaml', `apiVersion: argoproj.io/v1alpha1
kind: EventSource
metadata: {name: hub, namespace: ops}
spec:
  resource:
    workers:
      namespace: apps
      group: apps
      version: v1
      resource: deployments
      eventTypes: [MODIFIED]
      filter:
        fields:
          - {key: metadata.name, operation: "==", value: "worker-(a|b"}
---
apiVersion: argoproj.io/v1alpha1
kind: Sensor
metadata: {name: hooks, namespace: ops}
spec:
  dependencies:
    - {name: worker-watch-notify, eventSourceName: hub, eventName: workers}
    - {name: worker_watch-notify, eventSourceName: hub, eventName: workers}
    - {name: worker-watch-restart, eventSourceName: hub, eventName: worker}
  triggers:
    - template:
        name: notify
        conditions: worker-watch-notify || worker_watch-notify || worker-watch-restart
        log: {}
`);
    const io = capture();
    expect(runLint([file], {}, io)).toBe(1);
    const lines = io.out.trimEnd().split('\n');
    // The controller accepts all of it: none of these is a controller rule.
    expect(lines.slice(0, 2)).toEqual([`\u2713 ${file} (document 1): EventSource is valid`, `\u2713 ${file} (document 2): Sensor is valid`]);
    expect(lines.slice(3).map((l) => (l.startsWith(file) ? l.split(': ').slice(1, 3).join(': ') : l))).toEqual([
      'EventSource/ops/hub spec.resource.workers.filter.fields[0].value: error eventsource/field-filter-regex',
      'EventSource/ops/hub spec.resource.workers.eventTypes[0]: error eventsource/unknown-event-type',
      'Sensor/ops/hooks spec.dependencies[1].name: error sensor/dependency-name-collision',
      'Sensor/ops/hooks spec.dependencies[2].eventName: error sensor/unknown-event',
      '4 errors, 0 warnings (1 file checked) against Argo Events 1.9.0',
    ]);
    expect(lines[4]).toMatch(/"unknown event type: MODIFIED".* Use UPDATE\.$/);
  });

  test('--argo-events-version applies that release\'s controller rules', () => {
    const file = write('hub.k8s.yaml', [CLEAN_EVENT_SOURCE, HTTP_HOOK_SENSOR].join('---\n'));
    for (const [version, code] of [['1.9.7', 1], ['1.9.8', 0], ['v1.9.11', 0]] as const) {
      const io = capture();
      expect([version, runLint([file], { argoEventsVersion: version }, io)]).toEqual([version, code]);
      expect(io.out).toMatch(new RegExp(`\\(1 file checked\\) against Argo Events ${version.replace('v', '').replace(/\./g, '\\.')}\n$`));
    }
  });

  test.each(['1.10.0', '1.9.12', '1.9', 'latest'])('--argo-events-version %s is invalid input naming the option, the value and the range', (version) => {
    const io = capture();
    expect(runLint([write('es.yaml', CLEAN_EVENT_SOURCE)], { argoEventsVersion: version }, io)).toBe(2);
    expect(io.out).toBe('');
    expect(io.err).toBe(`resource-hooks lint: --argo-events-version: ${JSON.stringify(version)} is not a supported Argo Events ` +
      'release; expected 1.9.0 to 1.9.11 (written 1.9.4 or v1.9.4)\n');
  });

  test('--disable drops rules; an unknown rule id is invalid input', () => {
    const file = write('sensor.yaml', WARNING_SENSOR);
    const io = capture();
    expect(runLint([file], { disable: ['sensor/retry-without-at-least-once'] }, io)).toBe(0);
    expect(io.out).toBe(`\u2713 ${file}: Sensor is valid\n\nno problems (1 file checked) against Argo Events 1.9.0\n`);
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

  test('--argo-events-version defaults to the oldest supported release', async () => {
    const file = write('hub.k8s.yaml', HTTP_HOOK_SENSOR);
    const codes: number[] = [];
    let io = capture();
    await lintCommand(io, (code) => codes.push(code)).parseAsync([file, '--json'], { from: 'user' });
    expect(JSON.parse(io.out).argoEventsVersion).toBe('1.9.0');
    io = capture();
    await lintCommand(io, (code) => codes.push(code)).parseAsync([file, '--argo-events-version', '1.9.8', '--json'], { from: 'user' });
    expect(JSON.parse(io.out).argoEventsVersion).toBe('1.9.8');
    expect(codes).toEqual([1, 0]);
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
