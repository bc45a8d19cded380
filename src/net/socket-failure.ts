import { ErrorCode } from '../core/last-error.js';

/** A failure reduced to a stable code and one short line (never OpenSSL's multi-part dump). */
export interface Failure {
  code: string;
  message: string;
}

// Node's codes for a certificate chain that does not lead to a trusted CA.
const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);
const EXPIRED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
// The other side's alerts that say it does not trust our certificate.
const PEER_DISTRUSTS = new Set([
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_TLSV1_ALERT_DECRYPT_ERROR',
]);

const SYSTEM: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is the server running, on this port?)',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved now (DNS)',
  ETIMEDOUT: 'no answer in time',
  ECONNRESET: 'the connection was reset by the other side',
  EPIPE: 'the other side closed the connection',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'the network is unreachable',
  EADDRINUSE: 'the address is already in use',
  EACCES: 'no permission for this address or port',
  EADDRNOTAVAIL: 'the address is not an address of this machine',
};

/** The one-line meaning of a Node system error code ("ECONNREFUSED" → "connection refused …"). */
export function describeSystemCode(code: string): string {
  return SYSTEM[code] ?? code;
}

/**
 * A TLS handshake failure as a code and a line with the hint a person needs. `role` is our side.
 * `error` null means the other side closed the connection during the handshake.
 */
export function describeTlsFailure(
  error: NodeJS.ErrnoException | null,
  role: 'client' | 'server',
): Failure {
  const code = error?.code ?? '';
  if (role === 'client') {
    if (UNTRUSTED.has(code)) {
      return {
        code: ErrorCode.CERT_UNTRUSTED,
        message: "the server's certificate is not trusted (self-signed or an unknown CA)",
      };
    }
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
      return {
        code: ErrorCode.CERT_HOSTNAME,
        message: `the server's certificate is not for this host name (${shortReason(error)})`,
      };
    }
    if (EXPIRED.has(code)) {
      return { code: ErrorCode.CERT_EXPIRED, message: "the server's certificate is not valid now" };
    }
    if (error === null || code === 'ECONNRESET' || code === 'ERR_SSL_WRONG_VERSION_NUMBER') {
      return {
        code: ErrorCode.TLS_UNEXPECTED,
        message: 'the server does not speak TLS (use ws://, not wss://)',
      };
    }
  } else {
    if (code === 'ERR_SSL_HTTP_REQUEST' || code === 'ERR_SSL_WRONG_VERSION_NUMBER') {
      return {
        code: ErrorCode.TLS_EXPECTED,
        message: 'the client spoke plain HTTP to this TLS port (it should use wss://)',
      };
    }
    if (PEER_DISTRUSTS.has(code)) {
      return {
        code: ErrorCode.CERT_UNTRUSTED,
        message: "the client does not trust this server's certificate",
      };
    }
    if (error === null || code === 'ECONNRESET') {
      return {
        code: ErrorCode.CLOSED_DURING_HANDSHAKE,
        message: 'the client left during the TLS handshake (does it trust this certificate?)',
      };
    }
  }
  if (code in SYSTEM) return { code, message: describeSystemCode(code) };
  return { code: ErrorCode.TLS_FAILED, message: `TLS handshake failed: ${shortReason(error)}` };
}

/** OpenSSL's reason ("wrong version number") or the first line of the message, not the dump. */
function shortReason(error: NodeJS.ErrnoException | null): string {
  if (error === null) return 'the connection closed';
  const reason = (error as { reason?: unknown }).reason;
  if (typeof reason === 'string' && reason !== '') return reason;
  const first = error.message.split('\n')[0] ?? '';
  // "80DCCDF1167F0000:error:0A00009C:SSL routines:ssl3_get_record:http request:../deps/…"
  const parts = first.split(':');
  if (parts.length >= 6 && /error/.test(parts[1] ?? '')) return parts[5] ?? first;
  return first;
}
