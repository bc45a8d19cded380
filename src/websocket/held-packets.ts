/**
 * A relay that cannot go now (see `RelayBackpressure`) waits for the recipients decided when it
 * first came: a retry asks only whether they can take it, so a relay filter, relay policy or
 * visibility rule sees each packet once (it may count or log).
 */
export interface Waiting {
  readonly waitFor: number[];
}

/**
 * What a relay's handler says of one packet: null, it was handled (sent, delivered or dropped);
 * or it waits for `waitFor`. `decided` is what it waited for before (null: it is new), of which
 * the handler sends to those still here.
 */
export type HandlePacket = (packet: Uint8Array, decided: number[] | null) => Waiting | null;

interface Queue {
  packets: Uint8Array[];
  /** The recipients decided for `packets[0]` when it was refused. */
  waitFor: number[] | null;
}

/** Packets read from senders that wait for their recipients, by sender, oldest first. */
export class HeldPackets {
  readonly #bySender = new Map<number, Queue>();

  has(sender: number): boolean {
    return this.#bySender.has(sender);
  }

  /** How many senders have packets waiting. */
  get size(): number {
    return this.#bySender.size;
  }

  /** Senders with packets waiting. */
  senders(): number[] {
    return [...this.#bySender.keys()];
  }

  /**
   * Queues `packet` behind what `sender` has waiting; `waitFor`, the recipients the handler
   * decided for it, counts when it is the oldest (nothing else waits).
   */
  hold(sender: number, packet: Uint8Array, waitFor: number[] | null = null): void {
    const queue = this.#bySender.get(sender);
    if (queue) queue.packets.push(packet);
    else this.#bySender.set(sender, { packets: [packet], waitFor });
  }

  /**
   * Offers `sender`'s packets, oldest first, to `handle` until one waits again (its new decision
   * is kept); true when none wait now.
   */
  releaseFrom(sender: number, handle: HandlePacket): boolean {
    const queue = this.#bySender.get(sender);
    if (!queue) return true;
    const { packets } = queue;
    let done = 0;
    while (done < packets.length) {
      const waiting = handle(packets[done]!, done === 0 ? queue.waitFor : null);
      if (waiting) {
        queue.waitFor = waiting.waitFor;
        break;
      }
      done++;
    }
    if (done === packets.length) {
      this.#bySender.delete(sender);
      return true;
    }
    if (done > 0) packets.splice(0, done);
    return false;
  }

  /** `releaseFrom` for every sender; returns those with nothing waiting now. */
  release(
    handle: (sender: number, packet: Uint8Array, decided: number[] | null) => Waiting | null,
  ): number[] {
    const done: number[] = [];
    for (const sender of [...this.#bySender.keys()]) {
      if (this.releaseFrom(sender, (packet, decided) => handle(sender, packet, decided))) {
        done.push(sender);
      }
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
