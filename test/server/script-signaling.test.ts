// A server script's onSignalingJoin hook refuses or routes WebRTC signaling joins (signaling
// beside the rooms on one port), seen from emulated Godot 4 signaling clients.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attachScript } from '../../src/server/script/script-host.js';
import { SignalingServer } from '../../src/server/signaling/signaling-server.js';
import { captureLog } from '../helpers/log.js';
import { startRoomServer } from '../helpers/room-server-setup.js';
import { EmulatedClient, g4 } from './signaling/emulated-client.js';
import { ID, JOIN, PEER_CONNECT } from './signaling/scenarios.js';

const parsed = (c: EmulatedClient) =>
  c.received.map((l) => JSON.parse(l) as { type: number; id: number; data: string });

test('onSignalingJoin: refuse by token, route into a lobby, a throwing hook refuses that join only', async (t) => {
  const log = captureLog('error');
  const { server, url } = await startRoomServer();
  server.attachSignaling(new SignalingServer());
  const timer = setInterval(() => server.poll(), 5);
  t.after(() => {
    clearInterval(timer);
    server.close();
    log.restore();
  });
  const asked: string[] = [];
  await attachScript(server, (s) => {
    s.onSignalingJoin = (join) => {
      asked.push(`${join.lobby || '(new)'} ${join.url} ${join.protocol} ${join.mesh}`);
      if (join.query.token !== 'ok') return { refuse: 'Bad token', code: 4001 };
      if (join.query.team === 'boom') throw new Error('the join hook broke');
      if (join.query.team) return { lobby: `team-${join.query.team}` };
      return undefined;
    };
  });
  const join = async (name: string, query: string, lobby = '') => {
    const client = await EmulatedClient.connect(name, url(`/signal${query}`));
    client.send(g4(JOIN, 1, lobby)); // id 1: client/server (the host is 1)
    return client;
  };

  const cheat = await join('cheat', '?team=red');
  assert.ok(await cheat.waitClosed());
  assert.deepEqual(cheat.closed, { code: 4001, reason: 'Bad token' });
  assert.deepEqual(cheat.received, []);

  const host = await join('host', '?token=ok&team=red', 'anything');
  assert.ok(await host.waitFor(2));
  assert.deepEqual(
    parsed(host).map((m) => [m.type, m.data]),
    [
      [ID, ''],
      [JOIN, 'team-red'],
    ],
  );
  const guest = await join('guest', '?token=ok&team=red');
  assert.ok(await guest.waitFor(3));
  assert.deepEqual(
    parsed(guest).map((m) => [m.type, m.id, m.data]),
    [
      [ID, parsed(guest)[0]?.id, ''],
      [PEER_CONNECT, 1, ''],
      [JOIN, 0, 'team-red'],
    ],
  );

  const boom = await join('boom', '?token=ok&team=boom');
  assert.ok(await boom.waitClosed());
  assert.deepEqual(boom.closed, { code: 4000, reason: 'Server error' });
  assert.equal(server.hookErrors.counts.get('onSignalingJoin'), 1);
  assert.ok(log.lines.some((l) => l.includes('onSignalingJoin threw: the join hook broke')));

  const plain = await join('plain', '?token=ok');
  assert.ok(await plain.waitFor(2));
  const own = parsed(plain)[1]?.data ?? '';
  assert.ok(own !== '' && own !== 'team-red', own);
  assert.equal(server.getSignaling()?.getLobbies().length, 2);
  assert.deepEqual(asked, [
    '(new) /signal?team=red godot4 false',
    'anything /signal?token=ok&team=red godot4 false',
    '(new) /signal?token=ok&team=red godot4 false',
    '(new) /signal?token=ok&team=boom godot4 false',
    '(new) /signal?token=ok godot4 false',
  ]);
  for (const c of [host, guest, plain]) c.close();
});
