/** One queued packet: its bytes, whether it came from a text frame, and its source peer. */
export interface QueuedPacket {
  data: Uint8Array;
  isString: boolean;
  /** Source peer id (multiplayer peers); 0 when not used. */
  peer: number;
}

/** The list of a queue that holds nothing yet (shared; never written). */
const NO_ITEMS: (QueuedPacket | undefined)[] = [];

/**
 * A FIFO of packets bounded by count and by total payload bytes (Godot's PacketBuffer analog).
 * `push` refuses (returns false) rather than grow past either bound. Amortised O(1) operations.
 */
export class PacketQueue {
  #items: (QueuedPacket | undefined)[] = NO_ITEMS; // made on the first push
  #head = 0;
  #bytes = 0;
  maxPackets: number;
  maxBytes: number;

  /** `maxBytes` ≤ 0 means the byte count is not limited. */
  constructor(maxPackets: number, maxBytes: number) {
    this.maxPackets = maxPackets;
    this.maxBytes = maxBytes;
  }

  get count(): number {
    return this.#items.length - this.#head;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Whether a packet of `size` bytes would fit now. */
  fits(size: number): boolean {
    if (this.count >= this.maxPackets) return false;
    return this.maxBytes <= 0 || this.#bytes + size <= this.maxBytes;
  }

  push(data: Uint8Array, isString = false, peer = 0): boolean {
    if (!this.fits(data.byteLength)) return false;
    if (this.#items === NO_ITEMS) this.#items = [];
    this.#items.push({ data, isString, peer });
    this.#bytes += data.byteLength;
    return true;
  }

  peek(): QueuedPacket | undefined {
    return this.#items[this.#head];
  }

  shift(): QueuedPacket | undefined {
    const item = this.#items[this.#head];
    if (item === undefined) return undefined;
    this.#items[this.#head] = undefined;
    this.#head++;
    this.#bytes -= item.data.byteLength;
    if (this.#head === this.#items.length) {
      // Drained: start over at the front (the spent slots would otherwise stay allocated).
      this.#items.length = 0;
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  clear(): void {
    this.#items = NO_ITEMS;
    this.#head = 0;
    this.#bytes = 0;
  }
}
