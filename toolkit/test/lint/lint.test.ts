import * as fs from 'fs';
import * as path from 'path';
import { loadManifestSources } from '../../src/engine/manifest-files';
import { exampleObjects } from '../support/example-manifests';
import { LINT_RULES, LocatedFinding, lintManifests } from '../../src/lint';

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
      .toEqual(['s.yaml Sensor/hooks spec.dependencies[1].eventName warning sensor/unknown-event']);
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

describe('the example app', () => {
  test('everything it synthesizes lints clean: no errors and no warnings', () => {
    const inputs = [{ file: 'web.k8s.yaml', objects: exampleObjects('web') }, { file: 'team-a.k8s.yaml', objects: exampleObjects('team-a') }];
    // The RBAC and reference checks run: the app has Roles and EventSources.
    expect(inputs.flatMap((i) => i.objects).map((o) => o.kind)).toEqual(expect.arrayContaining(['EventSource', 'Sensor', 'Role', 'RoleBinding']));
    expect(located(lintManifests(inputs))).toEqual([]);
  });
});

if (!fs.existsSync(EXAMPLES)) {
  console.warn(`Skipping the lint of the upstream examples: ${EXAMPLES} is missing.`);
}

(fs.existsSync(EXAMPLES) ? describe : describe.skip)('the upstream Argo Events examples', () => {
  test('lint without crashing and without false errors; the warnings per rule are as listed', () => {
    const sources = loadManifestSources([EXAMPLES]);
    const findings = lintManifests(sources);
    const relative = (f: LocatedFinding): string => path.relative(EXAMPLES, f.file);
    // The only errors are the examples' own misspelled or misplaced fields (the controllers
    // ignore them, so these examples do not do what they say).
    expect(findings.filter((f) => f.severity === 'error').map((f) => `${relative(f)} ${f.path} ${f.rule}`)).toEqual([
      'event-sources/stripe.yaml spec.stripe.example.namespace structure/unknown-field',
      'sensors/trigger-openwhisk.yaml spec.triggers[0].template.openwhisk structure/unknown-field',
      'sensors/trigger-with-atleast-once-semantics.yaml spec.triggers[0].template.atLeastOnce structure/unknown-field',
      'sensors/trigger-with-policy.yaml spec.triggers[0].template.policy structure/unknown-field',
      'sensors/url-sensor.yaml spec.triggers[0].template.k8s.source.url.verifycert structure/unknown-field',
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
      'sensor/unknown-event': 3,
      'sensor/http-without-status-policy': 1,
    });
    expect(objects).toBeGreaterThanOrEqual(110);
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
