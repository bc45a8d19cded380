import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Error } from '../../src/core/error.js';
import { X509Certificate } from '../../src/net/x509-certificate.js';
import { makeTestCerts, type TestCerts } from '../helpers/certs.js';
import { captureLog } from '../helpers/log.js';

let certs: TestCerts;
before(() => {
  certs = makeTestCerts();
});
after(() => certs.cleanup());

test('load / save / loadFromString / saveToString round trip', () => {
  const cert = new X509Certificate();
  assert.equal(cert.saveToString(), '', "'' while empty");
  assert.equal(cert.load(certs.server.certPath), Error.OK);
  assert.equal(cert.getCertificateCount(), 1);
  assert.equal(cert.saveToString().trim(), certs.server.certPem.trim());
  const copy = join(certs.dir, 'copy.crt');
  assert.equal(cert.save(copy), Error.OK);
  assert.equal(readFileSync(copy, 'utf8').trim(), certs.server.certPem.trim());
  const again = new X509Certificate();
  assert.equal(again.loadFromString(cert.saveToString()), Error.OK);
  assert.equal(again.getNodeCertificates()[0]?.subject, 'CN=localhost');
});

test('a chain file keeps every certificate, in order', () => {
  const chain = new X509Certificate();
  assert.equal(chain.load(certs.serverChainPath), Error.OK);
  assert.equal(chain.getCertificateCount(), 2);
  const [leaf, ca] = chain.getNodeCertificates();
  assert.equal(leaf?.subject, 'CN=localhost');
  assert.equal(ca?.subject, 'CN=godot-websocket test CA');
  assert.ok(leaf?.checkIssued(ca!));
  const text = chain.saveToString();
  assert.equal(text.match(/BEGIN CERTIFICATE/g)?.length, 2);
});

test('a DER file loads', () => {
  const der = join(certs.dir, 'server.der');
  execFileSync('openssl', ['x509', '-in', certs.server.certPath, '-outform', 'DER', '-out', der]);
  const cert = new X509Certificate();
  assert.equal(cert.load(der), Error.OK);
  assert.equal(cert.saveToString().trim(), certs.server.certPem.trim());
});

test('invalid input: Godot errors, one log line each, previous contents kept', () => {
  const log = captureLog();
  try {
    const cert = new X509Certificate();
    assert.equal(cert.loadFromString(certs.ca.certPem), Error.OK);
    assert.equal(cert.load(join(certs.dir, 'missing.crt')), Error.ERR_INVALID_PARAMETER);
    const empty = join(certs.dir, 'empty.crt');
    writeFileSync(empty, '');
    assert.equal(cert.load(empty), Error.ERR_INVALID_PARAMETER);
    const junk = join(certs.dir, 'junk.crt');
    writeFileSync(junk, 'not a certificate');
    assert.equal(cert.load(junk), Error.FAILED);
    assert.equal(cert.loadFromString('hello'), Error.FAILED);
    const broken = certs.ca.certPem.replace(/[A-Za-z]{20}/, 'A'.repeat(20));
    assert.equal(cert.loadFromString(broken), Error.FAILED);
    assert.equal(cert.loadFromString(certs.ca.keyPem), Error.FAILED);
    assert.equal(log.lines.length, 6);
    assert.equal(cert.saveToString().trim(), certs.ca.certPem.trim(), 'unchanged');
    assert.equal(new X509Certificate().save(join(certs.dir, 'x.crt')), Error.ERR_UNCONFIGURED);
    assert.equal(cert.save(join(certs.dir, 'no-dir', 'x.crt')), Error.ERR_INVALID_PARAMETER);
  } finally {
    log.restore();
  }
});
