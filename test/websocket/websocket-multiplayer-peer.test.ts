import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Error } from '../../src/core/error.js';
import { MultiplayerPeer } from '../../src/core/multiplayer-peer.js';
import { CryptoKey } from '../../src/net/crypto-key.js';
import { TLSOptions } from '../../src/net/tls-options.js';
import { X509Certificate } from '../../src/net/x509-certificate.js';
import { WebSocketMultiplayerPeer } from '../../src/websocket/websocket-multiplayer-peer.js';
import { WebSocketPeer } from '../../src/websocket/websocket-peer.js';
import { makeTestCerts, type TestCerts } from '../helpers/certs.js';
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
const text = new TextEncoder();

describe('WebSocketMultiplayerPeer: defaults and arguments (docs/godot4-multiplayer.md §3.1, §3.2)', () => {
  test('a new peer is DISCONNECTED with Godot defaults', () => {
    const p = new WebSocketMultiplayerPeer();
    assert.equal(p.getConnectionStatus(), CONNECTION_DISCONNECTED);
    assert.equal(p.getUniqueId(), 0);
    assert.deepEqual(p.supportedProtocols, []);
    assert.deepEqual(p.handshakeHeaders, []);
    assert.equal(p.inboundBufferSize, 65535);
    assert.equal(p.outboundBufferSize, 65535);
    assert.equal(p.maxQueuedPackets, 4096);
    assert.equal(p.handshakeTimeout, 3);
    assert.equal(p.getMaxPacketSize(), 65526);
    assert.equal(p.isServerRelaySupported(), true);
    assert.equal(p.getPacketChannel(), 0);
    assert.equal(p.getPacketMode(), MultiplayerPeer.TRANSFER_MODE_RELIABLE);
    assert.equal(p.transferMode, MultiplayerPeer.TRANSFER_MODE_RELIABLE);
    assert.equal(p.transferChannel, 0);
    assert.equal(p.refuseNewConnections, false);
    assert.equal(p.getAvailablePacketCount(), 0);
  });

  test('properties and setters; handshakeTimeout ≤ 0 is refused; maxPacketSize follows outbound', () => {
    const log = captureLog('error');
    try {
      const p = new WebSocketMultiplayerPeer();
      p.setSupportedProtocols([' godot ']);
      assert.deepEqual(p.getSupportedProtocols(), ['godot']);
      p.handshakeHeaders = ['X-A: 1'];
      assert.deepEqual(p.getHandshakeHeaders(), ['X-A: 1']);
      p.inboundBufferSize = 100;
      p.setOutboundBufferSize(1009);
      p.maxQueuedPackets = 7;
      assert.equal(p.getInboundBufferSize(), 100);
      assert.equal(p.getMaxPacketSize(), 1000);
      assert.equal(p.getMaxQueuedPackets(), 7);
      p.handshakeTimeout = 0.5;
      assert.equal(p.getHandshakeTimeout(), 0.5);
      p.handshakeTimeout = 0;
      p.setHandshakeTimeout(-1);
      assert.equal(p.handshakeTimeout, 0.5);
      p.maxQueuedPackets = -1;
      assert.equal(p.maxQueuedPackets, 7);
      assert.equal(log.lines.length, 3);
    } finally {
      log.restore();
    }
  });

  test('ERR_UNCONFIGURED while not connected; wrong TLS options; already in use', async () => {
    const log = captureLog('error');
    const p = new WebSocketMultiplayerPeer();
    try {
      assert.equal(p.putPacket(Uint8Array.of(1)), Error.ERR_UNCONFIGURED);
      p.getPacket();
      assert.equal(p.getPacketError(), Error.ERR_UNCONFIGURED);
      assert.equal(p.getPacketPeer(), 1);
      const clientTls = TLSOptions.client();
      assert.equal(p.createServer(0, '127.0.0.1', clientTls), Error.ERR_INVALID_PARAMETER);
      const serverTls = TLSOptions.server(new CryptoKey(), new X509Certificate());
      assert.equal(p.createClient('ws://127.0.0.1:1/', serverTls), Error.ERR_INVALID_PARAMETER);
      assert.equal(p.createClient(''), Error.ERR_INVALID_PARAMETER);
      assert.equal(p.createServer(0, 'not an ip'), Error.ERR_INVALID_PARAMETER);
      assert.equal(p.getConnectionStatus(), CONNECTION_DISCONNECTED);
      assert.equal(p.createClient('ws://127.0.0.1:1/'), Error.OK);
      assert.equal(p.getConnectionStatus(), CONNECTION_CONNECTING);
      assert.equal(p.getUniqueId(), 0);
      assert.equal(p.putPacket(Uint8Array.of(1)), Error.ERR_UNCONFIGURED, 'CONNECTING');
      assert.equal(p.createServer(0), Error.ERR_ALREADY_IN_USE);
      assert.equal(p.createClient('ws://127.0.0.1:1/'), Error.ERR_ALREADY_IN_USE);
      await pollUntil('the refused client', () => p.getConnectionStatus() === 0, pollAll(p));
      assert.equal(p.getUniqueId(), 0);
    } finally {
      p.close();
      log.restore();
    }
  });
});

describe('WebSocketMultiplayerPeer: id handshake and packets over 127.0.0.1', () => {
  test('the server sends the id as its first message: 4 bytes, binary, int32 LE', async () => {
    const { server, port } = await startServer(new FixedIdServer([0x12345678]));
    const serverEvents = recordSignals(server);
    const raw = new WebSocketPeer();
    try {
      assert.equal(server.getUniqueId(), 1);
      assert.equal(server.getConnectionStatus(), CONNECTION_CONNECTED);
      assert.equal(raw.connectToUrl(`ws://127.0.0.1:${port}/`), Error.OK);
      await pollUntil(
        'the id message',
        () => raw.getAvailablePacketCount() > 0,
        () => {
          raw.poll();
          server.poll();
        },
      );
      const id = raw.getPacket();
      assert.equal(hex(id), '78563412');
      assert.equal(raw.wasStringPacket(), false);
      assert.deepEqual(serverEvents, ['+305419896']);
      assert.ok(server.getPeer(0x12345678) instanceof WebSocketPeer);
    } finally {
      raw.close(-1);
      server.close();
    }
  });

  test('client: CONNECTING → CONNECTED with the id, peerConnected(1); both signals from poll()', async () => {
    const { server, url } = await startServer(new FixedIdServer([77]));
    const serverEvents = recordSignals(server);
    const client = new WebSocketMultiplayerPeer();
    const clientEvents = recordSignals(client);
    try {
      assert.equal(client.createClient(url), Error.OK);
      assert.equal(client.getConnectionStatus(), CONNECTION_CONNECTING);
      await pollUntil(
        'CONNECTED',
        () => client.getConnectionStatus() === 2,
        pollAll(server, client),
      );
      assert.equal(client.getUniqueId(), 77);
      assert.deepEqual(clientEvents, ['+1']);
      assert.deepEqual(serverEvents, ['+77']);
      assert.equal(server.getPeerAddress(77), '127.0.0.1');
      assert.equal(client.getPeerAddress(1), '127.0.0.1');
      assert.equal(client.getPeerPort(1), server.getLocalPort());
      const clientWs = client.getPeer(1);
      assert.ok(clientWs);
      assert.ok(server.getPeerPort(77) > 0);
      assert.notEqual(server.getPeerPort(77), server.getLocalPort());
    } finally {
      client.close();
      server.close();
    }
  });

  test('unknown ids: getPeer null, address "", port 0, disconnectPeer logs', async () => {
    const { server } = await startServer();
    const log = captureLog('error');
    try {
      assert.equal(server.getPeer(5), null);
      assert.equal(server.getPeerAddress(5), '');
      assert.equal(server.getPeerPort(5), 0);
      server.disconnectPeer(5);
      assert.equal(log.lines.length, 4);
    } finally {
      log.restore();
      server.close();
    }
  });

  test('packets both ways carry their source; targets: one, all, all-but-one, unknown', async () => {
    const { server, url } = await startServer(new FixedIdServer([10, 20, 30]));
    const a = await connectClient(server, url);
    const b = await connectClient(server, url);
    const c = await connectClient(server, url);
    const poll = pollAll(server, a, b, c);
    const log = captureLog('error');
    try {
      assert.deepEqual([a.getUniqueId(), b.getUniqueId(), c.getUniqueId()], [10, 20, 30]);
      a.setTargetPeer(20); // Ignored on a client: always to the server.
      assert.equal(a.putPacket(text.encode('from a')), Error.OK);
      const [from, data] = await nextPacket(server, poll);
      assert.equal(from, 10);
      assert.equal(new TextDecoder().decode(data), 'from a');

      server.setTargetPeer(20);
      assert.equal(server.putPacket(Uint8Array.of(1)), Error.OK);
      server.setTargetPeer(0);
      assert.equal(server.putPacket(Uint8Array.of(2)), Error.OK);
      server.setTargetPeer(-20);
      assert.equal(server.putPacket(Uint8Array.of(3)), Error.OK);
      server.setTargetPeer(99);
      assert.equal(server.putPacket(Uint8Array.of(4)), Error.ERR_INVALID_PARAMETER);
      server.setTargetPeer(MultiplayerPeer.TARGET_PEER_SERVER);
      assert.equal(server.putPacket(Uint8Array.of(5)), Error.ERR_INVALID_PARAMETER);
      const got = async (peer: WebSocketMultiplayerPeer, n: number) => {
        const out: string[] = [];
        for (let i = 0; i < n; i++) {
          const [src, bytes] = await nextPacket(peer, poll);
          out.push(`${src}:${hex(bytes)}`);
        }
        await pollFor(30, poll);
        assert.equal(peer.getAvailablePacketCount(), 0);
        return out;
      };
      assert.deepEqual(await got(a, 2), ['1:02', '1:03']);
      assert.deepEqual(await got(b, 2), ['1:01', '1:02']);
      assert.deepEqual(await got(c, 2), ['1:02', '1:03']);
      assert.equal(log.lines.length, 2);
    } finally {
      log.restore();
      for (const p of [a, b, c, server]) p.close();
    }
  });

  test("a packet sent from the server's peerConnected handler arrives after the id, from peer 1", async () => {
    const { server, url } = await startServer(new FixedIdServer([5]));
    server.peerConnected.connect((id) => {
      server.setTargetPeer(id);
      server.putPacket(Uint8Array.of(9, 9));
    });
    const client = new WebSocketMultiplayerPeer();
    try {
      client.createClient(url);
      await pollUntil(
        'CONNECTED',
        () => client.getConnectionStatus() === 2,
        pollAll(server, client),
      );
      await pollUntil('the welcome', () => client.getAvailablePacketCount() > 0, pollAll(client));
      assert.equal(client.getPacketPeer(), 1);
      assert.equal(hex(client.getPacket()), '0909');
    } finally {
      client.close();
      server.close();
    }
  });

  test('zero-length messages are dropped (as Godot drops them); later ones still arrive', async () => {
    const { server, port } = await startServer();
    const raw = new WebSocketPeer();
    try {
      raw.connectToUrl(`ws://127.0.0.1:${port}/`);
      const poll = pollAll(server, raw);
      await pollUntil('the id', () => raw.getAvailablePacketCount() > 0, poll);
      raw.getPacket();
      assert.equal(raw.send(new Uint8Array(0)), Error.OK);
      assert.equal(raw.send(Uint8Array.of(7)), Error.OK);
      const [, data] = await nextPacket(server, poll);
      assert.equal(hex(data), '07');
      await pollFor(30, poll);
      assert.equal(server.getAvailablePacketCount(), 0);
    } finally {
      raw.close(-1);
      server.close();
    }
  });
});

describe('WebSocketMultiplayerPeer: Node extras', () => {
  test('onActivity fires from socket events for a new connection and for data', async () => {
    const { server, url } = await startServer();
    let calls = 0;
    server.onActivity = () => {
      calls++;
    };
    const client = new WebSocketMultiplayerPeer();
    try {
      client.createClient(url);
      client.poll();
      await pollUntil('activity for the connection', () => calls > 0, 3000);
      await pollUntil(
        'CONNECTED',
        () => client.getConnectionStatus() === 2,
        pollAll(server, client),
      );
      await pollFor(30, pollAll(server, client));
      const before = calls;
      client.putPacket(Uint8Array.of(1));
      await pollUntil(
        'activity for the data',
        () => calls > before,
        () => client.poll(),
        3000,
      );
      assert.equal(server.getAvailablePacketCount(), 0, 'nothing is read until poll()');
      server.poll();
      assert.equal(server.getAvailablePacketCount(), 1);
      server.onActivity = null;
      assert.equal(server.onActivity, null);
    } finally {
      client.close();
      server.close();
    }
  });
});

describe('WebSocketMultiplayerPeer: wss', () => {
  let certs: TestCerts;
  before(() => {
    certs = makeTestCerts();
  });
  after(() => certs.cleanup());

  test('createServer with TLSOptions.server; a client trusting the CA connects and talks', async () => {
    const key = new CryptoKey();
    const chain = new X509Certificate();
    const ca = new X509Certificate();
    assert.equal(key.loadFromString(certs.server.keyPem), Error.OK);
    assert.equal(chain.loadFromString(certs.serverChainPem), Error.OK);
    assert.equal(ca.loadFromString(certs.ca.certPem), Error.OK);
    const server = new WebSocketMultiplayerPeer();
    assert.equal(server.createServer(0, '127.0.0.1', TLSOptions.server(key, chain)), Error.OK);
    await pollUntil('the listener', () => server.getLocalPort() > 0);
    const client = new WebSocketMultiplayerPeer();
    try {
      const url = `wss://localhost:${server.getLocalPort()}/`;
      assert.equal(client.createClient(url, TLSOptions.client(ca)), Error.OK);
      const poll = pollAll(server, client);
      await pollUntil('CONNECTED over TLS', () => client.getConnectionStatus() === 2, poll);
      client.putPacket(text.encode('secret'));
      const [from, data] = await nextPacket(server, poll);
      assert.equal(from, client.getUniqueId());
      assert.equal(new TextDecoder().decode(data), 'secret');
    } finally {
      client.close();
      server.close();
    }
  });
});
