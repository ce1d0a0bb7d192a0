import { FindingCollector, pathJoin } from '../../src/lint/finding';

describe('pathJoin', () => {
  test('joins plain keys with dots and indexes with brackets', () => {
    expect(pathJoin('spec', 'triggers', 0, 'template', 'http', 'url')).toBe('spec.triggers[0].template.http.url');
    expect(pathJoin('', 'spec', 'resource', 'my-event')).toBe('spec.resource.my-event');
  });

  test('quotes keys that are not plain identifiers', () => {
    expect(pathJoin('spec.resource', 'web.v1', 'version')).toBe('spec.resource["web.v1"].version');
    expect(pathJoin('metadata.labels', 'app.kubernetes.io/name')).toBe('metadata.labels["app.kubernetes.io/name"]');
    expect(pathJoin('spec.resource', '')).toBe('spec.resource[""]');
  });
});

describe('FindingCollector', () => {
  test('records the object identity with each finding', () => {
    const out = new FindingCollector('Sensor', { metadata: { name: 'hooks', namespace: 'ops' } });
    out.error('sensor/x', 'spec', 'broken');
    out.warning('sensor/y', 'spec.triggers', 'maybe broken');
    expect(out.findings).toEqual([
      { rule: 'sensor/x', severity: 'error', kind: 'Sensor', name: 'hooks', namespace: 'ops', path: 'spec', message: 'broken' },
      { rule: 'sensor/y', severity: 'warning', kind: 'Sensor', name: 'hooks', namespace: 'ops', path: 'spec.triggers', message: 'maybe broken' },
    ]);
  });

  test('leaves out a missing namespace and tolerates a missing name', () => {
    const out = new FindingCollector('EventBus', { metadata: { namespace: '' } });
    out.error('eventbus/x', 'spec', 'broken');
    expect(out.findings[0]).toEqual({ rule: 'eventbus/x', severity: 'error', kind: 'EventBus', name: '', path: 'spec', message: 'broken' });
  });
});
