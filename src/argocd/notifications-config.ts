import { ApiObject, Chart, Lazy, Yaml } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { DNS_LABEL, invalid } from './_validation';

/** HTTP methods of an Argo CD notifications webhook. */
export enum NotificationWebhookMethod {
  GET = 'GET',
  POST = 'POST',
  PUT = 'PUT',
  PATCH = 'PATCH',
}

/**
 * A webhook header whose value comes from `argocd-notifications-secret`.
 */
export interface NotificationSecretHeader {
  /** The header name, e.g. `Authorization`. */
  readonly name: string;

  /**
   * The key in `argocd-notifications-secret`. Argo CD substitutes `$<key>` references made of
   * letters, digits, `_` and `-`.
   */
  readonly secretKey: string;

  /**
   * Text placed before the secret value, e.g. `Bearer `.
   *
   * @default - the header value is the secret value alone
   */
  readonly valuePrefix?: string;
}

/**
 * A `service.webhook.<name>` entry.
 */
export interface NotificationWebhookServiceOptions {
  /** The base URL; a template's `path` is appended to it. */
  readonly url: string;

  /**
   * Plain headers sent with every request. Values must not contain `$name` references (Argo CD
   * would replace them from the secret); use `secretHeaders` for secrets.
   *
   * @default - none
   */
  readonly headers?: { [name: string]: string };

  /**
   * Headers whose values come from `argocd-notifications-secret`.
   *
   * @default - none
   */
  readonly secretHeaders?: NotificationSecretHeader[];

  /**
   * Skip TLS verification of the endpoint.
   *
   * @default false
   */
  readonly insecureSkipVerify?: boolean;
}

/**
 * A `template.<name>` entry with a webhook request.
 */
export interface NotificationWebhookTemplateOptions {
  /** The name of the webhook service (`service.webhook.<name>`) the request goes to. */
  readonly service: string;

  /**
   * The HTTP method.
   *
   * @default NotificationWebhookMethod.GET (Argo CD's default)
   */
  readonly method?: NotificationWebhookMethod;

  /**
   * Path appended to the service URL, starting with `/` (a Go template).
   *
   * @default - the service URL as is
   */
  readonly path?: string;

  /**
   * The request body, a Go template (with sprig functions) over `.app`, `.context` and friends.
   *
   * @default - no body
   */
  readonly body?: string;
}

/**
 * One condition of a `trigger.<name>` entry.
 */
export interface NotificationTriggerOptions {
  /**
   * The condition, an expr-lang expression over `app` (the Application). Argo CD treats a
   * non-boolean result or an evaluation error as false.
   */
  readonly when: string;

  /** The templates to send when the condition holds. */
  readonly send: string[];

  /**
   * An expression whose value identifies one firing: the trigger fires once per distinct value
   * (remembered in the Application's `notified.notifications.argoproj.io` annotation, at most 100
   * entries).
   *
   * @default - fire whenever the condition becomes true, re-arm when it becomes false
   */
  readonly oncePer?: string;

  /**
   * A description shown by `argocd admin notifications trigger get`.
   *
   * @default - none
   */
  readonly description?: string;
}

/**
 * Properties of `ArgoCdNotificationsConfig`.
 */
export interface ArgoCdNotificationsConfigProps {
  /**
   * The namespace Argo CD (and its notifications controller) is installed in.
   *
   * @default 'argocd'
   */
  readonly namespace?: string;
}

/** Construct id of the per-chart configuration created by `ArgoCdNotificationsConfig.of`. */
const SHARED_ID = 'ArgoCdNotificationsConfig';
const SECRET_KEY = /^[A-Za-z0-9_-]+$/;
/** What Argo CD's secret substitution would pick up in a plain value. */
const SECRET_REFERENCE = /\$[\w-]/;

/**
 * Defines entries of `argocd-notifications-cm` (webhook services, templates and triggers),
 * collected from any number of constructs and rendered into one ConfigMap.
 *
 * The ConfigMap holds only the entries added here. Applied on its own it merges key by key with
 * the live ConfigMap, but when Argo CD's own installation manages `argocd-notifications-cm`,
 * copy `data` into that configuration instead of deploying this object. Secrets stay in
 * `argocd-notifications-secret` and are referenced as `$<key>`.
 */
export class ArgoCdNotificationsConfig extends Construct {
  /**
   * The configuration shared by all notification hooks of a chart, created on first use.
   *
   * @param scope any construct of the chart
   */
  public static of(scope: IConstruct): ArgoCdNotificationsConfig {
    const chart = Chart.of(scope);
    const existing = chart.node.tryFindChild(SHARED_ID);
    if (existing === undefined) {
      return new ArgoCdNotificationsConfig(chart, SHARED_ID);
    }
    if (!(existing instanceof ArgoCdNotificationsConfig)) {
      throw invalid(existing, `the id '${SHARED_ID}' is taken by another construct; rename it so that the shared notifications configuration can be created`);
    }
    return existing;
  }

  /** The partial `argocd-notifications-cm` ConfigMap. */
  public readonly apiObject: ApiObject;

  private readonly entries = new Map<string, string>();

  constructor(scope: Construct, id: string, props: ArgoCdNotificationsConfigProps = {}) {
    super(scope, id);
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'argocd-notifications-cm', namespace: props.namespace ?? 'argocd' },
      data: Lazy.any({ produce: () => this.data }),
    });
    this.node.addValidation({
      validate: () => (this.entries.size === 0
        ? [`${this.node.path}: no services, templates or triggers were added; add some or remove the construct`]
        : []),
    });
  }

  /**
   * Adds a `service.webhook.<name>` entry.
   *
   * @param name the service name: a lowercase DNS label (no dots, which Argo CD reads as separators)
   * @param options the service settings
   */
  public addWebhookService(name: string, options: NotificationWebhookServiceOptions): void {
    this.checkName('service', name);
    if (!/^https?:\/\//.test(options.url)) {
      throw invalid(this, `url '${options.url}' of webhook service '${name}' is not an http(s) URL; use e.g. https://ci.example.com`);
    }
    const headers: Array<{ name: string; value: string }> = [];
    for (const [header, value] of Object.entries(options.headers ?? {})) {
      if (SECRET_REFERENCE.test(value)) {
        throw invalid(this, `header '${header}' of webhook service '${name}' has the value '${value}', which Argo CD would read as a secret reference; move it to secretHeaders`);
      }
      headers.push({ name: header, value });
    }
    for (const header of options.secretHeaders ?? []) {
      if (!SECRET_KEY.test(header.secretKey)) {
        throw invalid(this, `secretKey '${header.secretKey}' of header '${header.name}' cannot be referenced; Argo CD substitutes only $keys made of letters, digits, '_' and '-', so rename the key in argocd-notifications-secret`);
      }
      headers.push({ name: header.name, value: `${header.valuePrefix ?? ''}$${header.secretKey}` });
    }
    this.put(`service.webhook.${name}`, {
      url: options.url,
      headers: headers.length > 0 ? headers : undefined,
      insecureSkipVerify: options.insecureSkipVerify ? true : undefined,
    });
  }

  /**
   * Adds a `template.<name>` entry that calls a webhook service.
   *
   * @param name the template name: a lowercase DNS label
   * @param options the request
   */
  public addWebhookTemplate(name: string, options: NotificationWebhookTemplateOptions): void {
    this.checkName('template', name);
    this.checkName('service', options.service);
    if (options.path !== undefined && !options.path.startsWith('/')) {
      throw invalid(this, `path '${options.path}' of template '${name}' does not start with '/'; it is appended to the service URL, so write '/${options.path}'`);
    }
    this.put(`template.${name}`, {
      webhook: {
        [options.service]: { method: options.method, path: options.path, body: options.body },
      },
    });
  }

  /**
   * Adds a `trigger.<name>` entry with one condition.
   *
   * @param name the trigger name: a lowercase DNS label
   * @param options the condition
   */
  public addTrigger(name: string, options: NotificationTriggerOptions): void {
    this.checkName('trigger', name);
    if (options.when.trim() === '') {
      throw invalid(this, `when of trigger '${name}' is empty; give an expr-lang condition over app`);
    }
    if (options.send.length === 0) {
      throw invalid(this, `send of trigger '${name}' is empty; list the templates to send`);
    }
    options.send.forEach(template => this.checkName('template', template));
    this.put(`trigger.${name}`, [{
      description: options.description,
      when: options.when,
      oncePer: options.oncePer,
      send: [...options.send],
    }]);
  }

  /** The rendered ConfigMap entries (a copy). */
  public get data(): { [key: string]: string } {
    return Object.fromEntries([...this.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  private checkName(what: string, name: string): void {
    if (!DNS_LABEL.test(name)) {
      throw invalid(this, `${what} name '${name}' is not a lowercase DNS label; Argo CD splits notification keys on '.', so use letters, digits and '-' only`);
    }
  }

  /** Same key twice is fine when the content is identical (two hooks sharing a service). */
  private put(key: string, value: unknown): void {
    // cdk8s' own YAML writer (no line folding), so the library needs no YAML package of its own;
    // it writes undefined as null, so the JSON round trip drops unset fields first.
    const rendered = Yaml.stringify(JSON.parse(JSON.stringify(value)));
    const existing = this.entries.get(key);
    if (existing !== undefined && existing !== rendered) {
      throw invalid(this, `${key} is already defined with different content; give the second one another name`);
    }
    this.entries.set(key, rendered);
  }
}
