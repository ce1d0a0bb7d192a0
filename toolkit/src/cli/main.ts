import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError } from 'commander';
import { explainCommand } from './explain-command';
import { CliIo, EXIT_INVALID_INPUT, EXIT_OK, processIo } from './io';
import { lintCommand } from './lint-command';
import { runsCommand } from './runs-command';
import { registerSimulateCommand } from './simulate-command';
import { watchCommand } from './watch-command';

/**
 * The `resource-hooks` command line (simulate, lint, explain, watch, runs). Each subcommand lives in its own file and registers itself
 * here; it reports its exit code through the callback instead of exiting, so the whole program
 * can run in-process (tests) as well as from the binary.
 */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command('resource-hooks')
    .description('Offline tools for Argo Events manifests')
    .version(toolkitVersion(), '-V, --version', 'print the version of resource-hooks')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  const setExitCode = (code: number): void => {
    exitCode = code;
  };
  registerSimulateCommand(program, io, setExitCode);
  program.addCommand(lintCommand(io, setExitCode));
  program.addCommand(explainCommand(io));
  program.addCommand(watchCommand({ io, exit: setExitCode }));
  program.addCommand(runsCommand({ io, exit: setExitCode }));
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'resource-hooks.invalid-input') {
        return e.exitCode;
      }
      // --help and --version end parsing with code 0; usage errors are invalid input.
      return e.exitCode === 0 ? EXIT_OK : EXIT_INVALID_INPUT;
    }
    throw e;
  }
  return exitCode;
}

/** The version of this package; package.json sits two levels up from both src/cli and lib/cli. */
export function toolkitVersion(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
  return String(manifest.version);
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
