export * from './hooks/hook-target';
