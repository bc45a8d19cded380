import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { test } from 'node:test';
import { type ConnectFailure, type Resolver, TcpConnector } from '../../src/net/tcp-connector.js';
import { listeningServer } from './tcp-pair.js';

// This machine's "localhost" resolves to 127.0.0.1 only, so a resolver returning two addresses
// stands in for a dual-stack name; the sockets are real.
function connectVia(addresses: string[], port: number, timeoutMs = 5000) {
  const resolve: Resolver = (_host, callback) => setImmediate(() => callback(null, addresses));
  return new Promise<{ socket?: Socket; failure?: ConnectFailure; tried: string }>((done) => {
    const connector = new TcpConnector(
      {
        host: 'dual.test',
        port,
        localAddress: undefined,
        localPort: 0,
        noDelay: false,
        timeoutMs,
        resolve,
      },
      (socket) => done({ socket, tried: connector.currentAddress }),
      (failure) => done({ failure, tried: connector.currentAddress }),
    );
    connector.start();
  });
}

test('each resolved address is tried in turn (IPv4 refused, then IPv6)', async () => {
  const server = await listeningServer('::1');
  try {
    const result = await connectVia(['127.0.0.1', '::1'], server.getLocalPort());
    assert.ok(result.socket, JSON.stringify(result.failure));
    assert.equal(result.tried, '::1');
    assert.equal(result.socket.remoteAddress, '::1');
    result.socket.destroy();
  } finally {
    server.stop();
  }
});

test('each resolved address is tried in turn (IPv6 refused, then IPv4)', async () => {
  const server = await listeningServer('127.0.0.1');
  try {
    const result = await connectVia(['::1', '127.0.0.1'], server.getLocalPort());
    assert.ok(result.socket, JSON.stringify(result.failure));
    assert.equal(result.socket.remoteAddress, '127.0.0.1');
    result.socket.destroy();
  } finally {
    server.stop();
  }
});

test('when every address fails the last reason is reported', async () => {
  const server = await listeningServer('127.0.0.1');
  const port = server.getLocalPort();
  server.stop();
  const result = await connectVia(['::1', '127.0.0.1'], port);
  assert.equal(result.socket, undefined);
  assert.equal(result.failure?.kind, 'connect');
  assert.match(result.failure?.reason ?? '', /127\.0\.0\.1: ECONNREFUSED/);
});

test('a resolver error is a resolve failure', async () => {
  const resolve: Resolver = (_h, cb) =>
    cb(Object.assign(new Error('x'), { code: 'ENOTFOUND' }), []);
  const failure = await new Promise<ConnectFailure>((done) => {
    new TcpConnector(
      {
        host: 'x.test',
        port: 1,
        localAddress: undefined,
        localPort: 0,
        noDelay: false,
        timeoutMs: 1000,
        resolve,
      },
      () => assert.fail('connected'),
      done,
    ).start();
  });
  assert.equal(failure.kind, 'resolve');
  assert.match(failure.reason, /ENOTFOUND/);
});

test('a resolver that never answers times out', async () => {
  // The connector's timers are unref'd (a real lookup keeps the process alive); hold it here.
  const keepAlive = setTimeout(() => {}, 5000);
  const resolve: Resolver = () => {};
  const failure = await new Promise<ConnectFailure>((done) => {
    new TcpConnector(
      {
        host: 'x.test',
        port: 1,
        localAddress: undefined,
        localPort: 0,
        noDelay: false,
        timeoutMs: 50,
        resolve,
      },
      () => assert.fail('connected'),
      done,
    ).start();
  });
  clearTimeout(keepAlive);
  assert.equal(failure.kind, 'timeout');
});
