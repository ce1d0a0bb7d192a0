import {
  formatTarget, involvedTarget, ownerTarget, parseTargetAnnotation, parseTargetFilter, sameTarget, targetMatches,
} from '../../src/runs/target';

describe('the target annotation', () => {
  test('namespaced and cluster-scoped targets', () => {
    expect(parseTargetAnnotation('apps/v1 Deployment web/web')).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'web', name: 'web' });
    expect(parseTargetAnnotation('cert-manager.io/v1 ClusterIssuer letsencrypt')).toEqual({ apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', name: 'letsencrypt' });
  });

  test.each(['', 'apps/v1 Deployment', 'apps/v1 Deployment web/', 'apps/v1 Deployment /web', 'apps/v1 Deployment a/b/c', 'a b c d'])('%j is not one', (value) => {
    expect(parseTargetAnnotation(value)).toBeUndefined();
  });
});

describe('ownerTarget', () => {
  test('the controller owner first, in the run namespace unless cluster-scoped', () => {
    const metadata = {
      ownerReferences: [
        { apiVersion: 'v1', kind: 'ConfigMap', name: 'settings', uid: 'u1' },
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'u2', controller: true },
      ],
    };
    expect(ownerTarget(metadata, 'web')).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'web', name: 'web' });
    expect(ownerTarget({ ownerReferences: [{ apiVersion: 'v1', kind: 'Namespace', name: 'team-a', uid: 'u' }] }, 'team-a'))
      .toEqual({ apiVersion: 'v1', kind: 'Namespace', name: 'team-a' });
    expect(ownerTarget({}, 'web')).toBeUndefined();
    expect(ownerTarget({ ownerReferences: [{ kind: 'Deployment' }] }, 'web')).toBeUndefined();
  });
});

test('involvedTarget reads an Event\'s involvedObject', () => {
  expect(involvedTarget({ involvedObject: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'team-a', name: 'settings', uid: 'u' } }))
    .toEqual({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'team-a', name: 'settings' });
  expect(involvedTarget({ involvedObject: { kind: 'Namespace', name: 'team-a' } })).toEqual({ apiVersion: '', kind: 'Namespace', name: 'team-a' });
  expect(involvedTarget({})).toBeUndefined();
});

test('formatTarget and sameTarget', () => {
  const web = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'web', name: 'web' };
  expect(formatTarget(web)).toBe('Deployment web/web');
  expect(formatTarget({ apiVersion: 'v1', kind: 'Namespace', name: 'team-a' })).toBe('Namespace team-a');
  expect(sameTarget(web, { ...web, apiVersion: '' })).toBe(true);
  expect(sameTarget(web, { ...web, apiVersion: 'apps/v1beta1' })).toBe(false);
  expect(sameTarget(web, { ...web, namespace: 'other' })).toBe(false);
});

describe('--target', () => {
  const web = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'web', name: 'web' };
  test.each(['deployment/web', 'Deployment/web', 'deployments/web', 'DEPLOYMENT/web'])('%s names Deployment web/web', (value) => {
    expect(targetMatches(web, parseTargetFilter(value)!)).toBe(true);
  });

  test('another kind or name does not match, nor does an unknown target', () => {
    expect(targetMatches(web, parseTargetFilter('configmap/web')!)).toBe(false);
    expect(targetMatches(web, parseTargetFilter('deployment/api')!)).toBe(false);
    expect(targetMatches(undefined, parseTargetFilter('deployment/web')!)).toBe(false);
  });

  test.each(['web', 'deployment/', '/web', 'deployment/web/x', 'deploy ment/web', 'deployment/Web', 'apps.deployment/web'])('%j is refused', (value) => {
    expect(parseTargetFilter(value)).toBeUndefined();
  });
});
