import { Error } from './error.js';
import { logger } from './logger.js';

/** What `getPacket` hands back: the bytes, or an empty array and an error (also kept for `getPacketError`). */
export const EMPTY_PACKET = new Uint8Array(0);

const MIN_ENCODE_BUFFER = 1024;
const MAX_ENCODE_BUFFER = 256 * 1024 * 1024;

/**
 * Godot's `PacketPeer`: the packet API every peer shares. Subclasses implement
 * `getAvailablePacketCount`, `getPacketRaw` and `putPacketRaw`; this base adds Godot's
 * shortcuts (`putPacket` of an empty array is OK and sends nothing), `getPacketError`, and
 * `getVar` / `putVar` with `encodeBufferMaxSize`.
 */
export abstract class PacketPeer {
  #lastError: Error = Error.OK;
  #encodeBufferMaxSize = 8 * 1024 * 1024;

  abstract getAvailablePacketCount(): number;

  /** Returns the next packet or an `Error` number. */
  protected abstract getPacketRaw(): Uint8Array | Error;

  protected abstract putPacketRaw(data: Uint8Array): Error;

  /** The next packet's bytes; an empty array on error (see `getPacketError`). */
  getPacket(): Uint8Array {
    const result = this.getPacketRaw();
    if (typeof result === 'number') {
      this.#lastError = result;
      return EMPTY_PACKET;
    }
    this.#lastError = Error.OK;
    return result;
  }

  /** The error of the last `getPacket` / `getVar`. */
  getPacketError(): Error {
    return this.#lastError;
  }

  /** Sends one packet. An empty array returns OK and sends nothing, as in Godot. */
  putPacket(data: Uint8Array): Error {
    if (data.byteLength === 0) return Error.OK;
    return this.putPacketRaw(data);
  }

  get encodeBufferMaxSize(): number {
    return this.#encodeBufferMaxSize;
  }

  set encodeBufferMaxSize(size: number) {
    this.setEncodeBufferMaxSize(size);
  }

  getEncodeBufferMaxSize(): number {
    return this.#encodeBufferMaxSize;
  }

  /** Godot's rule: < 1024 or > 256 MiB is refused; otherwise rounded up to a power of two. */
  setEncodeBufferMaxSize(size: number): void {
    if (!Number.isFinite(size) || size < MIN_ENCODE_BUFFER) {
      logger.error(`encodeBufferMaxSize must be at least ${MIN_ENCODE_BUFFER} bytes.`);
      return;
    }
    if (size > MAX_ENCODE_BUFFER) {
      logger.error(`encodeBufferMaxSize must be at most ${MAX_ENCODE_BUFFER} bytes.`);
      return;
    }
    let pow = MIN_ENCODE_BUFFER;
    while (pow < size) pow *= 2;
    this.#encodeBufferMaxSize = pow;
  }

  /** Records an error for `getPacketError` (used by `getVar`). */
  protected setPacketError(err: Error): void {
    this.#lastError = err;
  }
}
