// The cluster-wide room list: rooms made on one node are listed, found, matched and joined
// through another; the dashboard's snapshot shows the whole cluster. Two RoomServers in this
// process, each a ClusterNode on a real redis-server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startInProcessCluster } from '../../helpers/cluster-in-process.js';
import { http } from '../../helpers/http-call.js';
import { pollUntil } from '../../helpers/poll.js';
import { redisSkip } from '../../helpers/redis-server.js';
import { joinRoom } from '../../helpers/room-server-setup.js';

/** Reads until `ok` holds (the list is refreshed once a second); rejects after 5 s. */
async function eventually<T>(
  what: string,
  read: () => Promise<T>,
  ok: (value: T) => boolean,
): Promise<T> {
  const end = Date.now() + 5000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('cluster: GET /rooms, /rooms/<name>, /match and the dashboard from any node', {
  skip: redisSkip(),
}, async (t) => {
  const nodes = await startInProcessCluster(t, ['one', 'two']);
  const [one, two] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
  const made = await http(
    one.port,
    'POST',
    '/rooms',
    JSON.stringify({ capacity: 2, tag: 'duel', name: '/arena' }),
  );
  assert.equal(made.status, 201, made.body);
  const hidden = JSON.parse(
    (await http(one.port, 'POST', '/rooms', JSON.stringify({ private: true }))).body,
  );
  const listed = async () => JSON.parse((await http(two.port, 'GET', '/rooms')).body);
  const page = await eventually("node two to list node one's room", listed, (p) => p.total >= 1);
  assert.deepEqual(
    page.rooms.map((r: { name: string; capacity: number; tag: string }) => [
      r.name,
      r.capacity,
      r.tag,
    ]),
    [['/arena', 2, 'duel']],
    'public rooms of every node, private ones left out',
  );
  const found = JSON.parse((await http(two.port, 'GET', `/rooms${hidden.name}`)).body);
  assert.equal(found.name, hidden.name, 'a private room is found by name on another node');
  assert.equal(
    found.url,
    `ws://127.0.0.1:${two.port}${hidden.name}`,
    'joined through the asking node',
  );
  // Quick-match on node two fills node one's room before it makes one of its own.
  const matched = JSON.parse((await http(two.port, 'GET', '/match?mode=duel&size=2')).body);
  assert.equal(matched.name, '/arena');
  const client = await joinRoom(two.server, matched.url, []);
  t.after(() => client.close());
  await pollUntil(
    'the member on node one',
    () => one.server.getRoom('/arena')?.getPeers().length === 1,
    5000,
  );
  const status = JSON.parse((await http(two.port, 'GET', '/status.json')).body);
  assert.equal(status.cluster.node, 'two');
  assert.deepEqual([...status.cluster.nodes].sort(), ['one', 'two']);
  const later = await eventually(
    'the member in the cluster totals',
    async () => JSON.parse((await http(two.port, 'GET', '/status.json')).body),
    (s) => s.cluster.members >= 1,
  );
  assert.equal(later.cluster.members, 1);
  assert.equal(two.server.getRooms().length, 0, 'node two holds no room itself');
});
