/**
 * SceneMultiplayer's system packets (Godot 4, docs/godot4-multiplayer.md §3.6). Byte 0 is the
 * command (low 3 bits; 7 = SYS), byte 1 the sub-command, then an int32 LE peer id; RELAY adds the
 * inner packet.
 */
export const NETWORK_COMMAND_MASK = 0x07;

export const NetworkCommand = {
  REMOTE_CALL: 0,
  SIMPLIFY_PATH: 1,
  CONFIRM_PATH: 2,
  RAW: 3,
  SPAWN: 4,
  DESPAWN: 5,
  SYNC: 6,
  SYS: 7,
} as const;

export const SysCommand = {
  AUTH: 0,
  ADD_PEER: 1,
  DEL_PEER: 2,
  RELAY: 3,
} as const;
export type SysCommand = (typeof SysCommand)[keyof typeof SysCommand];

export const SYS_HEADER_SIZE = 6;

/** `07 <cmd> <peer i32 LE>`: ADD_PEER / DEL_PEER. */
export function encodeSysPeer(command: SysCommand, peer: number): Uint8Array {
  const out = new Uint8Array(SYS_HEADER_SIZE);
  out[0] = NetworkCommand.SYS;
  out[1] = command;
  new DataView(out.buffer).setInt32(2, peer, true);
  return out;
}

/** `07 03 <peer i32 LE> <inner…>`: a relayed packet (peer = destination or original source). */
export function encodeRelay(peer: number, inner: Uint8Array): Uint8Array {
  const out = new Uint8Array(SYS_HEADER_SIZE + inner.byteLength);
  out[0] = NetworkCommand.SYS;
  out[1] = SysCommand.RELAY;
  new DataView(out.buffer).setInt32(2, peer, true);
  out.set(inner, SYS_HEADER_SIZE);
  return out;
}

/** `07 00 <data…>`: an authentication message; empty `data` is the 2-byte "auth complete". */
export function encodeAuth(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(2 + data.byteLength);
  out[0] = NetworkCommand.SYS;
  out[1] = SysCommand.AUTH;
  out.set(data, 2);
  return out;
}

/** The command of a SceneMultiplayer packet (low 3 bits of byte 0), or -1 if empty. */
export function packetCommand(packet: Uint8Array): number {
  return packet.byteLength === 0 ? -1 : packet[0]! & NETWORK_COMMAND_MASK;
}

export type SysPacket =
  | { command: 0; data: Uint8Array }
  | { command: 1 | 2; peer: number }
  | { command: 3; peer: number; inner: Uint8Array };

/** Parses a SYS packet; `null` when it is not one or is malformed (too short, unknown). */
export function parseSys(packet: Uint8Array): SysPacket | null {
  if (packet.byteLength < 2 || packetCommand(packet) !== NetworkCommand.SYS) return null;
  const command = packet[1]!;
  if (command === SysCommand.AUTH) return { command, data: packet.subarray(2) };
  if (packet.byteLength < SYS_HEADER_SIZE) return null;
  const peer = new DataView(packet.buffer, packet.byteOffset + 2, 4).getInt32(0, true);
  if (command === SysCommand.ADD_PEER || command === SysCommand.DEL_PEER) {
    return { command, peer };
  }
  if (command === SysCommand.RELAY) {
    if (packet.byteLength < SYS_HEADER_SIZE + 1) return null;
    return { command, peer, inner: packet.subarray(SYS_HEADER_SIZE) };
  }
  return null;
}
