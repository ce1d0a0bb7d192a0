import { DataFilter, DependencyFilter, ExprFilter, ResourceEventType } from '../argo-events';
import { parseFieldPath } from './field-path';
import { HookTarget } from './hook-target';
import { luaString } from './names';

/** Options of {@link When.custom}. */
export interface CustomConditionOptions {
  /** Watch event types the hook reacts to. */
  readonly eventTypes: ResourceEventType[];
  /** Expression filters (govaluate) over the event data. @default - none */
  readonly exprs?: ExprFilter[];
  /** Data filters over the event data. @default - none */
  readonly data?: DataFilter[];
  /** Lua filter; the event passes only if it returns `true`. @default - none */
  readonly script?: string;
  /**
   * Ignore the ADD events an EventSource sends for every existing object when it starts.
   * @default - true when `eventTypes` is only ADD
   */
  readonly ignoreExistingOnStart?: boolean;
  /** Plain-words description, shown by `resource-hooks explain`. @default "custom condition" */
  readonly description?: string;
}

// Lua helpers shared by the generated filters. `event` is the decoded event data; Argo Events
// drops JSON nulls when it builds the table, so a field set to null reads as absent.
const LUA_SAME = `local function same(a, b)
  if a == b then return true end
  if type(a) ~= "table" or type(b) ~= "table" then return false end
  for k, v in pairs(a) do
    if not same(v, b[k]) then return false end
  end
  for k in pairs(b) do
    if a[k] == nil then return false end
  end
  return true
end`;

const LUA_AT = `local function at(value, path)
  for _, key in ipairs(path) do
    if type(value) ~= "table" then return nil end
    local child = value[key]
    if child == nil and type(key) == "number" then child = value[tostring(key - 1)] end
    value = child
  end
  return value
end`;

const LUA_BODIES = `local new, old = event.body, event.oldBody
if event.type ~= "UPDATE" or type(new) ~= "table" or type(old) ~= "table" then return false end`;

// Object content that changes without anyone changing the object: status, bookkeeping metadata
// and annotations written by controllers (Deployment revisions, client-side apply records).
const LUA_UPDATED = `${LUA_SAME}
${LUA_BODIES}
for k, v in pairs(new) do
  if k ~= "status" and k ~= "metadata" and not same(v, old[k]) then return true end
end
for k in pairs(old) do
  if k ~= "status" and k ~= "metadata" and new[k] == nil then return true end
end
local function meta(o, field)
  if type(o.metadata) ~= "table" then return nil end
  return o.metadata[field]
end
local function userAnnotations(o)
  local out = {}
  local all = meta(o, "annotations")
  if type(all) ~= "table" then return out end
  for k, v in pairs(all) do
    if string.find(k, "^deployment%.kubernetes%.io/") == nil and k ~= "kubectl.kubernetes.io/last-applied-configuration" then
      out[k] = v
    end
  end
  return out
end
if not same(meta(new, "labels"), meta(old, "labels")) then return true end
return not same(userAnnotations(new), userAnnotations(old))`;

/**
 * When a hook fires. Conditions are edge-triggered: they compare the object before and after
 * each change, so they fire once per change and never on status-only churn unless they are
 * about status.
 */
export class When {
  /**
   * The object was created. Objects that already exist when the EventSource (re)starts are
   * ignored: only creations after it started fire.
   */
  public static created(): When {
    return new When('created', [ResourceEventType.ADD], true, () => ({}));
  }

  /** The object was deleted. */
  public static deleted(): When {
    return new When('deleted', [ResourceEventType.DELETE], false, () => ({}));
  }

  /**
   * Anything but status changed: spec, data, labels or annotations. Changes made only to
   * `status`, `metadata.managedFields`, `metadata.resourceVersion`, finalizers, owner references
   * and controller-written annotations (`deployment.kubernetes.io/*`,
   * `kubectl.kubernetes.io/last-applied-configuration`) do not fire.
   */
  public static updated(): When {
    return new When('updated', [ResourceEventType.UPDATE], false, () => ({ script: LUA_UPDATED }));
  }

  /**
   * The spec changed, i.e. `metadata.generation` went up. Only for kinds whose generation the
   * API server maintains (workloads, custom resources); use `fieldChanged` for ConfigMaps,
   * Secrets and other kinds without one.
   */
  public static specChanged(): When {
    return new When('spec changed', [ResourceEventType.UPDATE], false, (target, where) => {
      if (!target.hasGeneration) {
        throw new Error(`${where}: onSpecChange needs metadata.generation, which ${target.kind} does not have; use onFieldChange with the fields to compare instead, e.g. paths: ['data']`);
      }
      return {
        exprs: [{
          expr: 'generation != previousGeneration',
          fields: [
            { name: 'generation', path: 'body.metadata.generation' },
            { name: 'previousGeneration', path: 'oldBody.metadata.generation' },
          ],
        }],
      };
    });
  }

  /**
   * Any of the given fields differs between the old and the new object, including a field that
   * appears or disappears. Objects and arrays are compared deeply.
   * @param paths dot-separated paths such as `spec.template.spec.containers` or `data`
   */
  public static fieldChanged(paths: string[]): When {
    const description = `field changed: ${paths.join(', ')}`;
    return new When(description, [ResourceEventType.UPDATE], false, (_target, where) => {
      if (paths.length === 0) {
        throw new Error(`${where}: paths is empty; list at least one field to compare, e.g. paths: ['spec.template.spec.containers']`);
      }
      const luaPaths = paths.map((p) => {
        const keys = parseFieldPath(p, where, 'paths').map((k) => (/^(0|[1-9][0-9]*)$/.test(k) ? String(Number(k) + 1) : luaString(k)));
        return `{ ${keys.join(', ')} }`;
      });
      return {
        script: `${LUA_SAME}
${LUA_AT}
${LUA_BODIES}
for _, path in ipairs({ ${luaPaths.join(', ')} }) do
  if not same(at(new, path), at(old, path)) then return true end
end
return false`,
      };
    });
  }

  /** A condition written with raw Argo Events filters: the escape hatch. */
  public static custom(options: CustomConditionOptions): When {
    if (options.eventTypes.length === 0) {
      throw new Error('When.custom: eventTypes is empty, so the hook could never fire; list at least one of ADD, UPDATE, DELETE');
    }
    const addOnly = options.eventTypes.every((t) => t === ResourceEventType.ADD);
    return new When(options.description ?? 'custom condition', [...new Set(options.eventTypes)],
      options.ignoreExistingOnStart ?? addOnly,
      () => ({ exprs: options.exprs, data: options.data, script: options.script }));
  }

  /** Watch event types this condition needs. */
  public readonly eventTypes: ResourceEventType[];
  /** What the condition means, in plain words. */
  public readonly description: string;
  /**
   * Whether the watch must drop events older than the EventSource start.
   * @internal
   */
  public readonly _afterStart: boolean;
  private readonly filtersFor: (target: HookTarget, where: string) => DependencyFilter;

  private constructor(description: string, eventTypes: ResourceEventType[], afterStart: boolean,
    filtersFor: (target: HookTarget, where: string) => DependencyFilter) {
    this.description = description;
    this.eventTypes = eventTypes;
    this._afterStart = afterStart;
    this.filtersFor = filtersFor;
  }

  /**
   * Sensor filters of this condition for `target`; throws when the condition cannot apply.
   * @internal
   */
  public _filters(target: HookTarget, where: string): DependencyFilter {
    return this.filtersFor(target, where);
  }
}
