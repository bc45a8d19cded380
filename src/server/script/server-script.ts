import type { Variant } from '../../core/variant/variant.js';
import type { ConnectHook, ConnectRequest } from '../connect-hook.js';
import type { Room } from '../room.js';
import type { RoomServer } from '../room-server.js';
import type { JoinRequest, JoinVerdict } from '../signaling/signaling-options.js';

/**
 * A WebRTC signaling JOIN (`--signaling`, `RoomServer.attachSignaling`): the peer's id, the
 * lobby asked for ('' = a new one), mesh, protocol, address, and the upgrade request it came
 * with (`url`, `query`, e.g. a `?token=`, `headers`).
 */
export type SignalingJoin = Omit<JoinRequest, 'info'> & Omit<ConnectRequest, 'room' | 'address'>;

/**
 * What a server script (`godot-ws serve --script FILE`) is handed: set the hooks you need;
 * each is called with the room (a `Room`: `name`, `state`, `getPeers()`, `sendBytes`, `kick`,
 * `setTimeout` / `setInterval` cleared with the room) and Godot's peer ids. A throw inside a
 * hook is caught and logged with the hook's name and the room; the server goes on.
 */
export interface ScriptServer {
  /** Before a join is accepted: check a token, pick the room, or refuse (see `ConnectVerdict`). */
  onConnect: ConnectHook | null;
  /** A client became a member of `room`. */
  onJoin: ((room: Room, id: number) => void) | null;
  /** A member left; `code` is its close code (−1: it vanished without one). */
  onLeave: ((room: Room, id: number, code: number) => void) | null;
  /** A member sent bytes to the server (`multiplayer.send_bytes(bytes, 1)`). */
  onPacket: ((room: Room, from: number, bytes: Uint8Array) => void) | null;
  /**
   * A member called an RPC method of the server (`rpc_id(1, "submit_move", x, y)`, or an
   * `rpc()` to everyone) that no `room.onRpc` handler takes. `nodePath` as on the wire
   * ("Main", "Main/Player"); `args` as the Variant codec decodes them. Godot 4 rooms: only
   * methods in the manifest (`export const rpc = { manifest }`) can be named, so only those
   * arrive; Godot 3 rooms: any method, with the manifest's modes checked where given.
   */
  onRpc:
    | ((room: Room, from: number, nodePath: string, method: string, args: Variant[]) => void)
    | null;
  /**
   * A WebRTC signaling peer sent JOIN (when the server has signaling beside its rooms; attach
   * it before the script). Synchronous. Answer nothing to let it join as asked, `{ lobby }` (and
   * `mesh`) to send it to that lobby (created if none has the name, with it as the host),
   * `false` or `{ refuse: reason, code? }` to close it (code 1000 or 3000–4999, default 4000).
   * A throw refuses the join with "Server error" and is logged as the hook's.
   */
  onSignalingJoin: ((join: SignalingJoin) => JoinVerdict) | null;
  /** A room was created (by a join, the API, or the script itself). */
  onRoomCreated: ((room: Room) => void) | null;
  /** A room closed (its timers are already cleared). */
  onRoomClosed: ((name: string) => void) | null;
  /** The server itself: `getRoom`, `getRooms`, `createRoom`, `match`, `stats`… */
  readonly rooms: RoomServer;
  /** One line in the server's log, marked as the script's. */
  log(message: string): void;
}

/**
 * A server script's default export: called once, before the server listens, with the server
 * object; may be async (the server waits for it).
 */
export type ServerScript = (server: ScriptServer) => void | Promise<void>;
