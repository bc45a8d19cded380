import type { Error } from '../error.js';

/**
 * Thrown inside the codec to unwind from a failure deep in a nested value; `encodeVariant` and
 * `decodeVariant` catch it and return its `error` and `reason`. It never escapes the public API.
 */
export class CodecFailure {
  readonly error: Error;
  readonly reason: string;
  constructor(error: Error, reason: string) {
    this.error = error;
    this.reason = reason;
  }
}
