export { Simulator } from './simulator';
export type { SimulatorOptions } from './simulator';
export { loadManifestFiles } from '../engine/manifest-files';
export { formatDiagnostics } from './diagnostics';
export * from './types';
