import { Error, errorName } from './error.js';
import { logger } from './logger.js';
import { decodeVariant } from './variant/decode.js';
import { encodeVariant } from './variant/encode.js';
import type { Variant } from './variant/variant.js';
import type { VariantFormat } from './variant/variant-type.js';

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

  /**
   * Which Variant type table `getVar` / `putVar` use: `'godot4'` (default) or `'godot3'`
   * (the Godot 3 classes set it). The two engine generations number their types differently.
   */
  variantFormat: VariantFormat = 'godot4';

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

  /**
   * Godot's `get_var`: decodes the next packet as a Variant (trailing bytes ignored). Returns
   * null on any error and keeps the error for `getPacketError` (ERR_UNAUTHORIZED for a full
   * object unless `allowObjects`).
   */
  getVar(allowObjects = false): Variant {
    const packet = this.getPacketRaw();
    if (typeof packet === 'number') {
      this.#lastError = packet;
      logger.error(`getVar: no packet to decode (${errorName(packet)}).`);
      return null;
    }
    const result = decodeVariant(packet, { format: this.variantFormat, allowObjects });
    this.#lastError = result.error;
    if (result.error !== Error.OK) {
      logger.error(
        `getVar: cannot decode the packet (${errorName(result.error)}): ${result.reason}.`,
      );
      return null;
    }
    return result.value;
  }

  /**
   * Godot's `put_var`: encodes `value` and sends it as one packet. An encoding larger than
   * `encodeBufferMaxSize` fails with ERR_OUT_OF_MEMORY; `GodotObject`s need `fullObjects`.
   */
  putVar(value: Variant, fullObjects = false): Error {
    const result = encodeVariant(value, {
      format: this.variantFormat,
      fullObjects,
      maxSize: this.#encodeBufferMaxSize,
    });
    if (result.error !== Error.OK) {
      logger.error(
        `putVar: cannot encode the value (${errorName(result.error)}): ${result.reason}.`,
      );
      return result.error;
    }
    return this.putPacket(result.bytes);
  }

  /** Records an error for `getPacketError` (used by `getVar`). */
  protected setPacketError(err: Error): void {
    this.#lastError = err;
  }
}
