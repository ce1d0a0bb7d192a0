import { Command } from 'commander';
import { EngineError } from '../engine/errors';
import { loadManifestFiles } from '../engine/manifest-files';
import { formatDiagnostics } from '../simulate/diagnostics';
import { Simulator } from '../simulate/simulator';
import { KubeConfigError } from '../watch/errors';
import { KubeConnection, connectToCluster } from '../watch/kube-client';
import { Sleep } from '../watch/reflector';
import { describeTarget } from '../watch/resource-client';
import { WatchOutcome, runWatchSession } from '../watch/watch-session';
import { planWatches } from '../watch/watch-plan';
import { CliIo, EXIT_FAILURE, EXIT_INVALID_INPUT, EXIT_OK, processIo } from './io';

/** The API server could not be reached. */
export const EXIT_UNREACHABLE = 3;
/** Every watch was refused (RBAC or credentials). */
export const EXIT_FORBIDDEN = 4;

/** Options of `resource-hooks watch`, as commander parses them. */
export interface WatchOptions {
  readonly context?: string;
  readonly namespace?: string;
  readonly json?: boolean;
}

/** Something that delivers SIGINT and SIGTERM (the process). */
export interface SignalSource {
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

/** What the command talks to; each defaults to the real thing. */
export interface WatchCommandDeps {
  /** @default - the process streams */
  readonly io?: CliIo;
  /** @default - the user's kubeconfig through @kubernetes/client-node */
  readonly connect?: (context?: string) => KubeConnection;
  /** @default process */
  readonly signals?: SignalSource;
  /** Receives the exit code when the command is done. @default - sets `process.exitCode` */
  readonly exit?: (code: number) => void;
  /** @default - the system clock */
  readonly clock?: () => Date;
  /** Waits between retries. @default - a timer */
  readonly sleep?: Sleep;
}

const OUTCOME_CODES: Readonly<Record<WatchOutcome, number>> = {
  stopped: EXIT_OK,
  unreachable: EXIT_UNREACHABLE,
  forbidden: EXIT_FORBIDDEN,
  unavailable: EXIT_INVALID_INPUT,
};

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * `resource-hooks watch <paths…>`: watches what the resource EventSources in the manifests watch,
 * on the cluster of the kubeconfig, and prints for each change which triggers would fire. Runs
 * until SIGINT or SIGTERM (exit 0). Exit codes: 2 for invalid input or kubeconfig (and when no
 * watch could run because a resource is not served), 3 when the server cannot be reached, 4 when
 * every watch is refused.
 */
export async function runWatch(paths: readonly string[], options: WatchOptions, deps: WatchCommandDeps = {}): Promise<number> {
  const io = deps.io ?? processIo;
  const report = (message: string): void => io.stderr(`resource-hooks watch: ${message}\n`);
  const clock = deps.clock ?? (() => new Date());

  let simulator: Simulator;
  let plan: ReturnType<typeof planWatches>;
  let connection: KubeConnection;
  try {
    const objects = loadManifestFiles(paths);
    plan = planWatches(objects, options.namespace !== undefined ? { namespace: options.namespace } : {});
    for (const skipped of plan.skipped) {
      report(`not watching ${skipped}`);
    }
    if (plan.watches.length === 0) {
      report('nothing to watch: no resource EventSource in the given manifests watches anything that can be watched');
      return EXIT_INVALID_INPUT;
    }
    // The informers start now: afterStart filters drop the ADDs of the initial list, as upstream.
    const start = clock();
    simulator = Simulator.fromManifests(objects, { now: start, startTime: start, strict: true });
    const warnings = simulator.diagnostics.filter((d) => d.severity === 'warning');
    if (warnings.length > 0) {
      io.stderr(formatDiagnostics(warnings) + '\n');
    }
    connection = (deps.connect ?? connectToCluster)(options.context);
  } catch (e) {
    if (e instanceof EngineError || e instanceof KubeConfigError) {
      report(e.message);
      return EXIT_INVALID_INPUT;
    }
    throw e;
  }

  report(`context ${connection.context}, server ${connection.client.server}`);
  for (const watch of plan.watches) {
    report(`watching ${describeTarget(watch.target)} for ${watch.events.join(', ')}`);
  }
  report('printing the triggers that would fire, without running any; Ctrl-C to stop');

  const stop = new AbortController();
  const signals = deps.signals ?? process;
  const onSignal = (): void => stop.abort();
  for (const signal of SIGNALS) {
    signals.on(signal, onSignal);
  }
  try {
    const outcome = await runWatchSession({
      client: connection.client,
      simulator,
      watches: plan.watches,
      signal: stop.signal,
      output: (line) => io.stdout(line + '\n'),
      report,
      json: options.json === true,
      clock,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
    });
    if (outcome === 'forbidden') {
      report('every watch was refused; nothing left to watch');
    } else if (outcome === 'unavailable') {
      report('no watch is left running');
    }
    return OUTCOME_CODES[outcome];
  } finally {
    for (const signal of SIGNALS) {
      signals.off(signal, onSignal);
    }
  }
}

/** The `watch` subcommand, for `program.addCommand(watchCommand())`. */
export function watchCommand(deps: WatchCommandDeps = {}): Command {
  const io = deps.io ?? processIo;
  const exit = deps.exit ?? ((code: number) => {
    process.exitCode = code;
  });
  return new Command('watch')
    .description('Watch a live cluster and print which triggers of the given Argo Events manifests would fire (never runs them)')
    .argument('<paths...>', 'manifest files or directories (EventSources, Sensors, Secrets, ConfigMaps, other objects)')
    .option('--context <name>', 'kubeconfig context to use (default: the current context)')
    .option('-n, --namespace <namespace>', 'watch only this namespace (limits watches of all namespaces to it)')
    .option('--json', 'print one JSON object per change: type, object, triggers, actions and trace')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .action(async (paths: string[], options: WatchOptions) => {
      let code: number;
      try {
        code = await runWatch(paths, options, { ...deps, io });
      } catch (e) {
        io.stderr(`resource-hooks watch: unexpected error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
        code = EXIT_FAILURE;
      }
      exit(code);
    });
}
