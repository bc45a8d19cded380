// Echo rooms hold a client back instead of losing its echoes: a client that sends many large
// messages at once (more than its outbound buffer holds) gets every one back, in order, because
// the room stops reading it while its echo does not fit and goes on when its socket drained.
// (Before: echoes that did not fit were dropped and only counted, so the client waited forever.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WebSocket } from 'ws';
import { startPolledRoomServer } from '../helpers/room-server-setup.js';

const MIB = 1024 * 1024;
const COUNT = 16;

test('an echo room echoes 16 pipelined 1 MiB messages with a 4 MiB outbound buffer, none lost', async (t) => {
  const { server, url, driver } = await startPolledRoomServer(t, {
    kind: 'echo',
    maxMessage: 4 * MIB,
    limits: { messagesPerSecond: 0, bytesPerSecond: 0 },
  });
  const ws = new WebSocket(url('/'));
  t.after(() => ws.terminate());
  const got: Buffer[] = [];
  ws.on('message', (data: Buffer) => got.push(data));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  for (let i = 0; i < COUNT; i++) ws.send(Buffer.alloc(MIB, i));
  await driver.until(`${COUNT} echoes`, () => got.length === COUNT, 20_000);
  got.forEach((data, i) => {
    assert.equal(data.length, MIB);
    assert.equal(data[0], i, `echo ${i} in order`);
    assert.equal(data[MIB - 1], i);
  });
  const room = server.getRoom('/');
  assert.equal(room?.session.dropped, 0, 'nothing dropped');
});
