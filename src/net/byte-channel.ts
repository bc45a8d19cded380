/**
 * The internal fast path between a byte stream (`StreamPeerTCP`, `StreamPeerTLS`) and the
 * WebSocket layer above it: whole received chunks instead of copies, and batched writes.
 * Not part of Godot's API.
 */
export interface ByteChannel {
  /** Next received chunk as-is (zero-copy), or undefined. Resumes the socket when the queue drains. */
  readChunk(): Uint8Array | undefined;
  /** Puts back unconsumed bytes at the front (e.g. after a handshake read). */
  unreadChunk(chunk: Uint8Array): void;
  /** Writes all chunks in ONE socket write (cork/uncork → writev). false if the socket is gone. */
  writeChunks(chunks: readonly Uint8Array[]): boolean;
  /** Bytes handed to the socket but not yet flushed to the kernel (socket.writableLength). */
  readonly writableLength: number;
  /** True once the peer ended (FIN) or the socket closed/errored AND all received chunks were read. */
  readonly readEnded: boolean;
  /** Graceful shutdown after pending writes are flushed (socket.end()). */
  endGracefully(): void;
  /** Sets the inbound queue limit in bytes at which the socket is paused. */
  setReadLimit(bytes: number): void;
  /**
   * Called synchronously from a socket event when new data, end of stream or an error arrives,
   * so a server can wake up without busy polling. May be null.
   */
  onActivity: (() => void) | null;
}
