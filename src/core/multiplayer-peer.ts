import { PacketPeer } from './packet-peer.js';
import { Signal } from './signal.js';

/** Godot 4 `MultiplayerPeer.ConnectionStatus`. */
export const ConnectionStatus = {
  CONNECTION_DISCONNECTED: 0,
  CONNECTION_CONNECTING: 1,
  CONNECTION_CONNECTED: 2,
} as const;
export type ConnectionStatus = (typeof ConnectionStatus)[keyof typeof ConnectionStatus];

/** Godot 4 `MultiplayerPeer.TransferMode`. */
export const TransferMode = {
  TRANSFER_MODE_UNRELIABLE: 0,
  TRANSFER_MODE_UNRELIABLE_ORDERED: 1,
  TRANSFER_MODE_RELIABLE: 2,
} as const;
export type TransferMode = (typeof TransferMode)[keyof typeof TransferMode];

/**
 * A random peer id as Godot makes them: 31 bits, never 0 (broadcast) or 1 (the server).
 * Uses the platform CSPRNG (`crypto.getRandomValues`).
 */
export function randomPeerId(): number {
  const word = new Uint32Array(1);
  for (;;) {
    globalThis.crypto.getRandomValues(word);
    const id = word[0]! & 0x7fffffff;
    if (id > 1) return id;
  }
}

/**
 * Godot 4's `MultiplayerPeer`: a `PacketPeer` that talks to many peers by id, with a target
 * peer for sends, a transfer mode and channel, and `peerConnected` / `peerDisconnected`
 * signals emitted from `poll()`.
 */
export abstract class MultiplayerPeer extends PacketPeer {
  static readonly TARGET_PEER_BROADCAST = 0;
  static readonly TARGET_PEER_SERVER = 1;
  static readonly CONNECTION_DISCONNECTED = ConnectionStatus.CONNECTION_DISCONNECTED;
  static readonly CONNECTION_CONNECTING = ConnectionStatus.CONNECTION_CONNECTING;
  static readonly CONNECTION_CONNECTED = ConnectionStatus.CONNECTION_CONNECTED;
  static readonly TRANSFER_MODE_UNRELIABLE = TransferMode.TRANSFER_MODE_UNRELIABLE;
  static readonly TRANSFER_MODE_UNRELIABLE_ORDERED = TransferMode.TRANSFER_MODE_UNRELIABLE_ORDERED;
  static readonly TRANSFER_MODE_RELIABLE = TransferMode.TRANSFER_MODE_RELIABLE;

  /** Emitted (from `poll()`) when a remote peer connects. */
  readonly peerConnected = new Signal<[id: number]>('peer_connected');
  /** Emitted (from `poll()`) when a remote peer disconnects. */
  readonly peerDisconnected = new Signal<[id: number]>('peer_disconnected');

  #refuseNewConnections = false;
  #transferChannel = 0;
  #transferMode: TransferMode = TransferMode.TRANSFER_MODE_RELIABLE;
  #targetPeer = 0;

  abstract poll(): void;
  abstract close(): void;
  abstract disconnectPeer(peer: number, force?: boolean): void;
  abstract getUniqueId(): number;
  abstract getConnectionStatus(): ConnectionStatus;
  abstract getPacketPeer(): number;

  /** Channel of the next packet (0 unless the transport has channels). */
  getPacketChannel(): number {
    return 0;
  }

  /** Transfer mode of the next packet. */
  getPacketMode(): TransferMode {
    return TransferMode.TRANSFER_MODE_RELIABLE;
  }

  isServerRelaySupported(): boolean {
    return false;
  }

  /** A fresh random id (31 bits, never 0 or 1). */
  generateUniqueId(): number {
    return randomPeerId();
  }

  /** Target of the next `putPacket`: 0 all, 1 the server, N one peer, −N all but N. */
  setTargetPeer(id: number): void {
    this.#targetPeer = id | 0;
  }

  /** Not in Godot's API (the target is write-only there); useful for subclasses and tests. */
  getTargetPeer(): number {
    return this.#targetPeer;
  }

  get refuseNewConnections(): boolean {
    return this.#refuseNewConnections;
  }
  set refuseNewConnections(enable: boolean) {
    this.setRefuseNewConnections(enable);
  }
  setRefuseNewConnections(enable: boolean): void {
    this.#refuseNewConnections = enable;
  }
  isRefusingNewConnections(): boolean {
    return this.#refuseNewConnections;
  }

  get transferChannel(): number {
    return this.#transferChannel;
  }
  set transferChannel(channel: number) {
    this.setTransferChannel(channel);
  }
  setTransferChannel(channel: number): void {
    this.#transferChannel = channel;
  }
  getTransferChannel(): number {
    return this.#transferChannel;
  }

  get transferMode(): TransferMode {
    return this.#transferMode;
  }
  set transferMode(mode: TransferMode) {
    this.setTransferMode(mode);
  }
  setTransferMode(mode: TransferMode): void {
    this.#transferMode = mode;
  }
  getTransferMode(): TransferMode {
    return this.#transferMode;
  }
}
