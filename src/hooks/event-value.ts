import { parseFieldPath } from './field-path';
import { TriggerParameterSource } from '../argo-events';

const EVENT_ROOTS = ['body', 'oldBody', 'type', 'group', 'version', 'resource'];

/**
 * A value a trigger takes from the event that fired it, or a constant.
 *
 * Paths start at the event data of a resource EventSource: `body` (the object now), `oldBody`
 * (the object before an update), `type` (`ADD`, `UPDATE` or `DELETE`), `group`, `version`,
 * `resource`. A path that is absent from an event gives an empty string.
 */
export class EventValue {
  /** A field of the event data, e.g. `body.spec.template.spec.containers.0.image`. */
  public static fromPath(path: string): EventValue {
    const segments = parseFieldPath(path, 'EventValue.fromPath', 'path');
    if (segments[0] === 'metadata') {
      throw new Error(`EventValue.fromPath: path "${path}" reads the EventSource's own metadata map, not the object's, and the hub sets none; use "body.${path}" for the object's metadata`);
    }
    if (!EVENT_ROOTS.includes(segments[0])) {
      throw new Error(`EventValue.fromPath: path "${path}" does not start at the event data; start it with one of ${EVENT_ROOTS.map((r) => `"${r}"`).join(', ')} (e.g. "body.${path}")`);
    }
    return new EventValue(path, undefined);
  }

  /** A constant string. */
  public static fromValue(value: string): EventValue {
    return new EventValue(undefined, value);
  }

  /** Name of the object that changed. */
  public static objectName(): EventValue {
    return EventValue.fromPath('body.metadata.name');
  }

  /** Namespace of the object that changed. */
  public static objectNamespace(): EventValue {
    return EventValue.fromPath('body.metadata.namespace');
  }

  /** `metadata.generation` of the object after the change (kinds with a generation only). */
  public static generation(): EventValue {
    return EventValue.fromPath('body.metadata.generation');
  }

  /** `metadata.resourceVersion` of the object after the change. */
  public static resourceVersion(): EventValue {
    return EventValue.fromPath('body.metadata.resourceVersion');
  }

  /** The watch event type: `ADD`, `UPDATE` or `DELETE`. */
  public static eventType(): EventValue {
    return EventValue.fromPath('type');
  }

  /** gjson path into the event data, for values read from the event. */
  public readonly path?: string;
  /** The constant, for constant values. */
  public readonly value?: string;

  private constructor(path: string | undefined, value: string | undefined) {
    this.path = path;
    this.value = value;
  }

  /**
   * The parameter source reading this value from `dependencyName`'s event. With `keepJsonType`,
   * numbers, booleans and objects keep their JSON type (for JSON payloads); otherwise every value
   * becomes a string (for env vars and headers).
   * @internal
   */
  public _toSource(dependencyName: string, keepJsonType: boolean): TriggerParameterSource {
    if (this.path === undefined) {
      return { dependencyName, value: this.value };
    }
    // The empty fallback keeps the trigger running when the path is absent from this event
    // (Argo Events would otherwise fail the whole trigger).
    return { dependencyName, dataKey: this.path, value: '', useRawData: keepJsonType ? true : undefined };
  }
}
