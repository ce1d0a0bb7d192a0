/** Manifests and objects shared by the simulator tests. */

export type Obj = Record<string, unknown>;

export const NOW = '2024-07-15T12:00:00Z';

/** A Deployment as the API server returns it. */
export function deployment(overrides: { image?: string; generation?: number; resourceVersion?: string; labels?: Record<string, string>; ready?: number } = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'apps',
      uid: '1f0c5d1e-8c2a-4b7e-9d3f-0a1b2c3d4e5f',
      generation: overrides.generation ?? 1,
      resourceVersion: overrides.resourceVersion ?? '100',
      creationTimestamp: '2024-07-15T11:00:00Z',
      labels: overrides.labels ?? { app: 'web' },
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: overrides.image ?? 'ghcr.io/acme/web:1.0.0' }] },
      },
    },
    status: { readyReplicas: overrides.ready ?? 2, observedGeneration: overrides.generation ?? 1 },
  };
}

export function eventSource(resourceSpec: Obj = {}, name = 'hub'): Obj {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'EventSource',
    metadata: { name, namespace: 'apps' },
    spec: {
      resource: {
        deployments: {
          namespace: 'apps',
          group: 'apps',
          version: 'v1',
          resource: 'deployments',
          eventTypes: ['ADD', 'UPDATE', 'DELETE'],
          ...resourceSpec,
        },
      },
    },
  };
}

export function sensor(spec: Obj, name = 'hub'): Obj {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Sensor', metadata: { name, namespace: 'apps' }, spec };
}

/** A dependency on the Deployment event that passes when the first container's image changed. */
export const imageChanged: Obj = {
  name: 'image-changed',
  eventSourceName: 'hub',
  eventName: 'deployments',
  filters: {
    data: [{ path: 'type', type: 'string', value: ['^UPDATE$'] }],
    exprs: [{
      expr: 'new != old',
      fields: [
        { name: 'new', path: 'body.spec.template.spec.containers.0.image' },
        { name: 'old', path: 'oldBody.spec.template.spec.containers.0.image' },
      ],
    }],
  },
};

/** A k8s trigger creating a Job named after the object's uid and generation. */
export function smokeTestTrigger(dependency = 'image-changed'): Obj {
  return {
    template: {
      name: 'smoke-test',
      conditions: dependency,
      k8s: {
        operation: 'create',
        source: {
          resource: {
            apiVersion: 'batch/v1',
            kind: 'Job',
            metadata: { name: 'smoke-test' },
            spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'smoke', image: 'curlimages/curl' }] } } },
          },
        },
        parameters: [
          { src: { dependencyName: dependency, dataTemplate: 'smoke-{{ .Input.body.metadata.uid | trunc 8 }}-{{ .Input.body.metadata.generation }}' }, dest: 'metadata.name' },
          { src: { dependencyName: dependency, dataKey: 'body.spec.template.spec.containers.0.image' }, dest: 'spec.template.spec.containers.0.env.0.value' },
          { src: { dependencyName: dependency, value: 'IMAGE' }, dest: 'spec.template.spec.containers.0.env.0.name' },
        ],
      },
    },
  };
}
