import { parseDocument } from 'yaml';
import { EngineError } from './errors';
import { ArgoEvent, MEDIA_TYPE_JSON, MEDIA_TYPE_YAML, marshalEvent, marshalEventContext } from './event';
import { EventView } from './event-view';
import { GjsonResult, gjsonGet, gjsonValid } from './gjson';
import { marshalGoJson } from './go-json';
import { TemplateOptions, renderGoTemplate } from './go-template';
import { KUBE_YAML_OPTIONS } from './manifests';
import { sjsonSet, sjsonSetRaw } from './sjson';
import { upstreamMessage } from './upstream-errors';

/** Where a trigger parameter reads its value (Argo Events' `TriggerParameterSource`). */
export interface TriggerParameterSource {
  readonly dependencyName: string;
  readonly contextKey?: string;
  readonly contextTemplate?: string;
  readonly dataKey?: string;
  readonly dataTemplate?: string;
  readonly value?: string;
  readonly useRawData?: boolean;
}

/** A value copied from an event into a trigger (Argo Events' `TriggerParameter`). */
export interface TriggerParameter {
  readonly src: TriggerParameterSource;
  /** sjson path of the destination. */
  readonly dest: string;
  /** `overwrite` (default), `append` or `prepend`. */
  readonly operation?: string;
}

/** The events a trigger fired with, by dependency name. */
export type EventsByDependency = Readonly<Record<string, ArgoEvent>>;

/**
 * A resolved parameter value with its gjson type name. Only key lookups yield a type other than
 * `String`; the type decides whether `useRawData` can insert the value as raw JSON.
 */
export interface ResolvedParam {
  /** `undefined` when the dependency did not fire and there is no default: the parameter is skipped. */
  readonly value: string | undefined;
  readonly type: string;
}

const STRING = 'String';

/**
 * `renderEventDataAsJSON`: the payload as JSON text. JSON payloads are returned verbatim (after a
 * validity check); YAML payloads are converted (Go encoding, sorted keys); other content types
 * are errors.
 */
export function renderEventDataAsJSON(event: ArgoEvent | null): string {
  if (!event) {
    throw new EngineError('event is nil');
  }
  const contentType = event.context?.datacontenttype ?? '';
  const raw = event.data ?? '';
  switch (contentType) {
    case MEDIA_TYPE_JSON:
      if (raw.trim() !== '' && gjsonValid(raw)) {
        return raw;
      }
      throw new EngineError('event data is not valid JSON');
    case MEDIA_TYPE_YAML: {
      const doc = parseDocument(raw, KUBE_YAML_OPTIONS);
      if (doc.errors.length > 0) {
        throw new EngineError(`failed converting yaml event data to JSON: ${doc.errors[0].message}`);
      }
      return marshalGoJson(doc.toJS());
    }
    default:
      throw new EngineError(`unsupported event content type: ${contentType}`);
  }
}

/**
 * `getValueByKey`: the gjson result at `key` — raw JSON for objects, arrays and null, the string
 * form otherwise — with gjson's type name (`JSON`, `Null`, `String`, `Number`, `True`, `False`).
 */
export function getValueByKey(document: string, key: string): { value: string; type: string } {
  const res = gjsonGet(document, key);
  if (!res.exists()) {
    throw new EngineError(`key ${key} does not exist to in the event payload`);
  }
  return valueOf(res);
}

function valueOf(res: GjsonResult): { value: string; type: string } {
  if (res.type === 'JSON' || res.type === 'Null') {
    return { value: res.raw, type: res.type };
  }
  return { value: res.string(), type: res.type };
}

/** Runs a parameter template over the whole document; empty output and `<no value>` are errors. */
function getValueWithTemplate(input: unknown, template: string, environment: TemplateOptions): string {
  const out = renderGoTemplate(template, { Input: input }, environment);
  if (out === '' || out === '<no value>') {
    throw new EngineError(`template evaluated to empty string or no value: ${template}`);
  }
  return out;
}

/** The JSON document a parameter reads: gjson lookups and its decoded value. */
interface ParamDocument {
  readonly get: (key: string) => GjsonResult;
  readonly decode: () => unknown;
}

function textDocument(text: string): ParamDocument {
  return { get: (key) => gjsonGet(text, key), decode: () => JSON.parse(text) };
}

/**
 * The event's data as a document. JSON payloads of an {@link EventView} are read through the
 * view, which shares lookups with the filters and, for structured payloads, never encodes them.
 */
function dataDocument(event: ArgoEvent): ParamDocument {
  if (event instanceof EventView && event.context?.datacontenttype === MEDIA_TYPE_JSON && !event.isNil && event.isValidJson()) {
    return { get: (key) => event.get(key), decode: () => event.decode() };
  }
  return textDocument(renderEventDataAsJSON(event));
}

/**
 * `ResolveParamValue`.
 *
 * 1. Dependency absent from the fired set: `value`, else skipped (`value: undefined`).
 * 2. No key or template: `value`, else the whole event as JSON (`{"context":…,"data":"<base64>"}`).
 * 3. The context JSON for context key/template; the data as JSON for data key/template (the data
 *    side replaces both key and template when both sides are set). An unreadable payload falls
 *    back to `value`.
 * 4. The template first; an error or empty output falls through to the key; then to `value`.
 * 5. Nothing resolved and no default: error.
 */
export function resolveParamValue(
  src: TriggerParameterSource, events: EventsByDependency, environment: TemplateOptions = {},
): ResolvedParam {
  const fallback = src.value;
  const event = Object.prototype.hasOwnProperty.call(events, src.dependencyName) ? events[src.dependencyName] : undefined;
  if (!event) {
    return { value: fallback, type: STRING };
  }
  if (!src.contextKey && !src.dataKey && !src.dataTemplate && !src.contextTemplate) {
    return { value: fallback ?? marshalEvent(event), type: STRING };
  }
  let key = '';
  let template = '';
  let document: ParamDocument;
  try {
    if (src.dataKey || src.dataTemplate) {
      key = src.dataKey ?? '';
      template = src.dataTemplate ?? '';
      document = dataDocument(event);
    } else {
      key = src.contextKey ?? '';
      template = src.contextTemplate ?? '';
      if (!event.context) {
        throw new EngineError('event context is nil');
      }
      document = textDocument(marshalEventContext(event.context));
    }
  } catch (e) {
    const message = upstreamMessage(e);
    if (fallback !== undefined) {
      return { value: fallback, type: STRING };
    }
    throw new EngineError(message);
  }
  let templateError = '<nil>';
  if (template) {
    try {
      return { value: getValueWithTemplate(document.decode(), template, environment), type: STRING };
    } catch (e) {
      templateError = upstreamMessage(e);
    }
  }
  if (key) {
    const res = document.get(key);
    if (res.exists()) {
      return valueOf(res);
    }
  }
  if (fallback !== undefined) {
    return { value: fallback, type: STRING };
  }
  // Upstream reports the template error here (the key lookup's error is shadowed).
  throw new EngineError(`unable to resolve '${src.dependencyName}' parameter value. err: ${templateError}`);
}

/** Writes one value at `dest`: raw JSON when allowed, otherwise as a JSON string. */
function setValue(document: string, dest: string, value: string, raw: boolean): string {
  return raw ? sjsonSetRaw(document, dest, value) : sjsonSet(document, dest, value);
}

/**
 * `ApplyParams`: applies the parameters in order to a JSON document, editing it in place the way
 * sjson does (original formatting kept). `append`/`prepend` combine with an existing value as
 * strings; raw JSON is inserted only with `useRawData` and a non-string resolved type.
 */
export function applyParams(
  document: string, parameters: readonly TriggerParameter[], events: EventsByDependency,
  environment: TemplateOptions = {},
): string {
  for (const param of parameters) {
    const resolved = resolveParamValue(param.src, events, environment);
    if (resolved.value === undefined) {
      continue;
    }
    let value = resolved.value;
    let type = resolved.type;
    const operation = param.operation ?? '';
    switch (operation) {
      case 'append':
      case 'prepend': {
        const current = gjsonGet(document, param.dest);
        if (current.exists()) {
          type = STRING;
          value = operation === 'append' ? current.string() + value : value + current.string();
        }
        break;
      }
      case 'overwrite':
      case '':
        break;
      default:
        throw new EngineError(`unsupported trigger parameter operation: ${operation}`);
    }
    document = setValue(document, param.dest, value, type !== STRING && !!param.src.useRawData);
  }
  return document;
}

/**
 * `ConstructPayload`: builds an HTTP (or similar) body from nothing. An empty `dest` makes that
 * value the whole body at once. Returns `null` when no parameter wrote anything. A parameter whose
 * dependency did not fire and has no default crashes the Sensor upstream; here it is an error.
 */
export function constructPayload(
  events: EventsByDependency, parameters: readonly TriggerParameter[], environment: TemplateOptions = {},
): string | null {
  let payload: string | null = null;
  for (const param of parameters) {
    const resolved = resolveParamValue(param.src, events, environment);
    if (param.dest === '') {
      if (resolved.value !== undefined) {
        return resolved.value;
      }
      continue;
    }
    if (resolved.value === undefined) {
      throw new EngineError(
        `payload parameter '${param.dest}': dependency '${param.src.dependencyName}' did not fire and there is no `
        + 'default value; Argo Events dereferences a nil value here and the Sensor crashes',
      );
    }
    payload = setValue(payload ?? '', param.dest, resolved.value, resolved.type !== STRING && !!param.src.useRawData);
  }
  return payload;
}
