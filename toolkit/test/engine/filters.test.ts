import { eventContext } from '../../src/engine/event';
import { filterContext, filterDependency, filterEvent, filterScript } from '../../src/engine/filters';

const event = {
  context: eventContext({ source: 'hub', subject: 'deployments', type: 'resource', datacontenttype: 'application/json', time: '2024-07-15T12:00:00Z' }),
  data: '{"type":"UPDATE","body":{"replicas":3}}',
};

describe('dependency filters', () => {
  test('reports each defined kind and the AND of them', () => {
    const outcome = filterEvent({
      data: [{ path: 'type', type: 'string', value: ['^UPDATE$'] }],
      exprs: [{ expr: 'r > 5', fields: [{ path: 'body.replicas', name: 'r' }] }],
      context: { source: 'hub' },
    }, '', event);
    expect(outcome).toEqual({ pass: false, parts: { exprs: { pass: false }, data: { pass: true }, context: { pass: true } } });
  });

  test('in AND mode the first error ends evaluation', () => {
    const outcome = filterEvent({ exprs: [{ expr: 'x == 1', fields: [{ path: 'nope', name: 'x' }] }], data: [{ path: 'type', type: 'string', value: ['x'] }] }, 'and', event);
    expect(outcome.error).toBe("expr filter error (path 'nope' does not exist)");
    expect(Object.keys(outcome.parts)).toEqual(['exprs']);
  });

  test('in OR mode an error is kept while another kind passes, and Filter then rejects', () => {
    const filter = { exprs: [{ expr: 'x == 1', fields: [{ path: 'nope', name: 'x' }] }], context: { source: 'hub' } };
    expect(filterEvent(filter, 'or', event)).toMatchObject({ pass: true, error: "expr filter error (path 'nope' does not exist)" });
    expect(filterDependency(event, filter, 'or')).toMatchObject({ pass: false, error: "expr filter error (path 'nope' does not exist)" });
    expect(filterDependency(event, null, 'or')).toEqual({ pass: true, parts: {} });
    expect(filterEvent({}, 'or', event).pass).toBe(false);
  });

  test('context filters compare only non-empty fields', () => {
    expect(filterContext({ type: 'resource', subject: '' }, event.context)).toBe(true);
    expect(filterContext({ datacontenttype: 'application/yaml' }, event.context)).toBe(false);
  });

  test('script filters need an object payload and a true result', () => {
    expect(filterScript('return event.body.replicas == 3', event)).toEqual({ pass: true });
    expect(filterScript('return 1', event)).toEqual({ pass: false });
    expect(filterScript('return true', { context: null, data: '[1]' }).error).toContain('cannot unmarshal array');
    expect(filterScript('return true', { context: null, data: null })).toEqual({ pass: true });
  });

  test('in OR mode errors count as false: an error and a false kind fail, and Filter reports the error', () => {
    const filter = {
      exprs: [{ expr: 'x == 1', fields: [{ path: 'nope', name: 'x' }] }],
      data: [{ path: 'type', type: 'string', value: ['^ADD$'] }],
    };
    expect(filterEvent(filter, 'or', event)).toMatchObject({ pass: false, error: "expr filter error (path 'nope' does not exist)" });
    expect(filterDependency(event, filter, 'or')).toMatchObject({ pass: false, error: "expr filter error (path 'nope' does not exist)" });
  });

  test('a script error fails the event in both modes, even when another kind passes', () => {
    const filter = { context: { source: 'hub' }, script: 'return event.body.missing.field' };
    for (const operator of ['', 'or']) {
      const outcome = filterEvent(filter, operator, event);
      expect(outcome.pass).toBe(false);
      expect(outcome.error).toContain('attempt to index');
    }
  });

  test('inside exprs with exprLogicalOperator: or, a passing entry wins over an entry whose path is missing', () => {
    const filter = {
      exprLogicalOperator: 'or',
      exprs: [
        { expr: 'x == 1', fields: [{ path: 'nope', name: 'x' }] },
        { expr: 'r == 3', fields: [{ path: 'body.replicas', name: 'r' }] },
      ],
    };
    expect(filterDependency(event, filter, '')).toEqual({ pass: true, parts: { exprs: { pass: true } } });
  });
});
