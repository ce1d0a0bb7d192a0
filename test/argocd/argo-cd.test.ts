import { ApiObject, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { ArgoCd, DeleteOption, PruneOption } from '../../src/argocd';

function annotationsOf(chart: ReturnType<typeof Testing.chart>): Record<string, string> | undefined {
  return Testing.synth(chart)[0].metadata.annotations;
}

describe('ArgoCd.syncWave', () => {
  test('writes the wave as a string', () => {
    const chart = Testing.chart();
    const deployment = new kplus.Deployment(chart, 'web', { containers: [{ image: 'ghcr.io/acme/web:1.4.2' }] });
    ArgoCd.syncWave(deployment, -3);
    expect(annotationsOf(chart)).toEqual({ 'argocd.argoproj.io/sync-wave': '-3' });
  });

  test('accepts a plain ApiObject and wave 0', () => {
    const chart = Testing.chart();
    const cm = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    ArgoCd.syncWave(cm, 0);
    expect(annotationsOf(chart)).toEqual({ 'argocd.argoproj.io/sync-wave': '0' });
  });

  test.each([[0.5, 1], [Number.NaN, 0], [Number.POSITIVE_INFINITY, 0]])('fails with the non-integer wave %p', (wave, suggestion) => {
    const chart = Testing.chart();
    const cm = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    expect(() => ArgoCd.syncWave(cm, wave))
      .toThrow(`test/cm: wave ${wave} is not an integer; Argo CD ignores waves it cannot parse as an integer (falling back to 0), so use a whole number such as ${suggestion}`);
  });

  test('fails for a construct without an ApiObject', () => {
    const chart = Testing.chart();
    expect(() => ArgoCd.syncWave(chart, 1)).toThrow('cannot find a (direct or indirect) child of type ApiObject for construct test');
  });
});

describe('ArgoCd.syncOptions', () => {
  test('writes typed options as the sync-options CSV', () => {
    const chart = Testing.chart();
    const cm = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    ArgoCd.syncOptions(cm, {
      prune: PruneOption.DISABLED,
      deletion: DeleteOption.CONFIRM,
      replace: true,
      force: true,
      serverSideApply: false,
      validate: false,
      skipDryRunOnMissingResource: true,
      pruneLast: true,
    });
    expect(annotationsOf(chart)).toEqual({
      'argocd.argoproj.io/sync-options': 'Prune=false,Delete=confirm,Replace=true,Force=true,ServerSideApply=false,Validate=false,SkipDryRunOnMissingResource=true,PruneLast=true',
    });
  });

  test('options without a false form write nothing when false', () => {
    const chart = Testing.chart();
    const cm = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    ArgoCd.syncOptions(cm, { force: false, validate: true, skipDryRunOnMissingResource: false, pruneLast: false });
    expect(annotationsOf(chart)).toBeUndefined();
  });

  test('repeated calls merge by option and can switch an option off', () => {
    const chart = Testing.chart();
    const cm = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    ArgoCd.syncOptions(cm, { prune: PruneOption.CONFIRM, pruneLast: true });
    ArgoCd.syncOptions(cm, { prune: PruneOption.DISABLED, replace: false });
    ArgoCd.syncOptions(cm, { pruneLast: false });
    expect(annotationsOf(chart)).toEqual({ 'argocd.argoproj.io/sync-options': 'Prune=false,Replace=false' });
  });

  test('keeps options written by hand', () => {
    const chart = Testing.chart();
    const cm = new ApiObject(chart, 'cm', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { annotations: { 'argocd.argoproj.io/sync-options': 'Validate=false, Prune=confirm' } },
    });
    ArgoCd.syncOptions(cm, { prune: PruneOption.DISABLED });
    expect(annotationsOf(chart)).toEqual({ 'argocd.argoproj.io/sync-options': 'Validate=false,Prune=false' });
  });

  test('options set after the call are rendered', () => {
    const chart = Testing.chart();
    const cm = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    ArgoCd.syncOptions(cm, { replace: true });
    const before = Testing.synth(chart)[0].metadata.annotations;
    ArgoCd.syncOptions(cm, { force: true });
    expect(before).toEqual({ 'argocd.argoproj.io/sync-options': 'Replace=true' });
    expect(annotationsOf(chart)).toEqual({ 'argocd.argoproj.io/sync-options': 'Replace=true,Force=true' });
  });

  test('warns when Replace and ServerSideApply are both on', () => {
    const chart = Testing.chart();
    const cm = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    ArgoCd.syncOptions(cm, { replace: true });
    ArgoCd.syncOptions(cm, { serverSideApply: true });
    ArgoCd.syncOptions(cm, { pruneLast: true });
    expect(ArgoCd.warnings(chart)).toEqual([
      "test/cm: sync options 'Replace=true,ServerSideApply=true' set both Replace=true and ServerSideApply=true; Argo CD uses replace and ignores server-side apply for this object, so drop one of them",
    ]);
  });
});

describe('ArgoCd.compareOptions', () => {
  test('writes IgnoreExtraneous next to Prune=false', () => {
    const chart = Testing.chart();
    const cm = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    ArgoCd.compareOptions(cm, { ignoreExtraneous: true });
    ArgoCd.syncOptions(cm, { prune: PruneOption.DISABLED });
    expect(annotationsOf(chart)).toEqual({
      'argocd.argoproj.io/compare-options': 'IgnoreExtraneous',
      'argocd.argoproj.io/sync-options': 'Prune=false',
    });
  });

  test('false removes IgnoreExtraneous and keeps other compare options', () => {
    const chart = Testing.chart();
    const cm = new ApiObject(chart, 'cm', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { annotations: { 'argocd.argoproj.io/compare-options': 'IgnoreExtraneous,ServerSideDiff=true' } },
    });
    ArgoCd.compareOptions(cm, { ignoreExtraneous: false });
    expect(annotationsOf(chart)).toEqual({ 'argocd.argoproj.io/compare-options': 'ServerSideDiff=true' });
  });

  test('an empty options object changes nothing', () => {
    const chart = Testing.chart();
    const cm = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    ArgoCd.compareOptions(cm, {});
    expect(annotationsOf(chart)).toBeUndefined();
  });
});

describe('ArgoCd.warnings', () => {
  test('is empty when nothing was recorded', () => {
    expect(ArgoCd.warnings(Testing.app())).toEqual([]);
  });
});
