import { ApiObject, ApiObjectMetadata, GroupVersionKind, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoEventsPodTemplate, ConfigMapKeySelector, SecretKeySelector } from './common';

/** `and` / `or` combination of filters. */
export enum LogicalOperator {
  /** All must pass (the Argo Events default). */
  AND = 'and',
  /** At least one defined filter must pass. */
  OR = 'or',
}

/** A data filter on one gjson path of the event data. */
export interface DataFilter {
  /** gjson path into the event data; a missing path is an error (the filter fails). */
  readonly path: string;
  /** `string`, `number` or `bool`. */
  readonly type: string;
  /** Values; for strings each is an unanchored Go regular expression. The list is ORed. */
  readonly value: string[];
  /** `=`, `!=`, `>`, `>=`, `<`, `<=`. @default "=" */
  readonly comparator?: string;
  /** Go template applied to the path value (as `.Input`) before comparison. @default - none */
  readonly template?: string;
}

/** A variable bound from the event data for an expression filter. */
export interface ExprFilterField {
  /** gjson path; a missing path is an error (the filter fails). */
  readonly path: string;
  /** Variable name used in the expression. */
  readonly name: string;
}

/** A govaluate expression over fields of the event data. */
export interface ExprFilter {
  /** The expression. */
  readonly expr: string;
  /** Variables it uses. */
  readonly fields: ExprFilterField[];
}

/** Equality filter on CloudEvent context attributes (only non-empty fields are compared). */
export interface ContextFilter {
  /** @default - any */
  readonly type?: string;
  /** @default - any */
  readonly subject?: string;
  /** @default - any */
  readonly source?: string;
  /** @default - any */
  readonly datacontenttype?: string;
}

/** Time-of-day window `[start, stop)` on the event time. */
export interface TimeFilter {
  /** `HH:MM:SS`. */
  readonly start: string;
  /** `HH:MM:SS`; before `start` wraps past midnight. */
  readonly stop: string;
  /** IANA time zone. @default "UTC" */
  readonly timezone?: string;
}

/** Filters of one dependency, evaluated in the order exprs, data, context, time, script. */
export interface DependencyFilter {
  /** @default - none */
  readonly exprs?: ExprFilter[];
  /** @default - and */
  readonly exprLogicalOperator?: LogicalOperator;
  /** @default - none */
  readonly data?: DataFilter[];
  /** @default - and */
  readonly dataLogicalOperator?: LogicalOperator;
  /** @default - none */
  readonly context?: ContextFilter;
  /** @default - none */
  readonly time?: TimeFilter;
  /** Lua script; the event passes only if it returns `true`. @default - none */
  readonly script?: string;
}

/** Transform applied to the event data before filters. */
export interface DependencyTransform {
  /** jq program (wins over `script`). @default - none */
  readonly jq?: string;
  /** Lua script returning the new data table. @default - none */
  readonly script?: string;
}

/** One Sensor dependency: an event it listens to, with filters. */
export interface SensorDependency {
  /** Name used in trigger conditions; must match `[A-Za-z_][A-Za-z0-9_-]*`. */
  readonly name: string;
  /** Name of the EventSource object. */
  readonly eventSourceName: string;
  /** Name of the event inside that EventSource. */
  readonly eventName: string;
  /** @default - every event passes */
  readonly filters?: DependencyFilter;
  /** How filter kinds combine. @default - and */
  readonly filtersLogicalOperator?: LogicalOperator;
  /** @default - none */
  readonly transform?: DependencyTransform;
}

/** Where a trigger parameter takes its value from. */
export interface TriggerParameterSource {
  /** Dependency whose event is read. */
  readonly dependencyName: string;
  /** gjson path into the CloudEvent context. @default - none */
  readonly contextKey?: string;
  /** Go template over the context. @default - none */
  readonly contextTemplate?: string;
  /** gjson path into the event data. @default - none */
  readonly dataKey?: string;
  /** Go template over the event data (`.Input`). @default - none */
  readonly dataTemplate?: string;
  /** Fallback or constant value. @default - none */
  readonly value?: string;
  /** Insert JSON values (numbers, objects) with their type instead of as strings. @default false */
  readonly useRawData?: boolean;
}

/** A value copied from an event into the trigger. */
export interface TriggerParameter {
  /** Source of the value. */
  readonly src: TriggerParameterSource;
  /** sjson path of the destination. */
  readonly dest: string;
  /** `overwrite` (default), `append` or `prepend`. @default "overwrite" */
  readonly operation?: string;
}

/** Backoff of `retryStrategy` and `policy.k8s.backoff`. */
export interface Backoff {
  /** Go duration string of the first wait, e.g. `1s`. */
  readonly duration?: string;
  /** Multiplier applied after each attempt; must be a JSON number. */
  readonly factor?: number;
  /** Random extra fraction of each wait; must be a JSON number. */
  readonly jitter?: number;
  /** Total number of attempts. */
  readonly steps?: number;
}

/** Rate limit of a trigger. */
export interface RateLimitSpec {
  /** `Second`, `Minute` or `Hour`. */
  readonly unit: string;
  /** Requests per unit; must be at least 1 (0 crashes the Sensor). */
  readonly requestsPerUnit: number;
}

/** HTTP header whose value is read from a Secret or ConfigMap mounted in the Sensor pod. */
export interface SecureHeader {
  /** Header name. */
  readonly name: string;
  /** Value source. */
  readonly valueFrom: SecureHeaderValueSource;
}

/** Source of a secure header value. */
export interface SecureHeaderValueSource {
  /** @default - none */
  readonly secretKeyRef?: SecretKeySelector;
  /** @default - none */
  readonly configMapKeyRef?: ConfigMapKeySelector;
}

/** `template.k8s`: create, update, patch or delete a Kubernetes object. */
export interface K8sTriggerSpec {
  /** `create` (default), `update`, `patch`, `delete`. */
  readonly operation: string;
  /** Object source; `{ resource: <object> }` inlines it. */
  readonly source: K8sTriggerSource;
  /** Parameters applied to the object. @default - none */
  readonly parameters?: TriggerParameter[];
  /** @default - merge patch */
  readonly patchStrategy?: string;
  /** @default false */
  readonly liveObject?: boolean;
}

/** Source of a k8s trigger object. */
export interface K8sTriggerSource {
  /** The object, inline. */
  readonly resource?: any;
}

/** `template.http`: send an HTTP request. */
export interface HttpTriggerSpec {
  /** URL (http or https). */
  readonly url: string;
  /** @default "POST" */
  readonly method?: string;
  /** Static headers. @default - none */
  readonly headers?: { [name: string]: string };
  /** Headers read from mounted Secrets or ConfigMaps. @default - none */
  readonly secureHeaders?: SecureHeader[];
  /** Body built from events; an empty `dest` makes the value the whole body. @default - empty body */
  readonly payload?: TriggerParameter[];
  /** Parameters applied to the HTTP spec (url, headers.X). @default - none */
  readonly parameters?: TriggerParameter[];
  /** Timeout in seconds. @default 60 */
  readonly timeout?: number;
}

/** `template.log`: log the event. */
export interface LogTriggerSpec {
  /** Has no effect in Argo Events; modelled only so it can be linted. @default - none */
  readonly intervalSeconds?: number;
}

/** `template.slack`: post a Slack message. */
export interface SlackTriggerSpec {
  /** Bot token. */
  readonly slackToken: SecretKeySelector;
  /** Channel (a leading `#` is stripped). */
  readonly channel?: string;
  /** Message text. */
  readonly message?: string;
}

/** `template.argoWorkflow`: act on an Argo Workflow. */
export interface ArgoWorkflowTriggerSpec {
  /** `submit`, `submit-from`, `resubmit`, `retry`, `resume`, `suspend`, `terminate`, `stop`. */
  readonly operation: string;
  /** Workflow source; `{ resource: <object> }` inlines it. */
  readonly source: K8sTriggerSource;
  /** Parameters applied to the workflow. @default - none */
  readonly parameters?: TriggerParameter[];
  /** Extra `argo` CLI arguments. @default - none */
  readonly args?: string[];
}

/** What a trigger does and when. Exactly one action field should be set. */
export interface TriggerTemplateSpec {
  /** Unique trigger name. */
  readonly name: string;
  /** Boolean expression over dependency names. @default - the AND of all dependencies */
  readonly conditions?: string;
  /** @default - none */
  readonly k8s?: K8sTriggerSpec;
  /** @default - none */
  readonly http?: HttpTriggerSpec;
  /** @default - none */
  readonly log?: LogTriggerSpec;
  /** @default - none */
  readonly slack?: SlackTriggerSpec;
  /** @default - none */
  readonly argoWorkflow?: ArgoWorkflowTriggerSpec;
}

/** HTTP status policy. */
export interface StatusPolicy {
  /** Status codes that count as success; anything else fails the trigger. */
  readonly allow: number[];
}

/** Trigger policy. */
export interface TriggerPolicySpec {
  /** @default - every response is a success */
  readonly status?: StatusPolicy;
}

/** One Sensor trigger with its delivery settings. */
export interface SensorTrigger {
  /** The action. */
  readonly template: TriggerTemplateSpec;
  /** Trigger-level parameters, applied to the template. @default - none */
  readonly parameters?: TriggerParameter[];
  /** Retries; effective only with `atLeastOnce: true`. @default - one attempt */
  readonly retryStrategy?: Backoff;
  /** @default - unlimited */
  readonly rateLimit?: RateLimitSpec;
  /** Run synchronously before acking, which retries need. @default false */
  readonly atLeastOnce?: boolean;
  /** @default - none */
  readonly policy?: TriggerPolicySpec;
  /**
   * Runs with the same events when this trigger fails for good (after its retries); both need
   * `atLeastOnce: true`. Argo Events 1.9.3 and later; older controllers drop it silently.
   * @default - none
   */
  readonly dlqTrigger?: SensorTrigger;
}

/** `spec` of an Argo Events Sensor. */
export interface SensorSpec {
  /** @default "default" */
  readonly eventBusName?: string;
  /** @default - controller defaults */
  readonly template?: ArgoEventsPodTemplate;
  /** @default 1 */
  readonly replicas?: number;
  /** @default - none; add with `addEventDependency` */
  readonly dependencies?: SensorDependency[];
  /** @default - none; add with `addTrigger` */
  readonly triggers?: SensorTrigger[];
}

/** Props of {@link Sensor}. */
export interface SensorProps {
  /** @default - a name is generated from the construct path */
  readonly metadata?: ApiObjectMetadata;
  /** @default - an empty spec */
  readonly spec?: SensorSpec;
}

/**
 * An Argo Events `Sensor` (argoproj.io/v1alpha1). Renders lazily, so dependencies and triggers
 * added after construction are included; names are checked for uniqueness as they are added.
 */
export class Sensor extends ApiObject {
  public static readonly GVK: GroupVersionKind = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Sensor' };

  private readonly baseSpec: SensorSpec;
  private readonly dependencies: SensorDependency[] = [];
  private readonly dependencyNames = new Set<string>();
  /** Names as Argo Events wires them ("-" read as "_"), to the name given. */
  private readonly wiredNames = new Map<string, string>();
  private readonly triggers: SensorTrigger[] = [];
  private readonly triggerNames = new Set<string>();

  constructor(scope: Construct, id: string, props: SensorProps = {}) {
    super(scope, id, {
      ...Sensor.GVK,
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._renderSpec() }),
    });
    this.baseSpec = props.spec ?? {};
    (this.baseSpec.dependencies ?? []).forEach((d) => this.addEventDependency(d));
    (this.baseSpec.triggers ?? []).forEach((t) => this.addTrigger(t));
  }

  /** Adds a dependency; its name must be unique and a valid condition identifier. */
  public addEventDependency(dependency: SensorDependency): void {
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(dependency.name)) {
      throw new Error(`${this.node.path}: dependency name "${dependency.name}" cannot be used in trigger conditions; use letters, digits, "_" and "-", starting with a letter or "_"`);
    }
    if (this.dependencyNames.has(dependency.name)) {
      throw new Error(`${this.node.path}: dependency name "${dependency.name}" is already used in this Sensor; dependency names must be unique`);
    }
    // The Sensor wires conditions to dependencies with "-" read as "_" (one name to it).
    const wired = dependency.name.replace(/-/g, '_');
    const clash = this.wiredNames.get(wired);
    if (clash !== undefined) {
      throw new Error(`${this.node.path}: dependency name "${dependency.name}" and "${clash}" differ only in "-" and "_", which Argo Events treats as the same name (one of them would never fire); rename one`);
    }
    this.dependencyNames.add(dependency.name);
    this.wiredNames.set(wired, dependency.name);
    this.dependencies.push(dependency);
  }

  /** Adds a trigger; its template name must be unique in the Sensor. */
  public addTrigger(trigger: SensorTrigger): void {
    if (this.triggerNames.has(trigger.template.name)) {
      throw new Error(`${this.node.path}: trigger name "${trigger.template.name}" is already used in this Sensor; trigger names must be unique`);
    }
    this.triggerNames.add(trigger.template.name);
    this.triggers.push(trigger);
  }

  /** Number of dependencies added so far. */
  public get dependencyCount(): number {
    return this.dependencies.length;
  }

  /** Number of triggers added so far. */
  public get triggerCount(): number {
    return this.triggers.length;
  }

  /** @internal */
  public _renderSpec(): any {
    return {
      ...this.baseSpec,
      dependencies: this.dependencies.length > 0 ? [...this.dependencies] : undefined,
      triggers: this.triggers.length > 0 ? [...this.triggers] : undefined,
    };
  }
}
