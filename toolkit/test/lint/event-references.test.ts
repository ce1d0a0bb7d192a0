import { EventSourceIndex } from '../../src/lint/event-references';
import { Finding } from '../../src/lint/finding';

function summary(findings: Finding[]): Array<[string, string, string]> {
  return findings.map((f) => [f.rule, f.severity, f.path]);
}

function eventSource(name: string, namespace: string | undefined, spec: Record<string, unknown>): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'EventSource',
    metadata: { name, ...(namespace === undefined ? {} : { namespace }) },
    spec,
  };
}

function sensor(dependencies: Array<[string, string]>, extra: Record<string, unknown> = {}): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Sensor',
    metadata: { name: 'hooks', namespace: 'ops' },
    spec: {
      ...extra,
      dependencies: dependencies.map(([eventSourceName, eventName], i) => ({ name: `d${i}`, eventSourceName, eventName })),
      triggers: [{ template: { name: 'log', log: {} } }],
    },
  };
}

describe('EventSourceIndex', () => {
  const index = new EventSourceIndex([
    eventSource('hub', 'ops', { resource: { web: {}, api: {} }, webhook: { push: {} }, template: { serviceAccountName: 'x' } }),
    eventSource('elsewhere', 'other', { resource: { web: {} } }),
    eventSource('shared', undefined, { calendar: { nightly: {} } }),
    eventSource('kafka-bus', 'ops', { eventBusName: 'kafka', resource: { web: {} } }),
  ]);

  test('dependencies on existing events across event types have no findings', () => {
    expect(index.check(sensor([['hub', 'web'], ['hub', 'push'], ['shared', 'nightly']]))).toEqual([]);
  });

  test('warns about an EventSource that is not in the inputs or lives in another namespace', () => {
    const findings = index.check(sensor([['hbu', 'web'], ['elsewhere', 'web']]));
    expect(summary(findings)).toEqual([
      ['sensor/unknown-event-source', 'warning', 'spec.dependencies[0].eventSourceName'],
      ['sensor/unknown-event-source', 'warning', 'spec.dependencies[1].eventSourceName'],
    ]);
    expect(findings[0].message).toMatch(/^No EventSource named "hbu" in namespace ops is among the linted manifests/);
  });

  test('an event the EventSource does not have is an error (it can never fire), listing the ones it has', () => {
    const [finding] = index.check(sensor([['hub', 'template']]));
    expect([finding.rule, finding.severity, finding.path]).toEqual(['sensor/unknown-event', 'error', 'spec.dependencies[0].eventName']);
    expect(finding.message).toBe('EventSource "hub" has no event named "template", so this dependency never receives an ' +
      'event and the triggers that need it never fire (the controller does not check this). Its events are: web, api, push.');
  });

  test('an EventSource in the inputs that publishes to another EventBus is an error', () => {
    const [finding] = index.check(sensor([['kafka-bus', 'web']]));
    expect([finding.rule, finding.severity, finding.path])
      .toEqual(['sensor/event-bus-mismatch', 'error', 'spec.dependencies[0].eventSourceName']);
    expect(finding.message).toMatch(/publishes to EventBus "kafka", but this Sensor reads EventBus "default"/);
    expect(index.check(sensor([['kafka-bus', 'web']], { eventBusName: 'kafka' }))).toEqual([]);
  });

  test('skips incomplete dependencies, which the controller rules report', () => {
    const s = sensor([['hub', 'web']]);
    s.spec.dependencies.push({ name: 'x' }, { name: 'y', eventSourceName: 'hub' }, 'junk');
    expect(index.check(s)).toEqual([]);
  });
});
