import { KubeApiError, UnreachableError, networkProblem } from '../../src/watch/errors';

function systemError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

test('KubeApiError from a Status object', () => {
  const e = KubeApiError.fromStatus({ kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 5 (9)' });
  expect([e.status, e.reason, e.message]).toEqual([410, 'Expired', 'too old resource version: 5 (9)']);
});

test('KubeApiError falls back to the HTTP status and a generic message', () => {
  expect(KubeApiError.fromStatus({}, 403).message).toBe('HTTP 403');
  expect(KubeApiError.fromStatus(null).status).toBe(500);
  expect(KubeApiError.fromStatus({ code: 0, reason: 'Forbidden' }, 403).message).toBe('HTTP 403 Forbidden');
});

test('UnreachableError names the server', () => {
  expect(new UnreachableError('https://10.0.0.1:6443', 'connection refused').message)
    .toBe('cannot reach the Kubernetes API server at https://10.0.0.1:6443: connection refused');
});

test.each([
  ['ECONNREFUSED', 'connection refused'],
  ['ENOTFOUND', 'host name not found (DNS)'],
  ['EAI_AGAIN', 'host name lookup failed (DNS)'],
  ['ECONNRESET', 'connection reset'],
  ['ETIMEDOUT', 'connection timed out'],
])('network error %s', (code, described) => {
  expect(networkProblem(systemError(code))).toBe(described);
});

test('TLS verification failures keep the message', () => {
  expect(networkProblem(systemError('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'))).toBe('TLS: self-signed certificate');
  expect(networkProblem(systemError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames")))
    .toBe("TLS: Hostname/IP does not match certificate's altnames");
  expect(networkProblem(systemError('CERT_HAS_EXPIRED', 'certificate has expired'))).toBe('TLS: certificate has expired');
});

test('other errors are not network problems', () => {
  expect(networkProblem(new Error('boom'))).toBeUndefined();
  expect(networkProblem(systemError('ENOENT'))).toBeUndefined();
  expect(networkProblem('ECONNREFUSED')).toBeUndefined();
  expect(networkProblem(new KubeApiError(500, 'x'))).toBeUndefined();
});
