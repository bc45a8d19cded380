import { Error } from '../../core/error.js';
import type { Variant } from '../../core/variant/variant.js';
import {
  decodeGodot3Call,
  encodeGodot3Call,
  encodeGodot3Confirm,
  Godot3Command,
  parseGodot3Simplify,
} from './godot3-rpc-wire.js';
import { PeerPathCache } from './peer-path-cache.js';
import { RpcDispatch } from './rpc-dispatch.js';
import type { RpcStats } from './rpc-drops.js';
import type { RpcEndpoint, RpcFallback, RpcHandler } from './rpc-endpoint.js';
import { type RpcManifest, type RpcNodeTable, RpcTable, wirePath } from './rpc-manifest.js';
import { type RpcRules, relayedCallAllowed } from './rpc-rules.js';
import type { RpcTarget } from './rpc-target.js';

/** How the endpoint reaches the clients of its Godot 3 server. */
export interface Godot3RpcTransport {
  /** Sends a MultiplayerAPI packet from peer 1 to client `to`. */
  send(to: number, packet: Uint8Array): Error;
  /** Connected client ids. */
  members(): number[];
}

export interface Godot3RpcOptions {
  /** Optional for Godot 3 (methods go by name): modes and node authority (see `RpcManifest`). */
  manifest?: RpcManifest | RpcTable;
  label?: string;
  maxCachedPaths?: number;
  /** Argument size and client-to-client allow-list (a given `RpcTable` brings its own). */
  rules?: RpcRules;
}

/**
 * Whether a client may call a method of `mode` on the server, as 3.2's `_can_call_mode` with
 * the server as the node's network master (`authority` 1, Godot's default) or the caller as
 * master (`authority: 'sender'`): remote(sync) always; master(sync) only where the server is
 * master; puppet(sync) only where the caller is. No mode known: allowed (a handler decides).
 */
function allowed(mode: string, node: RpcNodeTable | undefined): boolean {
  const serverIsMaster = (node?.authority ?? 1) === 1;
  if (mode === '' || mode === 'remote' || mode === 'remotesync') return true;
  if (mode === 'master' || mode === 'mastersync') return serverIsMaster;
  if (mode === 'puppet' || mode === 'puppetsync') return !serverIsMaster;
  return false;
}

/**
 * Godot 3 RPCs between a Godot 3 server's clients (gd_mp_api) and Node code: decodes
 * REMOTE_CALL / REMOTE_SET addressed to the server, answers SIMPLIFY_PATH with CONFIRM_PATH
 * (as a Godot 3 server does for any path), sends calls to clients by path. Relaying and RAW
 * packets are untouched.
 */
export class Godot3RpcEndpoint implements RpcEndpoint {
  readonly table: RpcTable;
  readonly #transport: Godot3RpcTransport;
  readonly #paths: PeerPathCache;
  /** Path ids clients gave to other clients (relayed SIMPLIFY_PATH; one id per path, as Godot). */
  readonly #relayPaths: PeerPathCache;
  readonly #d: RpcDispatch;

  constructor(transport: Godot3RpcTransport, options: Godot3RpcOptions = {}) {
    this.#transport = transport;
    this.table =
      options.manifest instanceof RpcTable
        ? options.manifest
        : new RpcTable(options.manifest ?? {}, options.rules);
    this.#d = new RpcDispatch(options.label);
    this.#paths = new PeerPathCache(options.maxCachedPaths ?? 4096);
    this.#relayPaths = new PeerPathCache(options.maxCachedPaths ?? 4096);
  }

  /** Whether relaying needs `mayRelay` (an allow-list, or an argument limit). */
  get filtersRelay(): boolean {
    const { rules } = this.table;
    return rules.allowed !== null || rules.maxArgBytes > 0;
  }

  /**
   * A Godot 3 server's relay filter: whether client `from`'s packet (a MultiplayerAPI payload)
   * may go on to other clients — RPCs (`rpc` and `rset`, by name) bigger than `maxArgBytes`
   * or not in `clientToClient` are dropped and counted; SIMPLIFY_PATH is followed so calls by
   * cached id can be named; anything else passes.
   */
  mayRelay(from: number, payload: Uint8Array): boolean {
    const command = payload[0];
    if (command === Godot3Command.SIMPLIFY_PATH) {
      const s = parseGodot3Simplify(payload);
      if (s && this.#relayPaths.get(from, s.id) === undefined) {
        this.#relayPaths.add(from, s.id, wirePath(s.path));
      }
      return true;
    }
    if (command !== Godot3Command.REMOTE_CALL && command !== Godot3Command.REMOTE_SET) return true;
    const rules = this.table.rules;
    // The hot path: no list, and the whole packet within the limit (nothing to decode).
    if (rules.allowed === null && payload.byteLength <= rules.maxArgBytes) return true;
    const decoded = decodeGodot3Call(payload);
    if (!('call' in decoded)) {
      this.#d.drops.drop(from, 'undecodable', `relayed: ${decoded.reason}`);
      return false;
    }
    const { target, method, argBytes } = decoded.call;
    if (this.#d.tooLarge(from, argBytes, rules.maxArgBytes, 'relayed: ')) return false;
    if (rules.allowed === null) return true;
    const path =
      'path' in target
        ? wirePath(target.path)
        : (this.#relayPaths.get(from, target.cacheId) ?? this.#paths.get(from, target.cacheId));
    if (path !== undefined && relayedCallAllowed(rules, path, method)) return true;
    const where = path === undefined ? 'an unknown path id' : `"${path}"`;
    this.#d.drops.drop(from, 'not-relayed', `"${method}" on ${where} is not in clientToClient`);
    return false;
  }

  get rpcReceived(): RpcDispatch['rpcReceived'] {
    return this.#d.rpcReceived;
  }

  get stats(): RpcStats {
    return this.#d.stats;
  }

  onRpc(nodePath: string, method: string, handler: RpcHandler | null): Error {
    this.#d.setHandler(nodePath, method, handler);
    return Error.OK;
  }

  onAnyRpc(fallback: RpcFallback | null): void {
    this.#d.fallback = fallback;
  }

  rpc(target: RpcTarget, nodePath: string, method: string, ...args: Variant[]): Error {
    const encoded = encodeGodot3Call({ path: wirePath(nodePath) }, method, args);
    return this.#d.send(target, this.#transport.members(), method, encoded, (to, p) =>
      this.#transport.send(to, p),
    );
  }

  rpcId(id: number, nodePath: string, method: string, ...args: Variant[]): Error {
    if (!this.#d.clientId(id)) return Error.ERR_INVALID_PARAMETER;
    return this.rpc(id, nodePath, method, ...args);
  }

  /** Handles a packet for the server; true if it was an RPC or path cache packet. */
  receive(from: number, packet: Uint8Array): boolean {
    const command = packet[0];
    if (command === Godot3Command.REMOTE_CALL || command === Godot3Command.REMOTE_SET) {
      this.#call(from, packet);
      return true;
    }
    if (command === Godot3Command.SIMPLIFY_PATH) {
      const s = parseGodot3Simplify(packet);
      if (!s) this.#d.drops.drop(from, 'undecodable', 'malformed SIMPLIFY_PATH');
      else if (!this.#paths.add(from, s.id, wirePath(s.path))) {
        this.#d.drops.drop(
          from,
          'undecodable',
          `path id ${s.id} already taken, or too many cached paths`,
        );
      } else if (this.#transport.send(from, encodeGodot3Confirm(s.path)) === Error.OK) {
        this.#d.stats.pathsConfirmed++;
      }
      return true;
    }
    return command === Godot3Command.CONFIRM_PATH;
  }

  /** Forgets what peer `id` cached (call when it leaves). */
  forget(id: number): void {
    this.#paths.forget(id);
    this.#relayPaths.forget(id);
    this.#d.drops.forget(id);
  }

  #call(from: number, packet: Uint8Array): void {
    const decoded = decodeGodot3Call(packet);
    if (!('call' in decoded)) {
      this.#d.drops.drop(from, 'undecodable', decoded.reason);
      return;
    }
    const { target, method, args, argBytes } = decoded.call;
    if (this.#d.tooLarge(from, argBytes, this.table.rules.maxArgBytes)) return;
    if ('path' in target) this.#d.stats.byPath++;
    else this.#d.stats.byCachedId++;
    const path = 'path' in target ? wirePath(target.path) : this.#paths.get(from, target.cacheId);
    if (path === undefined) {
      this.#d.drops.drop(
        from,
        'unknown-cache-id',
        `path id ${(target as { cacheId: number }).cacheId} was never simplified`,
      );
      return;
    }
    const node = this.table.node(path);
    if (node && !node.modes.has(method)) {
      this.#d.drops.drop(from, 'unknown-method', `"${method}" on "${path}" is not in the manifest`);
      return;
    }
    const mode = node?.modes.get(method) ?? '';
    if (!allowed(mode, node)) {
      this.#d.drops.drop(
        from,
        'not-allowed',
        `"${method}" on "${path}" is ${mode} and the server is ${node?.authority === 'sender' ? 'a puppet' : 'its master'}`,
      );
      return;
    }
    this.#d.deliver(from, path, method, args, node ? 'unhandled' : 'unknown-method');
  }
}
