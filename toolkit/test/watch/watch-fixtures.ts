/** Manifests and objects shared by the watch tests. */

/** When the simulated EventSource starts. */
export const START = '2024-07-15T12:00:00Z';

/**
 * EventSource `hub` in namespace `web`: `deploy` watches Deployments labelled app=web with
 * `afterStart`; `settings` watches ConfigMaps without it. Sensor `hub` logs each.
 */
export function hubManifests(): any[] {
  return [
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'EventSource',
      metadata: { name: 'hub', namespace: 'web' },
      spec: {
        resource: {
          deploy: {
            group: 'apps', version: 'v1', resource: 'deployments', namespace: 'web', eventTypes: ['ADD', 'UPDATE', 'DELETE'],
            filter: { afterStart: true, labels: [{ key: 'app', operation: '=', value: 'web' }] },
          },
          settings: { version: 'v1', resource: 'configmaps', namespace: 'web', eventTypes: ['ADD'] },
        },
      },
    },
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Sensor',
      metadata: { name: 'hub', namespace: 'web' },
      spec: {
        dependencies: [
          { name: 'd', eventSourceName: 'hub', eventName: 'deploy' },
          { name: 's', eventSourceName: 'hub', eventName: 'settings' },
        ],
        triggers: [
          { template: { name: 'log-deploy', conditions: 'd', log: {} } },
          { template: { name: 'log-settings', conditions: 's', log: {} } },
        ],
      },
    },
  ];
}

/** A Deployment labelled app=web; `changedAt` sets the time of its last update (managedFields). */
export function deployment(name: string, resourceVersion: string, options: { created?: string; changedAt?: string; replicas?: number } = {}): any {
  const created = options.created ?? '2024-01-01T00:00:00Z';
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name, namespace: 'web', uid: `uid-${name}`, resourceVersion, generation: 1, labels: { app: 'web' }, creationTimestamp: created,
      managedFields: [{ manager: 'kubectl', operation: 'Update', apiVersion: 'apps/v1', time: options.changedAt ?? created }],
    },
    spec: { replicas: options.replicas ?? 1 },
  };
}

export function configMap(name: string, resourceVersion: string): any {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'web', uid: `uid-${name}`, resourceVersion, creationTimestamp: '2024-01-01T00:00:00Z' },
    data: { k: 'v' },
  };
}
