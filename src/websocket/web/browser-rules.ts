/**
 * What the browser's `WebSocket` API accepts (WHATWG WebSockets standard), as pure functions:
 * the URL we hand to its constructor, the close codes and reasons `close()` takes without
 * throwing, and UTF-8 byte lengths (for limits, without encoding twice).
 */
import type { WebSocketUrl } from '../../protocol/url.js';

/**
 * The URL given to `new WebSocket(...)`, rebuilt from Godot's parse as Godot's Web build does:
 * scheme + host + (":" + port only if not the scheme's default) + path (query included).
 * Credentials and the fragment are gone already. Unlike Godot, an IPv6 literal is put back in
 * brackets (RFC 3986 §3.2.2), otherwise the browser could not parse the URL.
 */
export function browserUrl(url: WebSocketUrl): string {
  const host = url.host.includes(':') ? `[${url.host}]` : url.host;
  const defaultPort = url.tls ? 443 : 80;
  const port = url.port === defaultPort ? '' : `:${url.port}`;
  return `${url.scheme}://${host}${port}${url.path}`;
}

/** Longest close reason in UTF-8 bytes: a control frame payload is ≤ 125 bytes (RFC 6455 §5.5), 2 are the code. */
export const MAX_CLOSE_REASON_BYTES = 123;

/**
 * Why the browser would refuse `close(code, reason)`, or `undefined` when it accepts it.
 * `WebSocket.close` only takes 1000 or 3000–4999 (the WHATWG standard throws
 * InvalidAccessError otherwise) and a reason of at most 123 UTF-8 bytes (SyntaxError).
 * Code 0 is ours: it stands for Godot's "close frame without a status" (a reason is then not
 * allowed, RFC 6455 §5.5.1: a reason needs a code).
 */
export function closeRefusal(code: number, reason: string): string | undefined {
  if (code === 0) {
    return reason === '' ? undefined : 'a close reason needs a close code (code 0 sends none)';
  }
  if (!Number.isInteger(code) || (code !== 1000 && (code < 3000 || code > 4999))) {
    return `browsers only send close code 1000 or 3000-4999 (got ${code})`;
  }
  const bytes = utf8ByteLength(reason);
  if (bytes > MAX_CLOSE_REASON_BYTES) {
    return `the close reason is ${bytes} bytes of UTF-8, at most ${MAX_CLOSE_REASON_BYTES} are allowed`;
  }
  return undefined;
}

/**
 * Bytes of `text` in UTF-8, counting a lone surrogate as U+FFFD (3 bytes), as the browser
 * converts it (a DOMString becomes a USVString before encoding).
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
