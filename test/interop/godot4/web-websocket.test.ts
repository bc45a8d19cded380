// Godot 4.6's Web WebSocketPeer (the browser's WebSocket underneath) against a real server on
// 127.0.0.1: states, subprotocol, echo, close codes seen on both sides, limits, and what the
// engine sends when it quits. The server is `ws` for now; the same scenario is meant to run
// against our own server-side WebSocketPeer once it lands.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { type WebSocket, WebSocketServer } from 'ws';
import { expectLines, loadScenario, startGodot4 } from '../../helpers/godot4/engine.js';

/** A server whose behaviour depends on the request path; it logs what it sees. */
async function startServer() {
  const log: string[] = [];
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has('superchat') ? 'superchat' : false),
  });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const closed = new Map<string, () => void>();
  wss.on('connection', (sock: WebSocket, req) => {
    const path = req.url ?? '?';
    log.push(
      `${path} open protocol=${JSON.stringify(sock.protocol)} extensions=${JSON.stringify(
        req.headers['sec-websocket-extensions'] ?? null,
      )}`,
    );
    sock.on('close', (code, reason) => {
      log.push(`${path} close ${code} ${JSON.stringify(reason.toString())}`);
      closed.get(path)?.();
    });
    sock.on('message', (data: Buffer, isBinary) => {
      log.push(
        `${path} got ${isBinary ? 'binary' : 'text'} ${data.length} ${data.subarray(0, 16).toString('hex')}`,
      );
      const text = isBinary ? '' : data.toString();
      if (path === '/echo') {
        const m = /^close (\d+) (.*)$/.exec(text);
        if (m) sock.close(Number(m[1]), m[2]);
        else sock.send(data, { binary: isBinary });
      } else if (path === '/limits' && text === 'send big') {
        sock.send(Buffer.alloc(2000, 7));
        sock.send('small');
      } else if (path === '/limits' && text === 'send after') {
        sock.send('after');
      }
    });
    if (path === '/terminate') setTimeout(() => sock.terminate(), 50);
    if (path === '/no-status') sock.close();
    if (path === '/send-then-close') {
      sock.send('one');
      sock.send(Buffer.from([9]));
      sock.close(1000, 'done');
    }
  });
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  const closedOn = (path: string, ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (log.some((l) => l.startsWith(`${path} close `))) return resolve();
      const timer = setTimeout(
        () => reject(new Error(`no close on ${path}\n${log.join('\n')}`)),
        ms,
      );
      closed.set(path, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      for (const c of wss.clients) c.terminate();
      wss.close(() => resolve());
    });
  return { url, log, closedOn, close };
}

test('Web WebSocketPeer: states, protocol, echo, close codes, limits, quit', async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  const g = await startGodot4(loadScenario('web-websocket'), { vars: { URL: server.url } });
  t.after(() => g.kill());
  const result = await g.waitForExit(30_000);
  await Promise.all([server.closedOn('/quit', 5000), server.closedOn('/limits', 5000)]);
  t.diagnostic(
    `engine errors:\n${result.errors.join('\n')}\nserver log:\n${server.log.join('\n')}`,
  );
  expectLines(result.lines, [
    'accept_stream 2',
    'send before connect 1',
    '/echo connect 0 state 0',
    '/echo state 1',
    '/echo protocol superchat',
    '/echo host "" port 0',
    '/echo send text 0',
    '/echo send binary 0',
    '/echo send empty binary 0',
    '/echo send empty text 0',
    '/echo text héllo',
    '/echo binary 0001ff',
    '/echo binary ',
    '/echo text ',
    '/echo state 3',
    '/echo closed 4001 "bye"',
    '/echo send after close 1',
    '/client-close connect 0 state 0',
    '/client-close state 1',
    '/client-close state after close() 2',
    '/client-close state 3',
    '/client-close closed 4002 "client bye"',
    '/terminate connect 0 state 0',
    '/terminate state 1',
    '/terminate state 3',
    '/terminate closed 1006 ""',
    '/no-status connect 0 state 0',
    '/no-status state 1',
    '/no-status state 3',
    '/no-status closed 1005 ""',
    '/send-then-close connect 0 state 0',
    '/send-then-close state 1',
    '/send-then-close state 3',
    '/send-then-close available 2',
    '/send-then-close text one',
    '/send-then-close binary 09',
    '/limits state 1',
    '/limits send 1024 6',
    '/limits send 1000 0',
    '/limits buffered true',
    // The 2000-byte message does not fit the 1024-byte inbound ring: get_packet fails
    // (ERR_OUT_OF_MEMORY, empty packet) and the ring stays out of step: every later packet
    // ("small", then "after") has the right size but the big message's bytes (0x07).
    '/limits state 1 available 2',
    '/limits packet size 0 error 6 string false head ',
    '/limits packet size 5 error 0 string true head 0707070707',
    '/limits packet size 5 error 0 string true head 0707070707',
    '/quit connect 0 state 0',
    '/quit state 1',
    'quit',
  ]);
  assert.equal(result.exitCode, 0);
  // What the engine logs: sending while not open fails (1 = FAILED) without a message.
  expectLines(
    result.errors,
    [
      'WARNING: Acting as WebSocket server is not supported in Web platforms.',
      '   at: accept_stream (modules/websocket/emws_peer.cpp:116)',
      'ERROR: Not supported in Web export.',
      '   at: get_connected_host (modules/websocket/emws_peer.cpp:227)',
      'ERROR: Not supported in Web export.',
      '   at: get_connected_port (modules/websocket/emws_peer.cpp:231)',
      'ERROR: Condition "outbound_buffer_size > 0 && (get_current_outbound_buffered_amount() + p_buffer_size >= outbound_buffer_size)" is true. Returning: ERR_OUT_OF_MEMORY',
      '   at: _send (modules/websocket/emws_peer.cpp:121)',
      'ERROR: Condition "p_bytes < (int)p.size" is true. Returning: ERR_OUT_OF_MEMORY',
      '   at: read_packet (modules/websocket/packet_buffer.h:86)',
      'ERROR: Condition "err != OK" is true. Returning: err',
      '   at: get_packet (modules/websocket/emws_peer.cpp:144)',
    ],
    'engine errors',
  );
  // Chromium offers permessage-deflate on every connection; the server declined it.
  const open = (protocol: string) =>
    `open protocol=${JSON.stringify(protocol)} extensions="permessage-deflate; client_max_window_bits"`;
  const serverSaw: Record<string, string[]> = {
    '/echo': [
      open('superchat'),
      'got text 6 68c3a96c6c6f',
      'got binary 3 0001ff',
      'got binary 0 ',
      'got text 0 ',
      'got text 14 636c6f7365203430303120627965',
      'close 4001 "bye"',
    ],
    '/client-close': [open(''), 'close 4002 "client bye"'],
    '/terminate': [open(''), 'close 1006 ""'],
    '/no-status': [open(''), 'close 1005 ""'],
    '/send-then-close': [open(''), 'close 1000 "done"'],
    '/limits': [
      open(''),
      `got binary 1000 ${'00'.repeat(16)}`,
      'got text 8 73656e6420626967',
      'got text 10 73656e64206166746572',
      // Quitting the engine closes every open socket with 3001 "destroyed".
      'close 3001 "destroyed"',
    ],
    '/quit': [open(''), 'close 3001 "destroyed"'],
  };
  for (const [path, lines] of Object.entries(serverSaw)) {
    const seen = server.log
      .filter((l) => l.startsWith(`${path} `))
      .map((l) => l.slice(path.length + 1));
    expectLines(seen, lines, `server log of ${path}`);
  }
  assert.equal(server.log.length, Object.values(serverSaw).flat().length);
});
