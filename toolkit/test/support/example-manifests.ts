import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

/**
 * The example app's manifests as cdk8s-resource-hooks synthesizes them: the repository's committed
 * dist/ (CI keeps it equal to a fresh synth). The toolkit reads them as any user's manifests, without
 * importing the construct library.
 */
export const EXAMPLE_DIST = path.resolve(__dirname, '..', '..', '..', 'dist');

/** The objects of `dist/<chart>.k8s.yaml`. */
export function exampleObjects(chart: 'web' | 'team-a'): any[] {
  return YAML.parseAllDocuments(exampleYaml(chart)).map((d) => d.toJS()).filter((o) => o !== null);
}

/** The text of `dist/<chart>.k8s.yaml`. */
export function exampleYaml(chart: 'web' | 'team-a'): string {
  return fs.readFileSync(path.join(EXAMPLE_DIST, `${chart}.k8s.yaml`), 'utf8');
}
