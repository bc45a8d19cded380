import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  PEER_LIMIT_DEFAULTS,
  RATE_KICK_CODE,
  resolvePeerLimits,
} from '../../src/server/peer-limits.js';
import { WebSocketPeer } from '../../src/websocket/websocket-peer.js';
import { activityOnly } from '../helpers/activity-only.js';
import type { Godot4SceneClient } from '../helpers/godot4-scene-client.js';
import { captureLog } from '../helpers/log.js';
import { pollUntil, tick } from '../helpers/poll.js';
import { rawClient } from '../helpers/raw-ws-client.js';
import { joinRoom, pumpAll, startRoomServer } from '../helpers/room-server-setup.js';

/** The payloads `client` got from `from` as RAW packets, as text. */
const fromPeer = (client: Godot4SceneClient, from: number) =>
  client.events
    .filter((e) => e.startsWith(`peer_packet:${from}:`))
    .map((e) => Buffer.from(e.split(':')[2] ?? '', 'hex').toString());

test('a flooding member is limited and then kicked with 1008; a well-behaved one in the room loses nothing', async (t) => {
  const log = captureLog('warning');
  t.after(() => log.restore());
  const rate = 50;
  const { server, url, origin } = await startRoomServer({
    limits: { messagesPerSecond: rate, messageBurst: rate, kickAfterSeconds: 1 },
  });
  t.after(() => server.close());
  const good = await joinRoom(server, url('/r'));
  const listener = await joinRoom(server, url('/r'), [good]);
  const flooder = await joinRoom(server, url('/r'), [good, listener]);
  const clients = [good, listener, flooder];
  const pump = pumpAll(server, clients);
  await pollUntil('everyone to see everyone', () => listener.connectedPeers.size === 3, pump);
  const [g, f] = [good.getUniqueId(), flooder.getUniqueId()];
  const atServer = new Map<number, string[]>([
    [g, []],
    [f, []],
  ]);
  server.peerPacket.connect((_room, from, bytes) =>
    atServer.get(from)?.push(Buffer.from(bytes).toString()),
  );
  let kicked: number | null = null;
  server.peerLeft.connect((_room, id, code) => {
    if (id === f) kicked = code;
  });

  // The good member sends 20 a second; the flooder 100 per round until it is closed.
  const started = performance.now();
  let sentGood = 0;
  let sentFlood = 0;
  let nextGood = started;
  while (kicked === null && performance.now() - started < 15_000) {
    if (flooder.mp.getConnectionStatus() === 2) {
      for (let i = 0; i < 100; i++) flooder.sendBytes(Buffer.from(`f${sentFlood++}`), 0);
    }
    if (performance.now() >= nextGood) {
      good.sendBytes(Buffer.from(`g${sentGood++}`), 0);
      nextGood += 50;
    }
    pump();
    await tick(2);
  }
  const elapsed = (performance.now() - started) / 1000;
  assert.equal(kicked, RATE_KICK_CODE, 'the flooder was closed with 1008');
  const expected = Array.from({ length: sentGood }, (_, i) => `g${i}`);
  await pollUntil(
    "the good member's packets at the server and the other member",
    () => atServer.get(g)?.length === sentGood && fromPeer(listener, g).length === sentGood,
    pump,
  );
  assert.deepEqual(atServer.get(g), expected, 'the server got every packet, in order');
  assert.deepEqual(fromPeer(listener, g), expected, 'the other member got every packet');

  const passed = atServer.get(f)?.length ?? 0;
  // What passed is bounded by the rate (the rest was dropped, or never read: TCP pushed back).
  assert.ok(sentFlood > passed, `${passed} of ${sentFlood} flood packets passed`);
  assert.ok(
    passed <= rate + rate * elapsed + 1,
    `${passed} passed in ${elapsed.toFixed(1)} s at ${rate}/s`,
  );
  assert.equal(fromPeer(listener, f).length, passed, 'what passed was relayed as usual');
  const room = server.getRoom('/r');
  assert.equal(room?.rateLimits.counts.kicks, 1);
  assert.ok((room?.rateLimits.counts.messages ?? 0) > 0);
  // The server may have read a few more flood frames than the client counted as sent.
  assert.ok((room?.rateLimits.counts.messages ?? 0) <= sentFlood - passed);

  const lines = log.lines.filter((l) => l.includes('over its rate limit'));
  assert.ok(lines.length >= 1, log.lines.join('\n'));
  assert.ok(lines.length <= elapsed + 2, `${lines.length} log lines in ${elapsed.toFixed(1)} s`);
  assert.match(lines[0] ?? '', new RegExp(`room /r: dropped [\\d,]+ packets? from peer ${f}`));

  const metrics = await (await fetch(`${origin}/metrics`)).text();
  const dropped = room?.rateLimits.counts.messages ?? 0;
  assert.match(
    metrics,
    new RegExp(`godot_ws_dropped_packets_total\\{reason="rate-limited"\\} ${dropped}\\b`),
  );
  assert.match(metrics, /godot_ws_rate_limit_kicks_total 1\b/);
  assert.match(metrics, /godot_ws_close_codes_total\{code="1008"\} 1\b/);
});

test('a member over its byte rate is throttled: the excess is not read (TCP pushes back), no kick when kicks are off', async (t) => {
  const log = captureLog('error');
  t.after(() => log.restore());
  const bytesPerSecond = 64 * 1024;
  const { server, url } = await startRoomServer({
    kind: 'broadcast',
    limits: { bytesPerSecond, byteBurst: bytesPerSecond, kickAfterSeconds: 0 },
  });
  t.after(() => server.close());
  const sender = new WebSocketPeer();
  const receiver = new WebSocketPeer();
  sender.connectToUrl(url('/b'));
  receiver.connectToUrl(url('/b'));
  const peers = [sender, receiver];
  const pump = pumpAll(server, peers);
  await pollUntil('both open', () => peers.every((p) => p.getReadyState() === 1), pump);
  await pollUntil('both members', () => server.getRoom('/b')?.getPeers().length === 2, pump);
  const chunk = new Uint8Array(8 * 1024);
  const started = performance.now();
  let sent = 0;
  let refused = 0;
  let got = 0;
  while (performance.now() - started < 1500) {
    for (let i = 0; i < 100; i++) {
      if (sender.send(chunk) === 0) sent++;
      else {
        refused++;
        break;
      }
    }
    pump();
    while (receiver.getAvailablePacketCount() > 0) {
      receiver.getPacket();
      got++;
    }
    await tick(1);
  }
  const elapsed = (performance.now() - started) / 1000;
  const counts = server.getRoom('/b')?.rateLimits.counts;
  const allowed = Math.floor((bytesPerSecond * (1 + elapsed)) / chunk.byteLength);
  assert.ok(got <= allowed, `${got} of ${sent} chunks passed in ${elapsed.toFixed(1)} s`);
  assert.ok(got >= 8, `the burst passed (${got})`);
  assert.ok(refused > 0, 'the sender met backpressure: its outbound buffer filled');
  assert.ok((counts?.messages ?? 0) >= 1);
  assert.ok(got + (counts?.messages ?? 0) < sent, 'most of the excess was never read');
  assert.equal(counts?.bytes, (counts?.messages ?? 0) * chunk.byteLength);
  assert.equal(counts?.kicks, 0);
  assert.equal(sender.getReadyState(), 1, 'the sender is still connected');
});

test('a burst just over the limit: what is over is dropped, the rest arrive once reading resumes (no activity needed)', async (t) => {
  const log = captureLog('error');
  t.after(() => log.restore());
  const { server, url } = await startRoomServer({
    kind: 'broadcast',
    limits: { messagesPerSecond: 10, messageBurst: 10 },
  });
  t.after(() => server.close());
  const sender = new WebSocketPeer();
  const receiver = new WebSocketPeer();
  sender.connectToUrl(url('/burst'));
  receiver.connectToUrl(url('/burst'));
  const peers = [sender, receiver];
  const pump = pumpAll(server, peers);
  // The server seats a member before the client has read the 101: wait for the client too.
  await pollUntil('both open', () => peers.every((p) => p.getReadyState() === 1), pump);
  await pollUntil('both members', () => server.getRoom('/burst')?.getPeers().length === 2, pump);
  for (let i = 0; i < 15; i++) assert.equal(sender.sendText(`m${i}`), 0);
  const got: string[] = [];
  const counts = server.getRoom('/burst')?.rateLimits.counts;
  // Each refusal pauses reading until a token is back (≥ 100 ms at 10/s): the last of the
  // 15 is read within a second or two, passed or dropped.
  await pollUntil(
    'every message passed or dropped',
    () => {
      while (receiver.getAvailablePacketCount() > 0) {
        got.push(Buffer.from(receiver.getPacket()).toString());
      }
      return got.length + (counts?.messages ?? 0) === 15;
    },
    pump,
  );
  assert.deepEqual(
    got.slice(0, 10),
    Array.from({ length: 10 }, (_, i) => `m${i}`),
  );
  assert.equal(got[10] === 'm10', false, 'm10 was over the burst');
  assert.ok(got.length >= 11, `reading resumed after the pause: ${got.join(' ')}`);
  assert.ok((counts?.messages ?? 0) >= 1);
});

test('limits: defaults, and a byte burst never smaller than the byte rate or the largest message', () => {
  assert.deepEqual(resolvePeerLimits(), PEER_LIMIT_DEFAULTS);
  const small = resolvePeerLimits({ bytesPerSecond: 1000, byteBurst: 10, messagesPerSecond: -1 });
  assert.equal(small.byteBurst, 65535, "Godot's 64 KiB message still fits");
  assert.equal(small.messagesPerSecond, PEER_LIMIT_DEFAULTS.messagesPerSecond);
  assert.equal(resolvePeerLimits({ byteBurst: 10 }, 4 << 20).byteBurst, 4 << 20);
});

test('a kicked member that never answers is let go at once, not at a sweep (the server is polled only on activity)', async (t) => {
  const { server, port } = await startRoomServer();
  t.after(() => server.close());
  const driver = activityOnly(server);
  t.after(() => {
    server.onActivity = null;
  });
  const silent = rawClient(port, '/k'); // handshake, then it never reads nor answers
  t.after(() => silent.destroy());
  silent.pause();
  let joined = 0;
  let left: number | null = null;
  server.peerJoined.connect((_room, id) => {
    joined = id;
  });
  server.peerLeft.connect((_room, id, code) => {
    if (id === joined) left = code;
  });
  await driver.until('the join', () => joined !== 0);
  server.getRoom('/k')?.kick(joined, RATE_KICK_CODE, 'rate limit exceeded');
  await driver.until('the kicked member to be gone', () => left !== null);
  assert.equal(left, RATE_KICK_CODE);
});
