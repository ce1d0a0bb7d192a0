import { EngineError, UnsupportedError } from './errors';

/**
 * The message of an error that Argo Events itself would have reported at run time (bad regex,
 * template failure, expression error…), to be folded into a filter or parameter result.
 * Anything else is rethrown: syntax the engine does not implement must never be mistaken for an
 * upstream failure, and a programming error must not be swallowed.
 */
export function upstreamMessage(e: unknown): string {
  if (e instanceof EngineError && !(e instanceof UnsupportedError)) {
    return e.message;
  }
  throw e;
}
