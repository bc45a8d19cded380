// getLastError(): what a program reads after a failed connect or a dropped connection, with a
// stable code, one line for a person and the other side's address; and the lines a server logs
// about the same failures (one per failure, naming the peer, no OpenSSL dump, nothing at all for
// a connection that never sent a byte).
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Error } from '../../src/core/error.js';
import { CryptoKey } from '../../src/net/crypto-key.js';
import { StreamPeerTLS } from '../../src/net/stream-peer-tls.js';
import { TCPServer } from '../../src/net/tcp-server.js';
import { TLSOptions } from '../../src/net/tls-options.js';
import { X509Certificate } from '../../src/net/x509-certificate.js';
import { buildClientRequest, generateKey } from '../../src/protocol/handshake-client.js';
import { WebSocketMultiplayerPeer } from '../../src/websocket/websocket-multiplayer-peer.js';
import { WebSocketPeer } from '../../src/websocket/websocket-peer.js';
import { makeTestCerts, type TestCerts } from '../helpers/certs.js';
import { captureLog } from '../helpers/log.js';
import { pollUntil } from '../helpers/poll.js';
import { listenLoopback, openPair } from '../helpers/ws-pair.js';

const { STATE_CLOSED } = WebSocketPeer;
let certs: TestCerts;
let tlsServer: TLSOptions;

before(() => {
  certs = makeTestCerts();
  const key = new CryptoKey();
  const cert = new X509Certificate();
  assert.equal(key.loadFromString(certs.server.keyPem), Error.OK);
  assert.equal(cert.loadFromString(certs.server.certPem), Error.OK);
  tlsServer = TLSOptions.server(key, cert);
});
after(() => certs.cleanup());

/** A listener whose connections become server-side peers (TLS when `tls` is given). */
async function serverSide(tls: TLSOptions | null, timeout = 3) {
  const tcp = new TCPServer();
  await listenLoopback(tcp);
  const peers: WebSocketPeer[] = [];
  /** The handshake timeout of the peers accepted from now on (settable). */
  const settings = { handshakeTimeout: timeout };
  const poll = () => {
    while (tcp.isConnectionAvailable()) {
      const conn = tcp.takeConnection()!;
      const peer = new WebSocketPeer();
      peer.handshakeTimeout = settings.handshakeTimeout;
      let stream: StreamPeerTLS | typeof conn = conn;
      if (tls) {
        const secure = new StreamPeerTLS();
        assert.equal(secure.acceptStream(conn, tls), Error.OK);
        stream = secure;
      }
      assert.equal(peer.acceptStream(stream), Error.OK);
      peers.push(peer);
    }
    for (const peer of peers) peer.poll();
  };
  return { tcp, port: tcp.getLocalPort(), peers, poll, settings, stop: () => tcp.stop() };
}

/** Waits until the first server-side peer is CLOSED; its getLastError(). */
async function firstPeerFailure(server: Awaited<ReturnType<typeof serverSide>>) {
  const closed = () => server.peers[0]?.getReadyState() === STATE_CLOSED;
  await pollUntil('the server side failed', closed, server.poll);
  return server.peers[0]!.getLastError();
}

async function failedClient(url: string, options: TLSOptions | null, poll: () => void) {
  const client = new WebSocketPeer();
  assert.equal(client.connectToUrl(url, options), Error.OK);
  await pollUntil(
    'the client closed',
    () => client.getReadyState() === STATE_CLOSED,
    () => {
      client.poll();
      poll();
    },
  );
  return client;
}

describe('a client reads why it could not connect', () => {
  test('refused, unresolvable, and an http:// or https:// URL', async () => {
    const log = captureLog('error');
    try {
      const tcp = new TCPServer();
      await listenLoopback(tcp);
      const port = tcp.getLocalPort();
      tcp.stop();
      const refused = await failedClient(`ws://127.0.0.1:${port}/`, null, () => {});
      assert.deepEqual(refused.getLastError(), {
        code: 'ECONNREFUSED',
        message: 'connection refused (is the server running, on this port?)',
        address: `127.0.0.1:${port}`,
      });
      const unknown = await failedClient('ws://no-such-host.invalid:9080/', null, () => {});
      assert.equal(unknown.getLastError()?.code, 'ENOTFOUND');
      assert.equal(unknown.getLastError()?.address, 'no-such-host.invalid:9080');

      const http = new WebSocketPeer();
      assert.equal(http.connectToUrl('http://127.0.0.1:9080/'), Error.ERR_INVALID_PARAMETER);
      assert.equal(http.getLastError()?.code, 'INVALID_URL');
      assert.match(http.getLastError()?.message ?? '', /use ws:\/\//);
      assert.match(log.lines.join('\n'), /http:\/\/127\.0\.0\.1:9080\/ \(use ws:\/\//);
      assert.equal(http.connectToUrl('https://example.com/'), Error.ERR_INVALID_PARAMETER);
      assert.match(http.getLastError()?.message ?? '', /use wss:\/\//);
      // A new attempt starts clean.
      assert.equal(refused.connectToUrl(`ws://127.0.0.1:${port}/`), Error.OK);
      assert.equal(refused.getLastError(), null);
      refused.close(-1);
    } finally {
      log.restore();
    }
  });

  test('wss:// to a plain server: TLS_UNEXPECTED on both sides, one line on the server', async () => {
    const log = captureLog('verbose');
    const server = await serverSide(null);
    try {
      const url = `wss://127.0.0.1:${server.port}/`;
      const client = await failedClient(url, TLSOptions.clientUnsafe(), server.poll);
      assert.equal(client.getLastError()?.code, 'TLS_UNEXPECTED');
      assert.match(client.getLastError()?.message ?? '', /does not speak TLS \(use ws:\/\//);
      const failure = await firstPeerFailure(server);
      assert.equal(failure?.code, 'TLS_UNEXPECTED');
      assert.match(failure?.address ?? '', /^127\.0\.0\.1:\d+$/);
      // (The client's own failure is logged too, as a warning naming the server.)
      const warnings = log.lines.filter((l) => l.includes(`with ${failure?.address}`));
      assert.deepEqual(warnings, [
        `warning: WebSocket handshake with ${failure?.address} failed: the client spoke TLS to this plain ws:// port (it should use ws://)`,
      ]);
    } finally {
      server.stop();
      log.restore();
    }
  });

  test('ws:// to a TLS server: the client is told to try wss://, the server logs one line', async () => {
    const log = captureLog('warning');
    const server = await serverSide(tlsServer);
    try {
      const client = await failedClient(`ws://127.0.0.1:${server.port}/`, null, server.poll);
      assert.equal(client.getLastError()?.code, 'CLOSED_DURING_HANDSHAKE');
      assert.match(client.getLastError()?.message ?? '', /use wss:\/\//);
      const failure = await firstPeerFailure(server);
      assert.equal(failure?.code, 'TLS_EXPECTED');
      const lines = log.lines.filter((l) => l.includes(`with ${failure?.address}`));
      assert.equal(lines.length, 1, log.lines.join('\n'));
      assert.match(
        lines[0]!,
        /^warning: WebSocket handshake with 127\.0\.0\.1:\d+ failed: the client spoke plain HTTP to this TLS port \(it should use wss:\/\/\)$/,
      );
    } finally {
      server.stop();
      log.restore();
    }
  });

  test('an untrusted certificate: CERT_UNTRUSTED; the server says the client left, once', async () => {
    const log = captureLog('warning');
    const server = await serverSide(tlsServer);
    try {
      const url = `wss://localhost:${server.port}/`;
      const client = await failedClient(url, TLSOptions.client(), server.poll);
      assert.equal(client.getLastError()?.code, 'CERT_UNTRUSTED');
      assert.equal(client.getLastError()?.address, `localhost:${server.port}`);
      const failure = await firstPeerFailure(server);
      assert.equal(failure?.code, 'CLOSED_DURING_HANDSHAKE');
      const lines = log.lines.filter((l) => l.includes(`with ${failure?.address}`));
      assert.equal(lines.length, 1, log.lines.join('\n'));
      assert.match(lines[0]!, /the client left during the TLS handshake/);
      assert.ok(
        log.lines.every((l) => !/routines|openssl|\.c:\d+/i.test(l)),
        log.lines.join('\n'),
      );
    } finally {
      server.stop();
      log.restore();
    }
  });
});

describe('a server-side peer', () => {
  test('a connection that never sends a byte is not a warning (closed, or timed out)', async () => {
    const log = captureLog('verbose');
    const plain = await serverSide(null, 30);
    const secure = await serverSide(tlsServer, 30);
    const sockets: Socket[] = [];
    try {
      for (const server of [plain, secure]) {
        // One preconnect that gives up (seen long before its 30 s timeout, however loaded the
        // machine), then one that just sits there until its handshake timeout of 0.2 s.
        const leaving = connect(server.port, '127.0.0.1');
        leaving.on('connect', () => leaving.end());
        sockets.push(leaving);
        await pollUntil(
          `the preconnect closed (${server === plain ? 'ws' : 'wss'})`,
          () => server.peers[0]?.getReadyState() === STATE_CLOSED,
          server.poll,
        );
        server.settings.handshakeTimeout = 0.2;
        sockets.push(connect(server.port, '127.0.0.1'));
        await pollUntil(
          'both peers closed',
          () =>
            server.peers.length === 2 &&
            server.peers.every((p) => p.getReadyState() === STATE_CLOSED),
          server.poll,
        );
        const codes = server.peers.map((p) => p.getLastError()?.code).sort();
        assert.deepEqual(codes, ['CLOSED_DURING_HANDSHAKE', 'HANDSHAKE_TIMEOUT']);
      }
      assert.deepEqual(
        log.lines.filter((l) => !l.startsWith('verbose:')),
        [],
      );
      assert.ok(log.lines.length >= 4, log.lines.join('\n'));
    } finally {
      for (const s of sockets) s.destroy();
      plain.stop();
      secure.stop();
      log.restore();
    }
  });

  test('a TLS client that left while its connection waited to be taken: CLOSED_DURING_HANDSHAKE', async () => {
    const server = await serverSide(tlsServer, 30);
    const leaving = connect(server.port, '127.0.0.1');
    leaving.on('connect', () => leaving.end());
    // Closed on the client once the server's raw socket (still in TCPServer's queue) ended too.
    await new Promise((resolve) => leaving.once('close', resolve));
    try {
      await pollUntil(
        'the peer closed (not by its 30 s handshake timeout)',
        () => server.peers[0]?.getReadyState() === STATE_CLOSED,
        server.poll,
      );
      assert.equal(server.peers[0]!.getLastError()?.code, 'CLOSED_DURING_HANDSHAKE');
    } finally {
      server.stop();
    }
  });

  test('a connection that sends part of a request and stops is a warning, with its address', async () => {
    const log = captureLog('warning');
    const server = await serverSide(null, 0.2);
    const socket = connect(server.port, '127.0.0.1');
    try {
      socket.on('connect', () => socket.write('GET / HTTP/1.1\r\n'));
      await pollUntil(
        'the peer timed out',
        () => server.peers[0]?.getReadyState() === STATE_CLOSED,
        server.poll,
      );
      assert.equal(server.peers[0]!.getLastError()?.code, 'HANDSHAKE_TIMEOUT');
      assert.equal(log.lines.length, 1);
      assert.match(
        log.lines[0]!,
        /^warning: WebSocket handshake with 127\.0\.0\.1:\d+ failed: no complete handshake within 200 ms$/,
      );
    } finally {
      socket.destroy();
      server.stop();
      log.restore();
    }
  });

  test('a protocol violation is the WS_ERR_ code; a lost connection is CONNECTION_LOST', async () => {
    const log = captureLog('error');
    const server = await serverSide(null);
    const socket = connect(server.port, '127.0.0.1');
    try {
      const key = generateKey();
      const request = buildClientRequest({
        host: '127.0.0.1',
        port: server.port,
        tls: false,
        path: '/',
        key,
        protocols: [],
        headers: [],
      });
      socket.on('connect', () => socket.write(request));
      await pollUntil(
        'open',
        () => server.peers[0]?.getReadyState() === WebSocketPeer.STATE_OPEN,
        server.poll,
      );
      // A client frame without a mask: RFC 6455 §5.1, close 1002.
      socket.write(Uint8Array.of(0x81, 0x02, 0x68, 0x69));
      await pollUntil(
        'closed',
        () => server.peers[0]!.getReadyState() === STATE_CLOSED,
        server.poll,
      );
      const failure = server.peers[0]!.getLastError();
      assert.equal(failure?.code, 'WS_ERR_EXPECTED_MASK');
      assert.match(failure?.address ?? '', /^127\.0\.0\.1:\d+$/);
      assert.equal(server.peers[0]!.getCloseCode(), 1002);

      const pair = await openPair();
      try {
        pair.server.close(-1); // the client sees TCP end without a close frame
        await pollUntil(
          'client closed',
          () => pair.client.getReadyState() === STATE_CLOSED,
          pair.poll,
        );
        assert.equal(pair.client.getLastError()?.code, 'CONNECTION_LOST');
        assert.equal(pair.client.getLastError()?.address, `127.0.0.1:${pair.port}`);
      } finally {
        pair.close();
      }
      const clean = await openPair();
      try {
        clean.client.close(1000);
        await pollUntil(
          'clean close',
          () => clean.client.getReadyState() === STATE_CLOSED,
          clean.poll,
        );
        assert.equal(clean.client.getLastError(), null, 'a clean close is not an error');
      } finally {
        clean.close();
      }
    } finally {
      socket.destroy();
      server.stop();
      log.restore();
    }
  });
});

test('WebSocketMultiplayerPeer: a client keeps its socket’s error; a server its listen error', async () => {
  const log = captureLog('error');
  const tcp = new TCPServer();
  const client = new WebSocketMultiplayerPeer();
  try {
    await listenLoopback(tcp);
    const port = tcp.getLocalPort();
    assert.equal(client.createServer(port), Error.ERR_ALREADY_IN_USE);
    assert.equal(client.getLastError()?.code, 'EADDRINUSE');
    assert.equal(client.getLastError()?.address, `*:${port}`);
    tcp.stop();
    assert.equal(client.createClient(`ws://127.0.0.1:${port}/`), Error.OK);
    assert.equal(client.getLastError(), null);
    await pollUntil(
      'disconnected',
      () => client.getConnectionStatus() === 0,
      () => client.poll(),
    );
    assert.equal(client.getLastError()?.code, 'ECONNREFUSED');
    assert.equal(client.getLastError()?.address, `127.0.0.1:${port}`);
  } finally {
    tcp.stop();
    client.close();
    log.restore();
  }
});

test('TCPServer.listenAsync on an IP resolves once bound; getLocalPort is known then', async () => {
  const tcp = new TCPServer();
  assert.equal(tcp.listen(0, '127.0.0.1'), Error.OK);
  assert.equal(tcp.getLocalPort(), 0, 'Node binds an IP literal a tick later');
  tcp.stop();
  assert.equal(await tcp.listenAsync(0, '127.0.0.1'), Error.OK);
  assert.ok(tcp.getLocalPort() > 0);
  const taken = new TCPServer();
  const log = captureLog('error');
  try {
    assert.equal(
      await taken.listenAsync(tcp.getLocalPort(), '127.0.0.1'),
      Error.ERR_ALREADY_IN_USE,
    );
    assert.equal(taken.getLastError()?.code, 'EADDRINUSE');
    assert.equal(taken.getLastError()?.address, `127.0.0.1:${tcp.getLocalPort()}`);
  } finally {
    log.restore();
    tcp.stop();
  }
});
