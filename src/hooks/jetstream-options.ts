import { IConstruct } from 'constructs';
import { addWarning } from '../argocd/_warnings';
import { checkDnsLabel, checkObjectName, dnsSubdomainProblem } from '../common/k8s-names';
import { HubEventBus } from './hub-event-bus';

/**
 * What Kubernetes, the Argo Events controller and NATS accept for the EventBus a hub creates.
 * Values they reject do not fail the apply: the controller cannot read the EventBus, or the NATS
 * servers do not start, or (older NATS releases, unknown size suffix) the setting is silently left
 * at its default.
 */

/** The controller names the StatefulSet `eventbus-<name>-js`, and its pods' revision label adds 11. */
const EVENT_BUS_NAME_MAX = 40;
/** NATS refuses a max_payload above max_pending, 64 MB unless configured otherwise. */
const MAX_PAYLOAD_LIMIT = 64 * 1024 * 1024;
/** NATS warns above 8 MB: every message of that size is held in memory by every client. */
const MAX_PAYLOAD_ADVISED = 8 * 1024 * 1024;

// resource.ParseQuantity: a signed decimal number, then a binary, decimal or exponent suffix.
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
const QUANTITY_FACTORS: Record<string, number> = {
  '': 1, 'm': 1e-3, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18,
  'Ki': 2 ** 10, 'Mi': 2 ** 20, 'Gi': 2 ** 30, 'Ti': 2 ** 40, 'Pi': 2 ** 50, 'Ei': 2 ** 60,
};
// A NATS configuration integer: digits and a size suffix every NATS release the controller offers
// knows (newer releases also take Ki/Mi/Gi, older ones ignore them).
const NATS_SIZE = /^(\d+)(k|kb|m|mb|g|gb)?$/i;
const NATS_FACTORS: Record<string, number> = { '': 1, 'k': 1e3, 'kb': 2 ** 10, 'm': 1e6, 'mb': 2 ** 20, 'g': 1e9, 'gb': 2 ** 30 };

/** The number of bytes of a Kubernetes quantity, or undefined when it is not one. */
export function parseQuantity(text: string): number | undefined {
  const match = QUANTITY.exec(text);
  if (match === null) {
    return undefined;
  }
  const suffix = match[2] ?? '';
  const factor = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : QUANTITY_FACTORS[suffix];
  return Number(match[1]) * factor;
}

/** The number of bytes of a NATS size such as `4MB`, or undefined when it is not one. */
export function parseNatsSize(text: string): number | undefined {
  const match = NATS_SIZE.exec(text);
  return match === null ? undefined : Number(match[1]) * NATS_FACTORS[(match[2] ?? '').toLowerCase()];
}

/** A suggestion for a size written the way people write disk sizes (`10GB`, `10 Gi`, `1.5gb`). */
function quantityFix(text: string): string {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgtpe])i?b?\s*$/i.exec(text);
  return match === null ? '"10Gi"' : `"${match[1]}${match[2].toUpperCase()}i"`;
}

/** Refuses EventBus names and JetStream options that Kubernetes, Argo Events or NATS reject. */
export function checkEventBus(scope: IConstruct, bus: HubEventBus): void {
  const where = scope.node.path;
  const options = bus.jetStreamOptions;
  if (options === undefined) {
    checkObjectName(where, 'eventBus name', bus.name);
    return;
  }
  checkDnsLabel(where, 'eventBus name', bus.name, EVENT_BUS_NAME_MAX,
    `, since Argo Events names the bus's StatefulSet "eventbus-<name>-js" and its pods' revision label must fit in 63`);
  const replicas = options.replicas;
  if (replicas !== undefined && (!Number.isInteger(replicas) || replicas < 1 || replicas === 2)) {
    throw new Error(`${where}: eventBus replicas ${replicas} is refused by Argo Events, which needs 1 (no redundancy) or 3 and more (a JetStream quorum); use 3`);
  }
  if (options.storageClassName !== undefined) {
    const problem = dnsSubdomainProblem(options.storageClassName);
    if (problem !== undefined) {
      throw new Error(`${where}: eventBus storageClassName ${JSON.stringify(options.storageClassName)} ${problem}; use the name of a StorageClass (\`kubectl get storageclass\`)`);
    }
  }
  if (options.volumeSize !== undefined) {
    const bytes = parseQuantity(options.volumeSize);
    if (bytes === undefined) {
      throw new Error(`${where}: eventBus volumeSize ${JSON.stringify(options.volumeSize)} is not a Kubernetes quantity, so the Argo Events controller cannot read the EventBus; write it like ${quantityFix(options.volumeSize)} (binary suffixes Ki, Mi, Gi, Ti; no "B", no space)`);
    }
    if (bytes < 1) {
      throw new Error(`${where}: eventBus volumeSize ${JSON.stringify(options.volumeSize)} is not a positive size, and Kubernetes refuses a volume claim of it; use e.g. "10Gi"`);
    }
  }
  if (options.maxPayload !== undefined) {
    const bytes = parseNatsSize(options.maxPayload);
    if (bytes === undefined) {
      throw new Error(`${where}: eventBus maxPayload ${JSON.stringify(options.maxPayload)} is not a size NATS reads (a whole number with an optional k, KB, m, MB, g or GB suffix: KB and MB are 1024-based); older NATS releases ignore it and keep 1MB, newer ones fail to start; use e.g. "4MB"`);
    }
    if (bytes === 0) {
      throw new Error(`${where}: eventBus maxPayload ${JSON.stringify(options.maxPayload)} is 0 bytes, which NATS reads as its 1MB default; leave maxPayload unset for that, or give the size you need, e.g. "4MB"`);
    }
    if (bytes > MAX_PAYLOAD_LIMIT) {
      throw new Error(`${where}: eventBus maxPayload ${JSON.stringify(options.maxPayload)} is ${bytes} bytes, and NATS refuses to start with a max_payload above max_pending (64MB); use at most "64MB", and preferably at most "8MB"`);
    }
    if (bytes > MAX_PAYLOAD_ADVISED) {
      addWarning(scope, `eventBus maxPayload "${options.maxPayload}" is above 8MB, which NATS discourages (each such message is buffered whole by every client); keep it at most "8MB" unless single events really are that large`);
    }
  }
}
