// `godot-ws serve` against crowds and hostile clients (issue 18), seen from outside.
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { test } from 'node:test';
import { httpGet, startServe } from '../helpers/cli.js';
import { frame, rawClient, repeat } from '../helpers/raw-ws-client.js';

/** These floods test the other limits: the per-member rate limits (on by default) would stop them first. */
const NO_RATE_LIMITS = ['--peer-rate', '0', '--peer-bytes', '0'];

const CROWD = 400;

// (godot3 mode never logged here; its linear leave is tested in hostile-mass-leave.test.ts.)
for (const mode of ['godot4']) {
  test(`${mode}: SIGTERM with ${CROWD} clients exits 0 with no error line per pair of peers`, async (t) => {
    const { cli, port } = await startServe(['--mode', mode], 60_000);
    const clients: Socket[] = [];
    try {
      for (let i = 0; i < CROWD; i++) clients.push(rawClient(port));
      await waitForPeers(port, CROWD);
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

/** Waits until the server's /healthz counts `count` peers (event lines are rate-limited). */
async function waitForPeers(port: number, count: number): Promise<void> {
  const end = Date.now() + 40_000;
  for (;;) {
    // A busy server may not answer one request within its 5 s: ask again.
    const peers = await httpGet(port, '/healthz').then(
      ({ body }) => (JSON.parse(body) as { peers: number }).peers,
      () => -1,
    );
    if (peers >= count) return;
    assert.ok(Date.now() < end, `only ${peers} of ${count} clients joined`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
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
  const { cli, port } = await startServe(['--mode', 'godot3', ...NO_RATE_LIMITS]);
  const client = rawClient(port);
  try {
    await cli.waitForLine(/ joined from /);
    await send(client, Buffer.concat([repeat(frame(0x2), 20_000), CLOSE]));
    await cli.waitForLine(/ left \(/, 20_000);
    // One summary line a second at most, each counting many packets.
    const lines = stderrLines(cli.stderr());
    assert.ok(lines.length >= 1 && lines.length <= 20, lines.slice(0, 5).join('\n'));
    for (const line of lines) {
      assert.match(line, /dropped [\d,]+ packets? from peer \d+: messages shorter than 9 bytes/);
    }
  } finally {
    client.destroy();
    cli.kill();
  }
});

test('godot4: relaying 20,000 packets to a client that does not read is a few log lines', async () => {
  const { cli, port } = await startServe(['--mode', 'godot4', ...NO_RATE_LIMITS]);
  const sleeper = rawClient(port); // never reads
  const sender = rawClient(port);
  try {
    await waitForPeers(port, 2);
    // SYS RELAY to everyone (07 03, target 0) around a RAW packet of 1000 bytes.
    const relay = new Uint8Array(6 + 1001);
    relay.set([0x07, 0x03, 0, 0, 0, 0, 0x03]);
    const started = Date.now();
    await send(sender, Buffer.concat([repeat(frame(0x2, relay), 20_000), CLOSE]));
    await cli.waitForLine(/ left \(/, 20_000);
    // At most one line a second (however long a loaded machine takes), not one per packet.
    const seconds = Math.ceil((Date.now() - started) / 1000);
    const lines = stderrLines(cli.stderr());
    assert.ok(
      lines.length <= seconds + 2,
      `${lines.length} lines in ${seconds} s: ${lines.slice(0, 5).join('\n')}`,
    );
  } finally {
    sleeper.destroy();
    sender.destroy();
    cli.kill();
  }
});

test('echo: 2,000 messages arriving with the close frame cost no log line', async () => {
  const { cli, port } = await startServe(['--mode', 'echo', ...NO_RATE_LIMITS]);
  const client = rawClient(port);
  try {
    await cli.waitForLine(/ joined from /);
    await send(client, Buffer.concat([repeat(frame(0x1, Uint8Array.of(0x78)), 2000), CLOSE]));
    await cli.waitForLine(/ left \(/, 20_000);
    assert.deepEqual(stderrLines(cli.stderr()), []);
  } finally {
    client.destroy();
    cli.kill();
  }
});
