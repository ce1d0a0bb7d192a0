import { App, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import { EventValue, HookTarget, ResourceWatch, Trigger } from 'cdk8s-resource-hooks';

export class WebChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'web', ...props });

    const web = new kplus.Deployment(this, 'web', {
      metadata: { name: 'web' },
      replicas: 3,
      containers: [{ image: 'ghcr.io/acme/web:1.0.0', portNumber: 8080 }],
    });
    const settings = new kplus.ConfigMap(this, 'settings', { data: { mode: 'blue' } });
    // Created out of band (sealed-secrets, external-secrets …): never commit the token itself.
    const cdnToken = kplus.Secret.fromSecretName(this, 'cdn-token', 'cdn-token');

    const watch = new ResourceWatch(this, 'web-watch', { target: HookTarget.fromConstruct(web) });
    // Once the new version is live everywhere: purge the CDN.
    watch.onRolloutComplete('purge-cdn', {
      triggers: [Trigger.http({
        url: 'https://api.fastly.com/service/abc123/purge_all',
        secretHeaders: [{ name: 'Fastly-Key', secret: cdnToken, key: 'token' }],
      })],
    });
    // When the image changes: a smoke test, told which image it tests.
    watch.onFieldChange('smoke-test', {
      paths: ['spec.template.spec.containers'],
      triggers: [Trigger.job({
        job: new kplus.Job(this, 'smoke-test', { containers: [{ image: 'ghcr.io/acme/smoke-test:2.0.0' }] }),
        env: { WEB_IMAGE: EventValue.fromPath('body.spec.template.spec.containers.0.image') },
      })],
    });
    // When the settings change: log it (swap in any trigger).
    new ResourceWatch(this, 'settings-watch', { target: HookTarget.fromConstruct(settings) })
      .onFieldChange('settings-changed', { paths: ['data'], triggers: [Trigger.log()] });
  }
}

const app = new App();
new WebChart(app, 'consumer');
app.synth();
