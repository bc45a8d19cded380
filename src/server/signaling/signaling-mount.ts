import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { Error } from '../../core/error.js';
import { connectRequest } from '../connect-hook.js';
import type { SignalingServer } from './signaling-server.js';

/**
 * A `SignalingServer` served on one path of a room server's port: which upgrades are its, and
 * whether it has work for the next `poll()`.
 */
export class SignalingMount {
  readonly server: SignalingServer;
  readonly path: string;
  #dirty = false;

  /** `wake` is called from socket events when the signaling server has work. */
  constructor(server: SignalingServer, path: string, wake: () => void) {
    this.server = server;
    this.path = path;
    server.onActivity = () => {
      this.#dirty = true;
      wake();
    };
  }

  /** Whether the request path `url` (query included) is the signaling path. */
  owns(url: string): boolean {
    const at = url.indexOf('?');
    return (at < 0 ? url : url.slice(0, at)) === this.path;
  }

  /**
   * Hands an upgrade to the signaling server; false if it could not take it. The join hook
   * gets the request (`ConnectRequest`: url, query, headers, address) as the peer's `info`.
   */
  accept(req: IncomingMessage, socket: Socket, head: Uint8Array, address: string): boolean {
    const info = connectRequest(req, '', address);
    if (this.server.acceptHttpUpgrade(req, socket, head, info) !== Error.OK) return false;
    this.#dirty = true;
    return true;
  }

  /** Polls the signaling server if it had activity, or on a `sweep` (timeouts). */
  poll(sweep: boolean): void {
    if (!this.#dirty && !sweep) return;
    this.#dirty = false;
    this.server.poll();
  }

  closeAll(code: number, reason: string): void {
    this.server.closeAll(code, reason);
    this.#dirty = true;
  }
}
