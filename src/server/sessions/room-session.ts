import type { Error } from '../../core/error.js';
import type { TrafficMeter } from '../../core/traffic-meter.js';
import type { VisibilityRule } from '../../websocket/peer-visibility.js';
import type { AuthCallback } from '../../websocket/scene-relay/auth-sessions.js';
import type { WebSocketPeer } from '../../websocket/websocket-peer.js';
import type { RpcEndpoint } from '../rpc/rpc-endpoint.js';
import type { RpcTable } from '../rpc/rpc-manifest.js';

/** What a room's session tells the room server (which turns it into signals, logs, metrics). */
export interface SessionEvents {
  /** A client became a member (after its handshake, and authentication if any). */
  joined(id: number): void;
  /**
   * A member left. `code`: the close code it sent or was sent (−1: dropped without a close
   * frame; 0 / 1005: a close frame without a status code).
   */
  left(id: number, code: number, reason: string): void;
  /** Bytes a member sent to the server itself (Godot's `send_bytes(…, 1)`; broadcast: text). */
  packet(from: number, bytes: Uint8Array): void;
  /** A handed-in client never became a member (failed handshake, authentication, timeout). */
  failed(id: number): void;
}

/** Whether any of `peers` has a timer or state that a sweep must poll (`needsSweep`). */
export function anyNeedsSweep(peers: Iterable<WebSocketPeer>): boolean {
  for (const ws of peers) if (ws.needsSweep()) return true;
  return false;
}

/** The settings every session kind takes from the room server. */
export interface SessionSettings {
  /** Subprotocols accepted (`'*'`: whatever the client offers first). */
  protocols: string[];
  /** Largest inbound message in bytes; 0 = the kind's Godot default. */
  maxMessage: number;
  /** Seconds between pings (0 = off). */
  heartbeat: number;
  /** Seconds a client may take for its WebSocket handshake. */
  handshakeTimeout: number;
  /** Broadcast rooms: members get JSON join/leave notices. */
  notices: boolean;
  /** godot4 rooms: the authentication callback (null: admit at once) and its timeout. */
  auth: AuthCallback | null;
  authTimeout: number;
  /** Godot rooms: the RPC manifest, indexed (shared by every room of a server). */
  rpc?: RpcTable;
  /** Name in log lines (the room's name). */
  label?: string;
}

/**
 * One room's independent session: its own members and ids, its own relay. The room server
 * hands it clients whose handshake has started (`accept`) and polls it when it has activity.
 */
export interface RoomSession {
  /** Messages and bytes of every member, in and out. */
  readonly traffic: TrafficMeter;
  /** Packets not delivered to a recipient whose outbound buffer was full. */
  readonly dropped: number;
  /** RPCs with the members (Godot rooms only). */
  readonly rpc?: RpcEndpoint;
  /** Called from socket events when `poll()` has work. */
  onActivity: (() => void) | null;
  /** Takes a client under `id` (unique in this room). False if the session cannot. */
  accept(ws: WebSocketPeer, id: number): boolean;
  /**
   * Reads, relays, admits, drops; emits the events. `everyone` false (a wake-up on activity):
   * a session may poll only the clients that had activity; true (the periodic sweep): all of
   * them, for timeouts and heartbeats.
   */
  poll(everyone: boolean): void;
  /**
   * Whether the periodic sweep has work here: a client in its handshake or authentication, a
   * timer (heartbeat, a closing handshake), a relay waiting for its recipients. False: the room
   * server may skip this room's sweep (an idle room then costs nothing).
   */
  needsSweep(): boolean;
  /** Clients holding a seat: members plus those still in their handshake / authentication. */
  seats(): number;
  /** Member ids, in join order. */
  members(): number[];
  /** "host:port" of member `id` ("" if unknown). */
  address(id: number): string;
  /** Sends bytes from the server to member N, to all (0), or all but N (−N). */
  sendBytes(to: number, bytes: Uint8Array): Error;
  /** Closes member `id`'s connection with `code` and `reason`; `left` follows from `poll()`. */
  kick(id: number, code: number, reason: string): void;
  /** Starts the closing handshake with every client. */
  closeAll(code: number, reason: string): void;
  /**
   * Which members know of each other and reach each other (null: all, as Godot). Godot
   * rooms only; `refreshVisibility` applies the rule again after its answers changed.
   */
  setVisibility?(rule: VisibilityRule | null): void;
  refreshVisibility?(): void;
  /** Drops every connection at once (no events). */
  stop(): void;
}

/** Makes a room's session. */
export type SessionFactory = (settings: SessionSettings, events: SessionEvents) => RoomSession;
