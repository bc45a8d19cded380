// wss:// with certificates made by openssl at test time: our client ↔ our server-side peer over
// StreamPeerTLS, certificate and host-name checks, the TLSOptions escape hatches, and ws.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { Error } from '../../src/core/error.js';
import { CryptoKey } from '../../src/net/crypto-key.js';
import { StreamPeerTLS } from '../../src/net/stream-peer-tls.js';
import { TCPServer } from '../../src/net/tcp-server.js';
import { TLSOptions } from '../../src/net/tls-options.js';
import { X509Certificate } from '../../src/net/x509-certificate.js';
import { WebSocketPeer } from '../../src/websocket/websocket-peer.js';
import { makeTestCerts, type TestCerts } from '../helpers/certs.js';
import { captureLog } from '../helpers/log.js';
import { pollUntil } from '../helpers/poll.js';
import { listenLoopback } from '../helpers/ws-pair.js';

const { STATE_OPEN, STATE_CLOSED } = WebSocketPeer;
const text = new TextDecoder();

let certs: TestCerts;
let ca: X509Certificate;
/** Signed by the test CA for DNS:localhost only (no IP SAN). */
let localhostOnly: { keyPem: string; certPem: string };

function serverOptions(keyPem: string, certPem: string): TLSOptions {
  const key = new CryptoKey();
  const cert = new X509Certificate();
  assert.equal(key.loadFromString(keyPem), Error.OK);
  assert.equal(cert.loadFromString(certPem), Error.OK);
  return TLSOptions.server(key, cert);
}

before(() => {
  certs = makeTestCerts();
  ca = new X509Certificate();
  assert.equal(ca.load(certs.ca.certPath), Error.OK);
  const key = join(certs.dir, 'lh.key');
  const csr = join(certs.dir, 'lh.csr');
  const ext = join(certs.dir, 'lh.ext');
  const crt = join(certs.dir, 'lh.crt');
  writeFileSync(ext, 'basicConstraints=CA:FALSE\nsubjectAltName=DNS:localhost\n');
  const run = (args: string[]) =>
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 });
  run(
    ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'].concat([
      '-keyout',
      key,
      '-out',
      csr,
      '-subj',
      '/CN=localhost',
    ]),
  );
  run(
    ['x509', '-req', '-in', csr, '-CA', certs.ca.certPath, '-CAkey', certs.ca.keyPath].concat([
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      ext,
      '-out',
      crt,
    ]),
  );
  localhostOnly = {
    keyPem: readFileSync(key, 'utf8'),
    certPem: readFileSync(crt, 'utf8') + certs.ca.certPem,
  };
});

after(() => certs.cleanup());

/** Our wss server: a TCPServer whose connections go through StreamPeerTLS into a peer. */
interface WssPair {
  client: WebSocketPeer;
  server: WebSocketPeer;
  tcp: TCPServer;
  port: number;
  poll(): void;
  close(): void;
}

const pairs: WssPair[] = [];
afterEach(() => {
  for (const p of pairs.splice(0)) p.close();
});

/**
 * Connects our client to `wss://host:port/` served with `tls` and waits until neither side is
 * CONNECTING.
 */
async function wssPair(
  tls: TLSOptions,
  host: string,
  clientOptions: TLSOptions | null,
  configure?: (peer: WebSocketPeer) => void,
  bindAddress = '127.0.0.1',
): Promise<WssPair> {
  const tcp = new TCPServer();
  assert.equal(tcp.listen(0, bindAddress), Error.OK);
  await pollUntil('the listener', () => tcp.isListening() && tcp.getLocalPort() > 0);
  const port = tcp.getLocalPort();
  const client = new WebSocketPeer();
  const server = new WebSocketPeer();
  configure?.(client);
  configure?.(server);
  const url = `wss://${host}:${port}/`;
  assert.equal(client.connectToUrl(url, clientOptions), Error.OK);
  await pollUntil(
    'the TCP connection',
    () => tcp.isConnectionAvailable(),
    () => client.poll(),
  );
  const stream = new StreamPeerTLS();
  assert.equal(stream.acceptStream(tcp.takeConnection()!, tls), Error.OK);
  assert.equal(server.acceptStream(stream), Error.OK);
  const p: WssPair = {
    client,
    server,
    tcp,
    port,
    poll() {
      client.poll();
      server.poll();
    },
    close() {
      client.close(-1);
      server.close(-1);
      tcp.stop();
    },
  };
  pairs.push(p);
  await pollUntil(
    'the handshake to end',
    () =>
      client.getReadyState() !== WebSocketPeer.STATE_CONNECTING &&
      server.getReadyState() !== WebSocketPeer.STATE_CONNECTING,
    p.poll,
  );
  return p;
}

async function assertRejected(p: WssPair): Promise<void> {
  assert.equal(p.client.getReadyState(), STATE_CLOSED);
  assert.equal(p.client.getCloseCode(), -1);
  await pollUntil(
    'the server side CLOSED',
    () => p.server.getReadyState() === STATE_CLOSED,
    p.poll,
  );
  assert.equal(p.server.getCloseCode(), -1);
}

describe('wss: our client ↔ our server-side peer over StreamPeerTLS', () => {
  test('echo of text and binary up to 1 MiB; requested URL is wss://; clean close', async () => {
    const big = 1 << 20;
    const p = await wssPair(
      serverOptions(certs.server.keyPem, certs.serverChainPem),
      'localhost',
      TLSOptions.client(ca),
      (peer) => {
        peer.inboundBufferSize = big + 16;
        peer.outboundBufferSize = 4 * big;
      },
    );
    assert.equal(p.client.getReadyState(), STATE_OPEN);
    assert.equal(p.server.getReadyState(), STATE_OPEN);
    assert.equal(p.server.getRequestedUrl(), `wss://localhost:${p.port}/`);
    for (const size of [0, 1, 125, 126, 65535, 65536, big]) {
      const data = new Uint8Array(size).map((_, i) => (i * 7 + size) & 255);
      assert.equal(p.client.send(data), Error.OK);
      await pollUntil(`${size} B`, () => p.server.getAvailablePacketCount() > 0, p.poll);
      const got = p.server.getPacket();
      assert.deepEqual(got, data);
      assert.equal(p.server.send(got), Error.OK);
      await pollUntil(`${size} B back`, () => p.client.getAvailablePacketCount() > 0, p.poll);
      assert.deepEqual(p.client.getPacket(), data);
    }
    p.server.sendText('héllo');
    await pollUntil('text', () => p.client.getAvailablePacketCount() > 0, p.poll);
    assert.equal(text.decode(p.client.getPacket()), 'héllo');
    assert.equal(p.client.wasStringPacket(), true);
    p.client.close(4003, 'tls bye');
    await pollUntil(
      'both CLOSED',
      () => p.client.getReadyState() === STATE_CLOSED && p.server.getReadyState() === STATE_CLOSED,
      p.poll,
    );
    assert.equal(p.server.getCloseCode(), 4003);
    assert.equal(p.server.getCloseReason(), 'tls bye');
    assert.equal(p.client.getCloseCode(), 4003);
  });

  test('back-pressure over TLS: 8 MB through a 2-packet inbound queue, none lost', async () => {
    const p = await wssPair(
      serverOptions(certs.server.keyPem, certs.serverChainPem),
      'localhost',
      TLSOptions.client(ca),
      (peer) => {
        peer.inboundBufferSize = 1 << 20;
        peer.outboundBufferSize = 16 << 20;
        peer.maxQueuedPackets = 2;
      },
    );
    // The sender is bounded too (2 messages not yet written out): it sends whenever it may.
    const log = captureLog('error');
    const count = 16;
    let sent = 0;
    let got = 0;
    try {
      await pollUntil(
        `${count} messages`,
        () => {
          if (sent < count && p.server.send(new Uint8Array(500_000).fill(sent)) === Error.OK) {
            sent++;
          }
          assert.ok(p.client.getAvailablePacketCount() <= 2);
          if (p.client.getAvailablePacketCount() > 0) {
            const m = p.client.getPacket();
            assert.equal(m.byteLength, 500_000);
            assert.equal(m[499_999], got);
            got++;
          }
          return got === count;
        },
        p.poll,
        10_000,
      );
    } finally {
      log.restore();
    }
    assert.ok(
      log.lines.every((l) => /maxQueuedPackets/.test(l)),
      log.lines.join('\n'),
    );
    await pollUntil(
      'the server drained',
      () => p.server.getCurrentOutboundBufferedAmount() === 0,
      p.poll,
    );
  });

  test('an IP literal matches the certificate’s IP SAN (wss://127.0.0.1)', async () => {
    const p = await wssPair(
      serverOptions(certs.server.keyPem, certs.serverChainPem),
      '127.0.0.1',
      TLSOptions.client(ca),
    );
    assert.equal(p.client.getReadyState(), STATE_OPEN);
  });

  test('IPv6: wss://[::1] matches the IP:::1 SAN; host and port getters', async () => {
    const p = await wssPair(
      serverOptions(certs.server.keyPem, certs.serverChainPem),
      '[::1]',
      TLSOptions.client(ca),
      undefined,
      '::1',
    );
    assert.equal(p.client.getReadyState(), STATE_OPEN);
    assert.equal(p.client.getConnectedHost(), '::1');
    assert.equal(p.client.getConnectedPort(), p.port);
    assert.equal(p.server.getConnectedHost(), '::1');
    // Godot writes an IPv6 Host without brackets (docs/godot4-peer.md §1.4) and the server side
    // builds its URL from that header verbatim (§1.6); we keep both quirks.
    assert.equal(p.server.getRequestedUrl(), `wss://::1:${p.port}/`);
    p.client.setNoDelay(true);
    p.server.sendText('v6');
    await pollUntil('text', () => p.client.getAvailablePacketCount() > 0, p.poll);
    assert.equal(text.decode(p.client.getPacket()), 'v6');
  });

  test('a TCP client that never starts TLS is dropped after handshakeTimeout', async () => {
    const tcp = new TCPServer();
    await listenLoopback(tcp);
    const socket = connect(tcp.getLocalPort(), '127.0.0.1');
    socket.on('error', () => {});
    let ended = false;
    socket.on('close', () => (ended = true));
    const peer = new WebSocketPeer();
    peer.handshakeTimeout = 0.2;
    const log = captureLog();
    try {
      await pollUntil('the connection', () => tcp.isConnectionAvailable());
      const stream = new StreamPeerTLS();
      const tls = serverOptions(certs.server.keyPem, certs.serverChainPem);
      assert.equal(stream.acceptStream(tcp.takeConnection()!, tls), Error.OK);
      assert.equal(peer.acceptStream(stream), Error.OK);
      const start = Date.now();
      await pollUntil(
        'CLOSED',
        () => peer.getReadyState() === STATE_CLOSED,
        () => peer.poll(),
      );
      const took = Date.now() - start;
      assert.ok(took >= 190 && took < 1500, `dropped after ${took} ms`);
      await pollUntil('the socket closed', () => ended);
    } finally {
      log.restore();
      socket.destroy();
      peer.close(-1);
      tcp.stop();
    }
  });

  test('TLSOptions.client(ca) accepts a certificate signed by that CA only', async () => {
    const log = captureLog('error');
    try {
      const other = new X509Certificate();
      assert.equal(other.loadFromString(certs.selfSigned.certPem), Error.OK);
      const p = await wssPair(
        serverOptions(certs.server.keyPem, certs.serverChainPem),
        'localhost',
        TLSOptions.client(other),
      );
      await assertRejected(p);
    } finally {
      log.restore();
    }
  });
});

describe('wss: certificate and host-name verification', () => {
  test('the default TLSOptions.client() rejects a certificate from an unknown CA', async () => {
    const log = captureLog('error');
    try {
      const p = await wssPair(
        serverOptions(certs.server.keyPem, certs.serverChainPem),
        'localhost',
        null,
      );
      await assertRejected(p);
      assert.equal(p.client.getLastError()?.code, 'CERT_UNTRUSTED');
      assert.match(p.client.getLastError()?.message ?? '', /certificate is not trusted/);
      assert.match(p.client.getLastError()?.address ?? '', /^localhost:\d+$/);
    } finally {
      log.restore();
    }
  });

  test('a self-signed certificate is rejected by default, accepted by clientUnsafe()', async () => {
    const tls = serverOptions(certs.selfSigned.keyPem, certs.selfSigned.certPem);
    const log = captureLog('error');
    try {
      await assertRejected(await wssPair(tls, 'localhost', TLSOptions.client()));
    } finally {
      log.restore();
    }
    const p = await wssPair(tls, 'localhost', TLSOptions.clientUnsafe());
    assert.equal(p.client.getReadyState(), STATE_OPEN);
    p.client.sendText('unsafe but fine');
    await pollUntil('text', () => p.server.getAvailablePacketCount() > 0, p.poll);
    assert.equal(text.decode(p.server.getPacket()), 'unsafe but fine');
  });

  test('wrong host name: a trusted certificate for other.test is rejected for localhost', async () => {
    const tls = serverOptions(certs.other.keyPem, certs.other.certPem + certs.ca.certPem);
    const log = captureLog('error');
    try {
      const p = await wssPair(tls, 'localhost', TLSOptions.client(ca));
      await assertRejected(p);
      assert.equal(p.client.getLastError()?.code, 'CERT_HOSTNAME');
      assert.match(p.client.getLastError()?.message ?? '', /not for this host name/);
      await assertRejected(await wssPair(tls, '127.0.0.1', TLSOptions.client(ca)));
    } finally {
      log.restore();
    }
  });

  test('a DNS-only certificate for localhost does not cover the IP 127.0.0.1', async () => {
    const tls = serverOptions(localhostOnly.keyPem, localhostOnly.certPem);
    const ok = await wssPair(tls, 'localhost', TLSOptions.client(ca));
    assert.equal(ok.client.getReadyState(), STATE_OPEN);
    const log = captureLog('error');
    try {
      await assertRejected(await wssPair(tls, '127.0.0.1', TLSOptions.client(ca)));
    } finally {
      log.restore();
    }
  });

  test('commonNameOverride makes the mismatched name pass (the chain is still verified)', async () => {
    const tls = serverOptions(certs.other.keyPem, certs.other.certPem + certs.ca.certPem);
    const p = await wssPair(tls, '127.0.0.1', TLSOptions.client(ca, 'other.test'));
    assert.equal(p.client.getReadyState(), STATE_OPEN);
    const log = captureLog('error');
    try {
      await assertRejected(await wssPair(tls, '127.0.0.1', TLSOptions.client(null, 'other.test')));
      await assertRejected(await wssPair(tls, '127.0.0.1', TLSOptions.client(ca, 'wrong.test')));
    } finally {
      log.restore();
    }
  });

  test('clientUnsafe() also accepts the wrong host name', async () => {
    const tls = serverOptions(certs.other.keyPem, certs.other.certPem);
    const p = await wssPair(tls, 'localhost', TLSOptions.clientUnsafe());
    assert.equal(p.client.getReadyState(), STATE_OPEN);
  });

  test('a plain ws:// client at a wss server: both sides end CLOSED', async () => {
    const tcp = new TCPServer();
    await listenLoopback(tcp);
    const client = new WebSocketPeer();
    const server = new WebSocketPeer();
    const log = captureLog('error');
    try {
      assert.equal(client.connectToUrl(`ws://127.0.0.1:${tcp.getLocalPort()}/`), Error.OK);
      await pollUntil(
        'the connection',
        () => tcp.isConnectionAvailable(),
        () => client.poll(),
      );
      const stream = new StreamPeerTLS();
      const tls = serverOptions(certs.server.keyPem, certs.serverChainPem);
      assert.equal(stream.acceptStream(tcp.takeConnection()!, tls), Error.OK);
      assert.equal(server.acceptStream(stream), Error.OK);
      await pollUntil(
        'both CLOSED',
        () => client.getReadyState() === STATE_CLOSED && server.getReadyState() === STATE_CLOSED,
        () => {
          client.poll();
          server.poll();
        },
      );
      assert.equal(client.getCloseCode(), -1);
    } finally {
      log.restore();
      client.close(-1);
      server.close(-1);
      tcp.stop();
    }
  });
});
