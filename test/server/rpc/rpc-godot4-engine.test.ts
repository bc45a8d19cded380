// Issue 19: two real Godot 4.6 games (Web template in Chromium, the `rpc` scenario) in a room
// of our RoomServer, whose manifest is built from the game's own .gd files. A client's
// rpc_id(1, …) reaches the Node handler with the right arguments, by path and then by cached
// path id after SIMPLIFY/CONFIRM; the server's rpcId / rpc run the GDScript functions in the
// engines; a client's rpc() to everyone reaches the other client AND the server's handler;
// send_bytes(…, 1) still arrives as peerPacket; an @rpc("authority") method is refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Error } from '../../../src/core/error.js';
import { Vector2 } from '../../../src/core/variant/math-types.js';
import type { Variant } from '../../../src/core/variant/variant.js';
import { buildRpcManifest } from '../../../src/server/rpc/rpc-manifest-builder.js';
import {
  expectLines,
  type Godot4Instance,
  loadScenario,
  startGodot4,
} from '../../helpers/godot4/engine.js';
import { captureLog } from '../../helpers/log.js';
import { startRoomServer } from '../../helpers/room-server-setup.js';
import { assertFirstMove, waitUntil } from './rpc-engine-checks.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

test("Godot 4 games call Node RPC handlers and run the server's RPCs", async (t) => {
  const log = captureLog(process.env.RPC_DEBUG ? 'verbose' : 'warning');
  t.after(() => log.restore());
  const scenario = loadScenario('rpc');
  const manifest = buildRpcManifest({
    files: scenario.files as Record<string, string>,
    nodes: { '/root/Main': 'main.gd', '/root/Main/Player': 'res://player.gd' },
  });
  const { server, url } = await startRoomServer({ rpc: { manifest } });
  const timer = setInterval(() => server.poll(), 5);
  t.after(() => {
    clearInterval(timer);
    server.close();
  });
  const texts: string[] = [];
  const ids: Record<string, number> = {};
  server.peerJoined.connect((room, id) => texts.push(`joined ${room} ${id}`));
  server.peerLeft.connect((room, id, code) => texts.push(`left ${room} ${id} ${code}`));
  server.peerPacket.connect((_room, from, bytes) => {
    const text = dec.decode(bytes);
    texts.push(`${from} ${text}`);
    const ready = /^ready (\w) (\d+)$/.exec(text);
    if (ready) ids[ready[1]!] = Number(ready[2]);
  });
  const calls: { from: number; method: string; args: Variant[] }[] = [];
  const received: string[] = [];
  server.rpcReceived.connect((room, from, path, method) =>
    received.push(`${room} ${from} ${path} ${method}`),
  );

  const games: Record<string, Godot4Instance> = {};
  for (const name of ['A', 'B']) {
    games[name] = await startGodot4(scenario, { vars: { URL: url('/game'), NAME: name } });
    t.after(() => games[name]!.kill());
  }
  t.after(() => {
    for (const [name, g] of Object.entries(games))
      t.diagnostic(`${name}:\n${g.lines.join('\n')}\n${g.errors.join('\n')}`);
    t.diagnostic(`server:\n${texts.join('\n')}\n${log.lines.join('\n')}`);
  });
  // Two Chromium instances start in a few seconds on an idle machine; a loaded one takes longer.
  await waitUntil('both games ready', () => ids.A !== undefined && ids.B !== undefined, 90_000);
  const room = server.getRoom('/game')!;
  for (const method of ['submit_move', 'chat', 'Zeta', '_hidden']) {
    assert.equal(
      room.onRpc('/root/Main', method, (from, ...args) => calls.push({ from, method, args })),
      0,
    );
  }
  for (const method of ['move', 'aim']) {
    assert.equal(
      room.onRpc('Main/Player', method, (from, ...args) => calls.push({ from, method, args })),
      0,
    );
  }
  // Not in the manifest: cannot be numbered.
  assert.equal(
    room.onRpc('/root/Main', 'no_such_method', () => {}),
    Error.ERR_UNCONFIGURED,
  );
  const a = ids.A!;
  const b = ids.B!;

  // Round 1: calls by path (the path is not confirmed yet).
  room.sendBytes(a, enc.encode('first'));
  await waitUntil('A sent the first round', () => texts.includes(`${a} sent first`));
  await waitUntil('the first round handled', () => calls.some((c) => c.method === 'aim'));
  const submit = calls.find((c) => c.method === 'submit_move')!;
  assert.equal(submit.from, a);
  assertFirstMove(submit.args);
  assert.deepEqual(
    calls
      .filter((c) => c.method !== 'submit_move')
      .map((c) => [c.method, c.args.map((v) => (v instanceof Uint8Array ? [...v] : Number(v)))]),
    [
      ['_hidden', [[1, 2, 3]]],
      ['move', [300]],
      ['aim', [0.5]],
    ],
  );
  // Zeta is @rpc (authority): the server is its authority, so a client's call is refused.
  assert.equal(room.session.rpc!.stats.dropped['not-allowed'], 1);
  assert.equal(room.session.rpc!.stats.pathsConfirmed, 2);

  // Round 2: the same node, now by cached id (8-bit node id).
  calls.length = 0;
  room.sendBytes(a, enc.encode('second'));
  await waitUntil('the second round handled', () => calls.length === 2);
  assert.deepEqual(calls[0]!.args.slice(0, 3), [100000, -0.1, 'é']);
  assert.deepEqual(calls[1], { from: a, method: 'move', args: [-70000] });
  assert.equal(room.session.rpc!.stats.dropped['unknown-cache-id'], 0);
  assert.equal(room.session.rpc!.stats.byCachedId, 2);

  // The server calls the games: rpcId to A, rpc to everyone.
  assert.equal(room.rpcId(a, '/root/Main', 'show_result', 'you win', 42), 0);
  assert.equal(room.rpc(0, 'Main/Player', 'teleport', new Vector2(3, 4)), 0);
  assert.equal(room.rpc([b], '/root/Main', 'Zeta'), 0);
  await waitUntil('A ran show_result', () => texts.includes(`${a} ran show_result you win 42`));
  await waitUntil('B ran Zeta', () => texts.includes(`${b} ran Zeta`));
  await games.A!.waitForLine(/^teleport \(3(\.0)?, 4(\.0)?\) from 1$/, 10_000);
  await games.B!.waitForLine(/^teleport \(3(\.0)?, 4(\.0)?\) from 1$/, 10_000);

  // B's rpc() to everyone: A runs chat, and so does the server's handler.
  calls.length = 0;
  room.sendBytes(b, enc.encode('all'));
  await waitUntil('A got the chat', () =>
    texts.includes(`${a} got chat from ${b}: hello all from B`),
  );
  await waitUntil('the server got the chat', () => calls.some((c) => c.method === 'chat'));
  assert.deepEqual(
    calls.find((c) => c.method === 'chat'),
    { from: b, method: 'chat', args: ['hello all from B'] },
  );
  assert.ok(received.includes(`/game ${b} Main chat`));

  room.sendBytes(0, enc.encode('bye'));
  const [ra, rb] = await Promise.all([games.A!.waitForExit(20_000), games.B!.waitForExit(20_000)]);
  expectLines(ra.lines.slice(0, 3), [
    'create_client 0',
    'connected_to_server',
    'bytes from server: first',
  ]);
  assert.ok(ra.lines.includes('show_result you win 42 from 1'));
  assert.ok(rb.lines.includes('Zeta from 1'));
  // Nothing the engines printed is an RPC error (checksums matched, every call resolved).
  assert.deepEqual(
    [...ra.errors, ...rb.errors].filter((e) => /rpc|RPC/.test(e)),
    [],
  );
  assert.deepEqual([ra.exitCode, rb.exitCode], [0, 0]);
});
