import { decodeList, watchEvents } from '../../src/watch/watch-stream';

async function collect(chunks: (string | Buffer)[]): Promise<unknown[]> {
  async function* body(): AsyncGenerator<string | Buffer> {
    yield* chunks;
  }
  const events: unknown[] = [];
  for await (const event of watchEvents(body())) {
    events.push(event);
  }
  return events;
}

describe('watchEvents', () => {
  test('one event per line, whatever the chunking', async () => {
    const lines = '{"type":"ADDED","object":{"metadata":{"name":"é"}}}\n\n{"type":"DELETED","object":{"kind":"X"}}\n';
    const bytes = Buffer.from(lines);
    const expected = [{ type: 'ADDED', object: { metadata: { name: 'é' } } }, { type: 'DELETED', object: { kind: 'X' } }];
    expect(await collect([lines])).toEqual(expected);
    // Split everywhere, including inside the two bytes of "é".
    expect(await collect([...bytes].map((b) => Buffer.from([b])))).toEqual(expected);
  });

  test('a last line without newline counts', async () => {
    expect(await collect(['{"type":"BOOKMARK","object":{}}'])).toEqual([{ type: 'BOOKMARK', object: {} }]);
  });

  test('malformed lines are errors', async () => {
    await expect(collect(['{"type":"ADDED"\n'])).rejects.toThrow('malformed watch event: {"type":"ADDED"');
    await expect(collect(['{"type":"ADDED","object":[]}\n'])).rejects.toThrow('malformed watch event');
  });

  test('stream errors end the iteration with the error', async () => {
    async function* broken(): AsyncGenerator<string> {
      yield '{"type":"ADDED","object":{}}\n';
      throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    }
    const seen: unknown[] = [];
    await expect((async () => {
      for await (const e of watchEvents(broken())) {
        seen.push(e);
      }
    })()).rejects.toThrow('aborted');
    expect(seen).toHaveLength(1);
  });
});

describe('decodeList', () => {
  test('items get apiVersion and kind from the list, as client-go sets them', () => {
    const list = decodeList({
      kind: 'DeploymentList',
      apiVersion: 'apps/v1',
      metadata: { resourceVersion: '42' },
      items: [{ metadata: { name: 'a' } }, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'b' } }],
    });
    expect(list).toEqual({
      resourceVersion: '42',
      items: [
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' } },
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'b' } },
      ],
    });
  });

  test('a list without items is malformed', () => {
    expect(() => decodeList({ kind: 'Status' })).toThrow('malformed list response');
    expect(decodeList({ items: [] })).toEqual({ resourceVersion: '', items: [] });
  });
});
