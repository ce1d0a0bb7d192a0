/**
 * The Argo Events semantics engine: pure TypeScript ports of how EventSources, Sensors, filters,
 * parameters and triggers behave, plus the Go libraries they rely on (gjson, sjson, govaluate,
 * text/template with sprig, RE2 regexps, gopher-lua, jq).
 */
export { EngineError, UnsupportedError } from './errors';

export {
  MEDIA_TYPE_JSON, MEDIA_TYPE_YAML, eventContext, formatRfc3339, marshalEvent, marshalEventContext, parseRfc3339,
} from './event';
export type { ArgoEvent, EventContext } from './event';
export { EventView } from './event-view';
export { marshalGoJson, quoteGoJsonString } from './go-json';
export type { GoJsonOptions } from './go-json';
export { parseGoBool, parseGoFloat } from './go-strconv';

export type { FilterOutcome } from './filter-outcome';
export { filterData, filterDataView } from './filter-data';
export type { DataFilter } from './filter-data';
export { filterExpr, filterExprView } from './filter-expr';
export type { ExprFilter } from './filter-expr';
export { filterTime } from './filter-time';
export type { TimeFilter } from './filter-time';
export {
  filterContext, filterDependency, filterEvent, filterEventView, filterScript, filterScriptView,
} from './filters';
export type { ContextFilter, DependencyFilterOutcome, EventDependencyFilter, FilterKind } from './filters';
export { applyJQTransform, applyScriptTransform, applyTransform } from './transforms';
export type { EventDependencyTransformer, TransformOutcome } from './transforms';
export { applyParams, constructPayload, getValueByKey, renderEventDataAsJSON, resolveParamValue } from './params';
export type { EventsByDependency, ResolvedParam, TriggerParameter, TriggerParameterSource } from './params';
export { ConditionsExpression } from './conditions';
export { CronSchedule } from './cron';
export { formatGoDuration, parseGoDuration, retryPlan } from './backoff';
export type { BackoffSpec, RetryPlan } from './backoff';
export { buildResourceEventData, filterFields, getEventTime, passFilters } from './resource-source';
export type {
  PassFiltersOptions, ResourceEventDataParts, ResourceEventType, ResourceFilter, ResourceSelector, SourceVerdict,
} from './resource-source';
export { InMemoryCluster, applyMergePatch, mergoMerge, refOf } from './cluster';
export type { ClusterOutcome, ClusterResult, KubeObject, ObjectRef } from './cluster';
export { KUBE_YAML_OPTIONS, describeObject, parseManifests, parseYamlStream } from './manifests';
export { listManifestFiles, loadManifestFiles, loadManifestSources, readText } from './manifest-files';
export type { ManifestSource } from './manifest-files';

export { GjsonResult, gjsonGet, gjsonGetValue, gjsonValid } from './gjson';
export type { GjsonType } from './gjson';
export { sjsonSet, sjsonSetRaw } from './sjson';
export { GoRegexp } from './go-regexp';
export { GovaluateExpression } from './govaluate';
export { LabelSelector } from './label-selector';
export type { SelectorRequirement } from './label-selector';
export { renderGoTemplate } from './go-template';
export type { TemplateOptions } from './go-template';
export { formatGoValue } from './go-format';
export { runLuaFilter, runLuaTransform } from './lua';
export { applyJq } from './jq';
