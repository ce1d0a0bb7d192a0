import { Finding } from '../../src/lint/finding';
import { checkInlineSecrets } from '../../src/lint/inline-secrets';

function paths(findings: Finding[]): string[] {
  return findings.map((f) => {
    expect([f.rule, f.severity]).toEqual(['security/inline-secret', 'warning']);
    return f.path;
  });
}

function sensor(http: Record<string, unknown>, parameters?: unknown[]): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Sensor',
    metadata: { name: 'hooks' },
    spec: { triggers: [{ ...(parameters ? { parameters } : {}), template: { name: 'call', http } }] },
  };
}

describe('checkInlineSecrets', () => {
  test('headers that carry credentials with a literal value', () => {
    const s = sensor({
      url: 'https://example.com',
      headers: {
        'Authorization': 'Bearer abc', 'X-Api-Key': 'k', 'X-Auth-Token': 't', 'Cookie': 'session=1',
        'Content-Type': 'application/json', 'X-Author': 'me',
      },
    });
    expect(paths(checkInlineSecrets('Sensor', s))).toEqual([
      'spec.triggers[0].template.http.headers.Authorization',
      'spec.triggers[0].template.http.headers.X-Api-Key',
      'spec.triggers[0].template.http.headers.X-Auth-Token',
      'spec.triggers[0].template.http.headers.Cookie',
    ]);
  });

  test('a header overwritten by a parameter, an empty one or a placeholder is not reported', () => {
    const s = sensor({
      url: 'https://example.com',
      headers: { 'Authorization': 'placeholder', 'X-Token': '', 'X-Api-Key': '{{ .Values.key }}' },
    }, [{ src: { dependencyName: 'd', value: 'x' }, dest: 'http.headers.Authorization' }]);
    expect(checkInlineSecrets('Sensor', s)).toEqual([]);
    const t = sensor({ url: 'https://example.com', headers: { Authorization: 'x' }, parameters: [{ dest: 'headers.Authorization' }] });
    expect(checkInlineSecrets('Sensor', t)).toEqual([]);
  });

  test('URLs with a password or a credential in the query, anywhere in the spec', () => {
    const s = sensor({ url: 'https://user:hunter2@example.com/hook?x=1' });
    s.spec.triggers[0].dlqTrigger = {
      template: { name: 'dlq', kafka: { url: 'kafka:9092', topic: 't', headers: { 'x-secret': 's' } } },
    };
    s.spec.triggers.push({ template: { name: 'notify', http: { url: 'https://hooks.example.com/notify?token=abc123' } } });
    const findings = checkInlineSecrets('Sensor', s);
    expect(paths(findings)).toEqual([
      'spec.triggers[0].template.http.url',
      'spec.triggers[1].template.http.url',
      'spec.triggers[0].dlqTrigger.template.kafka.headers.x-secret',
    ]);
    expect(findings[0].message).toMatch(/contains a password/);
    expect(findings[1].message).toMatch(/query string \(token=…\)/);
  });

  test('EventSources and EventBuses too; user names without password and placeholders are fine', () => {
    const es = {
      kind: 'EventSource',
      spec: { amqp: { orders: { url: 'amqp://guest:guest@rabbitmq:5672/' } }, webhook: { push: { url: 'http://user@host' } } },
    };
    expect(paths(checkInlineSecrets('EventSource', es))).toEqual(['spec.amqp.orders.url']);
    const bus = { kind: 'EventBus', spec: { jetstreamExotic: { url: 'nats://app:$(NATS_PASSWORD)@nats:4222' } } };
    expect(checkInlineSecrets('EventBus', bus)).toEqual([]);
  });
});
