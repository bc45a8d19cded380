/**
 * Incremental, fail-fast UTF-8 validation (RFC 3629 §4 as required by RFC 6455 §8.1).
 *
 * The state survives across chunks and fragments, and a byte is rejected as soon as no
 * continuation could make the sequence valid: stray continuation bytes, C0/C1 and F5–FF lead
 * bytes, overlong forms (E0 80–9F, F0 80–8F), surrogates (ED A0–BF) and code points above
 * U+10FFFF (F4 90–BF). The state is three small numbers.
 *
 * Speed: ASCII runs are skipped four bytes at a time. A platform validator for whole ranges
 * (Node's `buffer.isUtf8`, injected by the Node layer since this directory imports no `node:*`)
 * can take the bulk of each chunk: the state machine then only walks the few bytes at the chunk
 * edges, and the range again when the fast check fails, to find the exact failing byte.
 */

/** Result of `Utf8Validator.update` when every byte so far could start or extend valid text. */
export const UTF8_OK = -1;

/** Checks that a whole range is complete, valid UTF-8 (e.g. Node's `buffer.isUtf8`). */
export type Utf8RangeCheck = (bytes: Uint8Array) => boolean;

/** Ranges at least this long go to the injected range check, when there is one. */
const BULK_THRESHOLD = 256;
/** ASCII runs of at least this many bytes are scanned a word at a time. */
const WORD_SCAN = 32;

export class Utf8Validator {
  /** Continuation bytes still expected for the current sequence (0 = between characters). */
  #need = 0;
  /** Allowed range for the next continuation byte (narrower right after E0, ED, F0, F4). */
  #lo = 0x80;
  #hi = 0xbf;
  readonly #bulk: Utf8RangeCheck | undefined;

  /** `bulk`: optional fast whole-range validator used for the middle of large chunks. */
  constructor(bulk?: Utf8RangeCheck) {
    this.#bulk = bulk;
  }

  /** True when no multi-byte sequence is open (the text so far is complete and valid). */
  get complete(): boolean {
    return this.#need === 0;
  }

  /** Forgets any open sequence (start of a new message). */
  reset(): void {
    this.#need = 0;
    this.#lo = 0x80;
    this.#hi = 0xbf;
  }

  /**
   * Feeds `bytes[start, end)`. Returns `UTF8_OK` (−1), or the index in `bytes` of the first byte
   * that makes the text certainly invalid. After a failure the state is unspecified; `reset()`.
   */
  update(bytes: Uint8Array, start = 0, end = bytes.length): number {
    const bulk = this.#bulk;
    if (bulk === undefined || end - start < BULK_THRESHOLD) return this.#walk(bytes, start, end);
    // Finish a sequence left open by the previous chunk (at most 3 bytes).
    let i = start;
    while (this.#need > 0 && i < end) {
      const r = this.#walk(bytes, i, i + 1);
      if (r !== UTF8_OK) return r;
      i++;
    }
    // Leave a possibly incomplete last sequence to the state machine.
    let cut = end;
    for (let k = end - 1; k >= end - 3 && k >= i; k--) {
      const b = bytes[k]!;
      if (b >= 0xc0) {
        const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
        if (k + length > end) cut = k;
        break;
      }
      if (b < 0x80) break;
    }
    if (!bulk(bytes.subarray(i, cut))) {
      const r = this.#walk(bytes, i, cut);
      if (r !== UTF8_OK) return r;
    }
    return this.#walk(bytes, cut, end);
  }

  /** The state machine over `bytes[start, end)`. */
  #walk(bytes: Uint8Array, start: number, end: number): number {
    let need = this.#need;
    let lo = this.#lo;
    let hi = this.#hi;
    let i = start;
    while (i < end) {
      const b = bytes[i]!;
      if (need === 0) {
        if (b < 0x80) {
          i++;
          // ASCII fast path: bytes, then aligned words once the run is long enough.
          const stop = Math.min(end, i + WORD_SCAN);
          while (i < stop && bytes[i]! < 0x80) i++;
          if (i === stop && end - i >= 8) i = skipAsciiWords(bytes, i, end);
          continue;
        }
        if (b >= 0xc2 && b <= 0xdf) {
          need = 1;
        } else if (b >= 0xe0 && b <= 0xef) {
          need = 2;
          if (b === 0xe0)
            lo = 0xa0; // no overlong 3-byte forms
          else if (b === 0xed) hi = 0x9f; // no surrogates D800–DFFF
        } else if (b >= 0xf0 && b <= 0xf4) {
          need = 3;
          if (b === 0xf0)
            lo = 0x90; // no overlong 4-byte forms
          else if (b === 0xf4) hi = 0x8f; // nothing above U+10FFFF
        } else {
          // 80–BF stray continuation, C0/C1 always overlong, F5–FF beyond U+10FFFF.
          this.#need = need;
          return i;
        }
      } else {
        if (b < lo || b > hi) {
          this.#need = need;
          return i;
        }
        need--;
        lo = 0x80;
        hi = 0xbf;
      }
      i++;
    }
    this.#need = need;
    this.#lo = lo;
    this.#hi = hi;
    return UTF8_OK;
  }
}

/**
 * Skips ASCII bytes from `i` (with `end - i` ≥ 8), four at a time over aligned words; returns an
 * index at or before the first non-ASCII byte. (The 0x80808080 test is byte-order independent.)
 */
function skipAsciiWords(bytes: Uint8Array, from: number, end: number): number {
  const base = bytes.byteOffset;
  let i = from;
  while (((base + i) & 3) !== 0) {
    if (bytes[i]! >= 0x80) return i;
    i++;
  }
  const count = (end - i) >>> 2;
  const words = new Int32Array(bytes.buffer, base + i, count);
  let w = 0;
  while (w < count && (words[w]! & 0x80808080) === 0) w++;
  return i + (w << 2);
}

const scratch = new Utf8Validator();

/** Whether `bytes` is complete, valid UTF-8. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  scratch.reset();
  const ok = scratch.update(bytes) === UTF8_OK && scratch.complete;
  scratch.reset();
  return ok;
}
