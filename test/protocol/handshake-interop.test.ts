// The handshake functions driven over real loopback sockets against the `ws` library.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import { test } from 'node:test';
import { WebSocket, WebSocketServer } from 'ws';
import {
  buildClientRequest,
  generateKey,
  validateServerResponse,
  WS_GUID,
} from '../../src/protocol/handshake-client.js';
import { buildHttpErrorResponse, serverHandshake } from '../../src/protocol/handshake-server.js';
import { HttpHeadReader } from '../../src/protocol/http-head.js';

const acceptKey = (key: string) =>
  createHash('sha1')
    .update(key + WS_GUID)
    .digest('base64');

const DEADLINE_MS = 5000;

function deadline<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), DEADLINE_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A TCP server that runs our server handshake on each connection. */
async function ourServer(
  onHead: (socket: net.Socket, head: string) => void,
  onFrames: (bytes: Uint8Array) => void = () => {},
): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const reader = new HttpHeadReader();
    socket.on('data', (chunk: Buffer) => {
      const r = reader.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
      if (r.kind === 'too-large') socket.destroy();
      else if (r.kind === 'complete') {
        onHead(socket, r.head);
        if (r.leftover.length > 0) onFrames(r.leftover);
        reader.reset();
        socket.removeAllListeners('data');
        socket.on('data', (more: Buffer) => onFrames(new Uint8Array(more)));
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    close: async () => {
      for (const s of sockets) s.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

test('a ws client completes the handshake with our server and its first frame is left over', async () => {
  const frames: number[] = [];
  let gotFrame: () => void = () => {};
  const frameSeen = new Promise<void>((resolve) => {
    gotFrame = resolve;
  });
  const server = await ourServer(
    (socket, head) => {
      const r = serverHandshake(head, { protocols: ['bar'], acceptKey });
      assert.ok(r.ok, r.ok ? '' : r.reason);
      assert.equal(r.path, '/chat?x=1');
      socket.write(r.response);
    },
    (bytes) => {
      frames.push(...bytes);
      if (frames.length >= 8) gotFrame();
    },
  );
  const client = new WebSocket(`ws://127.0.0.1:${server.port}/chat?x=1`, ['foo', 'bar']);
  try {
    await deadline(once(client, 'open'), 'ws open');
    assert.equal(client.protocol, 'bar');
    client.send('hi');
    await deadline(frameSeen, 'first frame');
    assert.equal(frames[0], 0x81); // FIN + text
    assert.equal(frames[1], 0x82); // masked, length 2
    const mask = frames.slice(2, 6);
    assert.equal(String.fromCharCode(frames[6]! ^ mask[0]!, frames[7]! ^ mask[1]!), 'hi');
  } finally {
    client.terminate();
    await server.close();
  }
});

test('our server drops a ws client whose protocols it does not support (no HTTP answer)', async () => {
  let reason = '';
  const server = await ourServer((socket, head) => {
    const r = serverHandshake(head, { protocols: ['bar'], acceptKey });
    assert.equal(r.ok, false);
    reason = r.ok ? '' : r.reason;
    socket.destroy();
  });
  const client = new WebSocket(`ws://127.0.0.1:${server.port}/`, ['foo']);
  try {
    const [err] = (await deadline(once(client, 'error'), 'ws error')) as [Error];
    assert.match(err.message, /socket hang up|ECONNRESET/);
    assert.equal(reason, 'No supported sub-protocol among the requested -> foo');
  } finally {
    client.terminate();
    await server.close();
  }
});

test('a ws client sees our HTTP error response', async () => {
  const server = await ourServer((socket) => {
    socket.end(buildHttpErrorResponse(403, undefined, ['X-Why: test']));
  });
  const client = new WebSocket(`ws://127.0.0.1:${server.port}/`);
  client.on('error', () => {});
  try {
    const [, res] = (await deadline(once(client, 'unexpected-response'), 'ws response')) as [
      unknown,
      import('node:http').IncomingMessage,
    ];
    assert.equal(res.statusCode, 403);
    assert.equal(res.headers['x-why'], 'test');
    res.resume();
  } finally {
    client.terminate();
    await server.close();
  }
});

/** Our client: sends the Godot request to `port`, returns the validation result and later bytes. */
async function ourClient(port: number, protocols: string[], path = '/') {
  const key = generateKey();
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => {});
  await deadline(once(socket, 'connect'), 'tcp connect');
  socket.write(buildClientRequest({ host: '127.0.0.1', port, tls: false, path, key, protocols }));
  const reader = new HttpHeadReader();
  const after: number[] = [];
  let done = false;
  const result = await deadline(
    new Promise<ReturnType<typeof validateServerResponse>>((resolve, reject) => {
      socket.on('data', (chunk: Buffer) => {
        const r = reader.push(new Uint8Array(chunk));
        if (r.kind === 'too-large') reject(new Error('too large'));
        if (r.kind !== 'complete') return;
        after.push(...r.leftover);
        if (!done) resolve(validateServerResponse(r.head, { key, protocols, acceptKey }));
        done = true;
      });
      socket.on('close', () => reject(new Error('closed before a response')));
    }),
    'response head',
  );
  return { result, socket, after };
}

test('our client request is accepted by a ws server; its first frame is left over', async () => {
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (set) => (set.has('bar') ? 'bar' : false),
  });
  await once(wss, 'listening');
  const { port } = wss.address() as net.AddressInfo;
  let path = '';
  wss.on('connection', (ws, req) => {
    path = req.url ?? '';
    ws.send('hello');
  });
  const { result, socket, after } = await ourClient(port, ['foo', 'bar'], '/p?q=1');
  try {
    assert.ok(result.ok, result.ok ? '' : result.reason);
    assert.equal(result.protocol, 'bar');
    assert.equal(path, '/p?q=1');
    const start = Date.now();
    while (after.length < 7 && Date.now() - start < DEADLINE_MS) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.deepEqual(after.slice(0, 7), [0x81, 0x05, ...new TextEncoder().encode('hello')]);
  } finally {
    socket.destroy();
    for (const c of wss.clients) c.terminate();
    wss.close();
  }
});

test('our client rejects a ws server that picks no protocol', async () => {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => false });
  await once(wss, 'listening');
  const { port } = wss.address() as net.AddressInfo;
  const { result, socket } = await ourClient(port, ['foo']);
  try {
    assert.deepEqual(result, { ok: false, reason: 'Requested sub-protocol(s) but received none.' });
  } finally {
    socket.destroy();
    for (const c of wss.clients) c.terminate();
    wss.close();
  }
});
