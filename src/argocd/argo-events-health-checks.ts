import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { invalid } from './_validation';

/**
 * Properties of `ArgoEventsHealthChecks`.
 */
export interface ArgoEventsHealthChecksProps {
  /**
   * The namespace Argo CD is installed in.
   *
   * @default 'argocd'
   */
  readonly namespace?: string;

  /**
   * Include the health check for `argoproj.io/Sensor`.
   *
   * @default true
   */
  readonly sensor?: boolean;

  /**
   * Include the health check for `argoproj.io/EventSource`.
   *
   * @default true
   */
  readonly eventSource?: boolean;
}

/**
 * Builds the Lua health script for an Argo Events kind from the conditions its controller sets.
 *
 * The controller starts every condition as Unknown and sets it True or False on each reconcile,
 * so: any False condition is Degraded (with its message), any condition still missing or
 * Unknown is Progressing, and all True is Healthy. Argo CD runs the script with the live object
 * in `obj` and reads `status`/`message` from the returned table.
 */
function conditionHealthScript(kind: string, conditions: string[]): string {
  return [
    `-- Health of an Argo Events ${kind}, from the conditions its controller reports.`,
    'local hs = {}',
    `local required = {${conditions.map(c => `"${c}"`).join(', ')}}`,
    'local byType = {}',
    'if obj.status ~= nil and obj.status.conditions ~= nil then',
    '  for _, c in ipairs(obj.status.conditions) do',
    '    if c.type ~= nil then',
    '      byType[c.type] = c',
    '    end',
    '  end',
    'end',
    'for _, t in ipairs(required) do',
    '  local c = byType[t]',
    '  if c ~= nil and c.status == "False" then',
    '    hs.status = "Degraded"',
    '    local detail = c.message',
    '    if detail == nil or detail == "" then',
    '      detail = c.reason',
    '    end',
    '    if detail == nil or detail == "" then',
    '      detail = "condition is False"',
    '    end',
    '    hs.message = t .. ": " .. detail',
    '    return hs',
    '  end',
    'end',
    'for _, t in ipairs(required) do',
    '  local c = byType[t]',
    '  if c == nil or c.status ~= "True" then',
    '    hs.status = "Progressing"',
    `    hs.message = "Waiting for the ${kind} controller to report " .. t`,
    '    return hs',
    '  end',
    'end',
    'hs.status = "Healthy"',
    `hs.message = "${conditions.join(', ')}"`,
    'return hs',
    '',
  ].join('\n');
}

/**
 * Defines the `argocd-cm` entries that give Argo Events `Sensor` and `EventSource` objects an
 * Argo CD health status.
 *
 * Argo CD ships a health check for EventBus but none for Sensor or EventSource, so without these
 * they are Healthy as soon as they exist: a sync wave does not wait for them and a hook of those
 * kinds completes at once. With them, a Sensor is Healthy only when its controller reports
 * DependenciesProvided, TriggersProvided and Deployed (an EventSource: SourcesProvided and
 * Deployed), Degraded when one of them is False, and Progressing until then. Deployed means the
 * controller created the Deployment; it does not wait for the pod to be ready.
 *
 * The construct emits a partial `argocd-cm` ConfigMap. Applied on its own it merges key by key
 * with the live ConfigMap, but when Argo CD's own installation (Helm values, Kustomize) manages
 * `argocd-cm`, copy `data` into that configuration instead of deploying this object.
 */
export class ArgoEventsHealthChecks extends Construct {
  /** The `argocd-cm` key of the Sensor health check. */
  public static readonly SENSOR_KEY = 'resource.customizations.health.argoproj.io_Sensor';
  /** The `argocd-cm` key of the EventSource health check. */
  public static readonly EVENT_SOURCE_KEY = 'resource.customizations.health.argoproj.io_EventSource';
  /** The Lua health script for Sensors. */
  public static readonly SENSOR_LUA = conditionHealthScript('Sensor', ['DependenciesProvided', 'TriggersProvided', 'Deployed']);
  /** The Lua health script for EventSources. */
  public static readonly EVENT_SOURCE_LUA = conditionHealthScript('EventSource', ['SourcesProvided', 'Deployed']);

  /** The partial `argocd-cm` ConfigMap. */
  public readonly apiObject: ApiObject;

  private readonly _data: { [key: string]: string };

  constructor(scope: Construct, id: string, props: ArgoEventsHealthChecksProps = {}) {
    super(scope, id);
    this._data = {};
    if (props.sensor ?? true) {
      this._data[ArgoEventsHealthChecks.SENSOR_KEY] = ArgoEventsHealthChecks.SENSOR_LUA;
    }
    if (props.eventSource ?? true) {
      this._data[ArgoEventsHealthChecks.EVENT_SOURCE_KEY] = ArgoEventsHealthChecks.EVENT_SOURCE_LUA;
    }
    if (Object.keys(this._data).length === 0) {
      throw invalid(this, 'sensor and eventSource are both false, so there is nothing to emit; enable at least one or remove the construct');
    }
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'argocd-cm',
        namespace: props.namespace ?? 'argocd',
        // Argo CD's settings informer selects its ConfigMaps by this label.
        labels: { 'app.kubernetes.io/part-of': 'argocd' },
      },
      data: this._data,
    });
  }

  /** The `argocd-cm` entries (a copy), for merging into an existing Argo CD configuration. */
  public get data(): { [key: string]: string } {
    return { ...this._data };
  }
}
