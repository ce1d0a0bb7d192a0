export * from './finding';
export * from './controller-rules';
