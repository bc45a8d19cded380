/**
 * Server side of the opening handshake (RFC 6455 §4.2) with Godot's rules
 * (`WSLPeer::_parse_client_request` / `_do_server_handshake`). Godot never answers a bad request
 * with an HTTP error: it drops the connection. The failure reasons here are for the log; the
 * caller drops the connection, or (a Node-only extension) sends {@link buildHttpErrorResponse}.
 */
import type { AcceptKeyFn } from './handshake-client.js';
import { parseHeaderLines, splitHeadLines, splitStartLine, stripEdges } from './http-head.js';

/** A parsed upgrade request, for user hooks to inspect before accepting. */
export interface UpgradeRequest {
  /** Always "GET" once parsed (anything else is refused). */
  readonly method: string;
  /** The request target as sent (path and query), not validated. */
  readonly path: string;
  /** Always "HTTP/1.1" once parsed. */
  readonly version: string;
  /** Lowercased names, trimmed values, repeated headers joined with ",". */
  readonly headers: Map<string, string>;
}

/** Outcome of {@link parseUpgradeRequest}. */
export type ParseRequestResult =
  | { readonly ok: true; readonly request: UpgradeRequest }
  | { readonly ok: false; readonly reason: string };

/**
 * Parses a request head (without its final blank line): at least 4 lines; request line
 * tokens method exactly `GET` and version exactly `HTTP/1.1` (RFC 6455 §4.2.1 item 1); every
 * header line well formed. Reasons are Godot's log messages.
 */
export function parseUpgradeRequest(head: string): ParseRequestResult {
  const lines = splitHeadLines(head);
  if (lines.length < 4) {
    return {
      ok: false,
      reason: `Not enough response headers, got: ${lines.length}, expected >= 4.`,
    };
  }
  return parseHttpGetRequest(head);
}

/**
 * {@link parseUpgradeRequest} without the 4-line minimum: any well-formed `GET … HTTP/1.1`
 * head, even a plain HTTP request with a single header (for Node-only request hooks, which may
 * answer requests that are not upgrades).
 */
export function parseHttpGetRequest(head: string): ParseRequestResult {
  const lines = splitHeadLines(head);
  const [method, path, version] = splitStartLine(lines[0] ?? '');
  if (method === undefined || path === undefined) {
    return { ok: false, reason: 'Invalid protocol or status code.' };
  }
  if (method !== 'GET' || version !== 'HTTP/1.1') {
    return { ok: false, reason: 'Invalid method or HTTP version.' };
  }
  const parsed = parseHeaderLines(lines);
  if (!parsed.ok) return parsed;
  return { ok: true, request: { method, path, version, headers: parsed.headers } };
}

/** A supported-protocol entry that accepts whatever the client offers first (see below). */
export const ANY_SUBPROTOCOL = '*';

/** Outcome of {@link selectSubprotocol}. */
export type SubprotocolResult =
  | { readonly ok: true; readonly protocol: string }
  | { readonly ok: false; readonly reason: string };

/**
 * Godot's subprotocol choice (RFC 6455 §4.2.2 item 5.4 leaves the choice to the server): the
 * client's `Sec-WebSocket-Protocol` list (split on ",", each trimmed) is walked in the CLIENT's
 * order and the first entry the server supports wins. Offered but none supported → fail (also
 * when the server supports none); none offered while the server has a list → fail; neither → "".
 * Not in Godot: a supported entry {@link ANY_SUBPROTOCOL} ("*") accepts the client's first
 * non-empty entry whatever it is, and also a client that offers none (then none is selected).
 * @param offered the request's header value, undefined when the header is absent.
 */
export function selectSubprotocol(
  offered: string | undefined,
  supported: readonly string[],
): SubprotocolResult {
  const any = supported.includes(ANY_SUBPROTOCOL);
  if (offered === undefined) {
    if (supported.length > 0 && !any) {
      return { ok: false, reason: 'Sub-protocol required but the client requested none.' };
    }
    return { ok: true, protocol: '' };
  }
  for (const entry of offered.split(',')) {
    const protocol = stripEdges(entry);
    // An empty entry never selects (Godot treats an empty selection as "none found").
    if (protocol !== '' && (any || supported.includes(protocol))) return { ok: true, protocol };
  }
  if (any) return { ok: true, protocol: '' };
  return { ok: false, reason: `No supported sub-protocol among the requested -> ${offered}` };
}

/** Server settings for accepting a request. */
export interface ServerHandshakeOptions {
  /** Supported subprotocols (Godot's `supported_protocols`). */
  readonly protocols?: readonly string[];
  /** Extra header lines for the 101 response, verbatim (Godot's `handshake_headers`). */
  readonly headers?: readonly string[];
  readonly acceptKey: AcceptKeyFn;
}

/** Outcome of {@link acceptUpgradeRequest} / {@link serverHandshake}. */
export type ServerHandshakeResult =
  | {
      readonly ok: true;
      readonly request: UpgradeRequest;
      readonly path: string;
      readonly headers: Map<string, string>;
      readonly key: string;
      /** "" when no subprotocol was selected. */
      readonly selectedProtocol: string;
      /** The exact 101 response to write (UTF-8). */
      readonly response: string;
    }
  | { readonly ok: false; readonly reason: string; readonly request?: UpgradeRequest };

/**
 * Applies Godot's required-header checks to a parsed request and builds the 101 response:
 * `Upgrade` = "websocket" in any case, `Sec-WebSocket-Version` = "13" (RFC 6455 §4.2.1 item 6),
 * `Sec-WebSocket-Key` present (its value is not checked), `Connection` present (any value, so
 * "keep-alive, Upgrade" passes); `Host` and `Origin` are not required. Then the subprotocol.
 */
export function acceptUpgradeRequest(
  request: UpgradeRequest,
  options: ServerHandshakeOptions,
): ServerHandshakeResult {
  const { headers } = request;
  const missing = (reason: string): ServerHandshakeResult => ({ ok: false, reason, request });
  if (headers.get('upgrade')?.toLowerCase() !== 'websocket') {
    return missing("Missing or invalid header 'upgrade'. Expected value 'websocket'.");
  }
  if (headers.get('sec-websocket-version')?.toLowerCase() !== '13') {
    return missing("Missing or invalid header 'sec-websocket-version'. Expected value '13'.");
  }
  const key = headers.get('sec-websocket-key');
  if (key === undefined) return missing("Missing header 'sec-websocket-key'.");
  if (!headers.has('connection')) return missing("Missing header 'connection'.");
  const selected = selectSubprotocol(
    headers.get('sec-websocket-protocol'),
    options.protocols ?? [],
  );
  if (!selected.ok) return missing(selected.reason);
  const response = buildServerResponse({
    accept: options.acceptKey(key),
    protocol: selected.protocol,
    headers: options.headers ?? [],
  });
  return {
    ok: true,
    request,
    path: request.path,
    headers,
    key,
    selectedProtocol: selected.protocol,
    response,
  };
}

/** {@link parseUpgradeRequest} then {@link acceptUpgradeRequest}. */
export function serverHandshake(
  head: string,
  options: ServerHandshakeOptions,
): ServerHandshakeResult {
  const parsed = parseUpgradeRequest(head);
  return parsed.ok ? acceptUpgradeRequest(parsed.request, options) : parsed;
}

/** What goes into the 101 response. */
export interface ServerResponseParts {
  /** The `Sec-WebSocket-Accept` value. */
  readonly accept: string;
  /** The selected subprotocol; the header is left out when empty or absent. */
  readonly protocol?: string;
  /** Extra header lines, verbatim. */
  readonly headers?: readonly string[];
}

/**
 * The 101 response in Godot's exact order (RFC 6455 §4.2.2 item 5): status line, `Upgrade`,
 * `Connection`, `Sec-WebSocket-Accept`, `Sec-WebSocket-Protocol` when one was selected, then
 * the extra header lines verbatim, then the blank line.
 */
export function buildServerResponse(parts: ServerResponseParts): string {
  let response = 'HTTP/1.1 101 Switching Protocols\r\n';
  response += 'Upgrade: websocket\r\n';
  response += 'Connection: Upgrade\r\n';
  response += `Sec-WebSocket-Accept: ${parts.accept}\r\n`;
  if (parts.protocol) response += `Sec-WebSocket-Protocol: ${parts.protocol}\r\n`;
  for (const header of parts.headers ?? []) response += `${header}\r\n`;
  return `${response}\r\n`;
}

/** Godot's `WebSocketPeer.get_requested_url()` on the server: scheme + Host header + path. */
export function serverRequestedUrl(request: UpgradeRequest, tls: boolean): string {
  return `${tls ? 'wss://' : 'ws://'}${request.headers.get('host') ?? ''}${request.path}`;
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK',
  301: 'Moved Permanently',
  302: 'Found',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  426: 'Upgrade Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

/**
 * An HTTP response for rejecting an upgrade, or answering a plain HTTP request, instead of
 * switching protocols (a Node-only hook: Godot itself just drops the connection). `status`
 * outside 100..999 becomes 500; the reason phrase defaults to the standard text and has CR/LF
 * replaced so it cannot inject headers; the body is `body`, or else the reason phrase;
 * `Connection: close` is sent; `Content-Type` is `text/plain; charset=utf-8` unless one of the
 * extra header lines (sent verbatim) is a `Content-Type`.
 */
export function buildHttpErrorResponse(
  status: number,
  reason?: string,
  headers: readonly string[] = [],
  body?: string,
): string {
  const code = Number.isInteger(status) && status >= 100 && status <= 999 ? status : 500;
  const phrase = (reason ?? STATUS_TEXT[code] ?? 'Error').replace(/[\r\n]/g, ' ');
  const content = body ?? phrase;
  const typed = headers.some((line) => /^content-type\s*:/i.test(line));
  let response = `HTTP/1.1 ${code} ${phrase}\r\n`;
  response += 'Connection: close\r\n';
  if (!typed) response += 'Content-Type: text/plain; charset=utf-8\r\n';
  response += `Content-Length: ${new TextEncoder().encode(content).length}\r\n`;
  for (const header of headers) response += `${header}\r\n`;
  return `${response}\r\n${content}`;
}
