// Godot 3's close reasons on the wire, checked with `ws` on 127.0.0.1: we send a trailing NUL
// after a non-empty reason and strip it when receiving; an empty close frame reads as code 0.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WebSocket, WebSocketServer as WsServer } from 'ws';
import { Error } from '../../../src/core/error.js';
import {
  godot3ReceivedReason,
  godot3WireReason,
} from '../../../src/websocket/godot3/close-reason.js';
import { WebSocketClient } from '../../../src/websocket/godot3/websocket-client.js';
import { WebSocketServer } from '../../../src/websocket/godot3/websocket-server.js';
import { pollUntil } from '../../helpers/poll.js';

test('godot3WireReason / godot3ReceivedReason', () => {
  assert.equal(godot3WireReason(''), '');
  assert.equal(godot3WireReason('bye'), 'bye\0');
  const long = 'é'.repeat(70); // 140 bytes → cut to 61 characters (122 bytes) + NUL
  assert.equal(godot3WireReason(long), `${'é'.repeat(61)}\0`);
  assert.equal(godot3ReceivedReason('bye\0'), 'bye');
  assert.equal(godot3ReceivedReason('a\0b'), 'a');
  assert.equal(godot3ReceivedReason('plain'), 'plain');
});

async function wsOnOurServer() {
  const server = new WebSocketServer();
  const ev: string[] = [];
  server.clientConnected.connect((id) => ev.push(`connected ${id}`));
  server.clientCloseRequest.connect((_id, code, r) =>
    ev.push(`close_request ${code} ${JSON.stringify(r)}`),
  );
  server.clientDisconnected.connect((_id, clean) => ev.push(`disconnected ${clean}`));
  assert.equal(server.listen(0), Error.OK);
  const ws = new WebSocket(`ws://127.0.0.1:${server.getLocalPort()}/`);
  let closed: { code: number; reason: string } | null = null;
  ws.on('close', (code: number, reason: Buffer) => {
    closed = { code, reason: reason.toString('utf8') };
  });
  await pollUntil(
    'connected',
    () => ev.length === 1 && ws.readyState === WebSocket.OPEN,
    () => server.poll(),
  );
  const id = Number(ev[0]!.split(' ')[1]);
  ev.length = 0;
  return { server, ws, ev, id, closed: () => closed as { code: number; reason: string } | null };
}

test('our server sends "reason\\0"; an empty reason sends just the code', async () => {
  for (const [reason, onWire] of [
    ['bye', 'bye\0'],
    ['', ''],
  ]) {
    const t = await wsOnOurServer();
    try {
      t.server.disconnectPeer(t.id, 4001, reason);
      await pollUntil(
        'ws closed',
        () => t.closed() !== null,
        () => t.server.poll(),
      );
      assert.deepEqual(t.closed(), { code: 4001, reason: onWire });
      await pollUntil(
        'disconnected',
        () => t.ev.length === 1,
        () => t.server.poll(),
      );
      assert.deepEqual(t.ev, ['disconnected false']);
    } finally {
      t.server.stop();
    }
  }
});

test('our server strips a received NUL; an empty close frame is code 0', async () => {
  const cases: [close: (ws: WebSocket) => void, request: string][] = [
    [(ws) => ws.close(4001, 'bye\0'), 'close_request 4001 "bye"'],
    [(ws) => ws.close(1000, 'plain'), 'close_request 1000 "plain"'],
    [(ws) => ws.close(), 'close_request 0 ""'],
  ];
  for (const [close, request] of cases) {
    const t = await wsOnOurServer();
    try {
      close(t.ws);
      await pollUntil(
        'disconnected',
        () => t.ev.length === 2,
        () => t.server.poll(),
      );
      assert.deepEqual(t.ev, [request, 'disconnected true']);
    } finally {
      t.server.stop();
    }
  }
});

test('our client sends "reason\\0" to a ws server', async () => {
  const wss = new WsServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const port = (wss.address() as { port: number }).port;
  let seen: { code: number; reason: string } | null = null;
  wss.on('connection', (ws) => {
    ws.on('close', (code: number, reason: Buffer) => {
      seen = { code, reason: reason.toString('utf8') };
    });
  });
  const client = new WebSocketClient();
  let closedClean: boolean | null = null;
  client.connectionClosed.connect((clean) => {
    closedClean = clean;
  });
  try {
    let open = false;
    client.connectionEstablished.connect(() => {
      open = true;
    });
    assert.equal(client.connectToUrl(`ws://127.0.0.1:${port}/`), Error.OK);
    await pollUntil(
      'open',
      () => open,
      () => client.poll(),
    );
    client.disconnectFromHost(4005, 'later');
    await pollUntil(
      'closed',
      () => closedClean !== null && seen !== null,
      () => client.poll(),
    );
    assert.deepEqual(seen, { code: 4005, reason: 'later\0' });
    assert.equal(closedClean, false);
  } finally {
    client.disconnectFromHost();
    wss.close();
  }
});
