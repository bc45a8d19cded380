// `godot-ws serve` (default: --mode godot4): Godot-4-like SceneMultiplayer clients join the relay.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { httpGet, startServe } from '../helpers/cli.js';
import { Godot4SceneClient } from '../helpers/godot4-scene-client.js';
import { captureLog } from '../helpers/log.js';
import { pollUntil } from '../helpers/poll.js';

test('serve (godot4 by default): clients get ids and each other, send_bytes is relayed, SIGTERM → 1001', async () => {
  const log = captureLog('error');
  const { cli, url, port } = await startServe([]);
  const a = new Godot4SceneClient();
  const b = new Godot4SceneClient();
  const poll = () => {
    a.poll();
    b.poll();
  };
  try {
    assert.match(cli.stdout(), /^godot-ws serve: godot4 mode on ws:\/\/127\.0\.0\.1:\d+\//);
    assert.equal(a.connect(url), 0);
    assert.equal(b.connect(url), 0);
    await pollUntil(
      'both to know each other',
      () => a.connectedPeers.size === 2 && b.connectedPeers.size === 2,
      poll,
    );
    const idA = a.getUniqueId();
    const idB = b.getUniqueId();
    assert.ok(a.connectedPeers.has(idB) && b.connectedPeers.has(idA));
    await cli.waitForLine(new RegExp(`^/: peer ${idA} joined from 127\\.0\\.0\\.1:\\d+$`));
    await cli.waitForLine(new RegExp(`^/: peer ${idB} joined from 127\\.0\\.0\\.1:\\d+$`));
    assert.equal(a.sendBytes(Uint8Array.of(0xca, 0xfe), idB), 0);
    await pollUntil('the relayed bytes', () => b.events.includes(`peer_packet:${idA}:cafe`), poll);
    const page = await httpGet(port);
    assert.equal(page.status, 200);
    assert.match(page.body, /<title>godot-ws serve<\/title>/);
    const status = JSON.parse((await httpGet(port, '/status.json')).body);
    assert.equal(status.kind, 'godot4');
    assert.equal(status.peers, 2);
    assert.ok(status.rooms[0].peers.includes(idB), JSON.stringify(status.rooms));
    assert.ok(status.totals.messagesIn >= 1, JSON.stringify(status.totals));
    const wsA = a.mp.getPeer(1);
    assert.ok(wsA);
    cli.signal('SIGTERM');
    await pollUntil(
      'both disconnected',
      () => a.mp.getConnectionStatus() === 0 && b.mp.getConnectionStatus() === 0,
      poll,
    );
    assert.equal(wsA.getCloseCode(), 1001);
    assert.equal(wsA.getCloseReason(), 'server shutting down');
    const result = await cli.exited;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`/: peer ${idA} left \\(127\\.0\\.0\\.1:\\d+\\): `));
    assert.match(result.stdout, /godot-ws serve: stopped\n$/);
  } finally {
    a.close();
    b.close();
    cli.kill();
    log.restore();
  }
});

test('serve --protocol: a client offering another subprotocol is refused; the right one joins', async () => {
  const log = captureLog('error');
  const { cli, url } = await startServe(['--protocol', 'game-v2']);
  const good = new Godot4SceneClient();
  const bad = new Godot4SceneClient();
  good.mp.setSupportedProtocols(['game-v2']);
  bad.mp.setSupportedProtocols(['game-v1']);
  try {
    good.connect(url);
    bad.connect(url);
    await pollUntil(
      'the good client',
      () => good.mp.getConnectionStatus() === 2,
      () => {
        good.poll();
        bad.poll();
      },
    );
    await pollUntil(
      'the bad client to fail',
      () => bad.mp.getConnectionStatus() === 0,
      () => bad.poll(),
    );
    await cli.waitForLine(new RegExp(`^/: peer ${good.getUniqueId()} joined`));
    assert.equal(cli.stdout().match(/joined from/g)?.length, 1);
  } finally {
    good.close();
    bad.close();
    cli.kill();
    log.restore();
  }
});
