import { KindIndex } from '../../src/explain/kinds';

describe('KindIndex', () => {
  test('knows built-in and Argo kinds by group and plural', () => {
    const kinds = new KindIndex([]);
    expect(kinds.kindOf('apps', 'deployments')).toBe('Deployment');
    expect(kinds.kindOf('', 'configmaps')).toBe('ConfigMap');
    expect(kinds.kindOf('networking.k8s.io', 'ingresses')).toBe('Ingress');
    expect(kinds.kindOf('argoproj.io', 'eventbus')).toBe('EventBus');
    // The group matters: a "deployments" resource of another group is not a Deployment.
    expect(kinds.kindOf('example.com', 'deployments')).toBeUndefined();
    expect(kinds.kindOf('example.com', 'widgets')).toBeUndefined();
  });

  test('learns from CustomResourceDefinitions and other objects in the inputs', () => {
    const kinds = new KindIndex([
      null,
      {
        apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
        spec: { group: 'example.com', names: { kind: 'Octopus', plural: 'octopi' } },
      },
      { apiVersion: 'shop.example.com/v1', kind: 'Cart', metadata: { name: 'c' } },
      { kind: 'NoApiVersion' },
    ]);
    expect(kinds.kindOf('example.com', 'octopi')).toBe('Octopus');
    expect(kinds.kindOf('shop.example.com', 'carts')).toBe('Cart');
  });
});
