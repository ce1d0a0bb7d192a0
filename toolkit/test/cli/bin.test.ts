import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

// The installed binary runs the compiled library; `npm test` builds lib/ before jest runs.
const ROOT = path.resolve(__dirname, '..', '..');
const built = fs.existsSync(path.join(ROOT, 'lib', 'cli', 'main.js'));
if (!built) {
  console.warn('lib/ is not built (run `npm run build`): the binary test is skipped');
}

(built ? test : test.skip)('bin/resource-hooks runs a command and exits with its code', () => {
  const ok = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'resource-hooks'), 'lint', path.join(ROOT, '..', 'dist')], { encoding: 'utf8' });
  expect(ok.stderr).toBe('');
  expect(ok.stdout).toContain('no problems (2 files checked)');
  expect(ok.status).toBe(0);
  const bad = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'resource-hooks'), 'lint', path.join(ROOT, 'no-such-dir')], { encoding: 'utf8' });
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain('no-such-dir');
});

(built ? test : test.skip)('--version prints the package version', () => {
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const run = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'resource-hooks'), '--version'], { encoding: 'utf8' });
  expect(run.stdout).toBe(`${version}\n`);
  expect(run.status).toBe(0);
});
