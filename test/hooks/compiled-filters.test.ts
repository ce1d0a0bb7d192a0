import { eventContext, filterExpr } from 'resource-hooks/engine';
import { runLuaFilter } from 'resource-hooks/engine/lua';
import { deploymentRolloutCompleteExprs, fieldChangedExprs } from '../../src/hooks/compiled-filters';
import { _rolloutCompleteLua } from '../../src/hooks/when';
import { rollingUpdate, steadyDeployment, withStatus } from '../support/workloads';

/**
 * The exprs filters the hooks compile to must decide exactly as the Lua they replaced, on the
 * rollout sequences of test/scenarios and on generated variations, both evaluated by the engine
 * that the conformance vectors check against Argo Events.
 */

function updateEvent(oldObject: unknown, object: unknown): { context: ReturnType<typeof eventContext>; data: string } {
  return {
    context: eventContext({ type: 'resource', source: 'hub', subject: 'watch', datacontenttype: 'application/json' }),
    data: JSON.stringify({ type: 'UPDATE', body: object, oldBody: oldObject, group: 'apps', version: 'v1', resource: 'deployments' }),
  };
}

function exprVerdict(filters: ReturnType<typeof fieldChangedExprs>, oldObject: unknown, object: unknown): boolean {
  const outcome = filterExpr(filters as any, undefined, updateEvent(oldObject, object));
  expect(outcome.error).toBeUndefined();
  return outcome.pass;
}

function luaVerdict(script: string, oldObject: unknown, object: unknown): boolean {
  return runLuaFilter(script, { type: 'UPDATE', body: object, oldBody: oldObject });
}

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function pick<T>(next: () => number, values: readonly T[]): T {
  return values[Math.floor(next() * values.length)];
}

/** A Deployment in any state the controllers and users can put it in, fields sometimes absent. */
function randomDeployment(next: () => number): any {
  const generation = pick(next, [1, 2, 3]);
  const spec: any = { template: { spec: { containers: [{ name: 'main', image: 'web:1' }] } } };
  const replicas = pick(next, [undefined, 0, 1, 3]);
  if (replicas !== undefined) spec.replicas = replicas;
  if (next() < 0.15) spec.paused = pick(next, [true, false]);
  const status: any = {};
  const maybe = (key: string, values: readonly (number | undefined)[]): void => {
    const v = pick(next, values);
    if (v !== undefined) status[key] = v;
  };
  maybe('observedGeneration', [undefined, 1, 2, 3]);
  maybe('replicas', [undefined, 0, 1, 3, 4]);
  maybe('updatedReplicas', [undefined, 0, 1, 3]);
  maybe('availableReplicas', [undefined, 0, 1, 3]);
  const reason = pick(next, [undefined, 'ReplicaSetUpdated', 'NewReplicaSetAvailable', 'ProgressDeadlineExceeded', 'NewReplicaSetCreated']);
  if (reason !== undefined) {
    status.conditions = [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }, { type: 'Progressing', status: 'True', reason }];
  }
  const revision = pick(next, [undefined, '1', '2', '3']);
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', namespace: 'apps', generation, ...(revision !== undefined ? { annotations: { 'deployment.kubernetes.io/revision': revision } } : {}) },
    spec,
    status,
  };
}

describe('Deployment onRolloutComplete: the expression decides as the Lua', () => {
  for (const includeScaledToZero of [false, true]) {
    const lua = _rolloutCompleteLua('Deployment', includeScaledToZero);
    const exprs = deploymentRolloutCompleteExprs(includeScaledToZero);

    test(`on rollouts as the controller writes them (includeScaledToZero ${includeScaledToZero})`, () => {
      const sequences = [
        [steadyDeployment('web', 'apps', 4, 'web:1'), ...rollingUpdate('web', 'apps', 4, 'web:2')],
        [steadyDeployment('web', 'apps', 1, 'web:1', 0), ...rollingUpdate('web', 'apps', 1, 'web:2', 0)],
        [steadyDeployment('web', 'apps', 5, 'web:2'), withStatus(steadyDeployment('web', 'apps', 5, 'web:2'), { availableReplicas: 2, readyReplicas: 2 })],
      ];
      let fired = 0;
      for (const states of sequences) {
        for (let i = 1; i < states.length; i++) {
          const verdict = luaVerdict(lua, states[i - 1], states[i]);
          expect([i, exprVerdict(exprs, states[i - 1], states[i])]).toEqual([i, verdict]);
          fired += verdict ? 1 : 0;
        }
      }
      // The sequences do fire (the comparison is not between two filters that never pass).
      expect(fired).toBeGreaterThan(0);
    });

    test(`on 3,000 generated pairs of states (includeScaledToZero ${includeScaledToZero})`, () => {
      const next = random(includeScaledToZero ? 7 : 11);
      let fired = 0;
      for (let i = 0; i < 3000; i++) {
        const before = randomDeployment(next);
        const after = next() < 0.5 ? randomDeployment(next) : { ...before, status: randomDeployment(next).status };
        const verdict = luaVerdict(lua, before, after);
        if (exprVerdict(exprs, before, after) !== verdict) {
          throw new Error(`differ on #${i}: Lua ${verdict}\nold ${JSON.stringify(before)}\nnew ${JSON.stringify(after)}`);
        }
        fired += verdict ? 1 : 0;
      }
      expect(fired).toBeGreaterThan(50);
    });
  }
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
