import { Duplex } from 'node:stream';
import type { ClusterBus } from './cluster-bus.js';
import { RecordKind, TO_EDGE } from './cluster-frames.js';

/**
 * On a room's home node, the socket of a client whose TCP connection another node (its edge)
 * holds: what the client sends arrives as DATA records, what is written here leaves as DATA
 * records, and ending or destroying it ends the client's connection. To the WebSocket layer it
 * is a socket like any other (the same handshake, framing, limits and timeouts apply).
 * Back-pressure crosses the link: when the reader here falls behind, the edge is asked to pause
 * the client's socket.
 */
export class RelaySocket extends Duplex {
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly localPort = 0;
  readonly #bus: ClusterBus;
  readonly #edge: string;
  readonly #conn: number;
  /** The edge was asked to pause the client. */
  #paused = false;
  /** END was sent (or the edge is gone): nothing more goes out. */
  #ended = false;

  constructor(bus: ClusterBus, edge: string, conn: number, host: string, port: number) {
    super({ allowHalfOpen: false, readableHighWaterMark: 64 * 1024 });
    this.#bus = bus;
    this.#edge = edge;
    this.#conn = conn;
    this.remoteAddress = host;
    this.remotePort = port;
  }

  /** The edge node holding the client's socket. */
  get edge(): string {
    return this.#edge;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  /** Bytes the client sent (a DATA record from the edge). */
  deliver(bytes: Uint8Array): void {
    if (this.destroyed) return;
    if (!this.push(bytes) && !this.#paused) {
      this.#paused = true;
      this.#bus.send(this.#edge, RecordKind.PAUSE | TO_EDGE, this.#conn);
    }
  }

  /** The client's connection ended (END from the edge). */
  deliverEnd(): void {
    this.#ended = true;
    if (!this.destroyed) this.push(null);
    this.destroy();
  }

  /** The edge node is gone or its link broke: the client is lost, nothing is sent. */
  lose(): void {
    this.#ended = true;
    this.destroy();
  }

  override _read(): void {
    if (!this.#paused) return;
    this.#paused = false;
    if (!this.#ended) this.#bus.send(this.#edge, RecordKind.RESUME | TO_EDGE, this.#conn);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error) => void): void {
    if (!this.#ended) this.#bus.send(this.#edge, RecordKind.DATA | TO_EDGE, this.#conn, chunk);
    done();
  }

  /** A corked batch of writes (the WebSocket layer writes a poll's frames at once): one record. */
  override _writev(
    chunks: { chunk: Buffer; encoding: BufferEncoding }[],
    done: (err?: Error | null) => void,
  ): void {
    if (!this.#ended) {
      const parts = chunks.map((c) => c.chunk);
      this.#bus.sendParts(this.#edge, RecordKind.DATA | TO_EDGE, this.#conn, parts);
    }
    done();
  }

  override _final(done: (err?: Error) => void): void {
    this.#end();
    done();
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    this.#end();
    done(err);
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#bus.send(this.#edge, RecordKind.END | TO_EDGE, this.#conn);
  }
}
