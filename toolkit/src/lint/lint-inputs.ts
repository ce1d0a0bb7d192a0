import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { listManifestFiles, readText } from '../engine/manifest-files';
import { KUBE_YAML_OPTIONS, parseManifests } from '../engine/manifests';
import { isRecord } from './finding';
import { LintInput } from './lint';

/**
 * Reads manifests for {@link lintManifests} from files and directories (directories recursively,
 * `.yaml`, `.yml` and `.json` files in name order), keeping the YAML document each object came
 * from, so that findings and verdicts can name it as `argo-events lint` does. A file named twice
 * (directly and through its directory) is read once.
 * @throws EngineError naming the file for unreadable paths and syntax errors
 */
export function loadLintInputs(paths: readonly string[]): LintInput[] {
  const seen = new Set<string>();
  const files = listManifestFiles(paths).filter((file) => {
    const key = path.resolve(file);
    const fresh = !seen.has(key);
    seen.add(key);
    return fresh;
  });
  return files.map((file) => {
    const text = readText(file);
    // Validates the file and reports syntax errors as every other command does.
    const objects = parseManifests(text, file);
    return { file, objects, ...documentNumbers(text) };
  });
}

/**
 * The document number of each object `parseManifests` returns (empty documents are skipped, a
 * `kind: List` contributes its items) and the number of documents, empty ones included: the
 * numbering of `argo-events lint`, which splits files on `---` lines.
 */
function documentNumbers(text: string): { documents: number[]; documentCount: number } {
  const docs = parseAllDocuments(text, KUBE_YAML_OPTIONS);
  const documents: number[] = [];
  docs.forEach((doc, i) => {
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) {
      return;
    }
    const count = isRecord(value) && value.kind === 'List' && Array.isArray(value.items) ? value.items.length : 1;
    documents.push(...Array<number>(count).fill(i + 1));
  });
  return { documents, documentCount: docs.length };
}
