import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Error } from '../../src/core/error.js';
import { CryptoKey } from '../../src/net/crypto-key.js';
import { makeTestCerts, type TestCerts } from '../helpers/certs.js';
import { captureLog } from '../helpers/log.js';

let certs: TestCerts;
before(() => {
  certs = makeTestCerts();
});
after(() => certs.cleanup());

function sameKey(aPem: string, bPem: string): void {
  const data = Buffer.from('godot');
  const signature = sign('sha256', data, createPrivateKey(aPem));
  assert.ok(verify('sha256', data, createPublicKey(bPem), signature));
}

test('an EC private key: load, save, public part, round trip', () => {
  const key = new CryptoKey();
  assert.equal(key.load(certs.server.keyPath), Error.OK);
  assert.equal(key.isPublicOnly(), false);
  const pem = key.saveToString();
  assert.match(pem, /BEGIN EC PRIVATE KEY/);
  sameKey(pem, certs.server.keyPem);
  const pub = key.saveToString(true);
  assert.match(pub, /BEGIN PUBLIC KEY/);
  sameKey(certs.server.keyPem, pub);
  const path = join(certs.dir, 'saved.key');
  assert.equal(key.save(path), Error.OK);
  sameKey(readFileSync(path, 'utf8'), pub);
  const pubPath = join(certs.dir, 'saved.pub');
  assert.equal(key.save(pubPath, true), Error.OK);
  const pubKey = new CryptoKey();
  assert.equal(pubKey.load(pubPath, true), Error.OK);
  assert.equal(pubKey.isPublicOnly(), true);
  assert.equal(pubKey.saveToString(true), pub);
});

test('an RSA key is saved as PKCS#1 like mbedTLS', () => {
  const path = join(certs.dir, 'rsa.key');
  execFileSync('openssl', [
    'genpkey',
    '-algorithm',
    'RSA',
    '-pkeyopt',
    'rsa_keygen_bits:2048',
    '-out',
    path,
  ]);
  const key = new CryptoKey();
  assert.equal(key.load(path), Error.OK);
  const pem = key.saveToString();
  assert.match(pem, /BEGIN RSA PRIVATE KEY/);
  const again = new CryptoKey();
  assert.equal(again.loadFromString(pem), Error.OK);
  assert.equal(again.saveToString(true), key.saveToString(true));
});

test('invalid input: Godot errors, one log line each, previous key kept', () => {
  const log = captureLog();
  try {
    const key = new CryptoKey();
    assert.equal(key.saveToString(), '');
    assert.equal(key.save(join(certs.dir, 'none.key')), Error.ERR_UNCONFIGURED);
    assert.equal(key.loadFromString(certs.ca.keyPem), Error.OK);
    assert.equal(key.load(join(certs.dir, 'missing.key')), Error.ERR_INVALID_PARAMETER);
    assert.equal(key.loadFromString('junk'), Error.FAILED);
    assert.equal(key.loadFromString(certs.ca.certPem), Error.FAILED);
    const pubPem = key.saveToString(true);
    assert.equal(key.loadFromString(pubPem), Error.FAILED, 'a public key is not a private key');
    assert.equal(log.lines.length, 6);
    sameKey(key.saveToString(), certs.ca.certPem);
    const pub = new CryptoKey();
    assert.equal(pub.loadFromString(pubPem, true), Error.OK);
    assert.equal(pub.saveToString(false), '', 'no private part to save');
  } finally {
    log.restore();
  }
});
