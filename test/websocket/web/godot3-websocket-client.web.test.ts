/**
 * The browser Godot 3 `WebSocketClient` (and the `WebSocketServer` stub) in real headless
 * Chromium, loaded from the built bundle, against our Node Godot 3 `WebSocketServer`s in this
 * process: one with `gdMpApi` (a Node `WebSocketClient` is the other peer and echoes what it
 * gets through the relay), one without (it echoes, and closes 4000 "server bye" on request).
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { Error } from '../../../src/core/error.js';
import { TCPServer } from '../../../src/net/tcp-server.js';
import { WebSocketClient } from '../../../src/websocket/godot3/websocket-client.js';
import { WebSocketServer } from '../../../src/websocket/godot3/websocket-server.js';
import { WriteMode } from '../../../src/websocket/websocket-peer-base.js';
import { test } from '../../helpers/browser-test.js';
import { openBundlePage } from '../../helpers/bundle-page.js';
import type { ChromiumPage } from '../../helpers/chromium.js';
import { pollUntil } from '../../helpers/poll.js';
import { type Scenario, scenarioResult } from '../../helpers/scenario-page.js';

const scenarios: Record<string, Scenario> = {
  // gd_mp_api: joins the Node server, meets the Node client, exchanges packets and Variants.
  multiplayer: async ({ gw, params, pollUntil }) => {
    const c = new gw.WebSocketClient();
    const ev: string[] = [];
    c.connectionEstablished.connect((p) => ev.push(`established:${p}`));
    c.connectionSucceeded.connect(() => ev.push('succeeded'));
    c.connectionFailed.connect(() => ev.push('failed'));
    c.connectionError.connect(() => ev.push('error'));
    c.peerConnected.connect((id) => ev.push(`+${id}`));
    c.peerDisconnected.connect((id) => ev.push(`-${id}`));
    c.peerPacket.connect((id) => ev.push(`packet:${id}`));
    c.serverCloseRequest.connect((code, reason) => ev.push(`close_request:${code}:${reason}`));
    c.connectionClosed.connect((clean) => ev.push(`closed:${clean}`));
    const r: Record<string, unknown> = {};
    const poll = () => c.poll();
    r.connect = c.connectToUrl(params.mpUrl as string, [], true);
    r.statusAfterConnect = c.getConnectionStatus();
    await pollUntil('another peer', () => ev.some((e) => /^\+([2-9]|\d\d)/.test(e)), poll);
    r.id = c.getUniqueId();
    const other = Number(ev.find((e) => /^\+([2-9]|\d\d)/.test(e))?.slice(1));
    r.other = other;
    c.setTargetPeer(other);
    r.put = c.putPacket(new TextEncoder().encode('ping'));
    await pollUntil('the echo', () => c.getAvailablePacketCount() > 0, poll);
    r.replyFrom = c.getPacketPeer();
    r.reply = new TextDecoder().decode(c.getPacket());
    r.putVar = c.putVar(['var', 42]);
    await pollUntil('the Variant echo', () => c.getAvailablePacketCount() > 0, poll);
    r.varFrom = c.getPacketPeer();
    r.var = c.getVar();
    c.disconnectFromHost(1000, 'bye');
    r.statusAfterDisconnect = c.getConnectionStatus();
    await pollUntil('disconnected', () => c.getConnectionStatus() === 0, poll);
    for (let i = 0; i < 5; i++) poll();
    r.events = ev;
    return r;
  },

  // Without gd_mp_api: raw packets through getPeer(1), then the server closes with a reason.
  plain: async ({ gw, params, pollUntil, logs }) => {
    const c = new gw.WebSocketClient();
    const ev: string[] = [];
    c.connectionEstablished.connect((p) => ev.push(`established:${p}`));
    c.connectionError.connect(() => ev.push('error'));
    c.dataReceived.connect(() => ev.push('data'));
    c.serverCloseRequest.connect((code, reason) => ev.push(`close_request:${code}:${reason}`));
    c.connectionClosed.connect((clean) => ev.push(`closed:${clean}`));
    const r: Record<string, unknown> = {};
    const poll = () => c.poll();
    r.connect = c.connectToUrl(params.plainUrl as string, ['x-none', 'chat'], false, ['X-A: 1']);
    r.connectLogs = logs.splice(0);
    await pollUntil('established', () => c.getConnectionStatus() === 2, poll);
    const peer = c.getPeer(1);
    r.put = peer.putPacket(new TextEncoder().encode('abc'));
    await pollUntil('the echo', () => peer.getAvailablePacketCount() > 0, poll);
    r.echo = new TextDecoder().decode(peer.getPacket());
    r.echoIsString = peer.wasStringPacket();
    peer.setWriteMode(gw.WriteMode.WRITE_MODE_TEXT);
    peer.putPacket(new TextEncoder().encode('text'));
    await pollUntil('the text echo', () => peer.getAvailablePacketCount() > 0, poll);
    r.textEcho = new TextDecoder().decode(peer.getPacket());
    r.textIsString = peer.wasStringPacket();
    r.connected = peer.isConnectedToHost();
    r.notMultiplayer = c.getAvailablePacketCount();
    r.host = c.getConnectedHost();
    r.port = c.getConnectedPort();
    peer.putPacket(new TextEncoder().encode('close me'));
    await pollUntil('disconnected', () => c.getConnectionStatus() === 0, poll);
    r.events = ev;
    r.logs = logs.slice();
    return r;
  },

  // The server stub, failed connections, a local close, ignored TLS settings.
  failures: async ({ gw, params, pollUntil, sleep, logs }) => {
    const r: Record<string, unknown> = {};
    const server = new gw.WebSocketServer();
    r.listen = server.listen(9080, [], true);
    r.server = [server.isListening(), server.getPeer(1), server.hasPeer(1)];
    r.serverStatus = server.getConnectionStatus();
    r.listenLogs = logs.splice(0);
    const record = (c: InstanceType<typeof gw.WebSocketClient>) => {
      const ev: string[] = [];
      c.connectionEstablished.connect((p) => ev.push(`established:${p}`));
      c.connectionFailed.connect(() => ev.push('failed'));
      c.connectionError.connect(() => ev.push('error'));
      c.serverCloseRequest.connect((code, reason) => ev.push(`close_request:${code}:${reason}`));
      c.connectionClosed.connect((clean) => ev.push(`closed:${clean}`));
      return ev;
    };
    const closed = `ws://127.0.0.1:${params.closedPort}/`;
    const refused = new gw.WebSocketClient();
    const refusedEvents = record(refused);
    r.refused = refused.connectToUrl(closed);
    await pollUntil(
      'refused',
      () => refused.getConnectionStatus() === 0,
      () => refused.poll(),
    );
    r.refusedEvents = refusedEvents;

    const mp = new gw.WebSocketClient();
    const mpEvents = record(mp);
    mp.connectToUrl(closed, [], true);
    await pollUntil(
      'mp refused',
      () => mp.getConnectionStatus() === 0,
      () => mp.poll(),
    );
    r.mpEvents = mpEvents;

    const local = new gw.WebSocketClient();
    const localEvents = record(local);
    local.verifySsl = false;
    local.trustedSslCertificate = { fake: true };
    local.connectToUrl(params.plainUrl as string, ['chat']);
    r.tlsLogs = logs.splice(0);
    const poll = () => local.poll();
    await pollUntil('open', () => local.getConnectionStatus() === 2, poll);
    local.disconnectFromHost(4001, 'bye');
    await pollUntil('closed', () => local.getConnectionStatus() === 0, poll);
    r.localEvents = localEvents;

    const dropped = new gw.WebSocketClient();
    const droppedEvents = record(dropped);
    dropped.connectToUrl(params.plainUrl as string, ['chat']);
    dropped.disconnectFromHost();
    r.droppedStatus = dropped.getConnectionStatus();
    for (let i = 0; i < 20; i++) {
      dropped.poll();
      await sleep(5);
    }
    r.droppedEvents = droppedEvents;
    r.badUrl = dropped.connectToUrl('');
    r.logs = logs.slice();
    return r;
  },
};

let mpServer: WebSocketServer;
let plainServer: WebSocketServer;
let nodeClient: WebSocketClient | null = null;
const nodeEvents: string[] = [];
let timer: NodeJS.Timeout;
let page: ChromiumPage;
let closePage: () => Promise<void>;

function listen(server: WebSocketServer, protocols: string[], gdMpApi: boolean): void {
  server.bindIp = '127.0.0.1';
  assert.equal(server.listen(0, protocols, gdMpApi), Error.OK);
}

before(async () => {
  mpServer = new WebSocketServer();
  listen(mpServer, [], true);
  plainServer = new WebSocketServer();
  listen(plainServer, ['chat'], false);
  await pollUntil(
    'servers to listen',
    () => mpServer.getLocalPort() > 0 && plainServer.getLocalPort() > 0,
  );
  const mpUrl = `ws://127.0.0.1:${mpServer.getLocalPort()}/`;
  // The Node client joins once the page's client is in; it echoes every packet to its sender.
  mpServer.peerConnected.connect(() => {
    if (nodeClient) return;
    nodeClient = new WebSocketClient();
    nodeClient.peerConnected.connect((id) => nodeEvents.push(`+${id}`));
    nodeClient.peerDisconnected.connect((id) => nodeEvents.push(`-${id}`));
    assert.equal(nodeClient.connectToUrl(mpUrl, [], true), Error.OK);
  });
  plainServer.dataReceived.connect((id) => {
    const peer = plainServer.getPeer(id);
    if (!peer) return;
    const data = peer.getPacket();
    if (new TextDecoder().decode(data) === 'close me') {
      plainServer.disconnectPeer(id, 4000, 'server bye');
      return;
    }
    peer.setWriteMode(
      peer.wasStringPacket() ? WriteMode.WRITE_MODE_TEXT : WriteMode.WRITE_MODE_BINARY,
    );
    peer.putPacket(data);
  });
  timer = setInterval(() => {
    mpServer.poll();
    plainServer.poll();
    const c = nodeClient;
    if (!c) return;
    c.poll();
    while (c.getAvailablePacketCount() > 0) {
      const from = c.getPacketPeer();
      const data = c.getPacket();
      nodeEvents.push(`packet:${from}`);
      c.setTargetPeer(from);
      c.putPacket(data);
    }
  }, 3);
  const closed = new TCPServer();
  closed.listen(0, '127.0.0.1');
  await pollUntil('a port', () => closed.getLocalPort() > 0);
  const closedPort = closed.getLocalPort();
  closed.stop();
  const opened = await openBundlePage('ws://127.0.0.1', scenarios, {
    mpUrl,
    plainUrl: `ws://127.0.0.1:${plainServer.getLocalPort()}/`,
    closedPort,
  });
  page = opened.page;
  closePage = opened.close;
});

after(async () => {
  await closePage?.();
  clearInterval(timer);
  nodeClient?.disconnectFromHost();
  mpServer?.stop();
  plainServer?.stop();
});

test('Chromium: the Godot 3 client (gd_mp_api) joins our Node WebSocketServer and exchanges packets with a Node client through the relay', async () => {
  const { value, logs } = await scenarioResult(page, 'multiplayer');
  const v = value as { id: number; other: number };
  assert.ok(nodeClient, 'the Node client never started');
  assert.ok(v.id > 1);
  assert.equal(v.other, nodeClient.getUniqueId());
  assert.deepEqual(value, {
    connect: Error.OK,
    statusAfterConnect: 1,
    id: v.id,
    other: v.other,
    put: Error.OK,
    replyFrom: v.other,
    reply: 'ping',
    putVar: Error.OK,
    varFrom: v.other,
    var: ['var', 42],
    statusAfterDisconnect: 2,
    events: [
      '+1',
      'succeeded',
      `+${v.other}`,
      `packet:${v.other}`,
      `packet:${v.other}`,
      'close_request:1000:bye',
      'failed',
    ],
  });
  assert.deepEqual(logs, []);
  await pollUntil('the Node client to see it leave', () => nodeEvents.includes(`-${v.id}`));
  assert.deepEqual(nodeEvents, ['+1', `+${v.id}`, `packet:${v.id}`, `packet:${v.id}`, `-${v.id}`]);
});

test('Chromium: the Godot 3 client without gd_mp_api: established, data, then the server closes (4000 "server bye", no NUL)', async () => {
  const { value } = await scenarioResult(page, 'plain');
  assert.deepEqual(value, {
    connect: Error.OK,
    connectLogs: [
      'warning: customHeaders are ignored in browsers (the browser writes the request).',
    ],
    put: Error.OK,
    echo: 'abc',
    echoIsString: false,
    textEcho: 'text',
    textIsString: true,
    connected: true,
    notMultiplayer: 0,
    host: '',
    port: 0,
    events: ['established:chat', 'data', 'data', 'close_request:4000:server bye', 'closed:true'],
    logs: [
      'error: Not in multiplayer mode (gd_mp_api): use getPeer(id) to exchange packets.',
      'warning: getConnectedHost is not available in browsers.',
      'warning: getConnectedPort is not available in browsers.',
    ],
  });
});

test('Chromium: WebSocketServer cannot listen; every close emits serverCloseRequest then connectionClosed, errors connectionError (Godot 3 HTML5)', async () => {
  const { value } = await scenarioResult(page, 'failures');
  assert.deepEqual(value, {
    listen: Error.ERR_UNAVAILABLE,
    server: [false, null, false],
    serverStatus: 0,
    listenLogs: ['error: WebSocketServer.listen: a browser cannot listen for connections.'],
    refused: Error.OK,
    refusedEvents: ['error', 'close_request:1006:', 'closed:false'],
    mpEvents: ['failed', 'close_request:1006:'],
    tlsLogs: [
      'warning: trustedSslCertificate and verifySsl are ignored in browsers (the browser checks certificates).',
    ],
    localEvents: ['established:chat', 'close_request:4001:bye', 'closed:true'],
    droppedStatus: 0,
    droppedEvents: [],
    badUrl: Error.ERR_INVALID_PARAMETER,
    logs: ['error: connectToUrl: invalid URL "".'],
  });
});

test('Chromium: the Godot 3 page ran every scenario and reported no stray errors', async () => {
  await page.waitForReport('done', (r) => (r as { kind?: string }).kind === 'done', 60_000);
  const errors = page.reports.filter((r) => (r as { kind?: string }).kind === 'error');
  assert.deepEqual(errors, []);
});
