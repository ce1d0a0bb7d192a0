import { ApiObject } from 'cdk8s';

/**
 * The API group as Argo CD reports it: empty for the core API. (cdk8s's `ApiObject.apiGroup`
 * says `core` there.)
 */
export function apiGroupOf(obj: ApiObject): string {
  const slash = obj.apiVersion.indexOf('/');
  return slash < 0 ? '' : obj.apiVersion.slice(0, slash);
}
