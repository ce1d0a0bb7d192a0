import { eventContext } from '../../src/engine/event';
import { applyTransform } from '../../src/engine/transforms';

const event = { context: eventContext({ datacontenttype: 'text/plain' }), data: '{"b":1,"a":[1,2]}' };

describe('transforms', () => {
  test('jq wins over script and the output is Go-encoded JSON', () => {
    const out = applyTransform(event, { jq: '.c = (.a | length)', script: 'return {}' });
    expect(out.event?.data).toBe('{"a":[1,2],"b":1,"c":2}');
    expect(out.event?.context?.datacontenttype).toBe('application/json');
  });

  test('Lua transforms return tables', () => {
    expect(applyTransform(event, { script: 'event.b = event.b + 1\nreturn event' }).event?.data).toBe('{"a":[1,2],"b":2}');
    expect(applyTransform(event, { script: 'return 1' }).error).toBe('transformation script output type is not of lua table');
  });

  test('the payload must be an object', () => {
    expect(applyTransform({ context: null, data: '[1]' }, { jq: '.' }).error).toContain('cannot unmarshal array');
    expect(applyTransform(event, { jq: '.a' }).error).toBe('jq transformation output must be a JSON object');
    expect(applyTransform(event, {}).event).toBe(event);
  });
});
