import { ApiObject } from 'cdk8s';

/**
 * The role an object of the app plays, for objects that can play only one: a Job (or Workflow)
 * given to `Trigger.job` becomes a template inside the Sensor and leaves the app's output, while a
 * `SyncHook` marks the object itself for Argo CD. One object cannot be both: whichever comes
 * second would silently lose (the hook annotation vanishes with the object, or the template
 * carries the hook annotation nobody reads).
 */
export enum ObjectRole {
  /** Moved into a Sensor as the template of what a hook creates. */
  TRIGGER_TEMPLATE = 'template',
  /** Applied by Argo CD as a resource hook. */
  SYNC_HOOK = 'sync hook',
}

interface Claim {
  readonly role: ObjectRole;
  readonly by: string;
}

const claims = new WeakMap<ApiObject, Claim>();

const USES: Record<ObjectRole, string> = {
  [ObjectRole.TRIGGER_TEMPLATE]: 'a hook trigger template (Trigger.job or Trigger.argoWorkflow), which moves it into the Sensor',
  [ObjectRole.SYNC_HOOK]: 'an Argo CD SyncHook, which needs it applied with the app',
};

/**
 * Records that `by` uses `apiObject` in `role`; throws when another construct already uses it in
 * the other role. Several uses in the same role are fine (one Job can template several triggers).
 */
export function claimObject(apiObject: ApiObject, role: ObjectRole, by: string, property: string): void {
  const existing = claims.get(apiObject);
  if (existing !== undefined && existing.role !== role) {
    const what = `${apiObject.kind} "${apiObject.name}"`;
    throw new Error(`${by}: ${property} ${what} is already used by ${existing.by} as ${USES[existing.role]}; it cannot also be used as ${USES[role]}; create a separate ${apiObject.kind} for each`);
  }
  if (existing === undefined) {
    claims.set(apiObject, { role, by });
  }
}
