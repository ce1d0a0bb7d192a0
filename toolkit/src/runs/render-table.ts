import { wrapText } from '../explain/wrap';
import { humanDuration, parseTime } from './durations';
import { HookEvent } from './hook-event';
import { ComponentHealth } from './hub-health';
import { HookReport, HubReport, RunsReport } from './report';
import { HookRun } from './run';
import { TargetRef, formatTarget, sameTarget } from './target';

/** The terminal width the table is laid out for. */
export const TABLE_WIDTH = 100;

const INDENT = '    ';
const GAP = '  ';

function age(report: RunsReport, time: string): string {
  const at = parseTime(time);
  return at === undefined ? '?' : humanDuration((parseTime(report.time) ?? 0) - at);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function podsText(component: ComponentHealth): string {
  if (component.found === null) {
    return 'could not be read';
  }
  if (!component.found) {
    return 'not found';
  }
  if (!component.podsExpected) {
    return 'no pods (outside the cluster)';
  }
  if (component.pods === null) {
    return 'pods could not be read';
  }
  const ready = component.pods.filter((p) => p.ready).length;
  const restarts = component.pods.reduce((sum, p) => sum + p.restarts, 0);
  return `pods ${ready}/${component.pods.length} ready${restarts > 0 ? `, ${plural(restarts, 'restart')}` : ''}`;
}

function conditionsText(component: ComponentHealth): string {
  if (component.found !== true) {
    return '';
  }
  if (component.conditions.length === 0) {
    return 'no conditions';
  }
  const off = component.conditions.filter((c) => c.status !== 'True');
  return off.length === 0 ? 'conditions ok' : off.map((c) => `${c.type}=${c.status}`).join(', ');
}

/** Left-aligned columns separated by two spaces; the last column is not padded. */
function columns(rows: readonly (readonly string[])[], prefix: string): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => (prefix + r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join(GAP)).trimEnd());
}

function hubLines(hub: HubReport): string[] {
  if (hub.namespace === null || hub.health === null) {
    return [`HUB ${hub.name}: no Sensor of this name found where runs were read, health unknown`];
  }
  const state = hub.health.healthy === true ? 'healthy' : hub.health.healthy === false ? 'DEGRADED' : 'health unknown';
  const lines = [`HUB ${hub.namespace}/${hub.name}: ${state}`];
  lines.push(...columns(hub.health.components.map((c) => [c.kind, c.name, podsText(c), conditionsText(c)]), '  '));
  for (const problem of hub.health.problems) {
    lines.push(...wrapText(problem, TABLE_WIDTH, '  ! ', '    '));
  }
  return lines;
}

/** The single target of all runs and Events of a hook, if they share one. */
function commonTarget(hook: HookReport): TargetRef | undefined {
  const targets = [...hook.runs.map((r) => r.target), ...hook.events.map((e) => e.target)];
  const first = targets[0];
  if (!first || targets.some((t) => !t || !sameTarget(t, first))) {
    return undefined;
  }
  return first;
}

const RUN_HEADER = ['AGE', 'CHANGE', 'RUN', 'STATUS', 'DURATION'];

/** Fits the CHANGE column (the only one that can be long and is not needed whole) into the table width. */
function fitChange(rows: string[][]): void {
  const fixed = [0, 2, 3, 4].reduce((sum, i) => sum + Math.max(...rows.map((r) => r[i].length)), 0);
  const room = Math.max(RUN_HEADER[1].length, TABLE_WIDTH - INDENT.length - fixed - GAP.length * 4);
  for (const row of rows) {
    if (row[1].length > room) {
      row[1] = row[1].slice(0, room - 3) + '...';
    }
  }
}

function runDetails(run: HookRun, common: TargetRef | undefined, home: string): string[] {
  const details: string[] = [];
  if (run.status === 'failed' || run.status === 'suspended') {
    const why = [run.reason, run.message].filter((x) => x !== null).join(': ');
    const pods = run.failedPods > 0 ? `${plural(run.failedPods, 'failed pod')}` : '';
    const text = [why, pods !== '' ? (why !== '' ? `(${pods})` : pods) : ''].filter((x) => x !== '').join(' ');
    if (text !== '') {
      details.push(text);
    }
  }
  if (run.target && !common) {
    details.push(`on ${formatTarget(run.target)}`);
  }
  if (run.namespace !== home) {
    details.push(`in namespace ${run.namespace}`);
  }
  return details;
}

function eventLines(report: RunsReport, event: HookEvent, ageWidth: number): string[] {
  const count = event.count > 1 ? ` (${event.count} times)` : '';
  const head = `${INDENT}${age(report, event.time).padEnd(ageWidth)}${GAP}${event.reason}${count}: `;
  return wrapText(event.message || '(no message)', TABLE_WIDTH, head, `${INDENT}${' '.repeat(ageWidth)}${GAP}  `);
}

function hookLines(report: RunsReport, hub: HubReport, hook: HookReport): string[] {
  const common = commonTarget(hook);
  const lines = [`  HOOK ${hook.name}${common ? `  on ${formatTarget(common)}` : ''}`];
  const home = common?.namespace ?? hub.namespace ?? '';
  const window = humanDuration((parseTime(report.time) ?? 0) - (parseTime(report.since) ?? 0));
  const events = hook.events;
  const ageWidth = Math.max(RUN_HEADER[0].length, ...hook.runs.map((r) => age(report, r.time).length), ...events.map((e) => age(report, e.time).length));
  if (hook.runs.length === 0) {
    lines.push(`${INDENT}no Job or Workflow in the last ${window}`);
  } else {
    const rows = [RUN_HEADER.slice(), ...hook.runs.map((r) => [
      age(report, r.time),
      r.change ?? '-',
      `${r.kind.toLowerCase()}/${r.name}`,
      r.status,
      r.durationSeconds !== null ? humanDuration(r.durationSeconds * 1000) : '-',
    ])];
    rows[0][0] = rows[0][0].padEnd(ageWidth);
    fitChange(rows);
    const laidOut = columns(rows, INDENT);
    lines.push(laidOut[0]);
    const detailIndent = `${INDENT}${' '.repeat(ageWidth)}${GAP}`;
    hook.runs.forEach((run, i) => {
      lines.push(laidOut[i + 1]);
      for (const detail of runDetails(run, common, home)) {
        lines.push(...wrapText(detail, TABLE_WIDTH, detailIndent, `${detailIndent}  `));
      }
    });
    if (hook.moreRuns > 0) {
      lines.push(`${INDENT}... ${plural(hook.moreRuns, 'older run')} in the last ${window} not shown (--limit ${report.filters.limit})`);
    }
  }
  for (const event of events) {
    lines.push(...eventLines(report, event, ageWidth));
  }
  if (hook.moreEvents > 0) {
    lines.push(`${INDENT}... ${plural(hook.moreEvents, 'older event')} in the last ${window} not shown (--limit ${report.filters.limit})`);
  }
  return lines;
}

/** The table `resource-hooks runs` prints: a header, then per hub its health and per hook its runs and Events. */
export function renderTable(report: RunsReport): string {
  const window = humanDuration((parseTime(report.time) ?? 0) - (parseTime(report.since) ?? 0));
  const where = report.namespaces === null ? 'all namespaces' : `namespace${report.namespaces.length === 1 ? '' : 's'} ${report.namespaces.join(', ')}`;
  const lines = [`Hook runs in the last ${window} (since ${report.since}), ${where}, context ${report.context}`];
  if (report.hubs.length === 0) {
    const filters = [
      report.filters.hub !== null ? `hub ${report.filters.hub}` : '',
      report.filters.hook !== null ? `hook ${report.filters.hook}` : '',
      report.filters.target !== null ? `target ${report.filters.target}` : '',
    ].filter((f) => f !== '');
    lines.push('', filters.length > 0 ? `No hub or run matches ${filters.join(', ')}.` : 'No Sensor, hook run or hook Event found.');
  }
  for (const hub of report.hubs) {
    lines.push('', ...hubLines(hub));
    for (const hook of hub.hooks) {
      lines.push('', ...hookLines(report, hub, hook));
    }
  }
  if (report.unreadable.length > 0) {
    const missing = report.unreadable.map((u) => `${u.resource} ${u.namespace !== null ? `in ${u.namespace}` : 'in all namespaces'} (${u.problem})`);
    lines.push('', ...wrapText(`Not shown, could not be read: ${missing.join(', ')}.`, TABLE_WIDTH, '', ''));
  }
  return lines.join('\n') + '\n';
}
