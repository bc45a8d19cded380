import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Error } from '../../src/core/error.js';
import { StreamPeerTCP } from '../../src/net/stream-peer-tcp.js';
import { TCPServer } from '../../src/net/tcp-server.js';
import { captureLog } from '../helpers/log.js';
import { pollUntil, tick } from '../helpers/poll.js';
import { connectedPair, listeningServer, readExactly } from './tcp-pair.js';

test('listen on "*" is dual-stack: reachable over 127.0.0.1 and ::1', async () => {
  const server = new TCPServer();
  assert.equal(server.listen(0), Error.OK);
  assert.ok(server.isListening());
  assert.ok(server.getLocalPort() > 0, 'bound synchronously');
  try {
    for (const host of ['127.0.0.1', '::1']) {
      const [client, peer] = await connectedPair(server, host);
      assert.equal(peer.getConnectedHost(), host, 'IPv4-mapped addresses shown as IPv4');
      client.putData(new Uint8Array([1, 2, 3]));
      assert.deepEqual([...(await readExactly(peer, 3))], [1, 2, 3]);
      client.disconnectFromHost();
      peer.disconnectFromHost();
    }
  } finally {
    server.stop();
  }
  assert.equal(server.isListening(), false);
  assert.equal(server.getLocalPort(), 0);
});

test('an explicit "::" is IPv6 only, as in Godot', async () => {
  const server = await listeningServer('::');
  const client = new StreamPeerTCP();
  const log = captureLog();
  try {
    client.connectToHost('127.0.0.1', server.getLocalPort());
    await pollUntil('refused', () => {
      client.poll();
      return client.getStatus() !== StreamPeerTCP.STATUS_CONNECTING;
    });
    assert.equal(client.getStatus(), StreamPeerTCP.STATUS_ERROR);
    const [v6, peer] = await connectedPair(server, '::1');
    v6.disconnectFromHost();
    peer.disconnectFromHost();
  } finally {
    log.restore();
    server.stop();
  }
});

test('listen on "*" reports a port in use synchronously as ERR_ALREADY_IN_USE', async () => {
  const first = new TCPServer();
  assert.equal(first.listen(0), Error.OK);
  const log = captureLog();
  const second = new TCPServer();
  try {
    assert.equal(second.listen(first.getLocalPort()), Error.ERR_ALREADY_IN_USE);
    assert.equal(second.isListening(), false);
    assert.equal(second.getListenError(), Error.ERR_ALREADY_IN_USE);
    await tick(10);
    assert.equal(second.getListenErrorReason(), 'EADDRINUSE');
    assert.equal(log.lines.length, 1);
    assert.match(log.lines[0]!, /EADDRINUSE/);
    const third = new TCPServer();
    assert.equal(await third.listenAsync(first.getLocalPort()), Error.ERR_ALREADY_IN_USE);
    assert.equal(third.getListenErrorReason(), 'EADDRINUSE', 'known once listenAsync resolves');
    assert.equal(log.lines.length, 2);
  } finally {
    log.restore();
    first.stop();
  }
});

test('listen on an IP literal: the failure shows after a tick; listenAsync awaits it', async () => {
  const first = await listeningServer('127.0.0.1');
  const port = first.getLocalPort();
  const log = captureLog();
  try {
    const second = new TCPServer();
    assert.equal(second.listen(port, '127.0.0.1'), Error.OK);
    assert.equal(second.isListening(), true, 'still binding');
    await pollUntil('bind failure', () => !second.isListening());
    assert.equal(second.getListenError(), Error.ERR_ALREADY_IN_USE);
    const third = new TCPServer();
    assert.equal(await third.listenAsync(port, '127.0.0.1'), Error.ERR_ALREADY_IN_USE);
    assert.equal(third.isListening(), false);
    assert.equal(log.lines.length, 2);
    const fourth = new TCPServer();
    assert.equal(await fourth.listenAsync(port, '203.0.113.9'), Error.ERR_ALREADY_IN_USE);
    assert.match(log.lines[2] ?? '', /EADDRNOTAVAIL/);
  } finally {
    log.restore();
    first.stop();
  }
});

test('listen parameter errors; listen twice; stop and listen again', async () => {
  const log = captureLog();
  const server = new TCPServer();
  try {
    assert.equal(server.listen(-1), Error.ERR_INVALID_PARAMETER);
    assert.equal(server.listen(70000), Error.ERR_INVALID_PARAMETER);
    assert.equal(server.listen(0, 'localhost'), Error.ERR_INVALID_PARAMETER);
    assert.equal(await server.listenAsync(0, '::1'), Error.OK);
    assert.equal(server.listen(0), Error.ERR_ALREADY_IN_USE);
    server.stop();
    assert.equal(await server.listenAsync(0, '[::1]'), Error.OK);
    assert.equal(log.lines.length, 4);
    assert.equal(server.takeConnection(), null);
  } finally {
    server.stop();
    log.restore();
  }
});

test('the accept queue is bounded; extra connections are closed', async () => {
  const server = await listeningServer();
  server.setMaxPendingConnections(2);
  let woken = 0;
  server.onConnection = () => woken++;
  const log = captureLog();
  const clients = Array.from({ length: 4 }, () => new StreamPeerTCP());
  try {
    for (const c of clients) c.connectToHost('127.0.0.1', server.getLocalPort());
    await pollUntil('all settled', () => {
      for (const c of clients) c.poll();
      return clients.filter((c) => c.getStatus() === StreamPeerTCP.STATUS_CONNECTED).length === 2;
    });
    assert.equal(woken, 2);
    const taken = [server.takeConnection(), server.takeConnection()];
    assert.ok(taken.every((p) => p !== null));
    assert.equal(server.isConnectionAvailable(), false);
    assert.equal(log.lines.length, 1);
    assert.match(log.lines[0]!, /2 connections waiting/);
    for (const p of taken) p?.disconnectFromHost();
  } finally {
    for (const c of clients) c.disconnectFromHost();
    server.stop();
    log.restore();
  }
});

test('stop() closes connections still waiting in the queue', async () => {
  const server = await listeningServer();
  const client = new StreamPeerTCP();
  client.connectToHost('127.0.0.1', server.getLocalPort());
  await pollUntil('queued', () => server.isConnectionAvailable());
  server.stop();
  await pollUntil('closed', () => {
    client.poll();
    return client.getStatus() === StreamPeerTCP.STATUS_NONE;
  });
});
