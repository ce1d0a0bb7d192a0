import { Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import { ArgoCdNotificationHook, HookPhase, SyncHook } from './argocd';
import { EventValue, HookTarget, HttpMethod, ResourceWatch, Trigger } from './hooks';

// cdk8s-plus already runs containers as non-root with a read-only root filesystem and no
// privilege escalation; dropping every capability completes it. (Hook Jobs get this by default.)
const HARDENED: kplus.ContainerSecurityContextProps = {
  ensureNonRoot: true,
  readOnlyRootFilesystem: true,
  allowPrivilegeEscalation: false,
  capabilities: { drop: [kplus.Capability.ALL] },
};

/**
 * The example app: a web Deployment whose completed rollouts purge the CDN and whose image
 * changes run a smoke test, and team ConfigMaps whose changes run that team's Job (argo-cd #7691):
 * one on any change of its data, one when Argo CD's sync actually applied it.
 */
export class WebChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'web', ...props });

    const web = new kplus.Deployment(this, 'web', {
      metadata: { name: 'web' },
      replicas: 3,
      containers: [{ image: 'ghcr.io/acme/web:1.4.2', portNumber: 8080, securityContext: HARDENED }],
    });
    // Created out of band (sealed-secrets, external-secrets…): never commit the token itself.
    const cdnToken = kplus.Secret.fromSecretName(this, 'cdn-token', 'cdn-token');

    const webWatch = new ResourceWatch(this, 'web-watch', { target: HookTarget.fromConstruct(web) });
    // Purge once the new version is live everywhere, not when the change is merely accepted.
    webWatch.onRolloutComplete('purge-cdn', {
      triggers: [Trigger.http({
        url: 'https://api.fastly.com/service/abc123/purge_all',
        method: HttpMethod.POST,
        secretHeaders: [{ name: 'Fastly-Key', secret: cdnToken, key: 'token' }],
      })],
    });

    const smokeTest = new kplus.Job(this, 'smoke-test', {
      backoffLimit: 1,
      containers: [{
        image: 'ghcr.io/acme/smoke-test:2.0.0',
        args: ['--base-url', 'http://web.web.svc:8080'],
      }],
    });
    webWatch.onFieldChange('smoke-test', {
      paths: ['spec.template.spec.containers'],
      triggers: [Trigger.job({
        job: smokeTest,
        env: { WEB_IMAGE: EventValue.fromPath('body.spec.template.spec.containers.0.image') },
      })],
    });

    // Application-level hooks still have their place: a database migration before anything of
    // the Application is applied, on every full sync.
    const migrate = new kplus.Job(this, 'migrate', {
      backoffLimit: 1,
      containers: [{ image: 'ghcr.io/acme/web-migrate:1.4.2', args: ['up'], securityContext: HARDENED }],
    });
    new SyncHook(this, 'migrate-hook', { job: migrate, phases: [HookPhase.PRE_SYNC], wave: -1 });

    // The notifications-controller alternative: call CI after a sync that created or changed the
    // Deployment (see docs/argocd.md for when to prefer it).
    new ArgoCdNotificationHook(this, 'web-synced', {
      resource: web,
      url: 'https://ci.example.com',
      path: '/hooks/web-synced',
      secretHeaders: [{ name: 'Authorization', secretKey: 'ci-token', valuePrefix: 'Bearer ' }],
    });
  }
}

/** Teams' settings, each in its own namespace: a change runs the team's reconcile Job. */
export class TeamChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'team-a', ...props });

    const settings = new kplus.ConfigMap(this, 'settings', {
      metadata: { name: 'team-a-settings' },
      data: { 'renovate.json': '{"extends":["config:recommended"]}' },
    });
    const watch = new ResourceWatch(this, 'settings-watch', { target: HookTarget.fromConstruct(settings) });
    watch.onFieldChange('apply-settings', {
      paths: ['data'],
      triggers: [Trigger.job({
        job: new kplus.Job(this, 'apply-settings-job', {
          backoffLimit: 2,
          containers: [{ image: 'ghcr.io/acme/team-reconciler:1.0.0', args: ['--team', 'team-a'] }],
        }),
      })],
    });

    // Team B's settings live in another namespace of the same Argo CD Application; its Job runs
    // only when a sync of that Application actually applied the ConfigMap.
    const teamB = new kplus.ConfigMap(this, 'team-b-settings', {
      metadata: { name: 'team-b-settings', namespace: 'team-b' },
      data: { 'renovate.json': '{"extends":["config:recommended"],"automerge":true}' },
    });
    new ResourceWatch(this, 'team-b-watch', { target: HookTarget.fromConstruct(teamB) }).onArgoCdSync('apply-settings', {
      application: 'teams',
      triggers: [Trigger.job({
        namespace: 'team-b',
        job: new kplus.Job(this, 'team-b-apply-settings-job', {
          backoffLimit: 2,
          containers: [{ image: 'ghcr.io/acme/team-reconciler:1.0.0', args: ['--team', 'team-b'] }],
        }),
      })],
    });
  }
}
