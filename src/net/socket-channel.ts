import type { Socket } from 'node:net';
import { logger } from '../core/logger.js';
import type { ByteChannel } from './byte-channel.js';
import { ChunkQueue } from './chunk-queue.js';
import { noteRead } from './large-reads.js';

/** Calls an `onActivity` callback (if any) from a socket event; a throw is logged, not rethrown. */
export function notifyActivity(callback: (() => void) | null): void {
  if (callback === null) return;
  try {
    callback();
  } catch (err) {
    logger.error(`onActivity callback threw: ${String(err)}`);
  }
}

/** Default inbound limit: the socket is paused once this many received bytes wait unread. */
export const DEFAULT_READ_LIMIT = 64 * 1024;

/** How long a gracefully ended socket may take to flush before it is destroyed (ms). */
const END_FLUSH_TIMEOUT_MS = 5000;

/** The channel reading a socket, kept on the socket so that one set of listeners serves all. */
const CHANNEL = Symbol('godot-websocket.channel');
type ChannelSocket = Socket & { [CHANNEL]?: SocketChannel };

/**
 * A `ByteChannel` over one `net.Socket` (plain or `tls.TLSSocket`): received chunks wait in a
 * bounded `ChunkQueue`; the socket is paused when the queue reaches the read limit and resumed
 * once it drains to half of it. Every socket event is recorded, never thrown; `onActivity`
 * wakes whoever polls this channel. The socket listeners are shared functions that find their
 * channel on the socket (no closures per connection: idle connections are the common case).
 */
export class SocketChannel implements ByteChannel {
  onActivity: (() => void) | null = null;
  readonly #socket: Socket;
  readonly #queue = new ChunkQueue();
  #limit: number;
  #paused = false;
  #ended = false;
  #closed = false;
  #error: NodeJS.ErrnoException | null = null;
  #detached = false;
  #discarding = false;

  constructor(socket: Socket, readLimit = DEFAULT_READ_LIMIT) {
    this.#socket = socket;
    this.#limit = readLimit;
    (socket as ChannelSocket)[CHANNEL] = this;
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('close', onClose);
    socket.on('error', onError);
    socket.on('drain', onDrain);
    socket.resume();
  }

  /** The socket this channel reads from. */
  get socket(): Socket {
    return this.#socket;
  }

  /** Bytes received and not yet read. */
  get availableBytes(): number {
    return this.#queue.byteLength;
  }

  /** The first socket error, or null. */
  get error(): NodeJS.ErrnoException | null {
    return this.#error;
  }

  /** True once the socket is closed (by either side, or after an error). */
  get closed(): boolean {
    return this.#closed || this.#socket.destroyed;
  }

  /** True once no more bytes will arrive (FIN, close or error), whether or not all were read. */
  get inputDone(): boolean {
    return this.#ended || this.closed || this.#error !== null;
  }

  get readEnded(): boolean {
    return this.inputDone && this.#queue.byteLength === 0;
  }

  get writableLength(): number {
    return this.#socket.writableLength;
  }

  /** Whether the socket is currently paused because the queue is full. */
  get paused(): boolean {
    return this.#paused;
  }

  readChunk(): Uint8Array | undefined {
    const chunk = this.#queue.shift();
    if (chunk !== undefined) this.#maybeResume();
    return chunk;
  }

  unreadChunk(chunk: Uint8Array): void {
    if (chunk.byteLength > 0) this.#queue.unshift(chunk);
  }

  /** Copies `count` bytes out (all or nothing); `consume` false only peeks. */
  readBytes(count: number, consume: boolean): Uint8Array | undefined {
    if (count > this.#queue.byteLength) return undefined;
    const bytes = this.#queue.copy(count, consume);
    if (consume) this.#maybeResume();
    return bytes;
  }

  writeChunks(chunks: readonly Uint8Array[]): boolean {
    const socket = this.#socket;
    if (this.#detached || socket.destroyed || !socket.writable) return false;
    if (chunks.length === 1) {
      socket.write(chunks[0]!);
      return true;
    }
    socket.cork();
    for (const chunk of chunks) if (chunk.byteLength > 0) socket.write(chunk);
    socket.uncork();
    return true;
  }

  endGracefully(): void {
    const socket = this.#socket;
    if (socket.destroyed) return;
    const timer = setTimeout(() => socket.destroy(), END_FLUSH_TIMEOUT_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
    socket.end();
  }

  /**
   * Drops what is queued and everything that still arrives, then ends gracefully (pending writes
   * are flushed; the socket is destroyed once both sides are done, or after a timeout).
   */
  close(): void {
    this.#queue.clear();
    this.#discarding = true;
    this.onActivity = null;
    if (this.#paused) {
      this.#paused = false;
      this.#socket.resume();
    }
    this.endGracefully();
  }

  /** Closes at once; data still queued in Node (not yet in the kernel) is dropped. */
  destroy(): void {
    this.#socket.destroy();
  }

  setReadLimit(bytes: number): void {
    this.#limit = Math.max(1, Math.floor(bytes));
    if (this.#queue.byteLength >= this.#limit) this.#pause();
    else this.#maybeResume();
  }

  getReadLimit(): number {
    return this.#limit;
  }

  /**
   * Stops reading and hands the socket over (e.g. to a TLS layer): unread chunks are pushed back
   * into the socket's own readable buffer so the next reader sees them first. Returns the socket.
   * Only the error listener stays (an error on the old socket must not become an uncaught one);
   * what it records no longer wakes anyone.
   */
  detach(): Socket {
    const socket = this.#socket;
    this.#detached = true;
    socket.off('data', onData);
    socket.off('end', onEnd);
    socket.off('close', onClose);
    socket.off('drain', onDrain);
    socket.pause();
    const chunks: Uint8Array[] = [];
    for (let c = this.#queue.shift(); c !== undefined; c = this.#queue.shift()) chunks.push(c);
    for (let i = chunks.length - 1; i >= 0; i--) socket.unshift(chunks[i]!);
    this.#paused = false;
    return socket;
  }

  /** Drops everything queued (used when the owner disconnects). */
  clear(): void {
    this.#queue.clear();
  }

  #pause(): void {
    if (this.#paused || this.#detached) return;
    this.#paused = true;
    this.#socket.pause();
  }

  #maybeResume(): void {
    if (this.#paused && !this.#detached && this.#queue.byteLength <= this.#limit / 2) {
      this.#paused = false;
      this.#socket.resume();
    }
  }

  #notify(): void {
    notifyActivity(this.onActivity);
  }

  // What the shared socket listeners (below the class) call.

  /** A chunk arrived. */
  handleData(chunk: Buffer): void {
    if (this.#discarding) return;
    this.#queue.push(chunk);
    if (this.#queue.byteLength >= this.#limit) this.#pause();
    this.#notify();
    noteRead(chunk.byteLength);
  }

  /** The socket took what was waiting: a writer held back by its buffer can go on. */
  handleDrain(): void {
    this.#notify();
  }

  handleEnd(): void {
    this.#ended = true;
    this.#notify();
  }

  handleClose(): void {
    this.#closed = true;
    this.#notify();
  }

  handleError(err: NodeJS.ErrnoException): void {
    this.#error ??= err;
    if (!this.#detached) this.#notify();
  }
}

// Socket listeners shared by every channel: `this` is the socket, which holds its channel.
function onData(this: ChannelSocket, chunk: Buffer): void {
  this[CHANNEL]!.handleData(chunk);
}
function onDrain(this: ChannelSocket): void {
  this[CHANNEL]!.handleDrain();
}
function onEnd(this: ChannelSocket): void {
  this[CHANNEL]!.handleEnd();
}
function onClose(this: ChannelSocket): void {
  this[CHANNEL]!.handleClose();
}
function onError(this: ChannelSocket, err: NodeJS.ErrnoException): void {
  this[CHANNEL]!.handleError(err);
}
