/** Values of the `Prune` sync option. */
export enum PruneOption {
  /** `Prune=false`: never prune the object; the app shows it as needing pruning instead. */
  DISABLED = 'false',
  /**
   * `Prune=confirm`: prune only after someone approves it with the
   * `argocd.argoproj.io/deletion-approved` annotation on the Application.
   */
  CONFIRM = 'confirm',
}

/** Values of the `Delete` sync option. */
export enum DeleteOption {
  /** `Delete=false`: keep the object when the Application is deleted. */
  DISABLED = 'false',
  /** `Delete=confirm`: delete it with the Application only after a deletion approval. */
  CONFIRM = 'confirm',
}

/**
 * Per-resource sync options, rendered into the `argocd.argoproj.io/sync-options` annotation.
 * Options left unset are not written, so Argo CD's own default (or the Application-level
 * option) applies.
 */
export interface ResourceSyncOptions {
  /**
   * Whether and how Argo CD may prune the object when it disappears from Git.
   *
   * @default - pruned like any other resource when the sync prunes
   */
  readonly prune?: PruneOption;

  /**
   * Whether the object is deleted together with the Application.
   *
   * @default - deleted with the Application
   */
  readonly deletion?: DeleteOption;

  /**
   * `Replace=true` uses `kubectl replace`/`create` instead of `apply` (CRDs and Namespaces are
   * updated instead); `false` writes `Replace=false` to override an Application-level setting.
   * Replace takes precedence over ServerSideApply.
   *
   * @default - not written
   */
  readonly replace?: boolean;

  /**
   * `Force=true` deletes and recreates the object when it cannot be updated in place. Combined
   * with `replace: true` it recreates a Job on every sync. `false` writes nothing.
   *
   * @default false
   */
  readonly force?: boolean;

  /**
   * `ServerSideApply=true` or `false` for this object. Note that with server-side apply the sync
   * result message is always `serverside-applied`, never `unchanged`.
   *
   * @default - not written
   */
  readonly serverSideApply?: boolean;

  /**
   * `false` writes `Validate=false` (skip the kubectl schema validation); `true` writes nothing,
   * because validation is on by default.
   *
   * @default true
   */
  readonly validate?: boolean;

  /**
   * `SkipDryRunOnMissingResource=true` lets the dry run pass when the object's CRD is created in
   * the same sync. `false` writes nothing.
   *
   * @default false
   */
  readonly skipDryRunOnMissingResource?: boolean;

  /**
   * `PruneLast=true` prunes the object only after every wave has been applied and is Healthy.
   * `false` writes nothing.
   *
   * @default false
   */
  readonly pruneLast?: boolean;
}
