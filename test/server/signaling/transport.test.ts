// What sits around the protocol: wss:// (TLS), the heartbeat dropping a silent host (its lobby
// ends), the two protocol versions' lobbies kept apart, and a receiver that stops reading.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Error } from '../../../src/core/error.js';
import { CryptoKey } from '../../../src/net/crypto-key.js';
import { TLSOptions } from '../../../src/net/tls-options.js';
import { X509Certificate } from '../../../src/net/x509-certificate.js';
import { SignalingServer } from '../../../src/server/signaling/signaling-server.js';
import { makeTestCerts, type TestCerts } from '../../helpers/certs.js';
import { captureLog } from '../../helpers/log.js';
import { pollUntil } from '../../helpers/poll.js';
import { drive, rawUpgrade, startSignaling } from './drive.js';
import { EmulatedClient, g4 } from './emulated-client.js';
import { CANDIDATE, JOIN, OFFER } from './scenarios.js';

let certs: TestCerts;
before(() => {
  certs = makeTestCerts();
});
after(() => certs.cleanup());

test('wss://: listen with server TLS options; a client trusting the CA joins', async (t) => {
  const key = new CryptoKey();
  const cert = new X509Certificate();
  assert.equal(key.load(certs.server.keyPath), Error.OK);
  assert.equal(cert.load(certs.server.certPath), Error.OK);
  const server = new SignalingServer();
  assert.equal(server.listen(0, '127.0.0.1', TLSOptions.server(key, cert)), Error.OK);
  const stop = drive(server);
  t.after(() => {
    stop();
    server.stop();
  });
  await pollUntil('bound', () => server.getLocalPort() > 0, 3000);
  const a = await EmulatedClient.connect('a', `wss://localhost:${server.getLocalPort()}/`, 5000, {
    ca: certs.ca.certPem,
  });
  a.send(g4(JOIN, 0, ''));
  assert.ok(await a.waitFor(2));
  assert.deepEqual(JSON.parse(a.received[0]!), { type: 1, id: 1, data: 'true' });
  a.terminate();
});

test('heartbeat: a host that stops answering pings is dropped and its lobby ends', async (t) => {
  const s = await startSignaling({ heartbeat: 0.2 });
  t.after(() => s.stop());
  const host = await EmulatedClient.connect('h', s.url, 5000, { autoPong: false });
  host.send(g4(JOIN, 0, ''));
  assert.ok(await host.waitFor(2));
  const lobby = JSON.parse(host.received[1]!).data;
  const p = await EmulatedClient.connect('p', s.url);
  p.send(g4(JOIN, 0, lobby));
  assert.ok(await p.waitFor(3));
  assert.ok(await p.waitClosed(5000));
  assert.deepEqual(p.closed, { code: 4000, reason: 'Room host has disconnected' });
  assert.deepEqual(s.server.getLobbies(), []);
  assert.equal(s.server.getCounters().lobbiesClosed, 1);
  host.terminate();
});

test('one server, both versions: a lobby is only visible to clients of its own version', async (t) => {
  const s = await startSignaling();
  t.after(() => s.stop());
  const h4 = await EmulatedClient.connect('h4', s.url);
  h4.send(g4(JOIN, 0, ''));
  assert.ok(await h4.waitFor(2));
  const lobby4 = JSON.parse(h4.received[1]!).data;
  const c3 = await EmulatedClient.connect('c3', s.url);
  c3.send(`J: ${lobby4}\n`);
  assert.ok(await c3.waitClosed());
  assert.deepEqual(c3.closed, { code: 4000, reason: 'Lobby does not exists' });
  const h3 = await EmulatedClient.connect('h3', s.url);
  h3.send('J: \n');
  assert.ok(await h3.waitFor(2));
  const lobby3 = /^J: (\w+)\n$/.exec(h3.received[1]!)![1]!;
  const c4 = await EmulatedClient.connect('c4', s.url);
  c4.send(g4(JOIN, 0, lobby3));
  assert.ok(await c4.waitClosed());
  assert.deepEqual(c4.closed, { code: 4000, reason: 'Lobby does not exists' });
  assert.equal(h4.received.length, 2);
  assert.equal(h3.received.length, 2);
  h4.terminate();
  h3.terminate();
});

test('a receiver that stops reading: messages to it are dropped past maxBufferedBytes, others flow', async (t) => {
  const s = await startSignaling({ maxBufferedBytes: 256 * 1024, messagesPerSecond: 0 });
  t.after(() => s.stop());
  const host = await EmulatedClient.connect('h', s.url);
  host.send(g4(JOIN, 0, ''));
  assert.ok(await host.waitFor(2));
  const lobby = JSON.parse(host.received[1]!).data;
  // A raw client that joins and then never reads again.
  const raw = await rawUpgrade(s.port);
  t.after(() => raw.destroy());
  raw.write(maskedText(g4(JOIN, 0, lobby)));
  raw.pause();
  assert.ok(await host.waitFor(3));
  const stuck = JSON.parse(host.received[2]!).id as number;
  const big = 'x'.repeat(60_000);
  for (let i = 0; i < 200; i++) host.send(g4(OFFER, stuck, big));
  await pollUntil('drops', () => s.server.getCounters().sendDropped > 0, 10_000);
  const p = await EmulatedClient.connect('p', s.url);
  p.send(g4(JOIN, 0, lobby));
  assert.ok(await p.waitFor(4), `p got ${p.received.length}`);
  p.send(g4(OFFER, 1, 'small'));
  await pollUntil(
    'the small offer',
    () => host.received.some((m) => JSON.parse(m).data === 'small'),
    10_000,
  );
  host.terminate();
  p.terminate();
});

/** One masked text frame, as a client sends it (mask 0: the bytes stay readable). */
function maskedText(text: string): Buffer {
  const payload = Buffer.from(text);
  assert.ok(payload.length < 126);
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
}

test('a stuck receiver and many small messages: no send is refused by the message count (nothing logged)', async (t) => {
  const log = captureLog('warning');
  t.after(() => log.restore());
  const s = await startSignaling({ maxBufferedBytes: 8 * 1024 * 1024, messagesPerSecond: 0 });
  t.after(() => s.stop());
  const host = await EmulatedClient.connect('h', s.url);
  host.send(g4(JOIN, 0, ''));
  assert.ok(await host.waitFor(2));
  const lobby = JSON.parse(host.received[1]!).data;
  const raw = await rawUpgrade(s.port);
  t.after(() => raw.destroy());
  raw.write(maskedText(g4(JOIN, 0, lobby)));
  raw.pause();
  assert.ok(await host.waitFor(3));
  const stuck = JSON.parse(host.received[2]!).id as number;
  // Fill the kernel's buffers, then queue more small messages than Godot's 4096 behind them.
  for (let i = 0; i < 80; i++) host.send(g4(OFFER, stuck, 'x'.repeat(60_000)));
  for (let i = 0; i < 6000; i++) host.send(g4(CANDIDATE, stuck, String(i)));
  await pollUntil('all read', () => s.server.getCounters().messagesIn >= 1 + 1 + 80 + 6000, 20_000);
  assert.deepEqual(log.lines, []);
  assert.equal(s.server.getCounters().sendDropped, 0);
  host.terminate();
});
