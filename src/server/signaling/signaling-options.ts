import type { HandshakeRequestHook } from '../../websocket/node/server-opening.js';
import type { SignalingProtocol } from './signaling-codec.js';

/** What a join hook is asked about: a peer that sent JOIN. */
export interface JoinRequest {
  /** The peer's server-wide id (its id in the lobby too, unless it becomes the host: then 1). */
  readonly id: number;
  /** The lobby asked for; '' asks for a new one. */
  readonly lobby: string;
  /** Whether the peer asked for a mesh (Godot 3 peers always do). */
  readonly mesh: boolean;
  readonly protocol: SignalingProtocol;
  /** "host:port" of the client. */
  readonly address: string;
  /** What was handed to `acceptPeer` with the socket (undefined for peers we accepted ourselves). */
  readonly info: unknown;
}

/**
 * A join hook's answer: `undefined` / `true` lets the join go on as asked; `false` or
 * `{ refuse }` closes the peer (code 1000 or 3000–4999, default 4000); `{ lobby }` sends it to that lobby instead,
 * which is created (with this peer as its host, `mesh` as given or asked) if none has that name.
 */
export type JoinVerdict =
  | undefined
  | boolean
  | { refuse: string; code?: number }
  | { lobby: string; mesh?: boolean };

export type JoinHook = (request: JoinRequest) => JoinVerdict;

/** Options of a `SignalingServer`; every field has the default shown. */
export interface SignalingOptions {
  /** 'auto' (default): each peer's first text frame says which version it speaks. */
  protocol?: SignalingProtocol | 'auto';
  /** Open lobbies at most (default 1024, as the demo). */
  maxLobbies?: number;
  /** Connected peers at most (default 4096, as the demo). */
  maxPeers?: number;
  /** Peers in one lobby at most (default 64; the demo has no limit). */
  maxPeersPerLobby?: number;
  /** Largest message in bytes (default 65535, Godot's buffer size); bigger closes with 1009. */
  maxMessage?: number;
  /** Bytes that may wait to be sent to one peer (default 1 MiB); past it messages to it are dropped and counted. */
  maxBufferedBytes?: number;
  /** Messages per second one peer may send, sustained (default 100; 0 = no limit). */
  messagesPerSecond?: number;
  /** Messages one peer may send in a burst (default 300). */
  messageBurst?: number;
  /** Over the rate: 'drop' the message and count it (default), or 'kick' (close 4000 "Too many messages"). */
  rateAction?: 'drop' | 'kick';
  /**
   * Ms a peer has after connecting to JOIN, then close 4000 (default 5000; the demo's 1000 closed
   * real Godot Web games that were still starting up on a busy machine).
   */
  joinTimeoutMs?: number;
  /** Ms after a seal until the lobby's peers are closed with 1000 "Seal complete" (default 10000). */
  sealCloseMs?: number;
  /** Ms a peer we closed has to answer the close frame before it is dropped (default 2000). */
  closeGraceMs?: number;
  /** Seconds between pings; a peer that does not answer is dropped (default 10, as the demo pings; 0 = off). */
  heartbeat?: number;
  /** Seconds a client has for the WebSocket handshake (default 3) — peers we accept ourselves. */
  handshakeTimeout?: number;
  /** Subprotocols accepted (default none required) — peers we accept ourselves. */
  protocols?: string[];
  /** Sees each upgrade request (e.g. to check its path) — peers we accept ourselves. */
  requestHook?: HandshakeRequestHook;
  /** Asked before every join (synchronously, inside `poll()`); can refuse it or send it to another lobby. */
  onJoin?: JoinHook;
}

export type ResolvedSignalingOptions = Required<Omit<SignalingOptions, 'requestHook' | 'onJoin'>> &
  Pick<SignalingOptions, 'requestHook' | 'onJoin'>;

export const SIGNALING_DEFAULTS: ResolvedSignalingOptions = {
  protocol: 'auto',
  maxLobbies: 1024,
  maxPeers: 4096,
  maxPeersPerLobby: 64,
  maxMessage: 65535,
  maxBufferedBytes: 1024 * 1024,
  messagesPerSecond: 100,
  messageBurst: 300,
  rateAction: 'drop',
  joinTimeoutMs: 5000,
  sealCloseMs: 10_000,
  closeGraceMs: 2000,
  heartbeat: 10,
  handshakeTimeout: 3,
  protocols: [],
};

/** The options with defaults filled in (unknown or negative numbers fall back to the default). */
export function resolveSignalingOptions(options: SignalingOptions): ResolvedSignalingOptions {
  const out: ResolvedSignalingOptions = { ...SIGNALING_DEFAULTS };
  for (const [key, value] of Object.entries(options) as [keyof SignalingOptions, unknown][]) {
    if (value === undefined) continue;
    const fallback = SIGNALING_DEFAULTS[key as keyof ResolvedSignalingOptions];
    if (typeof fallback === 'number' && !(typeof value === 'number' && value >= 0)) continue;
    (out as unknown as Record<string, unknown>)[key] = value;
  }
  return out;
}
