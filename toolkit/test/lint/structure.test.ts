import * as fs from 'fs';
import * as path from 'path';
import { API_KINDS, ApiType, apiStructNames, apiType } from '../../src/lint/argo-api';
import { Finding } from '../../src/lint/finding';
import { checkStructure, closestName } from '../../src/lint/structure';

const SCHEMA_FILE = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'conformance', 'argo-events', 'schema.json');

function summary(findings: Finding[]): Array<[string, string]> {
  return findings.map((f) => [f.rule, f.path]);
}

function sensor(): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Sensor',
    metadata: { name: 'hooks', namespace: 'ops', labels: { app: 'hooks' } },
    spec: {
      template: { serviceAccountName: 'hooks', container: { resources: { limits: { cpu: '100m' } } } },
      dependencies: [{
        name: 'dep', eventSourceName: 'hub', eventName: 'web',
        filters: { data: [{ path: 'body.metadata.name', type: 'string', value: ['^web$'] }] },
      }],
      triggers: [{
        atLeastOnce: true,
        retryStrategy: { steps: 3, duration: '1s', factor: 2, jitter: 0.1 },
        policy: { status: { allow: [200] } },
        template: {
          name: 'purge',
          conditions: 'dep',
          http: { url: 'https://example.com/purge', method: 'POST', timeout: 30, headers: { 'Content-Type': 'application/json' } },
        },
      }],
    },
  };
}

function eventSource(): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'EventSource',
    metadata: { name: 'hub', namespace: 'ops' },
    spec: {
      template: { serviceAccountName: 'hub' },
      resource: {
        web: {
          namespace: 'apps', group: 'apps', version: 'v1', resource: 'deployments', eventTypes: ['UPDATE'],
          filter: { labels: [{ key: 'app', operation: '=', value: 'web' }], createdBy: '2024-01-31T12:00:00Z' },
        },
      },
    },
  };
}

describe('checkStructure', () => {
  test('well-formed objects have no findings', () => {
    expect(checkStructure(sensor())).toEqual([]);
    expect(checkStructure(eventSource())).toEqual([]);
    expect(checkStructure({
      apiVersion: 'argoproj.io/v1alpha1', kind: 'EventBus', metadata: { name: 'default' },
      spec: { jetstream: { version: '2.10.29', replicas: 3, persistence: { volumeSize: '10Gi' } } },
    })).toEqual([]);
  });

  test('reports a misspelled field with the name it most likely meant', () => {
    const s = sensor();
    s.spec.triggers[0].atLeastonce = true;
    s.spec.triggers[0].template.http.Method = 'POST';
    const findings = checkStructure(s);
    // In document order: the template comes before the field added last.
    expect(summary(findings)).toEqual([
      ['structure/unknown-field', 'spec.triggers[0].template.http.Method'],
      ['structure/unknown-field', 'spec.triggers[0].atLeastonce'],
    ]);
    expect(findings[0].message).toMatch(/Did you mean "method"\?/);
    expect(findings[1].severity).toBe('error');
    expect(findings[1].message).toMatch(/Trigger has no field "atLeastonce".*Did you mean "atLeastOnce"\?/);
  });

  test('points a field written one level too deep to where it belongs', () => {
    const s = sensor();
    s.spec.triggers[0].template.retryStrategy = { steps: 2 };
    const [finding] = checkStructure(s);
    expect(finding.path).toBe('spec.triggers[0].template.retryStrategy');
    expect(finding.message).toMatch(/move it to spec\.triggers\[0\]\.retryStrategy/);
  });

  test('reports an unknown trigger type and an unknown event source type', () => {
    const s = sensor();
    s.spec.triggers[0].template.webhook = { url: 'https://example.com' };
    const es = eventSource();
    es.spec.resources = es.spec.resource;
    delete es.spec.resource;
    expect(summary(checkStructure(s))).toEqual([['structure/unknown-field', 'spec.triggers[0].template.webhook']]);
    const [finding] = checkStructure(es);
    expect([finding.rule, finding.path]).toEqual(['structure/unknown-field', 'spec.resources']);
    expect(finding.message).toMatch(/Did you mean "resource"\?/);
  });

  test('checks resource event sources fully and other event source types by name only', () => {
    const es = eventSource();
    es.spec.resource.web.filter.labels[0].regex = true;
    es.spec.resource.web.filter.afterstart = true;
    es.spec.amqp = { example: { url: 'amqp://rabbit:5672', anything: { goes: 1 } } };
    expect(summary(checkStructure(es))).toEqual([
      ['structure/unknown-field', 'spec.resource.web.filter.labels[0].regex'],
      ['structure/unknown-field', 'spec.resource.web.filter.afterstart'],
    ]);
  });

  test('reports values of the wrong JSON type', () => {
    const s = sensor();
    s.spec.replicas = '2';
    s.spec.dependencies[0].filters.data[0].value = '^web$';
    s.spec.triggers[0].atLeastOnce = 'true';
    s.spec.triggers[0].template.http.timeout = 1.5;
    s.spec.triggers[0].template.http.headers = { 'X-Count': 3 };
    s.spec.triggers[0].policy.status.allow = [200, '201'];
    s.spec.triggers[0].template.conditionsReset = { byTime: { cron: '0 0 * * *' } };
    const findings = checkStructure(s);
    expect(summary(findings)).toEqual([
      ['structure/type', 'spec.dependencies[0].filters.data[0].value'],
      ['structure/type', 'spec.triggers[0].atLeastOnce'],
      ['structure/type', 'spec.triggers[0].policy.status.allow[1]'],
      ['structure/type', 'spec.triggers[0].template.http.timeout'],
      ['structure/type', 'spec.triggers[0].template.http.headers.X-Count'],
      ['structure/type', 'spec.triggers[0].template.conditionsReset'],
      ['structure/type', 'spec.replicas'],
    ]);
    expect(findings[0].message).toMatch(/^Expected a list, found string "\^web\$"; Argo Events cannot decode the object/);
    expect(findings[4].message).toMatch(/Quote it: "3"\./);
  });

  test('a quoted factor or jitter is an error that explains the trigger never runs', () => {
    const s = sensor();
    s.spec.triggers[0].retryStrategy.factor = '2';
    s.spec.triggers[0].retryStrategy.jitter = true;
    const findings = checkStructure(s);
    expect(summary(findings)).toEqual([
      ['structure/type', 'spec.triggers[0].retryStrategy.factor'],
      ['structure/type', 'spec.triggers[0].retryStrategy.jitter'],
    ]);
    expect(findings[0].message).toMatch(/trigger is never executed\. Write it unquoted: 2\.$/);
    expect(findings[1].message).toMatch(/Write it unquoted\.$/);
  });

  test('Int64OrString takes a string or an integer, quantities a string or a number, times RFC 3339', () => {
    const s = sensor();
    s.spec.triggers[0].retryStrategy.duration = 1000;
    expect(checkStructure(s)).toEqual([]);
    s.spec.triggers[0].retryStrategy.duration = 1.5;
    expect(summary(checkStructure(s))).toEqual([['structure/type', 'spec.triggers[0].retryStrategy.duration']]);
    const bus = {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'EventBus', metadata: { name: 'default' },
      spec: { jetstream: { version: 'latest', persistence: { volumeSize: 10 } } },
    };
    expect(checkStructure(bus)).toEqual([]);
    const es = eventSource();
    es.spec.resource.web.filter.createdBy = '2024-01-31 12:00';
    expect(summary(checkStructure(es))).toEqual([['structure/type', 'spec.resource.web.filter.createdBy']]);
  });

  test('null is accepted anywhere and raw Kubernetes JSON is free-form', () => {
    const s = sensor();
    s.spec.template.affinity = null;
    s.spec.triggers[0].policy = null;
    s.spec.triggers[0].template.k8s = {
      operation: 'create',
      source: { resource: { apiVersion: 'batch/v1', kind: 'Job', spec: { anything: { goes: [1, 'two'] } } } },
    };
    expect(checkStructure(s)).toEqual([]);
    s.spec.triggers[0].template.k8s.source.resource = 'kind: Job';
    expect(summary(checkStructure(s))).toEqual([['structure/type', 'spec.triggers[0].template.k8s.source.resource']]);
  });

  test('objects that are not Argo Events objects are ignored', () => {
    expect(checkStructure({ apiVersion: 'apps/v1', kind: 'Deployment', spec: { bogus: true } })).toEqual([]);
    expect(checkStructure({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', spec: { bogus: true } })).toEqual([]);
    expect(checkStructure('Sensor')).toEqual([]);
  });
});

describe('checkStructure per Argo Events release', () => {
  const VERSIONS = Array.from({ length: 12 }, (_, patch) => `1.9.${patch}`);

  // Newer fields, each with the release that added it (compared in the upstream tags' pkg/apis).
  function newerSensor(): any {
    const s = sensor();
    const t = s.spec.triggers[0];
    t.dlqTrigger = { atLeastOnce: true, template: { name: 'failed', log: {} } };
    t.template.http.host = 'api.example.com';
    t.template.http.dynamicHeaders = [{ src: { dependencyName: 'dep', dataKey: 'body.metadata.name' }, dest: 'X-Name' }];
    t.template.http.tls = { enabled: true };
    s.spec.dependencies[0].filters.time = { start: '09:00:00', stop: '17:00:00', timezone: 'Europe/Berlin' };
    s.spec.triggers.push({
      template: {
        name: 'audit',
        kafka: { url: 'kafka:9092', topic: 'audit', payload: [], headers: { team: 'web' } },
      },
    }, {
      template: {
        name: 'deploy',
        k8s: { source: { git: { url: 'https://github.com/acme/deploy', filePath: 'job.yaml', githubApp: { appID: 1 } } } },
      },
    });
    return s;
  }
  const SENSOR_FIELDS: Array<[string, number]> = [
    ['spec.dependencies[0].filters.time.timezone', 9],
    ['spec.triggers[0].template.http.host', 8],
    ['spec.triggers[0].template.http.dynamicHeaders', 7],
    ['spec.triggers[0].template.http.tls.enabled', 8],
    ['spec.triggers[0].dlqTrigger', 3],
    ['spec.triggers[1].template.kafka.headers', 3],
    ['spec.triggers[2].template.k8s.source.git.githubApp', 11],
  ];

  test.each(VERSIONS)('Sensor fields newer than %s are reported as ignored', (version) => {
    const patch = Number(version.split('.')[2]);
    const findings = checkStructure(newerSensor(), { argoEventsVersion: version });
    expect(summary(findings)).toEqual(SENSOR_FIELDS.filter(([, since]) => patch < since)
      .map(([where]) => ['sensor/field-ignored-by-version', where]));
    for (const f of findings) {
      expect(f.severity).toBe('warning');
    }
  });

  test('the message says which release added the field and what happens without it', () => {
    const findings = checkStructure(newerSensor(), { argoEventsVersion: '1.9.2' });
    const at = (where: string): Finding => findings.find((f) => f.path === where)!;
    const [timezone, dlq, host] = [at(SENSOR_FIELDS[0][0]), at('spec.triggers[0].dlqTrigger'), at('spec.triggers[0].template.http.host')];
    expect(dlq.message).toBe('Trigger.dlqTrigger exists from Argo Events 1.9.3 on. The 1.9.2 controller and pods drop it ' +
      'when they decode the object (it stays in the stored manifest), so no dead-letter trigger runs when the trigger ' +
      'fails for good. If the cluster runs 1.9.3 or newer, lint for that release (--argo-events-version); otherwise ' +
      'remove the field or upgrade Argo Events.');
    expect(timezone.message).toMatch(/^TimeFilter.timezone exists from Argo Events 1.9.9 on\..* so the time window is read as UTC\./);
    expect(host.message).toMatch(/so the request is sent with the Host header of its URL\./);
  });

  test('what an ignored field contains is not checked: the controller never reads it', () => {
    const s = sensor();
    s.spec.triggers[0].dlqTrigger = { atLeastonce: true, template: { name: 7 } };
    expect(summary(checkStructure(s, { argoEventsVersion: '1.9.0' })))
      .toEqual([['sensor/field-ignored-by-version', 'spec.triggers[0].dlqTrigger']]);
    expect(summary(checkStructure(s, { argoEventsVersion: '1.9.3' }))).toEqual([
      ['structure/unknown-field', 'spec.triggers[0].dlqTrigger.atLeastonce'],
      ['structure/type', 'spec.triggers[0].dlqTrigger.template.name'],
    ]);
  });

  test('EventSource fields, including those inside event source types described by name only', () => {
    const es = eventSource();
    es.spec.service = { metadata: { labels: { team: 'web' } }, ports: [{ port: 12000 }] };
    es.spec.kafka = { orders: { url: 'kafka:9092', topic: 'orders', schemaRegistry: { url: 'http://registry' } } };
    expect(summary(checkStructure(es, { argoEventsVersion: '1.9.0' }))).toEqual([
      ['eventsource/field-ignored-by-version', 'spec.service.metadata'],
      ['eventsource/field-ignored-by-version', 'spec.kafka.orders.schemaRegistry'],
    ]);
    expect(summary(checkStructure(es, { argoEventsVersion: '1.9.3' })))
      .toEqual([['eventsource/field-ignored-by-version', 'spec.kafka.orders.schemaRegistry']]);
    expect(checkStructure(es, { argoEventsVersion: '1.9.7' })).toEqual([]);
    const mns = { ...eventSource(), spec: { mns: { queue: { queue: 'q', endpoint: 'http://mns' } } } };
    expect(summary(checkStructure(mns, { argoEventsVersion: '1.9.6' }))).toEqual([['eventsource/field-ignored-by-version', 'spec.mns']]);
  });

  test('EventBus fields, and the Kafka consumer group field that 1.9.3 renamed', () => {
    const bus = {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'EventBus', metadata: { name: 'default' },
      spec: { kafka: { url: 'kafka:9092', partitioner: 'hash', consumerGroup: { groupName: 'g', startOldest: true } } },
    };
    expect(summary(checkStructure(bus, { argoEventsVersion: '1.9.2' })))
      .toEqual([['eventbus/field-ignored-by-version', 'spec.kafka.partitioner']]);
    const renamed = checkStructure(bus, { argoEventsVersion: '1.9.8' });
    expect(summary(renamed)).toEqual([['structure/unknown-field', 'spec.kafka.consumerGroup.startOldest']]);
    expect(renamed[0].message).toBe('KafkaConsumerGroup has no field "startOldest" from Argo Events 1.9.3 on, so Argo ' +
      'Events 1.9.8 ignores it and the setting has no effect. Use "oldest" instead.');
    bus.spec.kafka.consumerGroup = { groupName: 'g', oldest: true } as any;
    expect(summary(checkStructure(bus, { argoEventsVersion: '1.9.2' }))).toEqual([
      ['eventbus/field-ignored-by-version', 'spec.kafka.partitioner'],
      ['eventbus/field-ignored-by-version', 'spec.kafka.consumerGroup.oldest'],
    ]);
  });

  test('values that keep the controller from decoding the object carry a decode error', () => {
    const s = sensor();
    s.spec.replicas = '2';
    s.spec.triggers[0].retryStrategy.factor = '2';
    const [factor, replicas] = checkStructure(s);
    // A quoted factor decodes (it is parsed when the trigger runs), so the controller accepts it.
    expect(factor.controllerError).toBeUndefined();
    expect(replicas.controllerError).toEqual({ stage: 'decode', message: 'spec.replicas: expected an integer, found string "2"' });
  });

  test('an unsupported release is refused', () => {
    expect(() => checkStructure(sensor(), { argoEventsVersion: '2.0.0' })).toThrow(/"2.0.0" is not a supported Argo Events release/);
  });
});

describe('closestName', () => {
  test('prefers a case-insensitive match, then the nearest within the edit budget', () => {
    expect(closestName('openwhisk', ['openWhisk', 'nats'])).toBe('openWhisk');
    expect(closestName('dependancies', ['dependencies', 'triggers'])).toBe('dependencies');
    expect(closestName('namespace', ['apiKey', 'webhook'])).toBeUndefined();
    // Short names get one edit, so `ip` is not taken for `to`.
    expect(closestName('ip', ['to', 'from'])).toBeUndefined();
    expect(closestName('urk', ['url'])).toBe('url');
  });
});

// ---------------------------------------------------------------------------------------------
// The description against the upstream schema: every declared field exists upstream with a
// compatible type, and every upstream field of a described structure is declared.

interface SchemaNode {
  readonly $ref?: string;
  readonly type?: string | string[];
  readonly properties?: Record<string, SchemaNode>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly items?: SchemaNode;
}

const UPSTREAM_FOR_SCALAR: Partial<Record<string, string>> = {
  'amount': 'io.argoproj.events.v1alpha1.Amount',
  'int-or-string': 'io.argoproj.events.v1alpha1.Int64OrString',
  'quantity': 'io.k8s.apimachinery.pkg.api.resource.Quantity',
  'time': 'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
};

class DescriptionCheck {
  public readonly problems: string[] = [];
  public readonly visited = new Set<string>();

  constructor(private readonly definitions: Record<string, SchemaNode>) {}

  public compare(type: ApiType, upstream: SchemaNode, where: string): void {
    let node = upstream;
    let definition: string | undefined;
    while (node.$ref !== undefined) {
      definition = node.$ref.replace('#/definitions/', '');
      node = this.definitions[definition];
    }
    switch (type.kind) {
      case 'scalar': {
        const expected = UPSTREAM_FOR_SCALAR[type.scalar];
        const ok = expected !== undefined
          ? definition === expected
          : type.scalar === 'object' ? isObjectNode(node) : node.type === type.scalar;
        if (!ok) {
          this.problems.push(`${where}: declared ${type.scalar}, upstream ${definition ?? JSON.stringify(node.type)}`);
        }
        return;
      }
      case 'list':
        if (node.type !== 'array' || node.items === undefined) {
          this.problems.push(`${where}: declared a list, upstream ${JSON.stringify(node.type)}`);
        } else {
          this.compare(type.items, node.items, `${where}[]`);
        }
        return;
      case 'map':
        if (typeof node.additionalProperties !== 'object') {
          this.problems.push(`${where}: declared a map, upstream has no additionalProperties`);
        } else {
          this.compare(type.values, node.additionalProperties, `${where}{}`);
        }
        return;
      case 'struct': {
        if (definition === undefined || !definition.endsWith(`.${type.name}`)) {
          this.problems.push(`${where}: declared ${type.name}, upstream ${definition ?? 'an inline type'}`);
          return;
        }
        const key = `${type.name} ${definition}`;
        if (this.visited.has(key)) {
          return;
        }
        this.visited.add(key);
        const upstreamFields = node.properties ?? {};
        for (const [field, expression] of Object.entries(type.fields)) {
          if (upstreamFields[field] === undefined) {
            this.problems.push(`${type.name}.${field}: declared, but upstream ${definition} has no such field`);
          } else {
            this.compare(apiType(expression), upstreamFields[field], `${type.name}.${field}`);
          }
        }
        for (const field of Object.keys(upstreamFields).filter((f) => !Object.hasOwn(type.fields, f))) {
          this.problems.push(`${type.name}.${field}: upstream field not declared`);
        }
        return;
      }
    }
  }
}

function isObjectNode(node: SchemaNode): boolean {
  return node.type === 'object' || (node.type === undefined && node.properties !== undefined);
}

if (!fs.existsSync(SCHEMA_FILE)) {
  console.warn(`Skipping the comparison of the Argo Events API description with the upstream schema: ${SCHEMA_FILE} is missing.`);
}

(fs.existsSync(SCHEMA_FILE) ? describe : describe.skip)('the Argo Events API description', () => {
  // describe.skip still runs this body to collect the tests, so read only when the file is there.
  const definitions = fs.existsSync(SCHEMA_FILE)
    ? (JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as { definitions: Record<string, SchemaNode> }).definitions
    : {};

  test('matches the upstream schema field by field, and every structure is reachable', () => {
    const check = new DescriptionCheck(definitions);
    for (const [kind, root] of API_KINDS) {
      check.compare(apiType(root), { $ref: `#/definitions/io.argoproj.events.v1alpha1.${kind}` }, kind);
    }
    expect(check.problems).toEqual([]);
    const reached = new Set([...check.visited].map((key) => key.split(' ')[0]));
    expect(apiStructNames().filter((name) => !reached.has(name))).toEqual([]);
  });

  test('the comparison notices a missing field, an extra field and a wrong type', () => {
    const check = new DescriptionCheck(definitions);
    const rateLimit = { kind: 'struct' as const, name: 'RateLimit', fields: { requestsPerUnit: 'string', units: 'string' } };
    check.compare(rateLimit, { $ref: '#/definitions/io.argoproj.events.v1alpha1.RateLimit' }, 'RateLimit');
    expect(check.problems).toEqual([
      'RateLimit.requestsPerUnit: declared string, upstream "integer"',
      'RateLimit.units: declared, but upstream io.argoproj.events.v1alpha1.RateLimit has no such field',
      'RateLimit.unit: upstream field not declared',
    ]);
  });
});
