// The examples as processes, built like the README says (build/examples/*.js, importing the
// package), against the CLI and against a real Godot 3.2.3 running the GDScript in the comment.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { WebSocketClient } from '../../src/websocket/godot3/websocket-client.js';
import { freePort, startServe } from '../helpers/cli.js';
import { startExample } from '../helpers/example-process.js';
import { godot3Available, startGodot3 } from '../helpers/godot3.js';
import { captureLog } from '../helpers/log.js';
import { pollUntil } from '../helpers/poll.js';

const root = join(import.meta.dirname, '..', '..', '..');
/** The GDScript in an example's doc comment, after the line containing `marker`. */
function gdscriptFrom(example: string, marker: string): string {
  const source = readFileSync(join(root, 'examples', `${example}.ts`), 'utf8');
  const comment = source.slice(source.indexOf(marker), source.indexOf(' */'));
  return comment
    .split('\n')
    .filter((line) => line.startsWith(' *   '))
    .map((line) => line.slice(5))
    .join('\n');
}

test('examples/node-client.ts against godot-ws serve --mode echo', async () => {
  const { cli, url } = await startServe(['--mode', 'echo']);
  const client = startExample('node-client', [url]);
  try {
    assert.equal(await client.exited, 0, client.output());
    assert.equal(client.output(), 'received: hello from Node\nclosed: code 1000 "done"\n');
  } finally {
    client.kill();
    cli.kill();
  }
});

test('examples/godot3-relay-server.ts: a Node Godot 3 client joins, is welcomed, its bytes answered', async () => {
  const log = captureLog('error');
  const port = await freePort();
  const server = startExample('godot3-relay-server', [String(port)]);
  const client = new WebSocketClient();
  try {
    await pollUntil('the relay', () => server.output().includes('Godot 3 relay on'), 5000);
    assert.equal(client.connectToUrl(`ws://127.0.0.1:${port}`, [], true), 0);
    const received: string[] = [];
    const poll = () => {
      client.poll();
      while (client.getAvailablePacketCount() > 0) {
        received.push(new TextDecoder().decode(client.getPacket().subarray(1)));
      }
    };
    await pollUntil('the welcome', () => received.length > 0, poll);
    const id = client.getUniqueId();
    assert.deepEqual(received, [`welcome, ${id}`]);
    client.setTargetPeer(1);
    client.putPacket(Uint8Array.of(4, ...new TextEncoder().encode('hi')));
    await pollUntil('the answer', () => received.length > 1, poll);
    assert.equal(received[1], 'server got: hi');
    // (its stdout reaches us through a pipe of its own: wait for it rather than race it)
    const said = (line: string) => server.output().split('\n').includes(line);
    await pollUntil('the relay’s lines', () => said(`bytes from ${id}: hi`), 5000);
    assert.ok(said(`peer ${id} joined from 127.0.0.1`), server.output());
  } finally {
    client.disconnectFromHost();
    server.kill();
    log.restore();
  }
});

test('the GDScript in examples/godot3-relay-server.ts joins it in Godot 3.2.3', {
  skip: godot3Available() ? false : 'godot3-server is not installed',
  timeout: 30_000,
}, async () => {
  const port = await freePort();
  const server = startExample('godot3-relay-server', [String(port)], 25_000);
  const script = gdscriptFrom('godot3-relay-server', 'The Godot 3 game').replace(
    'ws://127.0.0.1:9080',
    `ws://127.0.0.1:${port}`,
  );
  assert.match(script, /^extends Node\n/);
  let game: ReturnType<typeof startGodot3> | undefined;
  try {
    await pollUntil('the relay', () => server.output().includes('Godot 3 relay on'), 5000);
    game = startGodot3({
      files: {
        'project.godot': 'config_version=4\n',
        'game.gd': script,
        'main.gd':
          'extends SceneTree\n\nfunc _initialize():\n\tvar n = Node.new()\n\tn.set_script(load("res://game.gd"))\n\troot.add_child(n)\n',
      },
      deadlineMs: 20_000,
    });
    const joined = await game.waitForLine(/^joined as \d+$/, 10_000);
    const id = joined.split(' ')[2];
    await game.waitForLine(new RegExp(`^1: welcome, ${id}$`), 5000);
    await game.waitForLine(/^1: server got: hello$/, 5000);
    await pollUntil(
      'the relay’s line',
      () => server.output().split('\n').includes(`bytes from ${id}: hello`),
      5000,
    );
  } finally {
    game?.kill();
    server.kill();
  }
});
