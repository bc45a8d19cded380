/** Running totals of a `SignalingServer` (plain numbers, for /metrics). */
export interface SignalingCounters {
  /** WebSocket connections that opened. */
  connections: number;
  /** Connected peers now (gauge). */
  peers: number;
  /** Open lobbies now (gauge). */
  lobbies: number;
  /** Sealed lobbies now (gauge). */
  sealedLobbies: number;
  lobbiesCreated: number;
  lobbiesSealed: number;
  lobbiesClosed: number;
  joins: number;
  /** Joins refused: no such lobby, sealed, full, too many lobbies, already in one, or the hook. */
  joinsRefused: number;
  /** Peers closed because they sent no JOIN in time. */
  joinTimeouts: number;
  /** Connections refused because `maxPeers` were connected. */
  peersRefused: number;
  messagesIn: number;
  bytesIn: number;
  messagesRelayed: number;
  messagesOut: number;
  bytesOut: number;
  /** Messages that closed their sender: bad format, bad destination, binary, unknown command. */
  malformed: number;
  /** Messages over the rate limit (dropped, or the sender kicked). */
  rateLimited: number;
  /** Messages over `maxMessage` (the sender is closed with 1009). */
  oversize: number;
  /** Messages not sent because the receiver had `maxBufferedBytes` waiting. */
  sendDropped: number;
  /** Peers dropped because they did not answer our close frame in time. */
  closeTimeouts: number;
  /** Bugs caught in poll() (each dropped the peer it happened with; see the log). */
  internalErrors: number;
}

export function newSignalingCounters(): SignalingCounters {
  return {
    connections: 0,
    peers: 0,
    lobbies: 0,
    sealedLobbies: 0,
    lobbiesCreated: 0,
    lobbiesSealed: 0,
    lobbiesClosed: 0,
    joins: 0,
    joinsRefused: 0,
    joinTimeouts: 0,
    peersRefused: 0,
    messagesIn: 0,
    bytesIn: 0,
    messagesRelayed: 0,
    messagesOut: 0,
    bytesOut: 0,
    malformed: 0,
    rateLimited: 0,
    oversize: 0,
    sendDropped: 0,
    closeTimeouts: 0,
    internalErrors: 0,
  };
}
