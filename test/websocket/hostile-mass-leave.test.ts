// Many clients leaving in the same poll (issue 18): the work must be linear in the number of
// peers, nothing is sent to peers that are already closed, and the log stays quiet.
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { test } from 'node:test';
import { WebSocketPeer as Godot3Peer } from '../../src/websocket/godot3/websocket-peer.js';
import { WebSocketServer } from '../../src/websocket/godot3/websocket-server.js';
import { SceneRelayServer } from '../../src/websocket/scene-relay/scene-relay-server.js';
import { WebSocketMultiplayerPeer } from '../../src/websocket/websocket-multiplayer-peer.js';
import { captureLog } from '../helpers/log.js';
import { pollUntil } from '../helpers/poll.js';
import { rawClient } from '../helpers/raw-ws-client.js';

const N = 200;

/** Counts calls of `proto[name]` until `restore()`. */
function countCalls<T extends object>(proto: T, name: keyof T & string) {
  const original = proto[name] as (...args: unknown[]) => unknown;
  let calls = 0;
  (proto as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
    calls++;
    return original.apply(this, args);
  };
  return {
    get calls() {
      return calls;
    },
    restore() {
      (proto as Record<string, unknown>)[name] = original;
    },
  };
}

/** What `crowdLeaves` needs of a server. */
interface Crowd {
  port(): number;
  poll(): void;
  peers(): number;
  stop(): void;
}

/**
 * Connects N bare clients, then drops them all at once and polls until the server saw every
 * one leave; asserts that this cost at most N calls of `proto[name]` and no log line.
 */
async function crowdLeaves<T extends object>(server: Crowd, proto: T, name: keyof T & string) {
  const clients: Socket[] = [];
  const log = captureLog('warning');
  try {
    await pollUntil('the server to listen', () => server.port() > 0);
    for (let i = 0; i < N; i++) clients.push(rawClient(server.port()));
    await pollUntil(`${N} clients`, () => server.peers() === N, server.poll, 20_000);
    const sends = countCalls(proto, name);
    try {
      for (const socket of clients) socket.destroy();
      await pollUntil('every client gone', () => server.peers() === 0, server.poll, 20_000);
    } finally {
      sends.restore();
    }
    assert.ok(sends.calls <= N, `${sends.calls} sends for ${N} leaving clients`);
    assert.deepEqual(log.lines, []);
  } finally {
    log.restore();
    for (const socket of clients) socket.destroy();
    server.stop();
  }
}

test(`Godot 4 relay: ${N} clients dropping at once cost no send to a closed peer and no log line`, async () => {
  const relay = new SceneRelayServer();
  assert.equal(relay.listen(0, '127.0.0.1'), 0);
  const crowd: Crowd = {
    port: () => relay.getLocalPort(),
    poll: () => relay.poll(),
    peers: () => relay.getPeers().length,
    stop: () => relay.close(),
  };
  await crowdLeaves(crowd, WebSocketMultiplayerPeer.prototype, 'putPacket');
});

test(`Godot 3 server: ${N} clients dropping at once cost no send to a closed peer and no log line`, async () => {
  const server = new WebSocketServer();
  server.setBindIp('127.0.0.1');
  assert.equal(server.listen(0, [], true), 0);
  let peers = 0;
  server.peerConnected.connect(() => peers++);
  server.peerDisconnected.connect(() => peers--);
  const crowd: Crowd = {
    port: () => server.getLocalPort(),
    poll: () => server.poll(),
    peers: () => peers,
    stop: () => server.stop(),
  };
  await crowdLeaves(crowd, Godot3Peer.prototype, 'sendFrame');
});
