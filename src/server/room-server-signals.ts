import { Signal } from '../core/signal.js';
import type { Variant } from '../core/variant/variant.js';

/** The signals of a `RoomServer` (emitted from its `poll()`), as Godot declares them. */
export class RoomServerSignals {
  readonly roomCreated = new Signal<[room: string]>('room_created');
  readonly roomClosed = new Signal<[room: string]>('room_closed');
  /** A client became a member of `room` under `id`; `address` is "host:port". */
  readonly peerJoined = new Signal<[room: string, id: number, address: string]>('peer_joined');
  /** A member left: the close code it sent or was sent (−1: no close frame). */
  readonly peerLeft = new Signal<[room: string, id: number, code: number, reason: string]>(
    'peer_left',
  );
  /** Bytes a member sent to the server (`multiplayer.send_bytes(bytes, 1)`). */
  readonly peerPacket = new Signal<[room: string, from: number, bytes: Uint8Array]>('peer_packet');
  /** A member called an RPC method of the server (see `Room.onRpc`), handled or not. */
  readonly rpcReceived = new Signal<
    [room: string, from: number, nodePath: string, method: string, args: Variant[]]
  >('rpc_received');
  /** A join was refused in the handshake. */
  readonly peerRefused = new Signal<[address: string, status: number, reason: string]>(
    'peer_refused',
  );
}
