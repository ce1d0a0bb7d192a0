import { Severity } from './finding';

/**
 * Every rule the linter has, with its severity. docs/lint.md describes each one; the ids are
 * stable, so they can be disabled by name.
 */
export const LINT_RULES: ReadonlyMap<string, Severity> = new Map([
  // What the controllers reject (controller-rules.ts).
  ...errors(
    'sensor/no-dependencies', 'sensor/dependency-missing-name', 'sensor/dependency-missing-event-source-name',
    'sensor/dependency-missing-event-name', 'sensor/duplicate-event-dependency', 'sensor/logical-operator',
    'sensor/expr-filter-incomplete', 'sensor/data-filter-comparator', 'sensor/data-filter-incomplete',
    'sensor/context-filter-empty', 'sensor/time-filter-timezone', 'sensor/time-filter-format',
    'sensor/time-filter-empty-window', 'sensor/no-triggers', 'sensor/trigger-missing-template',
    'sensor/trigger-missing-name', 'sensor/duplicate-trigger-name', 'sensor/conditions-reset-missing-by-time',
    'sensor/conditions-reset-cron', 'sensor/conditions-reset-timezone', 'sensor/trigger-missing-field',
    'sensor/trigger-operation', 'sensor/http-method', 'sensor/openwhisk-auth-token', 'sensor/email-port',
    'sensor/parameter-missing-src', 'sensor/parameter-missing-dependency-name', 'sensor/parameter-missing-dest',
    'sensor/parameter-operation', 'sensor/policy-missing-labels', 'sensor/policy-missing-allow',
    'sensor/dlq-requires-at-least-once',
    'eventsource/duplicate-event-name', 'eventsource/mixed-deployment-strategies',
    'eventsource/resource-missing-field', 'eventsource/selector-missing-key',
    'eventbus/no-type', 'eventbus/nats-native-and-exotic', 'eventbus/nats-missing-mode', 'eventbus/missing-field',
    'eventbus/jetstream-replicas',
  ),
  ...warnings('eventbus/multiple-types'),
  // Structure (structure.ts).
  ...errors('structure/unknown-field', 'structure/type'),
  ...warnings('sensor/field-ignored-by-version', 'eventsource/field-ignored-by-version', 'eventbus/field-ignored-by-version'),
  // Runtime traps (runtime-rules.ts, event-references.ts, inline-secrets.ts, rbac-rules.ts).
  ...errors(
    'sensor/conditions-syntax', 'sensor/conditions-unknown-dependency', 'sensor/dependency-name-collision',
    'sensor/rate-limit-requests', 'sensor/data-filter-regex', 'sensor/unknown-event', 'sensor/event-bus-mismatch',
    'eventsource/field-filter-operation', 'eventsource/field-filter-regex', 'eventsource/unknown-event-type',
    'sensor/lua-syntax', 'sensor/expr-syntax',
  ),
  ...warnings(
    'sensor/retry-without-at-least-once', 'sensor/http-without-status-policy', 'sensor/payload-without-value',
    'sensor/k8s-create-fixed-name', 'sensor/slack-parameters-ignored', 'sensor/log-interval-ignored',
    'sensor/unanchored-name-regex', 'sensor/unknown-event-source',
    'eventsource/unanchored-name-regex', 'eventsource/add-without-after-start', 'eventbus/nats-streaming',
    'backoff/integer-duration', 'security/inline-secret', 'rbac/eventsource-watch', 'rbac/sensor-trigger',
  ),
  // Across manifests (duplicate-objects.ts).
  ...errors('manifest/duplicate-object'),
]);

function errors(...ids: string[]): Array<[string, Severity]> {
  return ids.map((id) => [id, 'error']);
}

function warnings(...ids: string[]): Array<[string, Severity]> {
  return ids.map((id) => [id, 'warning']);
}
