// A real Godot 4.6 multiplayer client (WebSocketMultiplayerPeer + SceneMultiplayer) against a
// stand-in server written here with `ws`: the id handshake (a bad id refused), the bytes the
// client sends for rpc_id / rpc / send_bytes, and how it takes ADD_PEER, RAW, RELAY, DEL_PEER
// and the server's close. Expected lines and bytes: test/fixtures/godot4-mp-client.json.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type WebSocket, WebSocketServer } from 'ws';
import { test } from '../../helpers/browser-test.js';
import { expectLines, loadScenario, startGodot4 } from '../../helpers/godot4/engine.js';
import { REPO_ROOT } from '../../helpers/godot4/scenario.js';

/** Expectations taken from the engine (see its description). */
const MP_CLIENT_FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'godot4-mp-client.json');

interface MpClientFixture {
  clientId: number;
  clientSent: { what: string; hex: string }[];
  badIdClose: [number, string];
  clientPrinted: string[];
  clientErrors: string[];
}

const CLIENT_ID = 1234;

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b;
};

async function startStandIn() {
  const log: string[] = [];
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (sock: WebSocket, req) => {
    const path = req.url ?? '?';
    log.push(`${path} open`);
    sock.on('close', (code, reason) =>
      log.push(`${path} close ${code} ${JSON.stringify(String(reason))}`),
    );
    const received: Buffer[] = [];
    let closeTimer: NodeJS.Timeout | undefined;
    sock.on('message', (data: Buffer, isBinary) => {
      log.push(`${path} got ${isBinary ? 'binary' : 'text'} ${data.toString('hex')}`);
      received.push(data);
      const hex = data.toString('hex');
      if (path === '/game' && hex === '07034d000000020101000000') {
        // The client's path confirmation for 77 is the last thing it sends: close now.
        clearTimeout(closeTimer);
        sock.close(1000, 'bye');
      } else if (path === '/game' && hex === '03ff') {
        sock.send(Buffer.concat([Buffer.from([7, 1]), u32(77)])); // ADD_PEER 77
      } else if (path === '/game' && hex === '03fe') {
        sock.send(Buffer.from([3, 0xaa, 0xbb])); // RAW from the server
        sock.send(Buffer.concat([Buffer.from([7, 3]), u32(77), Buffer.from([3, 0xcc])])); // RAW from 77
        // Peer 77 calls hello() on this client: the client's own first two packets (path
        // announcement, then the call), relayed as if 77 had sent them.
        for (const packet of received.slice(0, 2)) {
          sock.send(Buffer.concat([Buffer.from([7, 3]), u32(77), packet]));
        }
        sock.send(Buffer.concat([Buffer.from([7, 2]), u32(77)])); // DEL_PEER 77
        // (a fallback: normally the confirmation above closes at once, however slow the engine)
        closeTimer = setTimeout(() => sock.close(1000, 'bye'), 10_000);
      }
    });
    if (path === '/bad-id') sock.send(u32(1));
    if (path === '/game') sock.send(u32(CLIENT_ID));
  });
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      for (const c of wss.clients) c.terminate();
      wss.close(() => resolve());
    });
  return { url, log, close };
}

test('Godot 4 multiplayer client: id handshake, what it sends, what it accepts', async (t) => {
  const server = await startStandIn();
  t.after(() => server.close());
  const g = await startGodot4(loadScenario('mp-client'), { vars: { URL: server.url } });
  t.after(() => g.kill());
  const result = await g.waitForExit(30_000);
  const fixture = JSON.parse(readFileSync(MP_CLIENT_FIXTURE, 'utf8')) as MpClientFixture;
  assert.equal(result.exitCode, 0);
  assert.equal(fixture.clientId, CLIENT_ID);
  expectLines(result.lines, fixture.clientPrinted);
  expectLines(result.errors, fixture.clientErrors, 'engine errors');
  expectLines(
    server.log,
    [
      '/bad-id open',
      `/bad-id close ${fixture.badIdClose[0]} ${JSON.stringify(fixture.badIdClose[1])}`,
      '/game open',
      ...fixture.clientSent.map((m) => `/game got binary ${m.hex}`),
      '/game close 1000 "bye"',
    ],
    'what the stand-in server saw',
  );
});
