import { Ring } from '../../shared/ring.js';

/**
 * Which sent messages are still queued, for `maxQueuedPackets`. Godot counts a message until
 * all of its bytes have been written to the socket (docs/godot4-peer.md §1.8); here, until they
 * have left Node's socket buffer for the kernel, so a peer that stops reading makes sends fail once
 * that many messages wait, instead of letting the process buffer without bound.
 *
 * Positions are in the connection's running count of output bytes (`producedBytes`).
 */
export class OutboundLedger {
  /** Where each message still counted ends, oldest first. */
  readonly #ends = new Ring<number>();

  /** Records a message whose last byte is at `end` (the output count right after it). */
  sent(end: number): void {
    this.#ends.push(end);
  }

  /** How many messages are not fully written once the first `written` output bytes are. */
  pending(written: number): number {
    const ends = this.#ends;
    for (let end = ends.peek(); end !== undefined && end <= written; end = ends.peek()) {
      ends.shift();
    }
    return ends.size;
  }
}
