// The dashboard of a cluster node in real Chromium: its cluster line names the node and the
// live nodes and counts the rooms and members of the whole cluster, a member of another node
// included.
import assert from 'node:assert/strict';
import { test } from '../../helpers/browser-test.js';
import { openCdpPage } from '../../helpers/cdp-page.js';
import { startInProcessCluster } from '../../helpers/cluster-in-process.js';
import { Godot4SceneClient } from '../../helpers/godot4-scene-client.js';
import { pollUntil } from '../../helpers/poll.js';
import { redisSkip } from '../../helpers/redis-server.js';

test("a cluster node's dashboard shows the whole cluster", {
  timeout: 60_000,
  skip: redisSkip(),
}, async (t) => {
  const nodes = await startInProcessCluster(t, ['east', 'west']);
  const [east, west] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
  const client = new Godot4SceneClient();
  t.after(() => client.close());
  assert.equal(client.connect(east.url('/hall')), 0);
  await pollUntil(
    'a member of /hall on east',
    () => client.events.includes('connected_to_server'),
    () => client.poll(),
  );
  const timer = setInterval(() => client.poll(), 10);
  t.after(() => clearInterval(timer));
  const page = await openCdpPage(`${west.origin}/`);
  t.after(() => page.close());
  const line = () =>
    page.evaluate<string>("document.getElementById('cluster-line')?.textContent ?? ''");
  const end = Date.now() + 15_000;
  let text = await line();
  while (!/1 rooms, 1 members/.test(text) && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    text = await line();
  }
  assert.match(text, /^cluster node west · 2 nodes live · 1 rooms, 1 members in all/);
  assert.equal(await page.evaluate<boolean>("document.getElementById('cluster').hidden"), false);
  assert.equal(
    await page.evaluate<string>("document.getElementById('room-count').textContent"),
    '0',
  );
});
