// Test helpers for the protocol core: hand-built frames (valid or not), byte formatting, and
// draining a Connection's events and output.
import {
  Connection,
  type ConnectionEvent,
  type ConnectionOptions,
} from '../../src/protocol/connection.js';

const encoder = new TextEncoder();

/** Bytes from a hex string with optional spaces: hex('81 05 48') → [0x81, 0x05, 0x48]. */
export function hex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Lower-case hex with spaces, for readable assertion failures. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export interface FrameSpec {
  opcode: number;
  payload?: Uint8Array | string;
  fin?: boolean;
  /** RSV bits as a 3-bit number (RSV1 = 4, RSV2 = 2, RSV3 = 1). */
  rsv?: number;
  /** A mask key (4 bytes) or true for 37 fa 21 3d; absent/false = unmasked. */
  mask?: Uint8Array | boolean;
  /** Force a length encoding (7, 16 or 64 bits), minimal or not. */
  lengthBits?: 7 | 16 | 64;
  /** Override the length written in the header (the payload is still appended as is). */
  length?: number;
}

export const RFC_KEY = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);

/** Builds one frame exactly as specified, including invalid ones. */
export function frame(spec: FrameSpec): Uint8Array {
  const payload =
    typeof spec.payload === 'string' ? utf8(spec.payload) : (spec.payload ?? new Uint8Array(0));
  const length = spec.length ?? payload.length;
  const bits = spec.lengthBits ?? (length < 126 ? 7 : length < 0x10000 ? 16 : 64);
  const key = spec.mask === true ? RFC_KEY : spec.mask === false ? undefined : spec.mask;
  const head: number[] = [((spec.fin ?? true) ? 0x80 : 0) | ((spec.rsv ?? 0) << 4) | spec.opcode];
  const m = key ? 0x80 : 0;
  if (bits === 7) head.push(m | length);
  else if (bits === 16) head.push(m | 126, (length >>> 8) & 0xff, length & 0xff);
  else {
    const hi = Math.floor(length / 2 ** 32);
    head.push(m | 127, hi >>> 24, (hi >>> 16) & 0xff, (hi >>> 8) & 0xff, hi & 0xff);
    head.push(length >>> 24, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff);
  }
  const body = payload.slice();
  if (key) {
    head.push(...key);
    for (let i = 0; i < body.length; i++) body[i] = body[i]! ^ key[i & 3]!;
  }
  return concat(Uint8Array.from(head), body);
}

/** A frame as a client sends it (masked), for feeding a server connection. */
export function clientFrame(spec: FrameSpec): Uint8Array {
  return frame({ mask: true, ...spec });
}

/** All events queued so far. */
export function events(conn: Connection): ConnectionEvent[] {
  const out: ConnectionEvent[] = [];
  for (let e = conn.nextEvent(); e !== undefined; e = conn.nextEvent()) out.push(e);
  return out;
}

/** Everything queued for sending, as one array. */
export function output(conn: Connection): Uint8Array {
  return concat(...conn.dataToSend());
}

/** Events as plain comparable values (Uint8Array → hex) for deepEqual. */
export function summarize(list: ConnectionEvent[]): unknown[] {
  return list.map((e) => {
    switch (e.kind) {
      case 'message':
        return { kind: e.kind, text: e.text, data: toHex(e.data) };
      case 'ping':
      case 'pong':
        return { kind: e.kind, data: toHex(e.data) };
      case 'close':
        return { kind: e.kind, code: e.code, reason: e.reason };
      default:
        return { kind: e.kind, closeCode: e.violation.closeCode, code: e.violation.code };
    }
  });
}

/** A server connection fed with `bytes` (copied first, since the connection unmasks in place). */
export function serverAfter(
  bytes: Uint8Array,
  options: Partial<ConnectionOptions> = {},
): Connection {
  const conn = new Connection({ role: 'server', ...options });
  conn.receiveData(bytes.slice());
  return conn;
}

/** A client connection fed with `bytes`. */
export function clientAfter(
  bytes: Uint8Array,
  options: Partial<ConnectionOptions> = {},
): Connection {
  const conn = new Connection({ role: 'client', ...options });
  conn.receiveData(bytes.slice());
  return conn;
}

/** Fixed mask keys: every key is `key` (for exact client-side byte vectors). */
export function fixedKeys(key: Uint8Array = RFC_KEY): (out: Uint8Array) => void {
  return (out) => {
    for (let i = 0; i < out.length; i++) out[i] = key[i & 3]!;
  };
}
