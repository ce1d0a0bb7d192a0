import * as fs from 'fs';
import * as path from 'path';
import { loadManifestFiles } from '../../src/engine/manifest-files';
import { exampleObjects } from '../support/example-manifests';
import { HookExplanation, explainManifests, renderExplanation } from '../../src/explain';

function exampleApp(): unknown[] {
  return [...exampleObjects('web'), ...exampleObjects('team-a')];
}

const DELIVERY = ['at-least-once', 'retries up to 4× from 1s ×2, jitter 0.1'];

/** The label that gives each watched object of the example app a watch of its own. */
function watchLabel(chart: 'web' | 'team-a', kind: string, name: string): string {
  const object = exampleObjects(chart).find((o) => o.kind === kind && o.metadata.name === name);
  return `resource-hooks.cdk8s.io/watch=${object.metadata.labels['resource-hooks.cdk8s.io/watch']}`;
}
const WEB_SELECTOR = `resource-hooks.cdk8s.io/hub=web-hooks,${watchLabel('web', 'Deployment', 'web')}`;
const TEAM_SELECTOR = `resource-hooks.cdk8s.io/hub=team-a-hooks,${watchLabel('team-a', 'ConfigMap', 'team-a-settings')}`;

describe('the example app', () => {
  const hooks = explainManifests(exampleApp());

  // The hooks the app declares, without the Events the hubs record about them (tested below).
  const declared = hooks.filter((h) => !h.dependency.startsWith('failed-jobs-'))
    .map((h) => ({ ...h, triggers: h.triggers.filter((t) => !t.name.endsWith('-event')) }));

  test('explains every hook exactly', () => {
    expect(declared).toEqual<HookExplanation[]>([
      {
        sensor: 'web-hooks',
        namespace: 'web',
        dependency: 'web-watch-purge-cdn',
        eventSource: 'web-hooks',
        eventName: expect.stringMatching(/^deployments-web-[0-9a-f]{6}$/),
        target: {
          source: 'resource',
          kind: 'Deployment',
          group: 'apps',
          version: 'v1',
          resource: 'deployments',
          namespace: 'web',
          name: 'web',
          selector: WEB_SELECTOR,
          description: `Deployment web in namespace web (apps/v1 deployments), labels ${WEB_SELECTOR.replace(',', ', ')}`,
        },
        eventTypes: ['UPDATE'],
        conditions: ['rollout complete'],
        triggers: [{
          name: 'web-watch-purge-cdn-http',
          kind: 'http',
          action: 'POST https://api.fastly.com/service/abc123/purge_all, header Content-Type, secure header Fastly-Key, '
            + 'JSON body with kind, namespace, name, eventType, generation, resourceVersion, hook from the event, timeout 30s',
          delivery: [...DELIVERY, 'succeeds only on status 200-208, 226'],
        }],
        problems: [],
      },
      {
        sensor: 'web-hooks',
        namespace: 'web',
        dependency: 'web-watch-smoke-test',
        eventSource: 'web-hooks',
        eventName: expect.stringMatching(/^deployments-web-[0-9a-f]{6}$/),
        target: expect.objectContaining({ kind: 'Deployment', namespace: 'web', name: 'web' }),
        eventTypes: ['UPDATE'],
        conditions: ['field changed: spec.template.spec.containers'],
        triggers: [{
          name: 'web-watch-smoke-test-job',
          kind: 'k8s',
          action: 'create Job web-watch-smoke-test-<digest of trigger, uid, metadata.resourceVersion> in web, deterministic name: one per change, '
            + 'setting 11 fields from the event',
          delivery: DELIVERY,
        }],
        problems: [],
      },
      {
        sensor: 'team-a-hooks',
        namespace: 'team-a',
        dependency: 'settings-watch-apply-settings',
        eventSource: 'team-a-hooks',
        eventName: expect.stringMatching(/^configmaps-team-a-[0-9a-f]{6}$/),
        target: {
          source: 'resource',
          kind: 'ConfigMap',
          group: '',
          version: 'v1',
          resource: 'configmaps',
          namespace: 'team-a',
          name: 'team-a-settings',
          selector: TEAM_SELECTOR,
          description: `ConfigMap team-a-settings in namespace team-a (v1 configmaps), labels ${TEAM_SELECTOR.replace(',', ', ')}`,
        },
        eventTypes: ['UPDATE'],
        conditions: ['field changed: data'],
        triggers: [{
          name: 'settings-watch-apply-settings-job',
          kind: 'k8s',
          action: 'create Job settings-watch-apply-settings-<digest of trigger, uid, metadata.resourceVersion> in team-a, '
            + 'deterministic name: one per change, setting 9 fields from the event',
          delivery: DELIVERY,
        }],
        problems: [],
      },
      {
        sensor: 'team-a-hooks',
        namespace: 'team-a',
        dependency: 'team-b-watch-apply-settings',
        eventSource: 'team-a-hooks',
        eventName: expect.stringMatching(/^applications-argocd-[0-9a-f]{6}$/),
        target: {
          source: 'resource',
          kind: 'Application',
          group: 'argoproj.io',
          version: 'v1alpha1',
          resource: 'applications',
          namespace: 'argocd',
          name: 'teams',
          description: 'Application teams in namespace argocd (argoproj.io/v1alpha1 applications)',
        },
        eventTypes: ['UPDATE'],
        conditions: ['ConfigMap team-b/team-b-settings applied by an Argo CD sync of argocd/teams'],
        triggers: [{
          name: 'team-b-watch-apply-settings-job',
          kind: 'k8s',
          action: 'create Job team-b-watch-apply-settings-<digest of trigger, uid, status.operationState.finishedAt> in team-b, '
            + 'deterministic name: one per change, setting 4 fields from the event',
          delivery: DELIVERY,
        }],
        problems: [],
      },
    ]);
  });

  test('each hook records a HookTriggered Event on its target, and failed hook Jobs a HookFailed one', () => {
    const events = hooks.flatMap((h) => h.triggers.filter((t) => t.name.endsWith('-event')).map((t) => [h.dependency, t.action]));
    expect(events).toEqual([
      ['web-watch-purge-cdn', 'record a Normal HookTriggered Event on Deployment web/web'],
      ['web-watch-smoke-test', 'record a Normal HookTriggered Event on Deployment web/web'],
      ['failed-jobs-web', 'record a Warning HookFailed Event on an object named by the event, in web'],
      ['settings-watch-apply-settings', 'record a Normal HookTriggered Event on ConfigMap team-a/team-a-settings'],
      ['failed-jobs-team-a', 'record a Warning HookFailed Event on an object named by the event, in team-a'],
      ['team-b-watch-apply-settings', 'record a Normal HookTriggered Event on ConfigMap team-b/team-b-settings'],
      ['failed-jobs-team-b', 'record a Warning HookFailed Event on an object named by the event, in team-b'],
    ]);
    const failedJobs = hooks.find((h) => h.dependency === 'failed-jobs-web')!;
    expect(failedJobs.conditions).toEqual(['data: body.metadata.labels.resource-hooks\\.cdk8s\\.io/hook matches .', 'job failed']);
    expect(failedJobs.target.description).toBe('any Job in namespace web (batch/v1 jobs), labels resource-hooks.cdk8s.io/hub=web-hooks');
  });

  test('the text has one block per hook with the key phrases', () => {
    const text = renderExplanation(declared);
    const blocks = text.trimEnd().split('\n\n');
    expect(blocks).toHaveLength(4);
    expect(blocks[0].split('\n')[0]).toBe('hook web-watch-purge-cdn (Sensor web/web-hooks)');
    // Wrapped and aligned text, read as one line.
    const flat = blocks.map((b) => b.replace(/\s+/g, ' '));
    expect(flat[0]).toContain('target Deployment web in namespace web');
    expect(flat[0]).toContain('when on UPDATE rollout complete');
    expect(flat[0]).toContain('POST https://api.fastly.com/service/abc123/purge_all');
    expect(flat[0]).toContain('secure header Fastly-Key');
    expect(flat[0]).toContain('delivery: at-least-once; retries up to 4× from 1s ×2, jitter 0.1; succeeds only on status 200-208, 226');
    expect(flat[1]).toContain('field changed: spec.template.spec.containers');
    expect(flat[1]).toContain('create Job web-watch-smoke-test-<digest of trigger, uid, metadata.resourceVersion> in web');
    expect(flat[2]).toContain('field changed: data');
    expect(flat[3]).toContain('ConfigMap team-b/team-b-settings applied by an Argo CD sync of argocd/teams');
    expect(text).not.toContain('problem');
  });
});

describe('hand-written manifests', () => {
  const eventSource = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'EventSource',
    metadata: { name: 'pods', namespace: 'ops' },
    spec: {
      resource: {
        'pod-changes': {
          namespace: '', group: '', version: 'v1', resource: 'pods', eventTypes: ['ADD', 'UPDATE'],
          filter: { labels: [{ key: 'app', operation: 'in', value: 'web,api' }], prefix: 'web-' },
        },
      },
    },
  };
  const sensor = (spec: Record<string, unknown>): Record<string, unknown> => ({
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Sensor', metadata: { name: 'pod-sensor', namespace: 'ops' }, spec,
  });
  const logTrigger = (name: string, conditions?: string): Record<string, unknown> => ({
    template: { name, ...(conditions !== undefined ? { conditions } : {}), log: {} },
  });

  test('joins a dependency to its resource event and narrows event types and name', () => {
    const [hook] = explainManifests([eventSource, sensor({
      dependencies: [{
        name: 'restarted',
        eventSourceName: 'pods',
        eventName: 'pod-changes',
        filters: {
          data: [
            { path: 'type', type: 'string', value: ['^UPDATE$'] },
            { path: 'body.metadata.name', type: 'string', value: ['^web-0$'] },
            { path: 'body.status.containerStatuses.0.restartCount', type: 'number', comparator: '>', value: ['3'] },
          ],
        },
      }],
      triggers: [logTrigger('log-it')],
    })]);
    expect(hook.target).toEqual({
      source: 'resource', kind: 'Pod', group: '', version: 'v1', resource: 'pods', namespace: '', name: 'web-0',
      selector: 'app in (web,api)', prefix: 'web-',
      description: 'Pod web-0 in all namespaces (v1 pods), labels app in (web,api), name starts with web-',
    });
    expect(hook.eventTypes).toEqual(['UPDATE']);
    expect(hook.conditions).toEqual(['data: body.status.containerStatuses.0.restartCount > 3']);
    expect(hook.triggers.map((t) => [t.name, t.action])).toEqual([['log-it', 'log the event']]);
    expect(hook.problems).toEqual([]);
  });

  test('with filtersLogicalOperator "or", nothing narrows the target on its own', () => {
    const [hook] = explainManifests([eventSource, sensor({
      dependencies: [{
        name: 'any',
        eventSourceName: 'pods',
        eventName: 'pod-changes',
        filters: {
          filtersLogicalOperator: 'or',
          data: [{ path: 'type', type: 'string', value: ['^UPDATE$'] }],
          exprs: [{ expr: 'restarts > 3', fields: [{ name: 'restarts', path: 'body.status.containerStatuses.0.restartCount' }] }],
        },
      }],
      triggers: [logTrigger('log-it')],
    })]);
    expect(hook.eventTypes).toEqual(['ADD', 'UPDATE']);
    expect(hook.conditions).toEqual([
      'any of: data: type matches ^UPDATE$; or expr: restarts > 3 with restarts = body.status.containerStatuses.0.restartCount',
    ]);
  });

  test('reports missing EventSources and events, unknown dependencies in conditions, and unused dependencies', () => {
    const hooks = explainManifests([eventSource, sensor({
      dependencies: [
        { name: 'a', eventSourceName: 'pods', eventName: 'nope' },
        { name: 'b', eventSourceName: 'elsewhere', eventName: 'x' },
        { name: 'c', eventSourceName: 'pods', eventName: 'pod-changes', filters: { data: [{ path: 'type', type: 'string', value: ['^DELETE$'] }] } },
      ],
      triggers: [logTrigger('t1', 'a && missing'), logTrigger('t2', 'b')],
    })]);
    expect(hooks.map((h) => h.problems)).toEqual([
      [
        'EventSource pods has no event nope, so the hook never fires',
        'trigger t1: conditions: unknown dependency \'missing\' in conditions "a && missing" (the trigger would never fire)',
      ],
      ['EventSource elsewhere is not in the given manifests, so what this hook listens to is unknown'],
      [
        'no event type the EventSource delivers passes the filter on type, so the hook never fires',
        'no trigger consumes this dependency, so it fires nothing',
      ],
    ]);
    expect(hooks[0].triggers.map((t) => t.name)).toEqual(['t1']);
    expect(hooks[1].target.description).toBe('an event not in the given manifests');
  });

  test('a trigger on several dependencies says how they combine', () => {
    const hooks = explainManifests([eventSource, sensor({
      dependencies: [
        { name: 'first', eventSourceName: 'pods', eventName: 'pod-changes' },
        { name: 'second', eventSourceName: 'pods', eventName: 'pod-changes' },
      ],
      triggers: [
        { template: { name: 'both', conditions: 'first && second', conditionsReset: [{ byTime: { cron: '0 0 * * *' } }], log: {} } },
        logTrigger('either', 'first || second'),
        logTrigger('all'),
      ],
    })]);
    expect(hooks[0].triggers.map((t) => t.when)).toEqual([
      'fires when first && second holds; passed events wait until then (cleared at cron 0 0 * * *)',
      'fires on each of first || second',
      'fires when first && second holds (conditions omitted: all dependencies); passed events wait until then',
    ]);
  });

  test('EventSources are looked up in the Sensor\'s namespace first', () => {
    const elsewhere = { ...eventSource, metadata: { name: 'pods', namespace: 'other' }, spec: { webhook: { 'pod-changes': { port: '12000', endpoint: '/x' } } } };
    const [hook] = explainManifests([elsewhere, eventSource, sensor({
      dependencies: [{ name: 'd', eventSourceName: 'pods', eventName: 'pod-changes' }],
      triggers: [logTrigger('t')],
    })]);
    expect(hook.target.source).toBe('resource');
  });

  test('malformed manifests are described, never a crash', () => {
    const broken = [
      null, 42, 'text', [], { kind: 'Sensor' }, { apiVersion: 'v1', kind: 'Sensor', spec: { dependencies: [{}] } },
      { apiVersion: 'argoproj.io/v1alpha1', kind: 'EventSource', metadata: { name: 'e' }, spec: { resource: { ev: 'not an object' }, template: [] } },
      sensor({ dependencies: 'no', triggers: 'no' }),
      sensor({
        dependencies: [null, { name: 7, eventSourceName: 'e', eventName: 'ev', filters: { data: 'x', exprs: [null], script: 5, time: {}, context: {} } }],
        triggers: [
          null,
          { template: { name: 't', conditions: '7', k8s: { source: 3, parameters: [null] } }, retryStrategy: { factor: '2' }, rateLimit: {} },
          { template: { name: 'u', conditions: '((', log: {} } },
        ],
      }),
    ];
    const hooks = explainManifests(broken);
    expect(hooks.map((h) => h.dependency)).toEqual(['', '7']);
    expect(hooks[1].conditions).toEqual(['expr: (empty)', 'context: (empty)', 'time between  and  UTC']);
    expect(hooks[1].triggers.map((t) => [t.name, t.action, t.delivery])).toEqual([
      ['<unnamed>', 'nothing (no trigger type set)', ['at-most-once', 'no retries']],
      ['t', 'create object <no name> in ops from no source, setting 1 field from the event', ['at-most-once', 'invalid retryStrategy', 'rate limit without requestsPerUnit']],
    ]);
    expect(hooks[1].problems).toEqual([
      'EventSource e has no event ev, so the hook never fires',
      'trigger <unnamed>: the trigger template sets no trigger type, so it does nothing',
      'trigger t: conditions: invalid conditions "7": unexpected \'7\' at offset 0 (only dependency names, &&, || and parentheses are allowed)',
      'trigger t: retryStrategy.factor must be a number, not the string "2": Argo Events cannot parse it and never executes the trigger',
      'trigger t: rateLimit has no positive requestsPerUnit, so the Sensor crashes when it starts (division by zero)',
    ]);
    expect(() => renderExplanation(hooks)).not.toThrow();
  });
});

const EXAMPLES = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'conformance', 'argo-events', 'examples');
const describeExamples = fs.existsSync(EXAMPLES) ? describe : describe.skip;
if (!fs.existsSync(EXAMPLES)) {
  console.warn(`skipping the upstream Argo Events examples: ${EXAMPLES} is missing`);
}

describeExamples('upstream Argo Events examples', () => {
  const all = (): HookExplanation[] => explainManifests(loadManifestFiles([EXAMPLES]));
  const inFile = (file: string): HookExplanation[] =>
    explainManifests(loadManifestFiles([path.join(EXAMPLES, 'event-sources'), path.join(EXAMPLES, 'sensors', file)]));

  test('every example is explained without crashing, each Sensor file on its own too', () => {
    const hooks = all();
    expect(hooks.length).toBeGreaterThan(70);
    expect(() => renderExplanation(hooks)).not.toThrow();
    for (const file of fs.readdirSync(path.join(EXAMPLES, 'sensors'))) {
      const alone = explainManifests(loadManifestFiles([path.join(EXAMPLES, 'sensors', file)]));
      expect(() => renderExplanation(alone, 40)).not.toThrow();
    }
  });

  test('resource.yaml: a resource event with labels and afterStart, a Workflow trigger', () => {
    expect(inFile('resource.yaml')).toEqual([{
      sensor: 'resource',
      dependency: 'test-dep',
      eventSource: 'resource',
      eventName: 'example',
      target: {
        source: 'resource', kind: 'Workflow', group: 'argoproj.io', version: 'v1alpha1', resource: 'workflows', namespace: 'argo-events',
        selector: 'app==my-workflow', ignoresExisting: true,
        description: 'any Workflow in namespace argo-events (argoproj.io/v1alpha1 workflows), labels app==my-workflow, ignores objects existing at start',
      },
      eventTypes: ['ADD'],
      conditions: [],
      triggers: [{
        name: 'argo-workflow',
        kind: 'k8s',
        action: 'create Workflow resource-workflow-<random> in the Sensor\'s namespace, setting 1 field from the event',
        delivery: ['at-most-once', 'retryStrategy ignored (needs atLeastOnce)'],
      }],
      problems: [],
    }]);
  });

  test('filter-with-expressions.yaml and http-trigger-secure-headers.yaml', () => {
    const [expressions] = inFile('filter-with-expressions.yaml');
    expect(expressions.target).toEqual({ source: 'webhook', description: 'webhook event example (POST :12000/example)' });
    expect(expressions.eventTypes).toEqual([]);
    expect(expressions.conditions).toEqual([
      'expr: a == "b" || c == 10 with a = a, c = a-longer-name',
      'expr: e == false with e = nested.path.can-get.longer',
    ]);
    const [http] = inFile('http-trigger-secure-headers.yaml');
    expect(http.triggers).toEqual([{
      name: 'http-trigger',
      kind: 'http',
      action: 'GET http://http-server.default.svc.cluster.local:8080/hello, secure header serviceToken, empty body',
      delivery: ['at-most-once', 'retryStrategy ignored (needs atLeastOnce)', 'succeeds only on status 200, 201'],
    }]);
  });

  test('dependencies-conditions.yaml: a dependency on an event the EventSource lacks', () => {
    const hooks = inFile('dependencies-conditions.yaml');
    expect(hooks.map((h) => [h.dependency, h.triggers.map((t) => t.name), h.problems])).toEqual([
      ['test-dep', ['webhook-workflow-trigger'], []],
      ['test-dep-foo', ['webhook-workflow-trigger-2'], ['EventSource webhook has no event example-foo, so the hook never fires']],
    ]);
  });
});
