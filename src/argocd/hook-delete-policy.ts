/**
 * When Argo CD deletes a hook object, set with the `argocd.argoproj.io/hook-delete-policy`
 * annotation.
 */
export enum HookDeletePolicy {
  /**
   * Delete the hook when the whole operation succeeds (not when the hook itself finishes). For
   * PreDelete and PostDelete hooks: delete it once all delete hooks are Healthy; it is the only
   * policy that cleans those hooks up after a successful run.
   */
  HOOK_SUCCEEDED = 'HookSucceeded',
  /** Delete the hook when the operation fails (for delete hooks: when any of them is Degraded). */
  HOOK_FAILED = 'HookFailed',
  /**
   * Delete the live object with the same name at the next operation, and wait until it is gone
   * before creating it again. Argo CD applies this policy when none is set. It never matches
   * objects named with `generateName` (each operation uses a new name) and is ignored for
   * PreDelete and PostDelete hooks.
   */
  BEFORE_HOOK_CREATION = 'BeforeHookCreation',
}
