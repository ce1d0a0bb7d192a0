import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { schemaAvailable, validateAgainstSchema } from './argo-schema';


const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'shared', 'conformance', 'argo-events', 'examples');

if (!schemaAvailable()) {
  console.warn('Skipping the Argo Events schema checks: ../shared/conformance/argo-events/schema.json is missing.');
}

function sensor(): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Sensor',
    metadata: { name: 'hooks', namespace: 'ops' },
    spec: {
      dependencies: [{ name: 'dep', eventSourceName: 'hub', eventName: 'web' }],
      triggers: [{
        atLeastOnce: true,
        retryStrategy: { steps: 3, duration: '1s', factor: 2, jitter: 0.1 },
        template: {
          name: 'purge',
          http: { url: 'https://example.com/purge', method: 'POST' },
        },
        policy: { status: { allow: [200, 204] } },
      }],
    },
  };
}

/**
 * Mistakes in the upstream examples themselves: fields that no Argo Events type declares, so the
 * Kubernetes decoder (which matches field names case-sensitively) drops them and the examples do
 * not do what they say (no OpenWhisk call, no certificate check, no at-least-once delivery, no
 * policy). They are listed so that any other message fails the test.
 */
const UPSTREAM_EXAMPLE_MISTAKES = [
  'event-sources/stripe.yaml: spec.stripe.example.namespace: unknown field "namespace" (the controllers ignore it)',
  'sensors/trigger-openwhisk.yaml: spec.triggers[0].template.openwhisk: unknown field "openwhisk" (did you mean "openWhisk"?)',
  'sensors/trigger-with-atleast-once-semantics.yaml: spec.triggers[0].template.atLeastOnce: unknown field "atLeastOnce" ' +
    '(the controllers ignore it)',
  'sensors/trigger-with-policy.yaml: spec.triggers[0].template.policy: unknown field "policy" (the controllers ignore it)',
  'sensors/url-sensor.yaml: spec.triggers[0].template.k8s.source.url.verifycert: unknown field "verifycert" ' +
    '(did you mean "verifyCert"?)',
];

(schemaAvailable() ? describe : describe.skip)('validateAgainstSchema', () => {
  test('a well-formed Sensor has no problems', () => {
    expect(validateAgainstSchema(sensor())).toEqual([]);
  });

  test('reports a misspelled field, a quoted factor and a missing eventName with their paths', () => {
    const s = sensor();
    const t = s.spec.triggers[0];
    delete t.atLeastOnce;
    t.atLeastonce = true;
    t.retryStrategy.factor = '2';
    delete s.spec.dependencies[0].eventName;
    expect(validateAgainstSchema(s)).toEqual([
      'spec.dependencies[0].eventName: required field is missing',
      'spec.triggers[0].retryStrategy.factor: must be number (found string "2")',
      'spec.triggers[0].atLeastonce: unknown field "atLeastonce" (did you mean "atLeastOnce"?)',
    ]);
  });

  test('unknown fields are found through $refs, lists and maps', () => {
    const es = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'EventSource',
      metadata: { name: 'hub', labels: { 'app.kubernetes.io/name': 'hub' } },
      spec: {
        template: { serviceAccountName: 'hub', container: { resource: {} } },
        resource: {
          web: {
            namespace: 'apps', group: 'apps', version: 'v1', resource: 'deployments', eventTypes: ['UPDATE'],
            filter: { labels: [{ key: 'app', operation: '=', value: 'web', regex: true }] },
          },
        },
      },
    };
    expect(validateAgainstSchema(es)).toEqual([
      'spec.template.container.resource: unknown field "resource" (did you mean "resources"?)',
      'spec.resource.web.filter.labels[0].regex: unknown field "regex" (the controllers ignore it)',
    ]);
  });

  test('raw JSON fields are free-form', () => {
    const s = sensor();
    s.spec.triggers[0].template = {
      name: 'job',
      k8s: { operation: 'create', source: { resource: { apiVersion: 'batch/v1', kind: 'Job', anything: { goes: 1 } } } },
    };
    expect(validateAgainstSchema(s)).toEqual([]);
  });

  test('only the known required-field quirks are tolerated', () => {
    const s = sensor();
    // No payload on an HTTP trigger and a context filter with one field: accepted by the controller.
    s.spec.dependencies[0].filters = { context: { type: 'resource' } };
    expect(validateAgainstSchema(s)).toEqual([]);
    delete s.spec.triggers[0].template.http.url;
    delete s.spec.triggers[0].template.name;
    expect(validateAgainstSchema(s)).toEqual([
      'spec.triggers[0].template.name: required field is missing',
      'spec.triggers[0].template.http.url: required field is missing',
    ]);
  });

  test('reports wrong types, constants and missing top-level fields', () => {
    expect(validateAgainstSchema({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'EventBus',
      spec: { jetstream: { version: 2.10, replicas: '3' } },
    })).toEqual([
      'metadata: required field is missing',
      'spec.jetstream.replicas: must be integer (found string "3")',
      'spec.jetstream.version: must be string (found number 2.1)',
    ]);
  });

  test('ignores objects that are not Argo Events objects', () => {
    expect(validateAgainstSchema({ apiVersion: 'apps/v1', kind: 'Deployment', spec: { bogus: true } })).toEqual([]);
    expect(validateAgainstSchema({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', spec: {} })).toEqual([]);
    expect(validateAgainstSchema(undefined)).toEqual([]);
  });

  (fs.existsSync(EXAMPLES) ? test : test.skip)('the upstream examples validate, apart from their own known mistakes', () => {
    const problems: string[] = [];
    let objects = 0;
    for (const dir of ['event-sources', 'sensors']) {
      for (const file of fs.readdirSync(path.join(EXAMPLES, dir)).filter((f) => /\.ya?ml$/.test(f))) {
        for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(EXAMPLES, dir, file), 'utf8'))) {
          const obj = doc.toJS();
          if (obj === null || obj === undefined) {
            continue;
          }
          objects++;
          problems.push(...validateAgainstSchema(obj).map((m) => `${dir}/${file}: ${m}`));
        }
      }
    }
    console.log(`Validated ${objects} upstream example objects against the schema.`);
    expect(problems).toEqual(UPSTREAM_EXAMPLE_MISTAKES);
    expect(objects).toBeGreaterThanOrEqual(100);
  });
});
