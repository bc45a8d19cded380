/**
 * Incremental frame parser (RFC 6455 §5.2) over arbitrary chunking.
 *
 * - The whole header is validated before any payload is looked at: RSV bits, opcode, control
 *   frame rules, fragmentation sequence, mask bit for the role, length encoding, and (through
 *   the sink) the message size limit. The first two bytes are checked as soon as they arrive.
 * - Payload is delivered as views into the caller's chunks (zero copy), still masked, with the
 *   key for each piece (`packMaskKey`), so the sink can unmask while it copies (one pass over a
 *   large message instead of two). Control payloads are unmasked here, in place. Views and
 *   in-place unmasking mean a caller must hand over chunks it will not reuse.
 * - A header split across chunks is gathered in a 14-byte spill; a control payload split across
 *   chunks in a 125-byte buffer. Nothing else is buffered here.
 * - Violations are returned as values; after one (or after `stop()`), input is ignored.
 *
 * Length encodings that are not minimal (a 16-bit length < 126, a 64-bit length < 65536) are
 * rejected with 1002: §5.2 says the minimal number of bytes MUST be used, and wslay (so Godot)
 * rejects them too. (ws accepts them; no conforming peer sends them.)
 */
import { extendedLengthSize } from './frame-header.js';
import { maskInPlace, NO_MASK, packMaskKey, rotateMaskKey, unpackMaskKey } from './mask.js';
import {
  FIN_BIT,
  isControl,
  isKnownOpcode,
  LENGTH_BITS,
  MASK_BIT,
  MAX_CONTROL_PAYLOAD,
  OPCODE_BITS,
  Opcode,
  RSV_BITS,
} from './opcode.js';
import { type ProtocolViolation, ViolationCode, violation } from './violation.js';

/** Receives what the parser finds; each method may return a violation to stop parsing. */
export interface FrameSink {
  /** A data frame (text, binary or continuation) whose header is valid; `length` is exact. */
  onDataFrame(opcode: number, fin: boolean, length: number): ProtocolViolation | undefined;
  /**
   * The next piece of the current data frame's payload: a view into the input, still masked
   * with `maskKey` (a `packMaskKey` number for the piece's first octet), or `NO_MASK`.
   */
  onDataPayload(data: Uint8Array, maskKey: number): ProtocolViolation | undefined;
  /** The current data frame's payload is complete. */
  onDataFrameEnd(fin: boolean): ProtocolViolation | undefined;
  /** A whole control frame; `payload` (≤ 125 bytes) is a view or the parser's fresh copy. */
  onControlFrame(opcode: number, payload: Uint8Array): ProtocolViolation | undefined;
}

const STATE_HEADER = 0;
const STATE_PAYLOAD = 1;
const EMPTY = new Uint8Array(0);
/** Scratch for a control frame's key bytes (used synchronously). */
const CONTROL_KEY = new Uint8Array(4);

export class FrameParser {
  readonly #sink: FrameSink;
  readonly #expectMasked: boolean;
  #state = STATE_HEADER;
  #done = false;
  /**
   * Header bytes gathered so far when a header is split across chunks; made the first time
   * that happens (most connections never need it).
   */
  #spill: Uint8Array | undefined;
  #spillLen = 0;
  /** Header size once the first two bytes are known (0 before). */
  #headerSize = 0;
  // Current frame.
  #fin = false;
  #opcode = 0;
  #masked = false;
  #remaining = 0;
  /** The current frame's masking key, packed (`packMaskKey`). */
  #key = 0;
  #phase = 0;
  /** A fragmented data message is open (a continuation is expected next). */
  #inMessage = false;
  /** Made when a control payload first spans chunks (most connections never need it). */
  #control: Uint8Array | undefined;
  #controlLen = 0;
  /** The violation found by `#checkFirstBytes` (which returns −1 for it). */
  #pending: ProtocolViolation | undefined;

  /**
   * `expectMasked`: true for a server (clients must mask, §5.1), false for a client (servers
   * must not mask).
   */
  constructor(sink: FrameSink, expectMasked: boolean) {
    this.#sink = sink;
    this.#expectMasked = expectMasked;
  }

  /** True after a violation or `stop()`: further input is ignored. */
  get done(): boolean {
    return this.#done;
  }

  /** Ignore all further input (e.g. after a close frame, §5.5.1). */
  stop(): void {
    this.#done = true;
  }

  /** Bytes held between chunks (split header or control payload); at most 14 + 125. */
  get bufferedBytes(): number {
    return this.#spillLen + this.#controlLen;
  }

  /** Parses `chunk` (may be mutated: payloads are unmasked in place). Never throws. */
  push(chunk: Uint8Array): ProtocolViolation | undefined {
    let pos = 0;
    const end = chunk.length;
    while (pos < end && !this.#done) {
      let v: ProtocolViolation | undefined;
      if (this.#state === STATE_HEADER) {
        if (this.#spillLen === 0 && end - pos >= 2) {
          // Fast path: header validated and read straight from the chunk when it is all there.
          const size = this.#checkFirstBytes(chunk[pos]!, chunk[pos + 1]!);
          if (size < 0) return this.#fail();
          if (end - pos >= size) {
            v = this.#readHeader(chunk, pos);
            pos += size;
            this.#headerSize = 0;
          } else {
            this.#spill ??= new Uint8Array(14);
            this.#spill.set(view(chunk, pos, end));
            this.#spillLen = end - pos;
            this.#headerSize = size;
            pos = end;
          }
        } else {
          // Slow path: gather the header in the spill.
          this.#spill ??= new Uint8Array(14);
          const spill = this.#spill;
          if (this.#spillLen < 2) {
            spill[this.#spillLen++] = chunk[pos++]!;
            if (this.#spillLen < 2) continue;
            const size = this.#checkFirstBytes(spill[0]!, spill[1]!);
            if (size < 0) return this.#fail();
            this.#headerSize = size;
          }
          const take = Math.min(this.#headerSize - this.#spillLen, end - pos);
          spill.set(view(chunk, pos, pos + take), this.#spillLen);
          this.#spillLen += take;
          pos += take;
          if (this.#spillLen < this.#headerSize) continue;
          this.#spillLen = 0;
          this.#headerSize = 0;
          v = this.#readHeader(spill, 0);
        }
      } else {
        const take = Math.min(this.#remaining, end - pos);
        const stop = pos + take;
        this.#remaining -= take;
        if (this.#opcode >= Opcode.CLOSE) {
          if (this.#masked) {
            const key = unpackMaskKey(this.#key, CONTROL_KEY);
            this.#phase = maskInPlace(chunk, pos, stop, key, 0, this.#phase);
          }
          if (this.#remaining === 0 && this.#controlLen === 0) {
            v = this.#endControl(view(chunk, pos, stop));
          } else {
            this.#control ??= new Uint8Array(MAX_CONTROL_PAYLOAD);
            const control = this.#control;
            control.set(view(chunk, pos, stop), this.#controlLen);
            this.#controlLen += take;
            if (this.#remaining === 0) {
              const payload = control.slice(0, this.#controlLen);
              this.#controlLen = 0;
              v = this.#endControl(payload);
            }
          }
        } else {
          let maskKey = NO_MASK;
          if (this.#masked) {
            maskKey = rotateMaskKey(this.#key, this.#phase);
            this.#phase = (this.#phase + take) & 3;
          }
          v = this.#sink.onDataPayload(view(chunk, pos, stop), maskKey);
          if (v === undefined && this.#remaining === 0) v = this.#endData();
        }
        pos = stop;
      }
      if (v !== undefined) return this.#failWith(v);
    }
    return undefined;
  }

  #fail(): ProtocolViolation {
    const v = this.#pending!;
    this.#pending = undefined;
    return this.#failWith(v);
  }

  #failWith(v: ProtocolViolation): ProtocolViolation {
    this.#done = true;
    return v;
  }

  /**
   * Validates the first two header bytes (§5.2, §5.4, §5.5, §5.1) and returns the full header
   * size, or −1 with the violation left in `#pending`.
   */
  #checkFirstBytes(b0: number, b1: number): number {
    let v: ProtocolViolation | undefined;
    const opcode = b0 & OPCODE_BITS;
    const len7 = b1 & LENGTH_BITS;
    const masked = (b1 & MASK_BIT) !== 0;
    if ((b0 & RSV_BITS) !== 0) {
      // §5.2: a nonzero RSV value with no extension negotiated fails the connection.
      v = violation(
        ViolationCode.UNEXPECTED_RSV,
        `RSV bits set (0x${(b0 & RSV_BITS).toString(16)})`,
      );
    } else if (!isKnownOpcode(opcode)) {
      // §5.2: reserved opcodes fail the connection.
      v = violation(ViolationCode.INVALID_OPCODE, `reserved opcode 0x${opcode.toString(16)}`);
    } else if (isControl(opcode)) {
      // §5.5: control frames are never fragmented and carry at most 125 bytes.
      if ((b0 & FIN_BIT) === 0) {
        v = violation(ViolationCode.FRAGMENTED_CONTROL, 'fragmented control frame');
      } else if (len7 > MAX_CONTROL_PAYLOAD) {
        v = violation(ViolationCode.CONTROL_TOO_LONG, 'control frame payload over 125 bytes');
      }
    } else if (opcode === Opcode.CONTINUATION) {
      // §5.4: a continuation needs an open fragmented message.
      if (!this.#inMessage) {
        v = violation(
          ViolationCode.UNEXPECTED_CONTINUATION,
          'continuation frame without a message',
        );
      }
    } else if (this.#inMessage) {
      // §5.4: fragments of one message are not interleaved with another data message.
      v = violation(
        ViolationCode.EXPECTED_CONTINUATION,
        'new data frame inside a fragmented message',
      );
    }
    if (v === undefined && masked !== this.#expectMasked) {
      // §5.1: clients mask every frame, servers mask none; either side fails on the wrong one.
      v = this.#expectMasked
        ? violation(ViolationCode.EXPECTED_MASK, 'unmasked frame from a client')
        : violation(ViolationCode.UNEXPECTED_MASK, 'masked frame from a server');
    }
    if (v !== undefined) {
      this.#pending = v;
      return -1;
    }
    return 2 + extendedLengthSize(len7) + (masked ? 4 : 0);
  }

  /** Reads a complete, first-bytes-validated header at `buf[off]` and starts the frame. */
  #readHeader(buf: Uint8Array, off: number): ProtocolViolation | undefined {
    const b0 = buf[off]!;
    const b1 = buf[off + 1]!;
    let o = off + 2;
    let length = b1 & LENGTH_BITS;
    if (length === 126) {
      length = (buf[o]! << 8) | buf[o + 1]!;
      o += 2;
      if (length < 126) {
        return violation(ViolationCode.NON_MINIMAL_LENGTH, `16-bit length ${length} < 126`);
      }
    } else if (length === 127) {
      const hi = ((buf[o]! << 24) | (buf[o + 1]! << 16) | (buf[o + 2]! << 8) | buf[o + 3]!) >>> 0;
      const lo =
        ((buf[o + 4]! << 24) | (buf[o + 5]! << 16) | (buf[o + 6]! << 8) | buf[o + 7]!) >>> 0;
      o += 8;
      if (hi >= 0x80000000) {
        // §5.2: the most significant bit of a 64-bit length MUST be 0.
        return violation(ViolationCode.INVALID_LENGTH, '64-bit length with the top bit set');
      }
      if (hi > 0x1fffff) {
        return violation(ViolationCode.MESSAGE_TOO_BIG, 'frame length over 2^53 - 1 bytes');
      }
      length = hi * 0x100000000 + lo;
      if (length < 0x10000) {
        return violation(ViolationCode.NON_MINIMAL_LENGTH, `64-bit length ${length} < 65536`);
      }
    }
    const fin = (b0 & FIN_BIT) !== 0;
    const opcode = b0 & OPCODE_BITS;
    this.#fin = fin;
    this.#opcode = opcode;
    this.#remaining = length;
    this.#phase = 0;
    this.#masked = (b1 & MASK_BIT) !== 0;
    if (this.#masked) {
      this.#key = packMaskKey(buf, o, 0);
    }
    if (opcode >= Opcode.CLOSE) {
      if (length === 0) return this.#endControl(EMPTY);
      this.#state = STATE_PAYLOAD;
      return undefined;
    }
    this.#inMessage = !fin;
    const v = this.#sink.onDataFrame(opcode, fin, length);
    if (v !== undefined) return v;
    if (length === 0) return this.#endData();
    this.#state = STATE_PAYLOAD;
    return undefined;
  }

  #endData(): ProtocolViolation | undefined {
    this.#state = STATE_HEADER;
    return this.#sink.onDataFrameEnd(this.#fin);
  }

  #endControl(payload: Uint8Array): ProtocolViolation | undefined {
    this.#state = STATE_HEADER;
    return this.#sink.onControlFrame(this.#opcode, payload);
  }
}

/**
 * A plain `Uint8Array` view of `chunk[from, to)`, whatever `chunk` is: a Node `Buffer`'s own
 * `subarray` is slower (it makes another Buffer), and payloads handed out are plain views in
 * every runtime.
 */
function view(chunk: Uint8Array, from: number, to: number): Uint8Array {
  return new Uint8Array(chunk.buffer, chunk.byteOffset + from, to - from);
}
