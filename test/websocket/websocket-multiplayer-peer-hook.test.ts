// WebSocketMultiplayerPeer's Node-extra request hook: plain HTTP answered on the game's port,
// multiplayer clients still admitted, a rejected upgrade never becomes a peer.
import assert from 'node:assert/strict';
import { get } from 'node:http';
import { test } from 'node:test';
import { MultiplayerPeer } from '../../src/core/multiplayer-peer.js';
import { WebSocketMultiplayerPeer } from '../../src/websocket/websocket-multiplayer-peer.js';
import { captureLog } from '../helpers/log.js';
import { connectClient, pollAll, recordSignals, startServer } from '../helpers/mp-peers.js';
import { pollFor, pollUntil } from '../helpers/poll.js';

test('setHandshakeRequestHook: a page for plain GETs, 403 for one path, clients still join', async () => {
  const log = captureLog('error');
  const mp = new WebSocketMultiplayerPeer();
  const seen: string[] = [];
  mp.setHandshakeRequestHook((request) => {
    seen.push(request.path);
    if (request.path === '/banned') return { status: 403 };
    if (request.headers.get('upgrade')?.toLowerCase() === 'websocket') return undefined;
    return { status: 200, headers: ['Content-Type: text/html'], body: '<p>hi</p>' };
  });
  const { server, port, url } = await startServer(mp);
  const events = recordSignals(server);
  try {
    let page: { status: number; body: string } | undefined;
    const request = get({ host: '127.0.0.1', port, path: '/', timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (s: string) => {
        body += s;
      });
      res.on('end', () => {
        page = { status: res.statusCode ?? 0, body };
      });
    });
    request.on('error', () => {});
    await pollUntil(
      'the page',
      () => page !== undefined,
      () => server.poll(),
    );
    assert.deepEqual(page, { status: 200, body: '<p>hi</p>' });
    const client = await connectClient(server, url);
    assert.equal(events.length, 1);
    const banned = new WebSocketMultiplayerPeer();
    assert.equal(banned.createClient(`${url}banned`), 0);
    await pollUntil(
      'the banned client to give up',
      () => banned.getConnectionStatus() === MultiplayerPeer.CONNECTION_DISCONNECTED,
      pollAll(server, banned),
    );
    await pollFor(50, pollAll(server, client));
    assert.deepEqual(seen, ['/', '/', '/banned']);
    assert.equal(events.length, 1, events.join(' '));
    client.close();
  } finally {
    server.close();
    log.restore();
  }
});
