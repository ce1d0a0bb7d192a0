import { EngineError, UnsupportedError } from '../engine/errors';
import { Diagnostic, DiagnosticStage } from './types';

/** Collects problems found while loading manifests. */
export class Diagnostics {
  readonly list: Diagnostic[] = [];

  /** An error Argo Events' controller refuses the object for (it never runs). */
  rejected(where: string, message: string): void {
    this.list.push({ severity: 'error', where, message, stage: 'controller' });
  }

  /** An error the controller accepts; the part fails when it runs (the Sensor logs it). */
  runtime(where: string, message: string): void {
    this.list.push({ severity: 'error', where, message, stage: 'runtime' });
  }

  warning(where: string, message: string): void {
    this.list.push({ severity: 'warning', where, message });
  }

  /** Runs `check`, recording an EngineError it throws as a controller error at `where`. */
  attemptRejected<T>(where: string, check: () => T): T | undefined {
    return this.attempt(where, check, 'controller');
  }

  /** Runs `check`, recording an EngineError it throws as a run-time error at `where`. */
  attemptRuntime<T>(where: string, check: () => T): T | undefined {
    return this.attempt(where, check, 'runtime');
  }

  get errors(): Diagnostic[] {
    return this.list.filter((d) => d.severity === 'error');
  }

  private attempt<T>(where: string, check: () => T, stage: DiagnosticStage): T | undefined {
    try {
      return check();
    } catch (e) {
      if (e instanceof EngineError) {
        // Syntax the engine does not implement says nothing about what Argo Events does.
        this.list.push({ severity: 'error', where, message: e.message, stage: e instanceof UnsupportedError ? 'simulator' : stage });
        return undefined;
      }
      throw e;
    }
  }
}

const STAGE_WORDS: Record<DiagnosticStage, string> = {
  controller: 'the controller rejects it',
  runtime: 'fails at run time',
  simulator: 'not simulated',
};

/** One line per diagnostic: `error (stage): where: message`, or `warning: where: message`. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], fileOf?: (where: string) => string | undefined): string {
  return diagnostics.map((d) => {
    const file = fileOf?.(d.where);
    const head = d.severity === 'error' ? `error${d.stage ? ` (${STAGE_WORDS[d.stage]})` : ''}` : 'warning';
    return `${head}: ${file ? `${file}: ` : ''}${d.where}: ${d.message}`;
  }).join('\n');
}

/**
 * Thrown by the simulator when it refuses the manifests: what Argo Events' controller rejects, or,
 * with `strict`, any error. Carries the diagnostics so callers can name the files.
 */
export class ManifestError extends EngineError {
  constructor(readonly diagnostics: readonly Diagnostic[], readonly strict: boolean, fileOf?: (where: string) => string | undefined) {
    super(`${strict
      ? 'the manifests have errors'
      : "Argo Events' controller rejects these manifests, so none of the objects named runs"}:\n${formatDiagnostics(diagnostics, fileOf)}`);
    this.name = 'ManifestError';
  }
}
