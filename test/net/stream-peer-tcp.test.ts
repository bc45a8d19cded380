import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { connect, type Socket } from 'node:net';
import { test } from 'node:test';
import { Error } from '../../src/core/error.js';
import { StreamPeerTCP } from '../../src/net/stream-peer-tcp.js';
import { captureLog } from '../helpers/log.js';
import { recordNoDelay } from '../helpers/no-delay.js';
import { pollUntil, tick } from '../helpers/poll.js';
import { connectedPair, listeningServer, readExactly } from './tcp-pair.js';

const text = new TextEncoder();

test('echo through TCPServer and StreamPeerTCP', async () => {
  const server = await listeningServer();
  const [client, peer] = await connectedPair(server);
  try {
    assert.equal(client.getConnectedHost(), '127.0.0.1');
    assert.equal(client.getConnectedPort(), server.getLocalPort());
    assert.ok(client.getLocalPort() > 0);
    assert.equal(peer.getConnectedPort(), client.getLocalPort());
    assert.equal(client.putData(text.encode('hello godot')), Error.OK);
    const got = await readExactly(peer, 11);
    assert.equal(new TextDecoder().decode(got), 'hello godot');
    assert.equal(peer.putData(got), Error.OK);
    assert.deepEqual(await readExactly(client, 11), got);
  } finally {
    client.disconnectFromHost();
    peer.disconnectFromHost();
    server.stop();
  }
});

test('status changes become visible only after poll()', async () => {
  const server = await listeningServer();
  const client = new StreamPeerTCP();
  try {
    assert.equal(client.getStatus(), StreamPeerTCP.STATUS_NONE);
    assert.equal(client.connectToHost('127.0.0.1', server.getLocalPort()), Error.OK);
    assert.equal(client.getStatus(), StreamPeerTCP.STATUS_CONNECTING);
    await pollUntil('accept', () => server.isConnectionAvailable());
    await tick(20);
    assert.equal(client.getStatus(), StreamPeerTCP.STATUS_CONNECTING, 'no poll yet');
    assert.equal(client.poll(), Error.OK);
    assert.equal(client.getStatus(), StreamPeerTCP.STATUS_CONNECTED);
    const peer = server.takeConnection()!;
    peer.disconnectFromHost();
    assert.equal(peer.getStatus(), StreamPeerTCP.STATUS_NONE);
    await tick(50);
    assert.equal(client.getStatus(), StreamPeerTCP.STATUS_CONNECTED, 'FIN seen only after poll');
    client.poll();
    assert.equal(client.getStatus(), StreamPeerTCP.STATUS_NONE);
  } finally {
    client.disconnectFromHost();
    server.stop();
  }
});

test('bytes still queued keep the peer CONNECTED after a FIN until they are read', async () => {
  const server = await listeningServer();
  const [client, peer] = await connectedPair(server);
  try {
    peer.putData(text.encode('last words'));
    peer.disconnectFromHost();
    await pollUntil('data', () => client.getAvailableBytes() === 10);
    await tick(20);
    client.poll();
    assert.equal(client.getStatus(), StreamPeerTCP.STATUS_CONNECTED);
    const [err, data] = client.getData(10);
    assert.equal(err, Error.OK);
    assert.equal(new TextDecoder().decode(data), 'last words');
    assert.deepEqual(client.getData(1)[0], Error.ERR_FILE_EOF);
    assert.deepEqual(client.getPartialData(1)[0], Error.ERR_FILE_EOF);
    client.poll();
    assert.equal(client.getStatus(), StreamPeerTCP.STATUS_NONE);
    assert.equal(client.getData(1)[0], Error.FAILED);
  } finally {
    client.disconnectFromHost();
    server.stop();
  }
});

test('a refused connection ends in STATUS_ERROR', async () => {
  const server = await listeningServer();
  const port = server.getLocalPort();
  server.stop();
  const log = captureLog();
  const client = new StreamPeerTCP();
  try {
    assert.equal(client.connectToHost('127.0.0.1', port), Error.OK);
    let last: Error = Error.OK;
    await pollUntil('error', () => {
      last = client.poll();
      return client.getStatus() !== StreamPeerTCP.STATUS_CONNECTING;
    });
    assert.equal(client.getStatus(), StreamPeerTCP.STATUS_ERROR);
    assert.equal(last, Error.ERR_CONNECTION_ERROR);
    assert.equal(log.lines.length, 1);
    assert.match(log.lines[0]!, /ECONNREFUSED/);
    assert.equal(client.putData(new Uint8Array(1)), Error.FAILED);
    client.disconnectFromHost();
    assert.equal(client.getStatus(), StreamPeerTCP.STATUS_NONE);
  } finally {
    log.restore();
  }
});

test('an unresolvable name ends in STATUS_ERROR', async () => {
  const log = captureLog();
  const client = new StreamPeerTCP();
  try {
    assert.equal(client.connectToHost('no-such-host.invalid', 80), Error.OK);
    await pollUntil(
      'error',
      () => {
        client.poll();
        return client.getStatus() !== StreamPeerTCP.STATUS_CONNECTING;
      },
      10_000,
    );
    assert.equal(client.getStatus(), StreamPeerTCP.STATUS_ERROR);
    assert.match(log.lines.join('\n'), /cannot resolve/);
  } finally {
    log.restore();
  }
});

test('the host name "localhost" is resolved and connected', async () => {
  const server = await listeningServer('*');
  const [client, peer] = await connectedPair(server, 'localhost');
  try {
    assert.ok(['127.0.0.1', '::1'].includes(client.getConnectedHost()));
  } finally {
    client.disconnectFromHost();
    peer.disconnectFromHost();
    server.stop();
  }
});

test('IPv6 literals connect, with or without brackets', async () => {
  const server = await listeningServer('::1');
  for (const host of ['::1', '[::1]']) {
    const [client, peer] = await connectedPair(server, host);
    assert.equal(client.getConnectedHost(), '::1');
    assert.equal(peer.getConnectedHost(), '::1');
    client.disconnectFromHost();
    peer.disconnectFromHost();
  }
  server.stop();
});

test('parameter errors and double connect', async () => {
  const log = captureLog();
  const client = new StreamPeerTCP();
  try {
    assert.equal(client.connectToHost('', 80), Error.ERR_INVALID_PARAMETER);
    assert.equal(client.connectToHost('127.0.0.1', 0), Error.ERR_INVALID_PARAMETER);
    assert.equal(client.connectToHost('127.0.0.1', 70000), Error.ERR_INVALID_PARAMETER);
    assert.equal(client.bind(1234, 'localhost'), Error.ERR_INVALID_PARAMETER);
    assert.equal(client.connectToHost('127.0.0.1', 9), Error.OK);
    assert.equal(client.connectToHost('127.0.0.1', 9), Error.ERR_ALREADY_IN_USE);
    assert.equal(client.bind(0), Error.ERR_ALREADY_IN_USE);
    assert.equal(log.lines.length, 6);
  } finally {
    client.disconnectFromHost();
    log.restore();
  }
});

test('bind() sets the local port of the connection', async () => {
  const server = await listeningServer();
  const probe = await listeningServer();
  const localPort = probe.getLocalPort();
  probe.stop();
  const client = new StreamPeerTCP();
  try {
    assert.equal(client.bind(localPort, '127.0.0.1'), Error.OK);
    client.connectToHost('127.0.0.1', server.getLocalPort());
    await pollUntil('connected', () => {
      client.poll();
      return client.getStatus() === StreamPeerTCP.STATUS_CONNECTED;
    });
    assert.equal(client.getLocalPort(), localPort);
  } finally {
    client.disconnectFromHost();
    server.stop();
  }
});

test('setNoDelay before and after connecting reaches the socket', async () => {
  const server = await listeningServer();
  const client = new StreamPeerTCP();
  const calls = await recordNoDelay(async () => {
    client.setNoDelay(true);
    client.connectToHost('127.0.0.1', server.getLocalPort());
    await pollUntil('connected', () => client.poll() === Error.OK && client.getStatus() === 2);
    client.setNoDelay(false);
  });
  // Set before connecting: applied to the socket once it is connected; then switched off.
  const values = calls.map(([, enabled]) => enabled);
  assert.ok(values.includes(true), `calls ${JSON.stringify(values)}`);
  assert.equal(values.at(-1), false);
  const sockets = new Set(calls.map(([socket]) => socket));
  assert.equal(sockets.size, 1, 'one socket, the connected one');
  assert.equal([...sockets][0]!.remotePort, server.getLocalPort());
  client.disconnectFromHost();
  server.stop();
});

test('a peer that does not read pauses its socket: the queue stays bounded', async () => {
  const server = await listeningServer();
  const [client, peer] = await connectedPair(server);
  const limit = 64 * 1024;
  const total = 8 * 1024 * 1024;
  client.setReadLimit(limit);
  const data = new Uint8Array(total);
  for (let i = 0; i < total; i++) data[i] = (i * 7) & 0xff;
  try {
    assert.equal(peer.putData(data), Error.OK);
    await tick(300);
    const queued = client.getAvailableBytes();
    // limit + one socket read (≤ 64 KiB) + what Node's stream buffers before pausing the handle.
    assert.ok(queued >= limit && queued <= limit + 256 * 1024, `queued ${queued}`);
    assert.ok(peer.writableLength > 0, 'the writer is held back');
    const got = await readExactly(client, total, 20_000);
    assert.ok(Buffer.from(got).equals(Buffer.from(data)), 'every byte arrives in order');
  } finally {
    client.disconnectFromHost();
    peer.disconnectFromHost();
    server.stop();
  }
});

test('fromSocket adopts an http.Server upgrade socket with its head bytes', async () => {
  const http = createServer();
  let adopted: StreamPeerTCP | null = null;
  http.on('upgrade', (_req, socket: Socket, head: Buffer) => {
    adopted = StreamPeerTCP.fromSocket(socket, head);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  assert.ok(typeof address === 'object' && address !== null);
  const raw = connect(address.port, '127.0.0.1');
  raw.on('error', () => {});
  raw.write('GET / HTTP/1.1\r\nHost: x\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\nHEAD');
  try {
    await pollUntil('upgrade', () => adopted !== null);
    const peer = adopted! as StreamPeerTCP;
    assert.equal(peer.getStatus(), StreamPeerTCP.STATUS_CONNECTED);
    assert.equal(peer.getConnectedHost(), '127.0.0.1');
    raw.write('TAIL');
    const got = await readExactly(peer, 8);
    assert.equal(new TextDecoder().decode(got), 'HEADTAIL');
    peer.putData(text.encode('ok'));
    const echoed = await new Promise<string>((resolve) =>
      raw.once('data', (d) => resolve(String(d))),
    );
    assert.equal(echoed, 'ok');
    peer.disconnectFromHost();
  } finally {
    raw.destroy();
    http.close();
  }
});
