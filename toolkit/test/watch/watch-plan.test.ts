import { planWatches } from '../../src/watch/watch-plan';

const eventSource = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'EventSource',
  metadata: { name: 'hub', namespace: 'ops' },
  spec: {
    resource: {
      web: {
        group: 'apps', version: 'v1', resource: 'deployments', namespace: 'web', eventTypes: ['UPDATE'],
        filter: { labels: [{ key: 'tier', operation: '=', value: 'front' }, { key: 'app', value: 'web' }] },
      },
      'web-again': {
        group: 'apps', version: 'v1', resource: 'deployments', namespace: 'web', eventTypes: ['ADD'],
        filter: { labels: [{ key: 'app', operation: '=', value: 'web' }, { key: 'tier', value: 'front' }] },
      },
      settings: { version: 'v1', resource: 'configmaps', eventTypes: ['ADD', 'UPDATE'] },
      elsewhere: { version: 'v1', resource: 'secrets', namespace: 'other', eventTypes: ['DELETE'] },
      broken: { resource: 'pods', eventTypes: ['ADD'] },
    },
    webhook: { hook: { port: '12000', endpoint: '/x', method: 'POST' } },
  },
};

const others = [
  { apiVersion: 'example.com/v1', kind: 'EventSource', metadata: { name: 'not-argo' }, spec: { resource: { x: { version: 'v1', resource: 'pods', eventTypes: ['ADD'] } } } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } },
  'not an object',
];

test('one watch per distinct namespace, group, version, resource and label selector', () => {
  const plan = planWatches([eventSource, ...others]);
  expect(plan.watches.map((w) => ({ target: w.target, events: w.events }))).toEqual([
    {
      target: { group: 'apps', version: 'v1', resource: 'deployments', namespace: 'web', labelSelector: 'app=web,tier=front' },
      events: ['ops/hub/web', 'ops/hub/web-again'],
    },
    { target: { group: '', version: 'v1', resource: 'configmaps', namespace: '', labelSelector: '' }, events: ['ops/hub/settings'] },
    { target: { group: '', version: 'v1', resource: 'secrets', namespace: 'other', labelSelector: '' }, events: ['ops/hub/elsewhere'] },
  ]);
  expect(plan.watches[0].selector?.matches({ app: 'web', tier: 'front' })).toBe(true);
  expect(plan.watches[0].selector?.matches({ app: 'web' })).toBe(false);
  expect(plan.watches[1].selector).toBeUndefined();
  expect(plan.skipped).toEqual(['ops/hub/broken: the informer cannot start (no version)']);
});

test('--namespace narrows watches of every namespace and leaves out other namespaces', () => {
  const plan = planWatches([eventSource], { namespace: 'web' });
  expect(plan.watches.map((w) => `${w.target.resource} in ${w.target.namespace}`)).toEqual(['deployments in web', 'configmaps in web']);
  expect(plan.skipped).toEqual([
    'ops/hub/elsewhere: watches namespace other, outside --namespace web',
    'ops/hub/broken: the informer cannot start (no version)',
  ]);
});

test('manifests without resource EventSources plan nothing', () => {
  expect(planWatches(others)).toEqual({ watches: [], skipped: [] });
});
