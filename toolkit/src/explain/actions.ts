import { isClusterScoped } from '../engine/kinds';
import { EngineError } from '../engine/errors';
import { parseManifests } from '../engine/manifests';
import { Json, arrayOf, isObject, objectOf, shown, stringsOf, textOf } from './json';

/** What a trigger does, in plain words. */
export interface ActionExplanation {
  /** Trigger type that runs, `""` when the template sets none. */
  readonly kind: string;
  readonly action: string;
  readonly problems: string[];
}

/** Trigger types in the order Argo Events picks the one that runs. */
const TRIGGER_KINDS = [
  'k8s', 'argoWorkflow', 'http', 'awsLambda', 'azureEventHubs', 'azureServiceBus', 'kafka', 'pulsar', 'nats',
  'slack', 'openWhisk', 'custom', 'log', 'email',
];

/** Other trigger types: a verb and the field naming where they send. */
const SIMPLE_ACTIONS: Record<string, { verb: string; fields: string[] }> = {
  awsLambda: { verb: 'invoke AWS Lambda function', fields: ['functionName'] },
  azureEventHubs: { verb: 'send to Azure Event Hub', fields: ['hubName'] },
  azureServiceBus: { verb: 'send to Azure Service Bus', fields: ['queueName', 'topicName'] },
  kafka: { verb: 'send to Kafka topic', fields: ['topic'] },
  pulsar: { verb: 'send to Pulsar topic', fields: ['topic'] },
  nats: { verb: 'publish to NATS subject', fields: ['subject'] },
  openWhisk: { verb: 'invoke OpenWhisk action', fields: ['actionName'] },
  custom: { verb: 'call the custom trigger server', fields: ['serverURL'] },
};

const K8S_VERBS: Record<string, string> = {
  create: 'create',
  update: 'update (creating it if missing)',
  patch: 'patch (creating it if missing)',
  delete: 'delete',
};

/** A trigger parameter: where its value comes from and where it goes. */
interface Parameter {
  readonly dest: string;
  readonly src: Json;
}

function parametersOf(value: unknown): Parameter[] {
  return arrayOf(value).map((raw) => {
    const p = objectOf(raw);
    return { dest: typeof p.dest === 'string' ? p.dest : '', src: objectOf(p.src) };
  });
}

/**
 * Describes the action of a Sensor trigger (`triggers[i]`). `sensorNamespace` is where objects
 * without a namespace are created.
 */
export function describeAction(trigger: Json, sensorNamespace: string | undefined): ActionExplanation {
  const template = objectOf(trigger.template);
  const kinds = TRIGGER_KINDS.filter((k) => isObject(template[k]));
  const problems: string[] = [];
  if (kinds.length === 0) {
    const unknown = Object.keys(template).filter((k) => isObject(template[k]));
    problems.push(`the trigger template sets no trigger type${unknown.length > 0 ? ` (unknown: ${unknown.join(', ')})` : ''}, so it does nothing`);
    return { kind: '', action: 'nothing (no trigger type set)', problems };
  }
  if (kinds.length > 1) {
    problems.push(`the trigger template sets ${kinds.join(', ')}; only ${kinds[0]} runs`);
  }
  const kind = kinds[0];
  const spec = template[kind] as Json;
  const triggerParams = parametersOf(trigger.parameters);
  let action: string;
  switch (kind) {
    case 'k8s':
      action = describeK8s(spec, triggerParams, sensorNamespace, problems);
      break;
    case 'argoWorkflow':
      action = describeArgoWorkflow(spec, triggerParams, sensorNamespace, problems);
      break;
    case 'http':
      action = describeHttp(spec, triggerParams);
      break;
    case 'slack':
      action = describeSlack(spec, triggerParams, problems);
      break;
    case 'log':
      action = 'log the event';
      break;
    case 'email':
      action = `email ${stringsOf(spec.to).join(', ') || '<no recipient>'}${textOf(spec.subject) !== undefined ? ` "${shown(spec.subject)}"` : ''}`;
      break;
    default: {
      const simple = SIMPLE_ACTIONS[kind];
      const target = simple.fields.map((f) => textOf(spec[f])).find((v) => v !== undefined);
      action = `${simple.verb} ${target ?? `<no ${simple.fields[0]}>`}`;
    }
  }
  return { kind, action, problems };
}

/** The object a k8s or Argo Workflow trigger acts on, and where it is read from when not inline. */
interface SourceObject {
  readonly object?: Json;
  readonly from?: string;
}

function sourceObject(source: Json): SourceObject {
  if (isObject(source.resource)) {
    return { object: source.resource };
  }
  if (typeof source.inline === 'string') {
    try {
      return { object: parseManifests(source.inline)[0] };
    } catch (e) {
      if (!(e instanceof EngineError)) {
        throw e;
      }
      return { from: 'inline YAML that does not parse' };
    }
  }
  const configmap = objectOf(source.configmap);
  if (isObject(source.configmap)) {
    return { from: `ConfigMap ${shown(configmap.name ?? '')} key ${shown(configmap.key ?? '')}` };
  }
  if (isObject(source.file)) {
    return { from: `file ${shown(objectOf(source.file).path ?? '')}` };
  }
  if (isObject(source.url)) {
    const url = objectOf(source.url);
    return { from: `URL ${shown(url.path ?? '')}${url.verifyCert === true ? '' : ' (TLS not verified)'}` };
  }
  if (isObject(source.git)) {
    const git = objectOf(source.git);
    return { from: `git ${shown(git.url ?? '')} ${shown(git.filePath ?? '')}` };
  }
  if (isObject(source.s3)) {
    const s3 = objectOf(source.s3);
    const bucket = objectOf(s3.bucket);
    return { from: `S3 ${shown(bucket.name ?? '')}/${shown(bucket.key ?? '')}` };
  }
  return { from: 'no source' };
}

/** An object name in plain words, and the parameters that set other fields from the event. */
interface ObjectName {
  readonly name: string;
  /** What the name implies, e.g. that it is deterministic. */
  readonly note?: string;
  readonly fromEvent: Parameter[];
}

/**
 * The name of the object a trigger creates: fixed, generated, or set by a parameter. `typeParams`
 * apply to the object (dest `metadata.name`), `triggerParams` to the template (dest
 * `<type>.source.resource.metadata.name`).
 */
function objectName(kind: string, object: Json | undefined, typeParams: Parameter[], triggerParams: Parameter[]): ObjectName {
  const isNameDest = (dest: string): boolean => dest === 'metadata.name' || dest === 'metadata.generateName';
  const nameParams = [
    ...triggerParams.filter((p) => p.dest.startsWith(`${kind}.source.resource.`) && isNameDest(p.dest.slice(`${kind}.source.resource.`.length))),
    ...typeParams.filter((p) => isNameDest(p.dest)),
  ];
  const fromEvent = [...triggerParams, ...typeParams].filter((p) => !nameParams.includes(p));
  const nameParam = nameParams[nameParams.length - 1];
  if (nameParam !== undefined) {
    return { ...parameterName(nameParam), fromEvent };
  }
  const metadata = objectOf(object?.metadata);
  const name = textOf(metadata.name);
  if (name !== undefined) {
    return { name, fromEvent };
  }
  const generateName = textOf(metadata.generateName);
  return { name: generateName !== undefined ? `${generateName}<random>` : '<no name>', fromEvent };
}

/**
 * The name a parameter produces. This library names Jobs `<prefix>-<digest of the change>` with
 * a sha256 template over the trigger, the object uid and a version field; other templates are
 * quoted.
 */
function parameterName(p: Parameter): { name: string; note?: string } {
  const template = textOf(p.src.dataTemplate);
  const generate = p.dest.endsWith('generateName') ? '<random>' : '';
  if (template !== undefined) {
    const normalized = template.replace(/\s+/g, ' ').trim();
    // `print "<hub>/<trigger>/" (print .Input.body.metadata.uid "/" <version>)`, where the version
    // is a field, or the generation with the resourceVersion as fallback.
    const ours = /^([a-z0-9-]+)-\{\{ print "[^"]*" \(print \.Input\.body\.metadata\.uid "\/" (?:\.Input\.body\.([A-Za-z0-9_.]+)|\(\.Input\.body\.([A-Za-z0-9_.]+) \| default \(print "rv" \.Input\.body\.([A-Za-z0-9_.]+)\)\))\) \| sha256sum \| trunc 10 \}\}$/.exec(normalized);
    if (ours !== null) {
      const version = ours[2] ?? `${ours[3]} (else ${ours[4]})`;
      return { name: `${ours[1]}-<digest of trigger, uid, ${version}>`, note: 'deterministic name: one per change' };
    }
    return { name: `named by template ${normalized}${generate}` };
  }
  const key = textOf(p.src.dataKey) ?? textOf(p.src.contextKey);
  if (key !== undefined) {
    return { name: `named after ${key} of the event${generate}` };
  }
  return { name: textOf(p.src.value) !== undefined ? `${shown(p.src.value)}${generate}` : '<name from the event>' };
}

/** The end of a k8s or Argo Workflow action: the name note and the fields set from the event. */
function suffix(name: ObjectName): string {
  const n = name.fromEvent.length;
  return `${name.note !== undefined ? `, ${name.note}` : ''}${n === 0 ? '' : `, setting ${n} field${n === 1 ? '' : 's'} from the event`}`;
}

function namespaceOf(object: Json | undefined, sensorNamespace: string | undefined): string {
  const kind = textOf(object?.kind);
  if (kind !== undefined && isClusterScoped(kind)) {
    return '';
  }
  const ns = textOf(objectOf(object?.metadata).namespace) ?? sensorNamespace;
  return ns !== undefined ? ` in ${ns}` : ' in the Sensor\'s namespace';
}

function describeK8s(k8s: Json, triggerParams: Parameter[], sensorNamespace: string | undefined, problems: string[]): string {
  const operation = textOf(k8s.operation) ?? 'create';
  const verb = K8S_VERBS[operation];
  if (verb === undefined) {
    problems.push(`k8s operation "${operation}" is not create, update, patch or delete, so the controller rejects the Sensor`);
  }
  const { object, from } = sourceObject(objectOf(k8s.source));
  if (operation === 'create' && textOf(object?.kind) === 'Event' && textOf(object?.apiVersion) === 'v1') {
    return describeEventRecord(object!);
  }
  const name = objectName('k8s', object, parametersOf(k8s.parameters), triggerParams);
  const kind = textOf(object?.kind) ?? 'object';
  const live = k8s.liveObject === true ? ' (live object)' : '';
  return `${verb ?? operation} ${kind} ${name.name}${namespaceOf(object, sensorNamespace)}${from !== undefined ? ` from ${from}` : ''}${live}${suffix(name)}`;
}

/** A Kubernetes Event the trigger records, e.g. `record a Normal HookTriggered Event on Deployment web/web`. */
function describeEventRecord(event: Json): string {
  const involved = objectOf(event.involvedObject) ?? {};
  const kind = textOf(involved.kind) ?? '';
  const type = textOf(event.type) ?? 'Normal';
  const reason = textOf(event.reason) ?? '<no reason>';
  if (kind === '') {
    // Filled in by parameters (e.g. the owner of a failed Job).
    return `record a ${type} ${reason} Event on an object named by the event, in ${textOf(objectOf(event.metadata)?.namespace) ?? 'its namespace'}`;
  }
  const where = [textOf(involved.namespace), textOf(involved.name)].filter((x) => x !== undefined && x !== '').join('/');
  return `record a ${type} ${reason} Event on ${kind}${where !== '' ? ` ${where}` : ''}`;
}

function describeArgoWorkflow(workflow: Json, triggerParams: Parameter[], sensorNamespace: string | undefined, problems: string[]): string {
  const operation = textOf(workflow.operation);
  if (operation === undefined) {
    problems.push('argoWorkflow.operation is required (e.g. submit), or the controller rejects the Sensor');
  }
  const { object, from } = sourceObject(objectOf(workflow.source));
  const name = objectName('argoWorkflow', object, parametersOf(workflow.parameters), triggerParams);
  const kind = textOf(object?.kind) ?? 'Workflow';
  return `argo ${operation ?? '<no operation>'} ${kind} ${name.name}${namespaceOf(object, sensorNamespace)}${from !== undefined ? ` from ${from}` : ''}${suffix(name)}`;
}

/** A URL without credentials or query values, which may be secrets; templated URLs as written. */
function safeUrl(text: string): string {
  if (text.includes('{{')) {
    return text;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  const credentials = url.username !== '' || url.password !== '' ? '***@' : '';
  return `${url.protocol}//${credentials}${url.host}${url.pathname}${url.search !== '' ? '?…' : ''}`;
}

function describeHttp(http: Json, triggerParams: Parameter[]): string {
  const method = textOf(http.method) ?? 'POST';
  const parts = [`${method} ${safeUrl(textOf(http.url) ?? '<no url>')}`];
  const typeParams = parametersOf(http.parameters);
  if (triggerParams.some((p) => p.dest === 'http.url') || typeParams.some((p) => p.dest === 'url')) {
    parts.push('URL set from the event');
  }
  // Header names only: values may be secrets written inline.
  const headers = Object.keys(objectOf(http.headers));
  if (headers.length > 0) {
    parts.push(`header${headers.length === 1 ? '' : 's'} ${headers.join(', ')}`);
  }
  const secure = arrayOf(http.secureHeaders).map((h) => shown(objectOf(h).name ?? ''));
  if (secure.length > 0) {
    parts.push(`secure header${secure.length === 1 ? '' : 's'} ${secure.join(', ')}`);
  }
  const dynamic = parametersOf(http.dynamicHeaders).map((p) => p.dest);
  if (dynamic.length > 0) {
    parts.push(`header${dynamic.length === 1 ? '' : 's'} from the event ${dynamic.join(', ')}`);
  }
  if (isObject(http.basicAuth)) {
    parts.push('basic auth');
  }
  parts.push(describePayload(parametersOf(http.payload)));
  if (typeof http.timeout === 'number') {
    parts.push(`timeout ${http.timeout}s`);
  }
  return parts.join(', ');
}

/**
 * The HTTP body. This library's default body is one template with an empty dest:
 * `{{ with .Input.body }}{"kind":…,"hook":"…"}{{ end }}`, named here by its keys.
 */
function describePayload(payload: Parameter[]): string {
  if (payload.length === 0) {
    return 'empty body';
  }
  if (payload.length === 1 && payload[0].dest === '') {
    const template = textOf(payload[0].src.dataTemplate);
    if (template !== undefined && template.startsWith('{{ with .Input.body }}{') && template.endsWith('}{{ end }}')) {
      const keys = [...template.matchAll(/[{,]"([A-Za-z0-9_]+)":/g)].map((m) => m[1]);
      if (keys.length > 0) {
        return `JSON body {${keys.join(', ')}}`;
      }
    }
    return 'body from the event';
  }
  return `JSON body with ${payload.map((p) => p.dest || '(whole body)').join(', ')} from the event`;
}

function describeSlack(slack: Json, triggerParams: Parameter[], problems: string[]): string {
  const channel = textOf(slack.channel);
  const parts = [`post to Slack ${channel !== undefined ? `#${channel.replace(/^#/, '')}` : '<no channel>'}`];
  if (triggerParams.some((p) => p.dest === 'slack.channel')) {
    parts.push('channel set from the event');
  }
  if (triggerParams.some((p) => p.dest === 'slack.message')) {
    parts.push('message from the event');
  }
  if (parametersOf(slack.parameters).length > 0) {
    problems.push('slack.parameters are ignored by Argo Events; set slack.* destinations in the trigger\'s own parameters');
  }
  return parts.join(', ');
}
