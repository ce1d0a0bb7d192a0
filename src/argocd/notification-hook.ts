import { ApiObject, Names } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { apiGroupOf } from './_api-group';
import { AppliedResource, appliedResourceCondition } from './_applied-condition';
import { HOOK_ANNOTATION, annotationsOf } from './_annotations';
import { DNS_LABEL, invalid } from './_validation';
import {
  ArgoCdNotificationsConfig, NotificationSecretHeader, NotificationWebhookMethod,
} from './notifications-config';

/** How often the notification may fire. */
export enum NotificationOncePer {
  /** Once per sync operation that applied the resource (keyed by the operation's `finishedAt`). */
  OPERATION = 'operation',
  /**
   * Once per synced revision (`syncResult.revision`): syncing the same commit again does not fire.
   * Multi-source Applications report `revisions` instead, so use OPERATION for them.
   */
  REVISION = 'revision',
}

/**
 * A resource that is not a construct of this app, identified as Argo CD reports it.
 */
export interface NotificationResourceRef {
  /** The kind, e.g. `ConfigMap`. */
  readonly kind: string;

  /** The object name. */
  readonly name: string;

  /**
   * The API group.
   *
   * @default '' (the core API)
   */
  readonly apiGroup?: string;

  /**
   * The namespace.
   *
   * @default - any namespace (also right for cluster-scoped kinds)
   */
  readonly namespace?: string;
}

/**
 * Properties of `ArgoCdNotificationHook`. Set exactly one of `resource` and `resourceRef`.
 */
export interface ArgoCdNotificationHookProps {
  /**
   * The resource whose apply fires the hook: an `ApiObject` or a construct whose default child is
   * one. It must be a managed resource of the Application, not a hook.
   *
   * @default - `resourceRef` is used
   */
  readonly resource?: IConstruct;

  /**
   * The resource whose apply fires the hook, for objects not defined in this app.
   *
   * @default - `resource` is used
   */
  readonly resourceRef?: NotificationResourceRef;

  /** The webhook base URL (`service.webhook.<name>.url`). */
  readonly url: string;

  /**
   * The HTTP method.
   *
   * @default NotificationWebhookMethod.POST
   */
  readonly method?: NotificationWebhookMethod;

  /**
   * Path appended to `url`, starting with `/`.
   *
   * @default - the URL as is
   */
  readonly path?: string;

  /**
   * The request body, a Go template over `.app` and friends.
   *
   * @default - JSON with the Application name, the synced revision, the operation's finish time
   * and the resource identity
   */
  readonly body?: string;

  /**
   * Plain request headers. `Content-Type: application/json` is added unless set here.
   *
   * @default - only Content-Type
   */
  readonly headers?: { [name: string]: string };

  /**
   * Headers whose values come from `argocd-notifications-secret`.
   *
   * @default - none
   */
  readonly secretHeaders?: NotificationSecretHeader[];

  /**
   * How often the hook may fire.
   *
   * @default NotificationOncePer.OPERATION
   */
  readonly oncePer?: NotificationOncePer;

  /**
   * Also fire when the sync listed the resource as `unchanged`. Under server-side apply Argo CD
   * never reports `unchanged`, so there the hook fires whenever the resource took part in a
   * successful sync whatever this says; with `ApplyOutOfSyncOnly=true` only resources that were
   * out of sync take part.
   *
   * @default false
   */
  readonly fireOnUnchanged?: boolean;

  /**
   * The Argo CD Application (or AppProject) of this app to subscribe: it gets the
   * `notifications.argoproj.io/subscribe.<trigger>.<service>` annotation.
   *
   * @default - nothing is annotated; put `subscriptionAnnotation` with an empty value on the
   * Application yourself
   */
  readonly application?: IConstruct;

  /**
   * Where the trigger, template and service are added.
   *
   * @default - the chart's shared `ArgoCdNotificationsConfig`
   */
  readonly config?: ArgoCdNotificationsConfig;

  /**
   * Base of the trigger (`on-<name>`), template and service names: a lowercase DNS label of at
   * most 24 characters, so that the subscription annotation key stays within 63 characters.
   *
   * @default - derived from the construct path
   */
  readonly name?: string;
}

const MAX_NAME = 24;

/**
 * Defines a resource-scoped hook built on Argo CD notifications: a webhook is called after a
 * successful sync operation that applied one named resource (created or configured it).
 *
 * It adds a webhook service, a template and a trigger to `argocd-notifications-cm` and subscribes
 * the Application. The trigger condition inspects `status.operationState.syncResult.resources`,
 * which only describes the last operation: a self-heal operation lists only the healed
 * resources, and a notification missed while the controller was down is not replayed.
 */
export class ArgoCdNotificationHook extends Construct {
  /** The trigger name. */
  public readonly triggerName: string;
  /** The template name. */
  public readonly templateName: string;
  /** The webhook service name. */
  public readonly serviceName: string;
  /** The trigger condition (expr-lang). */
  public readonly when: string;
  /** The trigger's `oncePer` expression. */
  public readonly oncePer: string;
  /** The annotation key that subscribes an Application to this hook (with an empty value). */
  public readonly subscriptionAnnotation: string;
  /** The configuration holding the entries. */
  public readonly config: ArgoCdNotificationsConfig;

  constructor(scope: Construct, id: string, props: ArgoCdNotificationHookProps) {
    super(scope, id);

    const resource = this.resolveResource(props);
    const name = props.name ?? Names.toDnsLabel(this, { maxLen: MAX_NAME });
    if (!DNS_LABEL.test(name) || name.length > MAX_NAME) {
      throw invalid(this, `name '${name}' is not a lowercase DNS label of at most ${MAX_NAME} characters; it names the trigger and service inside a 63-character annotation key, so shorten it`);
    }
    this.triggerName = `on-${name}`;
    this.templateName = name;
    this.serviceName = name;
    this.subscriptionAnnotation = `notifications.argoproj.io/subscribe.${this.triggerName}.${this.serviceName}`;
    this.when = appliedResourceCondition(resource, props.fireOnUnchanged ?? false);
    this.oncePer = (props.oncePer ?? NotificationOncePer.OPERATION) === NotificationOncePer.REVISION
      ? 'app.status.operationState.syncResult.revision'
      : 'app.status.operationState.finishedAt';

    this.config = props.config ?? ArgoCdNotificationsConfig.of(this);
    const headers = { ...props.headers };
    if (!Object.keys(headers).some(h => h.toLowerCase() === 'content-type')) {
      headers['Content-Type'] = 'application/json';
    }
    this.config.addWebhookService(this.serviceName, { url: props.url, headers, secretHeaders: props.secretHeaders });
    this.config.addWebhookTemplate(this.templateName, {
      service: this.serviceName,
      method: props.method ?? NotificationWebhookMethod.POST,
      path: props.path,
      body: props.body ?? defaultBody(resource),
    });
    this.config.addTrigger(this.triggerName, {
      description: `${resource.kind} ${resource.namespace ? `${resource.namespace}/` : ''}${resource.name} was applied by a successful sync`,
      when: this.when,
      oncePer: this.oncePer,
      send: [this.templateName],
    });

    if (props.application !== undefined) {
      this.subscribe(props.application);
    }
  }

  private resolveResource(props: ArgoCdNotificationHookProps): AppliedResource {
    if (props.resource !== undefined && props.resourceRef !== undefined) {
      throw invalid(this, 'both resource and resourceRef are set; identify the resource in exactly one of them');
    }
    if (props.resource !== undefined) {
      const obj = ApiObject.of(props.resource);
      const hook = annotationsOf(obj)[HOOK_ANNOTATION];
      if (hook !== undefined) {
        throw invalid(this, `resource ${obj.kind} '${obj.name}' is an Argo CD ${hook} hook, and the trigger matches only managed resources; point it at the resource the hook is about`);
      }
      return { group: apiGroupOf(obj), kind: obj.kind, name: obj.name, namespace: obj.metadata.namespace };
    }
    if (props.resourceRef !== undefined) {
      const ref = props.resourceRef;
      if (ref.kind === '' || ref.name === '') {
        throw invalid(this, `resourceRef has kind '${ref.kind}' and name '${ref.name}'; both must be set to identify the resource`);
      }
      return { group: ref.apiGroup ?? '', kind: ref.kind, name: ref.name, namespace: ref.namespace };
    }
    throw invalid(this, 'neither resource nor resourceRef is set; pass the resource whose apply should call the webhook');
  }

  private subscribe(application: IConstruct): void {
    const app = ApiObject.of(application);
    if (apiGroupOf(app) !== 'argoproj.io' || (app.kind !== 'Application' && app.kind !== 'AppProject')) {
      throw invalid(this, `application is a ${app.apiVersion} ${app.kind}, not an Argo CD Application or AppProject; pass the Application that deploys the resource`);
    }
    app.metadata.addAnnotation(this.subscriptionAnnotation, '');
  }
}

function defaultBody(resource: AppliedResource): string {
  return JSON.stringify({
    app: '{{.app.metadata.name}}',
    revision: '{{.app.status.operationState.syncResult.revision}}',
    finishedAt: '{{.app.status.operationState.finishedAt}}',
    resource: { group: resource.group, kind: resource.kind, namespace: resource.namespace ?? '', name: resource.name },
  });
}
