import { PacketQueue, type QueuedPacket } from '../../core/packet-queue.js';

/** A received message, as `Connection` hands it over. */
export interface ReceivedMessage {
  data: Uint8Array;
  text: boolean;
}

/** Decides about one arriving data message by its payload size: true keeps it. */
export type InboundGate = (bytes: number) => boolean;

/**
 * The inbound queue of a peer that has no message yet: takes nothing (shared; always empty).
 * A peer's own queue is made by its first message, so idle connections hold none.
 */
const NO_INBOUND = new PacketQueue(0, 0);

/**
 * What the Node `WebSocketPeer` has received and `getPacket` has not taken yet: a bounded
 * queue (limits fixed when the peer opens, as in Godot) and at most one message held back while
 * the queue is full. Holding a message stops reading, so a peer that does not read its packets
 * makes TCP push back on the sender. It outlives the connection: messages that arrived before a
 * close can still be read.
 */
export class InboundMessages {
  /** Asked about each arriving message before it is queued; false discards it. */
  gate: InboundGate | null = null;
  #pausedUntil = 0;
  #queue = NO_INBOUND;
  #held: ReceivedMessage | null = null;
  #maxPackets = 0;
  #maxBytes = 0;

  /** Sets the limits for the next connection and forgets what the last one left. */
  open(maxPackets: number, maxBytes: number): void {
    this.clear();
    this.#maxPackets = maxPackets;
    this.#maxBytes = maxBytes;
  }

  get count(): number {
    return this.#queue.count;
  }

  /** Whether a message waits for room in the queue (reading has stopped). */
  get holding(): boolean {
    return this.#held !== null;
  }

  shift(): QueuedPacket | undefined {
    return this.#queue.shift();
  }

  /** Queues `message`, or holds it if the queue is full. */
  offer(message: ReceivedMessage): void {
    if (this.gate !== null && !this.gate(message.data.byteLength)) return;
    if (!this.#push(message)) this.#held = message;
  }

  /**
   * Reads nothing more until `performance.now()` reaches `until` (`releaseHeld` says so), so
   * the socket's buffers fill and TCP pushes back on the sender.
   */
  pauseUntil(until: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, until);
  }

  /** Whether reading is paused (`pauseUntil`): a poll is needed to resume it. */
  get paused(): boolean {
    return this.#pausedUntil > 0;
  }

  /**
   * Queues the held message if there is room now; false while it is still held (or reading is
   * paused): the reader stops.
   */
  releaseHeld(): boolean {
    if (this.#pausedUntil > 0) {
      if (performance.now() < this.#pausedUntil) return false;
      this.#pausedUntil = 0;
    }
    const held = this.#held;
    if (!held) return true;
    if (!this.#push(held)) return false;
    this.#held = null;
    return true;
  }

  /** Forgets every received message not yet taken; the queue itself goes too. */
  clear(): void {
    this.#queue = NO_INBOUND;
    this.#held = null;
  }

  #push(message: ReceivedMessage): boolean {
    let queue = this.#queue;
    if (queue === NO_INBOUND) {
      queue = new PacketQueue(this.#maxPackets, this.#maxBytes);
      this.#queue = queue;
    }
    return queue.push(message.data, message.text);
  }
}
