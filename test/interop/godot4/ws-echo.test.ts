// A Godot 4 WebSocketPeer client echoes text and binary messages of every length class (0 B to
// 1 MiB) through a server, then closes with a code. The server is `ws` for now; the scenario is
// written to run unchanged against our own server-side WebSocketPeer.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { type WebSocket, WebSocketServer } from 'ws';
import { expectLines, loadScenario, runGodot4 } from '../../helpers/godot4/engine.js';

test('Godot 4 client: echo of 0 B to 1 MiB, text and binary; close 4000 seen by the server', async (t) => {
  const closes: string[] = [];
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    perMessageDeflate: false,
    maxPayload: 2 * 1024 * 1024,
    handleProtocols: (protocols) => (protocols.has('godot-echo') ? 'godot-echo' : false),
  });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  t.after(
    () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  );
  wss.on('connection', (sock: WebSocket) => {
    sock.on('message', (data: Buffer, isBinary) => sock.send(data, { binary: isBinary }));
    sock.on('close', (code, reason) => closes.push(`${code} ${String(reason)}`));
  });
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  const result = await runGodot4(loadScenario('ws-echo'), {
    vars: { URL: url },
    deadlineMs: 60_000,
  });
  const echo = [0, 1, 125, 126, 65536, 1048576].flatMap((n) => [
    `text ${n} sent 0 back ${n} string true same true`,
    `binary ${n} sent 0 back ${n} string false same true`,
  ]);
  expectLines(result.lines, [
    'connect 0',
    'state 1 protocol godot-echo',
    ...echo,
    'closed 4000 "done"',
  ]);
  assert.deepEqual(result.errors, []);
  assert.equal(result.exitCode, 0);
  assert.deepEqual(closes, ['4000 done']);
});
