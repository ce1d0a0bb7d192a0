#!/usr/bin/env node
// `npm run test:consumer`: both packages as a user meets them. Packs the construct library and the
// toolkit, installs the tarballs into a scratch app laid out as `cdk8s init typescript-app` lays it
// out (its tsconfig, jest config and cdk8s.yaml, cdk8s-plus-33 and no other cdk8s-plus), then
// type-checks and synthesizes a chart with several hooks, runs the packed `resource-hooks lint`
// and `simulate` on the output, and runs a jest test that imports the simulator as the README shows.
// Needs `npm run build` first (the packages ship lib/).
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const template = path.join(root, 'node_modules', 'cdk8s-cli', 'templates', 'typescript-app');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'resource-hooks-consumer-'));
const app = path.join(work, 'app');
const started = Date.now();

function run(cmd, args, cwd, options = {}) {
  console.log(`$ ${[cmd, ...args].join(' ')}   (in ${path.relative(work, cwd) || cwd})`);
  return execFileSync(cmd, args, { cwd, stdio: options.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', env: { ...process.env, ...options.env } });
}

function pack(args) {
  const out = run('npm', ['pack', '--json', '--pack-destination', work, ...args], root, { capture: true });
  const [info] = JSON.parse(out);
  const mb = (n) => `${(n / 1024 / 1024).toFixed(2)} MB`;
  console.log(`packed ${info.name}: ${mb(info.size)} packed, ${mb(info.unpackedSize)} unpacked, ${info.entryCount} files`);
  return { ...info, file: path.join(work, info.filename) };
}

function fail(message) {
  console.error(`consumer test failed: ${message}`);
  process.exit(1);
}

try {
  const library = pack([]);
  const toolkit = pack(['-w', 'resource-hooks']);
  if (library.unpackedSize > 2 * 1024 * 1024) {
    fail(`${library.name} unpacks to ${library.unpackedSize} bytes, more than the 2 MB budget`);
  }
  for (const f of library.files.map((x) => x.path)) {
    if (/^lib\/(main|example-charts)\./.test(f) || f.startsWith('node_modules/')) {
      fail(`${library.name} ships ${f}`);
    }
  }

  // The scratch app: the template's files, rendered as `cdk8s init` renders them.
  fs.mkdirSync(app);
  const versions = {
    cdk8s: require(path.join(root, 'node_modules', 'cdk8s', 'package.json')).version,
    cli: require(path.join(root, 'node_modules', 'cdk8s-cli', 'package.json')).version,
    plus: require(path.join(root, 'node_modules', 'cdk8s-plus-33', 'package.json')).version,
    constructs: require(path.join(root, 'node_modules', 'constructs', 'package.json')).version,
  };
  const render = (text) => text
    .replace(/\{\{ \$base \}\}/g, 'consumer')
    .replace(/\{\{ cdk8s_core_version \}\}/g, versions.cdk8s)
    .replace(/\{\{ cdk8s_plus_version \}\}/g, versions.plus)
    .replace(/\{\{ constructs_version \}\}/g, versions.constructs)
    .replace(/\{\{ cdk8s_cli_spec \}\}/g, versions.cli);
  for (const f of ['tsconfig.json', 'jest.config.js', 'cdk8s.yaml', 'package.json']) {
    fs.writeFileSync(path.join(app, f), render(fs.readFileSync(path.join(template, f), 'utf8')));
  }
  // The README's first chart is this app's main.ts, word for word.
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const firstChart = /## A first chart[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme);
  if (firstChart === null || firstChart[1] !== fs.readFileSync(path.join(__dirname, 'consumer-app', 'main.ts'), 'utf8')) {
    fail('README.md "A first chart" differs from scripts/consumer-app/main.ts; keep them identical');
  }
  for (const f of ['main.ts', 'main.test.ts']) {
    fs.copyFileSync(path.join(__dirname, 'consumer-app', f), path.join(app, f));
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(app, 'package.json'), 'utf8'));
  if (Object.keys(manifest.dependencies).filter((d) => d.startsWith('cdk8s-plus-')).join() !== 'cdk8s-plus-33') {
    fail('the cdk8s init template no longer depends on cdk8s-plus-33 alone; update this test');
  }

  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], app);
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', library.file], app);
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--save-dev', toolkit.file], app);
  const plusLines = fs.readdirSync(path.join(app, 'node_modules')).filter((d) => d.startsWith('cdk8s-plus-'));
  if (plusLines.join() !== 'cdk8s-plus-33') {
    fail(`the app has ${plusLines.join(', ')} installed; the library must not bring a cdk8s-plus of its own`);
  }

  run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json'], app);
  run('npx', ['cdk8s', 'synth', '--no-check-upgrade'], app);
  const synthesized = fs.readFileSync(path.join(app, 'dist', 'consumer.k8s.yaml'), 'utf8');
  for (const kind of ['EventSource', 'Sensor', 'Role', 'RoleBinding', 'ServiceAccount']) {
    if (!synthesized.includes(`kind: ${kind}\n`)) {
      fail(`dist/consumer.k8s.yaml has no ${kind}`);
    }
  }

  console.log(run('npx', ['resource-hooks', '--version'], app, { capture: true }).trim());
  const lint = run('npx', ['resource-hooks', 'lint', 'dist'], app, { capture: true });
  console.log(lint.trim());

  // An image bump of the web Deployment, as the API server writes it: the smoke-test Job fires.
  const YAML = require(path.join(root, 'node_modules', 'yaml'));
  const web = YAML.parseAllDocuments(synthesized).map((d) => d.toJS()).find((o) => o && o.kind === 'Deployment');
  const live = (generation, image) => {
    const o = JSON.parse(JSON.stringify(web));
    o.metadata = { ...o.metadata, uid: 'uid-web', generation, resourceVersion: String(100 + generation) };
    o.spec.template.spec.containers[0].image = image;
    return o;
  };
  fs.writeFileSync(path.join(work, 'old.yaml'), YAML.stringify(live(1, 'ghcr.io/acme/web:1.0.0')));
  fs.writeFileSync(path.join(work, 'new.yaml'), YAML.stringify(live(2, 'ghcr.io/acme/web:1.1.0')));
  const simulated = JSON.parse(run('npx', ['resource-hooks', 'simulate', 'dist', '--type', 'UPDATE',
    '--old', path.join(work, 'old.yaml'), '--new', path.join(work, 'new.yaml'), '--json'], app, { capture: true }));
  const fired = simulated.actions.map((a) => `${a.trigger}:${a.kind}`);
  console.log(`simulate: ${fired.join(', ') || 'nothing fired'}`);
  if (!simulated.actions.some((a) => a.kind === 'k8s' && a.trigger.includes('smoke-test'))) {
    fail('simulate did not start the smoke-test Job for an image bump');
  }

  run('npx', ['jest', '--ci'], app);
  console.log(`consumer test passed in ${Math.round((Date.now() - started) / 1000)} s`);
} finally {
  if (process.env.KEEP_CONSUMER_APP === undefined) {
    fs.rmSync(work, { recursive: true, force: true });
  } else {
    console.log(`scratch app kept in ${app}`);
  }
}
