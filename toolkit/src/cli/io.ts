/** Where a command writes; tests pass collectors, the binary passes the process streams. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** The process streams. */
export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Exit codes shared by every subcommand. */
export const EXIT_OK = 0;
/** Unexpected failure (a bug). */
export const EXIT_FAILURE = 1;
/** Unreadable or invalid input (files, manifests, options). */
export const EXIT_INVALID_INPUT = 2;
