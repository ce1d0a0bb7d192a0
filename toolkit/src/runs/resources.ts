/** A resource `runs` lists. */
export interface ResourceType {
  /** API group, `''` for the core group. */
  readonly group: string;
  readonly version: string;
  /** Plural resource name. */
  readonly resource: string;
}

export const JOBS: ResourceType = { group: 'batch', version: 'v1', resource: 'jobs' };
/** Argo Workflows: optional, absent (404) where Argo Workflows is not installed. */
export const WORKFLOWS: ResourceType = { group: 'argoproj.io', version: 'v1alpha1', resource: 'workflows' };
export const EVENTS: ResourceType = { group: '', version: 'v1', resource: 'events' };
export const PODS: ResourceType = { group: '', version: 'v1', resource: 'pods' };
export const NAMESPACES: ResourceType = { group: '', version: 'v1', resource: 'namespaces' };
export const SENSORS: ResourceType = { group: 'argoproj.io', version: 'v1alpha1', resource: 'sensors' };
export const EVENTSOURCES: ResourceType = { group: 'argoproj.io', version: 'v1alpha1', resource: 'eventsources' };
/** The EventBus CRD's plural is `eventbus`. */
export const EVENTBUSES: ResourceType = { group: 'argoproj.io', version: 'v1alpha1', resource: 'eventbus' };

/** `jobs.batch`, `pods`: the name kubectl and RBAC messages use. */
export function qualifiedName(type: ResourceType): string {
  return type.group === '' ? type.resource : `${type.resource}.${type.group}`;
}
