import { ApiObject, Testing } from 'cdk8s';
import { KubeVelaApplyThenCall, KubeVelaCall } from '../../src/argocd';

const api = { name: 'api', componentType: 'webservice', properties: { image: 'ghcr.io/acme/api:1.4.2', port: 8080 } };
const worker = { name: 'worker', componentType: 'worker', properties: { image: 'ghcr.io/acme/worker:1.4.2' } };

describe('KubeVelaApplyThenCall', () => {
  test('defaults', () => {
    const chart = Testing.chart();
    new KubeVelaApplyThenCall(chart, 'api', {
      components: [api],
      call: KubeVelaCall.request({ url: 'https://ci.example.com/hooks/api', body: { app: 'api' } }),
    });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('applies every component, then calls once all are applied', () => {
    const chart = Testing.chart();
    const construct = new KubeVelaApplyThenCall(chart, 'shop', {
      metadata: { name: 'shop' },
      components: [api, worker],
      call: KubeVelaCall.webhookFromSecret({ secretName: 'ci', secretKey: 'url' }),
      callStepName: 'notify-ci',
      publishVersion: '2026-08-20',
    });
    const [manifest] = Testing.synth(chart);
    expect(ApiObject.of(construct)).toBe(construct.application);
    expect(manifest.metadata).toEqual({ name: 'shop', annotations: { 'app.oam.dev/publishVersion': '2026-08-20' } });
    expect(manifest.spec.components.map((c: any) => c.name)).toEqual(['api', 'worker']);
    expect(manifest.spec.workflow).toEqual({
      steps: [
        { name: 'apply-api', type: 'apply-component', properties: { component: 'api' } },
        { name: 'apply-worker', type: 'apply-component', properties: { component: 'worker' } },
        { name: 'notify-ci', type: 'webhook', dependsOn: ['apply-api', 'apply-worker'], properties: { url: { secretRef: { name: 'ci', key: 'url' } } } },
      ],
    });
  });

  test('fails with a call URL that is not http(s)', () => {
    expect(() => new KubeVelaApplyThenCall(Testing.chart(), 'api', { components: [api], call: KubeVelaCall.webhook({ url: 'ci.example.com' }) }))
      .toThrow("test/api: call URL 'ci.example.com' is not an http(s) URL; use e.g. https://ci.example.com/hooks/deployed");
  });

  test('fails when the call step name collides with an apply step', () => {
    expect(() => new KubeVelaApplyThenCall(Testing.chart(), 'api', {
      components: [api], call: KubeVelaCall.webhook({ url: 'https://ci.example.com' }), callStepName: 'apply-api',
    })).toThrow("test/api: callStepName 'apply-api' is also the name of a step that applies a component; choose another name");
  });

  test('fails without components', () => {
    expect(() => new KubeVelaApplyThenCall(Testing.chart(), 'api', { components: [], call: KubeVelaCall.webhook({ url: 'https://ci.example.com' }) }))
      .toThrow('test/api/Resource: components is empty; a KubeVela Application needs at least one component');
  });
});
