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

/** How one counter is exported to Prometheus. */
export interface SignalingMetric {
  name: string;
  help: string;
  kind: 'gauge' | 'counter';
  key: keyof SignalingCounters;
}

/**
 * The counters as Prometheus metrics (names, help, kind), for a `/metrics` endpoint to register:
 * `for (const m of SIGNALING_METRICS) … read counters[m.key]`.
 */
export const SIGNALING_METRICS: readonly SignalingMetric[] = [
  {
    key: 'peers',
    kind: 'gauge',
    name: 'godot_ws_signaling_peers',
    help: 'Signaling connections open now.',
  },
  {
    key: 'lobbies',
    kind: 'gauge',
    name: 'godot_ws_signaling_lobbies',
    help: 'Signaling lobbies open now.',
  },
  {
    key: 'sealedLobbies',
    kind: 'gauge',
    name: 'godot_ws_signaling_sealed_lobbies',
    help: 'Open lobbies that are sealed.',
  },
  {
    key: 'connections',
    kind: 'counter',
    name: 'godot_ws_signaling_connections_total',
    help: 'Signaling WebSocket connections opened.',
  },
  {
    key: 'lobbiesCreated',
    kind: 'counter',
    name: 'godot_ws_signaling_lobbies_created_total',
    help: 'Lobbies created.',
  },
  {
    key: 'lobbiesSealed',
    kind: 'counter',
    name: 'godot_ws_signaling_lobbies_sealed_total',
    help: 'Lobbies sealed by their host.',
  },
  {
    key: 'lobbiesClosed',
    kind: 'counter',
    name: 'godot_ws_signaling_lobbies_closed_total',
    help: 'Lobbies ended (their host left).',
  },
  {
    key: 'joins',
    kind: 'counter',
    name: 'godot_ws_signaling_joins_total',
    help: 'Peers that joined a lobby.',
  },
  {
    key: 'joinsRefused',
    kind: 'counter',
    name: 'godot_ws_signaling_joins_refused_total',
    help: 'Joins refused (no such lobby, sealed, full, limits, the join hook).',
  },
  {
    key: 'joinTimeouts',
    kind: 'counter',
    name: 'godot_ws_signaling_join_timeouts_total',
    help: 'Connections closed for not joining in time.',
  },
  {
    key: 'peersRefused',
    kind: 'counter',
    name: 'godot_ws_signaling_peers_refused_total',
    help: 'Connections refused over maxPeers.',
  },
  {
    key: 'messagesIn',
    kind: 'counter',
    name: 'godot_ws_signaling_messages_received_total',
    help: 'Signaling messages from clients.',
  },
  {
    key: 'bytesIn',
    kind: 'counter',
    name: 'godot_ws_signaling_received_bytes_total',
    help: 'Signaling payload bytes from clients.',
  },
  {
    key: 'messagesRelayed',
    kind: 'counter',
    name: 'godot_ws_signaling_relayed_total',
    help: 'Offers, answers and candidates relayed.',
  },
  {
    key: 'messagesOut',
    kind: 'counter',
    name: 'godot_ws_signaling_messages_sent_total',
    help: 'Signaling messages sent to clients.',
  },
  {
    key: 'bytesOut',
    kind: 'counter',
    name: 'godot_ws_signaling_sent_bytes_total',
    help: 'Signaling payload bytes sent to clients.',
  },
  {
    key: 'malformed',
    kind: 'counter',
    name: 'godot_ws_signaling_malformed_total',
    help: 'Messages that closed their sender (format, destination, command, binary).',
  },
  {
    key: 'rateLimited',
    kind: 'counter',
    name: 'godot_ws_signaling_rate_limited_total',
    help: 'Messages over the rate limit.',
  },
  {
    key: 'oversize',
    kind: 'counter',
    name: 'godot_ws_signaling_oversize_total',
    help: 'Messages over maxMessage.',
  },
  {
    key: 'sendDropped',
    kind: 'counter',
    name: 'godot_ws_signaling_send_dropped_total',
    help: 'Messages not sent: the receiver had maxBufferedBytes waiting.',
  },
  {
    key: 'closeTimeouts',
    kind: 'counter',
    name: 'godot_ws_signaling_close_timeouts_total',
    help: 'Peers dropped for not answering a close frame.',
  },
  {
    key: 'internalErrors',
    kind: 'counter',
    name: 'godot_ws_signaling_internal_errors_total',
    help: 'Bugs caught in poll() (each dropped one peer).',
  },
];
