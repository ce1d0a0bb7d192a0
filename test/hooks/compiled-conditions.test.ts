import { conditionEnteredExprs, jobOutcomeExprs } from '../../src/hooks/compiled-conditions';
import { _conditionLua, _jobOutcomeLua } from '../../src/hooks/when';
import { compareOnPairs, compareOnSequences, pick, random } from '../support/filter-verdicts';
import {
  certificateLifecycle, deployment, jobRun, podStartup, rollingUpdate, steadyDeployment,
} from '../support/workloads';

/**
 * onCondition and the Job hooks compile to expressions that must decide exactly as the Lua they
 * replaced (`_conditionLua`, `_jobOutcomeLua`), on any JSON: conditions as controllers write them,
 * and generated ones that are absent, empty, not objects, typed with numbers or booleans,
 * repeated, or missing their status.
 */

const PAIRS = 5000;
const GATE = 'cloud.google.com/load-balancer-neg-ready';

/** `type` values near `conditionType`: what an escaping or matching mistake would confuse with it. */
function typesNear(conditionType: string): unknown[] {
  return [
    conditionType, conditionType, conditionType.toLowerCase(), `${conditionType}x`, conditionType.slice(0, -1),
    conditionType.replace(/[./_-]/g, 'X'), conditionType.replace('/', '.'), conditionType.split('/').pop(),
    'Ready', 'Available', 0, 1, true, false, null, undefined,
  ];
}

/** `status` values, `wanted` the most often. */
function statusesNear(wanted: string): unknown[] {
  return [wanted, wanted, 'True', 'False', 'Unknown', undefined, null, wanted.toLowerCase(), 1, true];
}

/** What conditions are made of: their types, their statuses. */
interface Pools {
  readonly types: readonly unknown[];
  readonly statuses: readonly unknown[];
}

/** A `status` with conditions drawn from `pools`, sometimes absent or malformed at each level. */
function randomStatus(next: () => number, { types, statuses }: Pools): unknown {
  const shape = next();
  if (shape < 0.04) return undefined;
  if (shape < 0.06) return pick(next, ['Ready', [{ type: types[0], status: 'True' }]]);
  const conditionsShape = next();
  if (conditionsShape < 0.05) return { phase: 'Running' };
  if (conditionsShape < 0.08) return { conditions: pick(next, ['Ready', { type: types[0], status: 'True' }, 0]) };
  const conditions = Array.from({ length: Math.floor(next() * 5) }, () => {
    if (next() < 0.15) return pick(next, ['Ready', 0, null, [{ type: types[0], status: 'True' }], types[0]]);
    const c: Record<string, unknown> = { reason: 'Observed' };
    const type = pick(next, types);
    if (type !== undefined) c.type = type;
    const status = pick(next, statuses);
    if (status !== undefined) c.status = status;
    return c;
  });
  return { conditions };
}

/** One change to `status`: a condition's status flipped, one added in front, one removed. */
function mutate(next: () => number, status: any, { types, statuses }: Pools): unknown {
  const conditions: unknown[] = Array.isArray(status?.conditions) ? status.conditions.map((c: unknown) => (c !== null && typeof c === 'object' && !Array.isArray(c) ? { ...c } : c)) : [];
  const step = next();
  if (step < 0.4 && conditions.length > 0) {
    const i = Math.floor(next() * conditions.length);
    const c = conditions[i];
    if (c !== null && typeof c === 'object' && !Array.isArray(c)) (c as any).status = pick(next, statuses);
  } else if (step < 0.7) {
    conditions.splice(Math.floor(next() * (conditions.length + 1)), 0, { type: types[0], status: pick(next, statuses) });
  } else if (conditions.length > 0) {
    conditions.splice(Math.floor(next() * conditions.length), 1);
  }
  return { ...(typeof status === 'object' && status !== null && !Array.isArray(status) ? status : {}), conditions };
}

function objectWith(status: unknown): any {
  return { apiVersion: 'example.io/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'apps', generation: 1 }, ...(status !== undefined ? { status } : {}) };
}

function randomPair(next: () => number, pools: Pools): [any, any] {
  const before = randomStatus(next, pools);
  const after = next() < 0.35 ? randomStatus(next, pools) : mutate(next, before, pools);
  return [objectWith(before), objectWith(after)];
}

/** Object elements of `status.conditions` (what Lua's `cond()` looks at). */
function objects(o: any): any[] {
  const conditions = o.status?.conditions;
  return Array.isArray(conditions) ? conditions.filter((c) => c !== null && typeof c === 'object' && !Array.isArray(c)) : [];
}

/** What makes a pair hard for the new object: where the condition is, and what surrounds it. */
function conditionSituation(conditionType: string) {
  return (_before: any, after: any): string => {
    const conditions = after.status?.conditions;
    if (!Array.isArray(conditions)) {
      return 'no condition list';
    }
    const first = conditions.findIndex((c) => c !== null && typeof c === 'object' && (c as any).type === conditionType);
    if (first < 0) {
      return 'no such condition';
    }
    const before = conditions.slice(0, first);
    if (before.some((c) => c === null || typeof c !== 'object' || Array.isArray(c))) {
      return 'after elements that are not objects';
    }
    if (before.some((c) => typeof c.type !== 'string')) {
      return 'after types that are not strings';
    }
    if (conditions.slice(first + 1).some((c) => c !== null && typeof c === 'object' && (c as any).type === conditionType)) {
      return 'repeated';
    }
    return 'once';
  };
}

describe('onCondition: the expression decides as the Lua', () => {
  test('on conditions as controllers write them: a Certificate, a Pod with a readiness gate, a Deployment', () => {
    const certificate = certificateLifecycle('tls', 'apps');
    const pod = podStartup('web-0', 'apps', GATE);
    const rollout = [steadyDeployment('web', 'apps', 4, 'web:1'), ...rollingUpdate('web', 'apps', 4, 'web:2')];
    const stall = [
      ...rollingUpdate('web', 'apps', 5, 'web:bad').slice(0, 4),
      deployment('web', 'apps', { generation: 6, observedGeneration: 6, revision: 6, image: 'web:bad', replicas: 3, statusReplicas: 4, updated: 1, available: 1, reason: 'ProgressDeadlineExceeded' }),
    ];
    const sequences = [certificate, pod, rollout, stall];
    const firedOn = (conditionType: string, status: string): [number, number][] =>
      compareOnSequences(_conditionLua(conditionType, status), conditionEnteredExprs(conditionType, status), sequences);
    // Issued, then back to Ready after a failed renewal; failing first as it is created.
    expect(firedOn('Ready', 'True')).toEqual([[0, 2], [0, 7], [1, 5], [1, 7]]);
    expect(firedOn('Ready', 'False')).toEqual([[0, 1], [0, 6], [1, 1], [1, 6]]);
    expect(firedOn('Issuing', 'True')).toEqual([[0, 1], [0, 3], [0, 5]]);
    // The gate's type has dots, a slash and dashes; the Pod is Ready only once it is True.
    expect(firedOn(GATE, 'True')).toEqual([[1, 5]]);
    expect(firedOn('ContainersReady', 'True')).toEqual([[1, 3], [1, 7]]);
    expect(firedOn('Progressing', 'False')).toEqual([[3, 4]]);
    expect(firedOn('Available', 'False')).toEqual([[3, 4]]);
  });

  const hooks: [string, string][] = [
    ['Ready', 'True'], ['cert-manager.io/Ready', 'True'], ['Foo_Bar.baz', 'False'], [GATE, 'Unknown'],
    // A type gjson's == would compare with booleans, and one ParseFloat reads as a number.
    ['true', 'True'], ['Inf', 'False'],
  ];
  test.each(hooks)(`on ${PAIRS} generated pairs of objects: type %s, status %s`, (conditionType, status) => {
    const next = random(conditionType.length * 31 + status.length);
    const pools = { types: typesNear(conditionType), statuses: statusesNear(status) };
    const { fired, quiet, situations } = compareOnPairs(
      _conditionLua(conditionType, status), conditionEnteredExprs(conditionType, status), PAIRS, () => randomPair(next, pools),
      conditionSituation(conditionType),
    );
    expect(fired).toBeGreaterThan(PAIRS / 20);
    expect(quiet).toBeGreaterThan(PAIRS / 2);
    expect([...situations]).toEqual(expect.arrayContaining([
      'once: fired', 'once: quiet', 'repeated: fired', 'repeated: quiet',
      'after elements that are not objects: fired', 'after elements that are not objects: quiet',
      'after types that are not strings: fired', 'after types that are not strings: quiet',
      'no condition list: quiet', 'no such condition: quiet',
    ]));
  });
});

const JOB_POOLS: Pools = {
  types: ['Failed', 'Complete', 'Complete', 'Suspended', 'SuccessCriteriaMet', 'FailureTarget', 'failed', 'Complete ', 0, true, null, undefined],
  statuses: statusesNear('True'),
};

/** Whether the object has a condition of `type` (any status): what JOB_STATE reads. */
function hasType(o: any, type: string): boolean {
  return objects(o).some((c) => c.type === type);
}

function jobSituation(before: any, after: any): string {
  const state = (o: any): string => (hasType(o, 'Failed') ? 'failed' : hasType(o, 'Complete') ? 'complete' : 'running');
  const status = (o: any, type: string): string => (objects(o).find((c) => c.type === type)?.status === 'True' ? '' : ' (not True)');
  return `${state(before)} → ${state(after)}${state(after) === 'running' ? '' : status(after, state(after) === 'failed' ? 'Failed' : 'Complete')}`;
}

describe('onJobSucceeded and onJobFailed: the expressions decide as the Lua', () => {
  test('on Jobs as the Job controller writes them', () => {
    const sequences = [jobRun('migrate', 'apps', 'succeeded'), jobRun('migrate', 'apps', 'failed'), jobRun('migrate', 'apps', 'suspended')];
    const succeeded = compareOnSequences(_jobOutcomeLua('complete'), jobOutcomeExprs('complete'), sequences);
    const failed = compareOnSequences(_jobOutcomeLua('failed'), jobOutcomeExprs('failed'), sequences);
    // Complete and Failed follow SuccessCriteriaMet and FailureTarget, in a write of their own.
    expect(succeeded).toEqual([[0, sequences[0].length - 2], [2, sequences[2].length - 2]]);
    expect(failed).toEqual([[1, sequences[1].length - 2]]);
    expect(sequences[0][sequences[0].length - 2].status.conditions.map((c: any) => c.type)).toEqual(['SuccessCriteriaMet', 'Complete']);
    expect(sequences[2][sequences[2].length - 2].status.conditions.map((c: any) => c.type)).toEqual(['Suspended', 'SuccessCriteriaMet', 'Complete']);
  });

  for (const to of ['complete', 'failed'] as const) {
    test(`on ${PAIRS} generated pairs of objects (${to})`, () => {
      const next = random(to === 'complete' ? 41 : 43);
      const { fired, quiet, situations } = compareOnPairs(
        _jobOutcomeLua(to), jobOutcomeExprs(to), PAIRS, () => randomPair(next, JOB_POOLS), jobSituation,
      );
      expect(fired).toBeGreaterThan(PAIRS / 20);
      expect(quiet).toBeGreaterThan(PAIRS / 2);
      // Only the types count: a Complete or Failed condition whose status is not True counts too.
      const into = to === 'complete' ? 'running → complete' : 'running → failed';
      expect([...situations]).toEqual(expect.arrayContaining([`${into}: fired`, `${into} (not True): fired`]));
      const firing = [...situations].filter((s) => s.endsWith(': fired')).map((s) => s.replace(/ \(not True\)/, ''));
      expect(new Set(firing)).toEqual(new Set(to === 'complete'
        ? ['running → complete: fired', 'failed → complete: fired']
        : ['running → failed: fired', 'complete → failed: fired']));
    });
  }
});
