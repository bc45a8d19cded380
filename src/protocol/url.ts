/**
 * WebSocket URL parsing with Godot's rules: Godot 4's `String.parse_url` + the checks in
 * `WebSocketPeer.connect_to_url`, and Godot 3.2's simpler split in `WebSocketClient.connect_to_url`.
 * (RFC 6455 §3 defines the ws/wss URI; Godot is more lenient and we follow Godot.)
 */
import { Error } from '../shared/error.js';

/** Where to connect and what to put in the request line. */
export interface WebSocketUrl {
  readonly scheme: 'ws' | 'wss';
  readonly tls: boolean;
  /** Lowercased (Godot 4); an IPv6 literal is given without its brackets. */
  readonly host: string;
  readonly port: number;
  /** Path and query, sent verbatim in the request line; "/" when the URL has none. */
  readonly path: string;
}

/** `error` is `Error.OK` exactly when `url` is present. */
export interface UrlParseResult {
  readonly error: Error;
  readonly url?: WebSocketUrl;
}

/** The raw output of Godot 4's `String.parse_url` (scheme keeps its "://", port 0 when absent). */
export interface GodotUrlParts {
  readonly scheme: string;
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly fragment: string;
}

/** Outcome of {@link parseUrl}: `parts` is present exactly when `error` is `Error.OK`. */
export interface UrlPartsResult {
  readonly error: Error;
  readonly parts?: GodotUrlParts;
}

const INVALID: UrlParseResult = Object.freeze({ error: Error.ERR_INVALID_PARAMETER });

function isSchemeChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) || // 0-9
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x61 && code <= 0x7a) || // a-z
    code === 0x2b || // +
    code === 0x2d || // -
    code === 0x2e // .
  );
}

const INT64_MAX = 0x7fffffffffffffffn;
const INT64_MIN = -0x8000000000000000n;

/**
 * Godot 4's `is_valid_int()` + `to_int()` stored into a C++ `int`: optional sign, digits only,
 * clamped to int64 on overflow, then truncated to 32 bits (source reading: `r_port` is an `int`).
 */
function godot4PortInt(text: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  let value = BigInt(text);
  if (value > INT64_MAX) value = INT64_MAX;
  if (value < INT64_MIN) value = INT64_MIN;
  return Number(BigInt.asIntN(32, value));
}

/**
 * Godot 4's `String.parse_url`: scheme (before the first "://", only if made of letters, digits,
 * "+", "-", "."; lowercased, kept with "://"), fragment after the first "#" removed, path from the
 * first "/" (query included), credentials before the first "@" stripped, "[...]" IPv6 literal,
 * otherwise at most one ":", non-empty host lowercased, port an integer in 1..65535.
 */
export function parseUrl(url: string): UrlPartsResult {
  let base = url;
  let scheme = '';
  let path = '';
  let fragment = '';
  let host: string;
  let port = 0;
  let pos = base.indexOf('://');
  if (pos !== -1) {
    let valid = true;
    for (let i = 0; i < pos; i++) if (!isSchemeChar(base.charCodeAt(i))) valid = false;
    if (valid) {
      scheme = base.slice(0, pos + 3).toLowerCase();
      base = base.slice(pos + 3);
    }
  }
  pos = base.indexOf('#');
  if (pos !== -1) {
    fragment = base.slice(pos + 1);
    base = base.slice(0, pos);
  }
  pos = base.indexOf('/');
  if (pos !== -1) {
    path = base.slice(pos);
    base = base.slice(0, pos);
  }
  pos = base.indexOf('@');
  if (pos !== -1) base = base.slice(pos + 1); // user:pass@ is never sent
  if (base.startsWith('[')) {
    pos = base.lastIndexOf(']');
    if (pos === -1) return { error: Error.ERR_INVALID_PARAMETER };
    host = base.slice(1, pos);
    base = base.slice(pos + 1); // anything after "]" that is not ":port" is ignored
  } else {
    if (base.split(':').length > 2) return { error: Error.ERR_INVALID_PARAMETER }; // bare IPv6
    pos = base.lastIndexOf(':');
    host = pos === -1 ? base : base.slice(0, pos);
    base = pos === -1 ? '' : base.slice(pos);
  }
  if (host.length === 0) return { error: Error.ERR_INVALID_PARAMETER };
  host = host.toLowerCase();
  if (base.startsWith(':')) {
    const value = godot4PortInt(base.slice(1));
    if (value === undefined || value < 1 || value > 65535) {
      return { error: Error.ERR_INVALID_PARAMETER };
    }
    port = value;
  }
  return { error: Error.OK, parts: { scheme, host, port, path, fragment } };
}

/**
 * Parses a WebSocket URL as Godot 4's `WebSocketPeer.connect_to_url` does: empty URL or any
 * parse failure → `ERR_INVALID_PARAMETER`; no scheme means `ws://`; a scheme other than `ws://`
 * or `wss://` → `ERR_INVALID_PARAMETER`; port defaults to 80 / 443; empty path becomes "/".
 */
export function parseWebSocketUrl(url: string): UrlParseResult {
  if (url.length === 0) return INVALID;
  const { error, parts } = parseUrl(url);
  if (error !== Error.OK || parts === undefined) return { error };
  const scheme = parts.scheme === '' ? 'ws://' : parts.scheme;
  if (scheme !== 'ws://' && scheme !== 'wss://') return INVALID;
  const tls = scheme === 'wss://';
  return {
    error: Error.OK,
    url: {
      scheme: tls ? 'wss' : 'ws',
      tls,
      host: parts.host,
      port: parts.port === 0 ? (tls ? 443 : 80) : parts.port,
      path: parts.path === '' ? '/' : parts.path,
    },
  };
}

/**
 * Godot 3.x's lenient `String::to_int()` (32-bit): digits before the first "." are collected,
 * other characters skipped, a "-" before the first non-zero digit flips the sign, overflow clamps.
 */
function godot3ToInt(text: string): number {
  const dot = text.indexOf('.');
  const to = dot >= 0 ? dot : text.length;
  let value = 0;
  let sign = 1;
  for (let i = 0; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      const digit = c - 0x30;
      if (value > 214748364 || (value === 214748364 && digit > (sign === 1 ? 7 : 8))) {
        return sign === 1 ? 2147483647 : -2147483648;
      }
      value = value * 10 + digit;
    } else if (value === 0 && c === 0x2d) {
      sign = -sign;
    }
  }
  return value * sign;
}

/**
 * Parses a URL as Godot 3.2's `WebSocketClient.connect_to_url` does (checked against 3.2.3):
 * a case-sensitive `wss://` prefix means TLS and port 443, `ws://` is stripped (port 80), any
 * other text is taken as the host as is; the path runs from the first "/" to the end (query and
 * even "#fragment" are sent); a port is split off only when the host holds exactly one ":" and is
 * read leniently (`":8a0"` → 80, `":80.5"` → 80) and truncated to 16 bits. Credentials and
 * brackets are not understood (the DNS lookup of such a host fails later). The host keeps its
 * case. Only an empty host is refused here (`ERR_INVALID_PARAMETER`, as the lookup would be).
 */
export function parseGodot3Url(url: string): UrlParseResult {
  let host = url;
  let path = '/';
  let port = 80;
  let tls = false;
  if (host.startsWith('wss://')) {
    tls = true;
    host = host.slice(6);
    port = 443;
  } else if (host.startsWith('ws://')) {
    host = host.slice(5);
  }
  let pos = host.indexOf('/');
  if (pos !== -1) {
    path = host.slice(pos);
    host = host.slice(0, pos);
  }
  pos = host.lastIndexOf(':');
  if (pos !== -1 && pos === host.indexOf(':')) {
    port = godot3ToInt(host.slice(pos)) & 0xffff; // connect_to_host takes a uint16_t
    host = host.slice(0, pos);
  }
  if (host.length === 0) return INVALID;
  return { error: Error.OK, url: { scheme: tls ? 'wss' : 'ws', tls, host, port, path } };
}

/** A hint for a URL whose scheme is HTTP's, e.g. " (use ws:// for a WebSocket server)"; else ''. */
export function urlHint(url: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'http') return ' (use ws:// for a WebSocket server)';
  if (scheme === 'https') return ' (use wss:// for a WebSocket server)';
  return '';
}
