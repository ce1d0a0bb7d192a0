import { EngineError } from './errors';
import { ArgoEvent, MEDIA_TYPE_JSON } from './event';
import { marshalGoJson } from './go-json';
import { applyJq } from './jq';
import { runLuaTransform } from './lua';
import { upstreamMessage } from './upstream-errors';

/** A dependency's `transform`: jq wins over script when both are set. */
export interface EventDependencyTransformer {
  readonly jq?: string;
  readonly script?: string;
}

/** The transformed event, or the upstream error that discards it. */
export type TransformOutcome =
  | { readonly event: ArgoEvent; readonly error?: undefined }
  | { readonly event?: undefined; readonly error: string };

/** `ApplyTransform`: no transform (or an empty one) leaves the event unchanged. */
export function applyTransform(event: ArgoEvent, transform: EventDependencyTransformer | null | undefined): TransformOutcome {
  if (transform?.jq) {
    return applyJQTransform(event, transform.jq);
  }
  if (transform?.script) {
    return applyScriptTransform(event, transform.script);
  }
  return { event };
}

/** Decodes the payload as a JSON object, as both transforms require. */
function decodeObject(data: string): Record<string, unknown> {
  let decoded: unknown;
  try {
    decoded = JSON.parse(data);
  } catch (e) {
    throw new EngineError(`invalid JSON payload: ${(e as Error).message}`);
  }
  if (decoded === null) {
    return {};
  }
  if (typeof decoded !== 'object' || Array.isArray(decoded)) {
    throw new EngineError(`json: cannot unmarshal ${Array.isArray(decoded) ? 'array' : typeof decoded} into Go value of type map[string]interface {}`);
  }
  return decoded as Record<string, unknown>;
}

function withData(event: ArgoEvent, data: string): ArgoEvent {
  return {
    context: event.context ? { ...event.context, datacontenttype: MEDIA_TYPE_JSON } : event.context,
    data,
  };
}

/**
 * `applyJQTransform`: runs the jq program on the payload object and keeps its first output, which
 * must be an object. The new payload is Go-encoded (sorted keys).
 */
export function applyJQTransform(event: ArgoEvent | null, program: string): TransformOutcome {
  if (!event) {
    return { error: 'nil Event' };
  }
  if (event.data === null) {
    return { event };
  }
  try {
    const output = applyJq(program, decodeObject(event.data));
    if (output === null || typeof output !== 'object' || Array.isArray(output)) {
      return { error: 'jq transformation output must be a JSON object' };
    }
    return { event: withData(event, marshalGoJson(output)) };
  } catch (e) {
    return { error: upstreamMessage(e) };
  }
}

/**
 * `applyScriptTransform`: runs the Lua script with the payload object as `event`; the returned
 * table becomes the new payload (Go-encoded).
 */
export function applyScriptTransform(event: ArgoEvent, script: string): TransformOutcome {
  if (event.data === null) {
    return { event };
  }
  try {
    return { event: withData(event, marshalGoJson(runLuaTransform(script, decodeObject(event.data)))) };
  } catch (e) {
    return { error: upstreamMessage(e) };
  }
}
