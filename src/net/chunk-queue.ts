/**
 * A FIFO of byte chunks with a running byte count. Chunks are kept as given (zero-copy);
 * `copy` gathers bytes across chunk boundaries into a new array only when asked.
 */
export class ChunkQueue {
  #chunks: Uint8Array[] = [];
  #head = 0;
  #bytes = 0;

  /** Total bytes queued. */
  get byteLength(): number {
    return this.#bytes;
  }

  /** Number of chunks queued. */
  get length(): number {
    return this.#chunks.length - this.#head;
  }

  push(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    this.#chunks.push(chunk);
    this.#bytes += chunk.byteLength;
  }

  /** Puts a chunk back at the front. */
  unshift(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    if (this.#head > 0) this.#chunks[--this.#head] = chunk;
    else this.#chunks.unshift(chunk);
    this.#bytes += chunk.byteLength;
  }

  /** Removes and returns the first chunk as it was pushed. */
  shift(): Uint8Array | undefined {
    if (this.#head >= this.#chunks.length) return undefined;
    const chunk = this.#chunks[this.#head]!;
    this.#chunks[this.#head++] = EMPTY;
    this.#bytes -= chunk.byteLength;
    if (this.#head === this.#chunks.length) {
      this.#chunks.length = 0;
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#chunks.length) {
      this.#chunks = this.#chunks.slice(this.#head);
      this.#head = 0;
    }
    return chunk;
  }

  /**
   * A new array with the first `count` bytes (`count` ≤ `byteLength`); with `consume` they are
   * removed from the queue, a partly used chunk staying as a view of its remainder.
   */
  copy(count: number, consume: boolean): Uint8Array {
    const out = new Uint8Array(count);
    let filled = 0;
    let index = this.#head;
    while (filled < count) {
      const chunk = this.#chunks[index]!;
      const take = Math.min(chunk.byteLength, count - filled);
      out.set(take === chunk.byteLength ? chunk : chunk.subarray(0, take), filled);
      filled += take;
      if (consume) {
        if (take === chunk.byteLength) this.shift();
        else {
          this.#chunks[index] = chunk.subarray(take);
          this.#bytes -= take;
        }
      } else index++;
      if (consume) index = this.#head;
    }
    return out;
  }

  clear(): void {
    this.#chunks = [];
    this.#head = 0;
    this.#bytes = 0;
  }
}

const EMPTY = new Uint8Array(0);
