import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
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
