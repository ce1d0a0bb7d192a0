/**
 * When Argo CD runs a resource hook, set with the `argocd.argoproj.io/hook` annotation.
 *
 * Sync phases run in the order PreSync, Sync, PostSync, SyncFail; waves order hooks only inside
 * their phase. Hooks run for full syncs only: a selective sync (specific resources), the `apply`
 * sync strategy and self-heal auto-syncs skip them.
 */
export enum HookPhase {
  /** Before any other manifest is applied; a failure fails the whole operation. */
  PRE_SYNC = 'PreSync',
  /** Together with the normal manifests, after every PreSync hook succeeded, ordered by wave. */
  SYNC = 'Sync',
  /** After the Sync phase succeeded and its resources are Healthy. */
  POST_SYNC = 'PostSync',
  /**
   * Only when the operation fails after the dry run (apply error, failed hook); a dry-run failure
   * ends the operation without running SyncFail hooks.
   */
  SYNC_FAIL = 'SyncFail',
  /** Argo CD does not apply the object at all. Only effective as the sole phase. */
  SKIP = 'Skip',
  /**
   * When the Application is deleted (never on prune), before any of its resources; deletion waits
   * until every PreDelete hook is Healthy. Requires Argo CD 3.3 or later.
   */
  PRE_DELETE = 'PreDelete',
  /**
   * When the Application is deleted, after all its resources are gone; the Application stays
   * until the hooks are Healthy. Requires Argo CD 2.10 or later.
   */
  POST_DELETE = 'PostDelete',
}
