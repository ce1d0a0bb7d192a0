import { KubeObject } from '../engine/cluster';
import { ObjectList, WatchEvent } from './resource-client';

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The events of a watch response body: one JSON object per line, in chunks that may split
 * lines anywhere (also inside multi-byte characters). Ends when the body ends; a malformed line
 * or a stream error ends it with an error.
 */
export async function* watchEvents(body: AsyncIterable<Buffer | string>): AsyncGenerator<WatchEvent> {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of body) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      const event = parseLine(line);
      if (event) {
        yield event;
      }
      newline = pending.indexOf('\n');
    }
  }
  const last = parseLine(pending + decoder.decode());
  if (last) {
    yield last;
  }
}

function parseLine(line: string): WatchEvent | undefined {
  if (line.trim() === '') {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new Error(`malformed watch event: ${line.slice(0, 200)}`);
  }
  if (!isObject(parsed) || typeof parsed.type !== 'string' || !isObject(parsed.object)) {
    throw new Error(`malformed watch event: ${line.slice(0, 200)}`);
  }
  return { type: parsed.type, object: parsed.object };
}

/**
 * Reads a list response. The API server leaves `apiVersion` and `kind` out of the items of a
 * typed list (`DeploymentList`); like client-go's unstructured decoding, they are set from the
 * list's, so that each item is a complete object as Argo Events' informer sees it.
 */
export function decodeList(body: unknown): ObjectList {
  if (!isObject(body) || !Array.isArray(body.items)) {
    throw new Error('malformed list response: no items');
  }
  const metadata = isObject(body.metadata) ? body.metadata : {};
  const apiVersion = typeof body.apiVersion === 'string' ? body.apiVersion : undefined;
  const listKind = typeof body.kind === 'string' ? body.kind : '';
  const kind = listKind.endsWith('List') ? listKind.slice(0, -'List'.length) : undefined;
  const items: KubeObject[] = body.items.filter(isObject).map((item) => ({
    ...(item.apiVersion === undefined && apiVersion !== undefined ? { apiVersion } : {}),
    ...(item.kind === undefined && kind ? { kind } : {}),
    ...item,
  }));
  return { resourceVersion: typeof metadata.resourceVersion === 'string' ? metadata.resourceVersion : '', items };
}
