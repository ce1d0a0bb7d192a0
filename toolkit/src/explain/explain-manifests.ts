import { ConditionsExpression } from '../engine/conditions';
import { EngineError } from '../engine/errors';
import { describeAction } from './actions';
import { describeDelivery } from './delivery';
import { describeFilters } from './filters';
import { Json, arrayOf, isObject, objectOf, shown, textOf } from './json';
import { KindIndex } from './kinds';
import { HookExplanation, TriggerExplanation } from './model';
import { describeTarget, findEvent } from './target';

/** A trigger explained once per Sensor, then listed under each dependency it consumes. */
interface SensorTrigger {
  readonly explanation: TriggerExplanation;
  readonly dependencies: readonly string[];
  readonly problems: readonly string[];
}

function isArgoEventsObject(value: unknown, kind: string): value is Json {
  return isObject(value) && value.kind === kind && typeof value.apiVersion === 'string' && value.apiVersion.startsWith('argoproj.io/');
}

/**
 * Explains every hook (Sensor dependency) in `objects`: what it watches, which events and
 * conditions let it through, and what its triggers do. EventSources are matched by name within the
 * Sensor's namespace (an object without a namespace matches any). Objects of other kinds only help
 * to name watched resources. Malformed manifests are described as far as they go, never rejected.
 */
export function explainManifests(objects: unknown[]): HookExplanation[] {
  const kinds = new KindIndex(objects);
  const eventSources = objects.filter((o): o is Json => isArgoEventsObject(o, 'EventSource'));
  return objects
    .filter((o): o is Json => isArgoEventsObject(o, 'Sensor'))
    .flatMap((sensor) => explainSensor(sensor, eventSources, kinds));
}

function explainSensor(sensor: Json, eventSources: Json[], kinds: KindIndex): HookExplanation[] {
  const metadata = objectOf(sensor.metadata);
  const name = textOf(metadata.name) ?? '<unnamed>';
  const namespace = textOf(metadata.namespace);
  const spec = objectOf(sensor.spec);
  const dependencies = arrayOf(spec.dependencies).map(objectOf);
  const dependencyNames = dependencies.map((d) => shown(d.name ?? ''));
  const triggers = arrayOf(spec.triggers).map((t) => explainTrigger(objectOf(t), dependencyNames, namespace));

  return dependencies.map((dependency, i) => {
    const dependencyName = dependencyNames[i];
    const eventSourceName = shown(dependency.eventSourceName ?? '');
    const eventName = shown(dependency.eventName ?? '');
    const problems: string[] = [];
    const eventSource = findEventSource(eventSources, eventSourceName, namespace);
    const event = eventSource !== undefined ? findEvent(eventSource, eventName) : undefined;
    if (eventSource === undefined) {
      problems.push(`EventSource ${eventSourceName || '(none named)'} is not in the given manifests, so what this hook listens to is unknown`);
    } else if (event === undefined) {
      problems.push(`EventSource ${eventSourceName} has no event ${eventName || '(none named)'}, so the hook never fires`);
    }
    const filters = describeFilters(dependency, event);
    const target = describeTarget(event, kinds, filters.name);
    const own = triggers.filter((t) => t.dependencies.includes(dependencyName));
    problems.push(...target.problems, ...filters.problems, ...own.flatMap((t) => t.problems));
    if (own.length === 0) {
      problems.push('no trigger consumes this dependency, so it fires nothing');
    }
    return {
      sensor: name,
      ...(namespace !== undefined ? { namespace } : {}),
      dependency: dependencyName,
      eventSource: eventSourceName,
      eventName,
      target: target.target,
      eventTypes: filters.eventTypes,
      conditions: filters.conditions,
      triggers: own.map((t) => t.explanation),
      problems,
    };
  });
}

/** The EventSource a Sensor in `namespace` reaches by `name`; same-namespace objects first. */
function findEventSource(eventSources: Json[], name: string, namespace: string | undefined): Json | undefined {
  const named = eventSources.filter((es) => objectOf(es.metadata).name === name);
  const namespaceOf = (es: Json): string | undefined => textOf(objectOf(es.metadata).namespace);
  return named.find((es) => namespaceOf(es) === namespace)
    ?? named.find((es) => namespace === undefined || namespaceOf(es) === undefined);
}

function explainTrigger(trigger: Json, dependencyNames: string[], sensorNamespace: string | undefined): SensorTrigger {
  const template = objectOf(trigger.template);
  const name = textOf(template.name) ?? '<unnamed>';
  const problems: string[] = [];
  const { dependencies, when } = consumedDependencies(template, dependencyNames, problems);
  const action = describeAction(trigger, sensorNamespace);
  const delivery = describeDelivery(trigger, action.kind);
  problems.push(...action.problems, ...delivery.problems);
  return {
    explanation: {
      name,
      kind: action.kind,
      action: action.action,
      ...(when !== undefined ? { when } : {}),
      delivery: delivery.delivery,
    },
    dependencies,
    problems: problems.map((p) => `trigger ${name}: ${p}`),
  };
}

/**
 * The dependencies a trigger's `conditions` consume, and how it combines them when there are
 * several. Omitted conditions mean all dependencies, ANDed.
 */
function consumedDependencies(template: Json, dependencyNames: string[], problems: string[]): { dependencies: string[]; when?: string } {
  const text = textOf(template.conditions);
  let expression: ConditionsExpression;
  try {
    expression = text === undefined ? ConditionsExpression.allOf(dependencyNames) : ConditionsExpression.parse(text, dependencyNames);
  } catch (e) {
    if (!(e instanceof EngineError)) {
      throw e;
    }
    problems.push(`conditions: ${e.message}`);
    // Still list the trigger under the dependencies it does name, so the problem shows there.
    const known = new Map(dependencyNames.map((d) => [d.replace(/-/g, '_'), d]));
    const named = (text ?? '').split(/&&|\|\||[()\s]+/).filter((t) => t !== '')
      .map((t) => known.get(t.replace(/-/g, '_'))).filter((d): d is string => d !== undefined);
    return { dependencies: [...new Set(named)] };
  }
  const dependencies = [...expression.dependencies];
  if (dependencies.length <= 1) {
    return { dependencies };
  }
  const shownConditions = text ?? dependencies.join(' && ');
  const omitted = text === undefined ? ' (conditions omitted: all dependencies)' : '';
  if (!expression.requiresAnd) {
    return { dependencies, when: `fires on each of ${shownConditions}` };
  }
  const resets = arrayOf(template.conditionsReset)
    .map((r) => objectOf(objectOf(r).byTime))
    .filter((byTime) => textOf(byTime.cron) !== undefined)
    .map((byTime) => `cron ${shown(byTime.cron)}${textOf(byTime.timezone) !== undefined ? ` ${shown(byTime.timezone)}` : ''}`);
  return {
    dependencies,
    when: `fires when ${shownConditions} holds${omitted}; passed events wait until then${resets.length > 0 ? ` (cleared at ${resets.join(', ')})` : ''}`,
  };
}
