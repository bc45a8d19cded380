import { Ring } from '../shared/ring.js';

/**
 * A FIFO of byte chunks with a running byte count (a `Ring` of chunks). Chunks are kept as
 * given (zero-copy); `copy` gathers bytes across chunk boundaries into a new array only when
 * asked. Empty chunks are not queued.
 */
export class ChunkQueue extends Ring<Uint8Array> {
  #bytes = 0;

  /** Total bytes queued. */
  get byteLength(): number {
    return this.#bytes;
  }

  override push(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    super.push(chunk);
    this.#bytes += chunk.byteLength;
  }

  /** Puts a chunk back at the front. */
  override unshift(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    super.unshift(chunk);
    this.#bytes += chunk.byteLength;
  }

  /** Removes and returns the first chunk as it was pushed. */
  override shift(): Uint8Array | undefined {
    const chunk = super.shift();
    if (chunk !== undefined) this.#bytes -= chunk.byteLength;
    return chunk;
  }

  /**
   * A new array with the first `count` bytes (`count` ≤ `byteLength`); with `consume` they are
   * removed from the queue, a partly used chunk staying as a view of its remainder.
   */
  copy(count: number, consume: boolean): Uint8Array {
    const out = new Uint8Array(count);
    let filled = 0;
    let index = 0;
    while (filled < count) {
      const chunk = consume ? this.shift()! : this.at(index++)!;
      const take = Math.min(chunk.byteLength, count - filled);
      out.set(take === chunk.byteLength ? chunk : chunk.subarray(0, take), filled);
      filled += take;
      if (consume && take < chunk.byteLength) this.unshift(chunk.subarray(take));
    }
    return out;
  }

  override clear(): void {
    super.clear();
    this.#bytes = 0;
  }
}
