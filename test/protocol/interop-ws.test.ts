// Wire check against a real peer: our sans-I/O Connection driven over real TCP sockets on
// 127.0.0.1 against the `ws` library, both roles. The opening handshake is hand-written here
// (the protocol handshake module is tested on its own); everything after it is the core.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { test } from 'node:test';
import { WebSocket, WebSocketServer } from 'ws';
import { Connection, type ConnectionEvent } from '../../src/protocol/connection.js';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const DEADLINE_MS = 5000;

/** Drives a Connection over a socket: feeds data, flushes output, collects events. */
class Driver {
  readonly conn: Connection;
  readonly events: ConnectionEvent[] = [];
  readonly #socket: Socket;
  #waiters: (() => void)[] = [];

  constructor(socket: Socket, conn: Connection, leftover: Uint8Array) {
    this.#socket = socket;
    this.conn = conn;
    socket.on('data', (chunk: Buffer) => this.#feed(chunk));
    socket.on('end', () => {
      conn.receiveEof();
      this.#wake();
    });
    socket.on('error', () => {});
    if (leftover.length > 0) this.#feed(leftover);
  }

  #feed(chunk: Uint8Array): void {
    this.conn.receiveData(chunk);
    for (let e = this.conn.nextEvent(); e !== undefined; e = this.conn.nextEvent())
      this.events.push(e);
    this.flush();
    this.#wake();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  flush(): void {
    for (const c of this.conn.dataToSend()) this.#socket.write(c);
  }

  /** Resolves when `predicate` holds, or rejects after the deadline. */
  async until(predicate: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + DEADLINE_MS;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  end(): void {
    this.#socket.end();
  }
}

/** Reads an HTTP head from `socket`; returns it and any bytes after it. */
async function readHead(socket: Socket): Promise<{ head: string; rest: Buffer }> {
  let buffer = Buffer.alloc(0);
  const deadline = setTimeout(() => socket.destroy(new Error('handshake timeout')), DEADLINE_MS);
  try {
    for (;;) {
      const [chunk] = (await once(socket, 'data')) as [Buffer];
      buffer = Buffer.concat([buffer, chunk]);
      const end = buffer.indexOf('\r\n\r\n');
      if (end >= 0) {
        socket.pause();
        return { head: buffer.subarray(0, end).toString('latin1'), rest: buffer.subarray(end + 4) };
      }
    }
  } finally {
    clearTimeout(deadline);
  }
}

function accept(key: string): string {
  return createHash('sha1')
    .update(key + GUID)
    .digest('base64');
}

async function ourClient(port: number): Promise<Driver> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const key = randomBytes(16).toString('base64');
  socket.write(
    `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  const { head, rest } = await readHead(socket);
  assert.match(head, /^HTTP\/1\.1 101/);
  assert.ok(head.includes(`Sec-WebSocket-Accept: ${accept(key)}`));
  const driver = new Driver(socket, new Connection({ role: 'client' }), rest);
  socket.resume();
  return driver;
}

test('our client against a ws server: echo, ping, large messages, server-initiated close', async () => {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  const closes: [number, string][] = [];
  const pongs: string[] = [];
  wss.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => {
      const text = !isBinary && data.toString() === 'close me';
      if (text) ws.close(4001, 'bye');
      else if (!isBinary && data.toString() === 'ping me') ws.ping('are you there');
      else ws.send(data, { binary: isBinary });
    });
    ws.on('pong', (data) => pongs.push(data.toString()));
    ws.on('close', (code, reason) => closes.push([code, reason.toString()]));
  });
  try {
    const port = (wss.address() as AddressInfo).port;
    const c = await ourClient(port);
    const big = new Uint8Array(1 << 20).map((_, i) => i & 0xff);
    c.conn.send(new TextEncoder().encode('héllo'), true);
    c.conn.send(new Uint8Array(70000).fill(7), false);
    c.conn.send(big, false);
    c.conn.send(new Uint8Array(0), false);
    c.flush();
    await c.until(() => c.events.length >= 4, 'four echoes');
    const [t, b70, b1m, empty] = c.events;
    assert.ok(t?.kind === 'message' && t.text && new TextDecoder().decode(t.data) === 'héllo');
    assert.ok(b70?.kind === 'message' && !b70.text && b70.data.length === 70000);
    assert.ok(b1m?.kind === 'message' && b1m.data.length === big.length);
    assert.deepEqual(b1m.data, big);
    assert.ok(empty?.kind === 'message' && empty.data.length === 0);

    c.conn.send(new TextEncoder().encode('ping me'), true);
    c.flush();
    await c.until(() => c.events.length >= 5, 'a ping');
    assert.deepEqual(c.events[4], {
      kind: 'ping',
      data: new TextEncoder().encode('are you there'),
    });
    await c.until(() => pongs.length === 1, 'ws to get our pong');
    assert.deepEqual(pongs, ['are you there']);

    c.conn.send(new TextEncoder().encode('close me'), true);
    c.flush();
    await c.until(() => c.events.length >= 6, 'the close');
    assert.deepEqual(c.events[5], { kind: 'close', code: 4001, reason: 'bye' });
    assert.equal(c.conn.state, 3);
    await c.until(() => closes.length === 1, 'ws to see our close echo');
    assert.deepEqual(closes, [[4001, 'bye']]);
    c.end();
  } finally {
    for (const ws of wss.clients) ws.terminate();
    wss.close();
  }
});

test('a ws client against our server: fragments, large send, invalid UTF-8 → 1007, our close', async () => {
  const drivers: Driver[] = [];
  const server = createServer(async (socket) => {
    const { head, rest } = await readHead(socket);
    const key = /sec-websocket-key: *(\S+)/i.exec(head)?.[1] ?? '';
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept(key)}\r\n\r\n`,
    );
    drivers.push(
      new Driver(socket, new Connection({ role: 'server', maxMessageSize: 1 << 21 }), rest),
    );
    socket.resume();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const clients: WebSocket[] = [];
  try {
    // 1. Fragments from ws are assembled; a big message from us arrives intact; our close.
    const ws = new WebSocket(`ws://127.0.0.1:${port}`);
    clients.push(ws);
    const received: Buffer[] = [];
    let closed: [number, string] | undefined;
    ws.on('message', (data: Buffer) => received.push(data));
    ws.on('close', (code, reason) => {
      closed = [code, reason.toString()];
    });
    await once(ws, 'open');
    ws.send('frag', { fin: false });
    ws.send('ment', { fin: false });
    ws.send('ed', { fin: true });
    await until(() => drivers.length === 1 && drivers[0]!.events.length === 1, 'the message');
    const s = drivers[0]!;
    assert.deepEqual(s.events[0], {
      kind: 'message',
      data: new TextEncoder().encode('fragmented'),
      text: true,
    });
    const big = new Uint8Array(1 << 20).map((_, i) => (i * 3) & 0xff);
    s.conn.send(big, false);
    s.flush();
    await until(() => received.length === 1, 'ws to get 1 MiB');
    assert.deepEqual(new Uint8Array(received[0]!), big);
    s.conn.close(1000, 'done');
    s.flush();
    await until(() => closed !== undefined, 'ws close');
    assert.deepEqual(closed, [1000, 'done']);
    await s.until(() => s.conn.state === 3, 'our CLOSED');
    assert.equal(s.conn.cleanClose, true);
    assert.deepEqual(s.events.at(-1), { kind: 'close', code: 1000, reason: 'done' });

    // 2. Invalid UTF-8 in a text frame: we fail with 1007 and ws sees it.
    const bad = new WebSocket(`ws://127.0.0.1:${port}`);
    clients.push(bad);
    let badClose: number | undefined;
    bad.on('close', (code) => {
      badClose = code;
    });
    bad.on('error', () => {});
    await once(bad, 'open');
    bad.send(Buffer.from([0x61, 0xed, 0xa0, 0x80]), { binary: false });
    await until(() => badClose !== undefined, 'ws to see 1007');
    assert.equal(badClose, 1007);
    assert.equal(drivers[1]!.events[0]?.kind, 'error');
  } finally {
    for (const c of clients) c.terminate();
    for (const d of drivers) d.end();
    server.close();
  }
});

async function until(predicate: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
