import * as fs from 'fs';
import * as path from 'path';
import { EngineError, UnsupportedError } from '../../src/engine/errors';
import { renderGoTemplate } from '../../src/engine/go-template';

const event = {
  Input: {
    body: {
      metadata: { name: 'web', namespace: 'prod', labels: { app: 'web', tier: 'front' }, generation: 3 },
      spec: { replicas: 3, big: 1e6, huge: 1e21, ratio: 0.5 },
      items: ['a', 'b', null],
      nested: [[1, 2], { k: 'v' }],
      nul: null,
      empty: '',
      yes: true,
    },
  },
};

const render = (t: string, data: unknown = event): string => renderGoTemplate(t, data);

describe('renderGoTemplate: output', () => {
  it.each([
    ['{{ .Input.body.metadata.name }}', 'web'],
    ['plain text', 'plain text'],
    ['', ''],
    ['{{ .Input.body.missing }}', '<no value>'],
    ['{{ .Input.body.missing.deeper }}', '<no value>'],
    ['{{ .Input.body.nul }}', '<no value>'],
    ['{{ .Input.body.spec.replicas }} {{ .Input.body.spec.big }} {{ .Input.body.spec.huge }} {{ .Input.body.spec.ratio }}', '3 1e+06 1e+21 0.5'],
    ['{{ .Input.body.metadata.labels }}', 'map[app:web tier:front]'],
    ['{{ .Input.body.items }}', '[a b <nil>]'],
    ['{{ .Input.body.nested }}', '[[1 2] map[k:v]]'],
    ['{{ .Input.body.yes }} {{ true }} {{ 12 }} {{ 1.50 }} {{ "s" }} {{ `raw\\n` }} {{ \'a\' }} {{ 0x1F }}', 'true true 12 1.5 s raw\\n 97 31'],
    ['{{ 1_000.5 }} {{ 0x_1F }}', '1000.5 31'],
    ['{{ . }}', 'map[Input:map[body:map[empty: items:[a b <nil>] metadata:map[generation:3 labels:map[app:web tier:front] name:web namespace:prod] nested:[[1 2] map[k:v]] nul:<nil> spec:map[big:1e+06 huge:1e+21 ratio:0.5 replicas:3] yes:true]]]'],
  ])('%p', (t, want) => {
    expect(render(t)).toBe(want);
  });

  it('uses .Input as a plain string for data filters', () => {
    expect(renderGoTemplate('{{ .Input | upper }}-{{ len .Input }}', { Input: 'héllo' })).toBe('HÉLLO-6');
  });
});

describe('renderGoTemplate: actions and control structures', () => {
  it.each([
    ['a {{- " b " -}} c', 'a b c'],
    ['a  {{- /* comment */ -}}  b', 'ab'],
    ['{{/* a comment */}}x', 'x'],
    ['{{ -3 }} {{- 3 -}} x', '-33x'],
    ['{{ if .Input.body.yes }}y{{ else }}n{{ end }}', 'y'],
    ['{{ if .Input.body.empty }}y{{ else if .Input.body.nul }}n{{ else }}z{{ end }}', 'z'],
    ['{{ if not .Input.body.missing }}missing{{ end }}', 'missing'],
    ['{{ with .Input.body.metadata }}{{ .name }}/{{ .namespace }}{{ end }}', 'web/prod'],
    ['{{ with .Input.body.missing }}x{{ else }}none{{ end }}', 'none'],
    ['{{ with .Input.body.missing }}x{{ else with .Input.body.metadata }}{{ .name }}{{ end }}', 'web'],
    ['{{ range .Input.body.items }}[{{ . }}]{{ end }}', '[a][b][<no value>]'],
    ['{{ range $i, $v := .Input.body.items }}{{ $i }}={{ $v }};{{ end }}', '0=a;1=b;2=<no value>;'],
    ['{{ range $k, $v := .Input.body.metadata.labels }}{{ $k }}:{{ $v }} {{ end }}', 'app:web tier:front '],
    ['{{ range $v := .Input.body.metadata.labels }}{{ $v }}{{ end }}', 'webfront'],
    ['{{ range .Input.body.missing }}x{{ else }}empty{{ end }}', 'empty'],
    ['{{ range .Input.body.items }}{{ if eq . "b" }}{{ break }}{{ end }}{{ . }}{{ end }}', 'a'],
    ['{{ range .Input.body.items }}{{ if eq . "a" }}{{ continue }}{{ end }}{{ . }}{{ end }}', 'b<no value>'],
    ['{{ range 3 }}{{ . }}{{ end }}', '012'],
    ['{{ $x := 1 }}{{ $x = add $x 2 }}{{ $x }}', '3'],
    ['{{ $n := .Input.body.metadata.name }}{{ range .Input.body.items }}{{ $n }}{{ end }}', 'webwebweb'],
    ['{{ range .Input.body.items }}{{ $.Input.body.metadata.name }}{{ end }}', 'webwebweb'],
    ['{{ $m := .Input.body.metadata }}{{ $m.labels.app }}', 'web'],
    ['{{ (index .Input.body.nested 1).k }}', 'v'],
    ['{{ define "t" }}<{{ . }}>{{ end }}{{ template "t" .Input.body.metadata.name }}', '<web>'],
    ['{{ block "b" .Input.body.metadata }}{{ .namespace }}{{ end }}', 'prod'],
    ['{{ template "x" }}{{ define "x" }}no dot: {{ . }}{{ end }}', 'no dot: <no value>'],
    ['{{ .Input.body.metadata.name | printf "%s-%s" "job" }}', 'job-web'],
    ['{{ "x" | printf "%s%s" .Input.body.metadata.name | upper }}', 'WEBX'],
  ])('%p', (t, want) => {
    expect(render(t)).toBe(want);
  });
});

describe('renderGoTemplate: builtin functions', () => {
  it.each([
    ['{{ and 1 0 "x" }} {{ and 1 "x" }} {{ or 0 "" "y" }} {{ or 0 "" }}', '0 x y '],
    ['{{ not 0 }} {{ not "x" }}', 'true false'],
    ['{{ len .Input.body.items }} {{ len .Input.body.metadata.labels }} {{ len "héllo" }}', '3 2 6'],
    ['{{ index .Input.body.items 1 }} {{ index .Input.body.metadata.labels "app" }} {{ index .Input.body.nested 0 1 }} {{ index "abc" 1 }}', 'b web 2 98'],
    ['{{ index .Input.body.metadata.labels "none" }}', '<no value>'],
    ['{{ print 1 2 "x" "y" 3 }}|{{ println "a" 1 }}|{{ printf "%05.1f" 3.14159 }}', '1 2xy3|a 1\n|003.1'],
    ['{{ printf "%d" .Input.body.spec.replicas }}', '%!d(float64=3)'],
    ['{{ printf "%v %s %q %t %x %%" 1.5 "s" "q" true "hi" }}', '1.5 s "q" true 6869 %'],
    ['{{ html "<a href=\'x\'>&</a>" }}', '&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;'],
    ['{{ html .Input.body.missing }}', '&lt;no value&gt;'],
    ['{{ js "it\'s <b>" }}', 'it\\\'s \\u003Cb\\u003E'],
    ['{{ urlquery "a b&c=d/é" }}', 'a+b%26c%3Dd%2F%C3%A9'],
    ['{{ eq .Input.body.metadata.name "web" }} {{ eq .Input.body.metadata.name "x" "web" }} {{ ne 1 2 }}', 'true true true'],
    ['{{ eq .Input.body.spec.replicas 3.0 }} {{ lt .Input.body.spec.ratio 1.0 }} {{ ge 2 2 }} {{ gt "b" "a" }} {{ le 1 1 }}', 'true true true true true'],
    ['{{ eq .Input.body.missing "x" }} {{ eq .Input.body.nul "x" }} {{ eq .Input.body.missing nil }} {{ eq .Input.body.metadata nil }}', 'false false true false'],
    ['{{ eq (len .Input.body.items) 3 }} {{ eq (add 1 2) 3 }}', 'true true'],
  ])('%p', (t, want) => {
    expect(render(t)).toBe(want);
  });
});

describe('renderGoTemplate: errors as Go reports them', () => {
  it.each([
    ['{{ .Input.body.nul.x }}', 'template: param:1:9: executing "param" at <.Input.body.nul.x>: nil pointer evaluating interface {}.x'],
    ['{{ .Input.body.metadata.name.x }}', 'template: param:1:9: executing "param" at <.Input.body.metadata.name.x>: can\'t evaluate field x in type interface {}'],
    ['{{ $n := .Input.body.metadata.name }}{{ $n.x }}', 'executing "param" at <$n.x>: can\'t evaluate field x in type string'],
    ['{{ eq .Input.body.spec.replicas 3 }}', 'template: param:1:3: executing "param" at <eq .Input.body.spec.replicas 3>: error calling eq: incompatible types for comparison: float64 and int'],
    ['{{ eq .Input.body.metadata .Input.body.metadata }}', 'error calling eq: non-comparable type map['],
    ['{{ eq .Input.body.metadata .Input.body.items }}', 'error calling eq: non-comparable types map['],
    ['{{ lt .Input.body.items 1 }}', 'error calling lt: invalid type for comparison'],
    ['{{ upper .Input.body.spec.replicas }}', 'at <.Input.body.spec.replicas>: wrong type for value; expected string; got float64'],
    ['{{ .Input.body.missing | upper }}', 'invalid value; expected string'],
    ['{{ trunc 2.5 "abc" }}', 'expected integer; found 2.5'],
    ['{{ repeat (add 1 1) "x" }}', 'wrong type for value; expected int; got int64'],
    ['{{ index .Input.body.items 5 }}', 'error calling index: index out of range: 5'],
    ['{{ index .Input.body.items 1.0 }}', 'error calling index: cannot index slice/array with type float64'],
    ['{{ len .Input.body.spec.replicas }}', 'error calling len: len of type float64'],
    ['{{ len .Input.body.nul }}', 'error calling len: len of nil pointer'],
    ['{{ range .Input.body.spec.replicas }}{{ end }}', 'range can\'t iterate over 3'],
    ['{{ template "nope" }}', 'template "nope" not defined'],
    ['{{ call .Input.body.metadata.name }}', 'error calling call: non-function .Input.body.metadata.name of type string'],
    ['{{ .Input.body.metadata.name "arg" }}', 'name is not a method but has arguments'],
    ['{{ "x" 1 }}', 'can\'t give argument to non-function "x"'],
    ['{{ upper }}', 'wrong number of args for upper: want 1 got 0'],
    ['{{ nil }}', 'nil is not a command'],
    // strconv.ParseFloat rejects both, so text/template reports bad syntax rather than a huge integer.
    ['{{ 1e400 }}', 'illegal number syntax: "1e400"'],
    [`{{ ${'9'.repeat(400)} }}`, 'illegal number syntax: "999'],
    ['{{ 99999999999999999999999 }}', 'integer overflow: "99999999999999999999999"'],
    // ParseUint takes no sign, so this is a float that looks like an integer; the hex constant is a uint64.
    ['{{ +9223372036854775808 }}', 'integer overflow: "+9223372036854775808"'],
    ['{{ 0xFFFFFFFFFFFFFFFF }}', 'at <0xFFFFFFFFFFFFFFFF>: 0xFFFFFFFFFFFFFFFF overflows int'],
    ['{{ 1_e5 }}', 'illegal number syntax: "1_e5"'],
  ])('%p', (t, message) => {
    expect(() => render(t)).toThrow(EngineError);
    expect(() => render(t)).toThrow(message);
  });

  it.each([
    ['{{ nope }}', 'template: param:1: function "nope" not defined'],
    ['{{ $x }}', 'template: param:1: undefined variable "$x"'],
    ['{{ if }}x{{ end }}', 'template: param:1: missing value for if'],
    ['{{ end }}', 'template: param:1: unexpected {{end}}'],
    ['{{ if 1 }}', 'template: param:1: unexpected EOF'],
    ['{{ .a', 'template: param:1: unclosed action'],
    ['{{ "abc }}', 'template: param:1: unterminated quoted string'],
    ['{{ 12x }}', 'template: param:1: bad number syntax: "12x"'],
    ['{{ break }}', 'template: param:1: {{break}} outside {{range}}'],
    ['{{ .a | "x" }}', 'template: param:1: non executable command in pipeline stage 2'],
    ['{{ "a".b }}', 'template: param:1: unexpected . after term "\\"a\\""'],
    ['{{/* unclosed }}', 'template: param:1: unclosed comment'],
    ['{{ (1 }}', 'template: param:1: unclosed left paren'],
    ['line1\n{{ if }}', 'template: param:2: missing value for if'],
  ])('parse error %p', (t, message) => {
    expect(() => render(t)).toThrow(message);
  });

  it('names the template as asked', () => {
    expect(() => renderGoTemplate('{{ nope }}', {}, { name: 'x' })).toThrow('template: x:1: function "nope" not defined');
  });

  it('reports complex constants as unsupported', () => {
    expect(() => render('{{ 1+2i }}')).toThrow(UnsupportedError);
  });

  it('keeps failing for a cached template that does not parse', () => {
    expect(() => render('{{ nope2 }}')).toThrow('function "nope2" not defined');
    expect(() => render('{{ nope2 }}')).toThrow('function "nope2" not defined');
  });
});

describe('renderGoTemplate: options', () => {
  it('takes the clock and the environment from the options', () => {
    const out = renderGoTemplate('{{ now | unixEpoch }} {{ env "A" }}|{{ env "B" }}', {}, {
      now: () => new Date('2024-07-15T12:00:00Z'),
      env: { A: 'a' },
    });
    expect(out).toBe('1721044800 a|');
  });

  it('stops runaway recursion', () => {
    expect(() => render('{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}')).toThrow('exceeded maximum template depth');
  });
});

// The templates used by the upstream Argo Events vectors, checked at the template level:
// trigger-parameter templates get the decoded event data (or context) as .Input, data-filter
// templates get the value at the filter's path as a string.
const SHARED = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'conformance', 'vectors');
const haveVectors = fs.existsSync(SHARED);
if (!haveVectors) console.warn(`skipping template vector checks: ${SHARED} not found`);

interface ParamVector {
  id: string;
  function: string;
  input: { events: Record<string, { context: unknown; data: string }>; src: Record<string, string> };
  expect: { output?: string };
}

interface FilterVector {
  id: string;
  input: { filter: { data?: { path: string; template?: string }[] }; event: { data: string } };
}

(haveVectors ? describe : describe.skip)('renderGoTemplate: templates from the Argo Events vectors', () => {
  const params = (haveVectors ? JSON.parse(fs.readFileSync(path.join(SHARED, 'params.json'), 'utf8')) : []) as ParamVector[];
  const templated = params.filter((c) => c.function === 'resolveParamValue' && (c.input.src.dataTemplate || c.input.src.contextTemplate));

  it('finds the template cases', () => {
    expect(templated.length).toBeGreaterThanOrEqual(7);
  });

  it.each(templated.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const ev = Object.values(c.input.events)[0];
    const useData = c.input.src.dataTemplate !== undefined;
    const input = useData ? JSON.parse(ev.data) : ev.context;
    const tpl = useData ? c.input.src.dataTemplate : c.input.src.contextTemplate;
    if (c.input.src.dataKey) {
      // Upstream falls back to the data key when the template fails or renders "<no value>".
      let out: string | undefined;
      try {
        out = renderGoTemplate(tpl, { Input: input });
      } catch (e) {
        expect(e).toBeInstanceOf(EngineError);
      }
      if (out !== undefined) expect(out).toBe('<no value>');
    } else {
      expect(renderGoTemplate(tpl, { Input: input })).toBe(c.expect.output);
    }
  });

  const filters = (haveVectors ? JSON.parse(fs.readFileSync(path.join(SHARED, 'data-filters.json'), 'utf8')) : []) as FilterVector[];
  const filterTemplates = filters.flatMap((c) => (c.input.filter.data ?? [])
    .filter((d) => d.template)
    .map((d) => [c.id, d.template!, String(JSON.parse(c.input.event.data)[d.path])] as const));
  const expected: Record<string, string> = {
    'TestFilterData/string filter base64, uppercase template': 'HELLO WORLD',
    'TestFilterData/string filter base64 template': '3.14',
    'TestFilterData/string filter base64 template, comparator not equal': 'illegal base64 data at input byte 12',
    'TestFilterData/string filter base64 template, regex': 'hello world',
  };

  it.each(filterTemplates)('%s', (id, tpl, value) => {
    expect(renderGoTemplate(tpl, { Input: value })).toBe(expected[id]);
  });
});
