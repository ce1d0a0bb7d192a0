import { describeFilters } from '../../src/explain/filters';
import { SourceEvent } from '../../src/explain/target';

const pods: SourceEvent = {
  type: 'resource',
  name: 'pods',
  spec: { namespace: 'apps', group: '', version: 'v1', resource: 'pods', eventTypes: ['ADD', 'UPDATE', 'DELETE'] },
};
const webhook: SourceEvent = { type: 'webhook', name: 'example', spec: { port: '12000', endpoint: '/x' } };

describe('describeFilters', () => {
  test.each([
    [['^(UPDATE)$'], undefined, ['UPDATE']],
    [['^(ADD|DELETE)$'], '=', ['ADD', 'DELETE']],
    [['ADD', 'UPD'], undefined, ['ADD', 'UPDATE']],
    [['^UPDATE$'], '!=', ['ADD', 'DELETE']],
    // `!=` with several values passes when any one of them does not match.
    [['^ADD$', '^UPDATE$'], '!=', ['ADD', 'UPDATE', 'DELETE']],
  ])('a data filter on type %j (%s) leaves %j', (value, comparator, types) => {
    const filter = { path: 'type', type: 'string', value, ...(comparator !== undefined ? { comparator } : {}) };
    const result = describeFilters({ filters: { data: [filter] } }, pods);
    expect(result.eventTypes).toEqual(types);
    expect(result.conditions).toEqual([]);
  });

  test('event types are the EventSource\'s, narrowed by the filter', () => {
    const onlyUpdates = { ...pods, spec: { ...pods.spec, eventTypes: ['UPDATE'] } };
    expect(describeFilters({}, onlyUpdates).eventTypes).toEqual(['UPDATE']);
    expect(describeFilters({ filters: { data: [{ path: 'type', type: 'string', value: ['^(ADD|UPDATE)$'] }] } }, onlyUpdates).eventTypes).toEqual(['UPDATE']);
    const none = describeFilters({}, { ...pods, spec: { ...pods.spec, eventTypes: [] } });
    expect(none.problems).toEqual(['EventSource event pods watches no event types, so the hook never fires']);
  });

  test('an anchored literal on body.metadata.name pins the name; anything else is a condition', () => {
    const pinned = describeFilters({ filters: { data: [{ path: 'body.metadata.name', type: 'string', value: ['^web\\.v2$'] }] } }, pods);
    expect(pinned.name).toBe('web.v2');
    expect(pinned.conditions).toEqual([]);
    const regex = describeFilters({ filters: { data: [{ path: 'body.metadata.name', type: 'string', value: ['^web-.*$'] }] } }, pods);
    expect(regex.name).toBeUndefined();
    expect(regex.conditions).toEqual(['data: body.metadata.name matches ^web-.*$']);
  });

  test('type and name filters mean nothing special on other sources', () => {
    const result = describeFilters({
      filters: { data: [{ path: 'type', type: 'string', value: ['^push$'] }, { path: 'body.metadata.name', type: 'string', value: ['^x$'] }] },
    }, webhook);
    expect(result.eventTypes).toEqual([]);
    expect(result.name).toBeUndefined();
    expect(result.conditions).toEqual(['data: type matches ^push$', 'data: body.metadata.name matches ^x$']);
  });

  test('generic data filters', () => {
    const data = [
      { path: 'body.a', type: 'string', comparator: '!=', value: ['x', 'y'] },
      { path: 'body.b', type: 'string', comparator: '!=', value: ['x'] },
      { path: 'body.c', type: 'string', comparator: '>', value: ['x'] },
      { path: 'body.d', type: 'number', comparator: '>=', value: ['1', '2'] },
      { path: 'body.e', type: 'bool', value: ['true'] },
      { path: 'body.f', type: 'date', value: ['x'] },
      { path: 'body.g', type: 'string', template: '{{ .Input | upper }}', value: ['^X$'] },
    ];
    expect(describeFilters({ filters: { data } }, webhook).conditions).toEqual([
      'data: body.a does not match at least one of x, y',
      'data: body.b does not match x',
      'data: body.c > x (never passes: strings compare with = or != only)',
      'data: body.d >= 1 or 2',
      'data: body.e is true',
      'data: body.f with type "date" (never passes: the type must be string, number or bool)',
      'data: body.g through template {{ .Input | upper }} matches ^X$',
    ]);
  });

  test('spec changed is recognised in either order; other exprs are quoted', () => {
    const fields = [{ name: 'now', path: 'oldBody.metadata.generation' }, { name: 'before', path: 'body.metadata.generation' }];
    expect(describeFilters({ filters: { exprs: [{ expr: 'before  != now', fields }] } }, pods).conditions).toEqual(['spec changed (generation)']);
    expect(describeFilters({ filters: { exprs: [{ expr: 'before > now', fields }] } }, pods).conditions)
      .toEqual(['expr: before > now with now = oldBody.metadata.generation, before = body.metadata.generation']);
  });

  test('or operators combine into one condition; invalid operators are problems', () => {
    const result = describeFilters({
      filters: {
        dataLogicalOperator: 'or',
        exprLogicalOperator: 'xor',
        data: [{ path: 'a', type: 'string', value: ['1'] }, { path: 'b', type: 'string', value: ['2'] }],
        exprs: [{ expr: 'x > 1', fields: [{ name: 'x', path: 'x' }] }],
      },
    }, webhook);
    expect(result.conditions).toEqual(['any of: data: a matches 1; or data: b matches 2', 'expr: x > 1 with x = x']);
    expect(result.problems).toEqual(['exprLogicalOperator "xor" is not "and" or "or", so the controller rejects the Sensor']);
    const empty = describeFilters({ filters: { filtersLogicalOperator: 'or' } }, webhook);
    expect(empty.conditions).toEqual(['never passes (filtersLogicalOperator "or" with no filters)']);
  });

  test('transform, context, time and scripts', () => {
    const result = describeFilters({
      transform: { jq: '.body', script: 'return event' },
      filters: {
        context: { type: 'webhook', source: '', subject: 'example' },
        time: { start: '22:00:00', stop: '06:00:00', timezone: 'Europe/Paris' },
        script: 'if event.body.a then\n  return true\nend\nreturn false',
      },
    }, webhook);
    expect(result.conditions).toEqual([
      'transformed first by jq: .body',
      'context: type = webhook, subject = example',
      'time between 22:00:00 and 06:00:00 Europe/Paris (past midnight)',
      'Lua script (4 lines)',
    ]);
    expect(describeFilters({ transform: { script: 'return event' } }, webhook).conditions).toEqual(['transformed first by a Lua script (1 line)']);
  });
});
