/**
 * The labels, annotations and Event reasons `runs` reads. Those under `resource-hooks.cdk8s.io/`
 * are what cdk8s-resource-hooks writes on every run and Event; the others are Argo Events' own, so
 * that Sensors written by hand show their runs too.
 */

/** On a run and a hook Event: the hub (the Sensor's and EventSource's name). */
export const HUB_LABEL = 'resource-hooks.cdk8s.io/hub';
/** On a run and a hook Event: the hook (the Sensor dependency's name). */
export const HOOK_LABEL = 'resource-hooks.cdk8s.io/hook';
/** On a run: `<apiVersion> <kind> <namespace>/<name>` of the target (`<apiVersion> <kind> <name>` when cluster-scoped). */
export const TARGET_ANNOTATION = 'resource-hooks.cdk8s.io/target';
/** On a run: what changed, e.g. `generation 5` or `revision 3f2a9c1 finishedAt 2026-11-22T10:00:00Z`. */
export const CHANGE_ANNOTATION = 'resource-hooks.cdk8s.io/change';

/** Set by Argo Events on every object a k8s trigger creates and every Workflow it submits: the Sensor. */
export const SENSOR_LABEL = 'events.argoproj.io/sensor';
/** Set by Argo Events beside {@link SENSOR_LABEL}: the trigger's name. */
export const TRIGGER_LABEL = 'events.argoproj.io/trigger';
/** Set by Argo Events beside {@link SENSOR_LABEL}: when the trigger ran, in Unix milliseconds. */
export const ACTION_TIMESTAMP_LABEL = 'events.argoproj.io/action-timestamp';

/**
 * The labels the Argo Events controller puts on the pods it runs (`pkg/reconciler/*`, and
 * `controllers/*` in 1.9.0 – 1.9.2): `controller` says which controller, the other names the object.
 */
export const CONTROLLER_LABEL = 'controller';
export const EVENTSOURCE_CONTROLLER = 'eventsource-controller';
export const SENSOR_CONTROLLER = 'sensor-controller';
export const EVENTBUS_CONTROLLER = 'eventbus-controller';
export const EVENTSOURCE_NAME_LABEL = 'eventsource-name';
export const SENSOR_NAME_LABEL = 'sensor-name';
export const EVENTBUS_NAME_LABEL = 'eventbus-name';

/** Reason of the `Normal` Event a hook records on its target when it fires. */
export const HOOK_TRIGGERED = 'HookTriggered';
/** Reason of the `Warning` Event a hook records on its target when a trigger fails for good. */
export const HOOK_FAILED = 'HookFailed';
