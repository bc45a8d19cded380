// `serve --script` with a script's onRpc hook and its `export const rpc` manifest, driven by an
// emulated Godot 4 client (SceneMultiplayer's packets over our WebSocketMultiplayerPeer).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Variant } from '../../src/core/variant/variant.js';
import { decodeRemoteCall, encodeRemoteCall } from '../../src/server/rpc/godot4-remote-call.js';
import { RpcTable } from '../../src/server/rpc/rpc-manifest.js';
import { startServe } from '../helpers/cli.js';
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
