import { isActive, readRun } from '../../src/runs/run';
import { NOW, TEAM_B_SETTINGS, WEB, hookJob } from './cluster-scenario';

const MINUTE = 60_000;
const now = NOW.getTime();
const smoke = { hub: 'web-hooks', hook: 'web-watch-smoke-test', trigger: 'web-watch-smoke-test-job', target: WEB, change: 'generation 7' };

describe('a Job a hook created', () => {
  test('running: the elapsed time so far, and when the trigger ran', () => {
    const job = hookJob({ ...smoke, name: 'web-watch-smoke-test-1', fired: now - 12 * MINUTE, state: { phase: 'running', started: now - 12 * MINUTE + 2000 } });
    expect(readRun(job, NOW)).toEqual({
      hub: 'web-hooks',
      hook: 'web-watch-smoke-test',
      run: {
        kind: 'Job',
        namespace: 'web',
        name: 'web-watch-smoke-test-1',
        trigger: 'web-watch-smoke-test-job',
        time: '2026-11-22T10:18:00Z',
        change: 'generation 7',
        target: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'web', name: 'web' },
        status: 'running',
        reason: null,
        message: null,
        startTime: '2026-11-22T10:18:02Z',
        completionTime: null,
        durationSeconds: 718,
        failedPods: 0,
      },
    });
    expect(isActive(readRun(job, NOW)!.run)).toBe(true);
  });

  test('succeeded: from startTime to completionTime', () => {
    const job = hookJob({ ...smoke, name: 'j', fired: now - 20 * 60 * MINUTE, state: { phase: 'succeeded', started: now - 20 * 60 * MINUTE + 1000, took: 41_000 } });
    const { run } = readRun(job, NOW)!;
    expect(run).toMatchObject({ status: 'succeeded', reason: null, durationSeconds: 41, completionTime: '2026-11-21T14:30:42Z' });
    expect(isActive(run)).toBe(false);
  });

  test('failed with its backoff limit reached: the reason, the message and the failed pods', () => {
    const job = hookJob({ ...smoke, name: 'j', fired: now - 130 * MINUTE, state: { phase: 'failed', started: now - 130 * MINUTE + 1000, took: 271_000, failedPods: 4 } });
    expect(readRun(job, NOW)!.run).toMatchObject({
      status: 'failed',
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
      durationSeconds: 271,
      failedPods: 4,
    });
  });

  test('failing (FailureTarget before Failed, while its pods terminate) already counts as failed', () => {
    const job = hookJob({ ...smoke, name: 'j', fired: now - 10 * MINUTE, state: { phase: 'failed', started: now - 10 * MINUTE, took: 60_000, failedPods: 4 } });
    job.status.conditions = job.status.conditions.filter((c: any) => c.type === 'FailureTarget');
    expect(readRun(job, NOW)!.run).toMatchObject({ status: 'failed', reason: 'BackoffLimitExceeded', durationSeconds: 60 });
  });

  test('a deadline exceeded', () => {
    const job = hookJob({ ...smoke, name: 'j', fired: now - 10 * MINUTE, state: { phase: 'failed', started: now - 10 * MINUTE, took: 300_000, failedPods: 1 } });
    job.status.conditions = [{ type: 'Failed', status: 'True', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline', lastTransitionTime: '2026-11-22T10:25:00Z' }];
    expect(readRun(job, NOW)!.run).toMatchObject({ status: 'failed', reason: 'DeadlineExceeded', durationSeconds: 300 });
  });

  test('pending before its pod starts, suspended when suspended', () => {
    const job = hookJob({ ...smoke, name: 'j', fired: now - MINUTE, state: { phase: 'running', started: now } });
    job.status = {};
    expect(readRun(job, NOW)!.run).toMatchObject({ status: 'pending', startTime: null, durationSeconds: null });
    job.status = { conditions: [{ type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' }] };
    expect(readRun(job, NOW)!.run).toMatchObject({ status: 'suspended', reason: 'JobSuspended' });
    expect(isActive(readRun(job, NOW)!.run)).toBe(true);
  });

  test('without our annotations: the owner is the target, the creation time is the time', () => {
    const job = hookJob({ ...smoke, target: TEAM_B_SETTINGS, name: 'j', fired: now - MINUTE, state: { phase: 'running', started: now } });
    delete job.metadata.annotations;
    delete job.metadata.labels['events.argoproj.io/action-timestamp'];
    job.metadata.creationTimestamp = '2026-11-22T10:00:00Z';
    expect(readRun(job, NOW)!.run).toMatchObject({
      time: '2026-11-22T10:00:00Z',
      change: null,
      target: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'team-b', name: 'team-b-settings' },
    });
    delete job.metadata.ownerReferences;
    expect(readRun(job, NOW)!.run.target).toBeNull();
  });

  test('a Job of a hand-written Sensor: the Sensor is the hub and there is no hook label', () => {
    const job = hookJob({ ...smoke, name: 'j', fired: now - MINUTE, state: { phase: 'running', started: now } });
    for (const key of Object.keys(job.metadata.labels).filter((k) => k.startsWith('resource-hooks.cdk8s.io/'))) {
      delete job.metadata.labels[key];
    }
    job.metadata.labels['events.argoproj.io/sensor'] = 'build-on-push';
    const labelled = readRun(job, NOW)!;
    expect(labelled.hub).toBe('build-on-push');
    expect(labelled.hook).toBeUndefined();
  });

  test('a Job no Sensor created is not a run', () => {
    const job = hookJob({ ...smoke, name: 'j', fired: now, state: { phase: 'running', started: now } });
    job.metadata.labels = { 'job-name': 'j' };
    expect(readRun(job, NOW)).toBeUndefined();
  });
});

describe('an Argo Workflow a trigger submitted', () => {
  const workflow = (status: any, spec: any = {}): any => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      name: 'build-x7k2p', namespace: 'ci', creationTimestamp: '2026-11-22T10:16:00.412Z',
      labels: { 'events.argoproj.io/sensor': 'build-on-push', 'events.argoproj.io/trigger': 'build', 'events.argoproj.io/action-timestamp': '1795342560000' },
    },
    spec,
    status,
  });

  test.each([
    [{ phase: 'Running', startedAt: '2026-11-22T10:16:01Z' }, {}, 'running', null, 839],
    [{ phase: 'Running', startedAt: '2026-11-22T10:16:01Z' }, { suspend: true }, 'suspended', null, null],
    [{ phase: 'Succeeded', startedAt: '2026-11-22T10:16:01Z', finishedAt: '2026-11-22T10:22:13Z' }, {}, 'succeeded', null, 372],
    [{ phase: 'Failed', startedAt: '2026-11-22T10:16:01Z', finishedAt: '2026-11-22T10:17:01Z', message: 'child failed' }, {}, 'failed', 'Failed', 60],
    [{ phase: 'Error', startedAt: '2026-11-22T10:16:01Z', finishedAt: '2026-11-22T10:17:01Z' }, {}, 'failed', 'Error', 60],
    [{}, {}, 'pending', null, null],
  ])('%j', (status, spec, expected, reason, duration) => {
    const { run, hub } = readRun(workflow(status, spec), NOW)!;
    expect(hub).toBe('build-on-push');
    expect(run).toMatchObject({ kind: 'Workflow', status: expected, reason, durationSeconds: duration, trigger: 'build', time: '2026-11-22T10:16:00Z' });
  });
});
