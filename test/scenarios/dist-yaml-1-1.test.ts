import * as fs from 'fs';
import * as path from 'path';
import { Document, isScalar, parseAllDocuments, visit } from 'yaml';

/**
 * dist/ is read by more than the Kubernetes API server: Argo CD (YAML 1.2), but also PyYAML,
 * Ruby's Psych and older Go yaml.v2 users (YAML 1.1). A plain scalar that YAML 1.1 reads as
 * something else (`on` → true, `0777` → 511) changes the value, and `=` (the 1.1 "value" type)
 * and `<<` outside a key make PyYAML refuse the whole file.
 *
 * The `yaml` package parses YAML 1.1 but does not implement the `!!value` type (it reads `=` as a
 * string), so those scalars are looked for explicitly.
 */

const DIST = path.resolve(__dirname, '..', '..', 'dist');
// YAML 1.1 types without a JavaScript value: tag:yaml.org,2002:value and tag:yaml.org,2002:merge.
const UNLOADABLE_PLAIN_SCALARS = ['=', '<<'];

/** Where `text` reads differently as YAML 1.1 than as YAML 1.2, or cannot be loaded by YAML 1.1 tools. */
function yaml11Problems(text: string): string[] {
  const problems: string[] = [];
  const as11 = parseAllDocuments(text, { version: '1.1' }) as Document[];
  const as12 = parseAllDocuments(text, { version: '1.2' }) as Document[];
  as11.forEach((doc, i) => {
    problems.push(...doc.errors.map((e) => `document ${i}: ${e.message}`));
    visit(doc, {
      Scalar(key, node) {
        if (isScalar(node) && node.type === 'PLAIN' && UNLOADABLE_PLAIN_SCALARS.includes(String(node.source)) && key !== 'key') {
          problems.push(`document ${i}: plain scalar ${JSON.stringify(node.source)} (line ${lineOf(text, node.range?.[0] ?? 0)}) is a YAML 1.1 special type that PyYAML cannot load; quote it or use another value`);
        }
      },
    });
    const js11 = JSON.stringify(doc.toJS());
    const js12 = JSON.stringify(as12[i].toJS());
    if (js11 !== js12) {
      problems.push(`document ${i} reads differently as YAML 1.1 than as YAML 1.2`);
    }
  });
  return problems;
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

describe('dist/ with YAML 1.1 tools', () => {
  const files = fs.readdirSync(DIST).filter((f) => f.endsWith('.yaml'));

  test('there are synthesized files to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  test.each(files)('%s loads the same with YAML 1.1 as with YAML 1.2', (file) => {
    expect(yaml11Problems(fs.readFileSync(path.join(DIST, file), 'utf8'))).toEqual([]);
  });

  test('the check catches what PyYAML refuses or reads differently', () => {
    // What the hub's label filter used to write.
    expect(yaml11Problems('filter:\n  labels:\n    - key: a\n      operation: =\n      value: b\n')).toEqual([
      'document 0: plain scalar "=" (line 4) is a YAML 1.1 special type that PyYAML cannot load; quote it or use another value',
    ]);
    expect(yaml11Problems('a: <<\n')).toHaveLength(1);
    expect(yaml11Problems('enabled: on\n')).toEqual(['document 0 reads differently as YAML 1.1 than as YAML 1.2']);
    expect(yaml11Problems('mode: 0777\n')).toEqual(['document 0 reads differently as YAML 1.1 than as YAML 1.2']);
    // Quoted, or a merge key in key position, is fine.
    expect(yaml11Problems('operation: "="\nenabled: "on"\nx: ==\n')).toEqual([]);
  });
});
