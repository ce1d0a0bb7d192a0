import { MessageChannel, MessagePort, Worker, receiveMessageOnPort } from 'worker_threads';
import { EngineError } from './errors';
import { compareGoStrings } from './go-format';

/*
 * jq transforms run on jq-web: the jq C implementation compiled to WebAssembly. Its module can
 * only be instantiated asynchronously, while the simulator calls transforms synchronously, so jq
 * lives in a worker thread and each call blocks on a shared flag until the worker answers
 * (Atomics.wait on the calling thread, receiveMessageOnPort to read the reply).
 *
 * Argo Events uses gojq. For the programs transforms are written with, both give the same
 * results; the known differences are error wording, key order of objects (irrelevant once the
 * result is marshalled as a Go map, which sorts keys) and a few rarely used builtins.
 */

const REPLY_TIMEOUT_MS = 30_000;

// Runs inside the worker. Plain JavaScript, loaded with `eval`, so it works the same from the
// compiled library and from ts-jest.
const WORKER_SOURCE = `
const { workerData } = require('worker_threads');
// jq-web prints the stderr of successful runs (e.g. from \`debug\`) through console.warn.
console.warn = () => {};
const signal = new Int32Array(workerData.signal);
const port = workerData.port;
const ready = require(workerData.jqPath);
port.on('message', (request) => {
  ready.then(
    (jq) => {
      try {
        return { ok: true, stdout: jq.raw(request.input, request.program, ['-c']) };
      } catch (e) {
        return { ok: false, message: String((e && (e.stderr || e.message)) || e) };
      }
    },
    (e) => ({ ok: false, message: 'jq could not be loaded: ' + String((e && e.message) || e) }),
  ).then((reply) => {
    port.postMessage(reply);
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
});
`;

interface Reply {
  readonly ok: boolean;
  readonly stdout?: string;
  readonly message?: string;
}

interface Bridge {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly signal: Int32Array;
}

let bridge: Bridge | undefined;

function openBridge(): Bridge {
  if (bridge) return bridge;
  const channel = new MessageChannel();
  const shared = new SharedArrayBuffer(4);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { port: channel.port2, signal: shared, jqPath: require.resolve('jq-web') },
    transferList: [channel.port2],
  });
  // Neither the worker nor the port may keep the process alive once the caller is done.
  worker.unref();
  channel.port1.unref();
  bridge = { worker, port: channel.port1, signal: new Int32Array(shared) };
  return bridge;
}

function closeBridge(): void {
  if (!bridge) return;
  void bridge.worker.terminate();
  bridge.port.close();
  bridge = undefined;
}

function runJq(program: string, input: string): Reply {
  const b = openBridge();
  Atomics.store(b.signal, 0, 0);
  b.port.postMessage({ program, input });
  if (Atomics.wait(b.signal, 0, 0, REPLY_TIMEOUT_MS) === 'timed-out') {
    // A late reply would be read as the answer to the next call: start over with a new worker.
    closeBridge();
    throw new EngineError(`jq: no result within ${REPLY_TIMEOUT_MS / 1000}s`);
  }
  const received = receiveMessageOnPort(b.port);
  if (!received) {
    closeBridge();
    throw new EngineError('jq: the worker signalled a result but sent none');
  }
  return received.message as Reply;
}

/** Turns jq's stderr into a one-line message without CLI details (input file name, shell hints). */
function errorMessage(stderr: string): string {
  const first = stderr.split('\n').find((line) => line.trim() !== '' && !/^Non-zero exit code/.test(line)) ?? stderr;
  return first
    .replace(' (at inputString:0)', '')
    .replace(' (Unix shell quoting issues?)', '')
    .trim();
}

/** JSON text with object keys in Go's order: gojq iterates a Go map's keys sorted. */
function goOrderedJson(data: unknown): string {
  return JSON.stringify(data === undefined ? null : data, (_key, value: unknown) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort(compareGoStrings)) sorted[k] = (value as Record<string, unknown>)[k];
    return sorted;
  });
}

/**
 * Runs a jq program on `data` and returns its first output, as Argo Events' jq transform does
 * (gojq, which stops after the first output, so errors raised after it do not matter).
 * Throws EngineError on a syntax or runtime error, or when the program produces no output.
 * Each call costs about 1.5 ms (jq compiles the program every time).
 */
export function applyJq(program: string, data: unknown): unknown {
  // The label makes jq stop after the first output. The break goes on its own line so that a
  // comment at the end of the program cannot swallow it; the label stays on the first line so
  // that line numbers in error messages are the user's.
  const wrapped = `label $__first_output | ${program}\n| ., break $__first_output`;
  const input = goOrderedJson(data);
  const reply = runJq(wrapped, input);
  if (!reply.ok) {
    const message = reply.message ?? 'jq failed';
    // A syntax error is reported against the wrapper; compile the program alone for the message.
    if (/compile error/.test(message)) {
      const plain = runJq(program, input);
      throw new EngineError(errorMessage(plain.ok ? message : plain.message ?? message));
    }
    throw new EngineError(errorMessage(message));
  }
  const out = (reply.stdout ?? '').trim();
  if (out === '') throw new EngineError('jq: the program produced no output');
  return JSON.parse(out);
}
