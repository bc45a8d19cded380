/**
 * When the Node `WebSocketPeer` may let `Connection.heartbeat` judge the peer, and with which
 * clock. Godot's heartbeat (docs/godot4-peer.md §1.9) drops a peer whose last ping is unanswered
 * after one interval; two situations would make that drop a live peer here:
 *
 * - Input held back: the inbound queue is full because the application has not read its
 *   packets, so reading stopped and the pong may be waiting behind those messages. The check
 *   pauses, and once input flows again the last ping gets a full interval from then (the
 *   heartbeat clock is shifted back by the time spent since that ping).
 * - A blocked event loop (a long frame, a GC pause): Godot reads the socket inside poll(), but
 *   Node delivers socket data between polls, so a pong may be waiting in the socket. Once a
 *   ping is due, the verdict waits for one `setImmediate` turn, which runs after pending I/O.
 */
export class HeartbeatGate {
  #clockShift = 0;
  #lastPingAt = Number.NEGATIVE_INFINITY;
  #stalled = false;
  #turnAwaited = false;
  #turnDone = false;

  /**
   * The heartbeat clock to pass to `Connection.heartbeat` on this poll, or null to skip the
   * heartbeat this time. `inputHeld`: the peer holds a message the inbound queue cannot take.
   */
  check(nowMs: number, intervalMs: number, inputHeld: boolean): number | null {
    const now = nowMs - this.#clockShift;
    if (inputHeld) {
      this.#stalled = true;
      return null;
    }
    const pinged = this.#lastPingAt > Number.NEGATIVE_INFINITY;
    if (this.#stalled) {
      this.#stalled = false;
      if (pinged) {
        this.#clockShift += now - this.#lastPingAt;
        return null;
      }
    }
    if (pinged && now - this.#lastPingAt > intervalMs) {
      if (!this.#turnAwaited) {
        this.#turnAwaited = true;
        this.#turnDone = false;
        setImmediate(() => {
          this.#turnDone = true;
        });
        return null;
      }
      if (!this.#turnDone) return null;
    }
    this.#turnAwaited = false;
    return now;
  }

  /** Records that `Connection.heartbeat(clock, …)` sent a ping. */
  pingSent(clock: number): void {
    this.#lastPingAt = clock;
  }
}
