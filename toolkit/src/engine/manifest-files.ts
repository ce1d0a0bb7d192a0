import * as fs from 'fs';
import * as path from 'path';
import { KubeObject } from './cluster';
import { EngineError } from './errors';
import { parseManifests } from './manifests';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** The objects of one manifest file. */
export interface ManifestSource {
  readonly file: string;
  readonly objects: KubeObject[];
}

/**
 * Files named by `paths`: files as given, directories walked recursively for `.yaml`, `.yml` and
 * `.json` files in name order.
 * @throws EngineError naming an unreadable path
 */
export function listManifestFiles(paths: readonly string[]): string[] {
  return paths.flatMap((p) => expand(p));
}

/**
 * Reads manifests from files and directories, keeping which file each object came from. Each file
 * may hold several documents.
 * @throws EngineError naming the file for unreadable paths and syntax errors
 */
export function loadManifestSources(paths: readonly string[]): ManifestSource[] {
  return listManifestFiles(paths).map((file) => ({ file, objects: parseManifests(readText(file), file) }));
}

/** Like {@link loadManifestSources}, flattened to the objects. */
export function loadManifestFiles(paths: readonly string[]): KubeObject[] {
  return loadManifestSources(paths).flatMap((s) => s.objects);
}

/** Reads a UTF-8 file, turning I/O failures into an EngineError that names it. */
export function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new EngineError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function expand(p: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch (e) {
    throw new EngineError(`${p}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!stat.isDirectory()) {
    return [p];
  }
  return fs.readdirSync(p).sort().flatMap((entry) => {
    const child = path.join(p, entry);
    if (fs.statSync(child).isDirectory()) {
      return expand(child);
    }
    return MANIFEST_EXTENSIONS.has(path.extname(entry).toLowerCase()) ? [child] : [];
  });
}
