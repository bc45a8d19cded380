import { Error } from '../../core/error.js';
import { logger } from '../../core/logger.js';
import type { PacketQueue } from '../../core/packet-queue.js';
import { EventInbox } from './event-inbox.js';

/** `WebSocket.readyState` values (not read from the global, which may be absent). */
const SOCKET_OPEN = 1;
const SOCKET_CLOSING = 2;

/** What a link needs from its owner while events arrive. */
export interface LinkOwner {
  /** The queue that received messages will go to (their room is checked against it). */
  inbound(): PacketQueue;
  /** Something now waits in the inbox for the owner's `poll()`. */
  activity(): void;
}

/**
 * One native browser `WebSocket` (`binaryType = 'arraybuffer'`) whose events are recorded in
 * `inbox` until the owner polls. Calls into the browser are wrapped so that nothing throws:
 * failures are logged once and returned as Godot errors. After `detach()` or `destroy()` the
 * socket's events are ignored.
 */
export class SocketLink {
  readonly inbox = new EventInbox();
  readonly #socket: WebSocket;
  #attached = true;
  #errored = false;

  private constructor(socket: WebSocket, owner: LinkOwner) {
    this.#socket = socket;
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      if (!this.#attached) return;
      this.inbox.record({ kind: 'open', protocol: socket.protocol });
      owner.activity();
    };
    socket.onmessage = (event: MessageEvent) => {
      if (this.#attached && this.inbox.recordMessage(event.data, owner.inbound())) owner.activity();
    };
    socket.onerror = () => {
      // A close event always follows (WHATWG "fail the WebSocket connection"); it has the code.
      if (!this.#attached) return;
      this.#errored = true;
      logger.verbose(`WebSocket error on ${socket.url}.`);
    };
    socket.onclose = (event: CloseEvent) => {
      if (!this.#attached) return;
      const { code, reason, wasClean } = event;
      this.inbox.record({ kind: 'close', code, reason, wasClean, error: this.#errored });
      owner.activity();
    };
  }

  /**
   * Creates the browser socket: ERR_UNAVAILABLE without a global `WebSocket`, FAILED if its
   * constructor throws (mixed content, a bad or duplicated subprotocol, a URL it rejects).
   */
  static open(url: string, protocols: string[], owner: LinkOwner): SocketLink | Error {
    const Socket = (globalThis as { WebSocket?: typeof WebSocket }).WebSocket;
    if (typeof Socket !== 'function') {
      logger.error('connectToUrl: this environment has no WebSocket.');
      return Error.ERR_UNAVAILABLE;
    }
    try {
      const socket = protocols.length > 0 ? new Socket(url, protocols) : new Socket(url);
      return new SocketLink(socket, owner);
    } catch (err) {
      logger.error(`connectToUrl: the browser refused ${url}: ${describe(err)}`);
      return Error.FAILED;
    }
  }

  /** Whether the browser socket itself is OPEN (it may be ahead of the owner's state). */
  get isOpen(): boolean {
    return this.#socket.readyState === SOCKET_OPEN;
  }

  /** Bytes given to `send` that the browser has not yet handed to the network. */
  get bufferedAmount(): number {
    return this.#socket.bufferedAmount;
  }

  send(data: string | Uint8Array): Error {
    try {
      this.#socket.send(data as string | ArrayBufferView<ArrayBuffer>);
      return Error.OK;
    } catch (err) {
      logger.error(`send: the browser refused: ${describe(err)}`);
      return Error.FAILED;
    }
  }

  /** Starts the closing handshake (code 0: a close frame without a status). Checked by the caller. */
  close(code: number, reason: string): Error {
    if (this.#socket.readyState >= SOCKET_CLOSING) return Error.OK;
    try {
      if (code === 0) this.#socket.close();
      else this.#socket.close(code, reason);
      return Error.OK;
    } catch (err) {
      logger.error(`close(${code}): the browser refused: ${describe(err)}`);
      return Error.ERR_INVALID_PARAMETER;
    }
  }

  /** Stops listening: later events of this socket are ignored. */
  detach(): void {
    this.#attached = false;
    const socket = this.#socket;
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    // Keep an error listener: some WebSocket implementations (ws in Node) throw on an unheard error.
    socket.onerror = ignore;
    this.inbox.clear();
  }

  /** Detaches and closes with 3001 "destroyed", as Godot's Web build does when it drops a socket. */
  destroy(): void {
    this.detach();
    if (this.#socket.readyState >= SOCKET_CLOSING) return;
    try {
      this.#socket.close(3001, 'destroyed');
    } catch {
      // Nothing more can be done with a socket the browser refuses to close.
    }
  }
}

function ignore(): void {}

function describe(err: unknown): string {
  return err instanceof globalThis.Error ? err.message : String(err);
}
