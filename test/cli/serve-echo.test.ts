// `godot-ws serve --mode echo` and `godot-ws connect` as processes on 127.0.0.1.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WebSocketPeer } from '../../src/websocket/websocket-peer.js';
import { type CliProcess, httpGet, runCli, startCli, startServe } from '../helpers/cli.js';
import { pollUntil } from '../helpers/poll.js';

describe('serve --mode echo', () => {
  let server: CliProcess;
  let url = '';
  let port = 0;

  before(async () => {
    ({ cli: server, url, port } = await startServe(['--mode', 'echo', '--max-message', '1000000']));
  });
  after(() => server?.kill());

  test('connect in a pipe: text lines come back, close 1000, exit 0; the server logs both ends', async () => {
    const result = await runCli(['connect', url, '--wait', '0.3'], { input: 'hello\nwörld\n' });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'hello\nwörld\n');
    assert.match(result.stderr, /^connected to ws:\/\/127\.0\.0\.1:\d+\/\n/);
    assert.match(result.stderr, /closed: close 1000\n$/);
    const joined = await server.waitForLine(/^\/: peer \d+ joined from 127\.0\.0\.1:\d+$/);
    const id = joined.split(' ')[2];
    await server.waitForLine(
      new RegExp(`^/: peer ${id} left \\(127\\.0\\.0\\.1:\\d+\\): close 1000$`),
    );
  });

  test('--binary sends binary frames; binary replies print as hex', async () => {
    const result = await runCli(['connect', url, '--binary', '--wait', '0.3'], { input: 'AB\n' });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '4142\n');
  });

  test('--var godot4: lines go out as Variants (JSON or String) and come back decoded', async () => {
    const input = '42\n[1, "a", true]\n{"k": 1.5}\nnot json\n';
    const result = await runCli(['connect', url, '--var', 'godot4', '--wait', '0.3'], { input });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '42\n[1, "a", true]\n{"k": 1.5}\n"not json"\n');
  });

  test('--var godot3 encodes with the Godot 3 type table', async () => {
    const result = await runCli(['connect', url, '--var', 'godot3', '--wait', '0.3'], {
      input: '"x"\n',
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '"x"\n');
  });

  test('the dashboard answers GET / on the same port; /status.json has the connected peers', async () => {
    const peer = new WebSocketPeer();
    assert.equal(peer.connectToUrl(url), 0);
    try {
      await pollUntil(
        'open',
        () => peer.getReadyState() === WebSocketPeer.STATE_OPEN,
        () => peer.poll(),
      );
      peer.sendText('counted');
      await pollUntil(
        'the echo',
        () => peer.getAvailablePacketCount() > 0,
        () => peer.poll(),
      );
      const page = await httpGet(port);
      assert.equal(page.status, 200);
      assert.match(page.body, /<title>godot-ws serve<\/title>/);
      const status = JSON.parse((await httpGet(port, '/status.json')).body);
      assert.equal(status.kind, 'echo');
      assert.equal(status.peers, 1);
      assert.ok(status.totals.messagesIn >= 1, JSON.stringify(status.totals));
      assert.ok(!JSON.stringify(status).includes('127.0.0.1'), 'no addresses on the public page');
      assert.equal((await httpGet(port, '/nope')).status, 404);
    } finally {
      peer.close(-1);
    }
  });

  test('a server that does not exist: connect exits 1 with one line', async () => {
    const result = await runCli(['connect', 'ws://127.0.0.1:1/', '--timeout', '3']);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      'godot-ws: could not connect to ws://127.0.0.1:1/: connection refused (is the server running, on this port?) (ECONNREFUSED)\n',
    );
    assert.equal(result.stdout, '');
  });
});

test('SIGTERM: connected clients get close 1001 "server shutting down", serve exits 0', async () => {
  const { cli, url } = await startServe(['--mode', 'echo']);
  const peer = new WebSocketPeer();
  try {
    assert.equal(peer.connectToUrl(url), 0);
    await pollUntil(
      'open',
      () => peer.getReadyState() === WebSocketPeer.STATE_OPEN,
      () => peer.poll(),
    );
    await cli.waitForLine(/^\/: peer \d+ joined/);
    cli.signal('SIGTERM');
    await pollUntil(
      'closed',
      () => peer.getReadyState() === WebSocketPeer.STATE_CLOSED,
      () => peer.poll(),
    );
    assert.equal(peer.getCloseCode(), 1001);
    assert.equal(peer.getCloseReason(), 'server shutting down');
    const result = await cli.exited;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /SIGTERM: closing 1 connection\(s\)\n/);
    assert.match(
      result.stdout,
      /\/: peer \d+ left \(127\.0\.0\.1:\d+\): close 1001 "server shutting down"\n/,
    );
    assert.match(result.stdout, /godot-ws serve: stopped\n$/);
    assert.equal(result.stderr, '');
  } finally {
    peer.close(-1);
    cli.kill();
  }
});

test('SIGINT while a connect process waits on its stdin: it closes 1000 and exits 0', async () => {
  const { cli: server, url } = await startServe(['--mode', 'echo']);
  const client = startCli(['connect', url]);
  try {
    await client.waitForLine(/^connected to /, 5000, 'stderr');
    client.signal('SIGINT');
    const result = await client.exited;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /closed: close 1000\n$/);
  } finally {
    client.kill();
    server.kill();
  }
});
