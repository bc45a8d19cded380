/**
 * Incremental, fail-fast UTF-8 validation (RFC 3629 §4 as required by RFC 6455 §8.1).
 *
 * The state survives across chunks and fragments, and a byte is rejected as soon as no
 * continuation could make the sequence valid: stray continuation bytes, C0/C1 and F5–FF lead
 * bytes, overlong forms (E0 80–9F, F0 80–8F), surrogates (ED A0–BF) and code points above
 * U+10FFFF (F4 90–BF). The state is two small numbers; ASCII runs are skipped in a tight loop.
 */

/** Result of `Utf8Validator.update` when every byte so far could start or extend valid text. */
export const UTF8_OK = -1;

export class Utf8Validator {
  /** Continuation bytes still expected for the current sequence (0 = between characters). */
  #need = 0;
  /** Allowed range for the next continuation byte (narrower right after E0, ED, F0, F4). */
  #lo = 0x80;
  #hi = 0xbf;

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
    let need = this.#need;
    let lo = this.#lo;
    let hi = this.#hi;
    let i = start;
    while (i < end) {
      const b = bytes[i]!;
      if (need === 0) {
        if (b < 0x80) {
          i++;
          // ASCII fast path.
          while (i < end && bytes[i]! < 0x80) i++;
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

const scratch = new Utf8Validator();

/** Whether `bytes` is complete, valid UTF-8. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  scratch.reset();
  const ok = scratch.update(bytes) === UTF8_OK && scratch.complete;
  scratch.reset();
  return ok;
}
