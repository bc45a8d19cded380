// WebSocketPeer.acceptHttpUpgrade: a WebSocket endpoint on an http.Server's port, next to pages.
import assert from 'node:assert/strict';
import { createServer, get } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { test } from 'node:test';
import { WebSocketPeer } from '../../src/websocket/websocket-peer.js';
import { pollUntil } from '../helpers/poll.js';

test('http.Server serves a page and hands upgrades to WebSocketPeer.acceptHttpUpgrade', async () => {
  const accepted: WebSocketPeer[] = [];
  const http = createServer((_req, res) => res.end('a page'));
  http.on('upgrade', (req, socket, head) => {
    const peer = new WebSocketPeer();
    peer.setSupportedProtocols(['chat']);
    peer.setHandshakeRequestHook((request) => {
      assert.equal(request.headers.get('x-player'), 'alice');
      return undefined;
    });
    assert.equal(peer.acceptHttpUpgrade(req, socket as Socket, head), 0);
    accepted.push(peer);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  const client = new WebSocketPeer();
  try {
    const page = await new Promise<string>((resolve, reject) => {
      get({ host: '127.0.0.1', port, path: '/' }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => {
          body += c;
        });
        res.on('end', () => resolve(body));
      }).on('error', reject);
    });
    assert.equal(page, 'a page');
    client.setSupportedProtocols(['chat']);
    client.setHandshakeHeaders(['X-Player: alice']);
    assert.equal(client.connectToUrl(`ws://127.0.0.1:${port}/room?x=1`), 0);
    const pollBoth = () => {
      client.poll();
      for (const p of accepted) p.poll();
    };
    await pollUntil(
      'both OPEN',
      () =>
        client.getReadyState() === WebSocketPeer.STATE_OPEN &&
        accepted[0]?.getReadyState() === WebSocketPeer.STATE_OPEN,
      pollBoth,
    );
    const server = accepted[0]!;
    assert.equal(server.getSelectedProtocol(), 'chat');
    assert.equal(server.getRequestedUrl(), `ws://127.0.0.1:${port}/room?x=1`);
    assert.equal(server.getConnectedHost(), '127.0.0.1');
    client.sendText('ping');
    await pollUntil('the message', () => server.getAvailablePacketCount() > 0, pollBoth);
    assert.equal(new TextDecoder().decode(server.getPacket()), 'ping');
    server.sendText('pong');
    await pollUntil('the reply', () => client.getAvailablePacketCount() > 0, pollBoth);
    assert.equal(new TextDecoder().decode(client.getPacket()), 'pong');
    client.close(4000, 'bye');
    await pollUntil(
      'closed',
      () => server.getReadyState() === WebSocketPeer.STATE_CLOSED,
      pollBoth,
    );
    assert.equal(server.getCloseCode(), 4000);
  } finally {
    client.close(-1);
    for (const p of accepted) p.close(-1);
    http.closeAllConnections();
    http.close();
  }
});
