import { KindIndex } from '../../src/explain/kinds';
import { describeTarget, findEvent } from '../../src/explain/target';

const kinds = new KindIndex([]);

describe('findEvent', () => {
  const eventSource = {
    spec: {
      template: { serviceAccountName: 'sa' },
      service: { ports: [] },
      webhook: { push: { port: '12000', endpoint: '/push' } },
      resource: { pods: { version: 'v1', resource: 'pods' } },
    },
  };

  test('finds an event under any source type, never under template or service', () => {
    expect(findEvent(eventSource, 'push')?.type).toBe('webhook');
    expect(findEvent(eventSource, 'pods')?.type).toBe('resource');
    expect(findEvent(eventSource, 'ports')).toBeUndefined();
    expect(findEvent(eventSource, 'toString')).toBeUndefined();
    expect(findEvent({ spec: 'x' }, 'push')).toBeUndefined();
  });
});

describe('describeTarget', () => {
  test('a resource event with every filter', () => {
    const { target, problems } = describeTarget({
      type: 'resource',
      name: 'ev',
      spec: {
        namespace: 'shop', group: 'example.com', version: 'v1', resource: 'carts', eventTypes: ['ADD'],
        filter: {
          labels: [
            { key: 'tier', value: 'web' },
            { key: 'env', operation: 'notin', value: 'dev,test' },
            { key: 'owner', operation: 'exists' },
            { key: 'legacy', operation: '!' },
            { key: 'size', operation: 'gt', value: '3' },
          ],
          fields: [
            { key: 'metadata.name', operation: '==', value: '^cart-1$' },
            { key: 'spec.paused', operation: '!=', value: 'true' },
          ],
          prefix: 'cart-',
          createdBy: '2024-01-01T00:00:00Z',
          afterStart: true,
        },
      },
    }, kinds);
    expect(target).toEqual({
      source: 'resource',
      group: 'example.com',
      version: 'v1',
      resource: 'carts',
      namespace: 'shop',
      name: 'cart-1',
      selector: 'tier=web,env notin (dev,test),owner,!legacy,size>3',
      prefix: 'cart-',
      fieldFilters: ['field metadata.name matches ^cart-1$', 'field spec.paused does not match true'],
      ignoresExisting: true,
      createdBefore: '2024-01-01T00:00:00Z',
      description: 'object of carts cart-1 in namespace shop (example.com/v1 carts), labels tier=web, env notin (dev,test), owner, !legacy, size>3, '
        + 'name starts with cart-, field metadata.name matches ^cart-1$, field spec.paused does not match true, '
        + 'created before 2024-01-01T00:00:00Z, ignores objects existing at start',
    });
    expect(problems).toEqual([]);
  });

  test('a field filter without operation drops everything', () => {
    const { target, problems } = describeTarget({
      type: 'resource', name: 'ev', spec: { version: 'v1', resource: 'secrets', filter: { fields: [{ key: 'type', value: 'Opaque' }] } },
    }, kinds);
    expect(target.description).toBe('any Secret in all namespaces (v1 secrets), field type with operation "" (drops every event)');
    expect(problems).toEqual(['field filter on type has no operation, so the EventSource drops every event; use "==" or "!="']);
  });

  test('the name pinned by the dependency wins over the field filter', () => {
    const { target } = describeTarget({
      type: 'resource', name: 'ev', spec: { version: 'v1', resource: 'pods', filter: { fields: [{ key: 'metadata.name', operation: '=', value: '^a$' }] } },
    }, kinds, 'b');
    expect(target.name).toBe('b');
  });

  test('other sources', () => {
    expect(describeTarget({ type: 'webhook', name: 'gh', spec: { port: '12000', endpoint: '/gh', method: 'PUT' } }, kinds).target)
      .toEqual({ source: 'webhook', description: 'webhook event gh (PUT :12000/gh)' });
    expect(describeTarget({ type: 'calendar', name: 'nightly', spec: { schedule: '0 2 * * *', timezone: 'UTC' } }, kinds).target.description)
      .toBe('calendar event nightly (cron 0 2 * * * UTC)');
    expect(describeTarget({ type: 'calendar', name: 'tick', spec: { interval: '10s' } }, kinds).target.description)
      .toBe('calendar event tick (every 10s)');
    expect(describeTarget({ type: 'kafka', name: 'orders', spec: {} }, kinds).target.description).toBe('kafka event orders');
    expect(describeTarget(undefined, kinds).target).toEqual({ description: 'an event not in the given manifests' });
  });
});
