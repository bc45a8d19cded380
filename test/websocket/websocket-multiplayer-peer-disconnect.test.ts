import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, test } from 'node:test';
import { Error } from '../../src/core/error.js';
import { MultiplayerPeer } from '../../src/core/multiplayer-peer.js';
import { WebSocketMultiplayerPeer } from '../../src/websocket/websocket-multiplayer-peer.js';
import { WebSocketPeer } from '../../src/websocket/websocket-peer.js';
import { hex } from '../helpers/hex.js';
import { captureLog } from '../helpers/log.js';
import {
  connectClient,
  FixedIdServer,
  nextPacket,
  pollAll,
  recordSignals,
  startServer,
} from '../helpers/mp-peers.js';
import { pollFor, pollUntil } from '../helpers/poll.js';

const { CONNECTION_DISCONNECTED, CONNECTION_CONNECTING, CONNECTION_CONNECTED } = MultiplayerPeer;

async function pair(id = 42) {
  const { server, url, port } = await startServer(new FixedIdServer([id]));
  const client = await connectClient(server, url);
  const serverEvents = recordSignals(server);
  const clientEvents = recordSignals(client);
  const poll = pollAll(server, client);
  const ws = client.getPeer(1);
  assert.ok(ws);
  return { server, client, url, port, serverEvents, clientEvents, poll, ws, id };
}

describe('WebSocketMultiplayerPeer: disconnects (docs/godot4-multiplayer.md §3.3–§3.5)', () => {
  test('clean, from the client: disconnectPeer(1) closes with 1000; both sides signal', async () => {
    const p = await pair();
    try {
      p.client.disconnectPeer(1);
      assert.equal(
        p.client.getConnectionStatus(),
        CONNECTION_CONNECTED,
        'until the poll sees CLOSED',
      );
      await pollUntil(
        'both signals',
        () => p.clientEvents.length + p.serverEvents.length === 2,
        p.poll,
      );
      assert.deepEqual(p.serverEvents, ['-42']);
      assert.deepEqual(p.clientEvents, ['-1']);
      assert.equal(p.client.getConnectionStatus(), CONNECTION_DISCONNECTED);
      assert.equal(p.client.getUniqueId(), 0);
      assert.equal(p.server.getAvailablePacketCount(), 0);
    } finally {
      p.client.close();
      p.server.close();
    }
  });

  test('server disconnectPeer(id): the signal comes from a later poll; the client sees 1000', async () => {
    const p = await pair();
    try {
      p.server.disconnectPeer(42);
      assert.deepEqual(p.serverEvents, [], 'no signal outside poll()');
      assert.ok(p.server.getPeer(42), 'still listed until the next poll');
      await pollUntil('the client to drop', () => p.clientEvents.length === 1, p.poll);
      assert.deepEqual(p.serverEvents, ['-42']);
      assert.deepEqual(p.clientEvents, ['-1']);
      assert.equal(p.ws.getCloseCode(), 1000);
    } finally {
      p.client.close();
      p.server.close();
    }
  });

  test('forced: the peer is gone at once and no signal is emitted on that side', async () => {
    const p = await pair();
    try {
      p.server.disconnectPeer(42, true);
      const log = captureLog('error');
      assert.equal(p.server.getPeer(42), null);
      log.restore();
      assert.deepEqual(log.lines, ['error: No peer with id 42.']);
      await pollUntil('the client to drop', () => p.clientEvents.length === 1, p.poll);
      await pollFor(30, p.poll);
      assert.deepEqual(p.serverEvents, []);
      assert.equal(p.ws.getCloseCode(), 1000);

      const q = await pair(43);
      q.client.disconnectPeer(1, true);
      assert.equal(
        q.client.getConnectionStatus(),
        CONNECTION_DISCONNECTED,
        'a client clears at once',
      );
      await pollUntil('the server to see it', () => q.serverEvents.length === 1, q.poll);
      assert.deepEqual(q.clientEvents, []);
      assert.deepEqual(q.serverEvents, ['-43']);
      q.server.close();
    } finally {
      p.client.close();
      p.server.close();
    }
  });

  test('a forced disconnect drops the connection ~1 s later even if the peer never answers', async () => {
    const { server, port } = await startServer(new FixedIdServer([44]));
    server.handshakeTimeout = 0.5; // the drop waits max(1 s, handshakeTimeout)
    const raw = new WebSocketPeer();
    try {
      raw.connectToUrl(`ws://127.0.0.1:${port}/`);
      await pollUntil('the id', () => raw.getAvailablePacketCount() > 0, pollAll(raw, server));
      const serverSide = server.getPeer(44);
      assert.ok(serverSide);
      server.disconnectPeer(44, true); // raw is not polled from now on: it never replies
      assert.equal(serverSide.getReadyState(), WebSocketPeer.STATE_CLOSING);
      await pollUntil(
        'the drop',
        () => serverSide.getReadyState() === WebSocketPeer.STATE_CLOSED,
        3000,
      );
    } finally {
      raw.close(-1);
      server.close();
    }
  });

  test('close(): everything dropped at once, no signals; the port can be reused', async () => {
    const p = await pair();
    try {
      p.client.close();
      assert.equal(p.client.getConnectionStatus(), CONNECTION_DISCONNECTED);
      assert.equal(p.client.getUniqueId(), 0);
      await pollUntil('the server to see the drop', () => p.serverEvents.length === 1, p.poll);
      assert.deepEqual(p.clientEvents, []);
      const again = await connectClient(p.server, p.url);
      const againId = again.getUniqueId();
      const againEvents = recordSignals(again);
      p.server.close();
      assert.equal(p.server.getConnectionStatus(), CONNECTION_DISCONNECTED);
      assert.equal(p.server.getUniqueId(), 0);
      await pollUntil(
        'the client to drop',
        () => againEvents.length === 1,
        pollAll(p.server, again),
      );
      assert.deepEqual(againEvents, ['-1']);
      assert.deepEqual(p.serverEvents, ['-42', `+${againId}`], 'no signal from close()');
      assert.equal(p.server.createServer(p.port, '127.0.0.1'), Error.OK);
      await connectClient(p.server, p.url);
    } finally {
      p.client.close();
      p.server.close();
    }
  });

  test('a packet a peer sent just before closing is still delivered, then peerDisconnected', async () => {
    const { server, port } = await startServer(new FixedIdServer([9]));
    const events = recordSignals(server);
    const raw = new WebSocketPeer();
    try {
      raw.connectToUrl(`ws://127.0.0.1:${port}/`);
      const poll = pollAll(raw, server);
      await pollUntil('the id', () => raw.getAvailablePacketCount() > 0, poll);
      raw.send(Uint8Array.of(0xb, 0xe));
      raw.close(1000);
      await pollUntil('the disconnect', () => events.length === 2, pollAll(server));
      assert.deepEqual(events, ['+9', '-9']);
      assert.equal(server.getPacketPeer(), 9);
      assert.equal(hex(server.getPacket()), '0b0e');
    } finally {
      raw.close(-1);
      server.close();
    }
  });
});

describe('WebSocketMultiplayerPeer: timeouts and refusing', () => {
  test('a TCP client that never upgrades is dropped after handshakeTimeout, silently', async () => {
    const { server, port } = await startServer();
    server.handshakeTimeout = 0.2;
    const events = recordSignals(server);
    const socket = connect(port, '127.0.0.1');
    let closedAt = 0;
    socket.on('error', () => {});
    socket.on('close', () => {
      closedAt = performance.now();
    });
    const start = performance.now();
    try {
      await pollUntil('the server to drop the socket', () => closedAt > 0, pollAll(server), 3000);
      assert.ok(closedAt - start >= 190, `dropped after ${closedAt - start} ms`);
      assert.deepEqual(events, []);
    } finally {
      socket.destroy();
      server.close();
    }
  });

  test('a client that gets no id gives up after handshakeTimeout, without a signal', async () => {
    const { server, port } = await startServer();
    server.refuseNewConnections = true; // Upgrades never even start: the socket waits queued.
    const client = new WebSocketMultiplayerPeer();
    client.handshakeTimeout = 0.25;
    const events = recordSignals(client);
    const start = performance.now();
    try {
      client.createClient(`ws://127.0.0.1:${port}/`);
      await pollUntil(
        'DISCONNECTED',
        () => client.getConnectionStatus() === 0,
        pollAll(server, client),
      );
      assert.ok(performance.now() - start >= 240);
      assert.deepEqual(events, []);
    } finally {
      client.close();
      server.close();
    }
  });

  test('an OPEN socket whose server never sends the id also times out (deliberate difference)', async () => {
    const raw = await rawServer();
    const client = new WebSocketMultiplayerPeer();
    client.handshakeTimeout = 0.3;
    const events = recordSignals(client);
    try {
      client.createClient(raw.url);
      const ws = await raw.accept(client);
      assert.equal(client.getConnectionStatus(), CONNECTION_CONNECTING);
      const poll = pollAll(client, ws);
      await pollUntil('DISCONNECTED', () => client.getConnectionStatus() === 0, poll);
      assert.deepEqual(events, []);
    } finally {
      client.close();
      raw.stop();
    }
  });

  test('refuseNewConnections leaves new connections waiting; turning it off admits them', async () => {
    const { server, url } = await startServer(new FixedIdServer([12]));
    const events = recordSignals(server);
    server.refuseNewConnections = true;
    const client = new WebSocketMultiplayerPeer();
    try {
      client.createClient(url);
      await pollFor(200, pollAll(server, client));
      assert.equal(client.getConnectionStatus(), CONNECTION_CONNECTING);
      assert.deepEqual(events, []);
      server.refuseNewConnections = false;
      await pollUntil(
        'CONNECTED',
        () => client.getConnectionStatus() === 2,
        pollAll(server, client),
      );
      assert.deepEqual(events, ['+12']);
    } finally {
      client.close();
      server.close();
    }
  });
});

describe('WebSocketMultiplayerPeer: limits', () => {
  test('an inbound message over inboundBufferSize closes that peer (1009)', async () => {
    const server = new FixedIdServer([50]);
    server.inboundBufferSize = 64;
    const { url } = await startServer(server);
    const client = await connectClient(server, url);
    const events = recordSignals(server);
    const ws = client.getPeer(1);
    const log = captureLog('warning');
    try {
      assert.equal(client.putPacket(new Uint8Array(64)), Error.OK);
      const [, fits] = await nextPacket(server, pollAll(server, client));
      assert.equal(fits.byteLength, 64);
      assert.equal(client.putPacket(new Uint8Array(65)), Error.OK);
      await pollUntil('the drop', () => events.length === 1, pollAll(server, client));
      assert.deepEqual(events, ['-50']);
      await pollUntil(
        'the client to close',
        () => client.getConnectionStatus() === 0,
        pollAll(client),
      );
      assert.equal(ws?.getCloseCode(), 1009);
      assert.equal(log.lines.length, 1);
    } finally {
      log.restore();
      client.close();
      server.close();
    }
  });

  test('outboundBufferSize: a client send over it fails; a server send reports OK like Godot', async () => {
    const { server, url } = await startServer(new FixedIdServer([60]));
    server.outboundBufferSize = 100;
    const log = captureLog('error');
    const client = await connectClient(server, url, (c) => {
      c.outboundBufferSize = 100;
    });
    try {
      assert.equal(client.getMaxPacketSize(), 91);
      assert.equal(client.putPacket(new Uint8Array(200)), Error.ERR_OUT_OF_MEMORY);
      server.setTargetPeer(60);
      assert.equal(server.putPacket(new Uint8Array(200)), Error.OK);
      // The server counts what it drops and logs a summary from its next poll.
      assert.equal(log.lines.length, 1);
      assert.deepEqual(server.getDropCounts(), { 'output buffer full': 1 });
      server.poll();
      assert.equal(log.lines.length, 2);
      assert.match(log.lines[1]!, /dropped 1 packet to peer 60: output buffer full/);
    } finally {
      log.restore();
      client.close();
      server.close();
    }
  });

  test('maxQueuedPackets bounds the shared queue; the rest wait and arrive in order', async () => {
    const { server, url } = await startServer(new FixedIdServer([70]));
    server.maxQueuedPackets = 4;
    const client = await connectClient(server, url);
    try {
      for (let i = 0; i < 10; i++) client.putPacket(Uint8Array.of(i));
      const poll = pollAll(server, client);
      await pollUntil('a full queue', () => server.getAvailablePacketCount() === 4, poll);
      await pollFor(20, poll);
      assert.equal(server.getAvailablePacketCount(), 4);
      const got: number[] = [];
      while (got.length < 10) got.push((await nextPacket(server, poll))[1][0]!);
      assert.deepEqual(got, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    } finally {
      client.close();
      server.close();
    }
  });
});

/** A plain TCPServer + WebSocketPeer server: sends whatever the test wants as the "id". */
async function rawServer() {
  const { TCPServer } = await import('../../src/net/tcp-server.js');
  const { listenLoopback } = await import('../helpers/ws-pair.js');
  const tcp = new TCPServer();
  await listenLoopback(tcp);
  const port = tcp.getLocalPort();
  return {
    url: `ws://127.0.0.1:${port}/`,
    async accept(client: WebSocketMultiplayerPeer): Promise<WebSocketPeer> {
      await pollUntil('a connection', () => tcp.isConnectionAvailable(), pollAll(client));
      const ws = new WebSocketPeer();
      ws.acceptStream(tcp.takeConnection());
      await pollUntil(
        'OPEN',
        () => ws.getReadyState() === WebSocketPeer.STATE_OPEN,
        pollAll(client, ws),
      );
      return ws;
    },
    stop(): void {
      tcp.stop();
    },
  };
}

describe('WebSocketMultiplayerPeer: the client id rules (docs/godot4-multiplayer.md §3.4)', () => {
  const bad: [string, Uint8Array][] = [
    ['3 bytes', Uint8Array.of(5, 0, 0)],
    ['5 bytes', Uint8Array.of(5, 0, 0, 0, 0)],
    ['id 1', Uint8Array.of(1, 0, 0, 0)],
    ['id 0', Uint8Array.of(0, 0, 0, 0)],
    ['id −5', Uint8Array.of(0xfb, 0xff, 0xff, 0xff)],
  ];
  for (const [name, payload] of bad) {
    test(`${name}: "Invalid ID", the socket is closed with 1000, no signal`, async () => {
      const raw = await rawServer();
      const client = new WebSocketMultiplayerPeer();
      const events = recordSignals(client);
      const log = captureLog('error');
      try {
        client.createClient(raw.url);
        const ws = await raw.accept(client);
        ws.send(payload);
        const poll = pollAll(client, ws);
        await pollUntil('the server side to close', () => ws.getReadyState() === 3, poll);
        assert.equal(ws.getCloseCode(), 1000);
        await pollUntil('DISCONNECTED', () => client.getConnectionStatus() === 0, poll);
        assert.deepEqual(events, []);
        assert.deepEqual(log.lines, ['error: Invalid ID received from server.']);
      } finally {
        log.restore();
        client.close();
        raw.stop();
      }
    });
  }

  test('id 2 (the smallest) and a 4-byte text message are accepted; later messages are from 1', async () => {
    for (const [payload, expected, asText] of [
      [Uint8Array.of(2, 0, 0, 0), 2, false],
      [new TextEncoder().encode('abcd'), 0x64636261, true],
    ] as const) {
      const raw = await rawServer();
      const client = new WebSocketMultiplayerPeer();
      const events = recordSignals(client);
      try {
        client.createClient(raw.url);
        const ws = await raw.accept(client);
        ws.send(payload, asText ? WebSocketPeer.WRITE_MODE_TEXT : WebSocketPeer.WRITE_MODE_BINARY);
        ws.send(Uint8Array.of(0xee));
        const poll = pollAll(client, ws);
        await pollUntil('CONNECTED', () => client.getConnectionStatus() === 2, poll);
        assert.equal(client.getUniqueId(), expected);
        assert.deepEqual(events, ['+1']);
        const [from, data] = await nextPacket(client, poll);
        assert.equal(from, 1);
        assert.equal(hex(data), 'ee');
        assert.equal(client.getConnectionStatus(), CONNECTION_CONNECTED);
        assert.notEqual(client.getConnectionStatus(), CONNECTION_CONNECTING);
      } finally {
        client.close();
        raw.stop();
      }
    }
  });
});
