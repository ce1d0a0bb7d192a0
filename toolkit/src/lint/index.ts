export * from './finding';
export * from './controller-rules';
export { checkStructure } from './structure';
export * from './lint';
export { LINT_RULES } from './rules';
