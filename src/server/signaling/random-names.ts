import { randomInt } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Lobby names are 16 characters, as the demo's (62^16: not guessable). */
const NAME_LENGTH = 16;

/** A lobby name not in `taken`. */
export function newLobbyName(taken: { has(name: string): boolean }): string {
  for (;;) {
    let name = '';
    for (let i = 0; i < NAME_LENGTH; i++) name += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
    if (!taken.has(name)) return name;
  }
}

/**
 * A peer id not in `taken`: 2 … 2³¹−1 (1 is the host's id inside a lobby, 0 means "none"; the
 * demo's `Math.abs` of a random int32 can give either, or 2³¹, and never checks for repeats).
 */
export function newPeerId(taken: { has(id: number): boolean }): number {
  for (;;) {
    const id = randomInt(2, 2 ** 31);
    if (!taken.has(id)) return id;
  }
}
