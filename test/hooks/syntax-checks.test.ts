import * as kplus from 'cdk8s-plus-33';
import { HookTarget, ResourceWatch, Trigger, When, argoevents } from '../../src';
import { checkCustomFilters } from '../../src/hooks/custom-filters';
import { TEMPLATE_FUNCTIONS, TemplateData, goTemplateProblem } from '../../src/hooks/go-template-check';
import { luaProblem } from '../../src/hooks/lua-check';
import { re2Problem } from '../../src/hooks/re2-check';
import { GoRegexp } from 'resource-hooks/engine/go-regexp';
import { GovaluateExpression } from 'resource-hooks/engine/govaluate';
import { renderGoTemplate } from 'resource-hooks/engine/go-template';
import { runLuaFilter } from 'resource-hooks/engine/lua';
import { SPRIG_FUNCTIONS } from 'resource-hooks/engine/sprig';
import { namespacedChart, onlyOfKind } from '../support/charts';

/**
 * The construct library checks templates, regular expressions, expressions and Lua without the
 * engines Argo Events runs. These tests hold those checks against the toolkit's engines (which
 * follow Go's regexp, text/template with sprig, govaluate and gopher-lua): on each corpus the
 * synth-time check refuses exactly what the engine refuses, except where noted.
 */

function compiles(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
}

describe('regular expressions (Go regexp, RE2)', () => {
  const corpus = [
    // accepted by both
    '^web$', 'web-[0-9]+', '^(web|api)-\\d+$', '(?i)^front$', '(?i:abc)d', '(?s).', '(?m)^a$', '(?U)a+', '(?-i)a', '(?i-s)a',
    '(?P<app>web)', '[[:alpha:]]+', '[^[:space:]]', '[[:^digit:]]', '\\pL+', '\\p{Greek}', '\\PN', '\\p{^Greek}', '\\Qa.b\\E', 'a\\z', '\\Aa',
    '\\x41', '\\x{263a}', '\\123', '\\0', '[]a]', '[^]a]', 'a{2}', 'a{2,}', 'a{2,5}', 'a{,5}', 'a{1000}', '\\.', '\\-', '\\#', '\\ ', '\\_',
    '[a-z]', '[\\d\\s]', '\\bword\\b', 'a|', '()', '(?:)', '\\t\\n\\r\\f\\v\\a', '.*', 'a*?', 'a+?', 'a??', '^$', '[\\]]', '[a\\-z]',
    // refused by both
    '(?=a)', '(?!a)', '(?<=a)b', '(?<!a)b', '(a)\\1', '\\k<x>', '\\e', '\\Z', '\\h', '\\u0041', '(?x)a', '(?#comment)', '(?>a)', '(?|a)',
    '(', ')', '[a', 'a**', '*a', '+', 'a{1001}', 'a{2,1}', '[z-a]', '(?P<>a)', '(?P<a>x)(?P<a>y)', '[[:foo:]]', '\\x{zz}', '\\p', 'a\\', '(?i', '(?i-)a',
    '\\8', '[\\b]',
  ];

  test.each(corpus)('%s: the check agrees with Go', (pattern) => {
    expect(re2Problem(pattern) === undefined).toBe(compiles(() => GoRegexp.compile(pattern)));
  });

  test('refused although a recent Go accepts it: (?<name>…), which Go before 1.22 (older Argo Events) refuses', () => {
    expect(re2Problem('(?<app>web)')).toMatch(/write "\(\?P<app>"/);
  });
});

describe('Go templates (text/template with sprig)', () => {
  const data = { Input: { type: 'UPDATE', body: { metadata: { name: 'web' }, spec: { containers: [{ image: 'a' }] } } } };
  const corpus = [
    // parsed by both
    'plain text', '{{ .Input.body.metadata.name }}', '{{- .Input.type -}}', '{{/* a comment */}}x', '{{- /* trimmed */ -}}x',
    '{{ if eq .Input.type "DELETE" }}gone{{ else if eq .Input.type "ADD" }}new{{ else }}changed{{ end }}',
    '{{ range $i, $c := .Input.body.spec.containers }}{{ $i }}={{ $c.image }} {{ end }}',
    '{{ range .Input.body.spec.containers }}{{ .image }}{{ end }}', '{{ with .Input.body.metadata }}{{ .name }}{{ end }}',
    '{{ $n := .Input.body.metadata.name }}{{ $n | upper }}', '{{ index .Input.body.metadata "name" }}', '{{ (index .Input.body.spec.containers 0).image }}',
    '{{ printf "%s/%s" .Input.type .Input.body.metadata.name }}', '{{ .Input.body.metadata.name | default "x" | quote }}', '{{ `raw` }}',
    '{{ range .Input.body.spec.containers }}{{ if .image }}{{ break }}{{ end }}{{ end }}', '{{ 3 }}{{ -1 }}{{ true }}',
    'a }} b', '{{ $.Input.type }}', '{{ sha256sum .Input.type | trunc 10 }}',
    // refused by both
    '{{ .Input.type', '{{ .Input.type } x', '{{ if .Input.type }}x', '{{ end }}', '{{ else }}', '{{ range .Input.x }}{{ end }}{{ end }}',
    '{{ toUpper .Input.type }}', '{{ }}', '{{ "unclosed }}', '{{ (upper .Input.type }}', '{{ upper .Input.type) }}', '{{ break }}',
    '{{/* unclosed }}', '{{ !.Input.type }}', '{{ if }}{{ end }}',
  ];

  test.each(corpus)('%s: the check agrees with text/template', (text) => {
    expect(goTemplateProblem(text, TemplateData.EVENT) === undefined).toBe(compiles(() => renderGoTemplate(text, data)));
  });

  test('fields outside .Input render "<no value>" in Argo Events, and are refused', () => {
    expect(renderGoTemplate('{{ .body.metadata.name }}', data)).toBe('<no value>');
    expect(goTemplateProblem('{{ .body.metadata.name }}', TemplateData.EVENT)).toMatch(/write "\.Input\.body\.metadata\.name"/);
    expect(goTemplateProblem('{{ $.body }}', TemplateData.EVENT)).toMatch(/only has "\.Input"/);
    expect(goTemplateProblem('{{ .Input.body }}', TemplateData.VALUE)).toMatch(/use "\.Input" itself/);
  });

  test('the function list is sprig\'s plus Go\'s builtins, as the toolkit renders them', () => {
    const goBuiltins = ['and', 'call', 'html', 'index', 'slice', 'js', 'len', 'not', 'or', 'print', 'printf', 'println', 'urlquery', 'eq', 'ge', 'gt', 'le', 'lt', 'ne'];
    expect([...TEMPLATE_FUNCTIONS].sort()).toEqual([...new Set([...Object.keys(SPRIG_FUNCTIONS), ...goBuiltins])].sort());
  });
});

describe('govaluate expressions of When.custom', () => {
  const fields = ['a', 'b', 'name'].map((name) => ({ name, path: `body.${name}` }));
  const corpus = [
    'a > 1', 'a > 1 && b < 2', '(a + b) * 2 >= 10', "name =~ '^web-'", "name !~ 'x'", 'a == true', 'a IN (1, 2)', 'a ?? b', '!(a > b)',
    "name == 'it\\'s'", 'a ? b : 1', '-a < 0', 'a ** 2 > b',
    'a = 1', '(a > 1', 'a > 1)', "name =~ 'x", 'a.b > 1', 'a # b',
  ];

  test.each(corpus)('%s: the check agrees with govaluate', (expr) => {
    const check = compiles(() => checkCustomFilters('w', { exprs: [{ expr, fields }] }));
    expect(check).toBe(compiles(() => GovaluateExpression.parse(expr)));
  });

  test('variables the expression reads but no field binds are refused (govaluate fails on every event)', () => {
    expect(GovaluateExpression.parse('replicas > 3').variables).toEqual(['replicas']);
    expect(() => checkCustomFilters('w', { exprs: [{ expr: 'replicas > 3', fields }] })).toThrow(/uses "replicas", which no entry of fields binds/);
  });
});

describe('Lua filter scripts (gopher-lua, Lua 5.1)', () => {
  /** Compiles without running: the script's statements follow a block that returns at once. */
  const luaCompiles = (script: string): boolean => compiles(() => runLuaFilter(`do return true end\n${script}`, {}));
  const corpus = [
    'return true', 'return event.type == "UPDATE"', '-- comment\nreturn false', '--[[ long\ncomment ]] return true', '--[==[ x ]] ]==] return true',
    'local s = [[a "quoted" ]] .. [=[b]=] return s ~= nil', 'local t = { a = 1, [2] = "x"; "y" } return #t > 0',
    'local function f(...) return select("#", ...) end\nreturn f(1, 2) == 2', 'for i = 1, 3 do if i == 2 then return true end end\nreturn false',
    'while true do break end\nrepeat local x = 1 until x == 1\nreturn true', 'if a then return 1 elseif b then return 2 else return 3 end',
    'local s = "a\\"b" return s:len() > 0', "local s = 'it\\'s' return true", 'return 0x1F + 1e3 + .5 > 0', 'return not (1 ~= 2)',
    'return event.body.spec.replicas != 3', 'if a && b then return true end', 'if a || b then return true end', 'return !a',
    'x += 1 return x', 'return 7 // 2', 'return 1 & 2', 'return 1 | 2', 'return 1 << 2', 'return ~1', '::top:: return true', 'goto done\n::done:: return true',
    'if a then return true', 'return true end', 'repeat return true', 'until true', 'function f() return 1', 'return (1', 'return 1)', 'return { 1',
    'local s = "unclosed\nreturn s', 'local s = [[unclosed', '--[[ unclosed', 'return a ? b : c', 'else return true',
  ];

  test.each(corpus)('%s: the check agrees with gopher-lua', (script) => {
    expect(luaProblem(script) === undefined).toBe(luaCompiles(script));
  });

  test('compiling scripts that never return are refused (a filter passes only on `return true`)', () => {
    expect(luaCompiles('local x = event.type')).toBe(true);
    expect(luaProblem('local x = event.type')).toMatch(/never returns/);
  });

  test('every Lua filter this library generates passes the check', () => {
    const chart = namespacedChart('apps');
    const triggers = [Trigger.log()];
    const web = new kplus.Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ image: 'nginx' }] });
    const w = new ResourceWatch(chart, 'w', { target: HookTarget.fromConstruct(web) });
    w.onUpdated('u', { triggers });
    w.onFieldChange('f', { paths: ['spec.template.spec.containers', 'metadata.labels.app\\.kubernetes\\.io/name'], triggers });
    w.onRolloutComplete('r', { triggers });
    w.onRolloutComplete('z', { triggers, includeScaledToZero: true });
    w.onRolloutFailed('x', { triggers });
    w.onCondition('c', { conditionType: 'Available', triggers });
    w.onArgoCdSync('s', { application: 'shop', triggers });
    for (const kind of ['StatefulSet', 'DaemonSet']) {
      new ResourceWatch(chart, kind, { target: HookTarget.fromReference({ apiVersion: 'apps/v1', kind, namespace: 'apps', name: 'db' }) }).onRolloutComplete('r', { triggers });
    }
    const job = new ResourceWatch(chart, 'job', { target: HookTarget.fromReference({ apiVersion: 'batch/v1', kind: 'Job', namespace: 'apps', name: 'j' }) });
    job.onJobSucceeded('ok', { triggers });
    job.onJobFailed('ko', { triggers });
    new ResourceWatch(chart, 'custom', { target: HookTarget.fromConstruct(web) })
      .addHook('c', When.custom({ eventTypes: [argoevents.ResourceEventType.UPDATE], script: 'return true' }), { triggers });
    const scripts: string[] = onlyOfKind(chart, 'Sensor').spec.dependencies.map((d: any) => d.filters.script).filter((s: unknown) => s !== undefined);
    // Field changes, rollouts, conditions, Job outcomes and Argo CD syncs compile to exprs (see
    // compiled-*.test.ts): onUpdated and the custom script remain.
    expect(scripts).toHaveLength(2);
    for (const script of scripts) {
      expect([luaProblem(script), luaCompiles(script)]).toEqual([undefined, true]);
    }
  });
});
