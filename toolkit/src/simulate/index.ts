export { Simulator } from './simulator';
export type { ChartLike, SimulatorOptions } from './simulator';
export { loadManifestFiles } from '../engine/manifest-files';
export { ManifestError, formatDiagnostics } from './diagnostics';
export * from './types';
