import { ApiObject, Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { SecretKeySelector, SensorTrigger, TriggerParameter, TriggerTemplateSpec } from '../argo-events';
import { resolveApiObject, resolveSecret } from '../common/constructs';
import { checkHookJob } from '../common/job-template';
import { checkNamespace, checkSecretKey } from '../common/k8s-names';
import { ObjectRole, claimObject } from '../common/object-roles';
import { checkPlainEnv, checkPlainHeader, checkPlainPayload } from './credentials';
import { EventValue } from './event-value';
import { TemplateData, checkTemplate } from './go-template-check';
import { HttpJobRequest, bodyTemplate, httpJob } from './http-job';
import { shortHash, toDnsLabel } from './names';
import { _RunContext, addRunMetadata, canOwnRun, ttlSeconds } from './run-metadata';
import { _HookSubject } from './when';
import { checkWorkflowParameter } from './workflow-parameters';

/** HTTP methods an Argo Events HTTP trigger can send. */
export enum HttpMethod {
  GET = 'GET',
  POST = 'POST',
  PUT = 'PUT',
  PATCH = 'PATCH',
  DELETE = 'DELETE',
}

/** An HTTP header whose value is read from a Secret in the hub's namespace. */
export interface SecretHeader {
  /** Header name, e.g. `Authorization`. */
  readonly name: string;
  /**
   * The Secret: a cdk8s-plus `Secret` of any supported line (also `Secret.fromSecretName`) or an
   * `ApiObject` of kind Secret. It must live in the hub's namespace, where the Sensor pod mounts it.
   */
  readonly secret: IConstruct;
  /** Key of the Secret holding the header value. */
  readonly key: string;
  /**
   * Text sent before the Secret's value, e.g. `Bearer ` for `Authorization: Bearer <token>` with a
   * Secret that holds only the token (GitHub's workflow_dispatch, most APIs). Argo Events' HTTP
   * trigger sends a Secret's content as the whole value, so a hook with a prefix makes the request
   * from a small Job instead (see `HttpTriggerOptions.runAsJob`).
   * @default - none: the Secret's value is the whole header value
   */
  readonly valuePrefix?: string;
}

/** Options of {@link Trigger.http}. */
export interface HttpTriggerOptions {
  /** `http://` or `https://` URL. Do not put credentials in it: use `secretHeaders`. */
  readonly url: string;
  /** @default HttpMethod.POST */
  readonly method?: HttpMethod;
  /** Static headers. @default - only `Content-Type: application/json` */
  readonly headers?: { [name: string]: string };
  /** Headers whose values come from Secrets. @default - none */
  readonly secretHeaders?: SecretHeader[];
  /**
   * JSON body: keys are (dot-separated) destinations in the body, values come from the event or
   * are constants.
   * @default - `{ kind, namespace, name, eventType, generation, resourceVersion, hook }` of the
   * change (for Argo CD sync hooks: `application`, `revision` and `finishedAt` instead of the
   * event type and versions)
   */
  readonly payload?: { [key: string]: EventValue };
  /** Request timeout, whole seconds. @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /**
   * Response codes that count as success; any other fails the trigger (and is retried).
   * Argo Events treats every response as success unless this list is set.
   * @default - 200-208 and 226
   */
  readonly successStatusCodes?: number[];
  /**
   * Make the request from a small Job (curl, in the hub's namespace) instead of from the Sensor:
   * owned by the target where possible, with logs, retries (`backoffLimit`), a deterministic name
   * (a replayed change calls once) and a HookFailed Event when it fails, on every Argo Events
   * release. Costs a Pod per call.
   * @default - false, unless a secret header has a `valuePrefix`
   */
  readonly runAsJob?: boolean;
}

/** Options of {@link Trigger.job}. */
export interface JobTriggerOptions {
  /**
   * A Job defined in this app to use as the template: a cdk8s-plus `Job` of any supported line
   * (28, 32, 33, 34) or an `ApiObject` of kind Job. It is moved into the Sensor, so it is not
   * applied on its own, and rendered when the hook is created: configure it completely first.
   */
  readonly job: IConstruct;
  /**
   * Extra environment variables for every container, from the event. `HOOK_TARGET_KIND`,
   * `HOOK_TARGET_NAMESPACE`, `HOOK_TARGET_NAME`, `HOOK_EVENT_TYPE`,
   * `HOOK_TARGET_RESOURCE_VERSION` and, for kinds with one, `HOOK_TARGET_GENERATION` are
   * always set (Argo CD sync hooks set `HOOK_ARGOCD_APPLICATION`, `HOOK_ARGOCD_REVISION` and
   * `HOOK_ARGOCD_FINISHED_AT` instead of the event type and versions).
   * @default - only the standard variables
   */
  readonly env?: { [name: string]: EventValue };
  /**
   * Start of the Job names (at most 52 characters); a 10-character digest of the change follows.
   * @default - derived from the hook
   */
  readonly namePrefix?: string;
  /**
   * Namespace the Jobs run in; the Sensor gets the right to create Jobs there.
   * @default - the Job's own namespace (its chart's), else the hub's
   */
  readonly namespace?: string;
  /**
   * Make the changed object the owner of each Job, so Argo CD shows the Job and its Pod logs
   * under that resource (and never prunes it or counts it toward health). Kubernetes only allows
   * owners in the Job's namespace or cluster-scoped ones; without an owner the Job is found by
   * its labels.
   * @default - true where Kubernetes allows it
   */
  readonly ownedByTarget?: boolean;
}

/** Options of {@link Trigger.argoWorkflow}. */
export interface ArgoWorkflowTriggerOptions {
  /**
   * An `argoproj.io/v1alpha1` Workflow defined in this app (e.g. an `ApiObject`) to use as the
   * template; it is moved into the Sensor, so it is not applied on its own.
   */
  readonly workflow: IConstruct;
  /**
   * Workflow arguments (`spec.arguments.parameters`) to set from the event or to constants.
   * @default - the Workflow's own arguments
   */
  readonly parameters?: { [name: string]: EventValue };
  /** Start of the Workflow names (at most 52 characters). @default - derived from the hook */
  readonly namePrefix?: string;
  /** Namespace the Workflows run in. @default - the Workflow's own namespace, else the hub's */
  readonly namespace?: string;
  /**
   * Make the changed object the owner of each Workflow (see `JobTriggerOptions.ownedByTarget`).
   * @default - true where Kubernetes allows it
   */
  readonly ownedByTarget?: boolean;
}

/** Options of {@link Trigger.slack}. */
export interface SlackTriggerOptions {
  /** Channel, e.g. `#deploys`. */
  readonly channel: string;
  /** Message; may use Go template syntax over the event data, e.g. `{{ .Input.body.metadata.name }}`. */
  readonly message: string;
  /** Secret in the hub's namespace holding the bot token (cdk8s-plus `Secret` or `ApiObject`). */
  readonly tokenSecret: IConstruct;
  /** Key of the token in that Secret. @default "token" */
  readonly tokenKey?: string;
}

/** A Kubernetes permission the Sensor's account needs for a trigger. @internal */
export interface _Permission {
  readonly namespace: string;
  readonly group: string;
  readonly resource: string;
  readonly verbs: string[];
}

/** What a hook tells its triggers when they are bound to it. @internal */
export interface _TriggerBinding {
  /** Construct that owns the trigger (for error messages and child constructs). */
  readonly scope: Construct;
  /** What changed, as the triggers pass it on. */
  readonly subject: _HookSubject;
  readonly dependencyName: string;
  readonly hubNamespace: string;
  /** Unique within the hook; used to derive names. */
  readonly hookName: string;
  /** Identifies the trigger among every hub: part of the key of the objects it creates. */
  readonly changeScope: string;
  /** Who the runs it creates belong to. */
  readonly run: _RunContext;
  /** How long finished runs are kept. */
  readonly runTtl: Duration;
  /** Attempts of the hook's delivery (a Job that makes an HTTP call retries as many times). */
  readonly attempts: number;
}

/** A trigger bound to a hook. @internal */
export interface _BoundTrigger {
  readonly template: Omit<TriggerTemplateSpec, 'name' | 'conditions'>;
  readonly parameters?: TriggerParameter[];
  readonly policy?: SensorTrigger['policy'];
  readonly permissions: _Permission[];
  /** Plain-words summary for `explain`. */
  readonly summary: string;
}

const DEFAULT_SUCCESS_CODES = [200, 201, 202, 203, 204, 205, 206, 207, 208, 226];
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Argo CD marks the objects it manages with these; an object created at run time must not carry
// them, or Argo CD would treat it as part of the Application (and prune it).
const TRACKING_LABELS = ['app.kubernetes.io/instance'];
const ARGOCD_PREFIX = 'argocd.argoproj.io/';

/**
 * What a hook does when it fires: start a Job, call a URL, post to Slack or log the event.
 */
export class Trigger {
  /**
   * Starts a Kubernetes Job. Its name is derived from the hook and the change (object uid plus
   * generation, or resourceVersion for kinds without a generation), so a duplicated or replayed
   * event cannot start a second run: the second create fails with AlreadyExists.
   */
  public static job(options: JobTriggerOptions): Trigger {
    return new Trigger('job', (b) => bindJob(b, options));
  }

  /**
   * Sends an HTTP request with a JSON body. Non-2xx responses fail the trigger, so they are
   * retried and reported.
   */
  public static http(options: HttpTriggerOptions): Trigger {
    return new Trigger('http', (b) => bindHttp(b, options));
  }

  /**
   * Submits an Argo Workflow, named from the trigger and the change like Jobs, so a replayed event
   * cannot submit it twice.
   */
  public static argoWorkflow(options: ArgoWorkflowTriggerOptions): Trigger {
    return new Trigger('workflow', (b) => bindArgoWorkflow(b, options));
  }

  /** Posts a Slack message with a bot token read from a Secret. */
  public static slack(options: SlackTriggerOptions): Trigger {
    return new Trigger('slack', (b) => bindSlack(b, options));
  }

  /** Writes the event to the Sensor's log: useful to try a condition out. */
  public static log(): Trigger {
    return new Trigger('log', () => ({ template: { log: {} }, permissions: [], summary: 'log the event' }));
  }

  /** `job`, `workflow`, `http`, `slack` or `log`. */
  public readonly kind: string;
  private readonly binder: (binding: _TriggerBinding) => _BoundTrigger;

  private constructor(kind: string, binder: (binding: _TriggerBinding) => _BoundTrigger) {
    this.kind = kind;
    this.binder = binder;
  }

  /** @internal */
  public _bind(binding: _TriggerBinding): _BoundTrigger {
    return this.binder(binding);
  }
}

/** The name of a Secret the Sensor mounts; it must be in the hub's namespace. */
function secretInHubNamespace(b: _TriggerBinding, secret: IConstruct, property: string): string {
  const { name, namespace } = resolveSecret(b.scope.node.path, property, secret);
  // Imported Secrets (Secret.fromSecretName) have no object and so no known namespace.
  if (namespace !== undefined && namespace !== b.hubNamespace) {
    throw new Error(`${b.scope.node.path}: ${property} Secret "${name}" is in namespace "${namespace}", but the Sensor runs in "${b.hubNamespace}" and can only mount Secrets of its own namespace; create the Secret in "${b.hubNamespace}"`);
  }
  return name;
}

function bindHttp(b: _TriggerBinding, options: HttpTriggerOptions): _BoundTrigger {
  const where = b.scope.node.path;
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new Error(`${where}: url "${options.url}" is not a valid URL; use an absolute http:// or https:// URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${where}: url "${options.url}" uses ${url.protocol.slice(0, -1)}; the HTTP trigger only speaks http:// and https://`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new Error(`${where}: url "${url.protocol}//***@${url.host}${url.pathname}" carries credentials, which would be committed in clear text; pass them with secretHeaders (e.g. Authorization)`);
  }
  const headers: { [name: string]: string } = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (!HEADER_NAME.test(name)) {
      throw new Error(`${where}: header name "${name}" is not a valid HTTP header name; use letters, digits and "-"`);
    }
    checkPlainHeader(where, name, value);
    headers[name] = value;
  }
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = 'application/json';
  }
  const secureHeaders = (options.secretHeaders ?? []).map((h, i) => {
    if (!HEADER_NAME.test(h.name)) {
      throw new Error(`${where}: secretHeaders[${i}].name "${h.name}" is not a valid HTTP header name; use letters, digits and "-"`);
    }
    if (h.key === undefined || h.key.trim() === '') {
      throw new Error(`${where}: secretHeaders[${i}] (${h.name}) has no key; set \`key\` to the Secret key holding the header value`);
    }
    checkSecretKey(where, `secretHeaders[${i}].key`, h.key);
    const secretName = secretInHubNamespace(b, h.secret, `secretHeaders[${i}].secret`);
    if (h.valuePrefix !== undefined && /[\r\n]/.test(h.valuePrefix)) {
      throw new Error(`${where}: secretHeaders[${i}].valuePrefix ${JSON.stringify(h.valuePrefix)} contains a line break, which cannot be part of an HTTP header; use e.g. "Bearer "`);
    }
    const secretKeyRef: SecretKeySelector = { name: secretName, key: h.key };
    return { name: h.name, valueFrom: { secretKeyRef }, prefix: h.valuePrefix };
  });
  const timeout = options.timeout ?? Duration.seconds(30);
  const timeoutSeconds = timeout.toMilliseconds() / 1000;
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1) {
    throw new Error(`${where}: timeout ${timeoutSeconds} seconds is not a whole number of seconds of at least 1; use e.g. Duration.seconds(30)`);
  }
  const codes = options.successStatusCodes ?? DEFAULT_SUCCESS_CODES;
  if (codes.length === 0 || codes.some((c) => !Number.isInteger(c) || c < 100 || c > 599)) {
    throw new Error(`${where}: successStatusCodes [${codes.join(', ')}] must list HTTP status codes between 100 and 599`);
  }
  const payload = options.payload === undefined
    ? defaultPayload(b)
    : Object.entries(options.payload).map(([dest, value]) => {
      if (dest.trim() === '') {
        throw new Error(`${where}: payload has an empty key; every key is where the value goes in the JSON body`);
      }
      checkPlainPayload(where, dest, value.value);
      return { src: value._toSource(b.dependencyName, true), dest };
    });
  const method = options.method ?? HttpMethod.POST;
  if (options.runAsJob === true || secureHeaders.some((h) => h.prefix !== undefined && h.prefix !== '')) {
    return bindHttpJob(b, options, {
      url: options.url,
      method,
      headers: [
        ...Object.entries(headers).map(([name, value]) => ({ name, value })),
        ...secureHeaders.map((h) => ({ name: h.name, secret: { name: h.valueFrom.secretKeyRef.name, key: h.valueFrom.secretKeyRef.key, prefix: h.prefix ?? '' } })),
      ],
      timeoutSeconds,
      successCodes: [...codes],
      attempts: b.attempts,
    }, `${method} ${url.origin}${url.pathname}`);
  }
  return {
    template: {
      http: {
        url: options.url,
        method,
        headers,
        secureHeaders: secureHeaders.length > 0 ? secureHeaders.map(({ prefix: _, ...h }) => h) : undefined,
        payload,
        timeout: timeoutSeconds,
      },
    },
    policy: { status: { allow: [...codes] } },
    permissions: [],
    summary: `${method} ${url.origin}${url.pathname}`,
  };
}

/** The HTTP call as a Job: Trigger.job on a curl Job, with the body rendered from the event. */
function bindHttpJob(b: _TriggerBinding, options: HttpTriggerOptions, request: HttpJobRequest, summary: string): _BoundTrigger {
  const job = httpJob(b.scope, `HttpJob${shortHash(6, b.changeScope)}`, b.hubNamespace, request);
  const bound = bindJob(b, { job, namePrefix: toDnsLabel(`${b.hookName}-http`, 52) });
  const payload = options.payload ?? Object.fromEntries([
    ...b.subject.fields.map((f): [string, EventValue] => [f.json, f.value]),
    ['hook', EventValue.fromValue(b.hookName)],
  ]);
  const containerEnv: any[] = bound.template.k8s!.source.resource.spec.template.spec.containers[0].env;
  const bodyIndex = containerEnv.findIndex((e) => e.name === 'HOOK_BODY');
  return {
    ...bound,
    template: {
      k8s: {
        ...bound.template.k8s!,
        parameters: [...(bound.template.k8s!.parameters ?? []), {
          src: { dependencyName: b.dependencyName, dataTemplate: bodyTemplate(payload), value: '{}' },
          dest: `spec.template.spec.containers.0.env.${bodyIndex}.value`,
        }],
      },
    },
    summary: `${summary} (from a Job in ${b.hubNamespace})`,
  };
}

/**
 * The default body, `{ kind, namespace, name, eventType, generation, resourceVersion, hook }`: one
 * payload entry per field. A single templated entry with an empty \`dest\` would be smaller, but
 * Argo Events controllers before 1.9.8 reject an empty payload \`dest\` and with it the whole Sensor.
 */
function defaultPayload(b: _TriggerBinding): TriggerParameter[] {
  return [
    ...b.subject.fields.map((f) => ({ src: f.value._toSource(b.dependencyName, true), dest: f.json })),
    { src: EventValue.fromValue(b.hookName)._toSource(b.dependencyName, true), dest: 'hook' },
  ];
}

function bindSlack(b: _TriggerBinding, options: SlackTriggerOptions): _BoundTrigger {
  const where = b.scope.node.path;
  if (options.channel.trim() === '') {
    throw new Error(`${where}: channel is empty; name the Slack channel, e.g. "#deploys"`);
  }
  if (options.message.trim() === '') {
    throw new Error(`${where}: message is empty; Slack rejects empty messages`);
  }
  const tokenSecretName = secretInHubNamespace(b, options.tokenSecret, 'tokenSecret');
  checkSecretKey(where, 'tokenKey', options.tokenKey ?? 'token');
  const templated = options.message.includes('{{');
  if (templated) {
    checkTemplate(where, 'message', options.message, TemplateData.EVENT);
  }
  return {
    template: {
      slack: {
        slackToken: { name: tokenSecretName, key: options.tokenKey ?? 'token' },
        channel: options.channel,
        message: options.message,
      },
    },
    // Slack's own `parameters` are ignored by Argo Events; trigger-level parameters work.
    parameters: templated
      ? [{ src: { dependencyName: b.dependencyName, dataTemplate: options.message, value: options.message }, dest: 'slack.message' }]
      : undefined,
    permissions: [],
    summary: `post to Slack ${options.channel}`,
  };
}

function bindJob(b: _TriggerBinding, options: JobTriggerOptions): _BoundTrigger {
  const where = b.scope.node.path;
  if (options.job === undefined) {
    throw new Error(`${where}: Trigger.job needs \`job\`: a cdk8s-plus Job or an ApiObject of kind Job`);
  }
  resolveApiObject(where, 'job', options.job, { kind: 'Job', groups: ['batch'] });
  const { apiObject: jobApiObject, namespace, nameParameter, prefix } = templateOf(b, options.job, options, 'Job');
  const env: [string, EventValue][] = b.subject.fields.map((f) => [f.env, f.value]);
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (!ENV_NAME.test(name)) {
      throw new Error(`${where}: env name "${name}" is not a valid environment variable name; use letters, digits and "_"`);
    }
    if (env.some(([n]) => n === name)) {
      throw new Error(`${where}: env name "${name}" is set by the hook itself; choose another name`);
    }
    checkPlainEnv(where, name, value.value);
    env.push([name, value]);
  }
  let containerCount: number;
  try {
    containerCount = (jobApiObject.toJson().spec?.template?.spec?.containers ?? []).length;
  } catch (e) {
    // cdk8s-plus refuses to render a pod without containers.
    containerCount = /at least 1 container/.test(String(e)) ? 0 : NaN;
    if (Number.isNaN(containerCount)) {
      throw new Error(`${where}: the Job cannot be rendered: ${(e as Error).message}`);
    }
  }
  if (containerCount === 0) {
    throw new Error(`${where}: the Job has no containers; add one with \`containers\` or \`addContainer\``);
  }
  const parameters: TriggerParameter[] = [nameParameter];
  const existingEnv: number[] = [];
  const resource = (): any => {
    const manifest = jobApiObject.toJson();
    delete manifest.metadata.name;
    manifest.metadata.namespace = namespace;
    stripTracking(manifest.metadata);
    stripTracking(manifest.spec?.template?.metadata);
    harden(manifest.spec.template.spec);
    const containers: any[] = manifest.spec.template.spec.containers;
    containers.forEach((c, i) => {
      // Constants go straight into the template; event values are filled in by parameters.
      c.env = [...(c.env ?? []), ...env.map(([name, value]) => ({ name, value: value.value ?? '' }))];
      existingEnv[i] = c.env.length - env.length;
    });
    return manifest;
  };
  // Rendered now so that the env indices used by the parameters are known; a Job changed later
  // would be silently out of date, so synthesis checks that it was not.
  const baseline = JSON.stringify(resource());
  const rendered = JSON.parse(baseline);
  checkHookJob(where, 'job', rendered);
  b.scope.node.addValidation({
    validate: () => (JSON.stringify(resource()) === baseline ? [] : [
      `${where}: the Job of Trigger.job changed after the hook was created, and the hook keeps the Job as it was then; finish configuring the Job (containers, env, volumes) before passing it to Trigger.job`,
    ]),
  });
  const owned = ownership(b, options.ownedByTarget, namespace, 'Job');
  parameters.push(...addRunMetadata(rendered, b.run, owned));
  // A TTL set on the Job itself wins.
  rendered.spec.ttlSecondsAfterFinished = rendered.spec.ttlSecondsAfterFinished ?? ttlSeconds(b.runTtl, where, 'ttlAfterFinished');
  for (let c = 0; c < containerCount; c++) {
    env.forEach(([, value], i) => {
      if (value.path === undefined) {
        return;
      }
      parameters.push({
        src: value._toSource(b.dependencyName, false),
        dest: `spec.template.spec.containers.${c}.env.${existingEnv[c] + i}.value`,
      });
    });
  }
  return {
    template: { k8s: { operation: 'create', source: { resource: rendered }, parameters } },
    permissions: [{ namespace, group: 'batch', resource: 'jobs', verbs: ['create'] }],
    summary: `create Job ${prefix}-<change> in ${namespace}`,
  };
}

/** What Trigger.job and Trigger.argoWorkflow share about the object they create. */
interface CreatedTemplate {
  readonly apiObject: ApiObject;
  readonly namespace: string;
  /** Sets `metadata.name` to `<prefix>-<digest of the trigger and the change>`. */
  readonly nameParameter: TriggerParameter;
  readonly prefix: string;
}

/**
 * Takes a template object of this app out of the tree (it is a template for the Sensor, not an
 * object to apply), and works out its namespace and deterministic name.
 */
function templateOf(b: _TriggerBinding, construct: IConstruct, options: { namePrefix?: string; namespace?: string }, noun: string): CreatedTemplate {
  const where = b.scope.node.path;
  const prefix = options.namePrefix ?? toDnsLabel(b.hookName, 52);
  if (prefix.length > 52 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(prefix)) {
    throw new Error(`${where}: namePrefix "${prefix}" must be a DNS label of at most 52 characters (lowercase letters, digits, "-"), since an 11-character digest of the change is appended and ${noun} names are limited to 63`);
  }
  if (options.namespace !== undefined) {
    checkNamespace(where, 'namespace', options.namespace);
  }
  construct.node.scope?.node.tryRemoveChild(construct.node.id);
  const apiObject = ApiObject.of(construct);
  claimObject(apiObject, ObjectRole.TRIGGER_TEMPLATE, where, noun.toLowerCase());
  return {
    apiObject,
    namespace: options.namespace ?? apiObject.metadata.namespace ?? b.hubNamespace,
    prefix,
    nameParameter: {
      // The trigger's identity is hashed with the change, so that two triggers (or two hooks with
      // the same prefix) never share a name.
      src: { dependencyName: b.dependencyName, dataTemplate: `${prefix}-{{ print ${JSON.stringify(`${b.changeScope}/`)} (${b.subject.changeKey}) | sha256sum | trunc 10 }}` },
      dest: 'metadata.name',
    },
  };
}

function bindArgoWorkflow(b: _TriggerBinding, options: ArgoWorkflowTriggerOptions): _BoundTrigger {
  const where = b.scope.node.path;
  const workflow = resolveApiObject(where, 'workflow', options.workflow, { kind: 'Workflow', groups: ['argoproj.io'] });
  if (workflow.apiVersion !== 'argoproj.io/v1alpha1') {
    throw new Error(`${where}: workflow is a ${workflow.apiVersion} ${workflow.kind}; Trigger.argoWorkflow submits an argoproj.io/v1alpha1 Workflow`);
  }
  const { apiObject, namespace, nameParameter, prefix } = templateOf(b, options.workflow, options, 'Workflow');
  const manifest = apiObject.toJson();
  delete manifest.metadata.name;
  delete manifest.metadata.generateName;
  manifest.metadata.namespace = namespace;
  stripTracking(manifest.metadata);
  manifest.spec = manifest.spec ?? {};
  const declared: any[] = manifest.spec.arguments?.parameters ?? [];
  const parameters: TriggerParameter[] = [nameParameter];
  for (const [name, value] of Object.entries(options.parameters ?? {})) {
    if (!/^[A-Za-z0-9_-]+$/.test(name)) {
      throw new Error(`${where}: parameters name "${name}" is not a workflow parameter name; use letters, digits, "-" and "_"`);
    }
    checkWorkflowParameter(where, manifest, name);
    let index = declared.findIndex((p) => p.name === name);
    if (index < 0) {
      declared.push({ name, value: value.value ?? '' });
      index = declared.length - 1;
    }
    if (value.path === undefined) {
      declared[index] = { ...declared[index], value: value.value };
    } else {
      parameters.push({ src: value._toSource(b.dependencyName, false), dest: `spec.arguments.parameters.${index}.value` });
    }
  }
  if (declared.length > 0) {
    manifest.spec.arguments = { ...(manifest.spec.arguments ?? {}), parameters: declared };
  }
  parameters.push(...addRunMetadata(manifest, b.run, ownership(b, options.ownedByTarget, namespace, 'Workflow')));
  // Argo Workflows' own garbage collection; a strategy set on the Workflow wins.
  manifest.spec.ttlStrategy = manifest.spec.ttlStrategy ?? { secondsAfterCompletion: ttlSeconds(b.runTtl, where, 'ttlAfterFinished') };
  return {
    template: { argoWorkflow: { operation: 'submit', source: { resource: manifest }, parameters } },
    // `argo submit` creates the Workflow, then lists by the labels the Sensor adds to find it.
    permissions: [{ namespace, group: 'argoproj.io', resource: 'workflows', verbs: ['create', 'list'] }],
    summary: `submit Workflow ${prefix}-<change> in ${namespace}`,
  };
}

/** Whether the runs get the target as owner: by default where Kubernetes allows it. */
function ownership(b: _TriggerBinding, requested: boolean | undefined, namespace: string, noun: string): boolean {
  const possible = canOwnRun(b.run, namespace);
  if (requested === true && !possible) {
    const why = b.run.eventIsTarget
      ? `the target ${b.run.target} is in another namespace than the ${noun}s ("${namespace}"), and Kubernetes refuses owners from other namespaces`
      : 'the hook\'s event is not the target itself (Argo CD sync hooks watch the Application), so its uid is unknown';
    throw new Error(`${b.scope.node.path}: ownedByTarget is true, but ${why}; remove ownedByTarget (the ${noun}s are then found by their labels)`);
  }
  return requested ?? possible;
}

/**
 * Completes what cdk8s-plus leaves open in a pod spec, without overriding anything set on
 * purpose: all capabilities dropped, the runtime's default seccomp profile, and no service account
 * token unless asked for.
 */
function harden(podSpec: any): void {
  for (const c of [...(podSpec.initContainers ?? []), ...podSpec.containers]) {
    c.securityContext = c.securityContext ?? {};
    c.securityContext.capabilities = c.securityContext.capabilities ?? { drop: ['ALL'] };
  }
  podSpec.securityContext = podSpec.securityContext ?? {};
  podSpec.securityContext.seccompProfile = podSpec.securityContext.seccompProfile ?? { type: 'RuntimeDefault' };
  podSpec.automountServiceAccountToken = podSpec.automountServiceAccountToken ?? false;
}

function stripTracking(metadata: any): void {
  if (metadata === undefined) {
    return;
  }
  for (const label of TRACKING_LABELS) {
    delete metadata.labels?.[label];
  }
  // Custom instance label keys (application.instanceLabelKey) usually live under Argo CD's prefix.
  for (const field of ['labels', 'annotations']) {
    for (const key of Object.keys(metadata[field] ?? {})) {
      if (key.startsWith(ARGOCD_PREFIX)) {
        delete metadata[field][key];
      }
    }
  }
  for (const field of ['labels', 'annotations']) {
    if (metadata[field] !== undefined && Object.keys(metadata[field]).length === 0) {
      delete metadata[field];
    }
  }
}
