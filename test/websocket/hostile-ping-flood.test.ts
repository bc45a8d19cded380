// A client that floods pings and never reads what the server sends back (issue 18): the server
// must not queue a pong per ping. RFC 6455 §5.5.3 lets it answer only the latest ping.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TCPServer } from '../../src/net/tcp-server.js';
import { WebSocketPeer } from '../../src/websocket/websocket-peer.js';
import { pollUntil, tick } from '../helpers/poll.js';
import { frame, rawClient, repeat } from '../helpers/raw-ws-client.js';
import { listenLoopback } from '../helpers/ws-pair.js';

const MiB = 1024 * 1024;

test('32 MiB of 125-byte pings from a client that never reads: the pong backlog stays under 1 MiB', async (t) => {
  const tcp = new TCPServer();
  await listenLoopback(tcp);
  const client = rawClient(tcp.getLocalPort()); // no 'data' listener: it never reads
  const server = new WebSocketPeer();
  try {
    await pollUntil('the connection', () => tcp.isConnectionAvailable());
    assert.equal(server.acceptStream(tcp.takeConnection()), 0);
    await pollUntil(
      'OPEN',
      () => server.getReadyState() === WebSocketPeer.STATE_OPEN,
      () => server.poll(),
    );
    const pings = repeat(frame(0x9, new Uint8Array(125).fill(0x61)), Math.floor(MiB / 131));
    for (let i = 0; i < 32; i++) client.write(pings);
    client.write(frame(0x1, new TextEncoder().encode('end')));
    let most = 0;
    let done = false;
    const end = Date.now() + 20_000;
    while (!done && Date.now() < end) {
      server.poll();
      most = Math.max(most, server.getCurrentOutboundBufferedAmount());
      while (server.getAvailablePacketCount() > 0) {
        done = new TextDecoder().decode(server.getPacket()) === 'end';
      }
      await tick(0);
    }
    assert.ok(done, 'the message after the pings arrived');
    assert.equal(server.getReadyState(), WebSocketPeer.STATE_OPEN);
    t.diagnostic(`most bytes waiting to be sent: ${most}`);
    assert.ok(most < MiB, `at most ${most} bytes waited to be sent`);
  } finally {
    client.destroy();
    server.close(-1);
    tcp.stop();
  }
});
