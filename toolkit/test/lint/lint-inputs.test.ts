import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EngineError } from '../../src/engine/errors';
import { loadLintInputs } from '../../src/lint/lint-inputs';

let dir: string;

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-inputs-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const cm = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

describe('loadLintInputs', () => {
  test('numbers objects by YAML document as argo-events lint does: empty documents count, List items share one', () => {
    const file = write('hub.yaml', [
      `---\n${cm('a')}`,
      '',
      `${cm('b')}`,
      'apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: d}}\n',
    ].join('---\n'));
    const [input] = loadLintInputs([file]);
    expect((input.objects as any[]).map((o) => o.metadata.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(input.documents).toEqual([1, 3, 4, 4]);
    expect(input.documentCount).toBe(4);
  });

  test('a trailing separator makes a second, empty document; a single document is one', () => {
    expect(loadLintInputs([write('a.yaml', `${cm('a')}---\n`)])[0]).toMatchObject({ documents: [1], documentCount: 2 });
    expect(loadLintInputs([write('b.json', '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b"}}')])[0])
      .toMatchObject({ documents: [1], documentCount: 1 });
  });

  test('reads a file named twice (directly and through its directory) once', () => {
    const file = write('a.yaml', cm('a'));
    expect(loadLintInputs([dir, file]).map((i) => i.file)).toEqual([file]);
  });

  test('syntax errors name the file, as for every other command', () => {
    const file = write('bad.yaml', 'kind: [Sensor\n');
    expect(() => loadLintInputs([file])).toThrow(EngineError);
    expect(() => loadLintInputs([file])).toThrow(/bad\.yaml:\d+:\d+: /);
  });
});
