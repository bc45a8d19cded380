import type { Socket } from 'node:net';
import { buildHttpErrorResponse } from '../../protocol/handshake-server.js';
import type { ClusterBus } from './cluster-bus.js';
import { RecordKind } from './cluster-frames.js';

/** Bytes the edge buffers toward a client that does not read before it drops it. */
const MAX_BUFFERED = 8 * 1024 * 1024;

/**
 * The close code a client gets when its room's home node is lost: 1001 (going away). Not 1012
 * (Service Restart): IANA registered it after RFC 6455, and Godot (wslay) fails a connection
 * whose close frame carries it.
 */
export const HOME_LOST_CODE = 1001;

/** A server-to-client close frame (unmasked) with `code` and a short reason. */
function closeFrame(code: number, reason: string): Uint8Array {
  const text = new TextEncoder().encode(reason);
  const frame = new Uint8Array(4 + text.byteLength);
  frame[0] = 0x88;
  frame[1] = 2 + text.byteLength;
  frame[2] = code >> 8;
  frame[3] = code & 0xff;
  frame.set(text, 4);
  return frame;
}

const HTTP = [0x48, 0x54, 0x54, 0x50, 0x2f]; // "HTTP/"

function startsWithHttp(bytes: Uint8Array): boolean {
  return bytes.byteLength >= HTTP.length && HTTP.every((b, i) => bytes[i] === b);
}

/**
 * On an edge node, a client whose room lives on another node (its home): the client's bytes go
 * to the home as DATA records and the home's come back to the client, untouched — the home
 * does the handshake and the WebSocket framing. Everything the home sends arrives in whole
 * batches, so between batches the client's stream is at a frame boundary: when the home is lost
 * the edge can still close the WebSocket properly (1001), or answer 503 if the handshake had
 * not been answered yet.
 */
export class EdgeConnection {
  readonly home: string;
  readonly conn: number;
  readonly #socket: Socket;
  readonly #bus: ClusterBus;
  /** The home has answered (its handshake response reached the client). */
  #answered = false;
  #done = false;
  #onDone: () => void;

  constructor(bus: ClusterBus, home: string, conn: number, socket: Socket, onDone: () => void) {
    this.#bus = bus;
    this.home = home;
    this.conn = conn;
    this.#socket = socket;
    this.#onDone = onDone;
    socket.on('data', (bytes: Buffer) => {
      if (!this.#done) bus.send(home, RecordKind.DATA, conn, bytes);
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      if (this.#done) return;
      bus.send(home, RecordKind.END, conn);
      this.#finish();
    });
  }

  /** Whether the home has answered the client yet. */
  get answered(): boolean {
    return this.#answered;
  }

  /** A record about this connection from its home. */
  fromHome(kind: number, payload: Uint8Array): void {
    if (this.#done) return;
    const socket = this.#socket;
    switch (kind) {
      case RecordKind.DATA:
        // The home's first bytes are its HTTP answer; anything else means they were lost.
        if (!this.#answered && !startsWithHttp(payload)) {
          this.homeLost("the room's answer was lost");
          break;
        }
        this.#answered = true;
        socket.write(payload);
        if (socket.writableLength > MAX_BUFFERED) this.#drop();
        break;
      case RecordKind.END:
        this.#finish();
        socket.end();
        break;
      case RecordKind.PAUSE:
        socket.pause();
        break;
      case RecordKind.RESUME:
        socket.resume();
        break;
      default:
        break;
    }
  }

  /**
   * The home is gone, its link lost data, or it never answered: the client is told (503 before
   * the handshake, a 1001 close frame after it) and its connection ended.
   */
  homeLost(reason: string, code = HOME_LOST_CODE): void {
    if (this.#done) return;
    this.#finish();
    const socket = this.#socket;
    if (socket.destroyed) return;
    socket.end(
      this.#answered
        ? closeFrame(code, reason.slice(0, 120))
        : buildHttpErrorResponse(503, undefined, [], `${reason}\n`),
    );
    setTimeout(() => socket.destroy(), 2000).unref();
  }

  /** Ends the connection at once (client too slow, or the node stops). */
  #drop(): void {
    this.#bus.send(this.home, RecordKind.END, this.conn);
    this.#finish();
    this.#socket.destroy();
  }

  /** Closes without telling the home (this node is stopping). */
  stop(): void {
    this.#finish();
    this.#socket.destroy();
  }

  #finish(): void {
    if (this.#done) return;
    this.#done = true;
    this.#onDone();
  }
}
