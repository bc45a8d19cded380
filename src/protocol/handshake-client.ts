/**
 * Client side of the opening handshake (RFC 6455 §4.1) exactly as Godot's `WSLPeer` does it:
 * the request bytes it sends and the rules it applies to the server's 101 response.
 */
import { parseHeaderLines, splitHeadLines, splitStartLine } from './http-head.js';

/** The GUID appended to the key before hashing (RFC 6455 §1.3, §4.2.2). */
export const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/**
 * Computes `Sec-WebSocket-Accept` for a key: base64(SHA-1(key + WS_GUID)) (RFC 6455 §4.2.2).
 * Injected by the platform layer (node:crypto in Node); the protocol core has no SHA-1.
 */
export type AcceptKeyFn = (key: string) => string;

/** Fills `out` with random bytes. */
export type RandomFill = (out: Uint8Array) => void;

const defaultRandom: RandomFill = (out) => {
  globalThis.crypto.getRandomValues(out as Uint8Array<ArrayBuffer>);
};

/** Base64 of bytes (standard alphabet, padded). */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!);
  return btoa(binary);
}

/**
 * A fresh `Sec-WebSocket-Key`: base64 of 16 random bytes (RFC 6455 §4.1 item 7). Godot 4 uses
 * a cryptographic RNG (as the default here does); Godot 3 seeded its RNG with the Unix time.
 */
export function generateKey(random: RandomFill = defaultRandom): string {
  const bytes = new Uint8Array(16);
  random(bytes);
  return encodeBase64(bytes);
}

/** What goes into the upgrade request. */
export interface ClientRequestOptions {
  /** Host as parsed from the URL: an IPv6 literal without brackets, as Godot writes it. */
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  /** Path and query, verbatim. */
  readonly path: string;
  /** The `Sec-WebSocket-Key` value. */
  readonly key: string;
  /** Offered subprotocols, joined by "," (no space); the header is left out when empty. */
  readonly protocols?: readonly string[];
  /** Extra header lines (`"Name: value"`), written verbatim and not validated, as Godot does. */
  readonly headers?: readonly string[];
}

/**
 * The upgrade request, byte for byte as Godot 4 (and 3.2.3, checked on the wire) sends it,
 * CRLF line endings, to be sent UTF-8 encoded:
 * `GET <path> HTTP/1.1`, `Host` (":port" only when not 80 for ws / 443 for wss), `Upgrade`,
 * `Connection`, `Sec-WebSocket-Key`, `Sec-WebSocket-Version: 13`, `Sec-WebSocket-Protocol` when
 * protocols are given, then the extra headers. No Origin, User-Agent or extensions.
 * Note Godot's quirk: an IPv6 host goes out without brackets (`Host: ::1:8080`).
 */
export function buildClientRequest(options: ClientRequestOptions): string {
  const { host, port, tls, path, key } = options;
  const defaultPort = tls ? 443 : 80;
  let request = `GET ${path} HTTP/1.1\r\n`;
  request += `Host: ${host}${port === defaultPort ? '' : `:${port}`}\r\n`;
  request += 'Upgrade: websocket\r\n';
  request += 'Connection: Upgrade\r\n';
  request += `Sec-WebSocket-Key: ${key}\r\n`;
  request += 'Sec-WebSocket-Version: 13\r\n';
  const protocols = options.protocols ?? [];
  if (protocols.length > 0) request += `Sec-WebSocket-Protocol: ${protocols.join(',')}\r\n`;
  for (const header of options.headers ?? []) request += `${header}\r\n`;
  return `${request}\r\n`;
}

/** What the client checks the response against. */
export interface ServerResponseExpectation {
  /** The key we sent. */
  readonly key: string;
  /** The subprotocols we offered (compared exactly; Godot compares them after `strip_edges`). */
  readonly protocols: readonly string[];
  readonly acceptKey: AcceptKeyFn;
}

/** Outcome of checking the server's response. */
export type ClientHandshakeResult =
  | {
      readonly ok: true;
      /** The selected subprotocol ("" when none was offered). */
      readonly protocol: string;
      /** Response headers: lowercased names, trimmed values, repeats joined with ",". */
      readonly headers: Map<string, string>;
    }
  | { readonly ok: false; readonly reason: string };

function fail(reason: string): ClientHandshakeResult {
  return { ok: false, reason };
}

/**
 * Checks a server's response head (without its final blank line) with Godot's rules
 * (`_verify_server_response`); the reasons are Godot's log messages:
 * at least 4 lines; status line tokens `HTTP/1.1` and `101` exactly; every header line
 * well formed; `Connection` equal to "upgrade" in any case as the WHOLE value (so
 * "keep-alive, Upgrade" fails, stricter than RFC 6455 §4.1 item 3); `Upgrade` equal to
 * "websocket" in any case; `Sec-WebSocket-Accept` exactly the expected value (§4.1 item 4);
 * no `Sec-WebSocket-Protocol` when none was offered, else exactly one of ours (§4.1 item 6).
 * `Sec-WebSocket-Extensions` is ignored, as in Godot.
 */
export function validateServerResponse(
  head: string,
  expected: ServerResponseExpectation,
): ClientHandshakeResult {
  const lines = splitHeadLines(head);
  if (lines.length < 4) {
    return fail(`Not enough response headers. Got: ${lines.length}, expected >= 4.`);
  }
  const status = splitStartLine(lines[0]!);
  const [version, code] = status;
  if (version === undefined || code === undefined) {
    return fail(`Invalid protocol or status code. Got '${lines[0]}', expected 'HTTP/1.1 101'.`);
  }
  if (version !== 'HTTP/1.1')
    return fail(`Invalid protocol. Got: '${version}', expected 'HTTP/1.1'.`);
  if (code !== '101') return fail(`Invalid status code. Got: '${code}', expected '101'.`);
  const parsed = parseHeaderLines(lines);
  if (!parsed.ok) return fail(`${parsed.reason}.`);
  const { headers } = parsed;
  if (headers.get('connection')?.toLowerCase() !== 'upgrade') {
    return fail("Missing or invalid header 'connection'. Expected value 'upgrade'.");
  }
  if (headers.get('upgrade')?.toLowerCase() !== 'websocket') {
    return fail("Missing or invalid header 'upgrade'. Expected value 'websocket'.");
  }
  const accept = expected.acceptKey(expected.key);
  if (headers.get('sec-websocket-accept') !== accept) {
    return fail(`Missing or invalid header 'sec-websocket-accept'. Expected value '${accept}'.`);
  }
  const protocol = headers.get('sec-websocket-protocol');
  if (expected.protocols.length === 0) {
    if (protocol !== undefined) return fail(`Received unrequested sub-protocol -> ${protocol}`);
    return { ok: true, protocol: '', headers };
  }
  if (protocol === undefined) return fail('Requested sub-protocol(s) but received none.');
  if (!expected.protocols.includes(protocol)) {
    return fail(`Received unrequested sub-protocol -> ${protocol}`);
  }
  return { ok: true, protocol, headers };
}
