import { describeAction } from '../../src/explain/actions';

const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'migrate-' }, spec: {} };

describe('describeAction', () => {
  test('k8s: operation, kind, name, namespace and fields from the event', () => {
    expect(describeAction({ template: { name: 't', k8s: { source: { resource: job } } } }, 'ops'))
      .toEqual({ kind: 'k8s', action: 'create Job migrate-<random> in ops', problems: [] });
    expect(describeAction({
      template: {
        name: 't',
        k8s: {
          operation: 'patch',
          source: { resource: { kind: 'ConfigMap', metadata: { name: 'flags', namespace: 'web' } } },
          parameters: [{ src: { dependencyName: 'd', dataKey: 'body.x' }, dest: 'data.x' }],
        },
      },
    }, undefined).action).toBe('patch (creating it if missing) ConfigMap flags in web, setting 1 field from the event');
    expect(describeAction({ template: { name: 't', k8s: { operation: 'delete', source: { resource: { kind: 'Namespace', metadata: { name: 'tmp' } } } } } }, 'ops').action)
      .toBe('delete Namespace tmp');
    expect(describeAction({ template: { name: 't', k8s: { operation: 'update', liveObject: true, source: { resource: { kind: 'Deployment', metadata: { name: 'web' } } } } } }, undefined).action)
      .toBe('update (creating it if missing) Deployment web in the Sensor\'s namespace (live object)');
    expect(describeAction({ template: { name: 't', k8s: { operation: 'replace', source: { resource: job } } } }, 'ops').problems)
      .toEqual(['k8s operation "replace" is not create, update, patch or delete, so the controller rejects the Sensor']);
  });

  test('k8s names set by parameters: this library\'s deterministic template, other templates, keys', () => {
    const named = (src: Record<string, unknown>, dest = 'metadata.name', where: 'k8s' | 'trigger' = 'k8s'): string => {
      const parameter = { src: { dependencyName: 'd', ...src }, dest };
      return describeAction({
        ...(where === 'trigger' ? { parameters: [parameter] } : {}),
        template: { name: 't', k8s: { source: { resource: job }, ...(where === 'k8s' ? { parameters: [parameter] } : {}) } },
      }, 'ops').action;
    };
    expect(named({ dataTemplate: 'smoke-{{ print "ops/hub/t/" (print .Input.body.metadata.uid "/"\n  .Input.body.metadata.resourceVersion) | sha256sum | trunc 10 }}' }))
      .toBe('create Job smoke-<digest of trigger, uid, metadata.resourceVersion> in ops, deterministic name: one per change');
    expect(named({ dataTemplate: 'smoke-{{ print "ops/hub/t/" (print .Input.body.metadata.uid "/" (.Input.body.metadata.generation | default (print "rv" .Input.body.metadata.resourceVersion))) | sha256sum | trunc 10 }}' }))
      .toBe('create Job smoke-<digest of trigger, uid, metadata.generation (else metadata.resourceVersion)> in ops, deterministic name: one per change');
    expect(named({ dataTemplate: 'run-{{ .Input.body.metadata.name }}' }))
      .toBe('create Job named by template run-{{ .Input.body.metadata.name }} in ops');
    expect(named({ dataKey: 'body.metadata.name' }, 'metadata.generateName'))
      .toBe('create Job named after body.metadata.name of the event<random> in ops');
    expect(named({ dataKey: 'body.metadata.name' }, 'k8s.source.resource.metadata.name', 'trigger'))
      .toBe('create Job named after body.metadata.name of the event in ops');
  });

  test('k8s sources other than an inline object', () => {
    const from = (source: Record<string, unknown>): string => describeAction({ template: { name: 't', k8s: { source } } }, 'ops').action;
    expect(from({ inline: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\n' })).toBe('create Job x in ops');
    expect(from({ inline: 'a: [' })).toBe('create object <no name> in ops from inline YAML that does not parse');
    expect(from({ configmap: { name: 'cm', key: 'wf' } })).toBe('create object <no name> in ops from ConfigMap cm key wf');
    expect(from({ url: { path: 'https://example.com/wf.yaml', verifyCert: true } })).toBe('create object <no name> in ops from URL https://example.com/wf.yaml');
    expect(from({ url: { path: 'https://example.com/wf.yaml' } })).toBe('create object <no name> in ops from URL https://example.com/wf.yaml (TLS not verified)');
    expect(from({ s3: { bucket: { name: 'b', key: 'k.yaml' } } })).toBe('create object <no name> in ops from S3 b/k.yaml');
  });

  test('http: method, URL without secrets, header names only, body', () => {
    const result = describeAction({
      parameters: [{ src: { dependencyName: 'd', dataKey: 'body.url' }, dest: 'http.url' }],
      template: {
        name: 't',
        http: {
          url: 'https://user:hunter2@hooks.example.com/notify?token=s3cret',
          method: 'PUT',
          headers: { 'X-Api-Key': 'inline-secret-value' },
          secureHeaders: [{ name: 'Authorization', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
          dynamicHeaders: [{ src: { dependencyName: 'd', dataKey: 'body.id' }, dest: 'X-Id' }],
          basicAuth: { username: { name: 's', key: 'u' } },
          payload: [{ src: { dependencyName: 'd', dataKey: 'body.a' }, dest: 'a' }, { src: { dependencyName: 'd', dataKey: 'body.b' }, dest: 'b.c' }],
          timeout: 10,
        },
      },
    }, 'ops');
    expect(result.action).toBe('PUT https://***@hooks.example.com/notify?…, URL set from the event, header X-Api-Key, secure header Authorization, '
      + 'header from the event X-Id, basic auth, JSON body with a, b.c from the event, timeout 10s');
    expect(result.action).not.toMatch(/hunter2|s3cret|inline-secret-value/);
    expect(describeAction({ template: { name: 't', http: { url: 'http://x/{{ .Input }}', payload: [{ src: { dependencyName: 'd', dataTemplate: '{{ .Input }}' }, dest: '' }] } } }, 'ops').action)
      .toBe('POST http://x/{{ .Input }}, body from the event');
  });

  test('slack, argoWorkflow, log, email and the other types', () => {
    expect(describeAction({
      parameters: [{ src: { dependencyName: 'd', dataKey: 'body.text' }, dest: 'slack.message' }],
      template: { name: 't', slack: { channel: '#deploys', message: 'x', parameters: [{ src: { dependencyName: 'd' }, dest: 'channel' }] } },
    }, 'ops')).toEqual({
      kind: 'slack',
      action: 'post to Slack #deploys, message from the event',
      problems: ['slack.parameters are ignored by Argo Events; set slack.* destinations in the trigger\'s own parameters'],
    });
    expect(describeAction({ template: { name: 't', argoWorkflow: { operation: 'submit', source: { resource: { kind: 'Workflow', metadata: { generateName: 'ci-', namespace: 'argo' } } } } } }, 'ops').action)
      .toBe('argo submit Workflow ci-<random> in argo');
    expect(describeAction({ template: { name: 't', argoWorkflow: { source: { resource: { kind: 'Workflow' } } } } }, 'ops').problems)
      .toEqual(['argoWorkflow.operation is required (e.g. submit), or the controller rejects the Sensor']);
    expect(describeAction({ template: { name: 't', log: { intervalSeconds: 5 } } }, 'ops').action).toBe('log the event');
    expect(describeAction({ template: { name: 't', email: { to: ['a@example.com', 'b@example.com'], subject: 'Hi' } } }, 'ops').action)
      .toBe('email a@example.com, b@example.com "Hi"');
    expect(describeAction({ template: { name: 't', kafka: { topic: 'orders' } } }, 'ops').action).toBe('send to Kafka topic orders');
    expect(describeAction({ template: { name: 't', azureServiceBus: { topicName: 'events' } } }, 'ops').action).toBe('send to Azure Service Bus events');
    expect(describeAction({ template: { name: 't', nats: {} } }, 'ops').action).toBe('publish to NATS subject <no subject>');
  });

  test('several types run only the first; none does nothing', () => {
    expect(describeAction({ template: { name: 't', log: {}, http: { url: 'http://x' } } }, 'ops')).toEqual({
      kind: 'http', action: 'POST http://x/, empty body', problems: ['the trigger template sets http, log; only http runs'],
    });
    expect(describeAction({ template: { name: 't', openwhisk: { actionName: 'a' } } }, 'ops')).toEqual({
      kind: '', action: 'nothing (no trigger type set)', problems: ['the trigger template sets no trigger type (unknown: openwhisk), so it does nothing'],
    });
  });
});
