import { WatchTarget, describeTarget, qualifiedResource, resourcePath } from '../../src/watch/resource-client';

const deployments: WatchTarget = { group: 'apps', version: 'v1', resource: 'deployments', namespace: 'web', labelSelector: 'app=web' };
const configmaps: WatchTarget = { group: '', version: 'v1', resource: 'configmaps', namespace: '', labelSelector: '' };

test('paths of the core group and of named groups, namespaced or not', () => {
  expect(resourcePath(deployments)).toBe('/apis/apps/v1/namespaces/web/deployments');
  expect(resourcePath(configmaps)).toBe('/api/v1/configmaps');
  expect(resourcePath({ ...configmaps, namespace: 'a b' })).toBe('/api/v1/namespaces/a%20b/configmaps');
});

test('descriptions name resource, group, version, scope and labels', () => {
  expect(qualifiedResource(deployments)).toBe('deployments.apps');
  expect(qualifiedResource(configmaps)).toBe('configmaps');
  expect(describeTarget(deployments)).toBe('deployments.apps/v1 in namespace web with labels app=web');
  expect(describeTarget(configmaps)).toBe('configmaps/v1 in all namespaces');
});
