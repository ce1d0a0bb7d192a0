import * as fs from 'fs';
import * as path from 'path';
import { LINT_RULES } from '../../src/lint/rules';

const ROOT = path.resolve(__dirname, '..', '..');
const RULE_ID = /'((?:sensor|eventsource|eventbus|structure|backoff|security|rbac|manifest)\/[a-z0-9-]+)'/g;

describe('LINT_RULES', () => {
  test('lists exactly the rule ids the checks use', () => {
    const used = new Set<string>();
    const dir = path.join(ROOT, 'src', 'lint');
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'rules.ts')) {
      for (const match of fs.readFileSync(path.join(dir, file), 'utf8').matchAll(RULE_ID)) {
        used.add(match[1]);
      }
    }
    expect([...used].sort()).toEqual([...LINT_RULES.keys()].sort());
  });

  test('docs/lint.md describes every rule with its severity, and no other', () => {
    const docs = fs.readFileSync(path.join(ROOT, 'docs', 'lint.md'), 'utf8');
    const documented = [...docs.matchAll(/^#### `([^`]+)` — (error|warning)$/gm)].map((m) => [m[1], m[2]]);
    expect(documented.sort()).toEqual([...LINT_RULES].sort());
  });
});
