// `serve --script` with a script's onRpc hook and its `export const rpc` manifest, driven by an
// emulated Godot 4 client (SceneMultiplayer's packets over our WebSocketMultiplayerPeer).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Variant } from '../../src/core/variant/variant.js';
import { decodeRemoteCall, encodeRemoteCall } from '../../src/server/rpc/godot4-remote-call.js';
import { RpcTable } from '../../src/server/rpc/rpc-manifest.js';
import { runCli, startServe } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/godot4/scenario.js';
import { Godot4SceneClient } from '../helpers/godot4-scene-client.js';
import { pollUntil } from '../helpers/poll.js';

const SCRIPT = join(REPO_ROOT, 'test', 'fixtures', 'scripts', 'rpc-room.mjs');
const ids = new RpcTable({ Main: ['submit_move', 'show_result', 'explode'] });
const call = (method: string, ...args: Variant[]) =>
  encodeRemoteCall({ path: 'Main' }, ids.methodId('Main', method), args).packet;

/** The server's calls the client processed: [method, ...args]. */
function fromServer(client: Godot4SceneClient): Variant[][] {
  return client.processed
    .filter((e) => e.startsWith('1:'))
    .map((e) => decodeRemoteCall(Buffer.from(e.slice(2), 'hex')))
    .flatMap((d) =>
      'call' in d ? [[ids.node('Main')?.names[d.call.methodId] ?? '?', ...d.call.args]] : [],
    );
}

test("serve --script: a client's rpc_id(1, …) reaches the script's onRpc, which answers with rpcId; a throwing hook is logged and the server goes on", async () => {
  const { cli, url } = await startServe(['--script', SCRIPT]);
  const client = new Godot4SceneClient();
  try {
    assert.equal(client.connect(`${url}arena`), 0);
    const pump = () => client.poll();
    await pollUntil(
      'the client to join',
      () => client.events.includes('connected_to_server'),
      pump,
      10_000,
    );
    client.sendCommand(1, call('submit_move', 3, 4));
    await pollUntil('the answer', () => fromServer(client).length === 1, pump, 10_000);
    const id = client.getUniqueId();
    assert.deepEqual(fromServer(client), [
      ['show_result', `submit_move(3, 4) on Main from ${id}`, 1],
    ]);

    client.sendCommand(1, call('explode'));
    client.sendCommand(1, call('submit_move', 5, 6));
    await pollUntil('the second answer', () => fromServer(client).length === 2, pump, 10_000);
    assert.deepEqual(fromServer(client)[1], [
      'show_result',
      `submit_move(5, 6) on Main from ${id}`,
      2,
    ]);
    await cli.waitForLine(
      /rpc-room\.mjs: onRpc threw in room \/arena: the rpc hook broke/,
      5000,
      'stderr',
    );
  } finally {
    client.close();
    cli.kill();
  }
});

test('serve --rpc-manifest --rpc-allow: only the listed method goes from client to client', async () => {
  const manifest = join(REPO_ROOT, 'test', 'fixtures', 'rpc-manifest.json');
  const { cli, url } = await startServe(['--rpc-manifest', manifest, '--rpc-allow', 'chat']);
  const table = new RpcTable(JSON.parse(readFileSync(manifest, 'utf8')));
  const packet = (method: string, ...args: Variant[]) =>
    encodeRemoteCall({ path: 'Main' }, table.methodId('Main', method), args).packet;
  const [a, b] = [new Godot4SceneClient(), new Godot4SceneClient()];
  try {
    const pump = () => {
      a.poll();
      b.poll();
    };
    assert.equal(a.connect(`${url}r`), 0);
    assert.equal(b.connect(`${url}r`), 0);
    await pollUntil('a and b to meet', () => a.connectedPeers.size === 2, pump, 10_000);
    const ib = b.getUniqueId();
    a.sendCommand(ib, packet('set_health', 0));
    a.sendCommand(ib, packet('chat', 'hi'));
    await pollUntil('the chat', () => b.processed.length > 0, pump, 10_000);
    const got = b.processed.map((e) => decodeRemoteCall(Buffer.from(e.split(':')[1] ?? '', 'hex')));
    assert.deepEqual(
      got.map((d) => ('call' in d ? table.node('Main')?.names[d.call.methodId] : '?')),
      ['chat'],
    );
  } finally {
    a.close();
    b.close();
    cli.kill();
  }
});

test('serve --rpc-manifest refuses a file that is missing or not a manifest (status 1)', async () => {
  const missing = await runCli(['serve', '--rpc-manifest', '/nonexistent/manifest.json']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /--rpc-manifest \/nonexistent\/manifest\.json: ENOENT/);
  const notJson = await runCli(['serve', '--rpc-manifest', SCRIPT]);
  assert.equal(notJson.code, 1);
  assert.match(notJson.stderr, /not JSON/);
});
