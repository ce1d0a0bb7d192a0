/** An HTTP error status from the API server (or a watch `ERROR` event carrying one). */
export class KubeApiError extends Error {
  constructor(
    /** HTTP status code, e.g. 403 or 410. */
    readonly status: number,
    message: string,
    /** The `Status` reason, e.g. `Forbidden` or `Expired`. */
    readonly reason = '',
  ) {
    super(message);
    this.name = 'KubeApiError';
  }

  /**
   * The error a `Status` object describes (an error response body or the object of a watch
   * `ERROR` event); `status` is used when the object carries no code.
   */
  static fromStatus(object: unknown, status = 500): KubeApiError {
    const s = object !== null && typeof object === 'object' ? object as Record<string, unknown> : {};
    const code = typeof s.code === 'number' && s.code > 0 ? s.code : status;
    const reason = typeof s.reason === 'string' ? s.reason : '';
    const message = typeof s.message === 'string' && s.message !== '' ? s.message : `HTTP ${code}${reason ? ` ${reason}` : ''}`;
    return new KubeApiError(code, message, reason);
  }
}

/** The API server cannot be reached: connection refused, unknown host, TLS failure, … */
export class UnreachableError extends Error {
  constructor(readonly server: string, readonly detail: string) {
    super(`cannot reach the Kubernetes API server at ${server}: ${detail}`);
    this.name = 'UnreachableError';
  }
}

/** No usable kubeconfig, context or cluster entry; the message says how to fix it. */
export class KubeConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeConfigError';
  }
}

const NETWORK_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found (DNS)',
  EAI_AGAIN: 'host name lookup failed (DNS)',
  EPROTO: 'TLS handshake failed',
  ERR_SOCKET_CONNECTION_TIMEOUT: 'connection timed out',
};

/** OpenSSL verification codes; Node reports them as the error code of a failed TLS connection. */
const TLS_CODE = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH)/;

/**
 * Describes an error from Node's networking when it means the server could not be reached or
 * talked to (`connection refused`, `TLS: CERT_HAS_EXPIRED …`); `undefined` for anything else.
 */
export function networkProblem(error: unknown): string | undefined {
  if (!(error instanceof Error)) {
    return undefined;
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') {
    return undefined;
  }
  const known = NETWORK_CODES[code];
  if (known !== undefined) {
    return known;
  }
  if (TLS_CODE.test(code)) {
    return `TLS: ${error.message}`;
  }
  return undefined;
}
