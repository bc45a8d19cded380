// Issue 9, scenario 4 (Web semantics): Godot 4.6's Web WebSocketPeer (the browser's WebSocket
// underneath) against OUR Node server-side WebSocketPeer on 127.0.0.1: states, subprotocol,
// echo, close codes seen on both sides (1005, 1006, 3001), buffered amount, limits,
// accept_stream unavailable, packets readable after close, handshake_headers ignored, and a
// close code the browser refuses (1001) stopping the game.
// Each case is a path; the server does what the path says and logs what it sees.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WebSocketPeer } from '../../../src/websocket/websocket-peer.js';
import { expectLines, loadScenario, startGodot4 } from '../../helpers/godot4/engine.js';
import { type PeerConn, startPeerServer } from '../../helpers/godot4/peer-server.js';
import { captureLog } from '../../helpers/log.js';
import { tick } from '../../helpers/poll.js';

const hex16 = (data: Uint8Array) => Buffer.from(data.subarray(0, 16)).toString('hex');
const encoder = new TextEncoder();

function onOpen(conn: PeerConn): void {
  const { peer } = conn;
  const custom = conn.requestHeaders.get('x-godot-test') ?? null;
  conn.note(`extensions=${JSON.stringify(conn.offeredExtensions)} x-godot-test=${custom}`);
  if (conn.path === '/terminate') setTimeout(() => peer.close(-1), 50);
  if (conn.path === '/no-status') peer.close(0);
  if (conn.path === '/send-then-close') {
    peer.sendText('one');
    peer.send(Uint8Array.of(9));
    peer.close(1000, 'done');
  }
}

function onPacket(conn: PeerConn, data: Uint8Array, isString: boolean): void {
  const { peer } = conn;
  conn.note(`got ${isString ? 'text' : 'binary'} ${data.length} ${hex16(data)}`);
  const text = isString ? new TextDecoder().decode(data) : '';
  if (conn.path === '/echo') {
    const m = /^close (\d+) (.*)$/.exec(text);
    if (m) peer.close(Number(m[1]), m[2]);
    else
      peer.send(data, isString ? WebSocketPeer.WRITE_MODE_TEXT : WebSocketPeer.WRITE_MODE_BINARY);
  } else if (conn.path === '/limits' && text === 'send big') {
    peer.send(new Uint8Array(2000).fill(7));
    peer.sendText('small');
  } else if (conn.path === '/limits' && text === 'send after') {
    peer.sendText('after');
  } else if (conn.path === '/buffered') {
    peer.send(encoder.encode(`got ${data.length}`), WebSocketPeer.WRITE_MODE_TEXT);
  }
}

test('Web WebSocketPeer against our server: states, protocol, echo, close codes, limits, buffered, quit', async (t) => {
  const log = captureLog();
  t.after(() => log.restore());
  const servers = await Promise.all(
    [[], ['superchat']].map((protocols) =>
      startPeerServer({
        configure(peer) {
          peer.supportedProtocols = protocols;
          peer.inboundBufferSize = 4 * 1024 * 1024;
        },
        onOpen,
        onPacket,
      }),
    ),
  );
  t.after(() => {
    for (const s of servers) s.stop();
  });
  const [plain, proto] = servers as [(typeof servers)[0], (typeof servers)[0]];
  const g = await startGodot4(loadScenario('web-websocket'), {
    vars: { URL: plain.url, PROTO_URL: proto.url },
  });
  t.after(() => g.kill());
  const result = await g.waitForExit(30_000);
  for (const s of servers) {
    await s.waitFor('every connection closed', () =>
      s.conns.every((c) => c.peer.getReadyState() === WebSocketPeer.STATE_CLOSED),
    );
  }
  const serverLog = [...proto.log, ...plain.log];
  t.diagnostic(`client:\n${result.lines.join('\n')}\nerrors:\n${result.errors.join('\n')}`);
  t.diagnostic(`server:\n${serverLog.join('\n')}\nlog:\n${log.lines.join('\n')}`);
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
    // Our server drops the TCP connection (close(-1)): the browser reports 1006.
    '/terminate connect 0 state 0',
    '/terminate state 1',
    '/terminate state 3',
    '/terminate closed 1006 ""',
    // Our server sends a close frame without a status (close(0)): the browser reports 1005.
    '/no-status connect 0 state 0',
    '/no-status state 1',
    '/no-status state 3',
    '/no-status closed 1005 ""',
    // Packets stay readable after the close.
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
    // get_current_outbound_buffered_amount() is the browser's bufferedAmount.
    '/buffered state 1',
    '/buffered send 0 buffered 1048576',
    '/buffered drained 0',
    '/buffered text got 1048576',
    // close(-1): CLOSED at once, code -1 (the browser socket is closed with 3001, see below).
    '/destroy connect 0 state 0',
    '/destroy state 1',
    '/destroy state after close(-1) 3',
    '/destroy closed -1 ""',
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
      'WARNING: Custom headers are not supported in Web platform.',
      '   at: connect_to_url (modules/websocket/emws_peer.cpp:92)',
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
  // What our server saw. Chromium offers permessage-deflate on every connection; we decline it
  // (the sessions work). handshake_headers never reach the server.
  const open = (protocol: string) => [
    `open protocol=${JSON.stringify(protocol)}`,
    'extensions="permessage-deflate; client_max_window_bits" x-godot-test=null',
  ];
  const serverSaw: Record<string, string[]> = {
    '/echo': [
      ...open('superchat'),
      'got text 6 68c3a96c6c6f',
      'got binary 3 0001ff',
      'got binary 0 ',
      'got text 0 ',
      'got text 14 636c6f7365203430303120627965',
      'state CLOSING',
      // Chromium answers a close with the same code and reason.
      'closed 4001 "bye"',
    ],
    '/client-close': [...open(''), 'closed 4002 "client bye"'],
    '/terminate': [...open(''), 'closed -1 ""'],
    // Chromium answers a status-less close with a status-less close: code 0 on our side.
    '/no-status': [...open(''), 'state CLOSING', 'closed 0 ""'],
    '/send-then-close': [...open(''), 'state CLOSING', 'closed 1000 "done"'],
    '/limits': [
      ...open(''),
      `got binary 1000 ${'00'.repeat(16)}`,
      'got text 8 73656e6420626967',
      'got text 10 73656e64206166746572',
      // Quitting the engine closes every open socket with 3001 "destroyed".
      'closed 3001 "destroyed"',
    ],
    // Dropping the last reference to an open peer (the next open() reuses the variable)
    // closes it with 3001 "destroyed", like quitting.
    '/buffered': [...open(''), `got binary 1048576 ${'00'.repeat(16)}`, 'closed 3001 "destroyed"'],
    // close(-1) on the Web is not a silent drop: the browser sends 3001 "destroyed".
    '/destroy': [...open(''), 'closed 3001 "destroyed"'],
    '/quit': [...open(''), 'closed 3001 "destroyed"'],
  };
  for (const [path, lines] of Object.entries(serverSaw)) {
    const seen = serverLog
      .filter((l) => l.startsWith(`${path} `))
      .map((l) => l.slice(path.length + 1));
    expectLines(seen, lines, `server log of ${path}`);
  }
  assert.equal(serverLog.length, Object.values(serverSaw).flat().length);
  assert.deepEqual(log.lines, []);
});

test('Web WebSocketPeer: close(1001) throws in the browser and the game stops', async (t) => {
  const server = await startPeerServer();
  t.after(() => server.stop());
  const g = await startGodot4(loadScenario('web-bad-close'), { vars: { URL: server.url } });
  t.after(() => g.kill());
  await g.waitForLine('state 1', 20_000);
  const until = Date.now() + 10_000;
  while (g.pageErrors.length === 0 && Date.now() < until) await tick(50);
  await tick(1000); // anything the game would still print
  expectLines(g.pageErrors, [
    /Uncaught InvalidAccessError: Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999\. 1001 is neither\..*/,
  ]);
  // Nothing after the close() call runs, and no later frame: the main loop is gone.
  expectLines(g.lines, ['state 1']);
  assert.equal(g.exited, false);
  // The socket was left open: the server sees no close until the browser is gone.
  expectLines(server.log, ['/bad-close open protocol=""'], 'server log');
});
