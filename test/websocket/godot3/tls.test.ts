// wss:// between our Godot 3 client and server: verifySsl and trustedSslCertificate on the
// client; privateKey + sslCertificate (+ caChain) on the server.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Error } from '../../../src/core/error.js';
import { CryptoKey } from '../../../src/net/crypto-key.js';
import { X509Certificate } from '../../../src/net/x509-certificate.js';
import { WebSocketClient } from '../../../src/websocket/godot3/websocket-client.js';
import { WebSocketServer } from '../../../src/websocket/godot3/websocket-server.js';
import { type CertPair, makeTestCerts } from '../../helpers/certs.js';
import { captureLog } from '../../helpers/log.js';
import { pollUntil } from '../../helpers/poll.js';

const certs = makeTestCerts();
after(() => certs.cleanup());

function cert(pem: string): X509Certificate {
  const c = new X509Certificate();
  assert.equal(c.loadFromString(pem), Error.OK);
  return c;
}

function wssServer(pair: CertPair, chain: string | null = null): WebSocketServer {
  const server = new WebSocketServer();
  const key = new CryptoKey();
  assert.equal(key.loadFromString(pair.keyPem), Error.OK);
  server.privateKey = key;
  server.sslCertificate = cert(pair.certPem);
  if (chain) server.caChain = cert(chain);
  assert.equal(server.listen(0), Error.OK);
  return server;
}

/** Connects and returns 'established' or 'error'. */
async function attempt(server: WebSocketServer, client: WebSocketClient, host = 'localhost') {
  let result = '';
  client.connectionEstablished.connect(() => {
    result = 'established';
  });
  client.connectionError.connect(() => {
    result = 'error';
  });
  assert.equal(client.connectToUrl(`wss://${host}:${server.getLocalPort()}/`), Error.OK);
  await pollUntil(
    'a verdict',
    () => result !== '',
    () => {
      server.poll();
      client.poll();
    },
  );
  client.disconnectFromHost();
  server.stop();
  return result;
}

test('verifySsl (default true) with trustedSslCertificate = our CA: connects', async () => {
  const client = new WebSocketClient();
  assert.equal(client.verifySsl, true);
  client.trustedSslCertificate = cert(certs.ca.certPem);
  assert.equal(await attempt(wssServer(certs.server), client), 'established');
});

test('the server sends caChain after its certificate', async () => {
  const client = new WebSocketClient();
  client.trustedSslCertificate = cert(certs.ca.certPem);
  const server = wssServer(certs.server, certs.ca.certPem);
  assert.equal(await attempt(server, client, '127.0.0.1'), 'established');
});

test('verifySsl: an unknown CA, or a name mismatch, is a connection_error', async () => {
  const log = captureLog('warning');
  try {
    assert.equal(await attempt(wssServer(certs.server), new WebSocketClient()), 'error');
    const client = new WebSocketClient();
    client.trustedSslCertificate = cert(certs.ca.certPem);
    assert.equal(await attempt(wssServer(certs.other), client), 'error');
  } finally {
    log.restore();
  }
});

test('verifySsl = false accepts a self-signed certificate', async () => {
  const client = new WebSocketClient();
  client.verifySsl = false;
  assert.equal(client.isVerifySslEnabled(), false);
  assert.equal(await attempt(wssServer(certs.selfSigned), client), 'established');
});

test('trustedSslCertificate can only be set while disconnected', async () => {
  const log = captureLog('error');
  const client = new WebSocketClient();
  try {
    client.connectToUrl('wss://127.0.0.1:1/');
    client.trustedSslCertificate = cert(certs.ca.certPem);
    assert.equal(client.trustedSslCertificate, null);
    assert.equal(log.lines.length, 1);
  } finally {
    client.disconnectFromHost();
    log.restore();
  }
});
