import { Command, CommanderError } from 'commander';
import { EngineError } from '../engine/errors';
import { loadManifestFiles } from '../engine/manifest-files';
import { MIN_WIDTH, explainManifests, renderExplanation } from '../explain';
import { CliIo, EXIT_INVALID_INPUT, EXIT_OK, processIo } from './io';

/** Options of `resource-hooks explain`, as commander parses them. */
export interface ExplainOptions {
  readonly json?: boolean;
  readonly width?: string;
}

/** An input problem: reported with exit code 2. */
class InvalidInput extends Error {}

function parseWidth(text: string | undefined): number {
  if (text === undefined) {
    return 80;
  }
  if (!/^\d+$/.test(text) || Number(text) < MIN_WIDTH) {
    throw new InvalidInput(`--width: expected a whole number of columns of at least ${MIN_WIDTH}, not ${JSON.stringify(text)}`);
  }
  return Number(text);
}

/**
 * `resource-hooks explain <files|dirs…>`: prints what every hook (Sensor dependency) in the
 * manifests does, as text wrapped to `--width` or as JSON (`{"hooks": [...]}`).
 * Returns the exit code: 0 on success, 2 for unreadable or invalid input.
 */
export function runExplain(paths: readonly string[], options: ExplainOptions, io: CliIo): number {
  try {
    const width = parseWidth(options.width);
    const hooks = explainManifests(loadManifestFiles(paths));
    io.stdout(options.json ? JSON.stringify({ hooks }, null, 2) + '\n' : renderExplanation(hooks, width));
    return EXIT_OK;
  } catch (e) {
    if (e instanceof InvalidInput || e instanceof EngineError) {
      io.stderr(`resource-hooks explain: ${e.message}\n`);
      return EXIT_INVALID_INPUT;
    }
    throw e;
  }
}

/**
 * The `explain` subcommand, to add to the program with `addCommand`. It writes to `io` and ends
 * with a `CommanderError` carrying the exit code when that code is not 0 (it calls
 * `exitOverride`), so it runs in-process as well as from the binary.
 */
export function explainCommand(io: CliIo = processIo): Command {
  return new Command('explain')
    .description('Show what the hooks in Argo Events manifests do, in plain words')
    .argument('<paths...>', 'manifest files or directories (Sensors, EventSources, and optionally CRDs)')
    .option('--json', 'print {"hooks": [...]} as JSON')
    .option('--width <n>', 'wrap text output to this many columns', '80')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .action((paths: string[], options: ExplainOptions) => {
      const code = runExplain(paths, options, io);
      if (code !== EXIT_OK) {
        // The message is already on stderr; this only carries the code to the caller.
        throw new CommanderError(code, 'resource-hooks.invalid-input', 'resource-hooks explain failed');
      }
    });
}
