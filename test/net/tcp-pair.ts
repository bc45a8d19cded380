import assert from 'node:assert/strict';
import { Error } from '../../src/core/error.js';
import { StreamPeerTCP } from '../../src/net/stream-peer-tcp.js';
import { TCPServer } from '../../src/net/tcp-server.js';
import { pollUntil } from '../helpers/poll.js';

/** A listening server on `bindAddress` (any free port). */
export async function listeningServer(bindAddress = '127.0.0.1'): Promise<TCPServer> {
  const server = new TCPServer();
  assert.equal(await server.listenAsync(0, bindAddress), Error.OK);
  return server;
}

/** Connects a client to `server` via `host` and returns [client, server-side peer], both CONNECTED. */
export async function connectedPair(
  server: TCPServer,
  host = '127.0.0.1',
): Promise<[StreamPeerTCP, StreamPeerTCP]> {
  const client = new StreamPeerTCP();
  assert.equal(client.connectToHost(host, server.getLocalPort()), Error.OK);
  await pollUntil('client connected', () => {
    client.poll();
    return client.getStatus() === StreamPeerTCP.STATUS_CONNECTED;
  });
  await pollUntil('server accepted', () => server.isConnectionAvailable());
  const peer = server.takeConnection();
  assert.ok(peer !== null);
  return [client, peer];
}

/** Reads until `count` bytes have been gathered from `peer` (polling it), within the deadline. */
export async function readExactly(
  peer: StreamPeerTCP | { poll(): Error; getPartialData(n: number): [Error, Uint8Array] },
  count: number,
  timeoutMs = 5000,
): Promise<Uint8Array> {
  const out = new Uint8Array(count);
  let filled = 0;
  await pollUntil(
    `${count} bytes`,
    () => {
      peer.poll();
      const [err, data] = peer.getPartialData(count - filled);
      assert.equal(err, Error.OK);
      out.set(data, filled);
      filled += data.byteLength;
      return filled === count;
    },
    timeoutMs,
  );
  return out;
}
