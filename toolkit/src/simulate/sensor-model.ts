import { retryPlan } from '../engine/backoff';
import { compileGoRegexp, parseGovaluate } from '../engine/compile-cache';
import { ConditionsExpression } from '../engine/conditions';
import { CronSchedule } from '../engine/cron';
import { EventDependencyFilter } from '../engine/filters';
import { filterTime } from '../engine/filter-time';
import { parseGoBool, parseGoFloat } from '../engine/go-strconv';
import { describeObject } from '../engine/manifests';
import { EventDependencyTransformer } from '../engine/transforms';
import { Diagnostics } from './diagnostics';
import { Json, arrayOf, isObject, nameOf, objectOf, stringOf } from './json-access';
import { TRIGGER_KINDS, TriggerKind } from './types';

/** A dependency ready for evaluation. */
export interface CompiledDependency {
  readonly name: string;
  readonly eventSourceName: string;
  readonly eventName: string;
  readonly filters?: EventDependencyFilter;
  readonly filtersLogicalOperator: string;
  readonly transform?: EventDependencyTransformer;
}

/** A trigger ready for execution. */
export interface CompiledTrigger {
  readonly name: string;
  /** The `triggers[i]` object as written. */
  readonly spec: Json;
  readonly conditions?: ConditionsExpression;
  /** Why the trigger can never run, if so. */
  readonly disabled?: string;
  /** (eventSourceName, eventName) key → the trigger's dependencies on it, in condition order. */
  readonly depsByKey: ReadonlyMap<string, readonly string[]>;
  readonly resets: readonly CronSchedule[];
}

/** The key events and dependencies meet on: EventSource name and event name. */
export function eventKey(eventSourceName: string, eventName: string): string {
  return `${eventSourceName}\u0000${eventName}`;
}

const LOGICAL_OPERATORS = new Set(['', 'and', 'or']);
const COMPARATORS = new Set(['', '=', '!=', '>', '>=', '<', '<=']);
const PARAM_OPERATIONS = new Set(['', 'append', 'overwrite', 'prepend']);
const K8S_OPERATIONS = new Set(['', 'create', 'update', 'patch', 'delete']);
const HTTP_METHODS = new Set(['', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const TEMPLATE_FIELDS = new Set<string>(['name', 'conditions', 'conditionsReset', ...TRIGGER_KINDS]);
const WORKFLOW_OPERATIONS = new Set(['submit', 'submit-from', 'suspend', 'resubmit', 'retry', 'resume', 'terminate', 'stop']);

/** A Sensor's dependencies and triggers, validated the way the controller and runtime would. */
export class SensorModel {
  readonly name: string;
  readonly namespace: string;
  readonly eventBusName: string;
  /** How diagnostics name this Sensor, e.g. `Sensor/apps/hub`. */
  readonly where: string;
  readonly dependencies = new Map<string, CompiledDependency>();
  readonly triggers: CompiledTrigger[] = [];
  /** The dependencies on each (eventSourceName, eventName) key, in spec order. */
  readonly dependenciesByKey = new Map<string, CompiledDependency[]>();
  /** The indices of the triggers that consume a dependency on each key. */
  readonly triggersByKey = new Map<string, number[]>();
  /** Why the Sensor cannot start at all, if so (it then processes no event). */
  startFailure?: string;

  constructor(object: Json, private readonly diagnostics: Diagnostics) {
    const { name, namespace } = nameOf(object);
    this.name = name;
    this.namespace = namespace;
    const where = describeObject(object);
    this.where = where;
    const spec = objectOf(object.spec);
    this.eventBusName = stringOf(spec.eventBusName) || 'default';

    const deps = arrayOf(spec.dependencies);
    if (deps.length === 0) {
      diagnostics.rejected(`${where} spec.dependencies`, 'no event dependencies found');
    }
    deps.forEach((d, i) => this.addDependency(objectOf(d), `${where} spec.dependencies[${i}]`));

    const triggers = arrayOf(spec.triggers);
    if (triggers.length === 0) {
      diagnostics.rejected(`${where} spec.triggers`, 'no triggers found');
    }
    const seen = new Set<string>();
    triggers.forEach((t, i) => {
      const compiled = this.compileTrigger(objectOf(t), `${where} spec.triggers[${i}]`);
      if (seen.has(compiled.name)) {
        diagnostics.rejected(`${where} spec.triggers[${i}].template.name`, `duplicate trigger name: ${compiled.name}`);
      }
      seen.add(compiled.name);
      for (const key of compiled.depsByKey.keys()) {
        this.triggersByKey.set(key, [...(this.triggersByKey.get(key) ?? []), this.triggers.length]);
      }
      this.triggers.push(compiled);
    });
    // Later definitions of a dependency name replace earlier ones, as in the Sensor's own map.
    for (const dep of this.dependencies.values()) {
      const key = eventKey(dep.eventSourceName, dep.eventName);
      this.dependenciesByKey.set(key, [...(this.dependenciesByKey.get(key) ?? []), dep]);
    }
  }

  /** The message of the diagnostic recorded last. */
  private lastMessage(): string {
    return this.diagnostics.list[this.diagnostics.list.length - 1]?.message ?? '';
  }

  private addDependency(d: Json, where: string): void {
    const name = stringOf(d.name);
    const eventSourceName = stringOf(d.eventSourceName);
    const eventName = stringOf(d.eventName);
    if (!name) {
      this.diagnostics.rejected(`${where}.name`, 'event dependency must define a name');
    }
    if (!eventSourceName) {
      this.diagnostics.rejected(`${where}.eventSourceName`, 'event dependency must define the EventSourceName');
    }
    if (!eventName) {
      this.diagnostics.rejected(`${where}.eventName`, 'event dependency must define the EventName');
    }
    if (this.dependencies.has(name)) {
      this.diagnostics.warning(`${where}.name`, `duplicate dependency name '${name}': only the last definition is used`);
    }
    const filtersLogicalOperator = stringOf(d.filtersLogicalOperator);
    this.checkOperator(filtersLogicalOperator, `${where}.filtersLogicalOperator`);
    const filters = d.filters === undefined || d.filters === null ? undefined : this.checkFilters(objectOf(d.filters), `${where}.filters`);
    const transform = isObject(d.transform)
      ? { jq: stringOf(d.transform.jq) || undefined, script: stringOf(d.transform.script) || undefined }
      : undefined;
    this.dependencies.set(name, { name, eventSourceName, eventName, filters, filtersLogicalOperator, transform });
  }

  private checkOperator(op: string, where: string): void {
    if (!LOGICAL_OPERATORS.has(op)) {
      this.diagnostics.rejected(where, `logical operator ${op} not supported`);
    }
  }

  /** Validates filters and returns them typed (the manifest object itself, once checked). */
  private checkFilters(f: Json, where: string): EventDependencyFilter {
    const d = this.diagnostics;
    this.checkOperator(stringOf(f.dataLogicalOperator), `${where}.dataLogicalOperator`);
    this.checkOperator(stringOf(f.exprLogicalOperator), `${where}.exprLogicalOperator`);
    arrayOf(f.exprs).forEach((raw, i) => {
      const at = `${where}.exprs[${i}]`;
      const e = objectOf(raw);
      const fields = arrayOf(e.fields);
      if (!stringOf(e.expr) || fields.length === 0
        || fields.some((field) => !stringOf(objectOf(field).path) || !stringOf(objectOf(field).name))) {
        d.rejected(at, 'one of expr filters is not valid (expr and fields with path and name are required)');
      }
      if (stringOf(e.expr)) {
        d.attemptRuntime(`${at}.expr`, () => parseGovaluate(stringOf(e.expr)));
      }
    });
    arrayOf(f.data).forEach((raw, i) => this.checkDataFilter(objectOf(raw), `${where}.data[${i}]`));
    if (f.context !== undefined && f.context !== null) {
      const c = objectOf(f.context);
      if (!['type', 'subject', 'source', 'datacontenttype'].some((k) => stringOf(c[k]) !== '')) {
        d.rejected(`${where}.context`, 'no fields specified in ctx filter');
      }
    }
    if (f.time !== undefined && f.time !== null) {
      const t = objectOf(f.time);
      const outcome = filterTime({ start: stringOf(t.start), stop: stringOf(t.stop), timezone: stringOf(t.timezone) }, new Date(0));
      if (outcome.error) {
        d.rejected(`${where}.time`, outcome.error);
      } else if (stringOf(t.start) === stringOf(t.stop)) {
        d.rejected(`${where}.time`, `filter is invalid: stop '${stringOf(t.stop)}' is equal to start`);
      }
    }
    return f as EventDependencyFilter;
  }

  private checkDataFilter(f: Json, where: string): void {
    const d = this.diagnostics;
    const values = f.value;
    if (!stringOf(f.path) || !stringOf(f.type) || !Array.isArray(values) || values.length === 0
      || values.some((v) => v === '')) {
      d.rejected(where, 'one of data filters is not valid (path, type and a non-empty list of non-empty values are required)');
    }
    if (Array.isArray(values) && values.some((v) => typeof v !== 'string')) {
      d.rejected(`${where}.value`, 'values must be strings (quote numbers and booleans); the Sensor spec does not decode otherwise');
      return;
    }
    const comparator = stringOf(f.comparator);
    if (!COMPARATORS.has(comparator)) {
      d.rejected(`${where}.comparator`, `comparator ${comparator} not supported`);
    }
    const strings = arrayOf(values) as string[];
    switch (f.type) {
      case 'string':
        strings.forEach((v, i) => d.attemptRuntime(`${where}.value[${i}]`, () => compileGoRegexp(v)));
        if (comparator !== '' && comparator !== '=' && comparator !== '!=') {
          d.warning(`${where}.comparator`, `comparator ${comparator} never matches a string filter (only =, != and empty work)`);
        }
        break;
      case 'number':
        strings.forEach((v, i) => d.attemptRuntime(`${where}.value[${i}]`, () => parseGoFloat(v)));
        break;
      case 'bool':
        strings.forEach((v, i) => d.attemptRuntime(`${where}.value[${i}]`, () => parseGoBool(v)));
        break;
      default:
        d.runtime(`${where}.type`, `unsupported JSON type '${String(f.type)}' (bool, number or string); the filter fails at run time`);
    }
  }

  private compileTrigger(t: Json, where: string): CompiledTrigger {
    const d = this.diagnostics;
    const disabled: string[] = [];
    const template = t.template;
    if (!isObject(template)) {
      d.rejected(`${where}.template`, "trigger template can't be nil");
      return { name: '', spec: t, disabled: 'no template', depsByKey: new Map(), resets: [] };
    }
    const name = stringOf(template.name);
    if (!name) {
      d.rejected(`${where}.template.name`, 'trigger must define a name');
    }
    const depNames = [...this.dependencies.keys()];
    let conditions: ConditionsExpression | undefined;
    const conditionsText = stringOf(template.conditions);
    if (depNames.length > 0) {
      conditions = d.attemptRuntime(`${where}.template.conditions`, () => conditionsText
        ? ConditionsExpression.parse(conditionsText, depNames)
        : ConditionsExpression.allOf(depNames));
      if (!conditions) {
        disabled.push(`conditions: ${this.lastMessage()}; the trigger logs the error and never fires`);
      }
    }
    const resets: CronSchedule[] = [];
    arrayOf(template.conditionsReset).forEach((r, i) => {
      const at = `${where}.template.conditionsReset[${i}]`;
      const byTime = objectOf(r).byTime;
      if (!isObject(byTime)) {
        d.rejected(at, 'byTime is required');
        return;
      }
      const schedule = d.attemptRejected(`${at}.byTime`, () => CronSchedule.parse(stringOf(byTime.cron), stringOf(byTime.timezone)));
      if (schedule) {
        resets.push(schedule);
      }
    });

    this.checkTemplate(template, `${where}.template`);
    this.checkParameters(arrayOf(t.parameters), `${where}.parameters`, false);
    if (t.retryStrategy !== undefined && t.retryStrategy !== null) {
      if (d.attemptRuntime(`${where}.retryStrategy`, () => retryPlan(objectOf(t.retryStrategy))) === undefined) {
        disabled.push(`retryStrategy: ${this.lastMessage()}; the trigger fails before it is executed`);
      }
      if (t.atLeastOnce !== true) {
        d.warning(`${where}.retryStrategy`, 'has no effect without atLeastOnce: true');
      }
    }
    if (isObject(t.rateLimit) && !(typeof t.rateLimit.requestsPerUnit === 'number' && t.rateLimit.requestsPerUnit > 0)) {
      d.runtime(`${where}.rateLimit.requestsPerUnit`, 'missing or 0: the Sensor panics (division by zero) when it starts');
      // The rate limiters are built before any trigger starts, so the whole Sensor is down.
      this.startFailure ??= `the Sensor panics when it starts (trigger '${name}' has a rateLimit without requestsPerUnit: `
        + 'division by zero), so none of its dependencies or triggers runs';
    }
    const policy = objectOf(t.policy);
    if (isObject(policy.status) && !Array.isArray(policy.status.allow)) {
      d.rejected(`${where}.policy.status.allow`, 'list of allowed response status is not specified');
    }
    if (isObject(policy.k8s) && !isObject(policy.k8s.labels)) {
      d.rejected(`${where}.policy.k8s.labels`, 'resource labels are not specified');
    }
    if (isObject(t.dlqTrigger)) {
      if (t.atLeastOnce !== true) {
        d.rejected(`${where}.dlqTrigger`, 'to use dlqTrigger, trigger.atLeastOnce must be set to true');
      }
      if (t.dlqTrigger.atLeastOnce !== true) {
        d.rejected(`${where}.dlqTrigger.atLeastOnce`, 'atLeastOnce must be set to true within the dlqTrigger');
      }
      const dlqTemplate = t.dlqTrigger.template;
      if (isObject(dlqTemplate)) {
        this.checkTemplate(dlqTemplate, `${where}.dlqTrigger.template`);
      } else {
        d.rejected(`${where}.dlqTrigger.template`, "trigger template can't be nil");
      }
      this.checkParameters(arrayOf(t.dlqTrigger.parameters), `${where}.dlqTrigger.parameters`, false);
    }

    const depsByKey = new Map<string, string[]>();
    // Conditions that do not parse still name dependencies; the trace reports the trigger on them.
    const consumed = conditions?.dependencies
      ?? [...new Set(conditionsText.split(/[^A-Za-z0-9_-]+/))].filter((n) => this.dependencies.has(n));
    for (const depName of consumed) {
      const dep = this.dependencies.get(depName);
      if (dep) {
        const key = eventKey(dep.eventSourceName, dep.eventName);
        depsByKey.set(key, [...(depsByKey.get(key) ?? []), depName]);
      }
    }
    return {
      name,
      spec: t,
      conditions,
      disabled: disabled.length > 0 ? disabled.join('; ') : undefined,
      depsByKey,
      resets,
    };
  }

  private checkTemplate(template: Json, where: string): void {
    const d = this.diagnostics;
    const kinds = TRIGGER_KINDS.filter((k) => isObject(template[k]));
    if (kinds.length === 0) {
      const unknown = Object.keys(template).filter((k) => !TEMPLATE_FIELDS.has(k));
      const hints = unknown.map((k) => {
        const near = TRIGGER_KINDS.find((kind) => kind.toLowerCase() === k.toLowerCase());
        return near ? `'${k}' (did you mean '${near}'?)` : `'${k}'`;
      });
      d.runtime(where, 'no trigger type (k8s, http, slack, log, argoWorkflow, …) is defined'
        + (hints.length > 0 ? `; unknown field${hints.length > 1 ? 's' : ''} ${hints.join(', ')}` : '')
        + ': the trigger fails every time it fires');
      return;
    }
    if (kinds.length > 1) {
      d.warning(where, `several trigger types (${kinds.join(', ')}): only ${kinds[0]} runs`);
    }
    const kind: TriggerKind = kinds[0];
    const spec = objectOf(template[kind]);
    const at = `${where}.${kind}`;
    switch (kind) {
      case 'k8s':
        if (!isObject(spec.source)) {
          d.rejected(`${at}.source`, 'trigger source for k8s is not specified');
        }
        if (!K8S_OPERATIONS.has(stringOf(spec.operation))) {
          d.rejected(`${at}.operation`, `unknown operation type ${stringOf(spec.operation)}`);
        }
        break;
      case 'argoWorkflow':
        if (!isObject(spec.source)) {
          d.rejected(`${at}.source`, 'argoWorkflow trigger does not contain an absolute action');
        }
        if (!WORKFLOW_OPERATIONS.has(stringOf(spec.operation))) {
          d.rejected(`${at}.operation`, `invalid operation ${JSON.stringify(stringOf(spec.operation))} (submit, submit-from, suspend, resubmit, retry, resume, terminate or stop)`);
        }
        break;
      case 'http':
        if (!stringOf(spec.url)) {
          d.rejected(`${at}.url`, 'server URL is not specified');
        }
        if (!HTTP_METHODS.has(stringOf(spec.method))) {
          d.rejected(`${at}.method`, `only GET, DELETE, PATCH, POST and PUT methods are supported`);
        }
        this.checkParameters(arrayOf(spec.payload), `${at}.payload`, true);
        arrayOf(spec.secureHeaders).forEach((h, i) => {
          if (!isObject(objectOf(h).valueFrom)) {
            d.rejected(`${at}.secureHeaders[${i}].valueFrom`, 'valueFrom is required');
          }
        });
        break;
      case 'slack':
        if (!isObject(spec.slackToken)) {
          d.rejected(`${at}.slackToken`, 'slack token is not specified');
        }
        if (spec.parameters !== undefined) {
          d.warning(`${at}.parameters`, 'Argo Events applies slack.parameters and then ignores them; use trigger-level parameters with dest slack.<field>');
        }
        break;
      case 'log':
        if (spec.intervalSeconds !== undefined) {
          d.warning(`${at}.intervalSeconds`, 'has no effect (the log trigger is recreated for every execution)');
        }
        break;
      default:
        break;
    }
    if (kind !== 'log' && kind !== 'slack') {
      this.checkParameters(arrayOf(spec.parameters), `${at}.parameters`, false);
    }
  }

  private checkParameters(params: unknown[], where: string, payload: boolean): void {
    const d = this.diagnostics;
    params.forEach((raw, i) => {
      const p = objectOf(raw);
      const at = `${where}[${i}]`;
      if (!isObject(p.src)) {
        d.rejected(`${at}.src`, 'parameter source can\'t be empty');
        return;
      }
      const dep = stringOf(p.src.dependencyName);
      if (!dep) {
        d.rejected(`${at}.src.dependencyName`, 'parameter dependency name can\'t be empty');
      } else if (!this.dependencies.has(dep)) {
        d.warning(`${at}.src.dependencyName`, `'${dep}' is not a dependency of this Sensor: the parameter always takes its default value (or is skipped)`);
      }
      if (!payload && !stringOf(p.dest)) {
        d.rejected(`${at}.dest`, 'parameter destination can\'t be empty');
      }
      if (!PARAM_OPERATIONS.has(stringOf(p.operation))) {
        d.rejected(`${at}.operation`, `parameter operation ${stringOf(p.operation)} is invalid`);
      }
    });
  }
}
