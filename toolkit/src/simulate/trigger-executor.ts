import { ARGO_EVENTS_CLUSTER_RESOURCES, argoEventsGuessedPlural, isClusterScoped, pluralOf } from '../engine/kinds';
import { formatGoDuration, retryPlan } from '../engine/backoff';
import { ClusterResult, InMemoryCluster, KubeObject, MERGE_PATCH } from '../engine/cluster';
import { ArgoEvent, formatRfc3339 } from '../engine/event';
import { TemplateOptions } from '../engine/go-template';
import { marshalGoJson } from '../engine/go-json';
import { parseManifests } from '../engine/manifests';
import { TriggerParameter, applyParams, constructPayload, resolveParamValue } from '../engine/params';
import { upstreamMessage } from '../engine/upstream-errors';
import { Json, arrayOf, isObject, objectOf, stringOf } from './json-access';
import { SecretStore } from './secrets';
import { CompiledTrigger, SensorModel } from './sensor-model';
import { ActionBase, K8sAction, LogAction, OtherAction, SimulatedAction, TRIGGER_KINDS, TriggerKind } from './types';

/** Kinds Argo Events' k8s trigger treats as cluster-scoped; every other kind gets a namespace. */

/** Per-emit settings of the executor. */
export interface ExecutionContext {
  readonly now: Date;
  readonly environment: TemplateOptions;
  /** The simulated HTTP status for a `<sensor>/<trigger>`, if any. */
  readonly httpStatus: (sensorTrigger: string) => number | undefined;
}

type Common = Omit<ActionBase, 'attempts' | 'failed' | 'error'>;
type Draft = SimulatedAction extends infer A ? A extends SimulatedAction ? Omit<A, 'attempts'> : never : never;

/** Thrown inside execution for a failure Argo Events reports as the trigger's error. */
class TriggerFailure extends Error {}

function sourceUnavailable(source: Json): string | undefined {
  for (const kind of ['url', 'git', 's3', 'file']) {
    if (isObject(source[kind])) {
      return `the ${kind} source is fetched at run time and is not available offline`;
    }
  }
  return undefined;
}

/**
 * Runs fired triggers the way a Sensor does: trigger-level parameters on the template, the
 * resource fetch, type-level parameters, execution (against the simulated cluster for k8s and
 * argoWorkflow submit) and policies; then retries and the dead-letter trigger for failures.
 */
export class TriggerExecutor {
  constructor(private readonly cluster: InMemoryCluster, private readonly secrets: SecretStore) {}

  /** Executes a trigger with its events and returns what it did. */
  execute(sensor: SensorModel, trigger: CompiledTrigger, events: Record<string, ArgoEvent>, ctx: ExecutionContext): SimulatedAction {
    return this.run(sensor, trigger.spec, events, ctx, true);
  }

  private run(sensor: SensorModel, spec: Json, events: Record<string, ArgoEvent>, ctx: ExecutionContext, allowDlq: boolean): SimulatedAction {
    const draft = this.once(sensor, spec, events, ctx);
    if (!draft.failed || spec.atLeastOnce !== true) {
      return { ...draft, attempts: 1 } as SimulatedAction;
    }
    const plan = retryPlan(isObject(spec.retryStrategy) ? spec.retryStrategy : undefined);
    const action = {
      ...draft,
      attempts: plan.attempts,
      ...(plan.sleepsMs.length > 0 ? { backoff: plan.sleepsMs.map(formatGoDuration) } : {}),
    } as SimulatedAction;
    // The dead-letter trigger gets the same events and its own retryStrategy; a dead-letter
    // trigger's own dlqTrigger is never run (upstream runs only the first level).
    if (allowDlq && isObject(spec.dlqTrigger)) {
      const dlq: SimulatedAction = { ...this.run(sensor, spec.dlqTrigger, events, ctx, false), deadLetterOf: action.trigger };
      return { ...action, dlq };
    }
    return action;
  }

  /** One attempt. */
  private once(sensor: SensorModel, spec: Json, events: Record<string, ArgoEvent>, ctx: ExecutionContext): Draft {
    const original = objectOf(spec.template);
    const base: Common = {
      sensor: sensor.name,
      namespace: sensor.namespace,
      trigger: stringOf(original.name),
      dependencies: Object.keys(events),
      eventIds: Object.fromEntries(Object.entries(events).map(([dep, e]) => [dep, e.context?.id ?? ''])),
    };
    let template: Json;
    try {
      template = this.applyTemplateParameters(original, arrayOf(spec.parameters) as TriggerParameter[], events, ctx);
    } catch (e) {
      const kind = kindOf(original) ?? 'unknown';
      return { ...base, kind, outcome: 'failed', failed: true, error: `failed to apply template parameters: ${upstreamMessage(e)}` } as Draft;
    }
    const common: Common = { ...base, trigger: stringOf(template.name) };
    const kind = kindOf(template);
    try {
      switch (kind) {
        case 'k8s':
          return this.k8s(sensor, common, spec, objectOf(template.k8s), events, ctx);
        case 'http':
          return this.http(sensor, common, spec, objectOf(template.http), events, ctx);
        case 'slack':
          return this.slack(common, objectOf(template.slack));
        case 'log':
          return this.log(common, events);
        case 'argoWorkflow':
          return this.argoWorkflow(sensor, common, objectOf(template.argoWorkflow), events, ctx);
        case undefined:
          return { ...common, kind: 'unknown', outcome: 'failed', failed: true, error: `invalid trigger ${common.trigger}, could not find an implementation` };
        default:
          return this.other(common, kind, objectOf(template[kind]), events, ctx);
      }
    } catch (e) {
      const error = e instanceof TriggerFailure ? e.message : upstreamMessage(e);
      return { ...common, kind: kind ?? 'unknown', outcome: 'failed', failed: true, error } as Draft;
    }
  }

  /** `ApplyTemplateParameters`: trigger-level parameters edit the template JSON. */
  private applyTemplateParameters(
    template: Json, parameters: TriggerParameter[], events: Record<string, ArgoEvent>, ctx: ExecutionContext,
  ): Json {
    if (parameters.length === 0) {
      return template;
    }
    return JSON.parse(applyParams(JSON.stringify(template), parameters, events, ctx.environment)) as Json;
  }

  /**
   * The object of a k8s/argoWorkflow `source`, or why it cannot be had offline. `forEditing`: the
   * caller changes the object, so a `resource` written in the Sensor is copied first.
   */
  private fetchSource(sensor: SensorModel, source: Json, forEditing = true): KubeObject | string {
    if (isObject(source.resource)) {
      return forEditing ? structuredClone(source.resource) : source.resource;
    }
    if (typeof source.inline === 'string') {
      return single(parseManifests(source.inline, 'source.inline'), 'source.inline');
    }
    if (isObject(source.configmap)) {
      const text = this.secrets.configMap(sensor.namespace, source.configmap);
      if (text === undefined) {
        return `ConfigMap '${stringOf(source.configmap.name)}' (key '${stringOf(source.configmap.key)}') was not given to the simulator`;
      }
      return single(parseManifests(text, `configmap ${stringOf(source.configmap.name)}`), 'source.configmap');
    }
    return sourceUnavailable(source) ?? 'no supported source (resource, inline, configmap) is set';
  }

  private applyResourceParameters(object: KubeObject, parameters: unknown, events: Record<string, ArgoEvent>, ctx: ExecutionContext): KubeObject {
    if (!Array.isArray(parameters)) {
      return object;
    }
    // Unstructured.MarshalJSON: sorted keys and a trailing newline, which append/prepend may see.
    const json = applyParams(marshalGoJson(object) + '\n', parameters as TriggerParameter[], events, ctx.environment);
    return JSON.parse(json) as KubeObject;
  }

  private k8s(sensor: SensorModel, common: Common, spec: Json, k8s: Json, events: Record<string, ArgoEvent>, ctx: ExecutionContext): Draft {
    const operation = (stringOf(k8s.operation) || 'create') as K8sAction['operation'];
    // With parameters the object is re-read from its encoding, a copy already.
    const fetched = this.fetchSource(sensor, objectOf(k8s.source), !Array.isArray(k8s.parameters));
    if (typeof fetched === 'string') {
      return { ...common, kind: 'k8s', operation, source: objectOf(k8s.source), outcome: 'source-unavailable', failed: true, error: fetched };
    }
    let object = fetched;
    if (k8s.liveObject === true && operation === 'update') {
      object = this.liveObject(object);
    }
    object = this.applyResourceParameters(object, k8s.parameters, events, ctx);
    const kind = stringOf(object.kind);
    // Argo Events decides cluster scope from its own guess of the plural, not from discovery.
    const plural = argoEventsGuessedPlural(kind);
    const metadata = objectOf(object.metadata);
    object.metadata = metadata;
    const namespace = ARGO_EVENTS_CLUSTER_RESOURCES.has(plural) ? '' : stringOf(metadata.namespace) || sensor.namespace;
    if (namespace) {
      metadata.namespace = namespace;
    } else {
      delete metadata.namespace;
    }
    if (isClusterScoped(kind) && !ARGO_EVENTS_CLUSTER_RESOURCES.has(plural)) {
      return {
        ...common, kind: 'k8s', operation, object, outcome: 'invalid', failed: true,
        error: `Argo Events treats ${kind} as namespaced (it knows only namespaces, nodes, persistentvolumes, clusterroles and `
          + `clusterrolebindings as cluster-scoped) and requests ${plural} under a namespace, which the API server answers with 404`,
      };
    }
    let result: ClusterResult;
    switch (operation) {
      case 'create':
        metadata.labels = {
          ...objectOf(metadata.labels),
          'events.argoproj.io/sensor': sensor.name,
          'events.argoproj.io/trigger': common.trigger,
          'events.argoproj.io/action-timestamp': String(ctx.now.getTime()),
        };
        result = this.cluster.create(object);
        break;
      case 'update':
        result = this.cluster.update(object);
        break;
      case 'patch':
        result = this.cluster.patch(object, stringOf(k8s.patchStrategy) || MERGE_PATCH);
        break;
      case 'delete':
        result = this.cluster.delete(object);
        break;
      default:
        throw new TriggerFailure(`unknown operation type ${String(operation)}`);
    }
    const failed = result.outcome === 'already-exists' || result.outcome === 'invalid' || result.outcome === 'unsupported';
    const stored = result.object && result.outcome !== 'deleted' ? result.object : undefined;
    const action: Omit<K8sAction, 'attempts'> = {
      ...common,
      kind: 'k8s',
      operation,
      object,
      ...(stored ? { result: stored } : {}),
      outcome: result.outcome,
      failed,
      ...(failed ? { error: result.message } : {}),
    };
    return failed ? action : applyLabelsPolicy(action, objectOf(objectOf(spec.policy).k8s), stored);
  }

  private liveObject(object: KubeObject): KubeObject {
    const metadata = objectOf(object.metadata);
    const name = stringOf(metadata.name);
    if (!name) {
      throw new TriggerFailure('resource name must be specified for fetching live object');
    }
    const namespace = stringOf(metadata.namespace);
    const plural = pluralOf(stringOf(object.kind));
    if (!namespace && !ARGO_EVENTS_CLUSTER_RESOURCES.has(argoEventsGuessedPlural(stringOf(object.kind)))) {
      throw new TriggerFailure('resource namespace must be specified for fetching live object');
    }
    const group = stringOf(object.apiVersion).includes('/') ? stringOf(object.apiVersion).split('/')[0] : '';
    const live = this.cluster.get({ group, resource: plural, namespace, name });
    if (!live) {
      throw new TriggerFailure(`${plural}${group ? '.' + group : ''} "${name}" not found`);
    }
    return structuredClone(live);
  }

  private http(sensor: SensorModel, common: Common, spec: Json, httpSpec: Json, events: Record<string, ArgoEvent>, ctx: ExecutionContext): Draft {
    let http: Json = { ...httpSpec, method: stringOf(httpSpec.method) || 'POST' };
    if (Array.isArray(http.parameters)) {
      http = JSON.parse(applyParams(JSON.stringify(http), http.parameters as TriggerParameter[], events, ctx.environment)) as Json;
    }
    const notes: string[] = [];
    const bodyText = Array.isArray(http.payload) ? constructPayload(events, http.payload as TriggerParameter[], ctx.environment) : null;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(objectOf(http.headers))) {
      headers[name] = String(value);
    }
    arrayOf(http.dynamicHeaders).forEach((raw) => {
      const param = objectOf(raw) as unknown as TriggerParameter;
      const resolved = resolveParamValue(param.src, events, ctx.environment);
      if (resolved.value === undefined) {
        throw new TriggerFailure(`dynamicHeader ${param.dest}: dependency '${param.src.dependencyName}' did not fire and there is no default value; Argo Events dereferences a nil value here and the Sensor crashes`);
      }
      headers[param.dest] = resolved.value;
    });
    arrayOf(http.secureHeaders).forEach((raw, i) => {
      const header = objectOf(raw);
      const valueFrom = objectOf(header.valueFrom);
      const name = stringOf(header.name);
      const ref = isObject(valueFrom.secretKeyRef) ? valueFrom.secretKeyRef : objectOf(valueFrom.configMapKeyRef);
      const kind = isObject(valueFrom.secretKeyRef) ? 'Secret' : 'ConfigMap';
      const value = kind === 'Secret' ? this.secrets.secret(sensor.namespace, ref) : this.secrets.configMap(sensor.namespace, ref);
      if (value === undefined) {
        headers[name] = `<${kind} ${stringOf(ref.name)}/${stringOf(ref.key)}>`;
        notes.push(`secureHeaders[${i}]: ${kind} '${stringOf(ref.name)}' key '${stringOf(ref.key)}' was not given to the simulator; the header shows a placeholder`);
      } else {
        headers[name] = value;
      }
    });
    const basicAuth = objectOf(http.basicAuth);
    if (isObject(http.basicAuth)) {
      const user = isObject(basicAuth.username) ? this.secrets.secret(sensor.namespace, basicAuth.username) : '';
      const password = isObject(basicAuth.password) ? this.secrets.secret(sensor.namespace, basicAuth.password) : '';
      if (user === undefined || password === undefined) {
        headers.Authorization = '<basic auth from Secrets>';
        notes.push('basicAuth: the Secrets were not given to the simulator; the header shows a placeholder');
      } else {
        headers.Authorization = 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
      }
    }
    if (bodyText === null && ['POST', 'PUT', 'PATCH'].includes(stringOf(http.method)) && !Array.isArray(http.payload)) {
      notes.push('no payload: the request body is empty');
    }
    const request = { method: stringOf(http.method), url: stringOf(http.url), headers, body: parseBody(bodyText), bodyText };
    const status = ctx.httpStatus(`${sensor.name}/${common.trigger}`);
    const withNotes = notes.length > 0 ? { notes } : {};
    if (status === undefined) {
      return { ...common, ...withNotes, kind: 'http', request, outcome: 'sent', failed: false };
    }
    const allow = objectOf(objectOf(spec.policy).status).allow;
    if (Array.isArray(allow) && !allow.includes(status)) {
      return {
        ...common, ...withNotes, kind: 'http', request, status, outcome: 'failed', failed: true,
        error: `policy.status: response status ${status} is not in the allowed list [${allow.join(', ')}]`,
      };
    }
    if (!Array.isArray(allow) && status >= 400) {
      notes.push(`status ${status} counts as success: without policy.status any response is accepted`);
    }
    return { ...common, ...(notes.length > 0 ? { notes } : {}), kind: 'http', request, status, outcome: 'succeeded', failed: false };
  }

  private slack(common: Common, slack: Json): Draft {
    const channel = stringOf(slack.channel).replace(/^#/, '');
    const message = stringOf(slack.message);
    const attachments = stringOf(slack.attachments);
    const blocks = stringOf(slack.blocks);
    const fields = {
      channel,
      ...(message ? { message } : {}),
      ...(attachments ? { attachments } : {}),
      ...(blocks ? { blocks } : {}),
      ...(isObject(slack.thread) ? { thread: slack.thread } : {}),
    };
    if (!channel) {
      return { ...common, kind: 'slack', ...fields, outcome: 'failed', failed: true, error: 'no slack channel provided' };
    }
    if (!message && !attachments && !blocks) {
      return {
        ...common, kind: 'slack', ...fields, outcome: 'failed', failed: true,
        error: 'no text to post: At least one of message/attachments/blocks should be provided',
      };
    }
    return { ...common, kind: 'slack', ...fields, outcome: 'sent', failed: false };
  }

  private log(common: Common, events: Record<string, ArgoEvent>): Draft {
    const entries = Object.entries(events).map(([dependency, event]) => ({
      dependency,
      eventContext: event.context
        ? { ...event.context, time: event.context.time ? formatRfc3339(event.context.time) : null }
        : {},
      data: event.data ?? '',
    }));
    const action: Omit<LogAction, 'attempts'> = { ...common, kind: 'log', entries, outcome: 'logged', failed: false };
    return action;
  }

  private argoWorkflow(sensor: SensorModel, common: Common, wf: Json, events: Record<string, ArgoEvent>, ctx: ExecutionContext): Draft {
    const operation = stringOf(wf.operation) || 'submit';
    const fetched = this.fetchSource(sensor, objectOf(wf.source));
    if (typeof fetched === 'string') {
      return { ...common, kind: 'argoWorkflow', operation, source: objectOf(wf.source), outcome: 'source-unavailable', failed: true, error: fetched };
    }
    const object = this.applyResourceParameters(fetched, wf.parameters, events, ctx);
    const metadata = objectOf(object.metadata);
    object.metadata = metadata;
    const name = stringOf(metadata.name);
    const namespace = stringOf(metadata.namespace) || sensor.namespace;
    const args = arrayOf(wf.args).map(String);
    const base = { ...common, kind: 'argoWorkflow' as const, operation, object };
    if (!name && operation !== 'submit') {
      throw new TriggerFailure(`failed to execute the workflow ${operation} operation, no name is given`);
    }
    if (operation === 'submit') {
      if (!name && !stringOf(metadata.generateName)) {
        throw new TriggerFailure('failed to trigger the workflow, neither name nor generateName is given');
      }
      metadata.labels = {
        ...objectOf(metadata.labels),
        'events.argoproj.io/sensor': sensor.name,
        'events.argoproj.io/trigger': common.trigger,
        'events.argoproj.io/action-timestamp': String(ctx.now.getTime()),
      };
      if (namespace) {
        metadata.namespace = namespace;
      }
      const command = ['argo', '-n', namespace, 'submit', '<workflow.json>', ...args];
      const result = this.cluster.create(structuredClone(object));
      if (result.outcome !== 'created') {
        return { ...base, command, outcome: result.outcome === 'already-exists' ? 'already-exists' : 'failed', failed: true, error: result.message };
      }
      return { ...base, command, result: result.object, outcome: 'submitted', failed: false };
    }
    let command: string[];
    if (operation === 'submit-from') {
      const kind = stringOf(object.kind).toLowerCase();
      if (kind !== 'cronworkflow' && kind !== 'workflowtemplate') {
        throw new TriggerFailure(`invalid kind ${stringOf(object.kind)}`);
      }
      command = ['argo', '-n', namespace, 'submit', '--from', `${kind === 'cronworkflow' ? 'cronwf' : kind}/${name}`, ...args];
    } else {
      command = ['argo', '-n', namespace, operation, name, ...args];
    }
    return { ...base, command, outcome: 'executed', failed: false };
  }

  private other(common: Common, kind: Exclude<TriggerKind, 'k8s' | 'http' | 'slack' | 'log' | 'argoWorkflow'>, spec: Json, events: Record<string, ArgoEvent>, ctx: ExecutionContext): Draft {
    let rendered = spec;
    if (Array.isArray(spec.parameters)) {
      rendered = JSON.parse(applyParams(JSON.stringify(spec), spec.parameters as TriggerParameter[], events, ctx.environment)) as Json;
    }
    const payloadText = Array.isArray(rendered.payload) ? constructPayload(events, rendered.payload as TriggerParameter[], ctx.environment) : undefined;
    const action: Omit<OtherAction, 'attempts'> = {
      ...common,
      kind,
      spec: rendered,
      ...(payloadText !== undefined ? { payload: parseBody(payloadText) } : {}),
      outcome: 'not-simulated',
      failed: false,
      notes: [`${kind} triggers are rendered but not executed by the simulator`],
    };
    return action;
  }
}

/**
 * `policy.k8s`: Argo Events polls the object until it carries the labels. The simulated cluster
 * never changes an object by itself, so missing labels mean the backoff runs out, which fails the
 * trigger only with `errorOnBackoffTimeout`.
 */
function applyLabelsPolicy(action: Omit<K8sAction, 'attempts'>, policy: Json, stored: KubeObject | undefined): Omit<K8sAction, 'attempts'> {
  if (!isObject(policy.labels)) {
    return action;
  }
  if (!stored) {
    return { ...action, failed: true, error: 'policy.k8s cannot check labels: the operation returned no object' };
  }
  const labels = objectOf(objectOf(stored.metadata).labels);
  const missing = Object.entries(policy.labels).filter(([k, v]) => labels[k] !== v).map(([k, v]) => `${k}=${String(v)}`);
  if (missing.length === 0) {
    return action;
  }
  const waited = `policy.k8s: the object never gets the labels ${missing.join(', ')} in the simulated cluster, so the backoff runs out`;
  if (policy.errorOnBackoffTimeout === true) {
    return { ...action, failed: true, error: `${waited}; errorOnBackoffTimeout fails the trigger` };
  }
  return { ...action, notes: [...(action.notes ?? []), `${waited}; without errorOnBackoffTimeout the trigger still succeeds`] };
}

/** The first trigger kind present, in Argo Events' priority order. */
function kindOf(template: Json): TriggerKind | undefined {
  return TRIGGER_KINDS.find((k) => isObject(template[k]));
}

function single(objects: KubeObject[], where: string): KubeObject {
  if (objects.length !== 1) {
    throw new TriggerFailure(`${where} must hold exactly one object, found ${objects.length}`);
  }
  return objects[0];
}

function parseBody(text: string | null): unknown {
  if (text === null) {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

