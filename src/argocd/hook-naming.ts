/**
 * How a hook object is named, which decides whether it runs on every operation.
 */
export enum HookNaming {
  /**
   * Replace `metadata.name` with `metadata.generateName`. Argo CD then names the object
   * `<generateName><revision[0:7]>-<phase>-<operation start, unix seconds>`, so every sync
   * operation creates a new object and the hook runs every time. Old objects are removed only by
   * the HookSucceeded/HookFailed delete policies.
   */
  GENERATE_NAME = 'GenerateName',
  /**
   * Keep the fixed `metadata.name`. Whether the hook runs again depends on the delete policy:
   * with BeforeHookCreation (Argo CD's default) the previous object is deleted before each
   * operation, so the hook reruns every time; with HookSucceeded only it is deleted when an
   * operation succeeds, so it reruns after successes while a failed object stays and is
   * re-applied as is; with HookFailed only, a successful object survives and is re-applied
   * unchanged, so a Job runs once (and later spec edits fail on Job immutability).
   */
  FIXED_NAME = 'FixedName',
}
