/**
 * SceneMultiplayer's node path cache (Godot 4, `scene_cache_interface.cpp`; docs/rpc.md §3).
 * SIMPLIFY_PATH `01 <md5 of the node's RPC names, 32 hex chars + NUL> <id u32 LE> <path + NUL>`
 * asks the receiver to remember `id` for `path` (from this sender); CONFIRM_PATH
 * `02 <checksum ok u8> <id u32 LE>` answers it. After the answer the sender addresses the
 * node by the id.
 */
export const SIMPLIFY_PATH = 1;
export const CONFIRM_PATH = 2;
const MIN_SIMPLIFY = 38;

export interface SimplifyPath {
  md5: string;
  id: number;
  path: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Parses a SIMPLIFY_PATH; null if malformed (the engine needs at least 38 bytes). */
export function parseSimplifyPath(packet: Uint8Array): SimplifyPath | null {
  if (packet.byteLength < MIN_SIMPLIFY || (packet[0]! & 7) !== SIMPLIFY_PATH) return null;
  const md5 = utf8.decode(packet.subarray(1, 33));
  const id = new DataView(packet.buffer, packet.byteOffset + 34, 4).getUint32(0, true);
  let stop = packet.indexOf(0, 38);
  if (stop < 0) stop = packet.byteLength;
  return { md5, id, path: utf8.decode(packet.subarray(38, stop)) };
}

/** `02 <valid> <id u32 LE>`. */
export function encodeConfirmPath(id: number, valid: boolean): Uint8Array {
  const out = new Uint8Array(6);
  out[0] = CONFIRM_PATH;
  out[1] = valid ? 1 : 0;
  new DataView(out.buffer).setUint32(2, id >>> 0, true);
  return out;
}
