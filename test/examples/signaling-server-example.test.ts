// examples/signaling-server.ts as a process (built like the README says): two players asking
// for "quick" share a lobby and are introduced; an offer goes from one to the other.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort } from '../helpers/cli.js';
import { startExample } from '../helpers/example-process.js';
import { pollUntil } from '../helpers/poll.js';
import { EmulatedClient, g4 } from '../server/signaling/emulated-client.js';

test('examples/signaling-server.ts matches two "quick" players into one lobby', async (t) => {
  const port = await freePort();
  const server = startExample('signaling-server', [String(port)], 30_000);
  t.after(() => server.kill());
  const out = () => server.output();
  await pollUntil('the server', () => out().includes('signaling on'), 20_000);
  const url = `ws://127.0.0.1:${port}/`;
  const a = await EmulatedClient.connect('a', url);
  a.send(g4(0, 0, 'quick'));
  assert.ok(await a.waitFor(2));
  const b = await EmulatedClient.connect('b', url);
  b.send(g4(0, 0, 'quick'));
  assert.ok(await b.waitFor(3));
  assert.deepEqual(JSON.parse(a.received[1]!), { type: 0, id: 0, data: 'quick-1' });
  assert.deepEqual(JSON.parse(b.received[2]!), { type: 0, id: 0, data: 'quick-1' });
  b.send(g4(4, 1, 'offer'));
  assert.ok(await a.waitFor(4));
  assert.deepEqual(JSON.parse(a.received[3]!), {
    type: 4,
    id: JSON.parse(b.received[0]!).id,
    data: 'offer',
  });
  await pollUntil('its log lines', () => out().includes('joined quick-1\npeer'), 10_000);
  assert.match(out(), /lobby quick-1 created\npeer 1 joined quick-1\npeer \d+ joined quick-1\n/);
  a.terminate();
  b.terminate();
});
