import * as fs from 'fs';
import * as path from 'path';
import { EngineError } from '../../src/engine/errors';
import { marshalGoJson } from '../../src/engine/go-json';
import { applyJq } from '../../src/engine/jq';

const VECTORS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'conformance', 'vectors');
const haveVectors = fs.existsSync(VECTORS);
if (!haveVectors) console.warn(`skipping jq vector tests: ${VECTORS} not found`);

interface TransformVector {
  id: string;
  function: string;
  input: { transform: { jq?: string }; event: { data: string } };
  expect: { error: boolean; output?: string };
}

(haveVectors ? describe : describe.skip)('Argo Events vectors', () => {
  // describe.skip still runs this body to collect the tests, so read only when the file is there.
  const cases = (haveVectors ? JSON.parse(fs.readFileSync(path.join(VECTORS, 'transforms.json'), 'utf8')) as TransformVector[] : [])
    .filter((c) => c.function === 'applyJQTransform');

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const run = (): unknown => applyJq(c.input.transform.jq!, JSON.parse(c.input.event.data));
    if (c.expect.error) expect(run).toThrow(EngineError);
    else expect(marshalGoJson(run())).toBe(c.expect.output);
  });
});

describe('applyJq', () => {
  const event = { type: 'UPDATE', body: { metadata: { name: 'web', labels: { app: 'web' } }, spec: { replicas: 3 } }, items: [1, 2, 3], x: 5 };

  it.each([
    ['.body.metadata.name', 'web'],
    ['{name: .body.metadata.name, type}', { name: 'web', type: 'UPDATE' }],
    ['.x |= tostring', { ...event, x: '5' }],
    ['.items | map(. * 2)', [2, 4, 6]],
    ['.items[] | select(. > 1)', 2],
    ['[.items[] | select(. > 1)]', [2, 3]],
    ['.body.spec.replicas += 1 | .body.spec', { replicas: 4 }],
    ['del(.body) | keys', ['items', 'type', 'x']],
    ['.missing', null],
    ['.type | ascii_downcase', 'update'],
    ['def twice: . * 2; .x | twice', 10],
    ['.x # a trailing comment', 5],
    ['.body.metadata | to_entries | map(.key)', ['labels', 'name']],
    ['1, error("after the first output")', 1],
  ])('%p', (program, want) => {
    expect(applyJq(program, event)).toEqual(want);
  });

  it.each([
    ['.x +', /jq: error: syntax error, unexpected end of file/],
    ['.type.name', /jq: error: Cannot index string with string "name"/],
    ['error("boom")', /jq: error: boom/],
    ['empty', /produced no output/],
    ['nope(1)', /nope\/1 is not defined/],
  ])('%p fails', (program, message) => {
    expect(() => applyJq(program, event)).toThrow(message);
  });

  it('reports syntax errors at the lines of the program as written', () => {
    expect(() => applyJq('.a |\n\n)', {})).toThrow(/line 3/);
  });
});
