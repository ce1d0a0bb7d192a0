import { exampleObjects } from '../support/example-manifests';
import { HookExplanation, explainManifests, renderExplanation } from '../../src/explain';

function exampleHooks(): HookExplanation[] {
  return explainManifests([...exampleObjects('web'), ...exampleObjects('team-a')]);
}

/** A hand-written Sensor whose names are far longer than a terminal line. */
function longNamedHooks(): HookExplanation[] {
  const long = (what: string): string => `${what}-${'very-long-name-segment-'.repeat(6)}end`;
  return explainManifests([
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'EventSource',
      metadata: { name: long('events'), namespace: long('namespace') },
      spec: {
        resource: {
          [long('event')]: {
            namespace: long('watched'), group: 'example.com', version: 'v1', resource: long('widgets'), eventTypes: ['ADD'],
            filter: { labels: [{ key: `example.com/${long('label')}`, operation: '=', value: long('value') }] },
          },
        },
      },
    },
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Sensor',
      metadata: { name: long('sensor'), namespace: long('namespace') },
      spec: {
        dependencies: [{
          name: long('dependency'), eventSourceName: long('events'), eventName: long('event'),
          filters: { data: [{ path: `body.spec.${long('field')}`, type: 'string', value: [`^${long('regex')}$`] }] },
        }],
        triggers: [{
          atLeastOnce: true,
          template: {
            name: long('trigger'),
            http: { url: `https://hooks.example.com/${long('path')}/${long('more')}`, secureHeaders: [{ name: long('Header') }] },
          },
        }],
      },
    },
  ]);
}

describe('renderExplanation', () => {
  test.each([40, 60, 80, 120])('no line of the example app is longer than %i columns', (width) => {
    const lines = renderExplanation(exampleHooks(), width).split('\n');
    expect(lines.filter((l) => l.length > width)).toEqual([]);
  });

  test.each([40, 80])('no line of a long-named hand-written Sensor is longer than %i columns, and nothing is lost', (width) => {
    const hooks = longNamedHooks();
    const text = renderExplanation(hooks, width);
    expect(text.split('\n').filter((l) => l.length > width)).toEqual([]);
    const joined = text.replace(/\s+/g, '');
    expect(joined).toContain(hooks[0].dependency);
    expect(joined).toContain(hooks[0].target.description.replace(/\s+/g, ''));
    expect(joined).toContain(hooks[0].triggers[0].action.replace(/\s+/g, ''));
  });

  test('the layout: header, labelled rows, aligned continuation lines', () => {
    const [hook] = exampleHooks();
    expect(renderExplanation([hook]).split('\n').slice(0, 6)).toEqual([
      'hook web-watch-purge-cdn (Sensor web/web-hooks)',
      '  target   Deployment web in namespace web (apps/v1 deployments), labels',
      '           resource-hooks.cdk8s.io/hub=web-hooks,',
      `           ${hook.target.selector!.split(',')[1]}`,
      '  when     on UPDATE',
      '           rollout complete',
    ]);
  });

  test('hooks without event types, conditions, triggers; problems', () => {
    const text = renderExplanation([{
      sensor: 's', dependency: 'd', eventSource: 'e', eventName: 'n',
      target: { source: 'resource', description: 'any Pod in all namespaces (v1 pods)' },
      eventTypes: [], conditions: [], triggers: [], problems: ['no trigger consumes this dependency, so it fires nothing'],
    }, {
      sensor: 's', dependency: 'w', eventSource: 'e', eventName: 'hook',
      target: { source: 'webhook', description: 'webhook event hook (POST :12000/hook)' },
      eventTypes: [], conditions: [], triggers: [{ name: 't', kind: '', action: 'nothing (no trigger type set)', delivery: ['at-most-once'] }], problems: [],
    }]);
    expect(text).toBe([
      'hook d (Sensor s)',
      '  target   any Pod in all namespaces (v1 pods)',
      '  when     never (no event type passes)',
      '  trigger  none',
      '  problem  no trigger consumes this dependency, so it fires nothing',
      '',
      'hook w (Sensor s)',
      '  target   webhook event hook (POST :12000/hook)',
      '  when     every event',
      '  trigger  t: nothing (no trigger type set)',
      '           delivery: at-most-once',
      '',
    ].join('\n'));
  });

  test('no hooks, and widths too narrow to be useful', () => {
    expect(renderExplanation([])).toBe('No hooks: the given manifests contain no Sensor dependencies.\n');
    expect(() => renderExplanation([], 39)).toThrow('width must be a whole number of at least 40, not 39');
    expect(() => renderExplanation([], 80.5)).toThrow(RangeError);
  });
});
