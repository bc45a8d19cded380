/** Makes a buffer of `size` bytes, every one of which the caller will overwrite. */
export type Allocate = (size: number) => Uint8Array;

/** The default allocator: a zero-filled `Uint8Array` (what every runtime has). */
export const allocateZeroed: Allocate = (size) => new Uint8Array(size);
