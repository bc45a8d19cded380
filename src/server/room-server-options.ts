import { logger } from '../core/logger.js';
import type { AuthAnswer } from '../websocket/scene-relay/auth-sessions.js';
import { type PeerLimitOptions, type PeerLimits, resolvePeerLimits } from './peer-limits.js';
import type { RpcManifest } from './rpc/rpc-manifest.js';
import type { RpcRules } from './rpc/rpc-rules.js';

/** What every room of a server is: which clients it is for. */
export const ROOM_KINDS = ['godot4', 'godot3', 'broadcast', 'echo'] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];

/** Godot's own cap on peers per server (SceneMultiplayer's 4095). */
export const GODOT_MAX_PEERS = 4095;

/** Options of a `RoomServer`; every one has a default. */
export interface RoomServerOptions {
  /** `godot4` (default), `godot3`, `broadcast` or `echo`. */
  kind?: RoomKind;
  /**
   * `auto` (default): a join to an unknown room creates it. `fixed`: only the rooms in
   * `fixedRooms` exist (joins to others get 404), and they never close.
   */
  rooms?: 'auto' | 'fixed';
  /** The rooms of `fixed` mode (also created at start in `auto` mode, and kept open). */
  fixedRooms?: { name: string; capacity?: number }[];
  /** Seats per room unless a room says otherwise (default 4095, Godot's own cap). */
  maxPeersPerRoom?: number;
  /** Rooms at most (default 10000); a join that would create one more gets 503. */
  maxRooms?: number;
  /** Connections at most, in all rooms (default 10000); more get 503. */
  maxPeers?: number;
  /** Seconds an empty room stays open so a rejoin finds it (default 5). */
  lingerSeconds?: number;
  /** Seconds a room made over HTTP (`POST /rooms`, quick-match) waits for its first member (default 60). */
  createdRoomSeconds?: number;
  /** Seconds a quick-match answer holds its seat (default 15). */
  reservationSeconds?: number;
  /** Subprotocols accepted; `'*'` takes whatever the client offers first (default: none). */
  protocols?: string[];
  /** Largest message in bytes (default 0: the kind's Godot default, 64 KiB). */
  maxMessage?: number;
  /** Seconds between pings, a silent client is dropped (default 0: off). */
  heartbeat?: number;
  /** Seconds a client may take for its WebSocket handshake (default 3, as Godot). */
  handshakeTimeout?: number;
  /** Broadcast rooms: send JSON welcome/joined/left notices (default false). */
  notices?: boolean;
  /** Required as `?token=` or `Authorization: Bearer` for the dashboard and /metrics ("" = open). */
  adminToken?: string;
  /** Largest `POST /rooms` body in bytes (default 16 KiB). */
  maxBodyBytes?: number;
  /**
   * godot4 rooms: SceneMultiplayer authentication, as `SceneRelayServer`'s `auth` option, told
   * the room too (null, the default: admit at once). The game sets `auth_callback` and calls
   * `send_auth(1, token)` / `complete_auth(1)`.
   */
  auth?: ((room: string, id: number, data: Uint8Array) => AuthAnswer) | null;
  /** Seconds a client may stay authenticating (default 3, as Godot's `auth_timeout`). */
  authTimeout?: number;
  /** How long an `onConnect` hook may take before the join is refused with 503 (default 2000 ms). */
  hookTimeoutMs?: number;
  /**
   * RPCs between the games and Node code (`room.onRpc`, `room.rpc`): the manifest names each
   * node's RPC methods (Godot 4 numbers them; see docs/rpc.md and `buildRpcManifest`);
   * `maxArgBytes` (16 KiB) bounds one call's arguments, `clientToClient` lists the methods
   * clients may call in other clients (default: all, as Godot).
   */
  rpc?: { manifest?: RpcManifest } & RpcRules;
  /**
   * What one member may send: messages/s and bytes/s with bursts (over them its messages are
   * dropped and counted), and how long it may stay over them before it is closed with 1008
   * (defaults: 300 messages/s, bursts of 600; 512 KiB/s, bursts of 1 MiB; kick after 10 s).
   */
  limits?: PeerLimitOptions;
  /**
   * Godot rooms: who sees whom (ADD_PEER / SYS_ADD, and packets between them). `all`
   * (default, as a Godot server), `none` (each client sees only the server: server-authoritative games), or
   * `groups` (only members the script put in the same group, `room.setGroup(id, name)`).
   */
  visibility?: RoomVisibility;
}

export type RoomVisibility = 'all' | 'none' | 'groups';

/** The options with every default filled in. */
export type RoomServerSettings = Required<Omit<RoomServerOptions, 'limits'>> & {
  limits: PeerLimits;
};

export function roomServerSettings(options: RoomServerOptions): RoomServerSettings {
  return {
    kind: options.kind ?? 'godot4',
    rooms: options.rooms ?? 'auto',
    fixedRooms: options.fixedRooms ?? [],
    maxPeersPerRoom: options.maxPeersPerRoom ?? GODOT_MAX_PEERS,
    maxRooms: options.maxRooms ?? 10000,
    maxPeers: options.maxPeers ?? 10000,
    lingerSeconds: options.lingerSeconds ?? 5,
    createdRoomSeconds: options.createdRoomSeconds ?? 60,
    reservationSeconds: options.reservationSeconds ?? 15,
    protocols: options.protocols ?? [],
    maxMessage: options.maxMessage ?? 0,
    heartbeat: options.heartbeat ?? 0,
    handshakeTimeout: options.handshakeTimeout ?? 3,
    notices: options.notices ?? false,
    adminToken: options.adminToken ?? '',
    maxBodyBytes: options.maxBodyBytes ?? 16 * 1024,
    auth: options.auth ?? null,
    authTimeout: options.authTimeout ?? 3,
    hookTimeoutMs: options.hookTimeoutMs ?? 2000,
    rpc: options.rpc ?? {},
    limits: resolvePeerLimits(options.limits, options.maxMessage ?? 0),
    visibility: visibilityFor(options.kind ?? 'godot4', options.visibility ?? 'all'),
  };
}

function visibilityFor(kind: RoomKind, visibility: RoomVisibility): RoomVisibility {
  if (visibility === 'all' || kind === 'godot4' || kind === 'godot3') return visibility;
  logger.warning(
    `RoomServer: visibility "${visibility}" needs Godot rooms; ${kind} rooms see all.`,
  );
  return 'all';
}
