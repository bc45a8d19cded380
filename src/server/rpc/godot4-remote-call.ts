import { Error } from '../../core/error.js';
import type { Variant } from '../../core/variant/variant.js';
import { decodeRpcArgs, encodeRpcArgs } from './godot4-rpc-args.js';

/**
 * Godot 4's REMOTE_CALL packet (SceneMultiplayer, `scene_rpc_interface.cpp`; docs/rpc.md §2).
 * Byte 0: command 0 in bits 0–2; node id size in bits 4–5 (0: u8, 1: u16, 2: u32); method id
 * size in bit 6 (0: u8, 1: u16); bit 7 "byte only or no args". Then the node id, the method
 * id, the argument count (unless bit 7), the arguments. A node id with bit 31 set is not a
 * cache id: its low 31 bits are the offset of the node path (UTF-8 + NUL) at the packet's end.
 */
export const REMOTE_CALL = 0;
const BY_PATH = 0x80000000;
const BYTE_ONLY = 0x80;

/** Where a call is addressed: by the node's path, or by an id from the sender's path cache. */
export type CallTarget = { path: string } | { cacheId: number };

export interface DecodedCall {
  target: CallTarget;
  methodId: number;
  args: Variant[];
  /** Bytes of the encoded arguments (count byte included), for `maxArgBytes`. */
  argBytes: number;
}

/** A call's header, read without decoding its arguments (what a relay needs to filter it). */
export interface CallHeader {
  target: CallTarget;
  methodId: number;
  /** The arguments are `packet[argsStart, argsEnd)` (the count byte first, unless `byteOnly`). */
  argsStart: number;
  argsEnd: number;
  byteOnly: boolean;
}

export type DecodeCallResult =
  | { error: typeof Error.OK; call: DecodedCall }
  | { error: Error; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: false });

function bad(reason: string): { error: Error; reason: string } {
  return { error: Error.ERR_INVALID_DATA, reason };
}

/** Reads a REMOTE_CALL's header as the engine's `process_rpc` does; never throws. */
export function readCallHeader(packet: Uint8Array): CallHeader | { error: Error; reason: string } {
  if (packet.byteLength < 1 || (packet[0]! & 7) !== REMOTE_CALL) return bad('not a remote call');
  const meta = packet[0]!;
  const nodeSize = [1, 2, 4, 0][(meta >> 4) & 3]!;
  if (nodeSize === 0) return bad('invalid node id compression');
  const nameSize = (meta >> 6) & 1 ? 2 : 1;
  const headerEnd = 1 + nodeSize + nameSize;
  if (packet.byteLength < headerEnd) return bad('shorter than its header');
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  const node =
    nodeSize === 1
      ? view.getUint8(1)
      : nodeSize === 2
        ? view.getUint16(1, true)
        : view.getUint32(1, true);
  let end = packet.byteLength;
  let target: CallTarget;
  if (nodeSize === 4 && node & BY_PATH) {
    const offset = node & 0x7fffffff;
    if (offset < headerEnd || offset >= packet.byteLength)
      return bad('path offset outside the packet');
    let stop = packet.indexOf(0, offset);
    if (stop < 0) stop = packet.byteLength;
    target = { path: utf8.decode(packet.subarray(offset, stop)) };
    end = offset;
  } else {
    target = { cacheId: node };
  }
  const methodId =
    nameSize === 1 ? view.getUint8(1 + nodeSize) : view.getUint16(1 + nodeSize, true);
  return {
    target,
    methodId,
    argsStart: headerEnd,
    argsEnd: end,
    byteOnly: (meta & BYTE_ONLY) !== 0,
  };
}

/** Decodes a REMOTE_CALL as the engine's `process_rpc` reads it; never throws. */
export function decodeRemoteCall(packet: Uint8Array): DecodeCallResult {
  const header = readCallHeader(packet);
  if ('error' in header) return header;
  const { target, methodId, argsStart: at, argsEnd: end } = header;
  const argBytes = end - at;
  if (header.byteOnly) {
    // No count byte: anything left is one PackedByteArray (nothing left: no arguments).
    const call = { target, methodId, args: at < end ? [packet.slice(at, end)] : [], argBytes };
    return { error: Error.OK, call };
  }
  if (at >= end) return bad('no argument count');
  const argc = packet[at]!;
  const decoded = decodeRpcArgs(packet.subarray(at + 1, end), argc);
  if (decoded.error !== Error.OK) return bad(decoded.reason);
  return { error: Error.OK, call: { target, methodId, args: decoded.args, argBytes } };
}

/**
 * Encodes a call from the server. `target`: `{ path }` (relative to `/root`, e.g. "Main/Player";
 * the receiver needs no cache) or `{ cacheId }` (an id the receiver confirmed). Returns the
 * packet, or a reason the arguments cannot be encoded.
 */
export function encodeRemoteCall(
  target: CallTarget,
  methodId: number,
  args: readonly Variant[],
): { packet: Uint8Array; reason: string } {
  const encoded = encodeRpcArgs(args);
  if (encoded.reason) return { packet: new Uint8Array(), reason: encoded.reason };
  if (methodId < 0 || methodId > 0xffff)
    return { packet: new Uint8Array(), reason: 'bad method id' };
  const pathBytes = 'path' in target ? new TextEncoder().encode(target.path) : null;
  let nodeSize = 4;
  if (!pathBytes) {
    const id = (target as { cacheId: number }).cacheId;
    nodeSize = id <= 0xff ? 1 : id <= 0xffff ? 2 : 4;
  }
  const nameSize = methodId <= 0xff ? 1 : 2;
  const headerEnd = 1 + nodeSize + nameSize;
  const argsEnd = headerEnd + encoded.bytes.byteLength;
  const total = argsEnd + (pathBytes ? pathBytes.byteLength + 1 : 0);
  const packet = new Uint8Array(total);
  const view = new DataView(packet.buffer);
  packet[0] =
    REMOTE_CALL |
    ((nodeSize === 1 ? 0 : nodeSize === 2 ? 1 : 2) << 4) |
    ((nameSize === 2 ? 1 : 0) << 6) |
    (encoded.byteOnly ? BYTE_ONLY : 0);
  const node = pathBytes ? (BY_PATH | argsEnd) >>> 0 : (target as { cacheId: number }).cacheId;
  if (nodeSize === 1) view.setUint8(1, node);
  else if (nodeSize === 2) view.setUint16(1, node, true);
  else view.setUint32(1, node, true);
  if (nameSize === 1) view.setUint8(1 + nodeSize, methodId);
  else view.setUint16(1 + nodeSize, methodId, true);
  packet.set(encoded.bytes, headerEnd);
  if (pathBytes) packet.set(pathBytes, argsEnd); // the NUL is already there
  return { packet, reason: '' };
}
