/**
 * The last thing that went wrong on a peer, stream or server, as a value a program can act on
 * (the logger's lines are for people). Node extra: Godot keeps only its Error numbers.
 *
 * Peers and servers have `getLastError(): LastError | null`; it is null until something fails,
 * stays readable after the failure (a failed connect, a dropped connection, a refused
 * handshake), and is cleared by the next `connectToUrl` / `acceptStream` / `listen`.
 */
export interface LastError {
  /**
   * Stable and machine-readable: one of {@link ErrorCode}, a protocol violation's `WS_ERR_…`
   * code, or Node's system error code (`ECONNREFUSED`, `ENOTFOUND`, `EADDRINUSE`, …).
   */
  readonly code: string;
  /** One line for a person, with what to do where there is something to do. */
  readonly message: string;
  /** The other side as "host:port" (a server's own "bind:port" for listen errors); '' if unknown. */
  readonly address: string;
}

/** The codes this library gives besides `WS_ERR_…` and Node's `E…` codes. */
export const ErrorCode = {
  /** The server's certificate is self-signed or from a CA that is not trusted. */
  CERT_UNTRUSTED: 'CERT_UNTRUSTED',
  /** The server's certificate is not for the host name connected to. */
  CERT_HOSTNAME: 'CERT_HOSTNAME',
  /** The certificate has expired or is not valid yet. */
  CERT_EXPIRED: 'CERT_EXPIRED',
  /** The other side speaks TLS and this one did not (use wss://). */
  TLS_EXPECTED: 'TLS_EXPECTED',
  /** This side spoke TLS to a side that does not (use ws://). */
  TLS_UNEXPECTED: 'TLS_UNEXPECTED',
  /** Any other TLS handshake failure. */
  TLS_FAILED: 'TLS_FAILED',
  /** The URL is not a ws:// or wss:// URL Godot accepts. */
  INVALID_URL: 'INVALID_URL',
  /** The opening handshake broke Godot's rules (bad status, headers, accept key, protocol). */
  HANDSHAKE_FAILED: 'HANDSHAKE_FAILED',
  /** A server-side peer did not complete its opening handshake in time. */
  HANDSHAKE_TIMEOUT: 'HANDSHAKE_TIMEOUT',
  /** The other side closed the TCP connection before the WebSocket opened. */
  CLOSED_DURING_HANDSHAKE: 'CLOSED_DURING_HANDSHAKE',
  /** The heartbeat's ping was not answered within the interval. */
  HEARTBEAT_TIMEOUT: 'HEARTBEAT_TIMEOUT',
  /** The TCP connection ended without a close frame. */
  CONNECTION_LOST: 'CONNECTION_LOST',
  /** No TCP connection within the connect timeout. */
  CONNECT_TIMEOUT: 'ETIMEDOUT',
  /** The browser reported an error on its WebSocket (browsers give no detail). */
  BROWSER_ERROR: 'BROWSER_ERROR',
} as const;

/** A frozen {@link LastError}. */
export function lastError(code: string, message: string, address = ''): LastError {
  return Object.freeze({ code, message, address });
}

/** "host:port", with brackets around an IPv6 host; '' when the host is unknown. */
export function hostPort(host: string, port: number): string {
  if (host === '') return '';
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
