import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CryptoKey } from '../../src/net/crypto-key.js';
import { TLSOptions } from '../../src/net/tls-options.js';
import { X509Certificate } from '../../src/net/x509-certificate.js';
import { captureLog } from '../helpers/log.js';

test('client, clientUnsafe and server options report what they hold', () => {
  const chain = new X509Certificate();
  const client = TLSOptions.client(chain, 'game.example');
  assert.equal(client.isServer(), false);
  assert.equal(client.isUnsafeClient(), false);
  assert.equal(client.getCommonNameOverride(), 'game.example');
  assert.equal(client.getTrustedCaChain(), chain);
  assert.equal(client.getPrivateKey(), null);
  assert.equal(client.getOwnCertificate(), null);
  const defaults = TLSOptions.client();
  assert.equal(defaults.getTrustedCaChain(), null);
  assert.equal(defaults.getCommonNameOverride(), '');
  const unsafe = TLSOptions.clientUnsafe();
  assert.equal(unsafe.isUnsafeClient(), true);
  assert.equal(unsafe.isServer(), false);
  const key = new CryptoKey();
  const server = TLSOptions.server(key, chain);
  assert.equal(server.isServer(), true);
  assert.equal(server.getPrivateKey(), key);
  assert.equal(server.getOwnCertificate(), chain);
});

test('server options without a loaded key give no secure context (one log line)', () => {
  const log = captureLog();
  try {
    const options = TLSOptions.server(new CryptoKey(), new X509Certificate());
    assert.equal(options.secureContext(), null);
    assert.equal(options.secureContext(), null, 'cached, logged once');
    assert.equal(log.lines.length, 1);
  } finally {
    log.restore();
  }
});
