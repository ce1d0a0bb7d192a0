import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { ArgoCd, HookDeletePolicy, HookNaming, HookPhase, SyncHook } from '../../src/argocd';

function migrationJob(chart: Chart, id = 'migrate'): kplus.Job {
  return new kplus.Job(chart, id, { containers: [{ image: 'ghcr.io/acme/migrate:1.4.2' }] });
}

function manifestOf(chart: Chart, kind: string): any {
  const found = Testing.synth(chart).find(o => o.kind === kind);
  expect(found).toBeDefined();
  return found;
}

describe('SyncHook', () => {
  test('defaults: a PostSync Job named with generateName and deleted when the sync succeeds', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const hook = new SyncHook(chart, 'hook', { job: migrationJob(chart), phases: [HookPhase.POST_SYNC] });
    // THEN
    expect(Testing.synth(chart)).toMatchSnapshot();
    expect(hook.naming).toBe(HookNaming.GENERATE_NAME);
    expect(hook.deletePolicies).toEqual([HookDeletePolicy.HOOK_SUCCEEDED]);
    expect(hook.phases).toEqual([HookPhase.POST_SYNC]);
    expect(hook.wave).toBeUndefined();
  });

  test('PreSync migration Job at wave -1', () => {
    const chart = Testing.chart();
    const job = migrationJob(chart);
    const hook = new SyncHook(chart, 'hook', { job, phases: [HookPhase.PRE_SYNC], wave: -1 });

    const manifest = manifestOf(chart, 'Job');
    expect(manifest.metadata.annotations).toEqual({
      'argocd.argoproj.io/hook': 'PreSync',
      'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded',
      'argocd.argoproj.io/sync-wave': '-1',
    });
    expect(manifest.metadata.name).toBeUndefined();
    expect(manifest.metadata.generateName).toBe(`${job.name}-`);
    expect(hook.generateName).toBe(`${job.name}-`);
    expect(hook.wave).toBe(-1);
    expect(hook.apiObject).toBe(ApiObject.of(job));
  });

  test('several phases are written in execution order without duplicates', () => {
    const chart = Testing.chart();
    const hook = new SyncHook(chart, 'hook', {
      job: migrationJob(chart),
      phases: [HookPhase.SYNC_FAIL, HookPhase.PRE_SYNC, HookPhase.SYNC_FAIL],
    });
    expect(hook.phases).toEqual([HookPhase.PRE_SYNC, HookPhase.SYNC_FAIL]);
    expect(manifestOf(chart, 'Job').metadata.annotations['argocd.argoproj.io/hook']).toBe('PreSync,SyncFail');
  });

  test('every hook type is accepted', () => {
    const chart = Testing.chart();
    const phases = [HookPhase.PRE_SYNC, HookPhase.SYNC, HookPhase.POST_SYNC, HookPhase.SYNC_FAIL, HookPhase.PRE_DELETE, HookPhase.POST_DELETE];
    phases.forEach((phase, i) => new SyncHook(chart, `hook-${i}`, { job: migrationJob(chart, `job-${i}`), phases: [phase] }));
    const written = Testing.synth(chart).map(o => o.metadata.annotations['argocd.argoproj.io/hook']);
    expect(written).toEqual(phases);
  });

  test('delete-phase hooks keep their fixed name and are deleted when they succeed', () => {
    const chart = Testing.chart();
    const job = migrationJob(chart);
    const hook = new SyncHook(chart, 'hook', { job, phases: [HookPhase.POST_DELETE] });

    const manifest = manifestOf(chart, 'Job');
    expect(hook.naming).toBe(HookNaming.FIXED_NAME);
    expect(manifest.metadata.name).toBe(job.name);
    expect(manifest.metadata.generateName).toBeUndefined();
    expect(manifest.metadata.annotations['argocd.argoproj.io/hook-delete-policy']).toBe('HookSucceeded');
  });

  test('a sync phase combined with a delete phase still gets HookSucceeded', () => {
    const chart = Testing.chart();
    const hook = new SyncHook(chart, 'hook', { job: migrationJob(chart), phases: [HookPhase.POST_SYNC, HookPhase.PRE_DELETE] });
    expect(hook.deletePolicies).toEqual([HookDeletePolicy.HOOK_SUCCEEDED]);
    expect(hook.naming).toBe(HookNaming.FIXED_NAME);
  });

  test('a fixed-name sync hook defaults to BeforeHookCreation, written explicitly', () => {
    const chart = Testing.chart();
    const job = migrationJob(chart);
    new SyncHook(chart, 'hook', { job, phases: [HookPhase.SYNC], naming: HookNaming.FIXED_NAME });
    const manifest = manifestOf(chart, 'Job');
    expect(manifest.metadata.name).toBe(job.name);
    expect(manifest.metadata.annotations['argocd.argoproj.io/hook-delete-policy']).toBe('BeforeHookCreation');
  });

  test('a SyncFail-only hook with generateName defaults to HookFailed', () => {
    const chart = Testing.chart();
    const hook = new SyncHook(chart, 'hook', { job: migrationJob(chart), phases: [HookPhase.SYNC_FAIL] });
    expect(hook.deletePolicies).toEqual([HookDeletePolicy.HOOK_FAILED]);
  });

  test('explicit delete policies are written in a stable order without duplicates', () => {
    const chart = Testing.chart();
    const hook = new SyncHook(chart, 'hook', {
      job: migrationJob(chart),
      phases: [HookPhase.PRE_SYNC],
      naming: HookNaming.FIXED_NAME,
      deletePolicies: [HookDeletePolicy.BEFORE_HOOK_CREATION, HookDeletePolicy.HOOK_SUCCEEDED, HookDeletePolicy.BEFORE_HOOK_CREATION],
    });
    expect(hook.deletePolicies).toEqual([HookDeletePolicy.HOOK_SUCCEEDED, HookDeletePolicy.BEFORE_HOOK_CREATION]);
    expect(manifestOf(chart, 'Job').metadata.annotations['argocd.argoproj.io/hook-delete-policy']).toBe('HookSucceeded,BeforeHookCreation');
  });

  test('a run-once Job: fixed name with HookFailed only', () => {
    const chart = Testing.chart();
    const hook = new SyncHook(chart, 'hook', {
      job: migrationJob(chart),
      phases: [HookPhase.PRE_SYNC],
      naming: HookNaming.FIXED_NAME,
      deletePolicies: [HookDeletePolicy.HOOK_FAILED],
    });
    expect(manifestOf(chart, 'Job').metadata.annotations['argocd.argoproj.io/hook-delete-policy']).toBe('HookFailed');
    expect(hook.generateName).toBeUndefined();
  });

  test('an explicit generateName is used as is', () => {
    const chart = Testing.chart();
    new SyncHook(chart, 'hook', { job: migrationJob(chart), phases: [HookPhase.POST_SYNC], generateName: 'notify-' });
    expect(manifestOf(chart, 'Job').metadata.generateName).toBe('notify-');
  });

  test('a Job name too long for generateName is replaced by a short hashed prefix', () => {
    const chart = Testing.chart();
    const job = new kplus.Job(chart, 'job', {
      metadata: { name: 'a-very-long-database-migration-job-name-for-the-orders-service' },
      containers: [{ image: 'x' }],
    });
    const hook = new SyncHook(chart, 'hook', { job, phases: [HookPhase.PRE_SYNC] });
    expect(hook.generateName!.length).toBeLessThanOrEqual(36);
    expect(hook.generateName).toMatch(/^[a-z0-9][-a-z0-9]*-[0-9a-f]{8}-$/);
  });

  test('non-Job objects may have longer generateName prefixes', () => {
    const chart = Testing.chart();
    const name = `workflow-${'x'.repeat(60)}`;
    const workflow = new ApiObject(chart, 'wf', { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name } });
    const hook = new SyncHook(chart, 'hook', { apiObject: workflow, phases: [HookPhase.POST_SYNC] });
    expect(hook.generateName).toBe(`${name}-`);
  });

  test('a ttlAfterFinished on the Job is kept', () => {
    const chart = Testing.chart();
    const job = new kplus.Job(chart, 'job', { containers: [{ image: 'x' }], ttlAfterFinished: Duration.minutes(10) });
    new SyncHook(chart, 'hook', { job, phases: [HookPhase.POST_SYNC] });
    expect(manifestOf(chart, 'Job').spec.ttlSecondsAfterFinished).toBe(600);
  });

  test('Skip only marks the object and writes nothing else', () => {
    const chart = Testing.chart();
    const cm = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    const hook = new SyncHook(chart, 'hook', { apiObject: cm, phases: [HookPhase.SKIP] });
    expect(manifestOf(chart, 'ConfigMap').metadata).toEqual({
      name: cm.name,
      annotations: { 'argocd.argoproj.io/hook': 'Skip' },
    });
    expect(hook.deletePolicies).toEqual([]);
    expect(hook.naming).toBeUndefined();
  });

  test('an equal wave set earlier with ArgoCd.syncWave is accepted', () => {
    const chart = Testing.chart();
    const job = migrationJob(chart);
    ArgoCd.syncWave(job, 2);
    new SyncHook(chart, 'hook', { job, phases: [HookPhase.PRE_SYNC], wave: 2 });
    expect(manifestOf(chart, 'Job').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('2');
  });

  describe('warnings', () => {
    test('a blocking hook whose kind has no health check gets a warning', () => {
      const chart = Testing.chart();
      const sensor = new ApiObject(chart, 'sensor', { apiVersion: 'argoproj.io/v1alpha1', kind: 'Sensor' });
      new SyncHook(chart, 'hook', { apiObject: sensor, phases: [HookPhase.PRE_SYNC] });
      const warnings = ArgoCd.warnings(chart);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^test\/hook: Sensor '.*' is a PreSync hook, but Argo CD has no health check for argoproj\.io\/Sensor, so the hook counts as done as soon as it is created/);
    });

    test('the warning names every blocking phase', () => {
      const chart = Testing.chart();
      const cm = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
      new SyncHook(chart, 'hook', { apiObject: cm, phases: [HookPhase.SYNC, HookPhase.PRE_DELETE], naming: HookNaming.FIXED_NAME });
      expect(ArgoCd.warnings(chart)[0]).toMatch(/is a Sync\/PreDelete hook, but Argo CD has no health check for ConfigMap/);
    });

    test('no warning for kinds with a health check, for non-blocking phases, or when declared', () => {
      const chart = Testing.chart();
      new SyncHook(chart, 'job-hook', { job: migrationJob(chart), phases: [HookPhase.PRE_SYNC] });
      const cm = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
      new SyncHook(chart, 'cm-hook', { apiObject: cm, phases: [HookPhase.POST_SYNC] });
      const sensor = new ApiObject(chart, 'sensor', { apiVersion: 'argoproj.io/v1alpha1', kind: 'Sensor' });
      new SyncHook(chart, 'sensor-hook', { apiObject: sensor, phases: [HookPhase.PRE_SYNC], hasHealthCheck: true });
      expect(ArgoCd.warnings(chart)).toEqual([]);
    });
  });

  describe('validation', () => {
    test('fails without job or apiObject', () => {
      const chart = Testing.chart();
      expect(() => new SyncHook(chart, 'hook', { phases: [HookPhase.PRE_SYNC] }))
        .toThrow('test/hook: neither job nor apiObject is set; pass the Job (or any ApiObject) that Argo CD should run as a hook');
    });

    test('fails with both job and apiObject', () => {
      const chart = Testing.chart();
      const job = migrationJob(chart);
      expect(() => new SyncHook(chart, 'hook', { job, apiObject: ApiObject.of(job), phases: [HookPhase.PRE_SYNC] }))
        .toThrow('test/hook: both job and apiObject are set; pass the hook object in exactly one of them');
    });

    test('fails with no phases', () => {
      const chart = Testing.chart();
      expect(() => new SyncHook(chart, 'hook', { job: migrationJob(chart), phases: [] }))
        .toThrow('test/hook: phases is empty; list at least one HookPhase, e.g. [HookPhase.POST_SYNC]');
    });

    test('fails with an unknown phase', () => {
      const chart = Testing.chart();
      expect(() => new SyncHook(chart, 'hook', { job: migrationJob(chart), phases: ['PostDeploy' as HookPhase] }))
        .toThrow("test/hook: phases contains 'PostDeploy', which is not an Argo CD hook type; use one of PreSync, Sync, PostSync, SyncFail, PreDelete, PostDelete, Skip");
    });

    test('fails when Skip is combined with other phases', () => {
      const chart = Testing.chart();
      expect(() => new SyncHook(chart, 'hook', { job: migrationJob(chart), phases: [HookPhase.SKIP, HookPhase.PRE_SYNC] }))
        .toThrow("test/hook: phases 'PreSync,Skip' combine Skip with other phases; Argo CD honours Skip only as the sole phase and would run the object as a hook, so pass [HookPhase.SKIP] alone or drop it");
    });

    test.each([
      ['deletePolicies', { deletePolicies: [HookDeletePolicy.HOOK_SUCCEEDED] }],
      ['wave', { wave: 1 }],
      ['naming', { naming: HookNaming.FIXED_NAME }],
      ['generateName', { generateName: 'x-' }],
      ['hasHealthCheck', { hasHealthCheck: true }],
    ])('fails when %s is set on a Skip hook', (name, extra) => {
      const chart = Testing.chart();
      expect(() => new SyncHook(chart, 'hook', { job: migrationJob(chart), phases: [HookPhase.SKIP], ...extra }))
        .toThrow(`test/hook: ${name} is set on a Skip hook, which Argo CD never applies, so it has no effect; remove ${name}`);
    });

    test('fails with an empty deletePolicies list', () => {
      const chart = Testing.chart();
      expect(() => new SyncHook(chart, 'hook', { job: migrationJob(chart), phases: [HookPhase.PRE_SYNC], deletePolicies: [] }))
        .toThrow("test/hook: deletePolicies is empty, which leaves Argo CD to apply BeforeHookCreation implicitly; omit deletePolicies to get this hook's default or list the policies you want");
    });

    test('fails with an unknown delete policy', () => {
      const chart = Testing.chart();
      expect(() => new SyncHook(chart, 'hook', { job: migrationJob(chart), phases: [HookPhase.PRE_SYNC], deletePolicies: ['Never' as HookDeletePolicy] }))
        .toThrow("test/hook: deletePolicies contains 'Never', which is not an Argo CD delete policy; use one of HookSucceeded, HookFailed, BeforeHookCreation");
    });

    test('fails with BeforeHookCreation on a generateName hook', () => {
      const chart = Testing.chart();
      expect(() => new SyncHook(chart, 'hook', { job: migrationJob(chart), phases: [HookPhase.PRE_SYNC], deletePolicies: [HookDeletePolicy.BEFORE_HOOK_CREATION] }))
        .toThrow("test/hook: deletePolicies 'BeforeHookCreation' include BeforeHookCreation, which never matches a hook named with generateName because every operation creates a new name; use HookDeletePolicy.HOOK_SUCCEEDED or HOOK_FAILED, or naming: HookNaming.FIXED_NAME");
    });

    test('fails with BeforeHookCreation on a delete-only hook', () => {
      const chart = Testing.chart();
      expect(() => new SyncHook(chart, 'hook', {
        job: migrationJob(chart),
        phases: [HookPhase.PRE_DELETE, HookPhase.POST_DELETE],
        deletePolicies: [HookDeletePolicy.HOOK_SUCCEEDED, HookDeletePolicy.BEFORE_HOOK_CREATION],
      })).toThrow("test/hook: deletePolicies 'HookSucceeded,BeforeHookCreation' include BeforeHookCreation, which Argo CD ignores for PreDelete/PostDelete hooks; use HookDeletePolicy.HOOK_SUCCEEDED");
    });

    test('fails with HookSucceeded on a SyncFail-only hook', () => {
      const chart = Testing.chart();
      expect(() => new SyncHook(chart, 'hook', { job: migrationJob(chart), phases: [HookPhase.SYNC_FAIL], deletePolicies: [HookDeletePolicy.HOOK_SUCCEEDED, HookDeletePolicy.HOOK_FAILED] }))
        .toThrow("test/hook: deletePolicies 'HookSucceeded,HookFailed' include HookSucceeded, but a SyncFail hook runs only in an operation that failed, so it would never be deleted; use HookDeletePolicy.HOOK_FAILED or BEFORE_HOOK_CREATION");
    });

    test('fails when a delete-phase hook lacks HookSucceeded', () => {
      const chart = Testing.chart();
      expect(() => new SyncHook(chart, 'hook', { job: migrationJob(chart), phases: [HookPhase.POST_DELETE], deletePolicies: [HookDeletePolicy.HOOK_FAILED] }))
        .toThrow("test/hook: deletePolicies 'HookFailed' lack HookSucceeded; Argo CD deletes a successful PostDelete hook only with HookSucceeded, so it would stay in the cluster after the Application is gone; add HookDeletePolicy.HOOK_SUCCEEDED");
    });

    test('fails with a wave that is not an integer', () => {
      const chart = Testing.chart();
      expect(() => new SyncHook(chart, 'hook', { job: migrationJob(chart), phases: [HookPhase.PRE_SYNC], wave: 1.5 }))
        .toThrow('test/hook: wave 1.5 is not an integer; Argo CD ignores waves it cannot parse as an integer (falling back to 0), so use a whole number such as 2');
    });

    test('fails with a wave that conflicts with one set earlier', () => {
      const chart = Testing.chart();
      const job = migrationJob(chart);
      ArgoCd.syncWave(job, 1);
      expect(() => new SyncHook(chart, 'hook', { job, phases: [HookPhase.PRE_SYNC], wave: -1 }))
        .toThrow(`test/hook: wave -1 conflicts with the sync wave '1' already set on Job '${job.name}'; set the wave in one place`);
    });

    test('fails when the object is already a hook', () => {
      const chart = Testing.chart();
      const job = migrationJob(chart);
      new SyncHook(chart, 'first', { job, phases: [HookPhase.PRE_SYNC] });
      expect(() => new SyncHook(chart, 'second', { job, phases: [HookPhase.POST_SYNC] }))
        .toThrow(`test/second: Job '${job.name}' already carries argocd.argoproj.io/hook 'PreSync'; define a single SyncHook per object and list all its phases there`);
    });

    test('fails with generateName on a fixed-name hook', () => {
      const chart = Testing.chart();
      expect(() => new SyncHook(chart, 'hook', { job: migrationJob(chart), phases: [HookPhase.PRE_SYNC], naming: HookNaming.FIXED_NAME, generateName: 'migrate-' }))
        .toThrow("test/hook: generateName 'migrate-' is set but naming is FixedName; remove generateName or use naming: HookNaming.GENERATE_NAME");
    });

    test('fails with an invalid generateName', () => {
      const chart = Testing.chart();
      expect(() => new SyncHook(chart, 'hook', { job: migrationJob(chart), phases: [HookPhase.PRE_SYNC], generateName: 'Migrate_' }))
        .toThrow("test/hook: generateName 'Migrate_' is not a valid name prefix; use lowercase letters, digits, '-' and '.', starting with a letter or digit");
    });

    test('fails with a generateName too long for a Job', () => {
      const chart = Testing.chart();
      const prefix = `${'m'.repeat(36)}-`;
      expect(() => new SyncHook(chart, 'hook', { job: migrationJob(chart), phases: [HookPhase.PRE_SYNC], generateName: prefix }))
        .toThrow(`test/hook: generateName '${prefix}' has 37 characters; Argo CD appends up to 27 more and Job names must fit in 63 characters, so use at most 36`);
    });
  });
});
