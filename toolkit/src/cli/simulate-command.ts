import { Command, Option } from 'commander';
import { KubeObject } from '../engine/cluster';
import { EngineError } from '../engine/errors';
import { parseRfc3339 } from '../engine/event';
import { ManifestSource, loadManifestSources, readText } from '../engine/manifest-files';
import { describeObject, parseManifests, parseYamlStream } from '../engine/manifests';
import { formatDiagnostics } from '../simulate/diagnostics';
import { Simulator } from '../simulate/simulator';
import { EmitResult, ResourceEvent } from '../simulate/types';
import { CliIo, EXIT_INVALID_INPUT, EXIT_OK } from './io';
import { formatResult } from './simulate-format';

/** Options of `resource-hooks simulate`, as commander parses them. */
export interface SimulateOptions {
  readonly type?: string;
  readonly new?: string;
  readonly old?: string;
  readonly events?: string;
  readonly now?: string;
  readonly json?: boolean;
  readonly httpStatus?: string;
  readonly strict?: boolean;
}

const EVENT_TYPES = ['ADD', 'UPDATE', 'DELETE'];

/** An input problem: reported with exit code 2. */
class InvalidInput extends Error {}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reads a file holding exactly one object. */
function readObject(file: string, option: string): KubeObject {
  const objects = parseManifests(readText(file), file);
  if (objects.length !== 1) {
    throw new InvalidInput(`${option} ${file}: expected exactly one object, found ${objects.length}`);
  }
  return objects[0];
}

function checkType(type: unknown, where: string): ResourceEvent['type'] {
  if (typeof type !== 'string' || !EVENT_TYPES.includes(type)) {
    throw new InvalidInput(`${where}: must be ADD, UPDATE or DELETE, not ${JSON.stringify(type)}`);
  }
  return type as ResourceEvent['type'];
}

/** One step of an `--events` file. */
interface Step {
  readonly event: ResourceEvent;
  readonly time?: string;
}

/**
 * Reads an `--events` file: a list (YAML or JSON) of `{type, object, oldObject?, time?}`, a
 * document `{events: [...]}`, or one such object per `---` document.
 */
function readSteps(file: string): Step[] {
  const docs = parseYamlStream(readText(file), file);
  let list: unknown = docs;
  if (docs.length === 1 && Array.isArray(docs[0])) {
    list = docs[0];
  } else if (docs.length === 1 && isObject(docs[0]) && Array.isArray(docs[0].events)) {
    list = docs[0].events;
  }
  if (!Array.isArray(list) || list.length === 0) {
    throw new InvalidInput(`--events ${file}: expected a list of {type, object, oldObject}`);
  }
  return list.map((raw, i) => {
    const where = `--events ${file}: events[${i}]`;
    if (!isObject(raw)) {
      throw new InvalidInput(`${where}: must be an object with type and object`);
    }
    const type = checkType(raw.type, `${where}.type`);
    if (!isObject(raw.object)) {
      throw new InvalidInput(`${where}.object: a Kubernetes object is required`);
    }
    if (type === 'UPDATE' && !isObject(raw.oldObject)) {
      throw new InvalidInput(`${where}.oldObject: required for UPDATE`);
    }
    if (raw.time !== undefined && typeof raw.time !== 'string') {
      throw new InvalidInput(`${where}.time: must be an RFC 3339 string`);
    }
    const event: ResourceEvent = {
      type,
      object: raw.object,
      ...(isObject(raw.oldObject) ? { oldObject: raw.oldObject } : {}),
    };
    return { event, ...(raw.time !== undefined ? { time: raw.time } : {}) };
  });
}

function readSingleStep(options: SimulateOptions): Step {
  if (!options.type) {
    throw new InvalidInput('--type is required with --new (or use --events)');
  }
  const type = checkType(options.type, '--type');
  if (!options.new) {
    throw new InvalidInput('--new <file> is required (or use --events)');
  }
  if (type === 'UPDATE' && !options.old) {
    throw new InvalidInput('--old <file> is required for --type UPDATE');
  }
  const object = readObject(options.new, '--new');
  const oldObject = options.old ? readObject(options.old, '--old') : undefined;
  return { event: { type, object, ...(oldObject ? { oldObject } : {}) } };
}

/**
 * Each `--events` entry keeps its own `time`, so times must not go back: before the first one,
 * before `--now`, or before the entry above.
 */
function checkTimes(steps: readonly Step[], now: string | undefined, options: SimulateOptions): void {
  let clock = now !== undefined ? parseRfc3339(now, options.now !== undefined ? '--now' : 'time') : undefined;
  let previous = options.now !== undefined ? `--now ${options.now}` : '';
  steps.forEach((step, i) => {
    if (step.time === undefined) {
      return;
    }
    const where = `--events ${options.events ?? ''}: events[${i}].time`;
    let time: Date;
    try {
      time = parseRfc3339(step.time, where);
    } catch (e) {
      throw new InvalidInput((e as Error).message);
    }
    if (clock !== undefined && time.getTime() < clock.getTime()) {
      throw new InvalidInput(`${where}: ${step.time} is before ${previous}; times must not go back (the simulated clock never does)`);
    }
    clock = time;
    previous = `events[${i}].time ${step.time}`;
  });
}

/**
 * Which file an object named in a diagnostic came from: the object part of `where`
 * (`Sensor/apps/hub spec…`) looked up among the loaded files.
 */
function fileLocator(sources: readonly ManifestSource[]): (where: string) => string | undefined {
  const files = new Map<string, string>();
  for (const source of sources) {
    for (const object of source.objects) {
      const name = describeObject(object);
      if (!files.has(name)) {
        files.set(name, source.file);
      }
    }
  }
  return (where) => files.get(where.split(' ')[0]);
}

function parseStatus(text: string | undefined): number | undefined {
  if (text === undefined) {
    return undefined;
  }
  if (!/^[1-5]\d\d$/.test(text)) {
    throw new InvalidInput(`--http-status: expected an HTTP status code such as 500, not ${JSON.stringify(text)}`);
  }
  return Number(text);
}

/**
 * `resource-hooks simulate <files|dirs…>`: loads the manifests, applies one change (`--type`,
 * `--new`, `--old`) or a sequence (`--events`) and prints what Argo Events would do.
 * Returns the exit code: 0 on success, 2 for unreadable or invalid input.
 */
export function runSimulate(paths: readonly string[], options: SimulateOptions, io: CliIo): number {
  try {
    if (paths.length === 0) {
      throw new InvalidInput('no manifest files or directories given');
    }
    if (options.events && (options.new || options.old || options.type)) {
      throw new InvalidInput('--events cannot be combined with --type, --new or --old');
    }
    if (options.now !== undefined) {
      parseRfc3339(options.now, '--now');
    }
    const httpStatus = parseStatus(options.httpStatus);
    const steps = options.events ? readSteps(options.events) : [readSingleStep(options)];
    const now = options.now ?? steps.find((s) => s.time !== undefined)?.time;
    checkTimes(steps, now, options);
    const sources = loadManifestSources(paths);
    const fileOf = fileLocator(sources);
    const simulator = Simulator.fromManifests(sources.flatMap((s) => s.objects), {
      ...(now !== undefined ? { now } : {}),
      ...(options.strict ? { strict: true } : {}),
      fileOf,
    });
    // Errors the controller accepts fail where they run (see the trace); both kinds are listed.
    const problems = simulator.diagnostics;
    if (problems.length > 0 && !options.json) {
      io.stderr(formatDiagnostics(problems, fileOf) + '\n');
    }
    const results = steps.map((step, i) => {
      try {
        return simulator.emit(step.event, {
          ...(step.time !== undefined ? { time: step.time } : {}),
          ...(httpStatus !== undefined ? { httpStatus } : {}),
        });
      } catch (e) {
        if (e instanceof EngineError && options.events) {
          throw new InvalidInput(`--events ${options.events}: events[${i}]: ${e.message}`);
        }
        throw e;
      }
    });
    io.stdout(options.json ? renderJson(steps, results, simulator) : renderText(steps, results));
    return EXIT_OK;
  } catch (e) {
    if (e instanceof InvalidInput || e instanceof EngineError) {
      io.stderr(`resource-hooks simulate: ${e.message}\n`);
      return EXIT_INVALID_INPUT;
    }
    throw e;
  }
}

function renderJson(steps: readonly Step[], results: readonly EmitResult[], simulator: Simulator): string {
  const diagnostics = simulator.diagnostics;
  if (steps.length === 1) {
    const [r] = results;
    return JSON.stringify({ actions: r.actions, trace: r.trace, triggers: r.triggers, diagnostics }, null, 2) + '\n';
  }
  const perEvent = results.map((r, i) => ({
    index: i,
    type: steps[i].event.type,
    object: describeObject(steps[i].event.object),
    actions: r.actions,
    trace: r.trace,
    triggers: r.triggers,
  }));
  return JSON.stringify({ results: perEvent, diagnostics }, null, 2) + '\n';
}

function renderText(steps: readonly Step[], results: readonly EmitResult[]): string {
  return results.map((r, i) => {
    const step = steps[i];
    const prefix = steps.length > 1 ? `[${i}] ` : '';
    return formatResult(`${prefix}${step.event.type} ${describeObject(step.event.object)}${step.time ? ` at ${step.time}` : ''}`, r);
  }).join('\n');
}

/** Adds the `simulate` subcommand; `setExitCode` receives its exit code. */
export function registerSimulateCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('simulate')
    .description('Predict what Argo Events does with a change to a Kubernetes object, offline')
    .argument('<paths...>', 'manifest files or directories (EventSources, Sensors, Secrets, ConfigMaps, other objects)')
    .addOption(new Option('--type <type>', 'type of the change').choices(EVENT_TYPES))
    .option('--new <file>', 'the object after the change (for DELETE: its last state)')
    .option('--old <file>', 'the object before the change (UPDATE)')
    .option('--events <file>', 'a list of {type, object, oldObject, time} applied in order, keeping state')
    .option('--now <time>', 'the simulated clock and EventSource start time (RFC 3339; default: the first time in --events, else now)')
    .option('--http-status <code>', 'the status HTTP endpoints answer with (applies policy.status and retries)')
    .option('--json', 'print {"actions", "trace", ...} as JSON')
    .option('--strict', 'refuse manifests with any error, also those Argo Events accepts and that fail only at run time')
    .action((paths: string[], options: SimulateOptions) => {
      setExitCode(runSimulate(paths, options, io));
    });
}
