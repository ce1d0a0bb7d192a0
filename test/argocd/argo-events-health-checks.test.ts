import { ApiObject, Testing } from 'cdk8s';
import { ArgoEventsHealthChecks } from '../../src/argocd';
import { runHealthScript } from './lua-health';

const SENSOR_KEY = 'resource.customizations.health.argoproj.io_Sensor';
const EVENT_SOURCE_KEY = 'resource.customizations.health.argoproj.io_EventSource';

function condition(type: string, status: string, extra: { reason?: string; message?: string } = {}) {
  return { type, status, lastTransitionTime: '2026-08-20T10:02:10Z', ...extra };
}

function sensor(...conditions: object[]) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Sensor',
    metadata: { name: 'hooks', namespace: 'argo-events' },
    spec: { dependencies: [{ name: 'web', eventSourceName: 'hooks', eventName: 'web' }] },
    status: { conditions },
  };
}

/** The scripts exactly as synthesized into argocd-cm. */
function synthesizedScripts(): { sensor: string; eventSource: string } {
  const chart = Testing.chart();
  new ArgoEventsHealthChecks(chart, 'health');
  const data = Testing.synth(chart)[0].data;
  return { sensor: data[SENSOR_KEY], eventSource: data[EVENT_SOURCE_KEY] };
}

describe('ArgoEventsHealthChecks', () => {
  test('defaults', () => {
    const chart = Testing.chart();
    new ArgoEventsHealthChecks(chart, 'health');
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('emits a labelled argocd-cm with both checks', () => {
    const chart = Testing.chart();
    const checks = new ArgoEventsHealthChecks(chart, 'health', { namespace: 'gitops' });
    const [manifest] = Testing.synth(chart);
    expect(manifest.metadata).toEqual({
      name: 'argocd-cm',
      namespace: 'gitops',
      labels: { 'app.kubernetes.io/part-of': 'argocd' },
    });
    expect(Object.keys(manifest.data).sort()).toEqual([EVENT_SOURCE_KEY, SENSOR_KEY]);
    expect(checks.data).toEqual(manifest.data);
    expect(manifest.data[SENSOR_KEY]).toBe(ArgoEventsHealthChecks.SENSOR_LUA);
  });

  test('data returns a copy', () => {
    const checks = new ArgoEventsHealthChecks(Testing.chart(), 'health');
    checks.data[SENSOR_KEY] = 'changed';
    expect(checks.data[SENSOR_KEY]).toBe(ArgoEventsHealthChecks.SENSOR_LUA);
  });

  test('either check can be left out', () => {
    const chart = Testing.chart();
    new ArgoEventsHealthChecks(chart, 'sensor-only', { eventSource: false });
    new ArgoEventsHealthChecks(chart, 'event-source-only', { sensor: false });
    const [first, second] = Testing.synth(chart);
    expect(Object.keys(first.data)).toEqual([SENSOR_KEY]);
    expect(Object.keys(second.data)).toEqual([EVENT_SOURCE_KEY]);
  });

  test('the ConfigMap is the default child', () => {
    const checks = new ArgoEventsHealthChecks(Testing.chart(), 'health');
    expect(ApiObject.of(checks)).toBe(checks.apiObject);
  });

  test('fails when both checks are disabled', () => {
    expect(() => new ArgoEventsHealthChecks(Testing.chart(), 'health', { sensor: false, eventSource: false }))
      .toThrow('test/health: sensor and eventSource are both false, so there is nothing to emit; enable at least one or remove the construct');
  });

  describe('Sensor health script (run in a Lua VM)', () => {
    const script = synthesizedScripts().sensor;

    test('no status yet: Progressing', () => {
      const { status: _status, ...fresh } = sensor();
      expect(runHealthScript(script, fresh)).toEqual({
        status: 'Progressing',
        message: 'Waiting for the Sensor controller to report DependenciesProvided',
      });
    });

    test('conditions initialised as Unknown: Progressing', () => {
      expect(runHealthScript(script, sensor(
        condition('DependenciesProvided', 'Unknown'), condition('TriggersProvided', 'Unknown'), condition('Deployed', 'Unknown'),
      ))).toEqual({ status: 'Progressing', message: 'Waiting for the Sensor controller to report DependenciesProvided' });
    });

    test('all conditions True: Healthy', () => {
      expect(runHealthScript(script, sensor(
        condition('DependenciesProvided', 'True'), condition('TriggersProvided', 'True'), condition('Deployed', 'True'),
      ))).toEqual({ status: 'Healthy', message: 'DependenciesProvided, TriggersProvided, Deployed' });
    });

    test('a condition still missing: Progressing on that condition', () => {
      expect(runHealthScript(script, sensor(
        condition('DependenciesProvided', 'True'), condition('Deployed', 'True'),
      ))).toEqual({ status: 'Progressing', message: 'Waiting for the Sensor controller to report TriggersProvided' });
    });

    test('a False condition: Degraded with its message, even while others are pending', () => {
      expect(runHealthScript(script, sensor(
        condition('DependenciesProvided', 'True'),
        condition('TriggersProvided', 'False', { reason: 'InvalidTriggers', message: 'duplicate trigger name: notify' }),
        condition('Deployed', 'Unknown'),
      ))).toEqual({ status: 'Degraded', message: 'TriggersProvided: duplicate trigger name: notify' });
    });

    test('a False condition without a message falls back to the reason', () => {
      expect(runHealthScript(script, sensor(
        condition('DependenciesProvided', 'True'), condition('TriggersProvided', 'True'),
        condition('Deployed', 'False', { reason: 'DeployFailed', message: '' }),
      ))).toEqual({ status: 'Degraded', message: 'Deployed: DeployFailed' });
    });

    test('a False condition without message or reason still says which', () => {
      expect(runHealthScript(script, sensor(condition('DependenciesProvided', 'False'))))
        .toEqual({ status: 'Degraded', message: 'DependenciesProvided: condition is False' });
    });

    test('unrelated conditions are ignored', () => {
      expect(runHealthScript(script, sensor(
        condition('DependenciesProvided', 'True'), condition('TriggersProvided', 'True'), condition('Deployed', 'True'),
        condition('SomethingElse', 'False', { message: 'not ours' }),
      )).status).toBe('Healthy');
    });
  });

  describe('EventSource health script (run in a Lua VM)', () => {
    const script = synthesizedScripts().eventSource;
    const eventSource = (...conditions: object[]) => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'EventSource',
      metadata: { name: 'hooks' },
      status: { conditions },
    });

    test('SourcesProvided and Deployed True: Healthy', () => {
      expect(runHealthScript(script, eventSource(condition('SourcesProvided', 'True'), condition('Deployed', 'True'))))
        .toEqual({ status: 'Healthy', message: 'SourcesProvided, Deployed' });
    });

    test('Sensor conditions do not make an EventSource healthy', () => {
      expect(runHealthScript(script, eventSource(condition('DependenciesProvided', 'True'), condition('Deployed', 'True'))))
        .toEqual({ status: 'Progressing', message: 'Waiting for the EventSource controller to report SourcesProvided' });
    });

    test('invalid sources: Degraded', () => {
      expect(runHealthScript(script, eventSource(
        condition('SourcesProvided', 'False', { reason: 'InvalidEventSource', message: 'resource must be specified' }),
        condition('Deployed', 'True'),
      ))).toEqual({ status: 'Degraded', message: 'SourcesProvided: resource must be specified' });
    });

    test('status without conditions: Progressing', () => {
      expect(runHealthScript(script, { ...eventSource(), status: {} }).status).toBe('Progressing');
    });
  });
});
