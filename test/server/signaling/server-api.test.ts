// SignalingServer as a library: signals, lobby list and counters, the join hook (refuse, route,
// a throwing hook), handed-in peers from an http.Server upgrade on /signal, closing a lobby.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { test } from 'node:test';
import { Error } from '../../../src/core/error.js';
import { SignalingServer } from '../../../src/server/signaling/signaling-server.js';
import { WebSocketPeer } from '../../../src/websocket/websocket-peer.js';
import { captureLog } from '../../helpers/log.js';
import { pollUntil } from '../../helpers/poll.js';
import { drive, startSignaling } from './drive.js';
import { EmulatedClient, g4 } from './emulated-client.js';
import { ANSWER, JOIN, OFFER, SEAL } from './scenarios.js';

test('signals, lobby list and counters follow a lobby from creation to its end', async (t) => {
  const s = await startSignaling({ sealCloseMs: 200 });
  t.after(() => s.stop());
  const events: string[] = [];
  const srv = s.server;
  srv.peerConnected.connect((id, address) => {
    assert.match(address, /^127\.0\.0\.1:\d+$/);
    events.push(`connected ${id > 1}`);
  });
  srv.peerDisconnected.connect((_id, code, reason) =>
    events.push(`disconnected ${code} ${reason}`),
  );
  srv.lobbyCreated.connect(() => events.push('lobbyCreated'));
  srv.peerJoined.connect((_lobby, id) => events.push(`joined ${id === 1 ? 1 : 'n'}`));
  srv.peerLeft.connect((_lobby, id) => events.push(`left ${id === 1 ? 1 : 'n'}`));
  srv.lobbySealed.connect(() => events.push('lobbySealed'));
  srv.lobbyClosed.connect(() => events.push('lobbyClosed'));
  const h = await EmulatedClient.connect('h', s.url);
  h.send(g4(JOIN, 1, ''));
  assert.ok(await h.waitFor(2));
  const lobby = JSON.parse(h.received[1]!).data as string;
  const p = await EmulatedClient.connect('p', s.url);
  p.send(g4(JOIN, 1, lobby));
  assert.ok(await p.waitFor(3));
  p.send(g4(OFFER, 1, 'sdp'));
  assert.ok(await h.waitFor(4));
  h.send(g4(ANSWER, JSON.parse(p.received[0]!).id, 'sdp'));
  assert.ok(await p.waitFor(4));
  const [info] = srv.getLobbies();
  assert.deepEqual(
    { ...info, ageSeconds: 0 },
    { name: lobby, protocol: 'godot4', peers: 2, mesh: false, sealed: false, ageSeconds: 0 },
  );
  assert.equal(srv.getPeerLobby(JSON.parse(p.received[0]!).id), lobby);
  h.send(g4(SEAL, 0));
  assert.ok(await h.waitClosed());
  assert.ok(await p.waitClosed());
  await pollUntil('both gone', () => srv.getPeers().length === 0, 3000);
  const c = srv.getCounters();
  assert.deepEqual(
    {
      connections: c.connections,
      peers: c.peers,
      lobbies: c.lobbies,
      lobbiesCreated: c.lobbiesCreated,
      lobbiesSealed: c.lobbiesSealed,
      lobbiesClosed: c.lobbiesClosed,
      joins: c.joins,
      messagesIn: c.messagesIn,
      messagesRelayed: c.messagesRelayed,
      messagesOut: c.messagesOut,
    },
    {
      connections: 2,
      peers: 0,
      lobbies: 0,
      lobbiesCreated: 1,
      lobbiesSealed: 1,
      lobbiesClosed: 1,
      joins: 2,
      messagesIn: 5,
      messagesRelayed: 2,
      // ID+JOIN, ID+PEER_CONNECT+JOIN, PEER_CONNECT, OFFER, ANSWER, SEAL×2
      messagesOut: 10,
    },
  );
  assert.deepEqual(events.slice(0, 7), [
    'connected true',
    'lobbyCreated',
    'joined 1',
    'connected true',
    'joined n',
    'lobbySealed',
    // then the seal's closes: the order of the two sockets' ends is the network's
    events[6]!,
  ]);
  assert.ok(events.includes('lobbyClosed'));
  assert.ok(c.bytesOut > c.messagesOut * 20);
  assert.equal(events.filter((e) => e === 'disconnected 1000 Seal complete').length, 2);
});

test('join hook: refuse with a code, route two players into a named match, a throwing hook', async (t) => {
  const log = captureLog('error');
  t.after(() => log.restore());
  const seen: string[] = [];
  let matches = 0;
  const s = await startSignaling({
    onJoin(request) {
      seen.push(`${request.lobby}|${request.mesh}|${request.protocol}`);
      if (request.lobby === 'banned') return { refuse: 'You are banned', code: 4003 };
      if (request.lobby === 'boom') throw new globalThis.Error('hook bug');
      if (request.lobby === 'badcode') return { refuse: 'odd code', code: 1006 };
      if (request.lobby === 'kicked') {
        s.server.disconnectPeer(request.id, 4001, 'kicked by the hook');
        return undefined;
      }
      if (request.lobby === 'quick') return { lobby: `match-${Math.floor(matches++ / 2)}` };
      return undefined;
    },
  });
  t.after(() => s.stop());
  const banned = await EmulatedClient.connect('b', s.url);
  banned.send(g4(JOIN, 0, 'banned'));
  assert.ok(await banned.waitClosed());
  assert.deepEqual(banned.closed, { code: 4003, reason: 'You are banned' });
  const boom = await EmulatedClient.connect('x', s.url);
  boom.send('J: boom\n');
  assert.ok(await boom.waitClosed());
  assert.deepEqual(boom.closed, { code: 4000, reason: 'Server error' });
  assert.match(log.lines.join('\n'), /join hook threw/);
  const odd = await EmulatedClient.connect('o', s.url);
  odd.send(g4(JOIN, 0, 'badcode'));
  assert.ok(await odd.waitClosed());
  assert.deepEqual(odd.closed, { code: 4000, reason: 'odd code' }); // 1006 cannot be sent
  const kicked = await EmulatedClient.connect('k', s.url);
  kicked.send(g4(JOIN, 0, 'kicked'));
  assert.ok(await kicked.waitClosed());
  assert.deepEqual(kicked.closed, { code: 4001, reason: 'kicked by the hook' });
  assert.deepEqual(kicked.received, []);
  const first = await EmulatedClient.connect('1', s.url);
  first.send(g4(JOIN, 0, 'quick'));
  assert.ok(await first.waitFor(2));
  const second = await EmulatedClient.connect('2', s.url);
  second.send(g4(JOIN, 0, 'quick'));
  assert.ok(await second.waitFor(3));
  assert.deepEqual(JSON.parse(first.received[0]!), { type: 1, id: 1, data: 'true' });
  assert.deepEqual(JSON.parse(first.received[1]!), { type: 0, id: 0, data: 'match-0' });
  assert.deepEqual(JSON.parse(second.received[1]!), { type: 2, id: 1, data: '' });
  assert.deepEqual(JSON.parse(second.received[2]!), { type: 0, id: 0, data: 'match-0' });
  assert.deepEqual(seen, [
    'banned|true|godot4',
    'boom|true|godot3',
    'badcode|true|godot4',
    'kicked|true|godot4',
    'quick|true|godot4',
    'quick|true|godot4',
  ]);
  first.terminate();
  second.terminate();
});

test('an http.Server hands /signal upgrades over (acceptHttpUpgrade), /peer as made peers (acceptPeer)', async (t) => {
  const signaling = new SignalingServer({ onJoin: (r) => ({ lobby: String(r.info) }) });
  const stopDriving = drive(signaling);
  const http = createServer((_req, res) => res.end('page'));
  http.on('upgrade', (req, socket, head) => {
    if (req.url === '/signal') {
      signaling.acceptHttpUpgrade(req, socket as Socket, head, 'via-signal');
    } else if (req.url === '/peer') {
      const ws = new WebSocketPeer();
      if (ws.acceptHttpUpgrade(req, socket as Socket, head) === Error.OK) {
        signaling.acceptPeer(ws, 'via-peer');
      }
    } else {
      socket.destroy();
    }
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    stopDriving();
    signaling.stop();
    http.close();
  });
  const port = (http.address() as { port: number }).port;
  const a = await EmulatedClient.connect('a', `ws://127.0.0.1:${port}/signal`);
  a.send(g4(JOIN, 0, ''));
  assert.ok(await a.waitFor(2));
  assert.deepEqual(JSON.parse(a.received[0]!), { type: 1, id: 1, data: 'true' });
  assert.deepEqual(JSON.parse(a.received[1]!), { type: 0, id: 0, data: 'via-signal' });
  const b = await EmulatedClient.connect('b', `ws://127.0.0.1:${port}/peer`);
  b.send('J: \n');
  assert.ok(await b.waitFor(2));
  assert.deepEqual(b.received, ['I: 1\n', 'J: via-peer\n']);
  await assert.rejects(EmulatedClient.connect('c', `ws://127.0.0.1:${port}/other`, 2000));
  assert.deepEqual(
    signaling.getLobbies().map((l) => `${l.name} ${l.protocol}`),
    ['via-signal godot4', 'via-peer godot3'],
  );
  a.terminate();
  b.terminate();
});

test('acceptPeer refuses a closed peer; closeLobby and closeAll close with the given code', async (t) => {
  const log = captureLog('error');
  const srv = new SignalingServer();
  assert.equal(srv.acceptPeer(new WebSocketPeer()), Error.ERR_INVALID_PARAMETER);
  log.restore();
  const s = await startSignaling();
  t.after(() => s.stop());
  const h = await EmulatedClient.connect('h', s.url);
  h.send(g4(JOIN, 0, ''));
  assert.ok(await h.waitFor(2));
  const other = await EmulatedClient.connect('o', s.url);
  s.server.closeLobby(JSON.parse(h.received[1]!).data, 4100, 'match over');
  assert.ok(await h.waitClosed());
  assert.deepEqual(h.closed, { code: 4100, reason: 'match over' });
  assert.equal(other.closed, null);
  s.server.closeAll(1001, 'bye');
  assert.ok(await other.waitClosed());
  assert.deepEqual(other.closed, { code: 1001, reason: 'bye' });
});
