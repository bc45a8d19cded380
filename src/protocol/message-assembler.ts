/**
 * Data frames → messages (RFC 6455 §5.4): a message is a text or binary frame followed, when
 * its FIN bit is clear, by continuation frames up to one with FIN. (Control frames interleaved
 * between fragments never reach the assembler; the parser hands them to the connection.)
 *
 * Limits: with `maxMessageSize` > 0, a message may hold at most that many bytes, counted as its
 * payload plus `FRAGMENT_OVERHEAD` per fragment after the first, so a flood of tiny or empty
 * fragments cannot pin memory or CPU. The check runs on each frame header, before any of its
 * payload is kept (§10.4), and fails with 1009. A single-frame message is counted by payload
 * only, so a message of exactly `maxMessageSize` bytes passes (as in Godot).
 *
 * Text is validated incrementally (§8.1): an invalid byte fails with 1007 as soon as it
 * arrives, even mid-frame; an unfinished sequence at the end of the message fails at the end.
 *
 * Copies: a message whose payload arrived as one piece (one frame inside one input chunk) is
 * returned as that view, with no copy; otherwise the pieces (views into the input chunks) are
 * concatenated once when the message completes. Binary pieces are kept masked and unmasked
 * at that point, in the same pass as the copy; text is unmasked as it arrives (to validate it).
 */
import { type Allocate, allocateZeroed } from './allocate.js';
import { jsMasker, type Masker, NO_MASK } from './mask.js';
import { Opcode } from './opcode.js';
import { UTF8_OK, type Utf8RangeCheck, Utf8Validator } from './utf8.js';
import { type ProtocolViolation, ViolationCode, violation } from './violation.js';

/** Bytes charged against the limit for each fragment after the first. */
export const FRAGMENT_OVERHEAD = 64;

const EMPTY = new Uint8Array(0);

export class MessageAssembler {
  /** Limit in bytes; 0 = unlimited. */
  readonly maxMessageSize: number;
  #text = false;
  /** The first piece (most messages have only one), then the others, each with its mask key. */
  #first: Uint8Array | undefined;
  #firstKey = NO_MASK;
  #rest: Uint8Array[] | undefined;
  #restKeys: number[] | undefined;
  /** Payload bytes held for the open message. */
  #bytes = 0;
  /** Payload plus fragment overhead charged to the open message. */
  #charged = 0;
  #frames = 0;
  /** Made by the first text message (many connections never get one). */
  #utf8: Utf8Validator | null = null;
  readonly #utf8Check: Utf8RangeCheck | undefined;
  readonly #allocate: Allocate;
  readonly #masker: Masker;

  /**
   * `maxMessageSize`: limit in bytes, 0 = unlimited. `utf8Check`: optional fast whole-range
   * UTF-8 validator (see `Utf8Validator`). `allocate`: makes the buffer a fragmented message is
   * gathered into (default a zeroed `Uint8Array`; every byte is overwritten, so an
   * uninitialised allocation is safe). `masker`: unmasks (default: the JS kernels).
   */
  constructor(
    maxMessageSize = 0,
    utf8Check?: Utf8RangeCheck,
    allocate?: Allocate,
    masker: Masker = jsMasker,
  ) {
    this.maxMessageSize = Math.max(maxMessageSize, 0);
    this.#utf8Check = utf8Check;
    this.#allocate = allocate ?? allocateZeroed;
    this.#masker = masker;
  }

  /** Whether the open (or last completed) message is text. */
  get text(): boolean {
    return this.#text;
  }

  /** Payload bytes currently held for an incomplete message. */
  get bufferedBytes(): number {
    return this.#bytes;
  }

  /**
   * A data frame header arrived (the parser has already checked the opcode sequence). Returns a
   * 1009 violation if the frame would take the message over the limit.
   */
  frameStart(opcode: number, length: number): ProtocolViolation | undefined {
    if (opcode !== Opcode.CONTINUATION) {
      this.#text = opcode === Opcode.TEXT;
      this.#frames = 0;
      this.#charged = 0;
      if (this.#text) {
        this.#utf8 ??= new Utf8Validator(this.#utf8Check);
        this.#utf8.reset();
      }
    }
    const charged = this.#charged + length + (this.#frames === 0 ? 0 : FRAGMENT_OVERHEAD);
    this.#frames++;
    if (this.maxMessageSize > 0 && charged > this.maxMessageSize) {
      // §10.4: an endpoint may fail the connection on a message too large for it (1009, §7.4.1).
      return violation(
        ViolationCode.MESSAGE_TOO_BIG,
        `message of at least ${charged} bytes exceeds the limit of ${this.maxMessageSize}`,
      );
    }
    this.#charged = charged;
    return undefined;
  }

  /**
   * The next piece of payload, masked with `maskKey` (`packMaskKey`) or `NO_MASK`. Text is
   * unmasked and validated now; binary stays masked until `take()`.
   */
  payload(data: Uint8Array, maskKey = NO_MASK): ProtocolViolation | undefined {
    let key = maskKey;
    if (this.#text) {
      if (key !== NO_MASK) {
        this.#masker.maskInPlace(data, key);
        key = NO_MASK;
      }
      const bad = this.#utf8!.update(data);
      if (bad !== UTF8_OK) {
        return violation(
          ViolationCode.INVALID_UTF8,
          `invalid UTF-8 at byte ${this.#bytes + bad} of a text message`,
        );
      }
    }
    if (this.#first === undefined) {
      this.#first = data;
      this.#firstKey = key;
    } else {
      if (this.#rest === undefined) {
        this.#rest = [data];
        this.#restKeys = [key];
      } else {
        this.#rest.push(data);
        this.#restKeys!.push(key);
      }
    }
    this.#bytes += data.length;
    return undefined;
  }

  /**
   * The current frame ended. When `fin`, the message is complete: a text message must not end
   * inside a UTF-8 sequence (1007); call `take()` to get it.
   */
  frameEnd(fin: boolean): ProtocolViolation | undefined {
    if (fin && this.#text && !this.#utf8!.complete) {
      return violation(ViolationCode.INVALID_UTF8, 'text message ends inside a UTF-8 sequence');
    }
    return undefined;
  }

  /** Returns the completed message and forgets it (one view, or one concatenation). */
  take(): Uint8Array {
    const first = this.#first;
    let out: Uint8Array;
    if (first === undefined) {
      out = EMPTY;
    } else if (this.#rest === undefined) {
      out = first;
      if (this.#firstKey !== NO_MASK) {
        this.#masker.maskInPlace(first, this.#firstKey);
      }
    } else {
      out = this.#gatherBuffer(first);
      let at = this.#copyPiece(first, this.#firstKey, out, 0);
      const rest = this.#rest;
      const keys = this.#restKeys!;
      for (let i = 0; i < rest.length; i++) at = this.#copyPiece(rest[i]!, keys[i]!, out, at);
      this.#rest = undefined;
      this.#restKeys = undefined;
    }
    this.#first = undefined;
    this.#firstKey = NO_MASK;
    this.#bytes = 0;
    this.#charged = 0;
    this.#frames = 0;
    return out;
  }

  /**
   * The buffer a message is gathered into, placed at the same address alignment (mod 4) as its
   * first piece: input chunks are word-aligned, so every piece then lines up with its place and
   * is unmasked and copied in one word-at-a-time pass. The (≤ 3) bytes before it are zeroed.
   */
  #gatherBuffer(first: Uint8Array): Uint8Array {
    const size = this.#bytes;
    const block = this.#allocate(size + 3);
    const pad = (first.byteOffset - block.byteOffset) & 3;
    block.fill(0, 0, pad);
    block.fill(0, pad + size);
    return block.subarray(pad, pad + size);
  }

  /** Copies (and unmasks) one piece into `out` at `at`; returns the offset after it. */
  #copyPiece(piece: Uint8Array, maskKey: number, out: Uint8Array, at: number): number {
    if (maskKey === NO_MASK) out.set(piece, at);
    else this.#masker.maskInto(piece, out, at, maskKey);
    return at + piece.length;
  }
}
