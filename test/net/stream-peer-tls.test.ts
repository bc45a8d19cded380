import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Error } from '../../src/core/error.js';
import { CryptoKey } from '../../src/net/crypto-key.js';
import { StreamPeerTCP } from '../../src/net/stream-peer-tcp.js';
import { StreamPeerTLS } from '../../src/net/stream-peer-tls.js';
import type { TCPServer } from '../../src/net/tcp-server.js';
import { TLSOptions } from '../../src/net/tls-options.js';
import { X509Certificate } from '../../src/net/x509-certificate.js';
import { makeTestCerts, type TestCerts } from '../helpers/certs.js';
import { captureLog } from '../helpers/log.js';
import { pollUntil } from '../helpers/poll.js';
import { connectedPair, listeningServer, readExactly } from './tcp-pair.js';
import { tlsHandshake } from './tls-pair.js';

let certs: TestCerts;
let tcpServer: TCPServer;
let ca: X509Certificate;
let serverOptions: TLSOptions;
let otherOptions: TLSOptions;

function serverTls(keyPem: string, certPem: string): TLSOptions {
  const key = new CryptoKey();
  const cert = new X509Certificate();
  assert.equal(key.loadFromString(keyPem), Error.OK);
  assert.equal(cert.loadFromString(certPem), Error.OK);
  return TLSOptions.server(key, cert);
}

before(async () => {
  certs = makeTestCerts();
  tcpServer = await listeningServer('*');
  ca = new X509Certificate();
  assert.equal(ca.load(certs.ca.certPath), Error.OK);
  serverOptions = serverTls(certs.server.keyPem, certs.serverChainPem);
  otherOptions = serverTls(certs.other.keyPem, certs.other.certPem);
});

after(() => {
  tcpServer.stop();
  certs.cleanup();
});

test('TLS echo with a verified certificate (host name and IP literal)', async () => {
  for (const [host, name] of [
    ['127.0.0.1', 'localhost'],
    ['127.0.0.1', '127.0.0.1'],
    ['::1', '::1'],
  ] as const) {
    const { client, server } = await tlsHandshake(
      tcpServer,
      host,
      name,
      TLSOptions.client(ca),
      serverOptions,
    );
    assert.equal(client.getStatus(), StreamPeerTLS.STATUS_CONNECTED, `${host} as ${name}`);
    assert.equal(server.getStatus(), StreamPeerTLS.STATUS_CONNECTED);
    assert.ok(client.getStream() instanceof StreamPeerTCP);
    client.putUtf8String('héllo over TLS');
    await pollUntil('string', () => server.poll() === Error.OK && server.getAvailableBytes() >= 19);
    assert.equal(server.getUtf8String(), 'héllo over TLS');
    const big = new Uint8Array(300_000).map((_, i) => i & 0xff);
    server.putData(big);
    assert.deepEqual(await readExactly(client, big.byteLength), big);
    client.disconnectFromStream();
    assert.equal(client.getStatus(), StreamPeerTLS.STATUS_DISCONNECTED);
    await pollUntil('close_notify seen', () => {
      server.poll();
      return server.getStatus() === StreamPeerTLS.STATUS_DISCONNECTED;
    });
    server.disconnectFromStream();
  }
});

test('the ByteChannel path over TLS: writeChunks in one write, readChunk, readEnded', async () => {
  const { client, server } = await tlsHandshake(
    tcpServer,
    '127.0.0.1',
    'localhost',
    TLSOptions.client(ca),
    serverOptions,
  );
  let woken = 0;
  server.onActivity = () => woken++;
  const parts = [new Uint8Array([1, 2]), new Uint8Array([3]), new Uint8Array([4, 5, 6])];
  assert.equal(client.writeChunks(parts), true);
  const got: number[] = [];
  await pollUntil('chunks', () => {
    for (let c = server.readChunk(); c !== undefined; c = server.readChunk()) got.push(...c);
    return got.length === 6;
  });
  assert.deepEqual(got, [1, 2, 3, 4, 5, 6]);
  assert.ok(woken > 0);
  server.unreadChunk(new Uint8Array([9]));
  assert.deepEqual([...(server.readChunk() ?? [])], [9]);
  assert.equal(server.readEnded, false);
  client.endGracefully();
  await pollUntil('readEnded', () => server.readEnded);
  client.disconnectFromStream();
  server.disconnectFromStream();
  assert.equal(client.writeChunks(parts), false);
});

test('a ClientHello already queued on the TCP peer reaches the TLS server', async () => {
  const [tcpClient, tcpPeer] = await connectedPair(tcpServer);
  const client = new StreamPeerTLS();
  const server = new StreamPeerTLS();
  assert.equal(client.connectToStream(tcpClient, 'localhost', TLSOptions.client(ca)), Error.OK);
  await pollUntil('ClientHello queued', () => tcpPeer.getAvailableBytes() > 0);
  assert.equal(server.acceptStream(tcpPeer, serverOptions), Error.OK);
  assert.equal(tcpPeer.getAvailableBytes(), 0, 'the bytes moved to the TLS layer');
  await pollUntil('connected', () => {
    client.poll();
    server.poll();
    return (
      server.getStatus() === StreamPeerTLS.STATUS_CONNECTED &&
      client.getStatus() === StreamPeerTLS.STATUS_CONNECTED
    );
  });
  client.disconnectFromStream();
  server.disconnectFromStream();
});

test('backpressure over TLS: the reader pauses and holds a bounded amount', async () => {
  const { client, server } = await tlsHandshake(
    tcpServer,
    '127.0.0.1',
    'localhost',
    TLSOptions.client(ca),
    serverOptions,
  );
  try {
    server.setReadLimit(16 * 1024);
    const total = 4 * 1024 * 1024;
    for (let i = 0; i < total / 65536; i++) client.writeChunks([new Uint8Array(65536).fill(i)]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The reader holds at most its limit plus one TLS record's worth; the rest waits in the
    // kernel and in the writer's socket (how much of each depends on the kernel's buffers).
    assert.ok(
      server.getAvailableBytes() <= 16 * 1024 + 64 * 1024,
      `queued ${server.getAvailableBytes()}`,
    );
    let received = 0;
    await pollUntil(
      'all bytes',
      () => {
        for (let c = server.readChunk(); c !== undefined; c = server.readChunk())
          received += c.byteLength;
        return received === total;
      },
      20_000,
    );
    await pollUntil('flushed', () => client.writableLength === 0);
  } finally {
    client.disconnectFromStream();
    server.disconnectFromStream();
  }
});

test('a client rejects a certificate its trusted chain does not vouch for', async () => {
  const log = captureLog();
  try {
    const selfOptions = serverTls(certs.selfSigned.keyPem, certs.selfSigned.certPem);
    const { client, server } = await tlsHandshake(
      tcpServer,
      '127.0.0.1',
      'localhost',
      TLSOptions.client(ca),
      selfOptions,
    );
    assert.equal(client.getStatus(), StreamPeerTLS.STATUS_ERROR);
    assert.equal(server.getStatus(), StreamPeerTLS.STATUS_ERROR);
    const failure = client.getLastError();
    assert.equal(failure?.code, 'CERT_UNTRUSTED');
    assert.match(failure?.message ?? '', /not trusted \(self-signed or an unknown CA\)/);
    assert.match(failure?.address ?? '', /^127\.0\.0\.1:\d+$/);
    // The server's side: the client left without a word, one line at most, no OpenSSL dump.
    assert.equal(server.getLastError()?.code, 'CLOSED_DURING_HANDSHAKE');
    assert.ok(
      log.lines.every((line) => !/routines|openssl|deps\//i.test(line)),
      log.lines.join('\n'),
    );
    // Without a trusted chain Node's default CA store is used: the test CA is not in it.
    const r2 = await tlsHandshake(tcpServer, '127.0.0.1', 'localhost', null, serverOptions);
    assert.equal(r2.client.getStatus(), StreamPeerTLS.STATUS_ERROR);
    client.disconnectFromStream();
    server.disconnectFromStream();
    r2.client.disconnectFromStream();
    r2.server.disconnectFromStream();
  } finally {
    log.restore();
  }
});

test('a wrong host name gives STATUS_ERROR_HOSTNAME_MISMATCH', async () => {
  const log = captureLog();
  try {
    const { client, server } = await tlsHandshake(
      tcpServer,
      '127.0.0.1',
      'example.com',
      TLSOptions.client(ca),
      serverOptions,
    );
    assert.equal(client.getStatus(), StreamPeerTLS.STATUS_ERROR_HOSTNAME_MISMATCH);
    assert.notEqual(server.getStatus(), StreamPeerTLS.STATUS_CONNECTED);
    assert.equal(client.getLastError()?.code, 'CERT_HOSTNAME');
    assert.match(client.getLastError()?.message ?? '', /not for this host name .*example\.com/);
    client.disconnectFromStream();
    server.disconnectFromStream();
  } finally {
    log.restore();
  }
});

test('clientUnsafe accepts an untrusted certificate with a wrong name', async () => {
  const selfOptions = serverTls(certs.selfSigned.keyPem, certs.selfSigned.certPem);
  const { client, server } = await tlsHandshake(
    tcpServer,
    '127.0.0.1',
    'wrong.name',
    TLSOptions.clientUnsafe(),
    selfOptions,
  );
  assert.equal(client.getStatus(), StreamPeerTLS.STATUS_CONNECTED);
  assert.equal(server.getStatus(), StreamPeerTLS.STATUS_CONNECTED);
  client.disconnectFromStream();
  server.disconnectFromStream();
});

test('commonNameOverride replaces the name that is checked', async () => {
  const log = captureLog();
  try {
    const ok = await tlsHandshake(
      tcpServer,
      '127.0.0.1',
      '127.0.0.1',
      TLSOptions.client(ca, 'other.test'),
      otherOptions,
    );
    assert.equal(ok.client.getStatus(), StreamPeerTLS.STATUS_CONNECTED);
    ok.client.disconnectFromStream();
    ok.server.disconnectFromStream();
    const bad = await tlsHandshake(
      tcpServer,
      '127.0.0.1',
      '127.0.0.1',
      TLSOptions.client(ca),
      otherOptions,
    );
    assert.equal(bad.client.getStatus(), StreamPeerTLS.STATUS_ERROR_HOSTNAME_MISMATCH);
    bad.client.disconnectFromStream();
    bad.server.disconnectFromStream();
  } finally {
    log.restore();
  }
});

test('options of the wrong side and unconnected streams are ERR_INVALID_PARAMETER', async () => {
  const log = captureLog();
  const [tcpClient, tcpPeer] = await connectedPair(tcpServer);
  try {
    const tls = new StreamPeerTLS();
    assert.equal(
      tls.connectToStream(tcpClient, 'localhost', serverOptions),
      Error.ERR_INVALID_PARAMETER,
    );
    assert.equal(tls.acceptStream(tcpPeer, TLSOptions.client()), Error.ERR_INVALID_PARAMETER);
    assert.equal(
      tls.connectToStream(new StreamPeerTCP(), 'localhost'),
      Error.ERR_INVALID_PARAMETER,
    );
    assert.equal(tls.getStatus(), StreamPeerTLS.STATUS_DISCONNECTED);
    assert.equal(tls.getData(1)[0], Error.ERR_UNCONFIGURED);
    assert.equal(log.lines.length, 3);
  } finally {
    tcpClient.disconnectFromHost();
    tcpPeer.disconnectFromHost();
    log.restore();
  }
});

test('a server whose key does not match its certificate refuses to start', async () => {
  const log = captureLog();
  const [tcpClient, tcpPeer] = await connectedPair(tcpServer);
  try {
    const mismatched = serverTls(certs.other.keyPem, certs.server.certPem);
    assert.equal(
      new StreamPeerTLS().acceptStream(tcpPeer, mismatched),
      Error.ERR_INVALID_PARAMETER,
    );
    assert.match(log.lines[0] ?? '', /key/i);
  } finally {
    tcpClient.disconnectFromHost();
    tcpPeer.disconnectFromHost();
    log.restore();
  }
});

test('plain bytes sent to a TLS server end its handshake in STATUS_ERROR', async () => {
  const log = captureLog();
  const [tcpClient, tcpPeer] = await connectedPair(tcpServer);
  try {
    tcpClient.putData(new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'));
    const server = new StreamPeerTLS();
    assert.equal(server.acceptStream(tcpPeer, serverOptions), Error.OK);
    await pollUntil('error', () => {
      server.poll();
      return server.getStatus() !== StreamPeerTLS.STATUS_HANDSHAKING;
    });
    assert.equal(server.getStatus(), StreamPeerTLS.STATUS_ERROR);
    assert.equal(server.getLastError()?.code, 'TLS_EXPECTED');
    assert.match(server.getLastError()?.message ?? '', /plain HTTP to this TLS port .*wss:\/\//);
    assert.match(server.getLastError()?.address ?? '', /^127\.0\.0\.1:\d+$/);
    // StreamPeerTLS leaves the telling to the layer above (one line there); none here.
    assert.deepEqual(log.lines, []);
  } finally {
    tcpClient.disconnectFromHost();
    log.restore();
  }
});
