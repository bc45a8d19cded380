import assert from 'node:assert/strict';
import { Error } from '../../src/core/error.js';
import { StreamPeerTLS } from '../../src/net/stream-peer-tls.js';
import type { TCPServer } from '../../src/net/tcp-server.js';
import type { TLSOptions } from '../../src/net/tls-options.js';
import { pollUntil } from '../helpers/poll.js';
import { connectedPair } from './tcp-pair.js';

/** Final statuses of a TLS handshake between a client and a server-side peer. */
export interface TlsHandshake {
  client: StreamPeerTLS;
  server: StreamPeerTLS;
}

/**
 * Connects over TCP, then runs the TLS handshake (client with `clientOptions` checking
 * `commonName`, server with `serverOptions`) until both sides leave HANDSHAKING.
 */
export async function tlsHandshake(
  tcpServer: TCPServer,
  host: string,
  commonName: string,
  clientOptions: TLSOptions | null,
  serverOptions: TLSOptions,
): Promise<TlsHandshake> {
  const [tcpClient, tcpPeer] = await connectedPair(tcpServer, host);
  const client = new StreamPeerTLS();
  const server = new StreamPeerTLS();
  assert.equal(server.acceptStream(tcpPeer, serverOptions), Error.OK);
  assert.equal(client.connectToStream(tcpClient, commonName, clientOptions), Error.OK);
  assert.equal(client.getStatus(), StreamPeerTLS.STATUS_HANDSHAKING);
  assert.equal(server.getStatus(), StreamPeerTLS.STATUS_HANDSHAKING);
  await pollUntil('handshake finished', () => {
    client.poll();
    server.poll();
    return (
      client.getStatus() !== StreamPeerTLS.STATUS_HANDSHAKING &&
      server.getStatus() !== StreamPeerTLS.STATUS_HANDSHAKING
    );
  });
  return { client, server };
}
