export * from './hooks';
export * from './argocd';
export * as argoevents from './argo-events';
