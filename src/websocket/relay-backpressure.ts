/**
 * How long, in total per `RELAY_WINDOW_MS`, one recipient may hold senders back. Past that it
 * counts as stalled: what is relayed to it while it cannot take it is dropped and counted, so a
 * client that reads slowly, or not at all, cannot freeze a room (at most 20% of the time).
 */
export const RELAY_HOLD_BUDGET_MS = 2000;
export const RELAY_WINDOW_MS = 10_000;

interface Blocking {
  /** Since when it cannot take packets (`performance.now()`), or −1. */
  since: number;
  windowStart: number;
  /** Time it held senders back in this window, not counting the current block. */
  spent: number;
}

/**
 * The fairness rule of the relays (Godot 4 `SceneRelayServer`, Godot 3 `WebSocketServer`): a
 * relayed packet goes out only when every recipient can take it now; otherwise it waits and its
 * sender is not read meanwhile (its own queue fills, TCP pushes back on it), instead of the packet
 * being dropped for a recipient whose buffer someone else filled. A recipient that held senders
 * back for `RELAY_HOLD_BUDGET_MS` within `RELAY_WINDOW_MS` no longer counts until it can take
 * packets again and a new window starts.
 */
export class RelayBackpressure {
  /** Recipients that could not take a packet at some point (forgotten when they leave). */
  readonly #blocking = new Map<number, Blocking>();

  /** Whether a packet may go to all of `recipients` now (`fits`: this one can take it). */
  allFit(recipients: Iterable<number>, fits: (id: number) => boolean, now: number): boolean {
    let ok = true;
    for (const id of recipients) {
      let b = this.#blocking.get(id);
      if (b && now - b.windowStart > RELAY_WINDOW_MS) {
        // A new window, unless it is still blocked past its budget (a reader that stopped).
        const over = b.since >= 0 && b.spent + (now - b.since) > RELAY_HOLD_BUDGET_MS;
        if (!over) {
          b.windowStart = now;
          b.spent = 0;
          if (b.since >= 0) b.since = now;
        }
      }
      if (fits(id)) {
        if (b && b.since >= 0) {
          b.spent += now - b.since;
          b.since = -1;
        }
        continue;
      }
      if (!b) {
        b = { since: now, windowStart: now, spent: 0 };
        this.#blocking.set(id, b);
      } else if (b.since < 0) b.since = now;
      if (b.spent + (now - b.since) <= RELAY_HOLD_BUDGET_MS) ok = false;
    }
    return ok;
  }

  forget(id: number): void {
    this.#blocking.delete(id);
  }

  clear(): void {
    this.#blocking.clear();
  }
}
