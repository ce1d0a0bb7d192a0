import { describeObject, parseManifests } from '../../src/engine/manifests';

describe('parseManifests', () => {
  test('reads several documents, skips empty ones and flattens lists', () => {
    const objects = parseManifests([
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}',
      '',
      'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Secret, metadata: {name: b}}',
    ].join('\n---\n'));
    expect(objects.map((o) => o.kind)).toEqual(['ConfigMap', 'Secret']);
  });

  test('uses YAML 1.1 booleans but keeps timestamps as strings', () => {
    const [o] = parseManifests('flag: yes\nwhen: 2024-07-15T12:00:00Z\n');
    expect(o).toEqual({ flag: true, when: '2024-07-15T12:00:00Z' });
  });

  test('names the file and line of a syntax error', () => {
    expect(() => parseManifests('a: 1\nb: [1, 2\n', 'x.yaml')).toThrow(/^x\.yaml:\d+:\d+: /);
    expect(() => parseManifests('- a\n- b\n', 'list.yaml')).toThrow('list.yaml: document 1 is not an object');
  });

  test('describes objects', () => {
    expect(describeObject({ kind: 'Sensor', metadata: { name: 'hub', namespace: 'ops' } })).toBe('Sensor/ops/hub');
    expect(describeObject({ kind: 'Sensor', metadata: { name: 'hub' } })).toBe('Sensor/hub');
  });
});
