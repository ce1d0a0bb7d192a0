import { parseGovaluate } from 'resource-hooks/engine/compile-cache';
import { EventView } from 'resource-hooks/engine/event-view';
import { fieldChangedExprs, gjsonStringQuery, govaluateString, withDefault } from '../../src/hooks/compiled-filters';
import { exprVerdict, luaVerdict, pick, random } from '../support/filter-verdicts';

/**
 * The exprs filters the hooks compile to must decide exactly as the Lua they replaced, both
 * evaluated by the engine that the conformance vectors check against Argo Events. This file: the
 * helpers every compiled filter uses, and onFieldChange (compiled-rollouts.test.ts and
 * compiled-conditions.test.ts hold the others).
 */

/** Text of every kind: gjson's path and query syntax, JSON escapes, wildcards, Unicode. */
const AWKWARD = ['Ready', 'cert-manager.io/Ready', 'Foo_Bar.baz', 'a.b.c', 'a*', '?', 'a\\b', 'say "hi"', "it's", 'x|y', 'p(q)', 'r[0]', '{s}', 'k:v', '#', '@this', '!true', 'a,b', '=', 'a%b', '~true', 'ü/ß', '', ' ', 'tab\tnl\n'];

describe('the helpers quote values exactly', () => {
  test.each(AWKWARD)('gjsonStringQuery finds the first element whose key is exactly %j', (value) => {
    const others = AWKWARD.filter((v) => v !== value);
    const conditions = [
      ...others.map((type) => ({ type, status: `other ${type}` })),
      { type: value.toUpperCase() === value ? `${value}x` : value.toUpperCase(), status: 'case' },
      { type: value, status: 'first' },
      { type: value, status: 'second' },
    ];
    const view = new EventView({ context: null as any, data: JSON.stringify({ body: { status: { conditions } } }) });
    expect(view.get(withDefault(`body.status.conditions.${gjsonStringQuery('type', value)}.status`, 'null')).value()).toBe('first');
    // And nothing when no element has it.
    const without = new EventView({ context: null as any, data: JSON.stringify({ body: { status: { conditions: conditions.slice(0, others.length) } } }) });
    expect(without.get(withDefault(`body.status.conditions.${gjsonStringQuery('type', value)}.status`, 'null')).value()).toBeNull();
  });

  test('gjsonStringQuery matches strings only, where == would also match 0 and booleans', () => {
    const read = (conditions: unknown[], query: string): unknown => new EventView({ context: null as any, data: JSON.stringify({ body: { status: { conditions } } }) })
      .get(withDefault(`body.status.conditions.${query}.status`, 'null')).value();
    expect(read([{ type: 0, status: 'number' }], '#(type=="Ready")')).toBe('number');
    expect(read([{ type: true, status: 'bool' }], '#(type=="true")')).toBe('bool');
    expect(read([{ type: 0, status: 'number' }], gjsonStringQuery('type', 'Ready'))).toBeNull();
    expect(read([{ type: true, status: 'bool' }], gjsonStringQuery('type', 'true'))).toBeNull();
  });

  test.each(AWKWARD.filter((v) => !/^\d/.test(v)))('govaluateString writes %j as itself', (value) => {
    expect(parseGovaluate(`v == ${govaluateString(value)}`).evaluate({ v: value })).toBe(true);
    expect(parseGovaluate(`v == ${govaluateString(value)}`).evaluate({ v: `${value}.` })).toBe(false);
  });
});

/** The Lua onFieldChange compiled to before: deep comparison of tables at each path. */
function fieldChangedLua(paths: string[][]): string {
  const tables = paths.map((keys) => `{ ${keys.map((k) => (/^(0|[1-9][0-9]*)$/.test(k) ? String(Number(k) + 1) : JSON.stringify(k))).join(', ')} }`);
  return `local function same(a, b)
  if a == b then return true end
  if type(a) ~= "table" or type(b) ~= "table" then return false end
  for k, v in pairs(a) do if not same(v, b[k]) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end
local function at(value, path)
  for _, key in ipairs(path) do
    if type(value) ~= "table" then return nil end
    local child = value[key]
    if child == nil and type(key) == "number" then child = value[tostring(key - 1)] end
    value = child
  end
  return value
end
local new, old = event.body, event.oldBody
if event.type ~= "UPDATE" or type(new) ~= "table" or type(old) ~= "table" then return false end
for _, path in ipairs({ ${tables.join(', ')} }) do
  if not same(at(new, path), at(old, path)) then return true end
end
return false`;
}

/** JSON values without nulls or arrays directly in arrays (which Lua tables cannot carry). */
function randomValue(next: () => number, depth: number): unknown {
  const kind = depth > 2 ? pick(next, ['string', 'number', 'bool']) : pick(next, ['string', 'number', 'bool', 'object', 'array', 'absent']);
  switch (kind) {
    case 'string': return pick(next, ['a', 'b', '', '1']);
    case 'number': return pick(next, [0, 1, 1.5, 2]);
    case 'bool': return pick(next, [true, false]);
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const k of ['x', 'y', 'image']) {
        const v = randomValue(next, depth + 1);
        if (v !== undefined && next() < 0.6) o[k] = v;
      }
      // Never empty: an empty object and an empty array are the same empty table to Lua.
      return Object.keys(o).length > 0 ? o : { x: 'e' };
    }
    case 'array': return Array.from({ length: 1 + Math.floor(next() * 2) }, () => {
      const v = randomValue(next, depth + 1);
      return v === undefined || Array.isArray(v) ? 'z' : v;
    });
    default: return undefined;
  }
}

describe('onFieldChange: the expression decides as the Lua', () => {
  const paths = [['spec', 'template', 'spec', 'containers'], ['data'], ['metadata', 'labels', 'app.kubernetes.io/name'], ['spec', 'x', '0']];

  test('on 4,000 generated pairs of objects, fields appearing, disappearing and changing deep inside', () => {
    const next = random(3);
    const lua = fieldChangedLua(paths);
    const exprs = fieldChangedExprs(paths);
    let fired = 0;
    const objectWith = (values: unknown[]): any => {
      const o: any = { metadata: { name: 'web', labels: {} }, spec: { template: { spec: {} } } };
      if (values[0] !== undefined) o.spec.template.spec.containers = values[0];
      if (values[1] !== undefined) o.data = values[1];
      if (values[2] !== undefined) o.metadata.labels['app.kubernetes.io/name'] = values[2];
      // (An array directly in an array is one of the things Lua tables cannot carry.)
      if (values[3] !== undefined) o.spec.x = [Array.isArray(values[3]) ? { list: values[3] } : values[3]];
      return o;
    };
    for (let i = 0; i < 4000; i++) {
      const before = paths.map(() => randomValue(next, 0));
      const after = before.map((v) => (next() < 0.3 ? randomValue(next, 0) : v));
      const [o, n] = [objectWith(before), objectWith(after)];
      const verdict = luaVerdict(lua, o, n);
      if (exprVerdict(exprs, o, n) !== verdict) {
        throw new Error(`differ on #${i}: Lua ${verdict}\nold ${JSON.stringify(o)}\nnew ${JSON.stringify(n)}`);
      }
      fired += verdict ? 1 : 0;
    }
    expect(fired).toBeGreaterThan(500);
  });

  test.each([
    ['a null is not the same as an absent field', { a: 1 }, { a: 1, b: null }],
    ['an empty object is not an empty array', {}, []],
    ['an array inside an array is compared too', [[1]], [[2]]],
  ])('where the two differ, the expression is exact: %s', (_case, before, after) => {
    // Argo Events builds Lua tables without nulls or nested arrays, and one empty table for {} and [].
    const paths1 = [['spec', 'template']];
    const o = { spec: { template: before } };
    const n = { spec: { template: after } };
    expect(luaVerdict(fieldChangedLua(paths1), o, n)).toBe(false);
    expect(exprVerdict(fieldChangedExprs(paths1), o, n)).toBe(true);
  });
});
