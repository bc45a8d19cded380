import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JOIN_CODE_ALPHABET } from '../../src/server/join-code.js';
import type { RoomServer } from '../../src/server/room-server.js';
import { type Answer, http } from '../helpers/http-call.js';
import { joinRoom, startRoomServer } from '../helpers/room-server-setup.js';

/** HTTP calls resolve while the test polls the server (answers need no poll, signals do). */
function json(answer: Answer): Record<string, unknown> {
  return JSON.parse(answer.body) as Record<string, unknown>;
}

test('POST /rooms makes a private room with a join code; GET /rooms lists only public ones', async (t) => {
  const { server, port } = await startRoomServer();
  t.after(() => server.close());
  const made = await http(
    port,
    'POST',
    '/rooms',
    JSON.stringify({ capacity: 4, private: true, metadata: { map: 'dunes' } }),
  );
  assert.equal(made.status, 201, made.body);
  assert.equal(made.headers['access-control-allow-origin'], '*');
  const room = json(made);
  assert.equal(typeof room.code, 'string');
  const code = room.code as string;
  assert.equal(code.length, 6);
  for (const ch of code) assert.ok(JOIN_CODE_ALPHABET.includes(ch), code);
  assert.equal(room.name, `/${code.toLowerCase()}`);
  assert.equal(room.url, `ws://127.0.0.1:${port}/${code.toLowerCase()}`);
  assert.deepEqual(
    [room.capacity, room.private, room.members, room.metadata],
    [4, true, 0, { map: 'dunes' }],
  );

  const pub = json(
    await http(port, 'POST', '/rooms', JSON.stringify({ name: '/Arena', capacity: 8, tag: 'ffa' })),
  );
  assert.equal(pub.name, '/arena');
  const list = json(await http(port, 'GET', '/rooms'));
  assert.deepEqual(
    (list.rooms as { name: string }[]).map((r) => r.name),
    ['/arena'],
  );
  assert.equal(list.total, 1);

  // One room by name (private ones too), by its code in either case.
  const one = await http(port, 'GET', `/rooms/${code}`);
  assert.equal(one.status, 200);
  assert.equal(json(one).name, `/${code.toLowerCase()}`);
  assert.equal((await http(port, 'GET', '/rooms/nope')).status, 404);
  assert.equal((await http(port, 'POST', '/rooms', JSON.stringify({ name: 'arena' }))).status, 409);

  // A game joins the private room by its URL.
  const client = await joinRoom(server, room.url as string);
  assert.equal(server.getRoom(code)?.getPeers().length, 1);
  client.close();
});

test('POST /rooms refuses bad JSON, bad fields and huge bodies (bounded, 413)', async (t) => {
  const { server, port } = await startRoomServer({ maxBodyBytes: 1024 });
  t.after(() => server.close());
  const cases: [string | Buffer, number][] = [
    ['{not json', 400],
    ['[1,2]', 400],
    ['{"capacity":"four"}', 400],
    ['{"capacity":0}', 400],
    ['{"capacity":5000}', 400],
    ['{"private":"yes"}', 400],
    ['{"name":"/a//b"}', 400],
    [JSON.stringify({ metadata: 'x'.repeat(900) }), 201],
    [Buffer.alloc(2 * 1024 * 1024, 0x20), 413],
  ];
  for (const [body, status] of cases) {
    const answer = await http(port, 'POST', '/rooms', body);
    assert.equal(answer.status, status, `${String(body).slice(0, 40)} → ${answer.body}`);
    if (status !== 201) assert.equal(typeof json(answer).error, 'string');
  }
  assert.equal((await http(port, 'DELETE', '/rooms')).status, 405);
});

test('concurrent creates: 50 at once give 50 distinct rooms and codes', async (t) => {
  const { server, port } = await startRoomServer();
  t.after(() => server.close());
  const answers = await Promise.all(
    Array.from({ length: 50 }, () => http(port, 'POST', '/rooms', '{"private":true,"capacity":2}')),
  );
  const names = new Set(answers.map((a) => json(a).name));
  assert.equal(names.size, 50);
  assert.equal(server.getRooms().length, 50);
});

test('GET /rooms pages are bounded (limit ≤ 100) and walk the list with offset', async (t) => {
  const { server, port } = await startRoomServer();
  t.after(() => server.close());
  for (let i = 0; i < 130; i++) server.createRoom({ name: `/r${i}`, capacity: 2 });
  const first = json(await http(port, 'GET', '/rooms?limit=1000'));
  assert.equal((first.rooms as unknown[]).length, 100);
  assert.equal(first.total, 130);
  assert.equal(first.next, 100);
  const second = json(await http(port, 'GET', '/rooms?offset=100'));
  assert.equal((second.rooms as unknown[]).length, 30);
  assert.equal(second.next, null);
});

test('quick-match fills the fullest room with a free seat first and opens a new one when all are full', async (t) => {
  const { server, port } = await startRoomServer();
  t.after(() => server.close());
  const match = async () => json(await http(port, 'GET', '/match?mode=duel&size=2'));
  const a = await match();
  const b = await match();
  const c = await match();
  assert.equal(a.name, b.name); // the seat held for a is taken into account: b fills the room
  assert.notEqual(c.name, a.name); // full (two seats held): a new room
  assert.equal(a.tag, 'duel');
  assert.match(a.url as string, /^ws:\/\/127\.0\.0\.1:\d+\/[a-z0-9]{6}$/);
  // A game joins the matched room through its answer.
  const joined = await joinRoom(server, c.url as string);
  assert.equal(server.getRoom(c.name as string)?.getPeers().length, 1);
  joined.close();
  assert.equal((await http(port, 'GET', '/match?mode=duel&size=0')).status, 400);
});

test('healthz, metrics (Prometheus text) and the admin token', async (t) => {
  const { server, port, url } = await startRoomServer({ adminToken: 's3cret' });
  t.after(() => server.close());
  const client = await joinRoom(server, url('/m'));
  await pump(server, 1100);
  const health = await http(port, 'GET', '/healthz');
  assert.equal(health.status, 200);
  assert.deepEqual(json(health), { status: 'ok', rooms: 1, peers: 1 });
  assert.equal((await http(port, 'GET', '/metrics')).status, 401);
  assert.equal((await http(port, 'GET', '/')).status, 401);
  const metrics = await http(port, 'GET', '/metrics?token=s3cret');
  assert.equal(metrics.status, 200);
  assert.match(String(metrics.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  for (const line of [
    /^godot_ws_rooms 1$/m,
    /^godot_ws_peers 1$/m,
    /^godot_ws_connections_accepted_total 1$/m,
    /^godot_ws_peers_joined_total 1$/m,
    /^godot_ws_messages_sent_total [1-9]\d*$/m,
    /^godot_ws_rpc_total\{outcome="handled"\} 0$/m,
    /^process_resident_memory_bytes \d+/m,
    /^nodejs_eventloop_lag_seconds /m,
  ]) {
    assert.match(metrics.body, line);
  }
  const page = await http(port, 'GET', '/?token=s3cret');
  assert.equal(page.status, 200);
  assert.match(page.body, /<title>godot-ws serve<\/title>/);
  client.close();
});

async function pump(server: RoomServer, ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    server.poll();
    await new Promise((r) => setTimeout(r, 10));
  }
}
