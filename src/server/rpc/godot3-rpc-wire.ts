import { Error } from '../../core/error.js';
import { decodeVariant } from '../../core/variant/decode.js';
import { encodeVariant } from '../../core/variant/encode.js';
import type { Variant } from '../../core/variant/variant.js';
import type { CallTarget } from './godot4-remote-call.js';

/**
 * Godot 3's MultiplayerAPI packets (3.2 `core/io/multiplayer_api.cpp`; docs/rpc.md §5), the
 * payload of a gd_mp_api message. REMOTE_CALL `00 <node u32 LE> <method + NUL> <argc u8>
 * <args, var2bytes each>` (node with bit 31 set: offset of the path + NUL at the end);
 * REMOTE_SET `01` likewise with a property and one value; SIMPLIFY_PATH `02 <id u32 LE>
 * <path + NUL>`; CONFIRM_PATH `03 <path + NUL>`; RAW `04 <bytes>`.
 */
export const Godot3Command = {
  REMOTE_CALL: 0,
  REMOTE_SET: 1,
  SIMPLIFY_PATH: 2,
  CONFIRM_PATH: 3,
  RAW: 4,
} as const;

const BY_PATH = 0x80000000;
const utf8 = new TextDecoder('utf-8', { fatal: false });
const encoder = new TextEncoder();

export interface Godot3Call {
  /** REMOTE_CALL, or REMOTE_SET (then `args` is the one value). */
  set: boolean;
  target: CallTarget;
  method: string;
  args: Variant[];
  /** Bytes of the encoded arguments (count byte included), for `maxArgBytes`. */
  argBytes: number;
}

export type Godot3CallResult = { call: Godot3Call } | { reason: string };

function cstring(packet: Uint8Array, at: number): { text: string; end: number } | null {
  const stop = packet.indexOf(0, at);
  if (stop < 0) return null;
  return { text: utf8.decode(packet.subarray(at, stop)), end: stop + 1 };
}

/** Decodes a REMOTE_CALL / REMOTE_SET as the 3.2 engine reads it; never throws. */
export function decodeGodot3Call(packet: Uint8Array): Godot3CallResult {
  const command = packet[0];
  if (command !== Godot3Command.REMOTE_CALL && command !== Godot3Command.REMOTE_SET) {
    return { reason: 'not a remote call' };
  }
  if (packet.byteLength < 6) return { reason: 'shorter than 6 bytes' };
  const node = new DataView(packet.buffer, packet.byteOffset + 1, 4).getUint32(0, true);
  let end = packet.byteLength;
  let target: CallTarget;
  if (node & BY_PATH) {
    const offset = node & 0x7fffffff;
    if (offset < 6 || offset >= packet.byteLength)
      return { reason: 'path offset outside the packet' };
    const path = cstring(packet, offset);
    target = { path: path ? path.text : utf8.decode(packet.subarray(offset)) };
    end = offset;
  } else target = { cacheId: node };
  const body = packet.subarray(0, end);
  const name = cstring(body, 5);
  if (!name) return { reason: 'method name without its NUL' };
  const set = command === Godot3Command.REMOTE_SET;
  let at = name.end;
  const args: Variant[] = [];
  if (set) {
    const v = decodeVariant(body.subarray(at), { format: 'godot3' });
    if (v.error !== Error.OK) return { reason: `value: ${v.reason}` };
    args.push(v.value);
  } else {
    if (at >= body.byteLength) return { reason: 'no argument count' };
    const argc = body[at]!;
    at += 1;
    for (let i = 0; i < argc; i++) {
      if (at >= body.byteLength) return { reason: `argument ${i + 1} of ${argc} is missing` };
      const v = decodeVariant(body.subarray(at), { format: 'godot3' });
      if (v.error !== Error.OK) return { reason: `argument ${i + 1}: ${v.reason}` };
      args.push(v.value);
      at += v.length;
    }
  }
  return { call: { set, target, method: name.text, args, argBytes: body.byteLength - name.end } };
}

/** A REMOTE_CALL from the server, by path (no cache needed on the receiver) or cached id. */
export function encodeGodot3Call(
  target: CallTarget,
  method: string,
  args: readonly Variant[],
): { packet: Uint8Array; reason: string } {
  if (args.length > 255) return { packet: new Uint8Array(), reason: 'more than 255 arguments' };
  const parts: Uint8Array[] = [];
  for (const arg of args) {
    const e = encodeVariant(arg, { format: 'godot3' });
    if (e.error !== Error.OK) return { packet: new Uint8Array(), reason: e.reason };
    parts.push(e.bytes);
  }
  const name = encoder.encode(method);
  const path = 'path' in target ? encoder.encode(target.path) : null;
  const argsEnd = 5 + name.byteLength + 1 + 1 + parts.reduce((n, p) => n + p.byteLength, 0);
  const packet = new Uint8Array(argsEnd + (path ? path.byteLength + 1 : 0));
  packet[0] = Godot3Command.REMOTE_CALL;
  const node = path ? (BY_PATH | argsEnd) >>> 0 : (target as { cacheId: number }).cacheId >>> 0;
  new DataView(packet.buffer).setUint32(1, node, true);
  packet.set(name, 5);
  let at = 5 + name.byteLength + 1;
  packet[at++] = args.length;
  for (const p of parts) {
    packet.set(p, at);
    at += p.byteLength;
  }
  if (path) packet.set(path, argsEnd);
  return { packet, reason: '' };
}

/** SIMPLIFY_PATH → `{ id, path }`, or null if malformed. */
export function parseGodot3Simplify(packet: Uint8Array): { id: number; path: string } | null {
  if (packet.byteLength < 5 || packet[0] !== Godot3Command.SIMPLIFY_PATH) return null;
  const id = new DataView(packet.buffer, packet.byteOffset + 1, 4).getUint32(0, true);
  const path = cstring(packet, 5);
  return { id, path: path ? path.text : utf8.decode(packet.subarray(5)) };
}

/** CONFIRM_PATH `03 <path + NUL>`: the answer to a SIMPLIFY_PATH (Godot 3 echoes the path). */
export function encodeGodot3Confirm(path: string): Uint8Array {
  const bytes = encoder.encode(path);
  const out = new Uint8Array(bytes.byteLength + 2);
  out[0] = Godot3Command.CONFIRM_PATH;
  out.set(bytes, 1);
  return out;
}
