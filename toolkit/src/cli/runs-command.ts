import { Command } from 'commander';
import { ClusterReader, describeUnreadable } from '../runs/cluster-reader';
import { parseSince } from '../runs/durations';
import { RunsQuery, buildReport, readSnapshot } from '../runs/report';
import { renderTable } from '../runs/render-table';
import { parseTargetFilter } from '../runs/target';
import { KubeConfigError, UnreachableError } from '../watch/errors';
import { KubeConnection, connectToCluster } from '../watch/kube-client';
import { CliIo, EXIT_FAILURE, EXIT_INVALID_INPUT, EXIT_OK, processIo } from './io';
import { EXIT_FORBIDDEN, EXIT_UNREACHABLE } from './watch-command';

/** Options of `resource-hooks runs`, as commander parses them. */
export interface RunsOptions {
  readonly context?: string;
  /** Every `--namespace`, each possibly a comma-separated list. */
  readonly namespace?: readonly string[];
  readonly hub?: string;
  readonly hook?: string;
  readonly target?: string;
  readonly since?: string;
  readonly limit?: string;
  readonly json?: boolean;
}

/** What the command talks to; each defaults to the real thing. */
export interface RunsCommandDeps {
  /** @default - the process streams */
  readonly io?: CliIo;
  /** @default - the user's kubeconfig through @kubernetes/client-node */
  readonly connect?: (context?: string) => KubeConnection;
  /** Receives the exit code when the command is done. @default - sets `process.exitCode` */
  readonly exit?: (code: number) => void;
  /** @default - the system clock */
  readonly clock?: () => Date;
}

export const DEFAULT_SINCE = '24h';
export const DEFAULT_LIMIT = 5;

/** An option value the command cannot use: exit code 2. */
class InvalidInput extends Error {}

const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

function labelValue(option: string, what: string, value: string | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!LABEL_VALUE.test(value) || value.length > 63) {
    throw new InvalidInput(`${option}: ${JSON.stringify(value)} cannot be ${what} (at most 63 letters, digits, "-", "_" or ".", `
      + 'starting and ending with a letter or digit)');
  }
  return value;
}

/** The query the options ask for, at `now`. @throws InvalidInput naming the option and the expected form */
export function queryOf(options: RunsOptions, now: Date): RunsQuery {
  let namespaces: string[] | undefined;
  if (options.namespace !== undefined && options.namespace.length > 0) {
    namespaces = [...new Set(options.namespace.flatMap((n) => n.split(',')).map((n) => n.trim()))];
    const bad = namespaces.filter((n) => !NAMESPACE.test(n) || n.length > 63);
    if (bad.length > 0) {
      throw new InvalidInput(`--namespace: ${bad.map((n) => JSON.stringify(n)).join(', ')} is not a namespace name (lowercase letters, digits and "-")`);
    }
  }
  const sinceText = options.since ?? DEFAULT_SINCE;
  const sinceMs = parseSince(sinceText);
  if (sinceMs === undefined) {
    throw new InvalidInput(`--since: expected a duration such as 30m, 24h, 1h30m or 7d, not ${JSON.stringify(sinceText)}`);
  }
  const limitText = options.limit ?? String(DEFAULT_LIMIT);
  if (!/^\d+$/.test(limitText) || Number(limitText) < 1) {
    throw new InvalidInput(`--limit: expected a whole number of runs per hook, at least 1, not ${JSON.stringify(limitText)}`);
  }
  let target: RunsQuery['target'];
  if (options.target !== undefined) {
    target = parseTargetFilter(options.target);
    if (target === undefined) {
      throw new InvalidInput(`--target: expected KIND/NAME such as deployment/web or configmap/settings, not ${JSON.stringify(options.target)}`);
    }
  }
  const hub = labelValue('--hub', 'a hub (Sensor) name', options.hub);
  const hook = labelValue('--hook', 'a hook (Sensor dependency) name', options.hook);
  return {
    ...(namespaces !== undefined ? { namespaces } : {}),
    ...(hub !== undefined ? { hub } : {}),
    ...(hook !== undefined ? { hook } : {}),
    ...(target !== undefined ? { target } : {}),
    sinceMs,
    limit: Number(limitText),
    now,
  };
}

/**
 * `resource-hooks runs`: reads the hooks' runs (Jobs, Workflows), their Events and the hubs'
 * EventSources, Sensors, EventBuses and pods from the cluster of the kubeconfig, and prints them as
 * a table or JSON. Lists that fail are reported on stderr and left out. Exit codes: 0 shown, 2 bad
 * options or kubeconfig, 3 server unreachable, 4 every list refused.
 */
export async function runRuns(options: RunsOptions, deps: RunsCommandDeps = {}): Promise<number> {
  const io = deps.io ?? processIo;
  const report = (message: string): void => io.stderr(`resource-hooks runs: ${message}\n`);
  let query: RunsQuery;
  let connection: KubeConnection;
  try {
    query = queryOf(options, (deps.clock ?? (() => new Date()))());
    connection = (deps.connect ?? connectToCluster)(options.context);
  } catch (e) {
    if (e instanceof InvalidInput || e instanceof KubeConfigError) {
      report(e.message);
      return EXIT_INVALID_INPUT;
    }
    throw e;
  }

  const reader = new ClusterReader(connection.client, query.namespaces);
  let snapshot: Awaited<ReturnType<typeof readSnapshot>>;
  try {
    snapshot = await readSnapshot(reader, query);
  } catch (e) {
    if (e instanceof UnreachableError) {
      report(e.message);
      return EXIT_UNREACHABLE;
    }
    throw e;
  }
  const result = buildReport(snapshot, query, { context: connection.context, server: connection.client.server });
  for (const line of describeUnreadable(result.unreadable)) {
    report(line);
  }
  if (reader.everythingRefused) {
    report(`every list was refused; nothing to show (context ${connection.context}, server ${connection.client.server})`);
    return EXIT_FORBIDDEN;
  }
  io.stdout(options.json === true ? JSON.stringify(result, null, 2) + '\n' : renderTable(result));
  return EXIT_OK;
}

function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The `runs` subcommand, for `program.addCommand(runsCommand())`. */
export function runsCommand(deps: RunsCommandDeps = {}): Command {
  const io = deps.io ?? processIo;
  const exit = deps.exit ?? ((code: number) => {
    process.exitCode = code;
  });
  return new Command('runs')
    .description("Show each hook's recent runs (Jobs, Workflows, HookFailed Events) and its hub's health, from a live cluster")
    .option('--context <name>', 'kubeconfig context to use (default: the current context)')
    .option('-n, --namespace <namespace>', 'read only this namespace (repeat it, or separate with commas, for several; default: every namespace you may list)', collect)
    .option('--hub <name>', 'only this hub (Sensor)')
    .option('--hook <name>', 'only this hook (Sensor dependency)')
    .option('--target <kind/name>', 'only runs and Events about this object, e.g. deployment/web')
    .option('--since <duration>', 'how far back to look, e.g. 30m, 24h, 7d', DEFAULT_SINCE)
    .option('--limit <n>', 'runs and Events shown per hook, the most recent first', String(DEFAULT_LIMIT))
    .option('--json', 'print the report as one JSON document (see docs/runs.md)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .action(async (options: RunsOptions) => {
      let code: number;
      try {
        code = await runRuns(options, { ...deps, io });
      } catch (e) {
        io.stderr(`resource-hooks runs: unexpected error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
        code = EXIT_FAILURE;
      }
      exit(code);
    });
}
