// Large reads ask for a poll at once: every socket read of LARGE_READ_BYTES or more calls the
// process's large-read handler (what `godot-ws serve` polls on), smaller ones do not, and with
// no handler nothing is called. Real sockets on loopback (StreamPeerTCP over a SocketChannel).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LARGE_READ_BYTES, setLargeReadHandler } from '../../src/net/large-reads.js';
import { captureLog } from '../helpers/log.js';
import { connectedPair, listeningServer, readExactly } from './tcp-pair.js';

test('a read of 16 KiB or more calls the large-read handler; small reads do not', async (t) => {
  const server = await listeningServer();
  const [client, peer] = await connectedPair(server);
  let calls = 0;
  setLargeReadHandler(() => calls++);
  t.after(() => {
    setLargeReadHandler(null);
    client.disconnectFromHost();
    peer.disconnectFromHost();
    server.stop();
  });

  // Small writes, one at a time: each arrives as a read of its own size.
  for (let i = 0; i < 5; i++) {
    client.putData(new Uint8Array(100));
    await readExactly(peer, 100);
  }
  assert.equal(calls, 0, 'small reads do not call it');

  client.putData(new Uint8Array(256 * 1024).fill(7));
  const got = await readExactly(peer, 256 * 1024);
  assert.equal(got[got.length - 1], 7);
  assert.ok(calls >= 1, 'a 256 KiB write arrives in reads of at least 16 KiB');
  assert.ok(
    calls <= Math.ceil((256 * 1024) / LARGE_READ_BYTES),
    `at most one call per read (${calls})`,
  );

  setLargeReadHandler(null);
  const before = calls;
  client.putData(new Uint8Array(64 * 1024));
  await readExactly(peer, 64 * 1024);
  assert.equal(calls, before, 'without a handler nothing is called');
});

test('a handler that throws is logged, and reading goes on', async (t) => {
  const server = await listeningServer();
  const [client, peer] = await connectedPair(server);
  setLargeReadHandler(() => {
    throw new Error('boom');
  });
  t.after(() => {
    setLargeReadHandler(null);
    client.disconnectFromHost();
    peer.disconnectFromHost();
    server.stop();
  });
  const log = captureLog('error');
  t.after(() => log.restore());
  client.putData(new Uint8Array(64 * 1024).fill(3));
  const got = await readExactly(peer, 64 * 1024);
  assert.equal(got[0], 3);
  assert.ok(
    log.lines.some((l) => l.includes('large-read handler threw')),
    log.lines.join('\n'),
  );
});
