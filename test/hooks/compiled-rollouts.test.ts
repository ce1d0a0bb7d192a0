import {
  daemonSetRolloutCompleteExprs, deploymentRolloutCompleteExprs, deploymentRolloutFailedExprs, statefulSetRolloutCompleteExprs,
} from '../../src/hooks/compiled-rollouts';
import { _rolloutCompleteLua, _rolloutFailedLua } from '../../src/hooks/when';
import {
  compareOnPairs, compareOnSequences, exprOutcome, luaVerdict, pick, random, setOrOmit,
} from '../support/filter-verdicts';

/** `situations` each with both outcomes. */
function both(...situations: string[]): string[] {
  return situations.flatMap((s) => [`${s}: fired`, `${s}: quiet`]);
}
import {
  daemonSet, daemonSetNodeChurn, daemonSetUpdate, deployment, rollingUpdate, statefulSet, statefulSetUpdate, steadyDeployment, withStatus,
} from '../support/workloads';

/**
 * The rollout hooks compile to expressions that must decide exactly as the Lua they replaced
 * (`_rolloutCompleteLua`, `_rolloutFailedLua`): on the writes the controllers make, and on
 * generated pairs of objects with fields absent, zero, and on each side of every comparison the
 * state makes.
 */

const PAIRS = 5000;

/** A Deployment in any state the controllers and users can put it in, fields sometimes absent. */
function randomDeployment(next: () => number): any {
  const generation = pick(next, [1, 2, 3]);
  const spec: any = { template: { spec: { containers: [{ name: 'main', image: 'web:1' }] } } };
  setOrOmit(spec, 'replicas', pick(next, [undefined, 0, 1, 3]));
  if (next() < 0.15) spec.paused = pick(next, [true, false]);
  const status: any = {};
  setOrOmit(status, 'observedGeneration', pick(next, [undefined, 1, 2, 3]));
  setOrOmit(status, 'replicas', pick(next, [undefined, 0, 1, 3, 4]));
  setOrOmit(status, 'updatedReplicas', pick(next, [undefined, 0, 1, 3]));
  setOrOmit(status, 'availableReplicas', pick(next, [undefined, 0, 1, 3]));
  const reason = pick(next, [undefined, 'ReplicaSetUpdated', 'NewReplicaSetAvailable', 'ProgressDeadlineExceeded', 'NewReplicaSetCreated']);
  if (reason !== undefined) {
    status.conditions = [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }, { type: 'Progressing', status: 'True', reason }];
  }
  const revision = pick(next, [undefined, '', '1', '2', '3']);
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', namespace: 'apps', generation, ...(revision !== undefined ? { annotations: { 'deployment.kubernetes.io/revision': revision } } : {}) },
    spec,
    status,
  };
}

/** The branch of the Deployment decision a pair exercises, from the fields it reads. */
function deploymentSituation(before: any, after: any): string {
  const reason = (o: any): unknown => o.status.conditions?.[1]?.reason;
  const revision = (o: any): unknown => o.metadata.annotations?.['deployment.kubernetes.io/revision'];
  const moved = revision(before) !== revision(after) ? 'revision moved' : 'same revision';
  const old = reason(before) === 'NewReplicaSetAvailable' ? 'old settled' : 'old rolling';
  return `${after.spec.replicas === 0 ? 'zero, ' : ''}${moved}, ${old}`;
}

/** The branch of the stall decision a pair exercises. */
function stallSituation(before: any, after: any): string {
  const stalled = (o: any): boolean => o.status.conditions?.[1]?.reason === 'ProgressDeadlineExceeded';
  const caughtUp = (o: any): boolean => o.metadata.generation <= (o.status.observedGeneration ?? 0);
  return `old ${stalled(before) ? 'stalled' : 'not stalled'}, new ${stalled(after) ? 'stalled' : 'not stalled'}`
    + `${after.spec.paused === true ? ', paused' : ''}${caughtUp(after) ? '' : ', behind'}`;
}

/** The branch of the StatefulSet decision a pair exercises. */
function statefulSetSituation(before: any, after: any): string {
  const strategy = (o: any): string => {
    const s = o.spec.updateStrategy ?? {};
    return s.type === 'OnDelete' ? 'OnDelete' : s.rollingUpdate !== undefined ? 'partition' : 'revisions';
  };
  const moved = before.status.updateRevision !== after.status.updateRevision ? 'revision moved' : 'same revision';
  return `${after.spec.replicas === 0 ? 'zero, ' : ''}${strategy(after)}, ${moved}, old ${strategy(before)}`;
}

/** The branch of the DaemonSet decision a pair exercises. */
function daemonSetSituation(before: any, after: any): string {
  const moved = before.metadata.generation !== after.metadata.generation ? 'generation moved' : 'same generation';
  return `${(after.status.desiredNumberScheduled ?? 0) === 0 ? 'zero, ' : ''}${after.spec.updateStrategy?.type ?? 'default'}, ${moved}`;
}

/** Two states of one object: another random state, or the same spec with another status. */
function randomPair<T extends { status?: unknown }>(next: () => number, make: (next: () => number) => T): [T, T] {
  const before = make(next);
  const after = next() < 0.5 ? make(next) : { ...before, status: make(next).status };
  return [before, after];
}

describe('Deployment onRolloutComplete: the expression decides as the Lua', () => {
  for (const includeScaledToZero of [false, true]) {
    const lua = _rolloutCompleteLua('Deployment', includeScaledToZero);
    const exprs = deploymentRolloutCompleteExprs(includeScaledToZero);

    test(`on rollouts as the controller writes them (includeScaledToZero ${includeScaledToZero})`, () => {
      const fired = compareOnSequences(lua, exprs, [
        [steadyDeployment('web', 'apps', 4, 'web:1'), ...rollingUpdate('web', 'apps', 4, 'web:2')],
        [steadyDeployment('web', 'apps', 1, 'web:1', 0), ...rollingUpdate('web', 'apps', 1, 'web:2', 0)],
        [steadyDeployment('web', 'apps', 5, 'web:2'), withStatus(steadyDeployment('web', 'apps', 5, 'web:2'), { availableReplicas: 2, readyReplicas: 2 })],
      ]);
      // Each rollout fires on its last write; at zero replicas only when asked, and then also on
      // the revision write (which a rollback at zero consists of).
      expect(fired).toEqual(includeScaledToZero ? [[0, 10], [1, 2], [1, 5]] : [[0, 10]]);
    });

    test(`on ${PAIRS} generated pairs of states (includeScaledToZero ${includeScaledToZero})`, () => {
      const next = random(includeScaledToZero ? 7 : 11);
      const { fired, quiet, situations } = compareOnPairs(lua, exprs, PAIRS, () => randomPair(next, randomDeployment), deploymentSituation);
      expect(fired).toBeGreaterThan(PAIRS / 100);
      expect(quiet).toBeGreaterThan(PAIRS / 2);
      // Each way of firing occurs, and so do pairs in the same situation that do not fire.
      expect([...situations]).toEqual(expect.arrayContaining([
        ...both('revision moved, old rolling', 'revision moved, old settled', 'same revision, old rolling'),
        'same revision, old settled: quiet', 'zero, revision moved, old settled: quiet',
      ]));
      expect(situations.has('same revision, old settled: fired')).toBe(false);
      expect(situations.has('zero, revision moved, old settled: fired')).toBe(includeScaledToZero);
    });
  }
});

describe('Deployment onRolloutFailed: the expression decides as the Lua', () => {
  const lua = _rolloutFailedLua();
  const exprs = deploymentRolloutFailedExprs();
  const stalled = (generation: number, observedGeneration: number, extra: Record<string, unknown> = {}): any => deployment('web', 'apps', {
    generation, observedGeneration, revision: 5, image: 'web:bad', replicas: 3, statusReplicas: 4, updated: 1, available: 3, reason: 'ProgressDeadlineExceeded', ...extra,
  });

  test('on a rollout that stalls, is scaled while stalled, and is fixed by a new rollout', () => {
    const start = [steadyDeployment('web', 'apps', 4, 'web:1'), ...rollingUpdate('web', 'apps', 4, 'web:bad').slice(0, 4)];
    const stall = [
      stalled(5, 5), withStatus(stalled(5, 5), { readyReplicas: 2 }),
      // An HPA scales the stalled Deployment: a new generation, observed, still stalled.
      stalled(6, 5, { replicas: 5 }), stalled(6, 6, { replicas: 5 }),
    ];
    const fixed = rollingUpdate('web', 'apps', 6, 'web:3');
    // Paused while the deadline passes: the controller does not report progress for paused ones,
    // but a stall reported before the pause stays.
    const paused = [stalled(5, 4, { paused: true }), stalled(5, 5, { paused: true }), stalled(5, 5)];
    const fired = compareOnSequences(lua, exprs, [[...start, ...stall, ...fixed], paused]);
    expect(fired).toEqual([[0, 5]]);
  });

  test(`on ${PAIRS} generated pairs of states, paused sometimes not a boolean`, () => {
    const next = random(5);
    const make = (n: () => number): any => {
      const d = randomDeployment(n);
      // Lua compares paused with true: a string is not paused there, nor in the expression.
      if (n() < 0.05) d.spec.paused = pick(n, ['true', 1, 'yes']);
      return d;
    };
    const { fired, quiet, situations } = compareOnPairs(lua, exprs, PAIRS, () => randomPair(next, make), stallSituation);
    expect(fired).toBeGreaterThan(PAIRS / 50);
    expect(quiet).toBeGreaterThan(PAIRS / 2);
    // It fires only on the step into the stall, and its neighbours occur without firing.
    expect([...situations].filter((x) => x.endsWith(': fired'))).toEqual(['old not stalled, new stalled: fired']);
    expect([...situations]).toEqual(expect.arrayContaining([
      'old stalled, new stalled: quiet', 'old not stalled, new stalled, paused: quiet', 'old not stalled, new stalled, behind: quiet',
      'old not stalled, new not stalled: quiet',
    ]));
  });
});

/** A StatefulSet with each field absent, zero, or on either side of what the state compares it to. */
function randomStatefulSet(next: () => number): any {
  const generation = pick(next, [undefined, 0, 1, 2, 3]);
  const spec: any = { template: { spec: { containers: [{ name: 'main', image: 'pg:16' }] } } };
  const desired = pick(next, [undefined, 0, 1, 3]);
  setOrOmit(spec, 'replicas', desired);
  const d = desired ?? 1;
  const strategy = pick(next, [undefined, 'RollingUpdate', 'RollingUpdate', 'OnDelete']);
  const partition = pick(next, [undefined, 0, 0, 1, 2, 3, 4]);
  if (strategy !== undefined || partition !== undefined) {
    spec.updateStrategy = {};
    setOrOmit(spec.updateStrategy, 'type', strategy);
    // (The API server refuses rollingUpdate with OnDelete; both decisions ignore it there.)
    if (partition !== undefined) spec.updateStrategy.rollingUpdate = { partition };
  }
  const status: any = {};
  const g = generation ?? 0;
  setOrOmit(status, 'observedGeneration', pick(next, [undefined, 0, g - 1, g, g, g + 1].filter((v) => v === undefined || v >= 0)));
  setOrOmit(status, 'readyReplicas', pick(next, [undefined, 0, d - 1, d, d, d + 1].filter((v) => v === undefined || v >= 0)));
  const p = partition ?? 0;
  setOrOmit(status, 'updatedReplicas', pick(next, [undefined, 0, d - p - 1, d - p, d - p + 1, d].filter((v) => v === undefined || v >= 0)));
  const current = pick(next, [undefined, '', 'db-1', 'db-2', 'db-2']);
  setOrOmit(status, 'currentRevision', current);
  setOrOmit(status, 'updateRevision', next() < 0.5 ? current : pick(next, [undefined, '', 'db-1', 'db-2', 'db-3']));
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'apps', ...(generation !== undefined ? { generation } : {}) },
    spec,
    status,
  };
}

describe('StatefulSet onRolloutComplete: the expression decides as the Lua', () => {
  for (const includeScaledToZero of [false, true]) {
    const lua = _rolloutCompleteLua('StatefulSet', includeScaledToZero);
    const exprs = statefulSetRolloutCompleteExprs(includeScaledToZero);

    test(`on updates as the controller writes them (includeScaledToZero ${includeScaledToZero})`, () => {
      const full = statefulSetUpdate('db', 'apps', 1);
      const partitioned = statefulSetUpdate('db', 'apps', 2, { partition: 2 });
      // The partition then lowered to 0 (a new generation) finishes the rollout.
      const unpartitioned = statefulSetUpdate('db', 'apps', 3, { partition: 0 }).slice(1);
      const onDelete = statefulSetUpdate('db', 'apps', 4, { onDelete: true });
      const zero = statefulSetUpdate('db', 'apps', 5, { replicas: 0 });
      // A pod restarts after the rollout: readiness drops and comes back, nothing is rolling.
      const last = full[full.length - 1];
      const restart = [last, withStatus(last, { readyReplicas: 2, availableReplicas: 2 }), withStatus(last, { readyReplicas: 3, availableReplicas: 3 })];
      const fired = compareOnSequences(lua, exprs, [full, [...partitioned, ...unpartitioned], onDelete, zero, restart]);
      // Each fires when its last pod is ready; OnDelete as soon as the new revision is observed
      // (pods change only when deleted); at zero replicas once observed, when asked.
      expect(fired).toEqual([
        [0, full.length - 1], [1, partitioned.length - 1], [1, partitioned.length + unpartitioned.length - 1], [2, 1],
        ...(includeScaledToZero ? [[3, 1]] : []),
      ]);
    });

    test(`on ${PAIRS} generated pairs of states (includeScaledToZero ${includeScaledToZero})`, () => {
      const next = random(includeScaledToZero ? 13 : 17);
      const { fired, quiet, situations } = compareOnPairs(lua, exprs, PAIRS, () => randomPair(next, randomStatefulSet), statefulSetSituation);
      expect(fired).toBeGreaterThan(PAIRS / 100);
      expect(quiet).toBeGreaterThan(PAIRS / 2);
      // Every strategy fires on a new revision and on the end of a rollout, and has pairs that do
      // not; OnDelete pods are not rolled, so without a new revision it never fires.
      expect([...situations]).toEqual(expect.arrayContaining([
        ...both('OnDelete, revision moved, old OnDelete', 'partition, revision moved, old partition', 'revisions, revision moved, old revisions'),
        ...both('partition, same revision, old partition', 'revisions, same revision, old revisions'),
        'OnDelete, same revision, old OnDelete: quiet', 'zero, revisions, revision moved, old revisions: quiet',
      ]));
      expect(situations.has('OnDelete, same revision, old OnDelete: fired')).toBe(false);
      expect(situations.has('zero, revisions, revision moved, old revisions: fired')).toBe(includeScaledToZero);
    });
  }

  test.each([
    ['a partition that is a string (Lua: no partition; the expression fails)', { type: 'RollingUpdate', rollingUpdate: { partition: '1' } }, [true, false]],
    ['a negative partition (Lua: more pods to update than exist; the expression: no partition)', { type: 'RollingUpdate', rollingUpdate: { partition: -2 } }, [false, true]],
  ])('where the two differ, the API server refuses the object: %s', (_case, updateStrategy, verdicts) => {
    // The schema makes the partition an int32 and validation refuses a negative one.
    const s = (updated: number, currentRevision: string): any => {
      const o = statefulSet('db', 'apps', { generation: 2, observedGeneration: 2, replicas: 3, ready: 3, updated, currentRevision, updateRevision: 'db-2', image: 'pg:16' });
      return { ...o, spec: { ...o.spec, updateStrategy } };
    };
    const [before, after] = [s(2, 'db-1'), s(3, 'db-2')];
    const lua = luaVerdict(_rolloutCompleteLua('StatefulSet', false), before, after);
    const expr = exprOutcome(statefulSetRolloutCompleteExprs(false), before, after);
    expect([lua, expr.pass]).toEqual(verdicts);
  });
});

/** A DaemonSet with each field absent, zero, or on either side of the desired count. */
function randomDaemonSet(next: () => number): any {
  // The generation is also the revision, compared raw: 0 and null (never written) stay apart from absent.
  const generation = pick(next, [undefined, 0, null, 1, 2, 3]);
  const spec: any = { template: { spec: { containers: [{ name: 'agent', image: 'agent:1' }] } } };
  const strategy = pick(next, [undefined, 'RollingUpdate', 'RollingUpdate', 'OnDelete']);
  if (strategy !== undefined) spec.updateStrategy = { type: strategy };
  const status: any = {};
  const g = generation ?? 0;
  setOrOmit(status, 'observedGeneration', pick(next, [undefined, 0, g - 1, g, g, g + 1].filter((v) => v === undefined || v >= 0)));
  const desired = pick(next, [undefined, 0, 1, 3]);
  setOrOmit(status, 'desiredNumberScheduled', desired);
  const d = desired ?? 0;
  for (const key of ['updatedNumberScheduled', 'numberAvailable']) {
    setOrOmit(status, key, pick(next, [undefined, 0, d - 1, d, d, d + 1].filter((v) => v === undefined || v >= 0)));
  }
  return {
    apiVersion: 'apps/v1', kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'apps', ...(generation !== undefined ? { generation } : {}) },
    spec,
    status,
  };
}

describe('DaemonSet onRolloutComplete: the expression decides as the Lua', () => {
  for (const includeScaledToZero of [false, true]) {
    const lua = _rolloutCompleteLua('DaemonSet', includeScaledToZero);
    const exprs = daemonSetRolloutCompleteExprs(includeScaledToZero);

    test(`on updates and node churn as the controller writes them (includeScaledToZero ${includeScaledToZero})`, () => {
      const update = daemonSetUpdate('agent', 'apps', 1);
      const onDelete = daemonSetUpdate('agent', 'apps', 2, { onDelete: true });
      const churn = daemonSetNodeChurn('agent', 'apps', 3);
      // No node matches its selector: nothing to schedule.
      const nowhere = daemonSetUpdate('agent', 'apps', 4, { nodes: 0 });
      const fired = compareOnSequences(lua, exprs, [update, onDelete, churn, nowhere]);
      // A node joining counts again (the DaemonSet reports nothing that tells it from a rollout).
      expect(fired).toEqual([[0, update.length - 1], [1, 1], [2, 3], ...(includeScaledToZero ? [[3, 1]] : [])]);
    });

    test(`on ${PAIRS} generated pairs of states (includeScaledToZero ${includeScaledToZero})`, () => {
      const next = random(includeScaledToZero ? 19 : 23);
      const { fired, quiet, situations } = compareOnPairs(lua, exprs, PAIRS, () => randomPair(next, randomDaemonSet), daemonSetSituation);
      expect(fired).toBeGreaterThan(PAIRS / 100);
      expect(quiet).toBeGreaterThan(PAIRS / 2);
      expect([...situations]).toEqual(expect.arrayContaining(both(
        'OnDelete, generation moved', 'OnDelete, same generation', 'RollingUpdate, generation moved', 'RollingUpdate, same generation',
        'default, generation moved', 'default, same generation',
      )));
      expect(situations.has('zero, RollingUpdate, generation moved: fired')).toBe(includeScaledToZero);
    });
  }

  test('an absent generation and a null one read as the Lua reads them', () => {
    const d = daemonSet('agent', 'apps', { generation: 1, observedGeneration: 1, desired: 2, updated: 2, available: 2, image: 'agent:1' });
    const without = { ...d, metadata: { name: 'agent', namespace: 'apps' } };
    const nulled = { ...d, metadata: { name: 'agent', namespace: 'apps', generation: null } };
    const incomplete = { ...without, status: { ...without.status, numberAvailable: 1 } };
    for (const [before, after] of [[incomplete, without], [without, nulled], [nulled, d], [d, without]]) {
      const verdict = luaVerdict(_rolloutCompleteLua('DaemonSet', false), before, after);
      expect(exprOutcome(daemonSetRolloutCompleteExprs(false), before, after)).toEqual({ pass: verdict });
    }
  });
});
