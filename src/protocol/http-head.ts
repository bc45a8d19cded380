/**
 * Incremental reader and parser for the HTTP/1.1 header block of a WebSocket opening handshake
 * (RFC 6455 §4.1, §4.2.1), with Godot's limits and parsing rules (`wsl_peer.cpp`).
 *
 * Godot reads the head one byte at a time until `\r\n\r\n` so that bytes after it stay in the
 * socket for the frame parser. This reader takes whole chunks instead and hands back the bytes
 * after the head as `leftover` (a view into the last chunk): they are WebSocket frames.
 */

/** Godot's cap on the whole header block, terminator included (`WSL_MAX_HEADER_SIZE`). */
export const WSL_MAX_HEADER_SIZE = 4096;

const CR = 0x0d;
const LF = 0x0a;

/** What {@link HttpHeadReader.push} found so far. */
export type HeadReadResult =
  | { readonly kind: 'need-more' }
  | { readonly kind: 'too-large' }
  | {
      readonly kind: 'complete';
      /** The head without its final `\r\n\r\n`, bytes decoded as Latin-1, cut at the first NUL. */
      readonly head: string;
      /** Bytes after the head in the chunk just pushed (a view, not a copy): frame data. */
      readonly leftover: Uint8Array;
    };

const NEED_MORE: HeadReadResult = Object.freeze({ kind: 'need-more' });
const TOO_LARGE: HeadReadResult = Object.freeze({ kind: 'too-large' });

/**
 * Collects an HTTP header block from arbitrary chunks. A head that arrives whole in the first
 * chunk (the usual case) is read in place; otherwise one buffer of `maxSize` bytes is made and
 * nothing grows. Each byte is looked at once (no rescans from the start).
 *
 * Results are sticky: after `too-large` every push returns `too-large`; after `complete` every
 * push returns the same head with the whole new chunk as `leftover`. Call {@link reset} to reuse.
 */
export class HttpHeadReader {
  /** The cap in bytes, terminator included. */
  readonly maxSize: number;
  #buf: Uint8Array | undefined;
  #length = 0;
  #head: string | undefined;
  #tooLarge = false;

  /** @param maxSize cap on the header block in bytes (Godot: 4096). */
  constructor(maxSize: number = WSL_MAX_HEADER_SIZE) {
    this.maxSize = Math.max(0, Math.floor(maxSize));
  }

  /** Bytes held so far (never more than `maxSize`). */
  get bufferedBytes(): number {
    return this.#length;
  }

  /** Size in bytes of the completed head including `\r\n\r\n`, or -1 while incomplete. */
  get headSize(): number {
    return this.#head === undefined ? -1 : this.#length;
  }

  /** Forgets everything read so far. */
  reset(): void {
    this.#length = 0;
    this.#head = undefined;
    this.#tooLarge = false;
  }

  /** Feeds the next chunk of bytes from the peer. */
  push(chunk: Uint8Array): HeadReadResult {
    if (this.#tooLarge) return TOO_LARGE;
    if (this.#head !== undefined) return { kind: 'complete', head: this.#head, leftover: chunk };
    if (chunk.length === 0) return NEED_MORE;
    const old = this.#length;
    if (old === 0) {
      const end = findHeadEnd(chunk, Math.min(chunk.length, this.maxSize), 0);
      if (end >= 0) return this.#complete(chunk, end, chunk.subarray(end + 1));
    }
    this.#buf ??= new Uint8Array(this.maxSize);
    const buf = this.#buf;
    const room = Math.min(chunk.length, this.maxSize - old);
    buf.set(chunk.subarray(0, room), old);
    const filled = old + room;
    const end = old === 0 ? -1 : findHeadEnd(buf, filled, old);
    if (end >= 0) return this.#complete(buf, end, chunk.subarray(end + 1 - old));
    this.#length = filled;
    // A full buffer without the terminator can never complete (Godot fails at once too).
    if (filled >= this.maxSize) {
      this.#tooLarge = true;
      return TOO_LARGE;
    }
    return NEED_MORE;
  }

  #complete(bytes: Uint8Array, end: number, leftover: Uint8Array): HeadReadResult {
    this.#length = end + 1;
    this.#head = latin1UpToNul(bytes, end - 3);
    this.#buf = undefined;
    return { kind: 'complete', head: this.#head, leftover };
  }
}

/**
 * The index of the LF that ends the head in `bytes[0, filled)`, looking only at LF bytes from
 * `from` on (the three bytes before one may be older), or -1. Godot's test is per stored byte:
 * it ends "\r\n\r\n" and sits past index 3 (`l > 3`), so a stream that starts with
 * "\r\n\r\n" does not end there.
 */
function findHeadEnd(bytes: Uint8Array, filled: number, from: number): number {
  const held = bytes.subarray(0, filled);
  let end = held.indexOf(LF, Math.max(from, 4));
  while (end !== -1) {
    if (bytes[end - 1] === CR && bytes[end - 2] === LF && bytes[end - 3] === CR) return end;
    end = held.indexOf(LF, end + 1);
  }
  return -1;
}

const asciiDecoder = new TextDecoder();

/**
 * Decodes `bytes[0, end)` one byte per character (Latin-1), stopping at the first NUL as
 * Godot's C-string conversion does. ASCII (the usual case) goes through TextDecoder.
 */
function latin1UpToNul(bytes: Uint8Array, end: number): string {
  const nul = bytes.subarray(0, end).indexOf(0);
  const text = bytes.subarray(0, nul < 0 ? end : nul);
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text[i]! > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return asciiDecoder.decode(text);
  let out = '';
  for (let i = 0; i < text.length; i += 4096) {
    out += String.fromCharCode.apply(null, Array.from(text.subarray(i, i + 4096)));
  }
  return out;
}

/** Splits a head into lines on `\r\n` (empty parts kept, like Godot's `split("\r\n")`). */
export function splitHeadLines(head: string): string[] {
  return head.split('\r\n');
}

/** Splits a request or status line on single spaces, dropping empty parts (Godot's `split(" ", false)`). */
export function splitStartLine(line: string): string[] {
  return line.split(' ').filter((token) => token.length > 0);
}

/**
 * Splits one header line the way Godot's `split(":", false, 1)` does: empty parts between
 * colons are skipped, the name is the first non-empty part and the value is everything from
 * the next non-empty part on. So `Name:` (nothing after the colon) and `:value` fail, and
 * `a::b` gives name `a`, value `b`. Returns undefined when the line is not a header.
 */
export function splitHeaderLine(line: string): [name: string, value: string] | undefined {
  let start = 0;
  while (start < line.length && line.charCodeAt(start) === 0x3a) start++;
  const nameEnd = line.indexOf(':', start);
  if (start >= line.length || nameEnd < 0) return undefined;
  let valueStart = nameEnd;
  while (valueStart < line.length && line.charCodeAt(valueStart) === 0x3a) valueStart++;
  if (valueStart >= line.length) return undefined;
  return [line.slice(start, nameEnd), line.slice(valueStart)];
}

/** Godot's `strip_edges()`: removes every character with a code ≤ 32 at both ends. */
export function stripEdges(text: string): string {
  let begin = 0;
  let end = text.length;
  while (begin < end && text.charCodeAt(begin) <= 32) begin++;
  while (end > begin && text.charCodeAt(end - 1) <= 32) end--;
  return text.slice(begin, end);
}

/** Header map or the reason parsing failed. */
export type HeadersResult =
  | { readonly ok: true; readonly headers: Map<string, string> }
  | { readonly ok: false; readonly reason: string };

/**
 * Parses header lines with Godot's rules: the name is lowercased (not trimmed), the value is
 * trimmed (`stripEdges`), a repeated header is joined to the earlier one with ",", and a line
 * that {@link splitHeaderLine} rejects fails the whole head.
 * @param lines all lines of the head; `from` skips the request/status line.
 */
export function parseHeaderLines(lines: readonly string[], from = 1): HeadersResult {
  const headers = new Map<string, string>();
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    const parts = splitHeaderLine(line);
    if (parts === undefined) return { ok: false, reason: `Invalid header -> ${line}` };
    const name = parts[0].toLowerCase();
    const value = stripEdges(parts[1]);
    const previous = headers.get(name);
    headers.set(name, previous === undefined ? value : `${previous},${value}`);
  }
  return { ok: true, headers };
}
