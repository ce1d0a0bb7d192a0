import { KubeObject } from '../engine/cluster';
import { describeObject } from '../engine/manifests';
import { EmitResult, SimulatedAction, TraceEntry } from '../simulate/types';

/** A readable report of one simulated change (the default output of `simulate`). */
export function formatResult(title: string, result: EmitResult): string {
  const lines = [title];
  if (result.trace.length === 0) {
    lines.push('  no EventSource watches this object');
  }
  for (const entry of result.trace) {
    lines.push(...formatTrace(entry));
  }
  if (result.actions.length === 0) {
    lines.push('  no trigger ran');
  } else {
    lines.push('  actions:');
    for (const action of result.actions) {
      lines.push(...formatAction(action, '    '));
    }
  }
  return lines.join('\n') + '\n';
}

function formatTrace(entry: TraceEntry): string[] {
  const head = `  EventSource ${entry.eventSource}, event ${entry.eventName}`;
  if (!entry.emitted) {
    return [`${head}: not emitted (${entry.reason ?? 'filtered'})`];
  }
  const delivered = entry.event?.eventType ? ` as ${entry.event.eventType}` : '';
  const lines = [`${head}: emitted${delivered}, id ${entry.event?.id ?? ''}`];
  if (entry.dependencies.length === 0) {
    lines.push('    no Sensor dependency listens to it');
  }
  for (const dep of entry.dependencies) {
    const name = `    ${dep.sensor}/${dep.dependency}`;
    if (!dep.matched) {
      lines.push(`${name}: no match: ${dep.reason ?? ''}${dep.error ? ` (${dep.error})` : ''}`);
      continue;
    }
    const triggers = dep.triggers.map((t) => t.result === 'stored'
      ? `${t.trigger} stored, waiting for ${(t.waitingFor ?? []).join(', ')}`
      : `${t.trigger} ${t.result}`);
    lines.push(`${name}: matched${triggers.length > 0 ? ' → ' + triggers.join('; ') : ', no trigger consumes it'}`);
  }
  return lines;
}

function objectName(object: KubeObject | undefined): string {
  return object ? describeObject(object) : '?';
}

/** One action, with retries, errors and notes on the following lines. */
export function formatAction(action: SimulatedAction, indent: string): string[] {
  const deadLetter = action.deadLetterOf !== undefined ? ` (dead-letter of ${action.deadLetterOf})` : '';
  const head = `${indent}${action.sensor}/${action.trigger}${deadLetter} [${action.kind}]`;
  let what: string;
  switch (action.kind) {
    case 'k8s':
      what = `${action.operation} ${objectName(action.result ?? action.object)}`;
      break;
    case 'http':
      what = action.request ? `${action.request.method} ${action.request.url}${action.status !== undefined ? ` → ${action.status}` : ''}` : '';
      break;
    case 'slack':
      what = `#${action.channel ?? ''}: ${action.message ?? ''}`;
      break;
    case 'log':
      what = `${action.entries.length} event(s)`;
      break;
    case 'argoWorkflow':
      what = action.command ? action.command.join(' ') : action.operation ?? '';
      break;
    default:
      what = '';
  }
  const lines = [`${head} ${what}`.trimEnd() + ` → ${action.outcome}`];
  if (action.error) {
    lines.push(`${indent}  error: ${action.error}`);
  }
  if (action.attempts > 1) {
    lines.push(`${indent}  attempts: ${action.attempts}${action.backoff ? ` (sleeps ${action.backoff.join(', ')} plus jitter)` : ''}`);
  }
  for (const note of action.notes ?? []) {
    lines.push(`${indent}  note: ${note}`);
  }
  if (action.dlq) {
    lines.push(`${indent}  failed for good: dead-letter trigger ${action.dlq.trigger} runs next`);
  }
  return lines;
}
