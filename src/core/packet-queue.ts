import { Ring } from '../shared/ring.js';

/** One queued packet: its bytes, whether it came from a text frame, and its source peer. */
export interface QueuedPacket {
  data: Uint8Array;
  isString: boolean;
  /** Source peer id (multiplayer peers); 0 when not used. */
  peer: number;
}

/**
 * A FIFO of packets bounded by count and by total payload bytes (Godot's PacketBuffer analog).
 * `push` refuses (returns false) rather than grow past either bound. Amortised O(1) operations.
 */
export class PacketQueue {
  readonly #items = new Ring<QueuedPacket>();
  #bytes = 0;
  maxPackets: number;
  maxBytes: number;

  /** `maxBytes` ≤ 0 means the byte count is not limited. */
  constructor(maxPackets: number, maxBytes: number) {
    this.maxPackets = maxPackets;
    this.maxBytes = maxBytes;
  }

  get count(): number {
    return this.#items.size;
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
    this.#items.push({ data, isString, peer });
    this.#bytes += data.byteLength;
    return true;
  }

  peek(): QueuedPacket | undefined {
    return this.#items.peek();
  }

  shift(): QueuedPacket | undefined {
    const item = this.#items.shift();
    if (item !== undefined) this.#bytes -= item.data.byteLength;
    return item;
  }

  clear(): void {
    this.#items.clear();
    this.#bytes = 0;
  }
}
