import { Error } from '../../core/error.js';
import { logger } from '../../core/logger.js';
import type { Variant } from '../../core/variant/variant.js';
import { relayAllowed } from '../../websocket/scene-relay/relay-policy.js';
import type { SceneRelayServer } from '../../websocket/scene-relay/scene-relay-server.js';
import {
  CONFIRM_PATH,
  encodeConfirmPath,
  parseSimplifyPath,
  SIMPLIFY_PATH,
} from './godot4-path-cache.js';
import {
  type CallTarget,
  decodeRemoteCall,
  encodeRemoteCall,
  REMOTE_CALL,
  readCallHeader,
} from './godot4-remote-call.js';
import { PeerPathCache } from './peer-path-cache.js';
import { RpcDispatch } from './rpc-dispatch.js';
import type { RpcStats } from './rpc-drops.js';
import type { RpcEndpoint, RpcFallback, RpcHandler } from './rpc-endpoint.js';
import { type RpcManifest, RpcTable, wirePath } from './rpc-manifest.js';
import { type RpcRules, relayedCallAllowed } from './rpc-rules.js';
import type { RpcTarget } from './rpc-target.js';

export interface Godot4RpcOptions {
  /** Node path → RPC method names (see `RpcManifest`; `buildRpcManifest` reads .gd files). */
  manifest?: RpcManifest | RpcTable;
  /** Argument size and client-to-client allow-list (a given `RpcTable` brings its own). */
  rules?: RpcRules;
  /** Name in log lines (e.g. the room). */
  label?: string;
  /** Most node paths one client may cache on the server (default 4096). */
  maxCachedPaths?: number;
}

/**
 * Godot 4 RPCs between a `SceneRelayServer`'s clients and Node code (the server is peer 1):
 * decodes the REMOTE_CALL packets addressed to the server (by path or by a cached path id),
 * answers SIMPLIFY_PATH with CONFIRM_PATH for the nodes in the manifest (so clients switch to
 * compact calls, as with a Godot server), and sends calls to clients by path (which a Godot
 * client resolves without any cache). Relaying is untouched: a client's `rpc()` to everyone
 * still reaches the other clients, and `send_bytes(…, 1)` still arrives as `peerPacket`.
 */
export class Godot4RpcEndpoint implements RpcEndpoint {
  readonly table: RpcTable;
  readonly #relay: SceneRelayServer;
  readonly #paths: PeerPathCache;
  readonly #d: RpcDispatch;
  /** Path ids clients gave to other clients (relayed SIMPLIFY_PATH; same ids as to the server). */
  readonly #relayPaths: PeerPathCache;
  /** The relay asks once per recipient: the last packet checked and the answer. */
  #checked: Uint8Array | null = null;
  #verdict = true;
  /** Peers already told their SIMPLIFY_PATH md5 differs from the manifest's. */
  readonly #md5Warned = new Set<string>();

  constructor(relay: SceneRelayServer, options: Godot4RpcOptions = {}) {
    this.#relay = relay;
    this.table =
      options.manifest instanceof RpcTable
        ? options.manifest
        : new RpcTable(options.manifest ?? {}, options.rules);
    this.#d = new RpcDispatch(options.label);
    this.#paths = new PeerPathCache(options.maxCachedPaths ?? 4096);
    this.#relayPaths = new PeerPathCache(options.maxCachedPaths ?? 4096);
    relay.packetReceived.connect((from, packet) => this.receive(from, packet));
    relay.peerLeft.connect((id) => this.#forget(id));
    const { rules } = this.table;
    if (rules.allowed !== null || rules.maxArgBytes > 0) {
      const before = relay.relayPolicy;
      relay.relayPolicy = (from, to, packet, target) =>
        this.#mayRelay(from, packet) && relayAllowed(before, from, to, packet, target);
    }
  }

  get rpcReceived(): RpcDispatch['rpcReceived'] {
    return this.#d.rpcReceived;
  }

  get stats(): RpcStats {
    return this.#d.stats;
  }

  onRpc(nodePath: string, method: string, handler: RpcHandler | null): Error {
    const path = wirePath(nodePath);
    if (this.table.methodId(path, method) < 0) {
      logger.error(
        `${this.#d.label}: onRpc("${nodePath}", "${method}"): the manifest has no such method on that node, so its Godot 4 id is unknown.`,
      );
      return Error.ERR_UNCONFIGURED;
    }
    this.#d.setHandler(path, method, handler);
    return Error.OK;
  }

  onAnyRpc(fallback: RpcFallback | null): void {
    this.#d.fallback = fallback;
  }

  rpc(target: RpcTarget, nodePath: string, method: string, ...args: Variant[]): Error {
    const path = wirePath(nodePath);
    const id = this.table.methodId(path, method);
    if (id < 0) {
      logger.error(`${this.#d.label}: rpc: no method "${method}" on "${path}" in the manifest.`);
      return Error.ERR_UNCONFIGURED;
    }
    const encoded = encodeRemoteCall({ path }, id, args);
    return this.#d.send(target, this.#relay.getPeers(), method, encoded, (to, p) =>
      this.#relay.sendRaw(to, p),
    );
  }

  rpcId(id: number, nodePath: string, method: string, ...args: Variant[]): Error {
    if (!this.#d.clientId(id)) return Error.ERR_INVALID_PARAMETER;
    return this.rpc(id, nodePath, method, ...args);
  }

  /** Handles one packet addressed to the server (called from the relay's `packetReceived`). */
  receive(from: number, packet: Uint8Array): void {
    const command = packet.byteLength > 0 ? packet[0]! & 7 : -1;
    if (command === REMOTE_CALL) this.#call(from, packet);
    else if (command === SIMPLIFY_PATH) this.#simplify(from, packet);
    else if (command === CONFIRM_PATH) return; // The server never asks clients to cache paths.
  }

  #call(from: number, packet: Uint8Array): void {
    const decoded = decodeRemoteCall(packet);
    if (!('call' in decoded)) {
      this.#d.drops.drop(from, 'undecodable', decoded.reason);
      return;
    }
    const { target, methodId, args, argBytes } = decoded.call;
    if (this.#d.tooLarge(from, argBytes, this.table.rules.maxArgBytes)) return;
    if ('path' in target) this.#d.stats.byPath++;
    else this.#d.stats.byCachedId++;
    let path: string | undefined;
    if ('path' in target) path = wirePath(target.path);
    else {
      path = this.#paths.get(from, target.cacheId);
      if (path === undefined) {
        this.#d.drops.drop(
          from,
          'unknown-cache-id',
          `path id ${target.cacheId} was never confirmed`,
        );
        return;
      }
    }
    const node = this.table.node(path);
    if (!node) {
      this.#d.drops.drop(from, 'unknown-node', `no node "${path}" in the manifest`);
      return;
    }
    const method = node.names[methodId];
    if (method === undefined) {
      this.#d.drops.drop(
        from,
        'unknown-method',
        `method id ${methodId} on "${path}" (the manifest has ${node.names.length})`,
      );
      return;
    }
    const mode = node.modes.get(method) ?? '';
    if (mode === 'disabled' || (mode === 'authority' && node.authority !== 'sender')) {
      this.#d.drops.drop(
        from,
        'not-allowed',
        `"${method}" on "${path}" is @rpc("${mode}") and the server is its authority`,
      );
      return;
    }
    this.#d.deliver(from, path, method, args, 'unhandled');
  }

  #simplify(from: number, packet: Uint8Array): void {
    const simplify = parseSimplifyPath(packet);
    if (!simplify) {
      this.#d.drops.drop(from, 'undecodable', 'malformed SIMPLIFY_PATH');
      return;
    }
    const path = wirePath(simplify.path);
    const node = this.table.node(path);
    // A Godot server without that node does not answer either: the client keeps sending by path.
    if (!node) {
      this.#d.drops.drop(from, 'unknown-node', `SIMPLIFY_PATH for "${path}", not in the manifest`);
      return;
    }
    if (!this.#paths.add(from, simplify.id, path)) {
      this.#d.drops.drop(
        from,
        'undecodable',
        `path id ${simplify.id} already taken, or too many cached paths`,
      );
      return;
    }
    const valid = simplify.md5 === node.md5;
    if (!valid && !this.#md5Warned.has(path)) {
      this.#md5Warned.add(path);
      logger.warning(
        `${this.#d.label}: the game's RPC methods on "${path}" differ from the manifest (${node.names.join(', ')}): method ids will not match. Rebuild the manifest from the game's scripts.`,
      );
    }
    if (this.#relay.sendRaw(from, encodeConfirmPath(simplify.id, valid)) === Error.OK)
      this.#d.stats.pathsConfirmed++;
  }

  /** The relay's filter: whether a client's packet to other clients may be forwarded. */
  #mayRelay(from: number, packet: Uint8Array): boolean {
    if (packet === this.#checked) return this.#verdict;
    this.#checked = packet;
    this.#verdict = this.#checkRelayed(from, packet);
    return this.#verdict;
  }

  #checkRelayed(from: number, packet: Uint8Array): boolean {
    const command = packet.byteLength > 0 ? packet[0]! & 7 : -1;
    if (command === SIMPLIFY_PATH) {
      const simplify = parseSimplifyPath(packet);
      // Godot gives a path one id for every peer: remember it to read later calls by id.
      if (simplify && this.#relayPaths.get(from, simplify.id) === undefined) {
        this.#relayPaths.add(from, simplify.id, wirePath(simplify.path));
      }
      return true;
    }
    if (command !== REMOTE_CALL) return true;
    const rules = this.table.rules;
    // The hot path: no list, and the whole packet within the limit.
    if (rules.allowed === null && packet.byteLength <= rules.maxArgBytes) return true;
    const header = readCallHeader(packet);
    if ('error' in header) {
      this.#d.drops.drop(from, 'undecodable', `relayed: ${header.reason}`);
      return false;
    }
    const argBytes = header.argsEnd - header.argsStart;
    if (this.#d.tooLarge(from, argBytes, rules.maxArgBytes, 'relayed: ')) return false;
    if (rules.allowed === null) return true;
    const path = this.#relayedPath(from, header.target);
    const method = path === undefined ? undefined : this.table.node(path)?.names[header.methodId];
    if (path !== undefined && method !== undefined && relayedCallAllowed(rules, path, method)) {
      return true;
    }
    const what =
      method !== undefined
        ? `"${method}" on "${path}"`
        : `method id ${header.methodId} on ${path === undefined ? 'an unknown path id' : `"${path}"`}`;
    this.#d.drops.drop(from, 'not-relayed', `${what} is not in clientToClient`);
    return false;
  }

  #relayedPath(from: number, target: CallTarget): string | undefined {
    if ('path' in target) return wirePath(target.path);
    return this.#relayPaths.get(from, target.cacheId) ?? this.#paths.get(from, target.cacheId);
  }

  #forget(id: number): void {
    this.#paths.forget(id);
    this.#relayPaths.forget(id);
    this.#d.drops.forget(id);
  }
}
