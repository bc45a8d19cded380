/**
 * Join codes for private rooms: 6 characters a player can read aloud and type on a phone. The
 * alphabet has no 0/O, 1/I/L or U/V pairs (29 symbols: about 595 million codes).
 */
export const JOIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';
export const JOIN_CODE_LENGTH = 6;

/** A random join code (uniform over the alphabet). */
export function randomJoinCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(JOIN_CODE_LENGTH * 2));
  let code = '';
  for (const byte of bytes) {
    // Rejection sampling keeps the symbols uniform (256 is not a multiple of the alphabet).
    const limit = 256 - (256 % JOIN_CODE_ALPHABET.length);
    if (byte >= limit) continue;
    code += JOIN_CODE_ALPHABET[byte % JOIN_CODE_ALPHABET.length];
    if (code.length === JOIN_CODE_LENGTH) return code;
  }
  return code + randomJoinCode().slice(code.length);
}
