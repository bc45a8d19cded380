import { createServer, isIP, type Server, type Socket } from 'node:net';
import { Error } from '../core/error.js';
import { hostPort, type LastError, lastError } from '../core/last-error.js';
import { logger } from '../core/logger.js';
import { isIpAddress, isValidPort, unbracket } from './ip.js';
import { notifyActivity } from './socket-channel.js';
import { describeSystemCode } from './socket-failure.js';
import { StreamPeerTCP } from './stream-peer-tcp.js';

/** Default bound of the accept queue; connections beyond it are closed at once. */
export const DEFAULT_MAX_PENDING_CONNECTIONS = 512;

type ListenState = 'idle' | 'binding' | 'listening' | 'failed';

/**
 * Godot's `TCPServer` over `node:net`: poll-based, no callbacks. Accepted connections wait in
 * a bounded queue until `takeConnection()`; beyond `maxPendingConnections` they are closed.
 *
 * "*" accepts IPv4 and IPv6; an explicit IPv6 address, even "::", accepts IPv6 only, as in Godot.
 *
 * `listen` and Node's asynchronous bind: with `bindAddress` "*" (the default) the bind happens
 * synchronously, so `listen` returns the real result like Godot (dual-stack `::`, falling back to
 * `0.0.0.0` when IPv6 is unavailable). With an IP literal Node binds one tick later: `listen`
 * returns OK, and a failure then shows as `isListening()` false and `getListenError()`. Use
 * `listenAsync` to await the outcome in every case. Any bind failure (port in use, no
 * permission, address not local) is `ERR_ALREADY_IN_USE`, as in Godot; a failure to create the
 * socket is `ERR_CANT_CREATE`.
 */
export class TCPServer {
  /**
   * Node-only: called synchronously when a connection is queued, so a server loop can wake
   * up instead of busy polling. May be null.
   */
  onConnection: (() => void) | null = null;
  #server: Server | null = null;
  #state: ListenState = 'idle';
  #listenError: Error = Error.OK;
  #listenReason = '';
  #queue: StreamPeerTCP[] = [];
  #maxPending = DEFAULT_MAX_PENDING_CONNECTIONS;
  #overflowLogged = false;
  #waiters: ((err: Error) => void)[] = [];
  #awaitingReason = false;
  #lastError: LastError | null = null;
  #bindAddress = '*';

  /**
   * Starts listening on `port` (0 = any free port) at `bindAddress` ("*" or an IP literal).
   * With "*" the result is known at once. With an IP literal (`listen(0, '127.0.0.1')`) Node
   * binds a tick later: `listen` returns OK, `getLocalPort()` is 0 and `isListening()` false
   * until then, and a taken port shows only afterwards. To know: `await listenAsync(port, ip)`.
   */
  listen(port: number, bindAddress = '*'): Error {
    if (this.#server !== null) {
      logger.error('TCPServer.listen: already listening; call stop() first.');
      return Error.ERR_ALREADY_IN_USE;
    }
    if (!isValidPort(port, 0) || (bindAddress !== '*' && !isIpAddress(bindAddress))) {
      logger.error(`TCPServer.listen: invalid bind address or port "${bindAddress}":${port}.`);
      return Error.ERR_INVALID_PARAMETER;
    }
    let server: Server;
    try {
      server = createServer();
    } catch (err) {
      return this.#failed(Error.ERR_CANT_CREATE, String(err));
    }
    this.#server = server;
    this.#state = 'binding';
    this.#awaitingReason = false;
    this.#listenError = Error.OK;
    this.#listenReason = '';
    this.#lastError = null;
    this.#bindAddress = bindAddress;
    server.on('connection', (socket) => this.#onConnection(socket));
    server.on('error', (err: NodeJS.ErrnoException) => this.#onError(server, err, port));
    server.on('listening', () => this.#onListening(server));
    const where = bindAddress === '*' ? `*:${port}` : `${bindAddress}:${port}`;
    try {
      if (bindAddress === '*') server.listen(port);
      else {
        // As in Godot, an explicit IPv6 address (even "::") makes an IPv6-only socket.
        const host = unbracket(bindAddress);
        server.listen({ port, host, ipv6Only: isIP(host) === 6 });
      }
    } catch (err) {
      this.#server = null;
      return this.#failed(Error.ERR_CANT_CREATE, `cannot listen on ${where}: ${String(err)}`);
    }
    if (bindAddress === '*' && !server.listening) {
      // Node reports why on the next tick (#onError logs it); the outcome is known now.
      this.#state = 'failed';
      this.#listenError = Error.ERR_ALREADY_IN_USE;
      this.#server = null;
      this.#awaitingReason = true;
      // Node names the cause on the next tick (#onError then replaces this with its code).
      const where = `*:${port}`;
      this.#lastError = lastError(
        'EADDRINUSE',
        `cannot listen on ${where}: ${describeSystemCode('EADDRINUSE')}`,
        where,
      );
      return Error.ERR_ALREADY_IN_USE;
    }
    if (server.listening) this.#state = 'listening';
    return Error.OK;
  }

  /**
   * Like `listen`, but resolves once the bind has succeeded (OK) or failed (its Error), with
   * the failure already logged and `getListenErrorReason()` set (e.g. "EADDRINUSE").
   */
  listenAsync(port: number, bindAddress = '*'): Promise<Error> {
    const err = this.listen(port, bindAddress);
    const pending = err === Error.OK ? this.#state === 'binding' : this.#awaitingReason;
    if (!pending) return Promise.resolve(err);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /**
   * Node extra: resolves once the bind of the last `listen` is done: OK, or its Error (at once
   * when it is already known; FAILED when `stop()` comes first).
   */
  whenBound(): Promise<Error> {
    if (this.#state === 'listening') return Promise.resolve(Error.OK);
    if (this.#state !== 'binding' && !this.#awaitingReason) {
      return Promise.resolve(this.#state === 'failed' ? this.#listenError : Error.FAILED);
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** True while bound (or still binding); false after `stop()` or a failed bind. */
  isListening(): boolean {
    return this.#state === 'listening' || this.#state === 'binding';
  }

  /** Node-only: the error of the last failed `listen` (OK if none). */
  getListenError(): Error {
    return this.#listenError;
  }

  /**
   * Node extra: why the last `listen` failed, as a value (`code` EADDRINUSE, EACCES,
   * EADDRNOTAVAIL, …; `address` the bind address and port), or null. Cleared by `listen`.
   */
  getLastError(): LastError | null {
    return this.#lastError;
  }

  /** Node-only: Node's reason for the last failed `listen`, e.g. "EADDRINUSE" ('' if none). */
  getListenErrorReason(): string {
    return this.#listenReason;
  }

  /**
   * The bound port (useful after `listen(0)`), or 0 when not listening — and 0 during the tick
   * after `listen(port, ip)` in which Node binds: await `listenAsync(port, ip)` before asking.
   */
  getLocalPort(): number {
    const address = this.#server?.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  }

  isConnectionAvailable(): boolean {
    return this.#queue.length > 0;
  }

  /** The oldest accepted connection (STATUS_CONNECTED), or null if none is waiting. */
  takeConnection(): StreamPeerTCP | null {
    const peer = this.#queue.shift() ?? null;
    if (peer === null) logger.error('TCPServer.takeConnection: no connection available.');
    if (this.#queue.length === 0) this.#overflowLogged = false;
    return peer;
  }

  /** Stops listening; connections still queued are closed. */
  stop(): void {
    const server = this.#server;
    this.#server = null;
    if (this.#state === 'binding' || this.#awaitingReason) this.#settle(Error.FAILED);
    this.#awaitingReason = false;
    this.#state = 'idle';
    if (server !== null) server.close();
    for (const peer of this.#queue) peer.disconnectFromHost();
    this.#queue = [];
  }

  /** Node-only: the accept-queue bound (default 512). */
  getMaxPendingConnections(): number {
    return this.#maxPending;
  }

  setMaxPendingConnections(count: number): void {
    this.#maxPending = Math.max(1, Math.floor(count));
  }

  #onConnection(socket: Socket): void {
    if (this.#queue.length >= this.#maxPending) {
      if (!this.#overflowLogged) {
        logger.warning(`TCPServer: ${this.#maxPending} connections waiting; closing new ones.`);
        this.#overflowLogged = true;
      }
      socket.on('error', () => {});
      socket.destroy();
      return;
    }
    this.#queue.push(StreamPeerTCP.fromSocket(socket));
    notifyActivity(this.onConnection);
  }

  #onListening(server: Server): void {
    if (server !== this.#server) return;
    this.#state = 'listening';
    this.#settle(Error.OK);
  }

  #onError(server: Server, err: NodeJS.ErrnoException, port: number): void {
    const code = err.code ?? 'UNKNOWN';
    if (server === this.#server && this.#state === 'listening') {
      logger.error(`TCPServer: accept failed: ${code}.`);
      return;
    }
    const inUse = code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL';
    const mapped = inUse ? Error.ERR_ALREADY_IN_USE : Error.ERR_CANT_CREATE;
    const message = `TCPServer: cannot listen on port ${port}: ${code} (${err.message}).`;
    if (server === this.#server) {
      this.#server = null;
      server.close();
    } else if (this.#awaitingReason) {
      this.#awaitingReason = false;
    } else {
      return; // a server already replaced or stopped: nothing to report
    }
    this.#listenReason = code;
    const where =
      this.#bindAddress === '*' ? `*:${port}` : hostPort(unbracket(this.#bindAddress), port);
    this.#lastError = lastError(
      code,
      `cannot listen on ${where}: ${describeSystemCode(code)}`,
      where,
    );
    this.#failed(mapped, message);
    this.#settle(mapped);
  }

  #failed(err: Error, message: string): Error {
    this.#state = 'failed';
    this.#listenError = err;
    logger.error(message);
    return err;
  }

  #settle(err: Error): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve(err);
  }
}
