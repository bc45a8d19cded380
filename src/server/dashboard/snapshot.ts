import type { RateLimitCounts } from '../peer-limits.js';
import type { RoomServer } from '../room-server.js';
import type { Sample } from '../server-stats.js';
import type { LobbyInfo } from '../signaling/lobby.js';

/** Rooms the dashboard lists (the fullest first) and member ids shown per room. */
const ROOMS_SHOWN = 50;
const IDS_SHOWN = 16;

export interface DashboardRoom {
  name: string;
  members: number;
  capacity: number;
  tag: string;
  private: boolean;
  age: number;
  /** The first member ids (at most 16). */
  peers: number[];
  /** Messages its members' rate limits dropped. */
  rateLimited: number;
}

/** What the dashboard shows. Addresses are left out: the page may be public. */
export interface DashboardSnapshot {
  kind: string;
  uptime: number;
  peers: number;
  roomCount: number;
  rooms: DashboardRoom[];
  totals: { messagesIn: number; messagesOut: number; bytesIn: number; bytesOut: number };
  joined: number;
  left: number;
  failed: number;
  closeCodes: Record<string, number>;
  refused: Record<string, number>;
  /** What the members' rate limits dropped (messages, bytes) and kicked, since start. */
  rateLimited: RateLimitCounts;
  /** RPCs by outcome since start, as `godot_ws_rpc_total` (handled, sent, dropped:<kind>…). */
  rpc: Record<string, number>;
  /** Script hooks and room timers that threw or timed out, by hook and room. */
  hookErrors: Record<string, number>;
  /** The latest one-second sample. */
  sample: Sample | null;
  /** WebRTC signaling lobbies (the first 50), when signaling is attached. */
  lobbies?: LobbyInfo[];
  signalingPeers?: number;
  /** In a cluster: this node, the live nodes, and rooms and members of the whole cluster. */
  cluster?: { node: string; nodes: string[]; rooms: number; members: number };
  /** Every sample of the last ten minutes (only in the first snapshot a page gets). */
  history?: Sample[];
}

export function dashboardSnapshot(server: RoomServer, withHistory: boolean): DashboardSnapshot {
  const now = performance.now();
  const rooms = server.getRooms();
  const counted = rooms.map((room) => ({ room, members: room.session.members() }));
  counted.sort((a, b) => b.members.length - a.members.length);
  const { stats } = server;
  const traffic = server.traffic();
  const snapshot: DashboardSnapshot = {
    kind: server.settings.kind,
    uptime: Math.floor((Date.now() - stats.startedAt) / 1000),
    peers: server.peerCount(),
    roomCount: rooms.length,
    rooms: counted.slice(0, ROOMS_SHOWN).map(({ room, members }) => ({
      name: room.name,
      members: members.length,
      capacity: room.capacity,
      tag: room.tag,
      private: room.private,
      age: Math.floor((now - room.createdAt) / 1000),
      peers: members.slice(0, IDS_SHOWN),
      rateLimited: room.rateLimits.counts.messages,
    })),
    totals: {
      messagesIn: traffic.messagesIn,
      messagesOut: traffic.messagesOut,
      bytesIn: traffic.bytesIn,
      bytesOut: traffic.bytesOut,
    },
    joined: stats.joined,
    left: stats.left,
    failed: stats.failed,
    closeCodes: Object.fromEntries(stats.closeCodes),
    refused: Object.fromEntries(stats.refused),
    rateLimited: server.totals.rateLimits(rooms),
    rpc: Object.fromEntries(server.rpcCounts()),
    hookErrors: Object.fromEntries([...server.hookErrors.counts].slice(0, ROOMS_SHOWN)),
    sample: stats.samples.at(-1) ?? null,
  };
  const signaling = server.getSignaling();
  if (signaling) {
    snapshot.lobbies = signaling.getLobbies().slice(0, ROOMS_SHOWN);
    snapshot.signalingPeers = signaling.getPeers().length;
  }
  const cluster = server.getJoinRouter()?.summary();
  if (cluster) snapshot.cluster = cluster;
  if (withHistory) snapshot.history = stats.samples;
  return snapshot;
}
