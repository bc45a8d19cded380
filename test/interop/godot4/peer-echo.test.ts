// Issue 9, scenario 1: a Godot 4.6 WebSocketPeer client (in the engine) against OUR Node
// server-side WebSocketPeer (TCPServer + acceptStream): subprotocol choice, text and binary echo
// of 0 B to 1 MiB with was_string_packet, closes with code and reason started by either side
// and reported on both, refused handshakes. Chromium offers permessage-deflate on every
// connection; our server declines it (no extension in its answer) and the session works.
import assert from 'node:assert/strict';
import { WebSocketPeer } from '../../../src/websocket/websocket-peer.js';
import { test } from '../../helpers/browser-test.js';
import { expectLines, loadScenario, runGodot4 } from '../../helpers/godot4/engine.js';
import { startPeerServer } from '../../helpers/godot4/peer-server.js';
import { captureLog } from '../../helpers/log.js';

/** 123 bytes of UTF-8: the longest reason a close frame can carry (RFC 6455 §5.5). */
const LONG_REASON = `${'é'.repeat(60)}bye`;
const CHROMIUM_OFFER = 'permessage-deflate; client_max_window_bits';

test('Godot 4 client ↔ our server: echo 0 B–1 MiB, subprotocols, closes from both sides', async (t) => {
  const log = captureLog();
  t.after(() => log.restore());
  const server = await startPeerServer({
    configure(peer) {
      peer.supportedProtocols = ['chat', 'godot-echo'];
      peer.inboundBufferSize = 4 * 1024 * 1024;
      peer.outboundBufferSize = 4 * 1024 * 1024;
    },
    onPacket(conn, data, isString) {
      if (conn.path === '/server-close') {
        conn.peer.close(4001, LONG_REASON);
        return;
      }
      conn.peer.send(
        data,
        isString ? WebSocketPeer.WRITE_MODE_TEXT : WebSocketPeer.WRITE_MODE_BINARY,
      );
    },
  });
  t.after(() => server.stop());
  const result = await runGodot4(loadScenario('peer-echo'), {
    vars: { URL: server.url },
    deadlineMs: 60_000,
  });
  await server.waitFor('every connection closed', () =>
    server.conns.every((c) => c.peer.getReadyState() === WebSocketPeer.STATE_CLOSED),
  );
  t.diagnostic(`client:\n${result.lines.join('\n')}\nerrors:\n${result.errors.join('\n')}`);
  t.diagnostic(`server:\n${server.log.join('\n')}\nlog:\n${log.lines.join('\n')}`);
  const echo = [0, 1, 125, 126, 65536, 1048576].flatMap((n) => [
    `text ${n} sent 0 back ${n} string true same true`,
    `binary ${n} sent 0 back ${n} string false same true`,
  ]);
  expectLines(result.lines, [
    '/echo connect 0 state 1 protocol "godot-echo"',
    ...echo,
    '/echo state after close() 2',
    '/echo closed 4000 "client done ✓"',
    '/server-close connect 0 state 1 protocol "chat"',
    `/server-close closed 4001 ${JSON.stringify(LONG_REASON)}`,
    '/mismatch connect 0 state 3 protocol ""',
    '/mismatch closed 1006 ""',
    '/none connect 0 state 3 protocol ""',
    '/none closed 1006 ""',
  ]);
  assert.equal(result.exitCode, 0);
  expectLines(
    server.log,
    [
      '/echo open protocol="godot-echo"',
      '/echo closed 4000 "client done ✓"',
      '/server-close open protocol="chat"',
      '/server-close state CLOSING',
      `/server-close closed 4001 ${JSON.stringify(LONG_REASON)}`,
      '/mismatch failed',
      '/none failed',
    ],
    'server log',
  );
  for (const conn of server.conns) assert.equal(conn.offeredExtensions, CHROMIUM_OFFER, conn.path);
});
