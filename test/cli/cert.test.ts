// `godot-ws cert`: files the library, Node's TLS and openssl accept; a wss:// session with them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate as NodeX509 } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CryptoKey } from '../../src/net/crypto-key.js';
import { X509Certificate } from '../../src/net/x509-certificate.js';
import { runCli, startServe } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'godot-ws-cert-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('cert writes a key and a self-signed certificate for localhost, 127.0.0.1 and ::1', async () => {
  const out = join(dir, 'a');
  const result = await runCli(['cert', '--out', out]);
  assert.equal(result.code, 0, result.stderr);
  const certPath = join(out, 'localhost.crt');
  const keyPath = join(out, 'localhost.key');
  assert.equal(result.stdout, `wrote ${certPath} and ${keyPath}\n`);
  assert.equal(statSync(keyPath).mode & 0o777, 0o600);
  const key = new CryptoKey();
  const cert = new X509Certificate();
  assert.equal(key.load(keyPath), 0);
  assert.equal(cert.load(certPath), 0);
  const node = new NodeX509(readFileSync(certPath));
  assert.equal(node.subject, 'CN=localhost');
  assert.equal(node.issuer, 'CN=localhost');
  assert.equal(
    node.subjectAltName,
    'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
  );
  assert.ok(node.checkPrivateKey(key.getKeyObject()!));
  assert.ok(node.verify(node.publicKey), 'self-signed: its own key verifies it');
  assert.equal(node.checkHost('localhost'), 'localhost');
  assert.equal(node.checkIP('127.0.0.1'), '127.0.0.1');
  const days = (Date.parse(node.validTo) - Date.now()) / 86400_000;
  assert.ok(days > 364 && days < 366, `valid for ${days} days`);
  assert.ok(Date.parse(node.validFrom) < Date.now());
  const openssl = spawnSync('openssl', ['verify', '-CAfile', certPath, certPath], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (openssl.error === undefined) assert.match(openssl.stdout, /: OK/, openssl.stderr);
});

test('cert --host with names and IPs; --days', async () => {
  const out = join(dir, 'b');
  const result = await runCli([
    'cert',
    '--out',
    out,
    '--host',
    'game.test',
    '--host',
    '10.0.0.2',
    '--host',
    'fe80::1',
    '--days',
    '2',
  ]);
  assert.equal(result.code, 0, result.stderr);
  const node = new NodeX509(readFileSync(join(out, 'game.test.crt')));
  assert.equal(node.subject, 'CN=game.test');
  assert.equal(
    node.subjectAltName,
    'DNS:game.test, IP Address:10.0.0.2, IP Address:FE80:0:0:0:0:0:0:1',
  );
  const days = (Date.parse(node.validTo) - Date.now()) / 86400_000;
  assert.ok(days > 1.9 && days < 2.1, `valid for ${days} days`);
});

test('serve --tls-cert/--tls-key with cert’s files; connect --ca reaches it over wss://', async () => {
  const out = join(dir, 'c');
  assert.equal((await runCli(['cert', '--out', out])).code, 0);
  const tls = ['--tls-cert', join(out, 'localhost.crt'), '--tls-key', join(out, 'localhost.key')];
  const { cli, url } = await startServe(['--mode', 'echo', ...tls]);
  try {
    assert.match(url, /^wss:\/\/127\.0\.0\.1:\d+\/$/);
    const wss = url.replace('127.0.0.1', 'localhost');
    const ok = await runCli(['connect', wss, '--ca', join(out, 'localhost.crt'), '--wait', '0.3'], {
      input: 'secure\n',
    });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout, 'secure\n');
    // Without --ca the certificate is not trusted: one line, exit 1.
    const refused = await runCli(['connect', wss], { input: '' });
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
    assert.match(refused.stderr, /^godot-ws: could not connect to wss:/);
    assert.match(
      refused.stderr,
      /not trusted .*: pass --ca FILE \(or --insecure for testing\) \(CERT_UNTRUSTED\)$/m,
    );
    // TLS to the plain port of a TLS server and the reverse: the line says which scheme to use.
    const plain = await runCli(['connect', wss.replace('wss:', 'ws:')], { input: '' });
    assert.equal(plain.code, 1);
    assert.match(plain.stderr, /use wss:\/\/.*\(CLOSED_DURING_HANDSHAKE\)\n$/);
    assert.equal(plain.stderr.trim().split('\n').length, 1, plain.stderr);
    const insecure = await runCli(['connect', wss, '--insecure', '--wait', '0.3'], {
      input: 'x\n',
    });
    assert.equal(insecure.stdout, 'x\n', insecure.stderr);
  } finally {
    cli.kill();
  }
});

test('a key that does not match the certificate is refused in one line', async () => {
  const a = join(dir, 'd1');
  const b = join(dir, 'd2');
  assert.equal((await runCli(['cert', '--out', a])).code, 0);
  assert.equal((await runCli(['cert', '--out', b])).code, 0);
  const result = await runCli([
    'serve',
    '--tls-cert',
    join(a, 'localhost.crt'),
    '--tls-key',
    join(b, 'localhost.key'),
  ]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^godot-ws: --tls-key .* does not belong to the certificate .*\n$/);
});
