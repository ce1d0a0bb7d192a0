import { EngineError } from '../engine/errors';
import { Diagnostic } from './types';

/** Collects problems found while loading manifests. */
export class Diagnostics {
  readonly list: Diagnostic[] = [];

  error(where: string, message: string): void {
    this.list.push({ severity: 'error', where, message });
  }

  warning(where: string, message: string): void {
    this.list.push({ severity: 'warning', where, message });
  }

  /** Runs `check`, recording an EngineError it throws as an error at `where`; returns its result. */
  attempt<T>(where: string, check: () => T): T | undefined {
    try {
      return check();
    } catch (e) {
      if (e instanceof EngineError) {
        this.error(where, e.message);
        return undefined;
      }
      throw e;
    }
  }

  get errors(): Diagnostic[] {
    return this.list.filter((d) => d.severity === 'error');
  }
}

/** One line per diagnostic: `where: message`. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${d.severity === 'error' ? 'error' : 'warning'}: ${d.where}: ${d.message}`).join('\n');
}
