/**
 * `resource-hooks explain`: what the hooks in a set of Argo Events manifests do, in plain words.
 * Works on any manifests, written by hand or synthesized by this library (whose generated filters
 * it recognises and names).
 */
export { explainManifests } from './explain-manifests';
export type { HookExplanation, TargetExplanation, TriggerExplanation } from './model';
export { MIN_WIDTH, renderExplanation } from './render';
