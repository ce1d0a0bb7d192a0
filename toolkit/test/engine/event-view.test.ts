import { eventContext } from '../../src/engine/event';
import { EventView } from '../../src/engine/event-view';
import { marshalGoJson } from '../../src/engine/go-json';

const data = {
  type: 'UPDATE',
  body: {
    metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web', 'tier': '<front&back>' }, generation: 2 },
    spec: { replicas: 3, ratio: 1.5, paused: false, template: { containers: [{ image: 'a:1' }, { image: 'b:2' }] }, holes: [1, undefined] },
    status: null,
  },
  oldBody: null,
  '0': 'zero',
};

const PATHS = [
  'type', 'body.metadata.name', 'body.metadata.generation', 'body.spec.ratio', 'body.spec.paused', 'body.status',
  'body.spec.template.containers.1.image', 'body.spec.template.containers.5.image', 'body.spec.template', 'body.metadata.labels',
  'body.metadata.labels.tier', 'body.spec.holes.1', 'oldBody', 'oldBody.spec', 'missing', '0', 'body.spec.template.containers.x',
  // Not plain: answered from the text.
  'body.metadata.labels.app\\.kubernetes\\.io/name', 'body.spec.template.containers.#', 'body.spec.template.containers.#.image',
];

describe('EventView', () => {
  const text = marshalGoJson(data);
  const structured = new EventView({ context: eventContext({}), data: text }, { structured: data });
  const scanned = new EventView({ context: eventContext({}), data: text });

  test.each(PATHS)('resolves %s on the value exactly as gjson does on the encoding', (path) => {
    const a = structured.get(path);
    const b = scanned.get(path);
    expect({ type: a.type, raw: a.raw, str: a.str, num: a.num, exists: a.exists(), string: a.string() })
      .toEqual({ type: b.type, raw: b.raw, str: b.str, num: b.num, exists: b.exists(), string: b.string() });
  });

  test('a structured payload is never nil and needs no validation', () => {
    expect(structured.isNil).toBe(false);
    expect(structured.isValidJson()).toBe(true);
    expect(structured.decode()).toBe(data);
    expect(new EventView({ context: null, data: null }).isNil).toBe(true);
    expect(new EventView({ context: null, data: '{"a":' }).isValidJson()).toBe(false);
  });
});
