// Where a RoomServer lives: on an existing http.Server (the user's own routes beside it), and
// on its own listener with TLS (wss:// and https:// on one port).
import assert from 'node:assert/strict';
import { createServer, get } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { Error } from '../../src/core/error.js';
import { CryptoKey } from '../../src/net/crypto-key.js';
import { TLSOptions } from '../../src/net/tls-options.js';
import { X509Certificate } from '../../src/net/x509-certificate.js';
import { RoomServer } from '../../src/server/room-server.js';
import { WebSocketPeer } from '../../src/websocket/websocket-peer.js';
import { makeTestCerts, type TestCerts } from '../helpers/certs.js';
import { pollUntil } from '../helpers/poll.js';
import { joinRoom } from '../helpers/room-server-setup.js';

let certs: TestCerts;
before(() => {
  certs = makeTestCerts();
});
after(() => certs.cleanup());

function getText(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (s: string) => {
        body += s;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

test('attach: rooms on an existing http.Server, whose own routes keep working; handleRequest mounts the API', async (t) => {
  const rooms = new RoomServer();
  const http = createServer((req, res) => {
    if (req.url?.startsWith('/api/')) {
      req.url = req.url.slice(4); // as a framework's mount point would
      if (rooms.handleRequest(req, res)) return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end('the game site\n');
  });
  rooms.attach(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    rooms.close();
    http.closeAllConnections();
    http.close();
  });
  const port = (http.address() as AddressInfo).port;
  assert.equal(rooms.getLocalPort(), port);
  const client = await joinRoom(rooms, `ws://127.0.0.1:${port}/lobby`);
  assert.deepEqual(rooms.getRoom('/lobby')?.getPeers(), [client.getUniqueId()]);
  assert.deepEqual(await getText(`http://127.0.0.1:${port}/`), {
    status: 200,
    body: 'the game site\n',
  });
  const list = await getText(`http://127.0.0.1:${port}/api/rooms`);
  assert.equal(list.status, 200);
  assert.equal(JSON.parse(list.body).rooms[0].name, '/lobby');
  client.close();
});

test('listen with TLS: wss:// joins and https:// API on one port', async (t) => {
  const key = new CryptoKey();
  const cert = new X509Certificate();
  assert.equal(key.loadFromString(certs.server.keyPem), Error.OK);
  assert.equal(cert.loadFromString(certs.server.certPem), Error.OK);
  const ca = new X509Certificate();
  assert.equal(ca.loadFromString(certs.ca.certPem), Error.OK);
  const rooms = new RoomServer({ kind: 'echo' });
  assert.equal(await rooms.listen(0, '127.0.0.1', { key, certificate: cert }), Error.OK);
  const port = rooms.getLocalPort();
  const ws = new WebSocketPeer();
  t.after(() => {
    ws.close(-1);
    rooms.close();
  });
  assert.equal(ws.connectToUrl(`wss://localhost:${port}/secure`, TLSOptions.client(ca)), Error.OK);
  const pump = () => {
    rooms.poll();
    ws.poll();
  };
  await pollUntil('wss open', () => ws.getReadyState() === WebSocketPeer.STATE_OPEN, pump);
  ws.sendText('over tls');
  await pollUntil('the echo', () => ws.getAvailablePacketCount() > 0, pump);
  assert.equal(new TextDecoder().decode(ws.getPacket()), 'over tls');
  const made = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpsRequest(
      { host: 'localhost', port, path: '/rooms', method: 'POST', ca: certs.ca.certPem },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (s: string) => {
          body += s;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end('{"private":true}');
  });
  assert.equal(made.status, 201);
  assert.match(JSON.parse(made.body).url, /^wss:\/\/localhost:\d+\/[a-z0-9]{6}$/);
});
