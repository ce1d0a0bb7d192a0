import * as fs from 'fs';
import * as path from 'path';
import { loadManifestSources } from '../../src/engine/manifest-files';
import { exampleObjects } from '../support/example-manifests';
import {
  LINT_RULES, LocatedFinding, SUPPORTED_ARGO_EVENTS_VERSIONS, lintManifests, lintReport, renderControllerVerdicts,
} from '../../src/lint';

const EXAMPLES = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'conformance', 'argo-events', 'examples');

function sensor(extra: Record<string, unknown> = {}): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Sensor',
    metadata: { name: 'hooks', namespace: 'ops' },
    spec: {
      template: { serviceAccountName: 'runner' },
      dependencies: [{ name: 'a', eventSourceName: 'hub', eventName: 'web' }, { name: 'b', eventSourceName: 'hub', eventName: 'web' }],
      triggers: [{ template: { name: 'log', log: {} } }],
      ...extra,
    },
  };
}

function eventSource(): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'EventSource',
    metadata: { name: 'hub', namespace: 'ops' },
    spec: { resource: { web: { namespace: 'apps', group: 'apps', version: 'v1', resource: 'deployments', eventTypes: ['UPDATE'] } } },
  };
}

function located(findings: LocatedFinding[]): string[] {
  return findings.map((f) => `${f.file} ${f.kind}/${f.name} ${f.path} ${f.severity} ${f.rule}`);
}

describe('lintManifests', () => {
  test('runs the structural, controller and runtime checks on each object and names its file', () => {
    const s = sensor();
    s.spec.triggers[0].template.conditions = 'a || c';
    s.spec.triggers[0].retryStrategy = { factor: '2' };
    s.spec.dependencies[0].eventname = 'web';
    const bus = { apiVersion: 'argoproj.io/v1alpha1', kind: 'EventBus', metadata: { name: 'default', namespace: 'ops' }, spec: {} };
    expect(located(lintManifests([
      { file: 'sensor.yaml', objects: [s] },
      { file: 'bus.yaml', objects: [bus, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, bogus: 1 }] },
    ]))).toEqual([
      'sensor.yaml Sensor/hooks spec.dependencies[0].eventname error structure/unknown-field',
      'sensor.yaml Sensor/hooks spec.triggers[0].retryStrategy.factor error structure/type',
      'sensor.yaml Sensor/hooks spec.triggers[0].template.conditions error sensor/conditions-unknown-dependency',
      'sensor.yaml Sensor/hooks spec.triggers[0].retryStrategy warning sensor/retry-without-at-least-once',
      'bus.yaml EventBus/default spec error eventbus/no-type',
    ]);
  });

  test('gives each Sensor its EventBus from the inputs', () => {
    const natsBus = { apiVersion: 'argoproj.io/v1alpha1', kind: 'EventBus', metadata: { name: 'default', namespace: 'ops' }, spec: { nats: { native: {} } } };
    const findings = lintManifests([{ file: 'all.yaml', objects: [sensor(), natsBus] }]);
    expect(located(findings)).toEqual([
      'all.yaml Sensor/hooks spec.dependencies[1] error sensor/duplicate-event-dependency',
      'all.yaml EventBus/default spec.nats warning eventbus/nats-streaming',
    ]);
    const elsewhere = { ...natsBus, metadata: { name: 'default', namespace: 'other' } };
    expect(located(lintManifests([{ file: 'all.yaml', objects: [sensor(), elsewhere] }])))
      .toEqual(['all.yaml EventBus/default spec.nats warning eventbus/nats-streaming']);
  });

  test('checks dependencies against EventSources only when the inputs hold some', () => {
    const s = sensor();
    s.spec.dependencies[1].eventName = 'api';
    expect(lintManifests([{ file: 's.yaml', objects: [s] }])).toEqual([]);
    expect(located(lintManifests([{ file: 's.yaml', objects: [s] }, { file: 'es.yaml', objects: [eventSource()] }])))
      .toEqual(['s.yaml Sensor/hooks spec.dependencies[1].eventName error sensor/unknown-event']);
  });

  test('checks permissions only when the inputs hold RBAC objects', () => {
    const es = eventSource();
    expect(lintManifests([{ file: 'es.yaml', objects: [es] }])).toEqual([]);
    const unrelated = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'x', namespace: 'apps' }, rules: [] };
    expect(located(lintManifests([{ file: 'es.yaml', objects: [es, unrelated] }])))
      .toEqual(['es.yaml EventSource/hub spec.resource.web warning rbac/eventsource-watch']);
  });

  test('drops the findings of disabled rules', () => {
    const s = sensor();
    s.spec.triggers[0].retryStrategy = { steps: 2 };
    expect(lintManifests([{ file: 's.yaml', objects: [s] }], { disabledRules: ['sensor/retry-without-at-least-once'] })).toEqual([]);
  });

  test('every finding names a catalogued rule with its severity', () => {
    const s = sensor({ dependencies: [] });
    s.spec.triggers.push({ template: { name: 'log', http: {} }, rateLimit: {} });
    const findings = lintManifests([{ file: 's.yaml', objects: [s, { ...eventSource(), spec: { bogus: {} } }] }]);
    expect(findings.length).toBeGreaterThan(4);
    for (const f of findings) {
      expect([f.rule, LINT_RULES.get(f.rule)]).toEqual([f.rule, f.severity]);
    }
  });
});

// What a hub for onArgoCdSync writes into argocd: the EventSource's Role and RoleBinding there.
function argocdRbac(team: string, name: string): any[] {
  const metadata = { name, namespace: 'argocd', annotations: { 'argocd.argoproj.io/sync-wave': '-11' } };
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata,
      rules: [{ apiGroups: ['argoproj.io'], resources: ['applications'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name: `${name}`, namespace: team }],
    },
  ];
}

describe('manifests that write the same object', () => {
  test('two teams\' hubs writing the same Role and RoleBinding into argocd: errors naming both files', () => {
    const findings = lintManifests([
      { file: 'team-a/dist/hooks.k8s.yaml', objects: argocdRbac('team-a', 'hooks-eventsource'), documents: [7, 8], documentCount: 9 },
      { file: 'team-b/dist/hooks.k8s.yaml', objects: argocdRbac('team-b', 'hooks-eventsource'), documents: [7, 8], documentCount: 9 },
    ]).filter((f) => f.rule === 'manifest/duplicate-object');
    expect(findings.map((f) => [f.file, f.document, f.kind, f.namespace, f.name, f.path, f.severity])).toEqual([
      ['team-b/dist/hooks.k8s.yaml', 7, 'Role', 'argocd', 'hooks-eventsource', 'metadata.name', 'error'],
      ['team-b/dist/hooks.k8s.yaml', 8, 'RoleBinding', 'argocd', 'hooks-eventsource', 'metadata.name', 'error'],
    ]);
    expect(findings[0].message).toMatch(/^Role argocd\/hooks-eventsource \(API group rbac.authorization.k8s.io\) in team-b\/dist\/hooks.k8s.yaml \(document 7\) is also written by team-a\/dist\/hooks.k8s.yaml \(document 7\)\. Both manifests write the same object/);
    expect(findings[0].message).toMatch(/Give one of them another name, or keep the object in one place only\.$/);
  });

  test('names, namespaces, groups and kinds that differ are different objects; versions of a group are not', () => {
    const deployment = (apiVersion: string, namespace?: string, name = 'web'): any =>
      ({ apiVersion, kind: 'Deployment', metadata: { name, ...(namespace === undefined ? {} : { namespace }) } });
    const pairs: Array<[any, any, boolean]> = [
      [deployment('apps/v1', 'web'), deployment('apps/v1beta2', 'web'), true],
      [deployment('apps/v1', 'web'), deployment('apps/v1', 'shop'), false],
      [deployment('apps/v1', 'web'), deployment('apps/v1', 'web', 'api'), false],
      [deployment('apps/v1', 'web'), { ...deployment('example.com/v1', 'web') }, false],
      [deployment('apps/v1', 'web'), { ...deployment('apps/v1', 'web'), kind: 'StatefulSet' }, false],
      // Without a namespace the object goes wherever it is applied: only equal to another without one.
      [deployment('apps/v1'), deployment('apps/v1'), true],
      [deployment('apps/v1'), deployment('apps/v1', 'web'), false],
      // Cluster-scoped kinds have no namespace, whatever the manifest says.
      [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web', namespace: 'x' } }, true],
      // generateName objects get a new name each time.
      [{ apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'run-' } }, { apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'run-' } }, false],
    ];
    for (const [a, b, same] of pairs) {
      const findings = lintManifests([{ file: 'a.yaml', objects: [a] }, { file: 'b.yaml', objects: [b] }]);
      expect([a, b, findings.map((f) => f.rule)]).toEqual([a, b, same ? ['manifest/duplicate-object'] : []]);
    }
  });

  test('within one file, the earlier document is named', () => {
    const [a, b] = argocdRbac('team-a', 'hooks-eventsource');
    const findings = lintManifests([{ file: 'all.yaml', objects: [a, b, a] }]).filter((f) => f.rule === 'manifest/duplicate-object');
    expect(findings.map((f) => [f.document, f.message.split('. ')[0]])).toEqual([
      [3, 'Role argocd/hooks-eventsource (API group rbac.authorization.k8s.io) in all.yaml (document 3) is also written by all.yaml (document 1)'],
    ]);
  });
});

describe('lintReport', () => {
  const bus = { apiVersion: 'argoproj.io/v1alpha1', kind: 'EventBus', metadata: { name: 'default', namespace: 'ops' }, spec: { jetstream: { version: '2.10.29' } } };

  test('gives the controller\'s verdict on each EventSource and Sensor, with documents when the file has several', () => {
    const broken = sensor();
    broken.spec.triggers[0].template = { name: 'purge', http: { url: 'https://example.com', payload: [{ src: { dependencyName: 'a' }, dest: '' }] } };
    broken.spec.dependencies[0].filtersLogicalOperator = 'xor';
    const undecodable = { ...sensor(), metadata: { name: 'typed', namespace: 'ops' } };
    undecodable.spec.triggers[0].atLeastOnce = 'yes';
    undecodable.spec.dependencies = [];
    const report = lintReport([
      { file: 'hub.yaml', objects: [eventSource(), broken, bus], documents: [1, 2, 4], documentCount: 4 },
      { file: 'typed.yaml', objects: [undecodable] },
    ]);
    expect(report.argoEventsVersion).toBe('1.9.0');
    expect(report.controller).toEqual([
      { file: 'hub.yaml', document: 1, kind: 'EventSource', name: 'hub', namespace: 'ops', result: 'valid', errors: [] },
      {
        file: 'hub.yaml', document: 2, kind: 'Sensor', name: 'hooks', namespace: 'ops', result: 'invalid',
        errors: ['logical operator xor not supported', "template purge is invalid, payload index: 0. err: parameter destination can't be empty"],
      },
      {
        file: 'typed.yaml', kind: 'Sensor', name: 'typed', namespace: 'ops', result: 'undecodable',
        errors: ['spec.triggers[0].atLeastOnce: expected true or false, found string "yes"'],
      },
    ]);
    // Findings carry the document too, and the controller's error.
    const located = report.findings.find((f) => f.rule === 'sensor/logical-operator')!;
    expect([located.file, located.document, located.controllerError]).toEqual(['hub.yaml', 2, { stage: 'validate', message: 'logical operator xor not supported' }]);
    expect(renderControllerVerdicts(report.controller)).toEqual([
      '\u2713 hub.yaml (document 1): EventSource is valid',
      '\u2717 hub.yaml (document 2): Sensor validation failed',
      '  Error: logical operator xor not supported',
      "  Error: template purge is invalid, payload index: 0. err: parameter destination can't be empty",
      '\u2717 typed.yaml: Failed to decode',
      '  Error: spec.triggers[0].atLeastOnce: expected true or false, found string "yes"',
    ]);
  });

  test('applies the release: what 1.9.0 rejects, 1.9.8 accepts', () => {
    const s = sensor();
    s.spec.triggers[0].template = { name: 'purge', http: { url: 'https://example.com', payload: [{ src: { dependencyName: 'a' }, dest: '' }] } };
    expect(lintReport([{ file: 's.yaml', objects: [s] }], { argoEventsVersion: '1.9.7' }).controller[0].result).toBe('invalid');
    const newer = lintReport([{ file: 's.yaml', objects: [s] }], { argoEventsVersion: 'v1.9.8' });
    expect([newer.argoEventsVersion, newer.controller[0].result]).toEqual(['1.9.8', 'valid']);
    expect(() => lintManifests([], { argoEventsVersion: '1.10.0' })).toThrow(/"1.10.0" is not a supported Argo Events release; use one of 1.9.0 to 1.9.11/);
  });

  test('a disabled controller rule does not count against the verdict', () => {
    const s = sensor();
    s.spec.dependencies[0].filtersLogicalOperator = 'xor';
    const report = lintReport([{ file: 's.yaml', objects: [s] }], { disabledRules: ['sensor/logical-operator'] });
    expect(report.controller.map((v) => v.result)).toEqual(['valid']);
  });
});

describe('the example app', () => {
  test('everything it synthesizes lints clean: no errors and no warnings', () => {
    const inputs = [{ file: 'web.k8s.yaml', objects: exampleObjects('web') }, { file: 'team-a.k8s.yaml', objects: exampleObjects('team-a') }];
    // The RBAC and reference checks run: the app has Roles and EventSources.
    expect(inputs.flatMap((i) => i.objects).map((o) => o.kind)).toEqual(expect.arrayContaining(['EventSource', 'Sensor', 'Role', 'RoleBinding']));
    expect(located(lintManifests(inputs))).toEqual([]);
  });

  test('is clean for every supported release (by default the hub writes only what 1.9.0 has)', () => {
    const inputs = [{ file: 'web.k8s.yaml', objects: exampleObjects('web') }, { file: 'team-a.k8s.yaml', objects: exampleObjects('team-a') }];
    for (const version of SUPPORTED_ARGO_EVENTS_VERSIONS) {
      expect([version, located(lintManifests(inputs, { argoEventsVersion: version }))]).toEqual([version, []]);
    }
  });
});

if (!fs.existsSync(EXAMPLES)) {
  console.warn(`Skipping the lint of the upstream examples: ${EXAMPLES} is missing.`);
}

(fs.existsSync(EXAMPLES) ? describe : describe.skip)('the upstream Argo Events examples', () => {
  test('lint without crashing and without false errors; the warnings per rule are as listed', () => {
    const sources = loadManifestSources([EXAMPLES]);
    // The examples are those of the newest release.
    const findings = lintManifests(sources, { argoEventsVersion: '1.9.11' });
    const relative = (f: LocatedFinding): string => path.relative(EXAMPLES, f.file);
    // The only errors are the examples' own misspelled or misplaced fields (the controllers
    // ignore them, so these examples do not do what they say), and what comes of applying
    // unrelated demos together: Sensors that wait for events the example "webhook" EventSource
    // does not define, and two Sensors of the same name.
    expect(findings.filter((f) => f.severity === 'error').map((f) => `${relative(f)} ${f.path} ${f.rule}`)).toEqual([
      'event-sources/stripe.yaml spec.stripe.example.namespace structure/unknown-field',
      'sensors/dependencies-conditions.yaml spec.dependencies[1].eventName sensor/unknown-event',
      'sensors/sensor-to-existing-workflow-template.yaml metadata.name manifest/duplicate-object',
      'sensors/time-filter-webhook.yaml spec.dependencies[1].eventName sensor/unknown-event',
      'sensors/transform.yaml spec.dependencies[1].eventName sensor/unknown-event',
      'sensors/trigger-openwhisk.yaml spec.triggers[0].template.openwhisk structure/unknown-field',
      'sensors/trigger-with-atleast-once-semantics.yaml spec.triggers[0].template.atLeastOnce structure/unknown-field',
      'sensors/trigger-with-policy.yaml spec.triggers[0].template.policy structure/unknown-field',
      'sensors/url-sensor.yaml spec.triggers[0].template.k8s.source.url.verifycert structure/unknown-field',
      'sensors/webhook.yaml metadata.name manifest/duplicate-object',
    ]);
    const warnings = new Map<string, number>();
    for (const f of findings.filter((w) => w.severity === 'warning')) {
      warnings.set(f.rule, (warnings.get(f.rule) ?? 0) + 1);
    }
    const objects = sources.reduce((n, s) => n + s.objects.length, 0);
    console.log(`Linted ${objects} objects in ${sources.length} upstream example files. Warnings per rule:\n` +
      [...warnings].sort(([a], [b]) => a.localeCompare(b)).map(([rule, n]) => `  ${String(n).padStart(3)}  ${rule}`).join('\n'));
    expect(Object.fromEntries(warnings)).toEqual({
      'sensor/retry-without-at-least-once': 9,
      'sensor/log-interval-ignored': 3,
      'sensor/http-without-status-policy': 1,
    });
    expect(objects).toBeGreaterThanOrEqual(110);
  });

  test('linted for 1.9.0, the examples that use newer fields get warnings that these are ignored, and nothing else changes', () => {
    const sources = loadManifestSources([EXAMPLES]);
    const key = (f: LocatedFinding): string => `${path.relative(EXAMPLES, f.file)} ${f.path} ${f.severity} ${f.rule}`;
    const newest = new Set(lintManifests(sources, { argoEventsVersion: '1.9.11' }).map(key));
    const oldest = lintManifests(sources, { argoEventsVersion: '1.9.0' }).map(key);
    expect(oldest.filter((k) => !newest.has(k))).toEqual([
      'event-sources/azure-queue-storage.yaml spec.azureQueueStorage.example.waitTimeInSeconds warning eventsource/field-ignored-by-version',
      'event-sources/webhook.yaml spec.service.metadata warning eventsource/field-ignored-by-version',
      'sensors/filter-with-time-timezone.yaml spec.dependencies[0].filters.time.timezone warning sensor/field-ignored-by-version',
      'sensors/trigger-source-git.yaml spec.triggers[2].template.k8s.source.git.githubApp warning sensor/field-ignored-by-version',
    ]);
    expect([...newest].filter((k) => !oldest.includes(k))).toEqual([]);
  });

  test('do not crash the linter when any value in them has another type', () => {
    const objects = loadManifestSources([EXAMPLES]).flatMap((source) => source.objects);
    const context = [objects.find((o) => o.kind === 'EventSource'), { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r' } }];
    const crashes: string[] = [];
    let runs = 0;
    for (const obj of objects) {
      for (const [parent, key] of nodesOf(obj)) {
        const original = parent[key];
        for (const replacement of [null, 'x', 7, [], {}]) {
          parent[key] = replacement;
          try {
            lintManifests([{ file: 'f.yaml', objects: [obj, ...context] }]);
          } catch (e) {
            crashes.push(`${obj.kind}/${(obj.metadata as any)?.name} ${String(key)} = ${JSON.stringify(replacement)}: ${e}`);
          }
          runs++;
        }
        parent[key] = original;
      }
    }
    expect(crashes).toEqual([]);
    expect(runs).toBeGreaterThan(10000);
  });
});

/** Every place in a JSON value that holds a value, as (container, key), depth first. */
function nodesOf(value: unknown): Array<[any, string | number]> {
  const nodes: Array<[any, string | number]> = [];
  const walk = (container: any): void => {
    for (const key of Array.isArray(container) ? container.keys() : Object.keys(container)) {
      nodes.push([container, key]);
      if (container[key] !== null && typeof container[key] === 'object') {
        walk(container[key]);
      }
    }
  };
  walk(value);
  return nodes;
}
