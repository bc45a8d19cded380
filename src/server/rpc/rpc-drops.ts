import { logger } from '../../core/logger.js';

/** Why an incoming RPC packet was dropped (the keys of `RpcStats.dropped`). */
export type RpcDropKind =
  | 'undecodable'
  | 'unknown-node'
  | 'unknown-cache-id'
  | 'unknown-method'
  | 'not-allowed'
  | 'too-large'
  | 'not-relayed'
  | 'unhandled'
  | 'handler-threw';

/** Counters of one room's (or relay's) RPCs. */
export interface RpcStats {
  /** Calls from clients that reached a handler. */
  handled: number;
  /** Calls the server sent (one per recipient). */
  sent: number;
  /** Path cache entries confirmed for clients. */
  pathsConfirmed: number;
  /** Calls received addressed by node path / by a cached path id. */
  byPath: number;
  byCachedId: number;
  dropped: Record<RpcDropKind, number>;
}

export function emptyRpcStats(): RpcStats {
  return {
    handled: 0,
    sent: 0,
    pathsConfirmed: 0,
    byPath: 0,
    byCachedId: 0,
    dropped: {
      undecodable: 0,
      'unknown-node': 0,
      'unknown-cache-id': 0,
      'unknown-method': 0,
      'not-allowed': 0,
      'too-large': 0,
      'not-relayed': 0,
      unhandled: 0,
      'handler-threw': 0,
    },
  };
}

/**
 * Counts every dropped call and logs the first of each kind per peer (later ones are only
 * counted), so a client sending garbage cannot flood the log. `unhandled` (a call to a
 * method in the manifest that no handler takes, e.g. a chat broadcast) is logged verbose.
 */
export class RpcDropLog {
  readonly stats: RpcStats;
  readonly #label: string;
  readonly #reported = new Map<number, Set<RpcDropKind>>();

  constructor(label: string, stats: RpcStats) {
    this.#label = label;
    this.stats = stats;
  }

  drop(peer: number, kind: RpcDropKind, detail: string): void {
    this.stats.dropped[kind]++;
    let kinds = this.#reported.get(peer);
    if (!kinds) {
      kinds = new Set();
      this.#reported.set(peer, kinds);
    }
    if (kinds.has(kind)) return;
    kinds.add(kind);
    const message = `${this.#label}: dropped an RPC from peer ${peer} (${kind}): ${detail}. Further ones of this kind from this peer are only counted.`;
    if (kind === 'unhandled') logger.verbose(message);
    else logger.warning(message);
  }

  forget(peer: number): void {
    this.#reported.delete(peer);
  }
}

/** Adds `stats` into `into`, keyed as the metrics label them (handled, sent, dropped:<kind>…). */
export function addRpcCounts(into: Map<string, number>, stats: RpcStats): void {
  const add = (key: string, n: number) => into.set(key, (into.get(key) ?? 0) + n);
  add('handled', stats.handled);
  add('sent', stats.sent);
  add('path-confirmed', stats.pathsConfirmed);
  for (const [kind, n] of Object.entries(stats.dropped)) add(`dropped:${kind}`, n);
}
