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
 * concatenated once when the message completes.
 */
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
  /** The first piece (most messages have only one), then the others. */
  #first: Uint8Array | undefined;
  #rest: Uint8Array[] = [];
  /** Payload bytes held for the open message. */
  #bytes = 0;
  /** Payload plus fragment overhead charged to the open message. */
  #charged = 0;
  #frames = 0;
  readonly #utf8: Utf8Validator;

  /**
   * `maxMessageSize`: limit in bytes, 0 = unlimited. `utf8Check`: optional fast whole-range
   * UTF-8 validator (see `Utf8Validator`).
   */
  constructor(maxMessageSize = 0, utf8Check?: Utf8RangeCheck) {
    this.maxMessageSize = Math.max(maxMessageSize, 0);
    this.#utf8 = new Utf8Validator(utf8Check);
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
      this.#utf8.reset();
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

  /** The next piece of payload (already unmasked). Validates text as it arrives. */
  payload(data: Uint8Array): ProtocolViolation | undefined {
    if (this.#text) {
      const bad = this.#utf8.update(data);
      if (bad !== UTF8_OK) {
        return violation(
          ViolationCode.INVALID_UTF8,
          `invalid UTF-8 at byte ${this.#bytes + bad} of a text message`,
        );
      }
    }
    if (this.#first === undefined) this.#first = data;
    else this.#rest.push(data);
    this.#bytes += data.length;
    return undefined;
  }

  /**
   * The current frame ended. When `fin`, the message is complete: a text message must not end
   * inside a UTF-8 sequence (1007); call `take()` to get it.
   */
  frameEnd(fin: boolean): ProtocolViolation | undefined {
    if (fin && this.#text && !this.#utf8.complete) {
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
    } else if (this.#rest.length === 0) {
      out = first;
    } else {
      out = new Uint8Array(this.#bytes);
      out.set(first, 0);
      let at = first.length;
      for (const piece of this.#rest) {
        out.set(piece, at);
        at += piece.length;
      }
      this.#rest = [];
    }
    this.#first = undefined;
    this.#bytes = 0;
    this.#charged = 0;
    this.#frames = 0;
    return out;
  }
}
