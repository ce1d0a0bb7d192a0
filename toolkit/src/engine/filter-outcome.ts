/**
 * The (bool, error) pair Argo Events' filter functions return. Both matter: with
 * `filtersLogicalOperator: or` an event can pass *and* carry an error, which the Sensor logs.
 */
export interface FilterOutcome {
  readonly pass: boolean;
  /** The upstream error text, e.g. `expr filter error (path 'a.c' does not exist)`. */
  readonly error?: string;
}
