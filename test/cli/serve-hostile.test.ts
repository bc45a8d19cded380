// `godot-ws serve` against crowds and hostile clients (issue 18), seen from outside.
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { test } from 'node:test';
import { startServe } from '../helpers/cli.js';
import { frame, rawClient, repeat } from '../helpers/raw-ws-client.js';

const CROWD = 400;

// (godot3 mode never logged here; its linear leave is tested in hostile-mass-leave.test.ts.)
for (const mode of ['godot4']) {
  test(`${mode}: SIGTERM with ${CROWD} clients exits 0 with no error line per pair of peers`, async (t) => {
    const { cli, port } = await startServe(['--mode', mode], 60_000);
    const clients: Socket[] = [];
    try {
      for (let i = 0; i < CROWD; i++) clients.push(rawClient(port));
      const connected = () => (cli.stdout().match(/ connected from /g) ?? []).length;
      for (let waited = 0; connected() < CROWD; waited += 50) {
        assert.ok(waited < 40_000, `only ${connected()} of ${CROWD} clients joined`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const started = Date.now();
      cli.signal('SIGTERM');
      const result = await cli.exited;
      t.diagnostic(
        `exit after ${Date.now() - started} ms; ${result.stderr.split('\n').length - 1} stderr lines`,
      );
      assert.equal(result.code, 0, result.stderr.slice(0, 2000));
      const errors = result.stderr.split('\n').filter((line) => line !== '');
      assert.ok(errors.length <= 5, `${errors.length} stderr lines, e.g. ${errors[0]}`);
    } finally {
      for (const socket of clients) socket.destroy();
      cli.kill();
    }
  });
}

/** Writes `data` and resolves once it has left for the kernel. */
function send(socket: Socket, data: Uint8Array): Promise<void> {
  return new Promise((resolve) => socket.write(data, () => resolve()));
}

/** stderr lines so far (the library's log). */
function stderrLines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

const CLOSE = frame(0x8, Uint8Array.of(0x03, 0xe8));

test('godot3: 20,000 empty messages from one client are a few log lines, not one each', async () => {
  const { cli, port } = await startServe(['--mode', 'godot3']);
  const client = rawClient(port);
  try {
    await cli.waitForLine(/ connected from /);
    await send(client, Buffer.concat([repeat(frame(0x2), 20_000), CLOSE]));
    await cli.waitForLine(/ disconnected from /, 20_000);
    const lines = stderrLines(cli.stderr());
    assert.ok(lines.length >= 1 && lines.length <= 3, lines.slice(0, 5).join('\n'));
    assert.match(lines[0]!, /dropped [\d,]+ packets? from peer \d+: messages shorter than 9 bytes/);
  } finally {
    client.destroy();
    cli.kill();
  }
});

test('godot4: relaying 20,000 packets to a client that does not read is a few log lines', async () => {
  const { cli, port } = await startServe(['--mode', 'godot4']);
  const sleeper = rawClient(port); // never reads
  const sender = rawClient(port);
  try {
    for (let waited = 0; (cli.stdout().match(/ connected from /g) ?? []).length < 2; waited++) {
      assert.ok(waited < 1000, 'both clients joined');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // SYS RELAY to everyone (07 03, target 0) around a RAW packet of 1000 bytes.
    const relay = new Uint8Array(6 + 1001);
    relay.set([0x07, 0x03, 0, 0, 0, 0, 0x03]);
    await send(sender, Buffer.concat([repeat(frame(0x2, relay), 20_000), CLOSE]));
    await cli.waitForLine(/ disconnected from /, 20_000);
    const lines = stderrLines(cli.stderr());
    assert.ok(lines.length <= 3, `${lines.length} lines: ${lines.slice(0, 5).join('\n')}`);
  } finally {
    sleeper.destroy();
    sender.destroy();
    cli.kill();
  }
});

test('echo: 2,000 messages arriving with the close frame cost no log line', async () => {
  const { cli, port } = await startServe(['--mode', 'echo']);
  const client = rawClient(port);
  try {
    await cli.waitForLine(/ connected from /);
    await send(client, Buffer.concat([repeat(frame(0x1, Uint8Array.of(0x78)), 2000), CLOSE]));
    await cli.waitForLine(/ disconnected from /, 20_000);
    assert.deepEqual(stderrLines(cli.stderr()), []);
  } finally {
    client.destroy();
    cli.kill();
  }
});
