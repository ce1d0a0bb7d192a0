/**
 * An error raised by the engine when an input cannot be evaluated the way Argo Events would
 * evaluate it: bad syntax, a construct the engine does not support, or a runtime failure that
 * Argo Events itself would report. `where` names the manifest location (e.g.
 * `Sensor/ns/name spec.dependencies[0].filters.exprs[1]`) when the caller knows it.
 */
export class EngineError extends Error {
  public readonly where?: string;

  constructor(message: string, where?: string) {
    super(where ? `${where}: ${message}` : message);
    this.name = 'EngineError';
    this.where = where;
  }
}

/** Raised for syntax the engine recognises but deliberately does not implement. */
export class UnsupportedError extends EngineError {
  constructor(message: string, where?: string) {
    super(message, where);
    this.name = 'UnsupportedError';
  }
}
