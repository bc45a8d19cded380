/**
 * The node paths each client gave an id (SIMPLIFY_PATH, both engines; what a Godot server keeps
 * per peer): id → path. A client may cache any number of nodes; `limit` bounds what one client
 * can make the server hold.
 */
export class PeerPathCache {
  readonly #byPeer = new Map<number, Map<number, string>>();
  readonly limit: number;

  constructor(limit = 4096) {
    this.limit = limit;
  }

  /** Remembers `id` → `path` for `peer`; false if the id is taken or the peer is at its limit. */
  add(peer: number, id: number, path: string): boolean {
    let ids = this.#byPeer.get(peer);
    if (!ids) {
      ids = new Map();
      this.#byPeer.set(peer, ids);
    }
    if (ids.has(id) || ids.size >= this.limit) return false;
    ids.set(id, path);
    return true;
  }

  get(peer: number, id: number): string | undefined {
    return this.#byPeer.get(peer)?.get(id);
  }

  forget(peer: number): void {
    this.#byPeer.delete(peer);
  }

  clear(): void {
    this.#byPeer.clear();
  }
}
