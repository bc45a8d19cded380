// The README's script example, as a newcomer runs it: `godot-ws serve --script
// examples/lobby.mjs` and two real games play the lobby (chat, ready check, server-side dice):
// Godot 4.6 (the Web engine in Chromium) running examples/lobby-godot4.gd, and Godot 3.2.3
// running examples/lobby-godot3.gd against `--mode godot3`. Plus a script that fails to load.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { test as browserTest } from '../helpers/browser-test.js';
import { runCli, startServe } from '../helpers/cli.js';
import { godot3Available, startGodot3 } from '../helpers/godot3.js';
import { startGodot4 } from '../helpers/godot4/engine.js';
import { REPO_ROOT, scenarioFromScript } from '../helpers/godot4/scenario.js';

const LOBBY = join(REPO_ROOT, 'examples', 'lobby.mjs');
const example = (name: string) => readFileSync(join(REPO_ROOT, 'examples', name), 'utf8');
const DEFAULT_URL = '"ws://127.0.0.1:9080/lobby"';

/** The example script with the test server's URL and a player name. */
function player(file: string, url: string, name: string): string {
  const text = example(file);
  assert.ok(text.includes(DEFAULT_URL) && text.includes('"Ann"'), `${file} changed its defaults`);
  return text
    .replace(DEFAULT_URL, JSON.stringify(`${url}lobby`))
    .replace('"Ann"', JSON.stringify(name));
}

/** What each player must see: Ann (first in) both chats, Bob (later) his own; then both rolls. */
const COMMON = [
  /^joined as \d+$/,
  /^Bob: hello from Bob$/,
  /^everyone is ready$/,
  /^Ann rolled [1-6]$/,
  /^Bob rolled [1-6]$/,
];
const EXPECTED = {
  Ann: [/^Ann: hello from Ann$/, /^Bob joined$/, ...COMMON],
  Bob: [/^in the lobby with 1 other player\(s\)$/, ...COMMON],
};

browserTest(
  'two real Godot 4 games play examples/lobby.mjs through serve --script',
  {
    timeout: 120_000,
  },
  async (t) => {
    const { cli, url } = await startServe(['--script', LOBBY, '--log-level', 'info'], 120_000);
    t.after(() => cli.kill());
    const ann = await startGodot4(
      scenarioFromScript('lobby-ann', player('lobby-godot4.gd', url, 'Ann')),
    );
    t.after(() => ann.kill());
    await ann.waitForLine(/^joined as \d+$/, 45_000);
    const bob = await startGodot4(
      scenarioFromScript('lobby-bob', player('lobby-godot4.gd', url, 'Bob')),
    );
    t.after(() => bob.kill());
    t.after(() =>
      t.diagnostic(
        `Ann:\n${ann.lines.join('\n')}\nBob:\n${bob.lines.join('\n')}\nserver:\n${cli.stdout()}${cli.stderr()}`,
      ),
    );
    for (const line of EXPECTED.Ann) await ann.waitForLine(line, 45_000);
    for (const line of EXPECTED.Bob) await bob.waitForLine(line, 45_000);
    // The same roll on both screens: only the server's dice count.
    const roll = (lines: string[], who: string) => lines.find((l) => l.startsWith(`${who} rolled`));
    assert.equal(roll(ann.lines, 'Bob'), roll(bob.lines, 'Bob'));
    assert.equal(roll(ann.lines, 'Ann'), roll(bob.lines, 'Ann'));
    await cli.waitForLine(/^\/lobby: peer \d+ joined from /);
    assert.match(cli.stderr(), /\[lobby\.mjs\] Ann \(\d+\) joined \/lobby/);
  },
);

test('two real Godot 3.2.3 games play examples/lobby.mjs through serve --mode godot3 --script', {
  skip: godot3Available() ? false : 'godot3-server is not installed',
  timeout: 60_000,
}, async (t) => {
  const { cli, url } = await startServe(['--mode', 'godot3', '--script', LOBBY], 60_000);
  t.after(() => cli.kill());
  const main = `extends SceneTree

func _initialize():
	var node = Node.new()
	node.set_script(load("res://lobby.gd"))
	root.call_deferred("add_child", node)
`;
  const start = (name: string) =>
    startGodot3({
      files: {
        'main.gd': main,
        'lobby.gd': player('lobby-godot3.gd', url, name),
        'project.godot': 'config_version=4\n',
      },
      deadlineMs: 45_000,
    });
  const ann = start('Ann');
  t.after(() => ann.kill());
  await ann.waitForLine(/^joined as \d+$/, 15_000);
  const bob = start('Bob');
  t.after(() => bob.kill());
  t.after(() =>
    t.diagnostic(
      `Ann:\n${ann.lines.join('\n')}\nBob:\n${bob.lines.join('\n')}\nserver:\n${cli.stdout()}`,
    ),
  );
  for (const line of EXPECTED.Ann) await ann.waitForLine(line, 15_000);
  for (const line of EXPECTED.Bob) await bob.waitForLine(line, 15_000);
  const roll = (lines: string[], who: string) => lines.find((l) => l.startsWith(`${who} rolled`));
  assert.equal(roll(ann.lines, 'Bob'), roll(bob.lines, 'Bob'));
});

test('a game without ?name= is refused by the lobby script with its reason; a broken script stops serve with status 1', async () => {
  const { cli, port } = await startServe(['--script', LOBBY]);
  try {
    const refused = await new Promise<string>((resolve, reject) => {
      import('node:net').then(({ connect }) => {
        const socket = connect(port, '127.0.0.1');
        let text = '';
        socket.on('data', (c) => {
          text += c.toString('latin1');
        });
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
        socket.write(
          'GET /lobby HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
            'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
        );
      }, reject);
    });
    assert.match(refused, /^HTTP\/1\.1 400 /);
    assert.match(refused, /add \?name=YOURNAME \(1 to 20 characters\) to the URL\n$/);
    await cli.waitForLine(/^refused 127\.0\.0\.1:\d+: 400 add \?name=YOURNAME/);
  } finally {
    cli.kill();
  }
  const broken = join(REPO_ROOT, 'test', 'fixtures', 'scripts', 'not-a-script.mjs');
  const result = await runCli(['serve', '--port', '0', '--script', broken]);
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    /^godot-ws: cannot load the script .*not-a-script\.mjs: it must export a default function/,
  );
  const missing = await runCli(['serve', '--port', '0', '--script', 'nope.mjs']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^godot-ws: cannot load the script nope\.mjs: Cannot find module/);
});
