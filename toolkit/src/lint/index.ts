export * from './finding';
export * from './controller-rules';
export { checkStructure } from './structure';
export type { StructureOptions } from './structure';
export * from './lint';
export { loadLintInputs } from './lint-inputs';
export { LINT_RULES } from './rules';
export {
  ArgoEventsVersion, DEFAULT_ARGO_EVENTS_VERSION, SUPPORTED_ARGO_EVENTS_VERSIONS, SUPPORTED_RANGE,
} from './argo-events-version';
export { renderControllerVerdicts } from './controller-report';
export type { ControllerVerdict } from './controller-report';
