import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** `from './x'`, `import './x'`, `require('./x')`, `import('./x')`: relative module specifiers. */
const RELATIVE_SPECIFIER = /(?:\bfrom\s+|\bimport\s+|\brequire\(\s*|\bimport\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

function resolveSource(dir: string, specifier: string): string | undefined {
  return [`${specifier}.ts`, path.join(specifier, 'index.ts')].map((c) => path.resolve(dir, c)).find((f) => fs.existsSync(f));
}

/**
 * Transpiles `entry` and every TypeScript file it reaches through relative imports to CommonJS
 * under `outDir` (same layout relative to `root`); returns the compiled entry. This is the
 * per-file transpilation `ts-node --transpile-only` does, done once when a test starts the same
 * program several times: each ts-node start spends seconds compiling. Run the result with
 * `NODE_PATH` set to the project's node_modules.
 */
export function transpileEntry(root: string, entry: string, outDir: string): string {
  const pending = [path.resolve(entry)];
  const done = new Set<string>();
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (done.has(file)) {
      continue;
    }
    done.add(file);
    const source = fs.readFileSync(file, 'utf8');
    for (const match of source.matchAll(RELATIVE_SPECIFIER)) {
      const target = resolveSource(path.dirname(file), match[1]);
      if (target !== undefined) {
        pending.push(target);
      }
    }
    const { outputText } = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    const out = path.join(outDir, path.relative(root, file)).replace(/\.ts$/, '.js');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, outputText);
  }
  return path.join(outDir, path.relative(root, entry)).replace(/\.ts$/, '.js');
}
