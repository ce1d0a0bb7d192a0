import { Duration, Testing } from 'cdk8s';
import { KubeVelaApplication, KubeVelaWorkflowMode } from '../../src/argocd';

const api = { name: 'api', componentType: 'webservice', properties: { image: 'ghcr.io/acme/api:1.4.2', port: 8080 } };

describe('KubeVelaApplication', () => {
  test('defaults', () => {
    const chart = Testing.chart();
    new KubeVelaApplication(chart, 'app', { components: [api] });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('components with traits and no workflow', () => {
    const chart = Testing.chart();
    new KubeVelaApplication(chart, 'app', {
      metadata: { name: 'api' },
      components: [{ ...api, traits: [{ traitType: 'scaler', properties: { replicas: 2 } }, { traitType: 'expose' }] }],
    });
    const [manifest] = Testing.synth(chart);
    expect(manifest.apiVersion).toBe('core.oam.dev/v1beta1');
    expect(manifest.kind).toBe('Application');
    expect(manifest.spec).toEqual({
      components: [{
        name: 'api', type: 'webservice', properties: { image: 'ghcr.io/acme/api:1.4.2', port: 8080 },
        traits: [{ type: 'scaler', properties: { replicas: 2 } }, { type: 'expose' }],
      }],
    });
  });

  test('workflow steps with all fields, mode and publish version', () => {
    const chart = Testing.chart();
    new KubeVelaApplication(chart, 'app', {
      components: [api],
      workflowMode: KubeVelaWorkflowMode.DAG,
      publishVersion: 'v7',
      workflowSteps: [
        { name: 'deploy', stepType: 'apply-component', properties: { component: 'api' }, timeout: Duration.minutes(5) },
        { name: 'notify', stepType: 'request', dependsOn: ['deploy'], condition: 'status.deploy.succeeded', properties: { url: 'https://ci.example.com' } },
      ],
    });
    const [manifest] = Testing.synth(chart);
    expect(manifest.metadata.annotations).toEqual({ 'app.oam.dev/publishVersion': 'v7' });
    expect(manifest.spec.workflow).toEqual({
      mode: { steps: 'DAG' },
      steps: [
        { name: 'deploy', type: 'apply-component', timeout: '300s', properties: { component: 'api' } },
        { name: 'notify', type: 'request', if: 'status.deploy.succeeded', dependsOn: ['deploy'], properties: { url: 'https://ci.example.com' } },
      ],
    });
  });

  describe('validation', () => {
    test('fails without components', () => {
      expect(() => new KubeVelaApplication(Testing.chart(), 'app', { components: [] }))
        .toThrow('test/app: components is empty; a KubeVela Application needs at least one component');
    });

    test('fails with duplicate component names', () => {
      expect(() => new KubeVelaApplication(Testing.chart(), 'app', { components: [api, api] }))
        .toThrow("test/app: components has the name 'api' twice; names must be unique");
    });

    test('fails with a component name that is not a DNS label', () => {
      expect(() => new KubeVelaApplication(Testing.chart(), 'app', { components: [{ ...api, name: 'API' }] }))
        .toThrow("test/app: components has the name 'API', which is not a lowercase DNS label; use letters, digits and '-'");
    });

    test('fails with a workflow mode but no steps', () => {
      expect(() => new KubeVelaApplication(Testing.chart(), 'app', { components: [api], workflowMode: KubeVelaWorkflowMode.DAG }))
        .toThrow('test/app: workflowMode is set without workflowSteps; it only orders explicit steps, so add workflowSteps or remove workflowMode');
    });

    test('fails with duplicate step names', () => {
      const step = { name: 'deploy', stepType: 'apply-component' };
      expect(() => new KubeVelaApplication(Testing.chart(), 'app', { components: [api], workflowSteps: [step, step] }))
        .toThrow("test/app: workflowSteps has the name 'deploy' twice; names must be unique");
    });

    test('fails when a step depends on an unknown step', () => {
      expect(() => new KubeVelaApplication(Testing.chart(), 'app', {
        components: [api],
        workflowSteps: [{ name: 'deploy', stepType: 'apply-component' }, { name: 'notify', stepType: 'request', dependsOn: ['deplyo'] }],
      })).toThrow("test/app: workflow step 'notify' depends on 'deplyo', which is not a step of this workflow; depend on one of deploy");
    });

    test('fails when a step depends on itself', () => {
      expect(() => new KubeVelaApplication(Testing.chart(), 'app', {
        components: [api],
        workflowSteps: [{ name: 'deploy', stepType: 'apply-component', dependsOn: ['deploy'] }],
      })).toThrow("test/app: workflow step 'deploy' depends on 'deploy', which is the step itself; remove it from dependsOn");
    });
  });
});
