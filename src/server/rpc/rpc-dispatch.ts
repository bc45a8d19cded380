import { Error } from '../../core/error.js';
import { logger } from '../../core/logger.js';
import { Signal } from '../../core/signal.js';
import type { Variant } from '../../core/variant/variant.js';
import { emptyRpcStats, type RpcDropKind, RpcDropLog, type RpcStats } from './rpc-drops.js';
import type { RpcFallback, RpcHandler } from './rpc-endpoint.js';
import { wirePath } from './rpc-manifest.js';
import { type RpcTarget, resolveRpcTarget } from './rpc-target.js';

/**
 * What both engines' RPC endpoints share: the handlers by node path and method, running one
 * (a throw is caught and logged), the counters and aggregated drop log, and sending an
 * encoded call to the members a target names.
 */
export class RpcDispatch {
  readonly rpcReceived = new Signal<
    [from: number, nodePath: string, method: string, args: Variant[]]
  >('rpc_received');
  readonly stats: RpcStats = emptyRpcStats();
  readonly drops: RpcDropLog;
  readonly label: string;
  readonly #handlers = new Map<string, RpcHandler>();
  /** What runs for calls no handler takes (a script's `onRpc`), or null. */
  fallback: RpcFallback | null = null;

  constructor(label: string | undefined) {
    this.label = label ? `RPC ${label}` : 'RPC';
    this.drops = new RpcDropLog(this.label, this.stats);
  }

  setHandler(nodePath: string, method: string, handler: RpcHandler | null): void {
    const key = `${wirePath(nodePath)}\0${method}`;
    if (handler) this.#handlers.set(key, handler);
    else this.#handlers.delete(key);
  }

  /** A checked call from `from`: emitted, then given to its handler (else dropped as `missing`). */
  deliver(from: number, path: string, method: string, args: Variant[], missing: RpcDropKind): void {
    this.rpcReceived.emit(from, path, method, args);
    const handler = this.#handlers.get(`${path}\0${method}`);
    const fallback = this.fallback;
    try {
      if (handler) handler(from, ...args);
      else if (!fallback?.(from, path, method, args)) {
        this.drops.drop(from, missing, `no handler for "${method}" on "${path}"`);
        return;
      }
      this.stats.handled++;
    } catch (err) {
      this.stats.dropped['handler-threw']++;
      logger.error(`${this.label}: the handler of "${method}" on "${path}" threw: ${String(err)}`);
    }
  }

  /** Drops (as `too-large`) a call whose arguments exceed `max` bytes (0: no limit); true if so. */
  tooLarge(from: number, argBytes: number, max: number, what = ''): boolean {
    if (max <= 0 || argBytes <= max) return false;
    this.drops.drop(
      from,
      'too-large',
      `${what}${argBytes} bytes of arguments (maxArgBytes ${max})`,
    );
    return true;
  }

  /** `rpcId`'s check: a client id (2 or more). */
  clientId(id: number): boolean {
    if (Number.isInteger(id) && id > 1) return true;
    logger.error(`${this.label}: rpcId: ${id} is not a client id.`);
    return false;
  }

  /** Encodes once and sends to every member `target` names. */
  send(
    target: RpcTarget,
    members: readonly number[],
    method: string,
    encoded: { packet: Uint8Array; reason: string },
    put: (to: number, packet: Uint8Array) => Error,
  ): Error {
    const to = resolveRpcTarget(target, members);
    if (!to) {
      logger.error(`${this.label}: rpc: ${JSON.stringify(target)} is not a member.`);
      return Error.ERR_INVALID_PARAMETER;
    }
    if (encoded.reason) {
      logger.error(
        `${this.label}: rpc "${method}": cannot encode the arguments: ${encoded.reason}.`,
      );
      return Error.ERR_INVALID_DATA;
    }
    let err: Error = Error.OK;
    for (const peer of to) {
      const e = put(peer, encoded.packet);
      if (e === Error.OK) this.stats.sent++;
      else err = e;
    }
    return err;
  }
}
