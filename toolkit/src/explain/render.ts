import { HookExplanation, TriggerExplanation } from './model';
import { wrapText } from './wrap';

/** Narrowest layout that still leaves room for text beside the labels. */
export const MIN_WIDTH = 40;

const INDENT = '  ';
const LABEL_WIDTH = 9;
const CONTINUATION = ' '.repeat(INDENT.length + LABEL_WIDTH);

/**
 * Renders hooks as text, one block per hook with labelled rows (target, when, trigger, problem),
 * wrapped so that no line is longer than `width`.
 * @throws RangeError when `width` is below {@link MIN_WIDTH}
 */
export function renderExplanation(hooks: HookExplanation[], width = 80): string {
  if (!Number.isInteger(width) || width < MIN_WIDTH) {
    throw new RangeError(`width must be a whole number of at least ${MIN_WIDTH}, not ${width}`);
  }
  if (hooks.length === 0) {
    return wrapText('No hooks: the given manifests contain no Sensor dependencies.', width, '', '').join('\n') + '\n';
  }
  return hooks.map((hook) => renderHook(hook, width).join('\n')).join('\n\n') + '\n';
}

function renderHook(hook: HookExplanation, width: number): string[] {
  const sensor = hook.namespace !== undefined ? `${hook.namespace}/${hook.sensor}` : hook.sensor;
  const lines = wrapText(`hook ${hook.dependency} (Sensor ${sensor})`, width, '', INDENT);
  const row = (label: string, text: string): void => {
    lines.push(...wrapText(text, width, `${INDENT}${label.padEnd(LABEL_WIDTH)}`, CONTINUATION));
  };
  const more = (text: string): void => {
    lines.push(...wrapText(text, width, CONTINUATION, CONTINUATION));
  };

  row('target', hook.target.description);
  const when: string[] = [];
  if (hook.target.source === 'resource') {
    when.push(hook.eventTypes.length > 0 ? `on ${hook.eventTypes.join(', ')}` : 'never (no event type passes)');
  }
  when.push(...hook.conditions);
  if (when.length === 0) {
    when.push('every event');
  }
  row('when', when[0]);
  when.slice(1).forEach(more);
  if (hook.triggers.length === 0) {
    row('trigger', 'none');
  }
  for (const trigger of hook.triggers) {
    row('trigger', triggerHeadline(trigger));
    if (trigger.when !== undefined) {
      more(trigger.when);
    }
    more(`delivery: ${trigger.delivery.join('; ')}`);
  }
  hook.problems.forEach((p) => row('problem', p));
  return lines;
}

function triggerHeadline(trigger: TriggerExplanation): string {
  return `${trigger.name}${trigger.kind !== '' ? ` (${trigger.kind})` : ''}: ${trigger.action}`;
}
