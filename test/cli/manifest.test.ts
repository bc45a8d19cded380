// `godot-ws manifest`: a Godot 4 game's RPC manifest from its own files, the one the real-engine
// RPC test proves (test/server/rpc/rpc-godot4-engine.test.ts uses the same scripts).
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { RpcTable } from '../../src/server/rpc/rpc-manifest.js';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/godot4/scenario.js';

const SCRIPTS = join(REPO_ROOT, 'test', 'interop', 'godot4', 'scenarios', 'rpc');
const MAIN_TSCN = `[gd_scene load_steps=2 format=3]

[ext_resource type="Script" path="res://main.gd" id="1_main"]

[node name="Main" type="Node"]
script = ExtResource("1_main")
`;

test('godot-ws manifest: the main scene from project.godot, nodes added in code, owned nodes', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'godot-ws-manifest-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const f of ['main.gd', 'player.gd', 'base.gd']) copyFileSync(join(SCRIPTS, f), join(dir, f));
  writeFileSync(join(dir, 'main.tscn'), MAIN_TSCN);
  writeFileSync(join(dir, 'project.godot'), '[application]\nrun/main_scene="res://main.tscn"\n');
  const r = await runCli([
    'manifest',
    '--project',
    dir,
    '--node',
    '/root/Main/Player=res://player.gd',
    '--owned',
    '/root/Main/Player',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const table = new RpcTable(JSON.parse(r.stdout));
  // The method ids the real Godot 4.6 client used in the engine test (see godot4-rpc-wire).
  assert.deepEqual(table.node('Main')?.names, [
    'Zeta',
    '_hidden',
    'chat',
    'show_result',
    'submit_move',
  ]);
  assert.deepEqual(table.node('Main/Player')?.names, ['aim', 'move', 'teleport']);
  assert.equal(table.node('Main/Player')?.authority, 'sender');

  const out = join(dir, 'manifest.json');
  const written = await runCli([
    'manifest',
    '--project',
    dir,
    '--scene',
    'res://main.tscn',
    '--out',
    out,
  ]);
  assert.equal(written.code, 0, written.stderr);
  const served = await runCli(['serve', '--rpc-manifest', out, '--port', '-1']);
  assert.match(served.stderr, /--port/, 'the manifest was accepted; the bad port stopped serve');

  const missing = await runCli(['manifest', '--project', dir, '--scene', 'res://nope.tscn']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /--scene res:\/\/nope\.tscn: not in /);
});
