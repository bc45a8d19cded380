import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { Error } from '../../core/error.js';
import { connectRequest } from '../connect-hook.js';
import type { JoinRouter, PendingJoin } from '../join-router.js';
import type { SignalingServer } from './signaling-server.js';

/**
 * The name a cluster places signaling under (not a valid room name): every node hands its
 * signaling clients to the one node that holds it, so a lobby spans the whole cluster.
 */
export const SIGNALING_HOME = '@signaling';

/**
 * A `SignalingServer` served on one path of a room server's port: which upgrades are its, and
 * whether it has work for the next `poll()`.
 */
export class SignalingMount {
  readonly server: SignalingServer;
  readonly path: string;
  #dirty = false;
  readonly #wake: () => void;

  /** `wake` is called from socket events when the signaling server has work. */
  constructor(server: SignalingServer, path: string, wake: () => void) {
    this.server = server;
    this.path = path;
    this.#wake = wake;
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
    this.#wake();
    return true;
  }

  /**
   * Takes an upgrade to the signaling path: here, or with a `router` (a cluster node) on the
   * node that holds signaling for the cluster. `refuse` answers it with an HTTP error.
   */
  upgrade(
    join: PendingJoin,
    router: JoinRouter | null,
    refuse: (status: number, text: string) => void,
  ): void {
    const local = () => {
      const req = join.req as IncomingMessage;
      if (!this.accept(req, join.socket, join.head, join.address)) join.socket.destroy();
    };
    if (router) router.route({ ...join, room: SIGNALING_HOME }, local, refuse);
    else local();
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
