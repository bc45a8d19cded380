// Issue 9, scenario 2: three Godot 4.6 clients (create_client + multiplayer.multiplayer_peer, the
// GDScript a game would write) join OUR Node relay (SceneRelayServer) through SceneMultiplayer's
// authentication: ids, peer_connected for each other, rpc_id from one client to another, rpc to
// everyone, get_remote_sender_id() on every receiver, send_bytes both ways between the clients
// and Node code acting as peer 1, and a client leaving (peer_disconnected on the others). A
// fourth client with a wrong token is refused by the relay's auth callback.
import assert from 'node:assert/strict';
import { SceneRelayServer } from '../../../src/websocket/scene-relay/scene-relay-server.js';
import { test } from '../../helpers/browser-test.js';
import { drivePolled } from '../../helpers/drive-polled.js';
import {
  expectLines,
  type Godot4Instance,
  loadScenario,
  startGodot4,
} from '../../helpers/godot4/engine.js';
import { captureLog } from '../../helpers/log.js';
import { pollUntil } from '../../helpers/poll.js';

const TOKEN = 'let-me-in';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

test('three Godot 4 clients play through our relay; a wrong token is refused', async (t) => {
  const log = captureLog();
  t.after(() => log.restore());
  const seen: string[] = []; // what Node code (peer 1) saw, in order
  const relay = new SceneRelayServer({
    auth: (id, data) => {
      const token = decoder.decode(data);
      seen.push(`auth ${id} ${token}`);
      return token === TOKEN ? { reply: encoder.encode('welcome'), complete: true } : 'refuse';
    },
  });
  assert.equal(relay.listen(0, '127.0.0.1'), 0);
  await pollUntil('the relay to listen', () => relay.getLocalPort() > 0);
  const drive = drivePolled(
    () => relay.poll(),
    (cb) => {
      relay.multiplayerPeer.onActivity = cb;
    },
  );
  t.after(() => {
    drive.stop();
    relay.close();
  });
  const joined: number[] = [];
  const left: number[] = [];
  const failed: number[] = [];
  const ids: Record<string, number> = {};
  const fromClients: string[] = [];
  relay.peerJoined.connect((id) => joined.push(id));
  relay.peerLeft.connect((id) => left.push(id));
  relay.peerAuthenticationFailed.connect((id) => failed.push(id));
  relay.peerPacket.connect((from, bytes) => {
    const text = decoder.decode(bytes);
    fromClients.push(`${from} ${text}`);
    const ready = /^ready (\w) (\d+)$/.exec(text);
    if (ready) ids[ready[1]!] = Number(ready[2]);
  });

  const url = `ws://127.0.0.1:${relay.getLocalPort()}`;
  const clients: Record<string, Godot4Instance> = {};
  for (const [name, token] of [
    ['A', TOKEN],
    ['B', TOKEN],
    ['C', TOKEN],
    ['D', 'wrong'],
  ] as const) {
    clients[name] = await startGodot4(loadScenario('mp-relay'), {
      vars: { URL: url, NAME: name, TOKEN: token },
    });
    t.after(() => clients[name]!.kill());
  }
  // What everyone saw (so far, on a failure).
  t.after(() => {
    for (const [name, g] of Object.entries(clients)) {
      t.diagnostic(`${name} so far:\n${g.lines.join('\n')}\nerrors:\n${g.errors.join('\n')}`);
    }
    t.diagnostic(
      `relay so far:\n${seen.join('\n')}\n${fromClients.join('\n')}\n${log.lines.join('\n')}`,
    );
  });
  const { A, B, C, D } = clients as Record<'A' | 'B' | 'C' | 'D', Godot4Instance>;

  // Everyone in the lobby, each telling the server (send_bytes to 1) its name and id.
  await drive.until('three players ready', () => Object.keys(ids).length === 3);
  const a = ids.A!;
  const b = ids.B!;
  const c = ids.C!;
  // Each player's id is the one the relay gave it, and the one the others know it by.
  assert.deepEqual([...joined].sort(), [a, b, c].sort());
  relay.sendBytes(0, encoder.encode(`go A=${a} B=${b} C=${c}`));
  // A → rpc_id(B, hello); B → rpc(shout) to everyone; A and C report the shout to peer 1.
  const gotShout = () => fromClients.filter((l) => l.endsWith(' got shout'));
  await drive.until('A and C got the shout', () => gotShout().length === 2);
  assert.deepEqual(gotShout().sort(), [`${a} got shout`, `${c} got shout`].sort());
  // C leaves (quits); A and B see peer_disconnected and report it.
  relay.sendBytes(c, encoder.encode('leave'));
  const sawLeave = () => fromClients.filter((l) => l.endsWith(' saw C leave'));
  await drive.until('A and B saw C leave', () => sawLeave().length === 2);
  relay.sendBytes(0, encoder.encode('bye'));
  const [ra, rb, rc, rd] = await Promise.all([
    A.waitForExit(30_000),
    B.waitForExit(30_000),
    C.waitForExit(30_000),
    D.waitForExit(30_000),
  ]);
  const list = (...xs: number[]) => `[${xs.sort((x, y) => x - y).join(', ')}]`;
  const start = (others: number[]) => [
    'create_client 0',
    'authenticating with 1',
    'auth data from 1: welcome',
    'connected_to_server',
    `lobby peers ${list(1, ...others)} peer_connected ${list(1, ...others)}`,
    'bytes from 1: go',
  ];
  // After "bye" every player quits at the end of its frame; one that quits first may be
  // reported to another still in its last frame (a race of the engines, not of the relay).
  const untilBye = (lines: readonly string[], name: string): string[] => {
    const at = lines.indexOf('bytes from 1: bye');
    const rest = at < 0 ? [] : lines.slice(at + 1);
    for (const line of rest) assert.match(line, /^peer_disconnected [AB]$/, `${name} after bye`);
    return at < 0 ? [...lines] : lines.slice(0, at + 1);
  };
  expectLines(
    untilBye(ra.lines, 'A'),
    [
      ...start([b, c]),
      'I am A',
      'shout from B: B calls everyone',
      'peer_disconnected C',
      'bytes from 1: bye',
    ],
    'player A',
  );
  expectLines(
    untilBye(rb.lines, 'B'),
    [...start([a, c]), 'I am B', 'hello from A: hi B', 'peer_disconnected C', 'bytes from 1: bye'],
    'player B',
  );
  expectLines(
    rc.lines,
    [...start([a, b]), 'I am C', 'shout from B: B calls everyone', 'bytes from 1: leave'],
    'player C',
  );
  // Refused by the auth callback: the client sees the server fail authentication, then leave.
  expectLines(
    rd.lines,
    [
      'create_client 0',
      'authenticating with 1',
      'authentication failed with 1',
      'server_disconnected',
    ],
    'player D',
  );
  assert.deepEqual(
    [ra, rb, rc, rd].map((r) => r.exitCode),
    [0, 0, 0, 2],
  );
  // Node code (peer 1): each client's send_bytes came from the id it knows itself by; the
  // auth callback saw every token; only the refused client failed.
  for (const [name, id] of Object.entries(ids))
    assert.ok(fromClients.includes(`${id} ready ${name} ${id}`));
  const d = Number(/^auth (\d+) wrong$/.exec(seen.find((l) => l.endsWith(' wrong')) ?? '')?.[1]);
  assert.deepEqual(
    [...seen].sort(),
    [`auth ${a} ${TOKEN}`, `auth ${b} ${TOKEN}`, `auth ${c} ${TOKEN}`, `auth ${d} wrong`].sort(),
  );
  assert.deepEqual(failed, [d]);
  assert.deepEqual(joined.length, 3);
  // C left first; A and B left when they quit at the end.
  await drive.until('A and B gone too', () => left.length === 3);
  assert.equal(left[0], c);
  assert.deepEqual([...left].sort(), [a, b, c].sort());
});
