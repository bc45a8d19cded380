// The manifest builder on GDScript text: @rpc annotations (modes, on the func's line or above,
// with other annotations), base scripts by path and by class_name, inner classes skipped,
// Godot 3 keywords, and nodes found in a .tscn.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scanGdscript } from '../../../src/server/rpc/gdscript-rpc-scan.js';
import { RpcTable } from '../../../src/server/rpc/rpc-manifest.js';
import { buildRpcManifest, sceneScripts } from '../../../src/server/rpc/rpc-manifest-builder.js';

const BASE = `class_name Actor
extends Node

@rpc("any_peer", "call_local", "reliable", 1)
func hit(amount: int) -> void:
	pass

func not_rpc() -> void:
	pass
`;

const PLAYER = `extends Actor # a comment: @rpc func fake()

@rpc func jump() -> void: pass
@rpc("authority")
@warning_ignore("unused_parameter")
func set_pos(p: Vector2) -> void:
	pass

@rpc("any_peer", "unreliable_ordered")
func hit(amount: int) -> void:   # overrides the base's, same name
	pass

class Inner:
	@rpc("any_peer")
	func inner_only():
		pass
`;

test('Godot 4 @rpc functions, base first, inner classes skipped, modes kept', () => {
  const manifest = buildRpcManifest({
    files: { 'res://actor.gd': BASE, 'player.gd': PLAYER },
    nodes: { '/root/Game/Player': 'res://player.gd' },
  });
  const node = new RpcTable(manifest).node('Game/Player')!;
  assert.deepEqual(node.names, ['hit', 'jump', 'set_pos']);
  assert.deepEqual(Object.fromEntries(node.modes), {
    hit: 'any_peer',
    jump: 'authority',
    set_pos: 'authority',
  });
});

test("Godot 3 keywords and a scene's scripted nodes", () => {
  const gd3 = scanGdscript(`extends "res://base3.gd"
remote func a(x):
	pass
puppetsync func b():
	pass
sync func c():
	pass
master func d():
	pass
func e():
	pass
`);
  assert.equal(gd3.extends, 'res://base3.gd');
  assert.deepEqual(gd3.methods, [
    { name: 'a', mode: 'remote' },
    { name: 'b', mode: 'puppetsync' },
    { name: 'c', mode: 'remotesync' },
    { name: 'd', mode: 'master' },
  ]);
  const tscn = `[gd_scene load_steps=3 format=3]

[ext_resource type="Script" path="res://main.gd" id="1_main"]
[ext_resource type="Script" path="res://player.gd" id="2_pl"]

[node name="Main" type="Node"]
script = ExtResource("1_main")

[node name="World" type="Node2D" parent="."]

[node name="Player" type="Node2D" parent="World"]
script = ExtResource("2_pl")
`;
  assert.deepEqual(sceneScripts(tscn), {
    Main: 'res://main.gd',
    'Main/World/Player': 'res://player.gd',
  });
  const manifest = buildRpcManifest({
    files: {
      'main.tscn': tscn,
      'main.gd': '@rpc("any_peer")\nfunc go():\n\tpass\n',
      'player.gd': PLAYER,
      'actor.gd': BASE,
    },
    scenes: ['res://main.tscn'],
    authority: { 'Main/World/Player': 'sender' },
  });
  assert.deepEqual(Object.keys(manifest), ['Main', 'Main/World/Player']);
  assert.equal(new RpcTable(manifest).node('/root/Main/World/Player')!.authority, 'sender');
});
