import type { Error } from '../core/error.js';
import type { LastError } from '../core/last-error.js';
import type { State } from './websocket-peer-base.js';

/**
 * What a `WebSocketMultiplayerPeer` needs of the `WebSocketPeer`s it creates. The Node and the
 * browser `WebSocketPeer` both fit, so `WebSocketMultiplayerPeerCore` runs on either.
 */
export interface MultiplayerSocket {
  onActivity: (() => void) | null;
  poll(): void;
  getReadyState(): State;
  getAvailablePacketCount(): number;
  getPacket(): Uint8Array;
  putPacket(data: Uint8Array): Error;
  /** `putPacket` without a log line (the Node peer has it; servers count failures instead). */
  trySend?(data: Uint8Array): Error;
  /** Input waits that no socket event will announce (the Node peer has it; see there). */
  isInputHeld?(): boolean;
  /** Whether a send of `size` bytes would be taken now (the Node peer has it; see there). */
  canSend?(size: number): boolean;
  /** Whether a poll without activity can change anything (the Node peer has it; see there). */
  needsSweep?(): boolean;
  close(code?: number, reason?: string): void;
  getConnectedHost(): string;
  getConnectedPort(): number;
  getLastError(): LastError | null;
  setSupportedProtocols(protocols: string[]): void;
  setHandshakeHeaders(headers: string[]): void;
  setInboundBufferSize(size: number): void;
  setOutboundBufferSize(size: number): void;
  setMaxQueuedPackets(count: number): void;
}

/** The id message a server sends first (docs/godot4-multiplayer.md §0): int32, little-endian. */
export function int32le(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setInt32(0, value, true);
  return out;
}

/** Reads the id message (the caller checked it is 4 bytes). */
export function readInt32le(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getInt32(0, true);
}
