import { buildResourceEventData, filterFields, getEventTime, passFilters } from '../../src/engine/resource-source';

const start = new Date('2024-07-15T12:00:00Z');
const now = new Date('2024-07-15T12:05:00Z');

function pod(metadata: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', ...metadata }, spec: { replicas: 3 } };
}

describe('resource EventSource filters', () => {
  test('prefix is a case-sensitive name prefix', () => {
    expect(passFilters('ADD', pod({}), { prefix: 'web' }, { startTime: start, now }).pass).toBe(true);
    expect(passFilters('ADD', pod({}), { prefix: 'Web' }, { startTime: start, now }).reason).toContain('does not start with');
  });

  test('afterStart uses creation for ADD and the latest Update managedFields entry for UPDATE', () => {
    const old = pod({ creationTimestamp: '2024-07-15T11:00:00Z' });
    expect(passFilters('ADD', old, { afterStart: true }, { startTime: start, now }).pass).toBe(false);
    const updated = pod({
      creationTimestamp: '2024-07-15T11:00:00Z',
      managedFields: [
        { manager: 'kubectl', operation: 'Update', time: '2024-07-15T12:01:00Z' },
        { manager: 'argocd', operation: 'Apply', time: '2024-07-15T12:03:00Z' },
      ],
    });
    expect(getEventTime('UPDATE', updated, now).time.toISOString()).toBe('2024-07-15T12:01:00.000Z');
    expect(passFilters('UPDATE', updated, { afterStart: true }, { startTime: start, now }).pass).toBe(true);
    const applyOnly = pod({ creationTimestamp: '2024-07-15T11:00:00Z', managedFields: [{ operation: 'Apply', time: '2024-07-15T12:03:00Z' }] });
    expect(passFilters('UPDATE', applyOnly, { afterStart: true }, { startTime: start, now }).pass).toBe(false);
    expect(getEventTime('DELETE', old, now).time).toBe(now);
  });

  test('createdBy drops objects created after it', () => {
    const o = pod({ creationTimestamp: '2024-07-15T11:00:00Z' });
    expect(passFilters('ADD', o, { createdBy: '2024-07-15T10:00:00Z' }, { startTime: start, now }).pass).toBe(false);
    expect(passFilters('ADD', o, { createdBy: '2024-07-15T11:00:00Z' }, { startTime: start, now }).pass).toBe(true);
  });

  test('fields: unanchored regex on Str, missing paths and empty operations drop', () => {
    const json = JSON.stringify(pod({}));
    expect(filterFields(json, [{ key: 'metadata.name', operation: '==', value: 'eb-' }]).pass).toBe(true);
    expect(filterFields(json, [{ key: 'spec.replicas', operation: '==', value: '3' }]).pass).toBe(false);
    expect(filterFields(json, [{ key: 'metadata.name', operation: '!=', value: 'x' }]).pass).toBe(true);
    expect(filterFields(json, [{ key: 'status.phase', operation: '!=', value: 'x' }]).reason).toContain('does not exist');
    expect(filterFields(json, [{ key: 'metadata.name', value: 'web' }]).reason).toContain('drops every event');
    expect(filterFields(json, [{ key: 'metadata.name', operation: '=', value: '(' }]).reason).toContain('invalid regex');
  });
});

describe('buildResourceEventData', () => {
  test('lays out the payload like the EventSource, omitting empty metadata', () => {
    expect(buildResourceEventData({ type: 'ADD', body: '{"a":1}', oldBody: null, group: '', version: 'v1', resource: 'pods' }))
      .toBe('{"type":"ADD","body":{"a":1},"oldBody":null,"group":"","version":"v1","resource":"pods"}');
    expect(buildResourceEventData({ type: 'UPDATE', body: '{}', oldBody: '{}', group: 'apps', version: 'v1', resource: 'deployments', metadata: { z: '1', a: '2' } }))
      .toBe('{"type":"UPDATE","body":{},"oldBody":{},"group":"apps","version":"v1","resource":"deployments","metadata":{"a":"2","z":"1"}}');
  });
});
