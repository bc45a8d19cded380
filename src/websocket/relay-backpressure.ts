/**
 * How long a recipient may stay unable to take relayed packets before it stops holding their
 * senders back: then it is stalled (it does not read), and what is relayed to it is dropped and
 * counted, so one client that stops reading cannot freeze a room.
 */
export const RELAY_STALL_MS = 2000;

/**
 * The fairness rule of the relays (Godot 4 `SceneRelayServer`, Godot 3 `WebSocketServer`): a
 * relayed packet goes out only when every recipient can take it now; otherwise it waits and its
 * sender is not read meanwhile (its own queue fills, TCP pushes back on it), instead of the packet
 * being dropped for a recipient whose buffer someone else filled. A recipient that has not been
 * able to take anything for `RELAY_STALL_MS` no longer counts.
 */
export class RelayBackpressure {
  /** Recipients that could not take a packet, since when (`performance.now()`). */
  readonly #blockedSince = new Map<number, number>();

  /** Whether a packet may go to all of `recipients` now (`fits`: this one can take it). */
  allFit(recipients: Iterable<number>, fits: (id: number) => boolean, now: number): boolean {
    let ok = true;
    for (const id of recipients) {
      if (fits(id)) {
        this.#blockedSince.delete(id);
        continue;
      }
      const since = this.#blockedSince.get(id);
      if (since === undefined) this.#blockedSince.set(id, now);
      if (since === undefined || now - since <= RELAY_STALL_MS) ok = false;
    }
    return ok;
  }

  forget(id: number): void {
    this.#blockedSince.delete(id);
  }

  clear(): void {
    this.#blockedSince.clear();
  }
}

/** Packets read from senders that wait for their recipients (see `RelayBackpressure`), by sender. */
export class HeldPackets {
  readonly #bySender = new Map<number, Uint8Array[]>();

  has(sender: number): boolean {
    return this.#bySender.has(sender);
  }

  /** Queues `packet` behind what `sender` already has waiting. */
  hold(sender: number, packet: Uint8Array): void {
    const list = this.#bySender.get(sender);
    if (list) list.push(packet);
    else this.#bySender.set(sender, [packet]);
  }

  /**
   * Offers each sender's packets, oldest first, to `send` until it refuses one (false); returns
   * the senders whose packets all went (no longer held).
   */
  release(send: (sender: number, packet: Uint8Array) => boolean): number[] {
    const done: number[] = [];
    for (const [sender, list] of this.#bySender) {
      let sent = 0;
      while (sent < list.length && send(sender, list[sent]!)) sent++;
      if (sent === list.length) {
        this.#bySender.delete(sender);
        done.push(sender);
      } else if (sent > 0) list.splice(0, sent);
    }
    return done;
  }

  forget(sender: number): void {
    this.#bySender.delete(sender);
  }

  clear(): void {
    this.#bySender.clear();
  }
}
