import { Command } from 'commander';
import { EngineError } from '../engine/errors';
import {
  ArgoEventsVersion, DEFAULT_ARGO_EVENTS_VERSION, LINT_RULES, LintInput, LintReport, SUPPORTED_RANGE, isRecord,
  loadLintInputs, lintReport, renderControllerVerdicts,
} from '../lint';
import { CliIo, EXIT_INVALID_INPUT, EXIT_OK, processIo } from './io';

/** Exit code when there are errors, or more warnings than `--max-warnings` allows. */
export const EXIT_PROBLEMS = 1;

/** Options of `resource-hooks lint`, as commander parses them. */
export interface LintCommandOptions {
  readonly json?: boolean;
  readonly maxWarnings?: string;
  readonly disable?: readonly string[];
  readonly argoEventsVersion?: string;
}

/** An input problem: reported with exit code 2. */
class InvalidInput extends Error {}

/**
 * `resource-hooks lint <files|dirs…>`: lints the manifests together and prints the findings.
 * Returns the exit code: 0 when clean or with no more warnings than `--max-warnings`, 1 on any
 * error or too many warnings, 2 for unreadable or invalid input.
 */
export function runLint(paths: readonly string[], options: LintCommandOptions, io: CliIo): number {
  let report: LintReport;
  let maxWarnings: number | undefined;
  let files: number;
  try {
    maxWarnings = parseMaxWarnings(options.maxWarnings);
    const argoEventsVersion = parseArgoEventsVersion(options.argoEventsVersion);
    const disabledRules = options.disable ?? [];
    const unknown = disabledRules.filter((rule) => !LINT_RULES.has(rule));
    if (unknown.length > 0) {
      throw new InvalidInput(`--disable: unknown rule ${unknown.join(', ')} (see docs/lint.md for the rule ids)`);
    }
    const sources = loadLintInputs(paths);
    if (sources.length === 0) {
      throw new InvalidInput(`no .yaml, .yml or .json files found in ${paths.join(', ')}`);
    }
    files = sources.length;
    report = lintReport(sources, { disabledRules, argoEventsVersion });
    if (!options.json && lacksEventSources(sources)) {
      io.stderr('note: the inputs hold Sensors but no EventSource, so dependencies were not checked against ' +
        'EventSources; lint them together to check that.\n');
    }
  } catch (e) {
    if (e instanceof InvalidInput || e instanceof EngineError) {
      io.stderr(`resource-hooks lint: ${e.message}\n`);
      return EXIT_INVALID_INPUT;
    }
    throw e;
  }
  const { findings } = report;
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const tooManyWarnings = maxWarnings !== undefined && warnings > maxWarnings;
  if (options.json) {
    const json = { findings, summary: { errors, warnings }, argoEventsVersion: report.argoEventsVersion, controller: report.controller };
    io.stdout(JSON.stringify(json, null, 2) + '\n');
  } else {
    io.stdout(renderText(report, errors, warnings, files));
    if (tooManyWarnings) {
      io.stdout(`too many warnings: ${warnings}, at most ${maxWarnings} allowed (--max-warnings)\n`);
    }
  }
  return errors > 0 || tooManyWarnings ? EXIT_PROBLEMS : EXIT_OK;
}

function parseMaxWarnings(text: string | undefined): number | undefined {
  if (text === undefined) {
    return undefined;
  }
  if (!/^\d+$/.test(text)) {
    throw new InvalidInput(`--max-warnings: expected a non-negative integer, not ${JSON.stringify(text)}`);
  }
  return Number(text);
}

function parseArgoEventsVersion(text: string | undefined): string {
  if (text === undefined) {
    return DEFAULT_ARGO_EVENTS_VERSION;
  }
  const version = ArgoEventsVersion.parse(text);
  if (version === undefined) {
    throw new InvalidInput(`--argo-events-version: ${JSON.stringify(text)} is not a supported Argo Events release; ` +
      `expected ${SUPPORTED_RANGE} (written 1.9.4 or v1.9.4)`);
  }
  return version.toString();
}

function lacksEventSources(sources: readonly LintInput[]): boolean {
  const kinds = new Set(sources.flatMap((s) => s.objects.map((o) => (isRecord(o) ? o.kind : undefined))));
  return kinds.has('Sensor') && !kinds.has('EventSource');
}

/**
 * First the controller's verdict on each EventSource and Sensor, in the words of upstream's
 * `argo-events lint`; then one line per finding, `file: Kind/namespace/name path: severity rule:
 * message`, and a summary naming the release.
 */
function renderText(report: LintReport, errors: number, warnings: number, files: number): string {
  const verdicts = renderControllerVerdicts(report.controller);
  const lines = report.findings.map((f) => {
    const object = [f.kind, ...(f.namespace === undefined ? [] : [f.namespace]), f.name || '<unnamed>'].join('/');
    return `${f.file}: ${object} ${f.path}: ${f.severity} ${f.rule}: ${f.message}`;
  });
  const checked = `(${files} file${files === 1 ? '' : 's'} checked) against Argo Events ${report.argoEventsVersion}`;
  lines.push(report.findings.length === 0
    ? `no problems ${checked}`
    : `${plural(errors, 'error')}, ${plural(warnings, 'warning')} ${checked}`);
  return [...verdicts, ...(verdicts.length === 0 ? [] : ['']), ...lines].join('\n') + '\n';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function collect(value: string, previous: readonly string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter((v) => v !== '')];
}

/**
 * The `lint` subcommand. It writes through `io` and reports its exit code to `setExitCode`
 * (by default `process.exitCode`); usage errors throw a `CommanderError` (exit code 1 from
 * commander, which callers map to 2) instead of exiting the process.
 */
export function lintCommand(
  io: CliIo = processIo,
  setExitCode: (code: number) => void = (code) => {
    process.exitCode = code;
  },
): Command {
  return new Command('lint')
    .description('Check Argo Events manifests for mistakes the API server accepts but that break hooks at runtime')
    .argument('<paths...>', 'manifest files or directories (Sensors, EventSources, EventBuses, Roles and bindings)')
    .option('--argo-events-version <version>',
      `the Argo Events release the cluster runs (${SUPPORTED_RANGE}): its controller rules apply`, DEFAULT_ARGO_EVENTS_VERSION)
    .option('--json', 'print {"findings": [...], "summary": {"errors", "warnings"}, "argoEventsVersion", "controller": [...]} as JSON')
    .option('--max-warnings <n>', 'exit with 1 when there are more than n warnings')
    .option('--disable <rules>', 'comma-separated rule ids to skip (repeatable)', collect)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .action((paths: string[], options: LintCommandOptions) => {
      setExitCode(runLint(paths, options, io));
    });
}
