// `godot-ws serve --mode godot3`: our Node Godot 3 clients and real Godot 3.2.3 games join it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WebSocketClient } from '../../src/websocket/godot3/websocket-client.js';
import { httpGet, startServe } from '../helpers/cli.js';
import { godot3Available } from '../helpers/godot3.js';
import { captureLog } from '../helpers/log.js';
import { pollUntil } from '../helpers/poll.js';
import { numberAfter, startScript } from '../websocket/godot3/gd3-run.js';
import { mpClientScript } from '../websocket/godot3/gd3-scripts.js';

const skip = godot3Available() ? false : 'godot3-server is not installed';

test('Node Godot 3 clients join (gd_mp_api): ids, packets relayed, status page, SIGTERM → 1001', async () => {
  const log = captureLog('error');
  const { cli, url, port } = await startServe(['--mode', 'godot3']);
  const a = new WebSocketClient();
  const b = new WebSocketClient();
  const poll = () => {
    a.poll();
    b.poll();
  };
  try {
    assert.equal(a.connectToUrl(url, [], true), 0);
    assert.equal(b.connectToUrl(url, [], true), 0);
    await pollUntil('both ids', () => a.getUniqueId() > 1 && b.getUniqueId() > 1, poll);
    const idA = a.getUniqueId();
    const idB = b.getUniqueId();
    await cli.waitForLine(new RegExp(`^/: peer ${idA} joined from 127\\.0\\.0\\.1:\\d+$`));
    await cli.waitForLine(new RegExp(`^/: peer ${idB} joined from 127\\.0\\.0\\.1:\\d+$`));
    a.setTargetPeer(idB);
    assert.equal(a.putPacket(Uint8Array.of(7, 8, 9)), 0);
    await pollUntil('the relayed packet', () => b.getAvailablePacketCount() > 0, poll);
    assert.equal(b.getPacketPeer(), idA);
    assert.deepEqual([...b.getPacket()], [7, 8, 9]);
    const page = await httpGet(port);
    assert.equal(page.status, 200);
    const status = JSON.parse((await httpGet(port, '/status.json')).body);
    assert.equal(status.peers, 2);
    assert.ok(status.rooms[0].peers.includes(idA), JSON.stringify(status.rooms));
    assert.ok(status.totals.messagesIn >= 1, JSON.stringify(status.totals));
    const closes: [number, string][] = [];
    a.serverCloseRequest.connect((code, reason) => closes.push([code, reason]));
    cli.signal('SIGTERM');
    await pollUntil(
      'a closed',
      () => a.getConnectionStatus() === 0 && b.getConnectionStatus() === 0,
      poll,
    );
    assert.deepEqual(closes, [[1001, 'server shutting down']]);
    const result = await cli.exited;
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      new RegExp(
        `/: peer ${idA} left \\(127\\.0\\.0\\.1:\\d+\\): close 1001 "server shutting down"`,
      ),
    );
  } finally {
    a.disconnectFromHost();
    b.disconnectFromHost();
    cli.kill();
    log.restore();
  }
});

test('real Godot 3.2.3 games join serve --mode godot3: rpc relayed, SIGTERM reaches them as 1001', {
  skip,
  timeout: 40_000,
}, async () => {
  const { cli, url } = await startServe(['--mode', 'godot3']);
  const ga = startScript(mpClientScript(url, 'A'), 25_000);
  const gb = startScript(mpClientScript(url, 'B'), 25_000);
  try {
    await ga.waitForLine(/^OK \d+/, 10_000);
    await gb.waitForLine(/^OK \d+/, 10_000);
    const idA = numberAfter(ga.lines, 'OK ');
    const idB = numberAfter(gb.lines, 'OK ');
    await cli.waitForLine(new RegExp(`^/: peer ${idA} joined from `));
    await cli.waitForLine(new RegExp(`^/: peer ${idB} joined from `));
    await gb.waitForLine(new RegExp(`^HELLO ${idA} from A$`), 5000);
    await ga.waitForLine(new RegExp(`^SHOUT ${idB} from B$`), 5000);
    cli.signal('SIGTERM');
    await ga.waitForLine(/^CLOSE_REQUEST 1001 \[server shutting down\]$/, 5000);
    await gb.waitForLine(/^CLOSE_REQUEST 1001 \[server shutting down\]$/, 5000);
    const result = await cli.exited;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /godot-ws serve: stopped\n$/);
  } finally {
    ga.kill();
    gb.kill();
    cli.kill();
  }
});
