import { createHash } from 'node:crypto';
import { type ResolvedRpcRules, type RpcRules, resolveRpcRules } from './rpc-rules.js';

/**
 * Which RPC methods a game's nodes have (docs/rpc.md §4). Godot 4 numbers a node's RPC
 * methods by their position in the list of its script's RPC names sorted by code point, so
 * the server needs the names; Godot 3 sends names, so its manifest only carries modes.
 *
 * Keys are node paths as Godot sends them, relative to `/root` ("Main", "Main/Player");
 * "/root/Main" is accepted too. Values: the method names, or `{ methods, authority }`.
 */
export type RpcManifest = Readonly<Record<string, readonly RpcMethodEntry[] | RpcNodeSpec>>;

/** A method name, or a name with its mode (Godot 4: `any_peer`, `authority`, `disabled`;
 * Godot 3: `remote`, `remotesync`, `master`, `mastersync`, `puppet`, `puppetsync`). */
export type RpcMethodEntry = string | { name: string; mode?: string };

export interface RpcNodeSpec {
  methods: readonly RpcMethodEntry[];
  /**
   * Who the node's multiplayer authority is, for `authority` methods (Godot 4) and
   * master/puppet (Godot 3): 1 (the server, Godot's default) or 'sender' (a node each
   * client owns, e.g. its own player). Default 1.
   */
  authority?: 1 | 'sender';
}

/** One node's methods in the engine's order. */
export interface RpcNodeTable {
  path: string;
  /** Names, sorted as the engine sorts them: index = Godot 4 method id. */
  names: string[];
  /** Mode by name ('' when the manifest gave none). */
  modes: Map<string, string>;
  authority: 1 | 'sender';
  /** md5 of the names joined, as SceneMultiplayer checks it in SIMPLIFY_PATH. */
  md5: string;
}

/** `/root/Main/Player` or `Main/Player/` → `Main/Player` (how Godot puts paths on the wire). */
export function wirePath(path: string): string {
  let p = path.trim();
  if (p === '/root') return '';
  if (p.startsWith('/root/')) p = p.slice(6);
  else if (p.startsWith('/')) p = p.slice(1);
  return p.replace(/\/+$/, '');
}

/** Code point order (the engine's `StringName::AlphCompare`: `str_compare` on char32). */
export function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** The md5 (hex) SceneMultiplayer computes over a node's RPC names in id order. */
export function rpcNamesMd5(sortedNames: readonly string[]): string {
  return createHash('md5').update(sortedNames.join(''), 'utf8').digest('hex');
}

/**
 * The manifest, indexed: node path → table (names deduplicated and sorted), with the rules
 * every endpoint sharing it applies (argument size, client-to-client allow-list).
 */
export class RpcTable {
  readonly rules: ResolvedRpcRules;
  readonly #nodes = new Map<string, RpcNodeTable>();

  constructor(manifest: RpcManifest = {}, rules: RpcRules = {}) {
    this.rules = resolveRpcRules(rules);
    for (const [rawPath, value] of Object.entries(manifest)) {
      const spec: RpcNodeSpec = Array.isArray(value)
        ? { methods: value as readonly RpcMethodEntry[] }
        : (value as RpcNodeSpec);
      const modes = new Map<string, string>();
      for (const entry of spec.methods ?? []) {
        const name = typeof entry === 'string' ? entry : entry.name;
        const mode = typeof entry === 'string' ? '' : (entry.mode ?? '');
        if (typeof name === 'string' && name !== '') modes.set(name, mode);
      }
      const names = [...modes.keys()].sort(compareCodePoints);
      const path = wirePath(rawPath);
      this.#nodes.set(path, {
        path,
        names,
        modes,
        authority: spec.authority ?? 1,
        md5: rpcNamesMd5(names),
      });
    }
  }

  /** The node at `path` (any spelling `wirePath` accepts). */
  node(path: string): RpcNodeTable | undefined {
    return this.#nodes.get(wirePath(path));
  }

  nodes(): RpcNodeTable[] {
    return [...this.#nodes.values()];
  }

  /** Godot 4 method id of `method` on `path`, or -1. */
  methodId(path: string, method: string): number {
    const node = this.node(path);
    return node ? node.names.indexOf(method) : -1;
  }
}
