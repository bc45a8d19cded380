// Issue 19 on Godot 3.2.3 (godot3-server): two real games with `remote func` / `puppet func`
// in a godot3 room of our RoomServer (manifest built from the game's .gd). A client's
// rpc_id(1, …) reaches the Node handler with the right arguments, by path and then by cached
// path after SIMPLIFY/CONFIRM; the server's rpcId runs a puppet func in the engine; a client's
// rpc() to everyone reaches the other game AND the server; a puppet func is refused on the
// server (it is every node's master); send_bytes(…, 1) still arrives as peerPacket.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Variant } from '../../../src/core/variant/variant.js';
import { buildRpcManifest } from '../../../src/server/rpc/rpc-manifest-builder.js';
import { type Godot3Process, godot3Available, startGodot3 } from '../../helpers/godot3.js';
import { REPO_ROOT } from '../../helpers/godot4/scenario.js';
import { captureLog } from '../../helpers/log.js';
import { startRoomServer } from '../../helpers/room-server-setup.js';
import { assertFirstMove, waitUntil } from './rpc-engine-checks.js';

const skip = godot3Available() ? false : 'godot3-server is not installed';
const dir = join(REPO_ROOT, 'test', 'server', 'rpc', 'godot3');
const GAME = readFileSync(join(dir, 'game.gd'), 'utf8');
const MAIN = readFileSync(join(dir, 'main.gd'), 'utf8');
const enc = new TextEncoder();
const dec = new TextDecoder();

test("Godot 3 games call Node RPC handlers and run the server's RPCs", { skip }, async (t) => {
  const log = captureLog();
  t.after(() => log.restore());
  const manifest = buildRpcManifest({
    files: { 'game.gd': GAME },
    nodes: { '/root/Main': 'game.gd' },
  });
  const { server, url } = await startRoomServer({ kind: 'godot3', rpc: { manifest } });
  const timer = setInterval(() => server.poll(), 3);
  t.after(() => {
    clearInterval(timer);
    server.close();
  });
  const texts: string[] = [];
  const ids: Record<string, number> = {};
  server.peerPacket.connect((_room, from, bytes) => {
    const text = dec.decode(bytes);
    texts.push(`${from} ${text}`);
    const ready = /^ready (\w) (\d+)$/.exec(text);
    if (ready) ids[ready[1]!] = Number(ready[2]);
  });
  const games: Record<string, Godot3Process> = {};
  for (const name of ['A', 'B']) {
    const main = MAIN.replaceAll('{{URL}}', url('/g3')).replaceAll('{{NAME}}', name);
    games[name] = startGodot3({
      files: { 'main.gd': main, 'game.gd': GAME, 'project.godot': 'config_version=4\n' },
      deadlineMs: 40_000,
    });
    t.after(() => games[name]!.kill());
  }
  t.after(() => {
    for (const [name, g] of Object.entries(games)) t.diagnostic(`${name}:\n${g.lines.join('\n')}`);
    t.diagnostic(`server:\n${texts.join('\n')}\n${log.lines.join('\n')}`);
  });
  await waitUntil('both games ready', () => ids.A !== undefined && ids.B !== undefined);
  const room = server.getRoom('/g3')!;
  const calls: { from: number; method: string; args: Variant[] }[] = [];
  for (const method of ['submit_move', 'chat', 'secret']) {
    room.onRpc('/root/Main', method, (from, ...args) => calls.push({ from, method, args }));
  }
  const a = ids.A!;
  const b = ids.B!;
  const stats = room.session.rpc!.stats;

  room.sendBytes(a, enc.encode('first'));
  await waitUntil('the first call', () => calls.length === 1 && texts.includes(`${a} sent first`));
  await waitUntil('the refused puppet call', () => stats.dropped['not-allowed'] === 1);
  const [_x, _speed, _label, _at, _list, _extra] = calls[0]!.args;
  assert.equal(calls[0]!.from, a);
  assert.equal(calls[0]!.method, 'submit_move');
  assertFirstMove(calls[0]!.args);
  assert.equal(stats.byPath, 2);
  assert.ok(stats.pathsConfirmed >= 1);

  room.sendBytes(a, enc.encode('second'));
  await waitUntil('the cached call', () => calls.length === 2);
  assert.deepEqual(calls[1]!.args.slice(0, 3), [100000, -0.25, 'é']);
  assert.equal(stats.byCachedId, 1);

  assert.equal(room.rpcId(a, '/root/Main', 'show_result', 'you win', 42), 0);
  await waitUntil('A ran show_result', () => texts.includes(`${a} ran show_result you win 42`));
  await games.A!.waitForLine(/^SHOW_RESULT you win 42 FROM 1$/, 5000);

  calls.length = 0;
  room.sendBytes(b, enc.encode('all'));
  await waitUntil('A got the chat', () =>
    texts.includes(`${a} got chat from ${b}: hello all from B`),
  );
  await waitUntil('the server got the chat', () => calls.length === 1);
  assert.deepEqual(calls[0], { from: b, method: 'chat', args: ['hello all from B'] });
  // What /metrics shows (godot_ws_rpc_total by outcome).
  const counts = server.rpcCounts();
  assert.equal(counts.get('handled'), 3);
  assert.equal(counts.get('dropped:not-allowed'), 1);
  assert.equal(counts.get('sent'), 1);

  room.sendBytes(0, enc.encode('bye'));
  const [ra, rb] = await Promise.all([games.A!.exited, games.B!.exited]);
  assert.deepEqual([ra.code, rb.code], [0, 0]);
  // The engines printed no RPC error (the server's call resolved by path).
  assert.doesNotMatch(ra.stderr + rb.stderr, /RPC|rpc/);
});
