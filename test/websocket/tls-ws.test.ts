// wss:// between our WebSocketPeer and `ws` (on https.createServer / as a wss client), with
// certificates made by openssl at test time.
import assert from 'node:assert/strict';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { WebSocket, WebSocketServer } from 'ws';
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
});

after(() => certs.cleanup());

describe('wss: interop with ws over TLS', () => {
  let https: HttpsServer;
  let wss: WebSocketServer;
  let port: number;
  before(async () => {
    https = createHttpsServer({ key: certs.server.keyPem, cert: certs.serverChainPem });
    wss = new WebSocketServer({ server: https });
    wss.on('connection', (ws) => {
      ws.on('message', (data, isBinary) => ws.send(data as Buffer, { binary: isBinary }));
      ws.on('error', () => {});
    });
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
    port = (https.address() as AddressInfo).port;
  });
  after(() => {
    for (const c of wss.clients) c.terminate();
    wss.close();
    https.close();
  });

  test('our client ↔ a ws server on https.createServer: echo and close', async () => {
    const peer = new WebSocketPeer();
    try {
      assert.equal(peer.connectToUrl(`wss://localhost:${port}/x`, TLSOptions.client(ca)), Error.OK);
      await pollUntil(
        'OPEN',
        () => peer.getReadyState() === STATE_OPEN,
        () => peer.poll(),
      );
      const data = new Uint8Array(50_000).map((_, i) => i & 255);
      assert.equal(peer.send(data), Error.OK);
      assert.equal(peer.sendText('hi over wss'), Error.OK);
      await pollUntil(
        'two echoes',
        () => peer.getAvailablePacketCount() === 2,
        () => peer.poll(),
      );
      assert.deepEqual(peer.getPacket(), data);
      assert.equal(text.decode(peer.getPacket()), 'hi over wss');
      assert.equal(peer.wasStringPacket(), true);
      peer.close(4004, 'done');
      await pollUntil(
        'CLOSED',
        () => peer.getReadyState() === STATE_CLOSED,
        () => peer.poll(),
      );
      assert.equal(peer.getCloseCode(), 4004);
      assert.equal(peer.getCloseReason(), 'done');
    } finally {
      peer.close(-1);
    }
  });

  test('our default client rejects the ws server’s test certificate', async () => {
    const peer = new WebSocketPeer();
    const log = captureLog('error');
    try {
      assert.equal(peer.connectToUrl(`wss://localhost:${port}/`), Error.OK);
      await pollUntil(
        'CLOSED',
        () => peer.getReadyState() === STATE_CLOSED,
        () => peer.poll(),
      );
      assert.equal(peer.getCloseCode(), -1);
    } finally {
      log.restore();
      peer.close(-1);
    }
  });

  test('a ws client (trusting the CA) ↔ our wss server-side peer', async () => {
    const tcp = new TCPServer();
    await listenLoopback(tcp);
    const ws = new WebSocket(`wss://localhost:${tcp.getLocalPort()}/`, { ca: certs.ca.certPem });
    const got: string[] = [];
    let closed: [number, string] | null = null;
    ws.on('message', (d) => got.push(String(d)));
    ws.on('close', (code, reason) => (closed = [code, String(reason)]));
    ws.on('error', () => {});
    const peer = new WebSocketPeer();
    try {
      await pollUntil('the connection', () => tcp.isConnectionAvailable());
      const stream = new StreamPeerTLS();
      const tls = serverOptions(certs.server.keyPem, certs.serverChainPem);
      assert.equal(stream.acceptStream(tcp.takeConnection()!, tls), Error.OK);
      assert.equal(peer.acceptStream(stream), Error.OK);
      await pollUntil(
        'ws open',
        () => ws.readyState === WebSocket.OPEN,
        () => peer.poll(),
      );
      ws.send('ping me');
      await pollUntil(
        'message',
        () => peer.getAvailablePacketCount() > 0,
        () => peer.poll(),
      );
      assert.equal(text.decode(peer.getPacket()), 'ping me');
      peer.sendText('pong you');
      await pollUntil(
        'reply',
        () => got.length > 0,
        () => peer.poll(),
      );
      assert.deepEqual(got, ['pong you']);
      peer.close(4005, 'bye ws');
      await pollUntil(
        'ws closed',
        () => closed !== null,
        () => peer.poll(),
      );
      assert.deepEqual(closed, [4005, 'bye ws']);
      await pollUntil(
        'CLOSED',
        () => peer.getReadyState() === STATE_CLOSED,
        () => peer.poll(),
      );
      assert.equal(peer.getCloseCode(), 4005);
    } finally {
      ws.terminate();
      peer.close(-1);
      tcp.stop();
    }
  });
});
