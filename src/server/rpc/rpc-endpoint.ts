import type { Error } from '../../core/error.js';
import type { Signal } from '../../core/signal.js';
import type { Variant } from '../../core/variant/variant.js';
import type { RpcStats } from './rpc-drops.js';
import type { RpcTarget } from './rpc-target.js';

/** A Node function a client's `rpc_id(1, …)` / `rpc(…)` runs: the caller's id, then the arguments. */
export type RpcHandler = (from: number, ...args: Variant[]) => void;

/**
 * Runs for a call no `onRpc` handler takes (e.g. a server script's `onRpc` hook): the caller,
 * the node path (as on the wire, "Main/Player"), the method, the arguments. Return false to
 * count the call as unhandled.
 */
export type RpcFallback = (
  from: number,
  nodePath: string,
  method: string,
  args: Variant[],
) => boolean;

/**
 * The RPC side of one session (a room, a `SceneRelayServer`, a Godot 3 server): the server as
 * peer 1, answering clients' calls and calling theirs. Both engines' endpoints have this shape.
 */
export interface RpcEndpoint {
  /** Every call a client made to the server (after decoding and mode checks), handled or not. */
  readonly rpcReceived: Signal<[from: number, nodePath: string, method: string, args: Variant[]]>;
  readonly stats: RpcStats;
  /**
   * Runs `handler` when a client calls `method` on the node at `nodePath` ("/root/Main" or
   * "Main"). One handler per method; a new one replaces the old. Godot 4: the method must be
   * in the manifest (else ERR_UNCONFIGURED, since it cannot be numbered).
   */
  onRpc(nodePath: string, method: string, handler: RpcHandler | null): Error;
  /** Sets (null: removes) what runs for accepted calls that no `onRpc` handler takes. */
  onAnyRpc(fallback: RpcFallback | null): void;
  /** Calls `method` on `nodePath` in clients: 0 all, −N all but N, N one, or a list of ids. */
  rpc(target: RpcTarget, nodePath: string, method: string, ...args: Variant[]): Error;
  /** `rpc(id, …)` for one client, as GDScript's `rpc_id`. */
  rpcId(id: number, nodePath: string, method: string, ...args: Variant[]): Error;
}
