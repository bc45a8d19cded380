// `godot-ws serve --mode signaling`: the demo's Godot 4 and Godot 3 clients on one port, the
// lobby list on GET /, one line per lobby and per join/leave, SIGINT → 1001 and exit 0, a port
// in use → one line and exit 1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { httpGet, startCli, startServe } from '../helpers/cli.js';
import { EmulatedClient, g4 } from '../server/signaling/emulated-client.js';

test('serve --mode signaling: Godot 4 and Godot 3 lobbies on one port, SIGINT closes with 1001', async (t) => {
  const { cli, url, port } = await startServe(['--mode', 'signaling']);
  t.after(() => cli.kill());
  assert.match(cli.stdout(), /^godot-ws serve: signaling mode on ws:\/\/127\.0\.0\.1:\d+\//);
  const a = await EmulatedClient.connect('a', url);
  a.send(g4(0, 0, ''));
  assert.ok(await a.waitFor(2));
  assert.deepEqual(JSON.parse(a.received[0]!), { type: 1, id: 1, data: 'true' });
  const lobby = JSON.parse(a.received[1]!).data as string;
  const b = await EmulatedClient.connect('b', url);
  b.send(g4(0, 0, lobby));
  assert.ok(await b.waitFor(3));
  const idB = JSON.parse(b.received[0]!).id as number;
  b.send(g4(4, 1, 'offer'));
  assert.ok(await a.waitFor(4));
  assert.equal(JSON.parse(a.received[3]!).data, 'offer');
  const c = await EmulatedClient.connect('c', url);
  c.send('J: \n');
  assert.ok(await c.waitFor(2));
  assert.equal(c.received[0], 'I: 1\n');
  assert.match(c.received[1]!, /^J: [A-Za-z0-9]{16}\n$/);
  await cli.waitForLine(new RegExp(`^${lobby}: room created$`));
  await cli.waitForLine(new RegExp(`^${lobby}: peer 1 joined from 127\\.0\\.0\\.1:\\d+$`));
  await cli.waitForLine(new RegExp(`^${lobby}: peer ${idB} joined from 127\\.0\\.0\\.1:\\d+$`));
  const page = await httpGet(port);
  assert.equal(page.status, 200);
  const status = JSON.parse(page.body);
  assert.equal(status.lobbies.length, 2);
  assert.deepEqual(
    { ...status.lobbies[0], ageSeconds: 0 },
    { name: lobby, protocol: 'godot4', peers: 2, mesh: true, sealed: false, ageSeconds: 0 },
  );
  assert.equal(status.counters.messagesRelayed, 1);
  cli.signal('SIGINT');
  for (const client of [a, b, c]) {
    assert.ok(await client.waitClosed());
    assert.deepEqual(client.closed, { code: 1001, reason: 'server shutting down' });
  }
  const result = await cli.exited;
  assert.equal(result.code, 0);
  assert.match(
    result.stdout,
    new RegExp(`${lobby}: peer ${idB} left \\(127\\.0\\.0\\.1:\\d+\\): .*1001`),
  );
  assert.match(result.stdout, /godot-ws serve: stopped/);
});

test('serve --mode signaling on a port in use: one line, exit 1', async (t) => {
  const { cli, port } = await startServe(['--mode', 'signaling']);
  t.after(() => cli.kill());
  const second = startCli([
    'serve',
    '--mode',
    'signaling',
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
  ]);
  t.after(() => second.kill());
  const result = await second.exited;
  assert.equal(result.code, 1);
  assert.match(result.stderr, /cannot listen on 127\.0\.0\.1:\d+: the port is already in use/);
});
