/**
 * resource-hooks: offline tools for Argo Events manifests, hand-written or synthesized by
 * cdk8s-resource-hooks. The simulator is what jest tests import; lint and explain are the
 * functions behind the `resource-hooks` command. Each is also reachable on its own subpath
 * (`resource-hooks/simulate`, `/lint`, `/explain`, `/engine`).
 */
export * from './simulate';
export { LINT_RULES, lintManifests } from './lint';
export type { LocatedFinding } from './lint';
export { explainManifests, renderExplanation } from './explain';
export type { HookExplanation } from './explain';
