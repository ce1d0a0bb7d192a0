import { ApiObject, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as YAML from 'yaml';
import { ArgoCdNotificationsConfig, NotificationWebhookMethod } from '../../src/argocd';

function populated(chart: Chart, id = 'notifications'): ArgoCdNotificationsConfig {
  const config = new ArgoCdNotificationsConfig(chart, id);
  config.addWebhookService('ci', {
    url: 'https://ci.example.com',
    headers: { 'Content-Type': 'application/json' },
    secretHeaders: [{ name: 'Authorization', secretKey: 'ci-token', valuePrefix: 'Bearer ' }],
  });
  config.addWebhookTemplate('team-a-webhook', {
    service: 'ci',
    method: NotificationWebhookMethod.POST,
    path: '/hooks/team-a',
    body: '{"app":"{{.app.metadata.name}}"}',
  });
  config.addTrigger('on-team-a-applied', {
    when: "app.status?.operationState?.phase == 'Succeeded'",
    oncePer: 'app.status.operationState.finishedAt',
    send: ['team-a-webhook'],
  });
  return config;
}

describe('ArgoCdNotificationsConfig', () => {
  test('defaults', () => {
    const chart = Testing.chart();
    populated(chart);
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('entries parse back to the notifications engine shapes', () => {
    const chart = Testing.chart();
    populated(chart);
    const [manifest] = Testing.synth(chart);
    expect(manifest.metadata).toEqual({ name: 'argocd-notifications-cm', namespace: 'argocd' });
    expect(YAML.parse(manifest.data['service.webhook.ci'])).toEqual({
      url: 'https://ci.example.com',
      headers: [
        { name: 'Content-Type', value: 'application/json' },
        { name: 'Authorization', value: 'Bearer $ci-token' },
      ],
    });
    expect(YAML.parse(manifest.data['template.team-a-webhook'])).toEqual({
      webhook: { ci: { method: 'POST', path: '/hooks/team-a', body: '{"app":"{{.app.metadata.name}}"}' } },
    });
    expect(YAML.parse(manifest.data['trigger.on-team-a-applied'])).toEqual([{
      when: "app.status?.operationState?.phase == 'Succeeded'",
      oncePer: 'app.status.operationState.finishedAt',
      send: ['team-a-webhook'],
    }]);
  });

  test('optional fields are left out', () => {
    const chart = Testing.chart();
    const config = new ArgoCdNotificationsConfig(chart, 'notifications', { namespace: 'gitops' });
    config.addWebhookService('plain', { url: 'http://hooks.internal', insecureSkipVerify: true });
    config.addWebhookTemplate('ping', { service: 'plain' });
    config.addTrigger('always', { when: 'true', send: ['ping'], description: 'always' });
    const [manifest] = Testing.synth(chart);
    expect(manifest.metadata.namespace).toBe('gitops');
    expect(YAML.parse(manifest.data['service.webhook.plain'])).toEqual({ url: 'http://hooks.internal', insecureSkipVerify: true });
    expect(YAML.parse(manifest.data['template.ping'])).toEqual({ webhook: { plain: {} } });
    expect(YAML.parse(manifest.data['trigger.always'])).toEqual([{ description: 'always', when: 'true', send: ['ping'] }]);
  });

  test('entries added after construction are rendered, and data returns them', () => {
    const chart = Testing.chart();
    const config = populated(chart);
    config.addWebhookService('late', { url: 'https://late.example.com' });
    expect(Object.keys(Testing.synth(chart)[0].data)).toContain('service.webhook.late');
    expect(Object.keys(config.data)).toEqual(['service.webhook.ci', 'service.webhook.late', 'template.team-a-webhook', 'trigger.on-team-a-applied']);
  });

  test('an identical entry may be added twice', () => {
    const config = new ArgoCdNotificationsConfig(Testing.chart(), 'notifications');
    config.addWebhookService('ci', { url: 'https://ci.example.com' });
    config.addWebhookService('ci', { url: 'https://ci.example.com' });
    expect(Object.keys(config.data)).toEqual(['service.webhook.ci']);
  });

  test('of() returns one configuration per chart', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    const nested = new Construct(a, 'nested');
    expect(ArgoCdNotificationsConfig.of(nested)).toBe(ArgoCdNotificationsConfig.of(a));
    expect(ArgoCdNotificationsConfig.of(b)).not.toBe(ArgoCdNotificationsConfig.of(a));
    expect(ArgoCdNotificationsConfig.of(a).node.path).toBe('a/ArgoCdNotificationsConfig');
  });

  test('the ConfigMap is the default child', () => {
    const config = new ArgoCdNotificationsConfig(Testing.chart(), 'notifications');
    expect(ApiObject.of(config)).toBe(config.apiObject);
  });

  describe('validation', () => {
    test('fails at synth when nothing was added', () => {
      const chart = Testing.chart();
      new ArgoCdNotificationsConfig(chart, 'notifications');
      expect(() => Testing.synth(chart)).toThrow('test/notifications: no services, templates or triggers were added; add some or remove the construct');
    });

    test('fails when the shared id is taken by another construct', () => {
      const chart = Testing.chart();
      new Construct(chart, 'ArgoCdNotificationsConfig');
      expect(() => ArgoCdNotificationsConfig.of(chart))
        .toThrow("test/ArgoCdNotificationsConfig: the id 'ArgoCdNotificationsConfig' is taken by another construct; rename it so that the shared notifications configuration can be created");
    });

    test('fails with a name Argo CD would split', () => {
      const config = new ArgoCdNotificationsConfig(Testing.chart(), 'notifications');
      expect(() => config.addWebhookService('ci.prod', { url: 'https://ci.example.com' }))
        .toThrow("test/notifications: service name 'ci.prod' is not a lowercase DNS label; Argo CD splits notification keys on '.', so use letters, digits and '-' only");
    });

    test('fails with a URL that is not http(s)', () => {
      const config = new ArgoCdNotificationsConfig(Testing.chart(), 'notifications');
      expect(() => config.addWebhookService('ci', { url: 'ci.example.com' }))
        .toThrow("test/notifications: url 'ci.example.com' of webhook service 'ci' is not an http(s) URL; use e.g. https://ci.example.com");
    });

    test('fails with a plain header that looks like a secret reference', () => {
      const config = new ArgoCdNotificationsConfig(Testing.chart(), 'notifications');
      expect(() => config.addWebhookService('ci', { url: 'https://ci.example.com', headers: { Authorization: 'Bearer $token' } }))
        .toThrow("test/notifications: header 'Authorization' of webhook service 'ci' has the value 'Bearer $token', which Argo CD would read as a secret reference; move it to secretHeaders");
    });

    test('fails with a secret key Argo CD cannot substitute', () => {
      const config = new ArgoCdNotificationsConfig(Testing.chart(), 'notifications');
      expect(() => config.addWebhookService('ci', { url: 'https://ci.example.com', secretHeaders: [{ name: 'Authorization', secretKey: 'ci.token' }] }))
        .toThrow("test/notifications: secretKey 'ci.token' of header 'Authorization' cannot be referenced; Argo CD substitutes only $keys made of letters, digits, '_' and '-', so rename the key in argocd-notifications-secret");
    });

    test('fails with a template path without a leading slash', () => {
      const config = new ArgoCdNotificationsConfig(Testing.chart(), 'notifications');
      expect(() => config.addWebhookTemplate('ping', { service: 'ci', path: 'hooks' }))
        .toThrow("test/notifications: path 'hooks' of template 'ping' does not start with '/'; it is appended to the service URL, so write '/hooks'");
    });

    test('fails with an empty trigger condition', () => {
      const config = new ArgoCdNotificationsConfig(Testing.chart(), 'notifications');
      expect(() => config.addTrigger('t', { when: ' ', send: ['ping'] }))
        .toThrow("test/notifications: when of trigger 't' is empty; give an expr-lang condition over app");
    });

    test('fails with a trigger that sends nothing', () => {
      const config = new ArgoCdNotificationsConfig(Testing.chart(), 'notifications');
      expect(() => config.addTrigger('t', { when: 'true', send: [] }))
        .toThrow("test/notifications: send of trigger 't' is empty; list the templates to send");
    });

    test('fails when an entry is redefined differently', () => {
      const config = new ArgoCdNotificationsConfig(Testing.chart(), 'notifications');
      config.addWebhookService('ci', { url: 'https://ci.example.com' });
      expect(() => config.addWebhookService('ci', { url: 'https://other.example.com' }))
        .toThrow('test/notifications: service.webhook.ci is already defined with different content; give the second one another name');
    });
  });
});
