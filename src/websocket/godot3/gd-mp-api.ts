/**
 * Godot 3's `gd_mp_api` framing (docs/godot4-multiplayer.md §0, docs/godot3-multiplayer.md §4.5;
 * docs/godot3-wire.md §4): every WebSocket message is one binary frame holding a 9-byte header — u8
 * type, i32 LE from, i32 LE to — then the payload. System messages (server → client only) carry
 * `from = 1`, `to = 0` and a 4-byte peer id.
 */
export const GdMpType = {
  SYS_NONE: 0,
  SYS_ADD: 1,
  SYS_DEL: 2,
  SYS_ID: 3,
} as const;
export type GdMpType = (typeof GdMpType)[keyof typeof GdMpType];

export const GD_MP_HEADER_SIZE = 9;

export interface GdMpPacket {
  type: number;
  from: number;
  to: number;
  /** View into the packet after the header (no copy). */
  payload: Uint8Array;
}

/** Builds header + payload in one array. */
export function encodeGdMpPacket(
  type: number,
  from: number,
  to: number,
  payload: Uint8Array,
): Uint8Array {
  const out = new Uint8Array(GD_MP_HEADER_SIZE + payload.byteLength);
  const view = new DataView(out.buffer);
  view.setUint8(0, type);
  view.setInt32(1, from, true);
  view.setInt32(5, to, true);
  out.set(payload, GD_MP_HEADER_SIZE);
  return out;
}

/** A 13-byte system message from the server about peer `id`. */
export function encodeGdMpSys(type: GdMpType, id: number): Uint8Array {
  const body = new Uint8Array(4);
  new DataView(body.buffer).setInt32(0, id, true);
  return encodeGdMpPacket(type, 1, 0, body);
}

/** Splits a received packet; `null` when it is shorter than the header (Godot drops those). */
export function decodeGdMpPacket(data: Uint8Array): GdMpPacket | null {
  if (data.byteLength < GD_MP_HEADER_SIZE) return null;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return {
    type: view.getUint8(0),
    from: view.getInt32(1, true),
    to: view.getInt32(5, true),
    payload: data.subarray(GD_MP_HEADER_SIZE),
  };
}

/** The peer id carried by a system message's payload, or `null` if it is not 4 bytes long. */
export function sysPeerId(payload: Uint8Array): number | null {
  if (payload.byteLength < 4) return null;
  return new DataView(payload.buffer, payload.byteOffset, 4).getInt32(0, true);
}
