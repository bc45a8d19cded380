import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { Error } from '../core/error.js';
import { logger } from '../core/logger.js';
import type { CryptoKey } from '../net/crypto-key.js';
import type { X509Certificate } from '../net/x509-certificate.js';

/** TLS for `listen`: the certificate (chain) and its key, as for `TLSOptions.server`. */
export interface RoomServerTls {
  key: CryptoKey;
  certificate: X509Certificate;
}

/** How a listen attempt ended: OK, or the error and why. */
export interface ListenOutcome {
  err: Error;
  message: string;
}

/** An `http.Server` (or `https.Server` with `tls`) with bounded header and request times. */
export function createListener(tls: RoomServerTls | null): Server {
  const server = tls
    ? createHttpsServer({ key: tls.key.saveToString(), cert: tls.certificate.saveToString() })
    : createHttpServer();
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return server;
}

/**
 * Listens on `port` (0: any free port) at `bindAddress` ("*" = every address). Resolves with
 * OK, ERR_ALREADY_IN_USE when the port is taken, ERR_CANT_CREATE otherwise; errors after that
 * are logged, never thrown.
 */
export function listenOn(
  server: Server,
  port: number,
  bindAddress: string,
): Promise<ListenOutcome> {
  return new Promise((resolve) => {
    const onError = (err: NodeJS.ErrnoException) => {
      const inUse = err.code === 'EADDRINUSE';
      resolve({
        err: inUse ? Error.ERR_ALREADY_IN_USE : Error.ERR_CANT_CREATE,
        message: err.message,
      });
    };
    server.once('error', onError);
    const host = bindAddress === '*' ? undefined : bindAddress;
    server.listen(port, host, () => {
      server.off('error', onError);
      server.on('error', (err) => logger.error(`RoomServer: ${err.message}`));
      resolve({ err: Error.OK, message: '' });
    });
  });
}

/** What an endpoint hands to its owner. */
export interface EndpointHandlers {
  upgrade(req: IncomingMessage, socket: Socket, head: Uint8Array): void;
  /** Answers a plain HTTP request; false if the path is not the owner's (404 follows). */
  request(req: IncomingMessage, res: ServerResponse): boolean;
  /** A connection that did not speak HTTP was dropped. */
  clientError(): void;
}

/** The HTTP server a room server serves on: one it listens on itself, or one it was given. */
export class HttpEndpoint {
  #server: Server | null = null;
  #owned = false;
  #tls = false;
  readonly #handlers: EndpointHandlers;

  constructor(handlers: EndpointHandlers) {
    this.#handlers = handlers;
  }

  get server(): Server | null {
    return this.#server;
  }

  get tls(): boolean {
    return this.#tls;
  }

  /** The port listened on, 0 if none. */
  get port(): number {
    const address = this.#server?.address();
    return address && typeof address === 'object' ? address.port : 0;
  }

  listen(port: number, bindAddress: string, tls: RoomServerTls | null): Promise<ListenOutcome> {
    const server = createListener(tls);
    this.attach(server, tls !== null);
    server.on('request', (req, res) => {
      if (!this.#handlers.request(req, res)) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      }
    });
    this.#owned = true;
    return listenOn(server, port, bindAddress).then((outcome) => {
      if (outcome.err !== Error.OK) this.#server = null;
      return outcome;
    });
  }

  attach(server: Server, tls: boolean): void {
    this.#server = server;
    this.#tls = tls;
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.#handlers.upgrade(req, socket as Socket, head),
    );
    server.on('clientError', (_err, socket: Duplex) => {
      this.#handlers.clientError();
      socket.destroy();
    });
  }

  /** Stops listening and drops every connection, if this endpoint started the server. */
  close(): void {
    if (this.#server && this.#owned) {
      this.#server.close();
      this.#server.closeAllConnections?.();
    }
    this.#server = null;
  }
}
