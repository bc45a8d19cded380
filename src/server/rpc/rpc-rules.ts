import { wirePath } from './rpc-manifest.js';

/** What clients may do with RPCs beyond the manifest's modes; every field has the default shown. */
export interface RpcRules {
  /**
   * Largest arguments of one call in bytes, as encoded on the wire (default 16 KiB; 0 = only
   * `maxMessage` bounds them). Bigger calls to the server are dropped as `too-large`, and
   * bigger client-to-client calls are not relayed.
   */
  maxArgBytes?: number;
  /**
   * The RPC methods a client may call on other clients: `"method"` on any node,
   * or `"Node/Path:method"` (`/root/` optional) on one. Others are not relayed (dropped as
   * `not-relayed`; a call to everyone still reaches the server's own handler). Calls by a
   * path or cached id the server cannot resolve, or (Godot 4, which numbers methods) on nodes
   * not in the manifest, are not relayed either. Default null: every call is relayed, as
   * a Godot server does; `[]` relays none.
   */
  clientToClient?: readonly string[] | null;
}

/** The rules with defaults filled in; `allowed` null relays every call. */
export interface ResolvedRpcRules {
  maxArgBytes: number;
  allowed: ReadonlySet<string> | null;
}

export const DEFAULT_MAX_ARG_BYTES = 16 * 1024;

export function resolveRpcRules(rules: RpcRules = {}): ResolvedRpcRules {
  const max = rules.maxArgBytes;
  const list = rules.clientToClient ?? null;
  return {
    maxArgBytes: typeof max === 'number' && max >= 0 ? max : DEFAULT_MAX_ARG_BYTES,
    allowed: list === null ? null : new Set(list.map(allowKey)),
  };
}

/** `"/root/Main:chat"` → `"Main:chat"`; `"chat"` stays. */
function allowKey(entry: string): string {
  const colon = entry.lastIndexOf(':');
  if (colon < 0) return entry.trim();
  return `${wirePath(entry.slice(0, colon))}:${entry.slice(colon + 1).trim()}`;
}

/** Whether `rules` let a client call `method` on `path` (a wire path) in another client. */
export function relayedCallAllowed(rules: ResolvedRpcRules, path: string, method: string): boolean {
  const allowed = rules.allowed;
  return allowed === null || allowed.has(method) || allowed.has(`${path}:${method}`);
}
