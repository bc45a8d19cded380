import { PacketPeer } from '../../core/packet-peer.js';
import { Signal } from '../../core/signal.js';

/** Godot 3 `NetworkedMultiplayerPeer.ConnectionStatus` (same numbers as Godot 4). */
export const ConnectionStatus = {
  CONNECTION_DISCONNECTED: 0,
  CONNECTION_CONNECTING: 1,
  CONNECTION_CONNECTED: 2,
} as const;
export type ConnectionStatus = (typeof ConnectionStatus)[keyof typeof ConnectionStatus];

/** Godot 3 `NetworkedMultiplayerPeer.TransferMode`. */
export const TransferMode = {
  TRANSFER_MODE_UNRELIABLE: 0,
  TRANSFER_MODE_UNRELIABLE_ORDERED: 1,
  TRANSFER_MODE_RELIABLE: 2,
} as const;
export type TransferMode = (typeof TransferMode)[keyof typeof TransferMode];

/**
 * Godot 3's `NetworkedMultiplayerPeer` (docs/godot3-multiplayer.md §4.6): a `PacketPeer` addressed
 * by peer id, with a target peer, a transfer mode, `refuseNewConnections`, and the five 3.x
 * signals, all emitted from `poll()`. Godot's SceneTree re-emits them as `network_peer_connected`,
 * `network_peer_disconnected`, `connected_to_server`, `connection_failed`, `server_disconnected`.
 * `getVar` / `putVar` use Godot 3's Variant encoding.
 */
export abstract class NetworkedMultiplayerPeer extends PacketPeer {
  static readonly TARGET_PEER_BROADCAST = 0;
  static readonly TARGET_PEER_SERVER = 1;
  static readonly CONNECTION_DISCONNECTED = ConnectionStatus.CONNECTION_DISCONNECTED;
  static readonly CONNECTION_CONNECTING = ConnectionStatus.CONNECTION_CONNECTING;
  static readonly CONNECTION_CONNECTED = ConnectionStatus.CONNECTION_CONNECTED;
  static readonly TRANSFER_MODE_UNRELIABLE = TransferMode.TRANSFER_MODE_UNRELIABLE;
  static readonly TRANSFER_MODE_UNRELIABLE_ORDERED = TransferMode.TRANSFER_MODE_UNRELIABLE_ORDERED;
  static readonly TRANSFER_MODE_RELIABLE = TransferMode.TRANSFER_MODE_RELIABLE;

  /** `peer_connected(id)`: a remote peer joined. */
  readonly peerConnected = new Signal<[id: number]>('peer_connected');
  /** `peer_disconnected(id)`: a remote peer left. */
  readonly peerDisconnected = new Signal<[id: number]>('peer_disconnected');
  /** `server_disconnected()`: the server went away (never emitted by Godot 3's WebSocketClient). */
  readonly serverDisconnected = new Signal<[]>('server_disconnected');
  /** `connection_succeeded()`: a client is connected to the server. */
  readonly connectionSucceeded = new Signal<[]>('connection_succeeded');
  /** `connection_failed()`: a client could not connect (or, over WebSocket, lost the server). */
  readonly connectionFailed = new Signal<[]>('connection_failed');

  #refuseNewConnections = false;
  #transferMode: TransferMode = TransferMode.TRANSFER_MODE_RELIABLE;
  #targetPeer = 0;

  constructor() {
    super();
    this.variantFormat = 'godot3';
  }

  abstract poll(): void;
  abstract getUniqueId(): number;
  abstract getConnectionStatus(): ConnectionStatus;
  /** The sender of the next packet `getPacket` returns. */
  abstract getPacketPeer(): number;

  /** Target of the next `putPacket`: 0 all, 1 the server, N one peer, −N all but N. */
  setTargetPeer(id: number): void {
    this.#targetPeer = id | 0;
  }

  /** Not in Godot's API (the target is write-only there). */
  getTargetPeer(): number {
    return this.#targetPeer;
  }

  /** Whether new clients are turned away (servers). */
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

  /** How packets are sent; transports may ignore it (WebSocket is always reliable). */
  get transferMode(): TransferMode {
    return this.getTransferMode();
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
