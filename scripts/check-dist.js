#!/usr/bin/env node
// Fails when the committed dist/ differs from what `cdk8s synth` produces now.
// Synthesizes into a temporary folder so a failing check never rewrites dist/.
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'resource-hooks-synth-'));
try {
  execFileSync(path.join(root, 'node_modules', '.bin', 'cdk8s'), ['synth', '--output', out, '--no-check-upgrade'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const list = (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => !f.startsWith('.')).sort() : []);
  const expected = list(out);
  const actual = list(path.join(root, 'dist'));
  const problems = [];
  for (const f of new Set([...expected, ...actual])) {
    if (!expected.includes(f)) problems.push(`dist/${f} is committed but no longer synthesized`);
    else if (!actual.includes(f)) problems.push(`dist/${f} is synthesized but not committed`);
    else if (fs.readFileSync(path.join(out, f), 'utf8') !== fs.readFileSync(path.join(root, 'dist', f), 'utf8')) {
      problems.push(`dist/${f} differs from a fresh synth`);
    }
  }
  if (problems.length > 0) {
    console.error(problems.map((p) => `- ${p}`).join('\n'));
    console.error('dist/ drifted: run `npm run synth` and commit dist/');
    process.exit(1);
  }
  console.log(`dist/ matches a fresh synth (${expected.length} file(s))`);
} finally {
  fs.rmSync(out, { recursive: true, force: true });
}
