/**
 * Godot 3's `set_buffers` rounding (docs/godot3-multiplayer.md §4.1): sizes become powers of two —
 * bytes = 2^(nearest_shift(kb − 1) + 10), packets = 2^nearest_shift(n − 1), where
 * `nearest_shift(x)` is the bit length of x (0 for 0). Defaults: 64 KiB and 1024 packets.
 */
export interface BufferSizes {
  inBytes: number;
  inPackets: number;
  outBytes: number;
  outPackets: number;
}

export const DEFAULT_BUFFER_SIZES: Readonly<BufferSizes> = {
  inBytes: 65536,
  inPackets: 1024,
  outBytes: 65536,
  outPackets: 1024,
};

/** Largest value `setBuffers` takes (2^20 KiB = 1 GiB, or 2^20 packets). */
export const MAX_BUFFER_ARGUMENT = 1 << 20;

/** The bit length of `x` (Godot's `nearest_shift`). */
export function nearestShift(x: number): number {
  return x <= 0 ? 0 : 32 - Math.clz32(x);
}

/** A power of two ≥ `kb` KiB, in bytes. */
export function roundBufferKb(kb: number): number {
  return 2 ** (nearestShift(kb - 1) + 10);
}

/** A power of two ≥ `count`. */
export function roundPacketCount(count: number): number {
  return 2 ** nearestShift(count - 1);
}
