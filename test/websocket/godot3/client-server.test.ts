// Our Godot 3 WebSocketClient and WebSocketServer together on 127.0.0.1 (no engine): every
// member and signal, in raw and multiplayer mode.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Error } from '../../../src/core/error.js';
import { NetworkedMultiplayerPeer } from '../../../src/websocket/godot3/networked-multiplayer-peer.js';
import { WebSocketClient } from '../../../src/websocket/godot3/websocket-client.js';
import { WebSocketPeer } from '../../../src/websocket/godot3/websocket-peer.js';
import { WebSocketServer } from '../../../src/websocket/godot3/websocket-server.js';
import { captureLog } from '../../helpers/log.js';
import { pollFor, pollUntil } from '../../helpers/poll.js';

const { CONNECTION_CONNECTED, CONNECTION_CONNECTING, CONNECTION_DISCONNECTED } =
  NetworkedMultiplayerPeer;

/** Records every signal of a client and a server as strings. */
function record(client: WebSocketClient, server: WebSocketServer): string[] {
  const ev: string[] = [];
  client.connectionEstablished.connect((p) => ev.push(`c:established ${p}`));
  client.connectionClosed.connect((clean) => ev.push(`c:closed ${clean}`));
  client.connectionError.connect(() => ev.push('c:error'));
  client.dataReceived.connect(() => ev.push('c:data'));
  client.serverCloseRequest.connect((code, reason) => ev.push(`c:close_request ${code} ${reason}`));
  client.connectionSucceeded.connect(() => ev.push('c:succeeded'));
  client.connectionFailed.connect(() => ev.push('c:failed'));
  client.peerConnected.connect((id) => ev.push(`c:peer+ ${id}`));
  client.peerDisconnected.connect((id) => ev.push(`c:peer- ${id}`));
  server.clientConnected.connect((id, p) => ev.push(`s:connected ${id} ${p}`));
  server.clientDisconnected.connect((id, clean) => ev.push(`s:disconnected ${id} ${clean}`));
  server.clientCloseRequest.connect((id, code, r) => ev.push(`s:close_request ${id} ${code} ${r}`));
  server.dataReceived.connect((id) => ev.push(`s:data ${id}`));
  server.peerConnected.connect((id) => ev.push(`s:peer+ ${id}`));
  server.peerDisconnected.connect((id) => ev.push(`s:peer- ${id}`));
  return ev;
}

async function setup(gdMpApi: boolean, protocols: string[] = []) {
  const server = new WebSocketServer();
  const client = new WebSocketClient();
  const ev = record(client, server);
  assert.equal(server.listen(0, protocols, gdMpApi), Error.OK);
  const poll = () => {
    server.poll();
    client.poll();
  };
  const url = `ws://127.0.0.1:${server.getLocalPort()}/room`;
  return { server, client, ev, poll, url };
}

test('raw mode: protocol, data, write mode, peer members, client-started close', async () => {
  const { server, client, ev, poll, url } = await setup(false, [' bar ']);
  try {
    assert.equal(client.getConnectionStatus(), CONNECTION_DISCONNECTED);
    assert.equal(client.connectToUrl(url, ['foo', 'bar']), Error.OK);
    assert.equal(client.getConnectionStatus(), CONNECTION_CONNECTING);
    assert.equal(client.connectToUrl(url), Error.ERR_ALREADY_IN_USE);
    await pollUntil('open', () => ev.length >= 2, poll);
    const id = Number(ev.find((e) => e.startsWith('s:connected'))?.split(' ')[1]);
    assert.deepEqual(ev.sort(), ['c:established bar', `s:connected ${id} bar`]);
    ev.length = 0;
    assert.equal(client.getConnectionStatus(), CONNECTION_CONNECTED);
    assert.equal(client.getConnectedHost(), '127.0.0.1');
    assert.equal(client.getConnectedPort(), server.getLocalPort());
    assert.ok(server.hasPeer(id) && !server.hasPeer(id + 1));
    assert.equal(server.getPeerAddress(id), '127.0.0.1');
    assert.ok(server.getPeerPort(id) > 0);
    const cp = client.getPeer(1);
    assert.equal(cp.isConnectedToHost(), true);
    assert.equal(cp.getWriteMode(), WebSocketPeer.WRITE_MODE_BINARY);
    cp.setNoDelay(true);
    assert.equal(cp.putPacket(Uint8Array.of(1, 2)), Error.OK);
    assert.ok(cp.getCurrentOutboundBufferedAmount() >= 0);
    cp.setWriteMode(WebSocketPeer.WRITE_MODE_TEXT);
    assert.equal(cp.putVar('hi'), Error.OK); // Godot 3 Variant encoding, as a text frame
    await pollUntil('data', () => ev.length === 2, poll);
    assert.deepEqual(ev.splice(0), [`s:data ${id}`, `s:data ${id}`]);
    const sp = server.getPeer(id)!;
    assert.equal(sp.getAvailablePacketCount(), 2);
    assert.deepEqual(sp.getPacket(), Uint8Array.of(1, 2));
    assert.equal(sp.wasStringPacket(), false);
    assert.equal(sp.getVar(), 'hi');
    assert.equal(sp.wasStringPacket(), true);
    assert.deepEqual([...sp.getPacket()], []);
    assert.equal(sp.getPacketError(), Error.ERR_UNAVAILABLE);
    assert.equal(sp.putPacket(Uint8Array.of(3)), Error.OK);
    await pollUntil('client data', () => ev.length === 1, poll);
    assert.deepEqual(ev.splice(0), ['c:data']);
    // Not multiplayer: the packet methods of the client/server objects refuse.
    const log = captureLog('error');
    assert.equal(client.getAvailablePacketCount(), 0);
    assert.equal(server.putPacket(Uint8Array.of(1)), Error.ERR_UNCONFIGURED);
    assert.equal(client.getPacket().byteLength, 0);
    assert.equal(client.getPacketError(), Error.ERR_UNCONFIGURED);
    log.restore();
    assert.equal(log.lines.length, 3);
    // We start the close: the server sees the request ("bye" without the wire's NUL), clean;
    // our side reports was_clean false, as Godot 3 does.
    client.disconnectFromHost(4001, 'bye');
    assert.equal(client.getConnectionStatus(), CONNECTION_CONNECTED); // closing
    await pollUntil('closed', () => ev.length === 3, poll);
    assert.deepEqual(ev, [
      `s:close_request ${id} 4001 bye`,
      `s:disconnected ${id} true`,
      'c:closed false',
    ]);
    assert.equal(client.getConnectionStatus(), CONNECTION_DISCONNECTED);
    assert.equal(cp.isConnectedToHost(), false);
    assert.equal(cp.putPacket(Uint8Array.of(1)), Error.FAILED);
    assert.equal(server.hasPeer(id), false);
  } finally {
    client.disconnectFromHost();
    server.stop();
  }
});

test('raw mode: server-started close; no common protocol; connect failures; stop()', async () => {
  const { server, client, ev, poll, url } = await setup(false);
  const log = captureLog('error');
  try {
    assert.equal(client.connectToUrl(url.replace('ws://', '')), Error.OK); // 3.2: no scheme needed
    await pollUntil('open', () => ev.length === 2, poll);
    const id = Number(ev.find((e) => e.startsWith('s:connected'))?.split(' ')[1]);
    ev.length = 0;
    server.disconnectPeer(id, 4002, 'server bye');
    await pollUntil('closed', () => ev.length === 3, poll);
    assert.deepEqual(ev.splice(0).sort(), [
      'c:close_request 4002 server bye',
      'c:closed true',
      `s:disconnected ${id} false`,
    ]);
    // A server with no protocols drops a client that asks for some: connection_error.
    assert.equal(client.connectToUrl(url, ['nope']), Error.OK);
    await pollUntil('error', () => ev.length === 1, poll);
    assert.deepEqual(ev.splice(0), ['c:error']);
    // A refused port: connection_error from poll(); a bad port: at once, from connectToUrl.
    assert.equal(client.connectToUrl('ws://127.0.0.1:1/'), Error.OK);
    await pollUntil('error', () => ev.length === 1, poll);
    assert.deepEqual(ev.splice(0), ['c:error']);
    assert.equal(client.connectToUrl('127.0.0.1:x/'), Error.ERR_INVALID_PARAMETER);
    assert.deepEqual(ev.splice(0), ['c:error']);
    // Dropping an attempt while it connects emits nothing.
    assert.equal(client.connectToUrl(url), Error.OK);
    client.disconnectFromHost();
    assert.equal(client.getConnectionStatus(), CONNECTION_DISCONNECTED);
    await pollFor(50, poll);
    ev.length = 0;
    // stop(): close 1000 to everyone, no signals on the server.
    assert.equal(client.connectToUrl(url), Error.OK);
    await pollUntil('open', () => ev.length === 2, poll);
    ev.length = 0;
    server.stop();
    assert.equal(server.isListening(), false);
    assert.equal(server.getConnectionStatus(), CONNECTION_DISCONNECTED);
    await pollUntil(
      'client closed',
      () => ev.length === 2,
      () => client.poll(),
    );
    assert.deepEqual(ev, ['c:close_request 1000 ', 'c:closed true']);
  } finally {
    log.restore();
    client.disconnectFromHost();
    server.stop();
  }
});

test('server members: listen twice, bindIp, refuseNewConnections, handshakeTimeout, setBuffers', async () => {
  const log = captureLog('error');
  const server = new WebSocketServer();
  try {
    assert.equal(server.getUniqueId(), 1);
    assert.equal(server.bindIp, '*');
    server.bindIp = 'not an ip';
    assert.equal(server.bindIp, '*');
    server.bindIp = '127.0.0.1';
    assert.equal(server.handshakeTimeout, 3);
    server.handshakeTimeout = 0.2;
    assert.equal(server.setBuffers(65, 1000, 1, 3), Error.OK);
    assert.deepEqual(server.getBufferSizes(), {
      inBytes: 131072,
      inPackets: 1024,
      outBytes: 1024,
      outPackets: 4,
    });
    assert.equal(server.getMaxPacketSize(), 1024 - 9);
    assert.equal(server.setBuffers(0, 1, 1, 1), Error.ERR_INVALID_PARAMETER);
    assert.equal(server.setBuffers(64, 1024, 64, 1024), Error.OK);
    assert.equal(server.getMaxPacketSize(), 65527);
    assert.equal(server.listen(0), Error.OK);
    assert.equal(server.isListening(), true);
    await pollUntil('bound', () => server.getLocalPort() > 0, 2000); // an IP binds a tick later
    assert.equal(server.listen(0), Error.ERR_ALREADY_IN_USE);
    assert.equal(server.setBuffers(1, 1, 1, 1), Error.FAILED);
    server.bindIp = '*';
    assert.equal(server.bindIp, '127.0.0.1');
    server.setTransferMode(NetworkedMultiplayerPeer.TRANSFER_MODE_UNRELIABLE);
    assert.equal(server.getTransferMode(), NetworkedMultiplayerPeer.TRANSFER_MODE_RELIABLE);
    // A client that says nothing is dropped after handshakeTimeout.
    const { createConnection } = await import('node:net');
    const idle = createConnection(server.getLocalPort(), '127.0.0.1');
    let idleClosedAt = 0;
    idle.on('error', () => {});
    idle.on('close', () => {
      idleClosedAt = Date.now();
    });
    const started = Date.now();
    await pollUntil(
      'idle dropped',
      () => idleClosedAt > 0,
      () => server.poll(),
      3000,
    );
    assert.ok(idleClosedAt - started >= 150, `${idleClosedAt - started} ms`);
    // Refusing new connections: the client fails.
    server.refuseNewConnections = true;
    const client = new WebSocketClient();
    let failed = false;
    client.connectionError.connect(() => {
      failed = true;
    });
    client.connectToUrl(`ws://127.0.0.1:${server.getLocalPort()}`);
    await pollUntil(
      'refused',
      () => failed,
      () => {
        server.poll();
        client.poll();
      },
    );
    assert.equal(server.getPeer(5), null);
    assert.equal(server.getPeerAddress(5), '');
  } finally {
    server.stop();
    log.restore();
  }
});

test('multiplayer mode between our client and server: ids, peers, packets, failure signals', async () => {
  const { server, client, ev, poll, url } = await setup(true);
  const other = new WebSocketClient();
  const pollAll = () => {
    poll();
    other.poll();
  };
  try {
    assert.equal(client.getUniqueId(), 0);
    assert.equal(client.connectToUrl(url, [], true), Error.OK);
    await pollUntil('succeeded', () => ev.includes('c:succeeded'), poll);
    const id = client.getUniqueId();
    assert.deepEqual(ev.splice(0).sort(), ['c:peer+ 1', 'c:succeeded', `s:peer+ ${id}`].sort());
    assert.equal(other.connectToUrl(url, [], true), Error.OK);
    await pollUntil('other known', () => ev.length === 2, pollAll);
    const otherId = other.getUniqueId();
    assert.deepEqual(ev.splice(0).sort(), [`c:peer+ ${otherId}`, `s:peer+ ${otherId}`].sort());
    // client → other through the relay; other → all (server and client).
    client.setTargetPeer(otherId);
    assert.equal(client.putVar([1, 'two']), Error.OK);
    other.setTargetPeer(0);
    assert.equal(other.putPacket(Uint8Array.of(5)), Error.OK);
    await pollUntil(
      'packets',
      () =>
        other.getAvailablePacketCount() === 1 &&
        client.getAvailablePacketCount() === 1 &&
        server.getAvailablePacketCount() === 1,
      pollAll,
    );
    assert.equal(other.getPacketPeer(), id);
    assert.deepEqual(other.getVar(), [1, 'two']);
    assert.equal(client.getPacketPeer(), otherId);
    assert.deepEqual(client.getPacket(), Uint8Array.of(5));
    assert.equal(server.getPacketPeer(), otherId);
    assert.deepEqual(server.getPacket(), Uint8Array.of(5));
    // Server → client.
    server.setTargetPeer(id);
    assert.equal(server.putPacket(Uint8Array.of(6)), Error.OK);
    await pollUntil('from server', () => client.getAvailablePacketCount() === 1, pollAll);
    assert.equal(client.getPacketPeer(), 1);
    ev.length = 0;
    // The other client leaves: SYS_DEL; its own side reports connection_failed (as Godot 3).
    other.disconnectFromHost();
    await pollUntil('gone', () => ev.length === 3, pollAll);
    assert.deepEqual(
      ev.splice(0).sort(),
      [`c:peer- ${otherId}`, `s:close_request ${otherId} 1000 `, `s:peer- ${otherId}`].sort(),
    );
    // A kick: close request, then connection_failed (never connection_closed in this mode).
    server.disconnectPeer(id, 4000, 'kick');
    await pollUntil('kicked', () => ev.length === 3, poll);
    assert.deepEqual(
      ev.splice(0).sort(),
      ['c:close_request 4000 kick', 'c:failed', `s:peer- ${id}`].sort(),
    );
    // connection_failed also replaces connection_error.
    assert.equal(client.connectToUrl('ws://127.0.0.1:1', [], true), Error.OK);
    await pollUntil('failed', () => ev.length === 1, poll);
    assert.deepEqual(ev, ['c:failed']);
  } finally {
    other.disconnectFromHost();
    client.disconnectFromHost();
    server.stop();
  }
});

test('Godot 3.2 outbound rule: one packet larger than the output buffer is still accepted', async () => {
  const { server, client, ev, poll, url } = await setup(false);
  try {
    assert.equal(client.setBuffers(64, 1024, 1, 1024), Error.OK);
    assert.equal(client.getMaxPacketSize(), 1024 - 9);
    assert.equal(client.connectToUrl(url), Error.OK);
    await pollUntil('open', () => ev.length === 2, poll);
    const id = Number(ev.find((e) => e.startsWith('s:connected'))?.split(' ')[1]);
    assert.equal(client.getPeer(1).putPacket(new Uint8Array(5000).fill(7)), Error.OK);
    await pollUntil('received', () => ev.length === 3, poll);
    assert.equal(server.getPeer(id)!.getPacket().byteLength, 5000);
  } finally {
    client.disconnectFromHost();
    server.stop();
  }
});
