import type { WebSocketPeer } from '../../websocket/websocket-peer.js';
import type { RateLimiter } from '../rate-limiter.js';
import type { Lobby } from './lobby.js';
import type { SignalingCodec } from './signaling-codec.js';

/** One signaling connection as the server tracks it. */
export interface SignalingPeer {
  readonly ws: WebSocketPeer;
  /** Server-wide id; 0 until the WebSocket is open. */
  id: number;
  /** "host:port" of the client ('' until open). */
  address: string;
  /** Handed to `acceptPeer` with the socket. */
  readonly info: unknown;
  /** Chosen by the first text frame (or fixed by the `protocol` option). */
  codec: SignalingCodec | null;
  lobby: Lobby<SignalingPeer> | null;
  /** Close if still in no lobby at this time (ms). */
  joinDeadline: number;
  /** Set when the server closed it: drop it if it has not answered by then (ms). */
  closeDeadline: number;
  limiter: RateLimiter | null;
}
