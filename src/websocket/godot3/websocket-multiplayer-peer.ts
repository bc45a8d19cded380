import { Error } from '../../core/error.js';
import { logger } from '../../core/logger.js';
import { PacketQueue } from '../../core/packet-queue.js';
import { Signal } from '../../core/signal.js';
import {
  type BufferSizes,
  DEFAULT_BUFFER_SIZES,
  MAX_BUFFER_ARGUMENT,
  roundBufferKb,
  roundPacketCount,
} from './buffer-sizes.js';
import { GD_MP_HEADER_SIZE } from './gd-mp-api.js';
import {
  ConnectionStatus,
  NetworkedMultiplayerPeer,
  TransferMode,
} from './networked-multiplayer-peer.js';
import { type Godot3Socket, WebSocketPeer } from './websocket-peer.js';

/** A Godot 4 `WebSocketPeer` (Node or browser) as the Godot 3 classes configure it. */
export interface ConfigurableSocket extends Godot3Socket {
  setInboundBufferSize(size: number): void;
  setMaxQueuedPackets(count: number): void;
  setOutboundBufferSize(size: number): void;
}

/**
 * Godot 3's `WebSocketMultiplayerPeer` (docs/godot3-multiplayer.md §4.1), the base of
 * `WebSocketClient` and `WebSocketServer`: buffer sizes, `getPeer(id)`, and — in multiplayer mode
 * (`gd_mp_api`) — the queue of received packets with their sender, announced by `peerPacket`.
 * Outside multiplayer mode the packet methods on this object fail: use `getPeer(id)`.
 */
export abstract class WebSocketMultiplayerPeer extends NetworkedMultiplayerPeer {
  /** `peer_packet(peer_source)`: a multiplayer packet from `peerSource` was queued. */
  readonly peerPacket = new Signal<[peerSource: number]>('peer_packet');

  #sizes: BufferSizes = { ...DEFAULT_BUFFER_SIZES };
  #multiplayer = false;
  #incoming = new PacketQueue(DEFAULT_BUFFER_SIZES.inPackets, DEFAULT_BUFFER_SIZES.inBytes);

  /** The peer with this id (clients have one peer and ignore the id), or null. */
  abstract getPeer(id: number): WebSocketPeer | null;

  /** Sends one multiplayer packet (header included by the subclass) to `getTargetPeer()`. */
  protected abstract sendMultiplayer(payload: Uint8Array): Error;

  /**
   * Sizes of each connection's buffers, rounded up to powers of two: input (largest message and
   * room for unread ones) in KiB, input packets, output in KiB, output packets. FAILED once
   * connecting or listening.
   */
  setBuffers(
    inputKb: number,
    inputPackets: number,
    outputKb: number,
    outputPackets: number,
  ): Error {
    if (this.getConnectionStatus() !== ConnectionStatus.CONNECTION_DISCONNECTED) {
      logger.error('setBuffers: only possible while disconnected (not listening).');
      return Error.FAILED;
    }
    for (const v of [inputKb, inputPackets, outputKb, outputPackets]) {
      if (!Number.isInteger(v) || v < 1 || v > MAX_BUFFER_ARGUMENT) {
        logger.error(`setBuffers: sizes must be integers from 1 to ${MAX_BUFFER_ARGUMENT}.`);
        return Error.ERR_INVALID_PARAMETER;
      }
    }
    this.#sizes = {
      inBytes: roundBufferKb(inputKb),
      inPackets: roundPacketCount(inputPackets),
      outBytes: roundBufferKb(outputKb),
      outPackets: roundPacketCount(outputPackets),
    };
    return Error.OK;
  }

  /** Node extra: the rounded sizes `setBuffers` chose, in bytes and packets. */
  getBufferSizes(): BufferSizes {
    return { ...this.#sizes };
  }

  /** Largest multiplayer payload: the output buffer minus the 9-byte header. */
  getMaxPacketSize(): number {
    return this.#sizes.outBytes - GD_MP_HEADER_SIZE;
  }

  /** Ignored: WebSocket is always reliable. */
  override setTransferMode(_mode: TransferMode): void {}
  override getTransferMode(): TransferMode {
    return TransferMode.TRANSFER_MODE_RELIABLE;
  }

  /** Whether `gd_mp_api` was asked for by the last `connectToUrl` / `listen`. */
  isMultiplayer(): boolean {
    return this.#multiplayer;
  }

  getAvailablePacketCount(): number {
    if (!this.#multiplayer) return notMultiplayer(0);
    return this.#incoming.count;
  }

  getPacketPeer(): number {
    if (!this.#multiplayer) return notMultiplayer(1);
    const next = this.#incoming.peek();
    if (!next) {
      logger.error('getPacketPeer: no packet is waiting.');
      return 1;
    }
    return next.peer;
  }

  protected override getPacketRaw(): Uint8Array | Error {
    if (!this.#multiplayer) return notMultiplayer(Error.ERR_UNCONFIGURED);
    const packet = this.#incoming.shift();
    return packet ? packet.data : Error.ERR_UNAVAILABLE;
  }

  protected override putPacketRaw(data: Uint8Array): Error {
    if (!this.#multiplayer) return notMultiplayer(Error.ERR_UNCONFIGURED);
    return this.sendMultiplayer(data);
  }

  /**
   * Configures a fresh Godot 4 peer with these buffers (Godot 3 limits mapped onto it) and
   * wraps it in a Godot 3 peer (`wireReason`: see the `WebSocketPeer` constructor).
   */
  protected makeSocket<S extends ConfigurableSocket>(
    socket: S,
    wireReason?: (reason: string) => string,
  ): { socket: S; peer: WebSocketPeer<S> } {
    // Godot 3's rings hold 2^n − 1 bytes / packets; the largest message gets the same bound.
    socket.setInboundBufferSize(this.#sizes.inBytes - 1);
    socket.setMaxQueuedPackets(Math.max(this.#sizes.inPackets, this.#sizes.outPackets) - 1);
    socket.setOutboundBufferSize(0); // the Godot 3 peer applies 3.2's own outbound rule
    const peer = new WebSocketPeer(socket, wireReason);
    peer.setOutboundLimit(this.#sizes.outBytes);
    return { socket, peer };
  }

  /** Starts a session: multiplayer mode on or off, no packets queued. */
  protected beginSession(multiplayer: boolean): void {
    this.#multiplayer = multiplayer;
    this.#incoming = new PacketQueue(this.#sizes.inPackets - 1, this.#sizes.inBytes - 1);
  }

  /** Whether a packet of `size` bytes fits the multiplayer queue now. */
  protected incomingFits(size: number): boolean {
    return this.#incoming.fits(size);
  }

  /** Queues a multiplayer packet from `source` and emits `peerPacket`; false if it is full. */
  protected queueIncoming(source: number, payload: Uint8Array): boolean {
    if (!this.#incoming.push(payload, false, source)) return false;
    this.peerPacket.emit(source);
    return true;
  }

  protected clearIncoming(): void {
    this.#incoming.clear();
  }
}

function notMultiplayer<T>(value: T): T {
  logger.error('Not in multiplayer mode (gd_mp_api): use getPeer(id) to exchange packets.');
  return value;
}
