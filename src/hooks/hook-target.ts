/** Placeholder to validate the toolchain. */
export class HookTarget {
  public static of(name: string): HookTarget { return new HookTarget(name); }
  private constructor(public readonly name: string) {}
}
