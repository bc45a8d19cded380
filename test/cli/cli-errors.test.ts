// Bad command lines and bad files: one line on stderr, a non-zero exit, no stack trace.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../helpers/cli.js';

let dir = '';
let busy: Server;
let busyPort = 0;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'godot-ws-cli-'));
  writeFileSync(join(dir, 'junk.pem'), 'not a certificate\n');
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  const address = busy.address();
  busyPort = typeof address === 'object' && address ? address.port : 0;
});
after(() => {
  busy?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function oneLineError(args: string[], code: number, pattern: RegExp): Promise<void> {
  const result = await runCli(args, { deadlineMs: 10_000 });
  assert.equal(result.code, code, `${args.join(' ')}: ${result.stderr}`);
  const lines = result.stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, `${args.join(' ')} printed:\n${result.stderr}`);
  assert.match(lines[0]!, /^godot-ws: /);
  assert.match(lines[0]!, pattern);
  assert.equal(result.stdout, '');
}

test('unknown commands and flags', async () => {
  await oneLineError(['nope'], 2, /unknown command 'nope'/);
  await oneLineError(['serve', '--bogus'], 2, /Unknown option '--bogus'/);
  await oneLineError(['connect', 'ws://x', '--bogus'], 2, /Unknown option '--bogus'/);
  await oneLineError(['cert', '--bogus'], 2, /Unknown option '--bogus'/);
  await oneLineError(['serve', 'extra'], 2, /positional/i);
});

test('bad values', async () => {
  await oneLineError(
    ['serve', '--port', 'abc'],
    2,
    /--port must be a port number 0\.\.65535, not 'abc'/,
  );
  await oneLineError(['serve', '--port', '70000'], 2, /--port must be a port number/);
  await oneLineError(
    ['serve', '--mode', 'godot5'],
    2,
    /--mode must be one of godot4, godot3, broadcast, echo/,
  );
  await oneLineError(['serve', '--log-level', 'loud'], 2, /--log-level must be one of/);
  await oneLineError(['serve', '--heartbeat=-1'], 2, /--heartbeat must be a number ≥ 0/);
  // Node's parser refuses a value that starts with a dash; its way out is shown whole.
  await oneLineError(
    ['serve', '--heartbeat', '-1'],
    2,
    /--heartbeat -1: a value that starts with a dash needs "=", as in --heartbeat=-1$/,
  );
  await oneLineError(
    ['connect', 'http://127.0.0.1:9/'],
    1,
    /\(use ws:\/\/ for a WebSocket server\)/,
  );
  await oneLineError(['serve', '--max-message', '1.5'], 2, /--max-message must be a whole number/);
  await oneLineError(['serve', '--bind', 'localhost'], 2, /--bind must be \* or an IP address/);
  await oneLineError(['serve', '--bind', '999.1.1.1'], 2, /--bind must be \* or an IP address/);
  await oneLineError(['serve', '--port'], 2, /argument missing/);
  await oneLineError(['connect'], 2, /connect needs one URL/);
  await oneLineError(
    ['connect', 'ws://x', '--var', 'godot2'],
    2,
    /--var must be one of godot3, godot4/,
  );
  await oneLineError(['connect', 'ws://x', '--header', 'nocolon'], 2, /--header must look like/);
  await oneLineError(['connect', 'foo://x'], 1, /cannot connect: Invalid WebSocket URL: foo:\/\/x/);
  await oneLineError(['cert', '--host', 'a b'], 2, /--host must be a host name or an IP address/);
  await oneLineError(['cert', '--days', '0'], 2, /--days must be at least 1/);
});

test('certificate files: missing, unreadable, not PEM, key without certificate', async () => {
  const junk = join(dir, 'junk.pem');
  await oneLineError(['serve', '--tls-cert', junk], 2, /--tls-cert and --tls-key go together/);
  await oneLineError(
    ['serve', '--tls-cert', join(dir, 'missing.crt'), '--tls-key', junk],
    1,
    /--tls-cert .*missing\.crt: cannot read the file \(ENOENT\)/,
  );
  await oneLineError(
    ['serve', '--tls-cert', dir, '--tls-key', junk],
    1,
    /cannot read the file \(EISDIR\)/,
  );
  await oneLineError(
    ['serve', '--tls-cert', junk, '--tls-key', junk],
    1,
    /junk\.pem: not a PEM certificate/,
  );
  await oneLineError(
    ['connect', 'wss://x', '--ca', junk],
    1,
    /--ca .*junk\.pem: not a PEM certificate/,
  );
});

test('a port in use: one line naming it, exit 1, in every mode', async () => {
  for (const mode of ['echo', 'godot3', 'godot4', 'broadcast']) {
    await oneLineError(
      ['serve', '--mode', mode, '--port', String(busyPort), '--bind', '127.0.0.1'],
      1,
      new RegExp(`cannot listen on 127\\.0\\.0\\.1:${busyPort}: the port is already in use`),
    );
  }
  await oneLineError(['serve', '--mode', 'echo', '--port', String(busyPort)], 1, /already in use/);
});
