import * as fs from 'fs';
import * as path from 'path';

/** The shared reference data beside the repository (`../shared`). */
export const SHARED_DIR = path.resolve(__dirname, '..', '..', '..', 'shared');

/** Whether `../shared/<relative>` exists; tests that need it skip visibly when it does not. */
export function sharedAvailable(relative: string): boolean {
  const available = fs.existsSync(path.join(SHARED_DIR, relative));
  if (!available) {
    console.warn(`../shared/${relative} is missing: the tests that read it are skipped`);
  }
  return available;
}
