// Godot 3's WebSocketServer.listen on a port already taken at its bind_ip: real Godot 3.2.3
// answers ERR_ALREADY_IN_USE (22) and stays DISCONNECTED (status 0). Ours answers the same from
// listenAsync (Node binds an IP a tick after listen), and after a plain listen the status turns
// DISCONNECTED on the next poll instead of claiming CONNECTED while nothing listens.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, test } from 'node:test';
import { Error } from '../../../src/core/error.js';
import { WebSocketServer } from '../../../src/websocket/godot3/websocket-server.js';
import { godot3Available } from '../../helpers/godot3.js';
import { captureLog } from '../../helpers/log.js';
import { numberAfter, startScript } from './gd3-run.js';

const skip = godot3Available() ? false : 'godot3-server is not installed';
let busy: Server;
let port = 0;

before(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  const address = busy.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
after(() => busy.close());

test('real Godot 3.2.3: listen on a taken port at bind_ip 127.0.0.1 → 22, status 0', {
  skip,
  timeout: 30_000,
}, async () => {
  const godot = startScript(`extends SceneTree

func _init():
	var server = WebSocketServer.new()
	server.bind_ip = "127.0.0.1"
	var err = server.listen(${port})
	print("LISTEN ", err)
	print("STATUS ", server.get_connection_status())
	print("LISTENING ", 1 if server.is_listening() else 0)
	quit(0)
`);
  const result = await godot.exited;
  assert.equal(numberAfter(result.lines, 'LISTEN '), Error.ERR_ALREADY_IN_USE, result.stderr);
  assert.equal(numberAfter(result.lines, 'STATUS '), 0);
  assert.equal(numberAfter(result.lines, 'LISTENING '), 0);
});

test('ours: listenAsync answers 22 with status 0; listen then poll turns DISCONNECTED', async () => {
  const log = captureLog('error');
  try {
    const server = new WebSocketServer();
    server.setBindIp('127.0.0.1');
    assert.equal(await server.listenAsync(port), Error.ERR_ALREADY_IN_USE);
    assert.equal(server.getConnectionStatus(), 0);
    assert.equal(server.isListening(), false);
    const failure = server.getLastError();
    assert.equal(failure?.code, 'EADDRINUSE');
    assert.equal(failure?.address, `127.0.0.1:${port}`);
    assert.match(failure?.message ?? '', /already in use/);

    const second = new WebSocketServer();
    second.setBindIp('127.0.0.1');
    assert.equal(second.listen(port), Error.OK); // Node has not bound yet
    await new Promise((resolve) => setTimeout(resolve, 50));
    second.poll();
    assert.equal(second.getConnectionStatus(), 0);
    assert.equal(second.isListening(), false);
    assert.equal(second.getLastError()?.code, 'EADDRINUSE');

    // A free port: listenAsync answers OK and the server is CONNECTED (status 2).
    const free = new WebSocketServer();
    free.setBindIp('127.0.0.1');
    assert.equal(await free.listenAsync(0), Error.OK);
    assert.equal(free.getConnectionStatus(), 2);
    assert.ok(free.getLocalPort() > 0);
    assert.equal(free.getLastError(), null);
    free.stop();
    // With "*" Node binds at once, so plain listen already answers as Godot does.
    const wildcard = new WebSocketServer();
    assert.equal(wildcard.listen(0), Error.OK);
    const taken = new WebSocketServer();
    assert.equal(taken.listen(wildcard.getLocalPort()), Error.ERR_ALREADY_IN_USE);
    assert.equal(taken.getConnectionStatus(), 0);
    wildcard.stop();
  } finally {
    log.restore();
  }
});
