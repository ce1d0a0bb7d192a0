export * from './hooks';
export * as argoevents from './argo-events';
