import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { HookTarget } from '../../src';
import { namespacedChart } from '../support/charts';

describe('HookTarget.fromConstruct', () => {
  test('derives group, version, plural, namespace, name and labels of a cdk8s-plus resource', () => {
    const chart = namespacedChart('shop');
    const web = new kplus.Deployment(chart, 'web', {
      metadata: { name: 'web', labels: { tier: 'front' } },
      containers: [{ image: 'nginx' }],
    });
    const target = HookTarget.fromConstruct(web);
    expect(target).toMatchObject({
      apiVersion: 'apps/v1', kind: 'Deployment', group: 'apps', version: 'v1', resource: 'deployments',
      name: 'web', namespace: 'shop', labels: { tier: 'front' }, hasGeneration: true,
    });
    expect(target.toString()).toBe('Deployment shop/web');
  });

  test('works on a plain ApiObject of a custom resource', () => {
    const chart = namespacedChart();
    const obj = new ApiObject(chart, 'cert', { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'tls' } });
    const target = HookTarget.fromConstruct(obj);
    expect(target).toMatchObject({ group: 'cert-manager.io', version: 'v1', resource: 'certificates', hasGeneration: true });
  });

  test('knows that ConfigMaps have no generation', () => {
    const chart = namespacedChart();
    const cm = new kplus.ConfigMap(chart, 'cm', { data: { a: 'b' } });
    expect(HookTarget.fromConstruct(cm)).toMatchObject({ group: '', version: 'v1', resource: 'configmaps', hasGeneration: false });
  });

  test('fails on an object without namespace', () => {
    const chart = new Chart(Testing.app(), 'nons');
    const cm = new kplus.ConfigMap(chart, 'cm', { metadata: { name: 'settings' } });
    expect(() => HookTarget.fromConstruct(cm)).toThrow(/nons\/cm: ConfigMap "settings" has no namespace.*set `namespace` on its chart/);
  });
});

describe('HookTarget.fromReference', () => {
  test.each([
    ['networking.k8s.io/v1', 'Ingress', 'ingresses'],
    ['networking.k8s.io/v1', 'NetworkPolicy', 'networkpolicies'],
    ['v1', 'Endpoints', 'endpoints'],
    ['argoproj.io/v1alpha1', 'EventBus', 'eventbus'],
    ['apps/v1', 'DaemonSet', 'daemonsets'],
    ['v1', 'Service', 'services'],
    ['example.com/v1', 'Policy', 'policies'],
    ['example.com/v1', 'Mailbox', 'mailboxes'],
  ])('%s %s → %s', (apiVersion, kind, plural) => {
    expect(HookTarget.fromReference({ apiVersion, kind, namespace: 'ns' }).resource).toBe(plural);
  });

  test('uses the plural it is given', () => {
    expect(HookTarget.fromReference({ apiVersion: 'example.com/v1', kind: 'Octopus', plural: 'octopi', namespace: 'ns' }).resource).toBe('octopi');
  });

  test('accepts cluster-scoped kinds without namespace', () => {
    expect(HookTarget.fromReference({ apiVersion: 'v1', kind: 'Namespace', name: 'team-a' }).namespace).toBeUndefined();
  });

  test.each([
    [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, /namespace is required for the namespaced kind Deployment/],
    [{ apiVersion: 'v1', kind: 'Namespace', namespace: 'x' }, /Namespace is cluster-scoped, so namespace "x" cannot apply/],
    [{ apiVersion: 'apps', kind: 'Deployment', namespace: 'x' }, /apiVersion "apps" is malformed/],
    [{ apiVersion: 'apps/v1', kind: 'deployment', namespace: 'x' }, /kind "deployment" is malformed/],
    [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'Web_1', namespace: 'x' }, /name "Web_1" is not a DNS-1123 subdomain/],
    [{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'X' }, /namespace "X" is not a DNS-1123 label/],
    [{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'x', plural: 'Deployments' }, /plural "Deployments" is not a resource name/],
    [{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'x', labels: { 'a b': 'c' } }, /labels key "a b" has a name part "a b" with characters other than/],
  ])('fails on bad reference %#', (reference, message) => {
    expect(() => HookTarget.fromReference(reference as any)).toThrow(message);
  });
});
