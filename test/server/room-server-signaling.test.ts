// WebRTC signaling beside the rooms, on one port: joins to /signal go to the SignalingServer,
// every other path to a room; the lobbies show on /status.json and in /metrics.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SignalingServer } from '../../src/server/signaling/signaling-server.js';
import { httpGet } from '../helpers/cli.js';
import { joinRoom, startRoomServer } from '../helpers/room-server-setup.js';
import { EmulatedClient, g4 } from './signaling/emulated-client.js';
import { JOIN, OFFER } from './signaling/scenarios.js';

test('signaling at /signal beside godot4 rooms: a lobby forms and relays; the dashboard and metrics show it', async (t) => {
  const { server, port, url } = await startRoomServer();
  server.attachSignaling(new SignalingServer());
  const timer = setInterval(() => server.poll(), 5);
  t.after(() => {
    clearInterval(timer);
    server.close();
  });
  const host = await EmulatedClient.connect('host', url('/signal'));
  host.send(g4(JOIN, 0, ''));
  assert.ok(await host.waitFor(2));
  const lobby = JSON.parse(host.received.find((l) => JSON.parse(l).type === JOIN) ?? '{}')
    .data as string;
  assert.ok(lobby.length > 0, host.received.join('\n'));
  const guest = await EmulatedClient.connect('guest', url('/signal?x=1'));
  guest.send(g4(JOIN, 0, lobby));
  assert.ok(await guest.waitFor(3));
  assert.ok(await host.waitFor(3));
  guest.send(g4(OFFER, 1, 'v=0 offer'));
  assert.ok(await host.waitFor(4));
  assert.match(host.received[3] ?? '', /"data":"v=0 offer"/);
  // A game in a room on the same port, untouched by signaling.
  const game = await joinRoom(server, url('/arena'));
  assert.deepEqual(server.getRoom('/arena')?.getPeers(), [game.getUniqueId()]);
  assert.equal(server.getRoom('/signal'), undefined);

  const status = JSON.parse((await httpGet(port, '/status.json')).body);
  assert.deepEqual(
    status.lobbies.map((l: { name: string; peers: number }) => [l.name, l.peers]),
    [[lobby, 2]],
  );
  assert.equal(status.signalingPeers, 2);
  const metrics = (await httpGet(port, '/metrics')).body;
  assert.match(metrics, /^godot_ws_signaling_lobbies 1$/m);
  assert.match(metrics, /^godot_ws_signaling_peers 2$/m);
  assert.match(metrics, /^godot_ws_signaling_events_total\{event="joins"\} 2$/m);
  game.close();
  host.close();
  guest.close();
});
