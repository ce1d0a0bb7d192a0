/**
 * A compact structural description of the Argo Events API (`argoproj.io/v1alpha1`): the field
 * names and JSON types of Sensor, EventSource and EventBus, used to find misspelled fields and
 * values of the wrong type. The CRDs carry no schema, so the API server stores anything, and the
 * controllers' decoder drops unknown fields without a word.
 *
 * Type expressions:
 * - `string`, `integer`, `number`, `boolean`;
 * - `int-or-string`: Go's Int64OrString, e.g. a backoff `duration` (`"1s"` or nanoseconds);
 * - `amount`: Go's Amount (`factor`, `jitter`): kept as raw JSON and parsed as a float only when
 *   used, so it must be a JSON number;
 * - `quantity`: a Kubernetes quantity, a string or a number;
 * - `time`: a Kubernetes timestamp, an RFC 3339 string;
 * - `object`: raw Kubernetes JSON (pod spec parts, affinity, the object a k8s trigger creates),
 *   any JSON object, not checked further;
 * - `[T]` a list of T, `{T}` a map from strings to T;
 * - a capitalized name: one of the structures below, named after its Go type.
 *
 * Every structure lists all of its fields. EventSource types other than resource, webhook,
 * calendar, stripe and minio are declared by name only (their bodies are `object`), so an unknown
 * event source type is reported but the fields inside those types are not checked.
 */

/** A JSON value shape that {@link apiType} describes. */
export type ApiType =
  | { readonly kind: 'scalar'; readonly scalar: ApiScalar }
  | { readonly kind: 'list'; readonly items: ApiType }
  | { readonly kind: 'map'; readonly values: ApiType }
  | ApiStruct;

/** A structure: its fields map to type expressions, resolved with {@link apiType}. */
export interface ApiStruct {
  readonly kind: 'struct';
  readonly name: string;
  readonly fields: Readonly<Record<string, string>>;
}

export type ApiScalar = 'string' | 'integer' | 'number' | 'boolean' | 'int-or-string' | 'amount' | 'quantity' | 'time' | 'object';

const SCALARS: ReadonlySet<string> = new Set<ApiScalar>(
  ['string', 'integer', 'number', 'boolean', 'int-or-string', 'amount', 'quantity', 'time', 'object'],
);

const PARAMS = '[TriggerParameter]';
const SECRET = 'SecretKeySelector';

// Kubernetes types that the Argo Events types embed and that are small enough to check; the
// larger ones (pod spec parts) are `object`.
const KUBERNETES: Record<string, Record<string, string>> = {
  SecretKeySelector: { key: 'string', name: 'string', optional: 'boolean' },
  ConfigMapKeySelector: { key: 'string', name: 'string', optional: 'boolean' },
  LocalObjectReference: { name: 'string' },
};

// Shared by Sensor, EventSource and EventBus.
const COMMON: Record<string, Record<string, string>> = {
  Template: {
    affinity: 'object', container: 'Container', imagePullSecrets: '[LocalObjectReference]', metadata: 'Metadata',
    nodeSelector: '{string}', priority: 'integer', priorityClassName: 'string', securityContext: 'object',
    serviceAccountName: 'string', tolerations: '[object]', volumes: '[object]',
  },
  Container: {
    env: '[object]', envFrom: '[object]', imagePullPolicy: 'string', resources: 'object', securityContext: 'object',
    volumeMounts: '[object]',
  },
  Metadata: { annotations: '{string}', labels: '{string}' },
  Backoff: { duration: 'int-or-string', factor: 'amount', jitter: 'amount', steps: 'integer' },
  BasicAuth: { password: SECRET, username: SECRET },
  TLSConfig: {
    caCertSecret: SECRET, clientCertSecret: SECRET, clientKeySecret: SECRET, enabled: 'boolean', insecureSkipVerify: 'boolean',
  },
  SASLConfig: { mechanism: 'string', passwordSecret: SECRET, userSecret: SECRET },
  S3Artifact: {
    accessKey: SECRET, bucket: 'S3Bucket', caCertificate: SECRET, endpoint: 'string', events: '[string]',
    filter: 'S3Filter', insecure: 'boolean', metadata: '{string}', region: 'string', secretKey: SECRET,
  },
  S3Bucket: { key: 'string', name: 'string' },
  S3Filter: { prefix: 'string', suffix: 'string' },
};

const SENSOR: Record<string, Record<string, string>> = {
  Sensor: { apiVersion: 'string', kind: 'string', metadata: 'object', spec: 'SensorSpec', status: 'object' },
  SensorSpec: {
    dependencies: '[EventDependency]', errorOnFailedRound: 'boolean', eventBusName: 'string', loggingFields: '{string}',
    replicas: 'integer', revisionHistoryLimit: 'integer', template: 'Template', triggers: '[Trigger]',
  },

  EventDependency: {
    eventName: 'string', eventSourceName: 'string', filters: 'EventDependencyFilter', filtersLogicalOperator: 'string',
    name: 'string', transform: 'EventDependencyTransformer',
  },
  EventDependencyFilter: {
    context: 'EventContext', data: '[DataFilter]', dataLogicalOperator: 'string', exprLogicalOperator: 'string',
    exprs: '[ExprFilter]', script: 'string', time: 'TimeFilter',
  },
  EventContext: {
    datacontenttype: 'string', id: 'string', source: 'string', specversion: 'string', subject: 'string', time: 'time',
    type: 'string',
  },
  DataFilter: { comparator: 'string', path: 'string', template: 'string', type: 'string', value: '[string]' },
  ExprFilter: { expr: 'string', fields: '[PayloadField]' },
  PayloadField: { name: 'string', path: 'string' },
  TimeFilter: { start: 'string', stop: 'string', timezone: 'string' },
  EventDependencyTransformer: { jq: 'string', script: 'string' },

  Trigger: {
    atLeastOnce: 'boolean', dlqTrigger: 'Trigger', parameters: PARAMS, policy: 'TriggerPolicy', rateLimit: 'RateLimit',
    retryStrategy: 'Backoff', template: 'TriggerTemplate',
  },
  TriggerParameter: { dest: 'string', operation: 'string', src: 'TriggerParameterSource' },
  TriggerParameterSource: {
    contextKey: 'string', contextTemplate: 'string', dataKey: 'string', dataTemplate: 'string', dependencyName: 'string',
    useRawData: 'boolean', value: 'string',
  },
  TriggerPolicy: { k8s: 'K8SResourcePolicy', status: 'StatusPolicy' },
  K8SResourcePolicy: { backoff: 'Backoff', errorOnBackoffTimeout: 'boolean', labels: '{string}' },
  StatusPolicy: { allow: '[integer]' },
  RateLimit: { requestsPerUnit: 'integer', unit: 'string' },
  TriggerTemplate: {
    argoWorkflow: 'ArgoWorkflowTrigger', awsLambda: 'AWSLambdaTrigger', azureEventHubs: 'AzureEventHubsTrigger',
    azureServiceBus: 'AzureServiceBusTrigger', conditions: 'string', conditionsReset: '[ConditionsResetCriteria]',
    custom: 'CustomTrigger', email: 'EmailTrigger', http: 'HTTPTrigger', k8s: 'StandardK8STrigger', kafka: 'KafkaTrigger',
    log: 'LogTrigger', name: 'string', nats: 'NATSTrigger', openWhisk: 'OpenWhiskTrigger', pulsar: 'PulsarTrigger',
    slack: 'SlackTrigger',
  },
  ConditionsResetCriteria: { byTime: 'ConditionsResetByTime' },
  ConditionsResetByTime: { cron: 'string', timezone: 'string' },

  StandardK8STrigger: {
    liveObject: 'boolean', operation: 'string', parameters: PARAMS, patchStrategy: 'string', source: 'ArtifactLocation',
  },
  ArgoWorkflowTrigger: { args: '[string]', operation: 'string', parameters: PARAMS, source: 'ArtifactLocation' },
  ArtifactLocation: {
    configmap: 'ConfigMapKeySelector', file: 'FileArtifact', git: 'GitArtifact', inline: 'string', resource: 'object',
    s3: 'S3Artifact', url: 'URLArtifact',
  },
  FileArtifact: { path: 'string' },
  URLArtifact: { path: 'string', verifyCert: 'boolean' },
  GitArtifact: {
    branch: 'string', cloneDirectory: 'string', creds: 'GitCreds', filePath: 'string', githubApp: 'GithubAppCreds',
    insecureIgnoreHostKey: 'boolean', ref: 'string', remote: 'GitRemoteConfig', sshKeySecret: SECRET, tag: 'string',
    url: 'string',
  },
  GitCreds: { password: SECRET, username: SECRET },
  GithubAppCreds: { appID: 'integer', installationID: 'integer', privateKey: SECRET },
  GitRemoteConfig: { name: 'string', urls: '[string]' },

  HTTPTrigger: {
    basicAuth: 'BasicAuth', dynamicHeaders: PARAMS, headers: '{string}', host: 'string', method: 'string',
    parameters: PARAMS, payload: PARAMS, secureHeaders: '[SecureHeader]', timeout: 'integer', tls: 'TLSConfig',
    url: 'string',
  },
  SecureHeader: { name: 'string', valueFrom: 'ValueFromSource' },
  ValueFromSource: { configMapKeyRef: 'ConfigMapKeySelector', secretKeyRef: SECRET },
  AWSLambdaTrigger: {
    accessKey: SECRET, functionName: 'string', invocationType: 'string', parameters: PARAMS, payload: PARAMS,
    region: 'string', roleARN: 'string', secretKey: SECRET,
  },
  AzureEventHubsTrigger: {
    fqdn: 'string', hubName: 'string', parameters: PARAMS, payload: PARAMS, sharedAccessKey: SECRET,
    sharedAccessKeyName: SECRET,
  },
  AzureServiceBusTrigger: {
    connectionString: SECRET, parameters: PARAMS, payload: PARAMS, queueName: 'string', subscriptionName: 'string',
    tls: 'TLSConfig', topicName: 'string',
  },
  CustomTrigger: {
    certSecret: SECRET, parameters: PARAMS, payload: PARAMS, secure: 'boolean', serverNameOverride: 'string',
    serverURL: 'string', spec: '{string}',
  },
  EmailTrigger: {
    body: 'string', from: 'string', host: 'string', parameters: PARAMS, port: 'integer', smtpPassword: SECRET,
    subject: 'string', to: '[string]', username: 'string',
  },
  KafkaTrigger: {
    compress: 'boolean', flushFrequency: 'integer', headers: '{string}', parameters: PARAMS, partition: 'integer',
    partitioningKey: 'string', payload: PARAMS, requiredAcks: 'integer', sasl: 'SASLConfig',
    schemaRegistry: 'SchemaRegistryConfig', secureHeaders: '[SecureHeader]', tls: 'TLSConfig', topic: 'string',
    url: 'string', version: 'string',
  },
  SchemaRegistryConfig: { auth: 'BasicAuth', schemaId: 'integer', url: 'string' },
  LogTrigger: { intervalSeconds: 'integer' },
  NATSTrigger: {
    auth: 'NATSAuth', parameters: PARAMS, payload: PARAMS, subject: 'string', tls: 'TLSConfig', url: 'string',
  },
  NATSAuth: { basic: 'BasicAuth', credential: SECRET, nkey: SECRET, token: SECRET },
  OpenWhiskTrigger: {
    actionName: 'string', authToken: SECRET, host: 'string', namespace: 'string', parameters: PARAMS, payload: PARAMS,
    version: 'string',
  },
  PulsarTrigger: {
    authAthenzParams: '{string}', authAthenzSecret: SECRET, authTokenSecret: SECRET, connectionBackoff: 'Backoff',
    parameters: PARAMS, payload: PARAMS, tls: 'TLSConfig', tlsAllowInsecureConnection: 'boolean',
    tlsTrustCertsSecret: SECRET, tlsValidateHostname: 'boolean', topic: 'string', url: 'string',
  },
  SlackTrigger: {
    attachments: 'string', blocks: 'string', channel: 'string', message: 'string', parameters: PARAMS,
    sender: 'SlackSender', slackToken: SECRET, thread: 'SlackThread',
  },
  SlackSender: { icon: 'string', username: 'string' },
  SlackThread: { broadcastMessageToChannel: 'boolean', messageAggregationKey: 'string' },
};

// Event source types whose bodies are not described (see the module comment).
const OPAQUE_EVENT_SOURCE_TYPES = [
  'amqp', 'azureEventsHub', 'azureQueueStorage', 'azureServiceBus', 'bitbucket', 'bitbucketserver', 'emitter', 'file',
  'generic', 'gerrit', 'github', 'gitlab', 'hdfs', 'kafka', 'mns', 'mqtt', 'nats', 'nsq', 'pubSub', 'pulsar', 'redis',
  'redisStream', 'sftp', 'slack', 'sns', 'sqs', 'storageGrid',
];

const EVENT_SOURCE: Record<string, Record<string, string>> = {
  EventSource: { apiVersion: 'string', kind: 'string', metadata: 'object', spec: 'EventSourceSpec', status: 'object' },
  EventSourceSpec: {
    eventBusName: 'string', replicas: 'integer', service: 'Service', template: 'Template',
    calendar: '{CalendarEventSource}', minio: '{S3Artifact}', resource: '{ResourceEventSource}',
    stripe: '{StripeEventSource}', webhook: '{WebhookEventSource}',
    ...Object.fromEntries(OPAQUE_EVENT_SOURCE_TYPES.map((type) => [type, '{object}'])),
  },
  Service: { clusterIP: 'string', metadata: 'Metadata', ports: '[object]' },
  ResourceEventSource: {
    eventTypes: '[string]', filter: 'ResourceFilter', group: 'string', metadata: '{string}', namespace: 'string',
    resource: 'string', version: 'string',
  },
  ResourceFilter: {
    afterStart: 'boolean', createdBy: 'time', fields: '[Selector]', labels: '[Selector]', prefix: 'string',
  },
  Selector: { key: 'string', operation: 'string', value: 'string' },
  WebhookEventSource: {
    authSecret: SECRET, endpoint: 'string', filter: 'EventSourceFilter', maxPayloadSize: 'integer', metadata: '{string}',
    method: 'string', port: 'string', serverCertSecret: SECRET, serverKeySecret: SECRET, url: 'string',
  },
  WebhookContext: {
    authSecret: SECRET, endpoint: 'string', maxPayloadSize: 'integer', metadata: '{string}', method: 'string',
    port: 'string', serverCertSecret: SECRET, serverKeySecret: SECRET, url: 'string',
  },
  EventSourceFilter: { expression: 'string' },
  CalendarEventSource: {
    exclusionDates: '[string]', filter: 'EventSourceFilter', interval: 'string', metadata: '{string}',
    persistence: 'EventPersistence', schedule: 'string', timezone: 'string',
  },
  EventPersistence: { catchup: 'CatchupConfiguration', configMap: 'ConfigMapPersistence' },
  CatchupConfiguration: { enabled: 'boolean', maxDuration: 'string' },
  ConfigMapPersistence: { createIfNotExist: 'boolean', name: 'string' },
  StripeEventSource: {
    apiKey: SECRET, createWebhook: 'boolean', eventFilter: '[string]', metadata: '{string}', webhook: 'WebhookContext',
  },
};

const EVENT_BUS: Record<string, Record<string, string>> = {
  EventBus: { apiVersion: 'string', kind: 'string', metadata: 'object', spec: 'EventBusSpec', status: 'object' },
  EventBusSpec: { jetstream: 'JetStreamBus', jetstreamExotic: 'JetStreamConfig', kafka: 'KafkaBus', nats: 'NATSBus' },
  JetStreamBus: {
    affinity: 'object', containerTemplate: 'ContainerTemplate', imagePullSecrets: '[LocalObjectReference]',
    maxPayload: 'string', metadata: 'Metadata', metricsContainerTemplate: 'ContainerTemplate', nodeSelector: '{string}',
    persistence: 'PersistenceStrategy', priority: 'integer', priorityClassName: 'string',
    reloaderContainerTemplate: 'ContainerTemplate', replicas: 'integer', securityContext: 'object',
    serviceAccountName: 'string', settings: 'string', startArgs: '[string]', streamConfig: 'string',
    tolerations: '[object]', version: 'string',
  },
  ContainerTemplate: { imagePullPolicy: 'string', resources: 'object', securityContext: 'object' },
  PersistenceStrategy: { accessMode: 'string', storageClassName: 'string', volumeSize: 'quantity' },
  JetStreamConfig: { accessSecret: SECRET, streamConfig: 'string', tls: 'TLSConfig', url: 'string' },
  KafkaBus: {
    consumerGroup: 'KafkaConsumerGroup', partitioner: 'string', sasl: 'SASLConfig', tls: 'TLSConfig', topic: 'string',
    url: 'string', version: 'string',
  },
  KafkaConsumerGroup: { groupName: 'string', oldest: 'boolean', rebalanceStrategy: 'string' },
  NATSBus: { exotic: 'NATSConfig', native: 'NativeStrategy' },
  NATSConfig: { accessSecret: SECRET, auth: 'string', clusterID: 'string', url: 'string' },
  NativeStrategy: {
    affinity: 'object', auth: 'string', containerTemplate: 'ContainerTemplate', imagePullSecrets: '[LocalObjectReference]',
    maxAge: 'string', maxBytes: 'string', maxMsgs: 'integer', maxPayload: 'string', maxSubs: 'integer',
    metadata: 'Metadata', metricsContainerTemplate: 'ContainerTemplate', nodeSelector: '{string}',
    persistence: 'PersistenceStrategy', priority: 'integer', priorityClassName: 'string', raftCommitTimeout: 'string',
    raftElectionTimeout: 'string', raftHeartbeatTimeout: 'string', raftLeaseTimeout: 'string', replicas: 'integer',
    securityContext: 'object', serviceAccountName: 'string', tolerations: '[object]',
  },
};

const STRUCTS: ReadonlyMap<string, ApiStruct> = new Map(
  Object.entries({ ...KUBERNETES, ...COMMON, ...SENSOR, ...EVENT_SOURCE, ...EVENT_BUS })
    .map(([name, fields]) => [name, { kind: 'struct', name, fields }]),
);

/** The kinds described, each with the name of its top-level structure. */
export const API_KINDS: ReadonlyMap<string, string> = new Map([
  ['Sensor', 'Sensor'], ['EventSource', 'EventSource'], ['EventBus', 'EventBus'],
]);

/** The names of all described structures. */
export function apiStructNames(): string[] {
  return [...STRUCTS.keys()];
}

const parsed = new Map<string, ApiType>();

/**
 * The type a type expression stands for (see the module comment), e.g. `'[TriggerParameter]'`.
 * Structures may refer to themselves (`Trigger.dlqTrigger`), so their fields stay expressions.
 * @throws Error for an expression that names no type (a mistake in this file)
 */
export function apiType(expression: string): ApiType {
  let type = parsed.get(expression);
  if (type === undefined) {
    type = parse(expression);
    parsed.set(expression, type);
  }
  return type;
}

function parse(expression: string): ApiType {
  if (expression.startsWith('[') && expression.endsWith(']')) {
    return { kind: 'list', items: apiType(expression.slice(1, -1)) };
  }
  if (expression.startsWith('{') && expression.endsWith('}')) {
    return { kind: 'map', values: apiType(expression.slice(1, -1)) };
  }
  if (SCALARS.has(expression)) {
    return { kind: 'scalar', scalar: expression as ApiScalar };
  }
  const struct = STRUCTS.get(expression);
  if (struct === undefined) {
    throw new Error(`unknown type expression ${JSON.stringify(expression)} in the Argo Events API description`);
  }
  return struct;
}
