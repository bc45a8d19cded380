import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { encodeGodot3Call } from '../../src/server/rpc/godot3-rpc-wire.js';
import { attachScript, loadServerScript } from '../../src/server/script/script-host.js';
import { WebSocketClient } from '../../src/websocket/godot3/websocket-client.js';
import { REPO_ROOT } from '../helpers/godot4/scenario.js';
import { captureLog } from '../helpers/log.js';
import { pollFor, pollUntil } from '../helpers/poll.js';
import { joinRoom, pumpAll, startRoomServer } from '../helpers/room-server-setup.js';

const fixture = (name: string) => join(REPO_ROOT, 'test', 'fixtures', 'scripts', name);
const enc = new TextEncoder();
const packetsOf = (events: string[]) =>
  events
    .filter((e) => e.startsWith('peer_packet:1:'))
    .map((e) => Buffer.from(e.split(':')[2] ?? '', 'hex').toString());

test('a server script: hooks get the room, answer members, survive their own throws; timers go with the room', async (t) => {
  const log = captureLog('error');
  t.after(() => log.restore());
  const { server, url, origin } = await startRoomServer({ lingerSeconds: 0.1 });
  t.after(() => server.close());
  await attachScript(server, await loadServerScript(fixture('echo-room.mjs')), 'echo-room.mjs');
  const a = await joinRoom(server, url('/s'));
  const pump = pumpAll(server, [a]);
  await pollUntil('the welcome', () => packetsOf(a.events).length > 0, pump);
  assert.deepEqual(packetsOf(a.events), [`welcome ${a.getUniqueId()} to /s`]);
  assert.equal(server.getRoom('/s')?.state.joins, 1);

  a.sendBytes(enc.encode('throw'), 1);
  a.sendBytes(enc.encode('throw'), 1);
  a.sendBytes(enc.encode('ping'), 1);
  await pollUntil('the pong', () => packetsOf(a.events).includes('pong'), pump);
  assert.equal(
    log.lines.filter((l) => l.includes('onPacket threw in room /s: the script broke')).length,
    1,
  );
  assert.equal(server.hookErrors.counts.get('onPacket /s'), 2);
  const metrics = await (await fetch(`${origin}/metrics`)).text();
  assert.match(metrics, /^godot_ws_hook_errors_total\{hook="onPacket"\} 2$/m);
  const status = (await (await fetch(`${origin}/status.json`)).json()) as {
    hookErrors: Record<string, number>;
    rateLimited: { messages: number };
  };
  assert.equal(status.hookErrors['onPacket /s'], 2, 'the dashboard shows them too');
  assert.equal(status.rateLimited.messages, 0);

  a.sendBytes(enc.encode('tick'), 1);
  await pollUntil('ticks', () => packetsOf(a.events).filter((p) => p === 'tick').length >= 2, pump);
  assert.ok(
    log.lines.some((l) => l.includes('a timer of room /s threw: Error: a timer broke')),
    log.lines.join('\n'),
  );
  const room = server.getRoom('/s');
  a.close();
  await pollUntil(
    'the room to close',
    () => room?.closed === true,
    () => server.poll(),
  );
  assert.deepEqual((globalThis as { closedRooms?: string[] }).closedRooms, ['/s']);
  // The interval died with the room: nothing more is sent (and nothing throws).
  await pollFor(100, () => server.poll());
  assert.deepEqual(room?.state, {});
});

test('scripts that cannot be used are refused with a reason', async () => {
  await assert.rejects(
    loadServerScript(fixture('not-a-script.mjs')),
    /must export a default function/,
  );
  await assert.rejects(loadServerScript(fixture('syntax-error.mjs')), SyntaxError);
  await assert.rejects(loadServerScript(fixture('missing.mjs')), /Cannot find module/);
});

test('onRpc: calls no room.onRpc handler takes go to the script (counted handled); without the hook they stay unhandled', async (t) => {
  const log = captureLog('error');
  t.after(() => log.restore());
  const { encodeRemoteCall } = await import('../../src/server/rpc/godot4-remote-call.js');
  const manifest = { Main: ['chat', 'ping'] };
  const { server, url } = await startRoomServer({ rpc: { manifest } });
  t.after(() => server.close());
  const seen: string[] = [];
  const script = await attachScript(server, (s) => {
    s.onRpc = (room, from, path, method, args) =>
      seen.push(`${room.name} ${from} ${path} ${method} ${args.join(',')}`);
  });
  const a = await joinRoom(server, url('/r'));
  const pump = pumpAll(server, [a]);
  const room = server.getRoom('/r');
  room?.onRpc('Main', 'ping', () => seen.push('room handler'));
  const packet = (method: number, ...args: string[]) =>
    encodeRemoteCall({ path: 'Main' }, method, args).packet;
  a.sendCommand(1, packet(0, 'hello')); // chat → the script
  a.sendCommand(1, packet(1)); // ping → the room's own handler
  await pollUntil('both calls', () => seen.length === 2, pump);
  assert.deepEqual(seen, [`/r ${a.getUniqueId()} Main chat hello`, 'room handler']);
  script.onRpc = null;
  a.sendCommand(1, packet(0, 'again'));
  const stats = room?.session.rpc?.stats;
  await pollUntil('the unhandled call', () => stats?.dropped.unhandled === 1, pump);
  assert.equal(stats?.handled, 2);
});

test('onRpc in godot3 rooms: calls arrive by name, no manifest needed', async (t) => {
  const { server, url } = await startRoomServer({ kind: 'godot3' });
  const client = new WebSocketClient();
  t.after(() => {
    client.disconnectFromHost();
    server.close();
  });
  const seen: string[] = [];
  await attachScript(server, (s) => {
    s.onRpc = (room, from, path, method, args) =>
      seen.push(`${room.name} ${from} ${path} ${method} ${args.join(',')}`);
  });
  let joined = false;
  client.connectionSucceeded.connect(() => {
    joined = true;
  });
  client.connectToUrl(url('/g3'), [], true);
  const pump = pumpAll(server, [client]);
  await pollUntil('the join', () => joined && client.getUniqueId() > 1, pump);
  client.setTargetPeer(1);
  client.putPacket(encodeGodot3Call({ path: 'Main' }, 'submit_move', [3, 4]).packet);
  await pollUntil('the call', () => seen.length === 1, pump);
  assert.deepEqual(seen, [`/g3 ${client.getUniqueId()} Main submit_move 3,4`]);
  assert.equal(server.getRoom('/g3')?.session.rpc?.stats.handled, 1);
});
