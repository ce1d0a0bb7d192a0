/**
 * Per-resource compare options, rendered into the `argocd.argoproj.io/compare-options`
 * annotation.
 */
export interface CompareOptions {
  /**
   * `IgnoreExtraneous`: an object that exists in the cluster but not in Git no longer makes the
   * Application OutOfSync. It is still marked as requiring pruning and is still pruned by a sync
   * with pruning enabled, so pair it with `ResourceSyncOptions.prune: PruneOption.DISABLED`.
   * `false` removes the option.
   *
   * @default false
   */
  readonly ignoreExtraneous?: boolean;
}
