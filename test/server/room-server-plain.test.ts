import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WebSocketPeer } from '../../src/websocket/websocket-peer.js';
import { pollFor, pollUntil } from '../helpers/poll.js';
import { pumpAll, startRoomServer } from '../helpers/room-server-setup.js';

const OPEN = WebSocketPeer.STATE_OPEN;

function texts(ws: WebSocketPeer): string[] {
  const out: string[] = [];
  while (ws.getAvailablePacketCount() > 0) {
    const data = ws.getPacket();
    out.push(`${ws.wasStringPacket() ? 'text' : 'binary'}:${new TextDecoder().decode(data)}`);
  }
  return out;
}

test('broadcast rooms: each message goes to every other member of the room, kind kept', async (t) => {
  const { server, url } = await startRoomServer({
    kind: 'broadcast',
    notices: true,
    protocols: ['*'],
  });
  const peers = [0, 1, 2].map(() => new WebSocketPeer());
  t.after(() => {
    for (const p of peers) p.close(-1);
    server.close();
  });
  const [a, b, c] = peers as [WebSocketPeer, WebSocketPeer, WebSocketPeer];
  a.setSupportedProtocols(['demo-chat']);
  a.connectToUrl(url('/chat'));
  const pump = pumpAll(server, peers);
  await pollUntil('a to open', () => a.getReadyState() === OPEN, pump);
  assert.equal(a.getSelectedProtocol(), 'demo-chat'); // '*' took the client's name
  b.connectToUrl(url('/chat'));
  c.connectToUrl(url('/other'));
  await pollUntil(
    'b and c to open',
    () => b.getReadyState() === OPEN && c.getReadyState() === OPEN,
    pump,
  );
  await pollUntil('the notices', () => a.getAvailablePacketCount() >= 2, pump);
  const welcome = texts(a);
  assert.match(welcome[0] ?? '', /^text:\{"type":"welcome","id":\d+,"peers":\[\]\}$/);
  assert.match(welcome[1] ?? '', /^text:\{"type":"joined","id":\d+\}$/);
  texts(b);
  a.sendText('hello');
  a.send(Uint8Array.of(0x41, 0x42));
  await pollUntil('b to get both', () => b.getAvailablePacketCount() >= 2, pump);
  assert.deepEqual(texts(b), ['text:hello', 'binary:AB']);
  await pollFor(100, pump);
  assert.deepEqual(texts(a), []); // not back to the sender
  assert.deepEqual(
    texts(c).filter((m) => !m.includes('welcome')),
    [],
  ); // nor to another room
});

test('echo rooms: every message comes back to its sender', async (t) => {
  const { server, url } = await startRoomServer({ kind: 'echo' });
  const ws = new WebSocketPeer();
  t.after(() => {
    ws.close(-1);
    server.close();
  });
  ws.connectToUrl(url('/'));
  const pump = pumpAll(server, [ws]);
  await pollUntil('open', () => ws.getReadyState() === OPEN, pump);
  ws.sendText('ping');
  await pollUntil('the echo', () => ws.getAvailablePacketCount() > 0, pump);
  assert.deepEqual(texts(ws), ['text:ping']);
});
