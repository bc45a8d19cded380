/**
 * The browser Godot 4 `WebSocketMultiplayerPeer` (client) in real headless Chromium, loaded
 * from the built bundle, against our Node servers in this process: the SceneRelayServer (with
 * a Node Godot-4-like client as the other peer), a plain Node WebSocketMultiplayerPeer server,
 * the example echo server (it never sends an id) and a Node WebSocketPeer server whose first
 * message is an invalid id.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { startEchoServer } from '../../../examples/echo-server.js';
import { Error } from '../../../src/core/error.js';
import { TCPServer } from '../../../src/net/tcp-server.js';
import { SceneRelayServer } from '../../../src/websocket/scene-relay/scene-relay-server.js';
import { WebSocketMultiplayerPeer } from '../../../src/websocket/websocket-multiplayer-peer.js';
import { WebSocketPeer } from '../../../src/websocket/websocket-peer.js';
import { test } from '../../helpers/browser-test.js';
import { openBundlePage } from '../../helpers/bundle-page.js';
import type { ChromiumPage } from '../../helpers/chromium.js';
import { Godot4SceneClient } from '../../helpers/godot4-scene-client.js';
import { FixedIdServer, recordSignals } from '../../helpers/mp-peers.js';
import { pollUntil } from '../../helpers/poll.js';
import { type Scenario, scenarioResult } from '../../helpers/scenario-page.js';

const PAGE_ID = 1111;
const NODE_ID = 2222;

const scenarios: Record<string, Scenario> = {
  // Joins the relay, learns the Node client through ADD_PEER, and talks to it through RELAY.
  relay: async ({ gw, params, pollUntil }) => {
    const mp = new gw.WebSocketMultiplayerPeer();
    const events: string[] = [];
    mp.peerConnected.connect((id) => events.push(`+${id}`));
    mp.peerDisconnected.connect((id) => events.push(`-${id}`));
    const r: Record<string, unknown> = {};
    r.create = mp.createClient(params.relayUrl as string);
    r.statusAfterCreate = mp.getConnectionStatus();
    r.idBeforeConnected = mp.getUniqueId();
    r.putWhileConnecting = mp.putPacket(new Uint8Array([1]));
    r.again = mp.createClient(params.relayUrl as string);
    const poll = () => mp.poll();
    await pollUntil('connected', () => mp.getConnectionStatus() === 2, poll);
    r.id = mp.getUniqueId();
    r.eventsAtConnect = events.slice();
    const le = (n: number) => {
      const b = new Uint8Array(4);
      new DataView(b.buffer).setInt32(0, n, true);
      return [...b];
    };
    const read = async (what: string) => {
      await pollUntil(what, () => mp.getAvailablePacketCount() > 0, poll);
      const from = mp.getPacketPeer();
      return { from, bytes: [...mp.getPacket()] };
    };
    const add = await read('ADD_PEER');
    r.addPeer = add;
    const sys = gw.parseSys(new Uint8Array(add.bytes));
    const other = sys?.command === gw.SysCommand.ADD_PEER ? sys.peer : 0;
    mp.setTargetPeer(other); // ignored on a client: everything goes to the server
    const raw = gw.encodeRelay(other, Uint8Array.of(gw.NetworkCommand.RAW, 104, 105));
    r.relayBytes = [...raw].join() === [7, 3, ...le(other), 3, 104, 105].join();
    r.sendRelay = mp.putPacket(raw);
    r.reply = await read('the relayed reply');
    r.noPacket = mp.getPacket().length;
    r.noPacketError = mp.getPacketError();
    mp.close();
    r.afterClose = [mp.getConnectionStatus(), mp.getUniqueId()];
    r.events = events;
    return r;
  },

  // A plain Node server: id, a packet from it, a packet back, then it disconnects us.
  plainServer: async ({ gw, params, pollUntil }) => {
    const mp = new gw.WebSocketMultiplayerPeer();
    const events: string[] = [];
    mp.peerConnected.connect((id) => events.push(`+${id}`));
    mp.peerDisconnected.connect((id) => events.push(`-${id}`));
    mp.createClient(params.plainUrl as string);
    const poll = () => mp.poll();
    await pollUntil('a packet', () => mp.getAvailablePacketCount() > 0, poll);
    const r: Record<string, unknown> = { id: mp.getUniqueId(), from: mp.getPacketPeer() };
    r.welcome = new TextDecoder().decode(mp.getPacket());
    r.peerOne = mp.getPeer(1)?.getReadyState();
    r.unknownPeer = mp.getPeer(5);
    r.maxPacketSize = mp.getMaxPacketSize();
    mp.setTargetPeer(777);
    r.sendBack = mp.putPacket(new TextEncoder().encode(`back:${mp.getUniqueId()}`));
    await pollUntil('disconnected', () => mp.getConnectionStatus() === 0, poll);
    r.events = events;
    r.idAfter = mp.getUniqueId();
    return r;
  },

  // onActivity wakes the page when the socket opens and the id arrives; poll() applies both.
  activity: async ({ gw, params, sleep }) => {
    const mp = new gw.WebSocketMultiplayerPeer();
    let wakes = 0;
    mp.onActivity = () => wakes++;
    mp.createClient(params.plainUrl as string);
    const end = Date.now() + 5000;
    while (wakes < 2 && Date.now() < end) await sleep(5);
    const r = { wakes: wakes >= 2, beforePoll: [mp.getConnectionStatus(), mp.getUniqueId()] };
    mp.poll();
    const afterPoll = [mp.getConnectionStatus(), mp.getUniqueId() >= 2];
    mp.close();
    return { ...r, afterPoll };
  },

  // No server possible; the id handshake's failures end in DISCONNECTED without a signal.
  failures: async ({ gw, params, pollUntil, logs }) => {
    const r: Record<string, unknown> = {};
    const server = new gw.WebSocketMultiplayerPeer();
    r.createServer = server.createServer(0);
    r.serverLogs = logs.splice(0);
    r.serverStatus = server.getConnectionStatus();

    const events: string[] = [];
    const slow = new gw.WebSocketMultiplayerPeer();
    slow.peerConnected.connect((id) => events.push(`+${id}`));
    slow.handshakeTimeout = 0.3;
    const start = performance.now();
    r.timeoutCreate = slow.createClient(params.echoUrl as string);
    await pollUntil(
      'timeout',
      () => slow.getConnectionStatus() === 0,
      () => slow.poll(),
    );
    r.timeoutAfterMs = performance.now() - start;

    const bad = new gw.WebSocketMultiplayerPeer();
    bad.peerConnected.connect((id) => events.push(`+${id}`));
    r.badCreate = bad.createClient(params.badIdUrl as string);
    await pollUntil(
      'invalid id',
      () => bad.getConnectionStatus() === 0,
      () => bad.poll(),
    );
    r.badLogs = logs.splice(0);

    const refused = new gw.WebSocketMultiplayerPeer();
    refused.peerConnected.connect((id) => events.push(`+${id}`));
    r.refusedCreate = refused.createClient(`ws://127.0.0.1:${params.closedPort}/`);
    await pollUntil(
      'refused',
      () => refused.getConnectionStatus() === 0,
      () => refused.poll(),
    );
    r.badUrl = refused.createClient('http://example.com/');
    r.serverTls = refused.createClient(params.echoUrl as string, { isServer: () => true });
    r.events = events;
    r.logs = logs.slice();
    return r;
  },
};

interface Servers {
  relay: SceneRelayServer;
  nodeClient: Godot4SceneClient | null;
  plain: WebSocketMultiplayerPeer;
  plainEvents: string[];
  plainReceived: string[];
  badId: TCPServer;
  badPeers: WebSocketPeer[];
  echo: { port: number; stop(): void };
  timer: NodeJS.Timeout;
}

let s: Servers;
/** What the Node client (the other peer on the relay) saw, in order. */
const nodeEvents: string[] = [];
let page: ChromiumPage;
let closePage: () => Promise<void>;

/** A Node WebSocketPeer server whose first message is the 4 bytes of id 1 (ids must be ≥ 2). */
function startBadIdServer(): { tcp: TCPServer; peers: WebSocketPeer[] } {
  const tcp = new TCPServer();
  assert.equal(tcp.listen(0, '*'), Error.OK);
  return { tcp, peers: [] };
}

function pollBadId(tcp: TCPServer, peers: WebSocketPeer[]): void {
  while (tcp.isConnectionAvailable()) {
    const ws = new WebSocketPeer();
    const conn = tcp.takeConnection();
    if (conn && ws.acceptStream(conn) === Error.OK) peers.push(ws);
  }
  for (const ws of peers) {
    const wasOpen = ws.getReadyState() === WebSocketPeer.STATE_OPEN;
    ws.poll();
    if (!wasOpen && ws.getReadyState() === WebSocketPeer.STATE_OPEN) {
      ws.putPacket(new Uint8Array([1, 0, 0, 0]));
    }
  }
}

before(async () => {
  const relay = new SceneRelayServer({ peer: new FixedIdServer([PAGE_ID, NODE_ID]) });
  assert.equal(relay.listen(0, '127.0.0.1'), Error.OK);
  const plain = new WebSocketMultiplayerPeer();
  assert.equal(plain.createServer(0, '127.0.0.1'), Error.OK);
  const bad = startBadIdServer();
  const echo = startEchoServer(0);
  assert.notEqual(typeof echo, 'number');
  await pollUntil('servers to listen', () => relay.getLocalPort() > 0 && plain.getLocalPort() > 0);
  const plainEvents = recordSignals(plain);
  const plainReceived: string[] = [];
  plain.peerConnected.connect((id) => {
    plain.setTargetPeer(id);
    plain.putPacket(new TextEncoder().encode('welcome'));
  });
  s = {
    relay,
    nodeClient: null,
    plain,
    plainEvents,
    plainReceived,
    badId: bad.tcp,
    badPeers: bad.peers,
    echo: echo as { port: number; stop(): void },
    timer: setInterval(() => {
      relay.poll();
      s.nodeClient?.poll();
      plain.poll();
      while (plain.getAvailablePacketCount() > 0) {
        const from = plain.getPacketPeer();
        const text = new TextDecoder().decode(plain.getPacket());
        plainReceived.push(`${from}:${text}`);
        plain.disconnectPeer(from);
      }
      pollBadId(bad.tcp, bad.peers);
      const c = s.nodeClient;
      if (!c) return;
      for (const e of c.events.splice(0)) {
        c.wire.length = 0;
        nodeEvents.push(e);
        if (e.startsWith(`peer_packet:${PAGE_ID}:`))
          c.sendBytes(new Uint8Array([0x6f, 0x6b]), PAGE_ID);
      }
    }, 3),
  };
  // The Node client joins once the page's client is in, so the page sees an ADD_PEER for it.
  relay.peerJoined.connect((id) => {
    if (id !== PAGE_ID || s.nodeClient) return;
    s.nodeClient = new Godot4SceneClient();
    s.nodeClient.connect(`ws://127.0.0.1:${relay.getLocalPort()}/`);
  });
  const closed = new TCPServer();
  closed.listen(0, '127.0.0.1');
  await pollUntil('a port', () => closed.getLocalPort() > 0);
  const closedPort = closed.getLocalPort();
  closed.stop();
  const opened = await openBundlePage('ws://127.0.0.1', scenarios, {
    relayUrl: `ws://127.0.0.1:${relay.getLocalPort()}/`,
    plainUrl: `ws://127.0.0.1:${plain.getLocalPort()}/`,
    echoUrl: `ws://127.0.0.1:${s.echo.port}/`,
    badIdUrl: `ws://127.0.0.1:${bad.tcp.getLocalPort()}/`,
    closedPort,
  });
  page = opened.page;
  closePage = opened.close;
});

after(async () => {
  await closePage?.();
  if (!s) return;
  clearInterval(s.timer);
  s.nodeClient?.close();
  s.relay.close();
  s.plain.close();
  for (const ws of s.badPeers) ws.close(-1);
  s.badId.stop();
  s.echo.stop();
});

test('Chromium: the Godot 4 client joins our SceneRelayServer, gets its id, learns another client and talks to it', async () => {
  const { value, logs } = await scenarioResult(page, 'relay');
  const addPeer = [7, 1, ...new Uint8Array(new Int32Array([NODE_ID]).buffer)];
  const relayed = [7, 3, ...new Uint8Array(new Int32Array([NODE_ID]).buffer), 3, 0x6f, 0x6b];
  assert.deepEqual(value, {
    create: Error.OK,
    statusAfterCreate: 1,
    idBeforeConnected: 0,
    putWhileConnecting: Error.ERR_UNCONFIGURED,
    again: Error.ERR_ALREADY_IN_USE,
    id: PAGE_ID,
    eventsAtConnect: ['+1'],
    addPeer: { from: 1, bytes: addPeer },
    relayBytes: true,
    sendRelay: Error.OK,
    reply: { from: 1, bytes: relayed },
    noPacket: 0,
    noPacketError: Error.ERR_UNAVAILABLE,
    afterClose: [0, 0],
    events: ['+1'],
  });
  assert.deepEqual(logs, [
    'error: putPacket: the peer is not connected.',
    'error: createClient: the peer is already in use.',
  ]);
  assert.ok(nodeEvents.includes(`peer_connected:${PAGE_ID}`), nodeEvents.join());
  assert.ok(nodeEvents.includes(`peer_packet:${PAGE_ID}:6869`), nodeEvents.join());
  await pollUntil('the page client to leave', () =>
    nodeEvents.includes(`peer_disconnected:${PAGE_ID}`),
  );
});

test('Chromium: the Godot 4 client with a plain Node server: id, packets both ways (target ignored), disconnected by the server', async () => {
  const { value } = await scenarioResult(page, 'plainServer');
  const v = value as { id: number };
  assert.ok(v.id >= 2);
  assert.deepEqual(value, {
    id: v.id,
    from: 1,
    welcome: 'welcome',
    peerOne: 1,
    unknownPeer: null,
    maxPacketSize: 65526,
    sendBack: Error.OK,
    events: ['+1', '-1'],
    idAfter: 0,
  });
  assert.deepEqual(s.plainReceived, [`${v.id}:back:${v.id}`]);
  await pollUntil('the server to see it leave', () => s.plainEvents.includes(`-${v.id}`));
});

test('Chromium: createServer is ERR_UNAVAILABLE; handshake timeout, invalid id and refused connections end without a signal', async () => {
  const { value } = await scenarioResult(page, 'failures');
  const v = value as { timeoutAfterMs: number };
  assert.ok(v.timeoutAfterMs >= 290 && v.timeoutAfterMs < 3000, `${v.timeoutAfterMs}`);
  assert.deepEqual(value, {
    createServer: Error.ERR_UNAVAILABLE,
    serverLogs: ['error: createServer: a browser cannot listen for connections.'],
    serverStatus: 0,
    timeoutCreate: Error.OK,
    timeoutAfterMs: v.timeoutAfterMs,
    badCreate: Error.OK,
    badLogs: ['error: Invalid ID received from server.'],
    refusedCreate: Error.OK,
    badUrl: Error.ERR_INVALID_PARAMETER,
    serverTls: Error.ERR_INVALID_PARAMETER,
    events: [],
    logs: [
      'error: Invalid URL: http://example.com/ (use ws:// for a WebSocket server)',
      'error: createClient: server TLS options were given.',
    ],
  });
});

test('Chromium: onActivity fires from socket events (open, the id) and poll() applies them', async () => {
  const { value } = await scenarioResult(page, 'activity');
  assert.deepEqual(value, { wakes: true, beforePoll: [1, 0], afterPoll: [2, true] });
});

test('Chromium: the multiplayer page ran every scenario and reported no stray errors', async () => {
  await page.waitForReport('done', (r) => (r as { kind?: string }).kind === 'done', 60_000);
  const errors = page.reports.filter((r) => (r as { kind?: string }).kind === 'error');
  assert.deepEqual(errors, []);
});
