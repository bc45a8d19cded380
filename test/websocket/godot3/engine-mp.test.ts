// Real Godot 3.2.3 multiplayer clients (gd_mp_api, rpc) on our Node WebSocketServer, and our
// Node WebSocketClient on a real Godot 3.2.3 multiplayer server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Error } from '../../../src/core/error.js';
import { WebSocketClient } from '../../../src/websocket/godot3/websocket-client.js';
import { WebSocketServer } from '../../../src/websocket/godot3/websocket-server.js';
import { godot3Available } from '../../helpers/godot3.js';
import { captureLog } from '../../helpers/log.js';
import { pollUntil } from '../../helpers/poll.js';
import { freePort, numberAfter, pollInBackground, startScript } from './gd3-run.js';
import { mpClientScript, mpServerScript } from './gd3-scripts.js';

const skip = godot3Available() ? false : 'godot3-server is not installed';
const text = new TextDecoder();

test('Godot 3 clients join our gd_mp_api server: ids, rpc_id through the relay, rpc to all, kick', {
  skip,
  timeout: 30_000,
}, async () => {
  const log = captureLog('error');
  const server = new WebSocketServer();
  assert.equal(server.listen(0, [], true), Error.OK);
  const url = `ws://127.0.0.1:${server.getLocalPort()}/`;
  const events: string[] = [];
  server.peerConnected.connect((id) => events.push(`+${id}`));
  server.peerDisconnected.connect((id) => events.push(`-${id}`));
  const forServer: { from: number; data: string }[] = [];
  const stop = pollInBackground(() => {
    server.poll();
    while (server.getAvailablePacketCount() > 0) {
      const from = server.getPacketPeer();
      forServer.push({ from, data: text.decode(server.getPacket()) });
    }
  });
  const a = startScript(mpClientScript(url, 'A'), 18_000);
  const b = startScript(mpClientScript(url, 'B'), 18_000);
  try {
    await a.waitForLine(/^OK \d+/, 10_000);
    await b.waitForLine(/^OK \d+/, 10_000);
    const idA = numberAfter(a.lines, 'OK ');
    const idB = numberAfter(b.lines, 'OK ');
    assert.ok(idA > 1 && idB > 1 && idA !== idB, `${idA} ${idB}`);
    assert.ok(server.hasPeer(idA) && server.hasPeer(idB));
    assert.deepEqual(events.slice(0, 2).sort(), [`+${idA}`, `+${idB}`].sort());
    // Each client was told about the server, then about the other one.
    await a.waitForLine(new RegExp(`^PEER ${idB}$`), 5000);
    await b.waitForLine(new RegExp(`^PEER ${idA}$`), 5000);
    assert.ok(a.lines.includes('PEER 1') && b.lines.includes('PEER 1'));
    // rpc_id(B) from A, relayed by us with "from" kept; rpc() from B reaches A and us.
    await b.waitForLine(new RegExp(`^HELLO ${idA} from A$`), 5000);
    await a.waitForLine(new RegExp(`^SHOUT ${idB} from B$`), 5000);
    await pollUntil('the packets for the server', () => forServer.length >= 2, 5000);
    assert.ok(forServer.some((p) => p.from === idA && p.data.includes('to_server')));
    assert.ok(forServer.some((p) => p.from === idB && p.data.includes('shout')));
    assert.ok(!forServer.some((p) => p.data.includes('hello')), 'rpc_id(B) is not kept');
    // multiplayer.send_bytes: command 4 (raw) then the bytes, both ways.
    await pollUntil('raw bytes', () => forServer.some((p) => p.data === '\x04\x01\x02\x03'), 5000);
    assert.equal(forServer.find((p) => p.data === '\x04\x01\x02\x03')?.from, idA);
    server.setTargetPeer(idA);
    assert.equal(server.putPacket(Uint8Array.of(4, 10, 11)), Error.OK);
    await a.waitForLine(/^RAW 1 0a0b$/, 5000);
    // Kick A: A sees the close request (our trailing NUL stripped by Godot) and leaves.
    server.disconnectPeer(idA, 4000, 'kick');
    await a.waitForLine(/^CLOSE_REQUEST 4000 \[kick\]$/, 5000);
    await a.waitForLine(/^FAILED$/, 5000);
    await b.waitForLine(new RegExp(`^PEER_DEL ${idA}$`), 5000);
    await pollUntil('both peers gone', () => !server.hasPeer(idA) && !server.hasPeer(idB), 5000);
    assert.ok(events.includes(`-${idA}`) && events.includes(`-${idB}`));
    assert.equal((await a.exited).code, 0);
    assert.equal((await b.exited).code, 0);
  } finally {
    stop();
    a.kill();
    b.kill();
    server.stop();
    log.restore();
  }
});

test('our gd_mp_api client joins a Godot 3 server with a Godot client: SYS order, packets both ways', {
  skip,
  timeout: 30_000,
}, async () => {
  const port = await freePort();
  const godotServer = startScript(mpServerScript(port), 18_000);
  const client = new WebSocketClient();
  const events: string[] = [];
  client.peerConnected.connect((id) => events.push(`add ${id} (me ${client.getUniqueId()})`));
  client.peerDisconnected.connect((id) => events.push(`del ${id}`));
  client.connectionSucceeded.connect(() => events.push('succeeded'));
  client.connectionFailed.connect(() => events.push('failed'));
  client.connectionEstablished.connect(() => events.push('established (must not happen)'));
  const received: { from: number; hex: string }[] = [];
  let godotA: ReturnType<typeof startScript> | null = null;
  const stop = pollInBackground(() => {
    client.poll();
    while (client.isMultiplayer() && client.getAvailablePacketCount() > 0) {
      const from = client.getPacketPeer();
      received.push({ from, hex: Buffer.from(client.getPacket()).toString('hex') });
    }
  });
  try {
    await godotServer.waitForLine(/^LISTEN 0$/, 10_000);
    assert.equal(client.connectToUrl(`ws://127.0.0.1:${port}`, [], true), Error.OK);
    await pollUntil('connection_succeeded', () => events.includes('succeeded'), 8000);
    const me = client.getUniqueId();
    assert.ok(me > 1);
    assert.deepEqual(events, [`add 1 (me ${me})`, 'succeeded']);
    await godotServer.waitForLine(new RegExp(`^PEER ${me}$`), 5000);
    // The Godot server greets us with multiplayer.send_bytes([9, 8, 7]) (command 4 = raw).
    await pollUntil('the greeting', () => received.some((r) => r.hex === '04090807'), 5000);
    assert.equal(received.find((r) => r.hex === '04090807')?.from, 1);

    godotA = startScript(mpClientScript(`ws://127.0.0.1:${port}`, 'A'), 18_000);
    await godotA.waitForLine(/^OK \d+/, 10_000);
    const idA = numberAfter(godotA.lines, 'OK ');
    await pollUntil('peer A announced', () => events.includes(`add ${idA} (me ${me})`), 5000);
    // A rpc_id's us (we are "another peer" to it): relayed by Godot with from = A.
    const hello = Buffer.from('hello').toString('hex');
    await pollUntil(
      'A rpc',
      () => received.some((r) => r.from === idA && r.hex.includes(hello)),
      5000,
    );
    // Raw packets from us: to the server, and to A through the Godot relay.
    client.setTargetPeer(1);
    assert.equal(client.putPacket(Uint8Array.of(4, 1, 2, 3)), Error.OK);
    client.setTargetPeer(idA);
    assert.equal(client.putPacket(Uint8Array.of(4, 5, 6)), Error.OK);
    await godotServer.waitForLine(new RegExp(`^RAW ${me} 010203$`), 5000);
    await godotA.waitForLine(new RegExp(`^RAW ${me} 0506$`), 5000);
    // We leave: the Godot server and A see it.
    client.disconnectFromHost();
    await pollUntil('connection_failed', () => events.includes('failed'), 5000);
    await godotServer.waitForLine(new RegExp(`^PEER_DEL ${me}$`), 5000);
    await godotA.waitForLine(new RegExp(`^PEER_DEL ${me}$`), 5000);
    assert.ok(!events.some((e) => e.includes('must not')));
  } finally {
    stop();
    client.disconnectFromHost();
    godotA?.kill();
    godotServer.kill();
  }
});
