// maxArgBytes and the client-to-client allow-list, between emulated Godot 4 clients in a room.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Variant } from '../../../src/core/variant/variant.js';
import { decodeGodot3Call, encodeGodot3Call } from '../../../src/server/rpc/godot3-rpc-wire.js';
import { decodeRemoteCall, encodeRemoteCall } from '../../../src/server/rpc/godot4-remote-call.js';
import { RpcTable } from '../../../src/server/rpc/rpc-manifest.js';
import { WebSocketClient } from '../../../src/websocket/godot3/websocket-client.js';
import type { Godot4SceneClient } from '../../helpers/godot4-scene-client.js';
import { captureLog } from '../../helpers/log.js';
import { pollUntil } from '../../helpers/poll.js';
import { joinRoom, pumpAll, startRoomServer } from '../../helpers/room-server-setup.js';

const manifest = { Main: ['chat', 'set_health', 'submit'] };
const ids = new RpcTable(manifest);
const call = (target: { path: string } | { cacheId: number }, method: string, ...args: Variant[]) =>
  encodeRemoteCall(target, ids.methodId('Main', method), args).packet;

/** SIMPLIFY_PATH `01 <md5 + NUL> <id u32> <path + NUL>`, as a Godot 4 client sends it. */
function simplify(id: number, path: string): Uint8Array {
  const md5 = ids.node('Main')?.md5 ?? '';
  const bytes = Buffer.alloc(38 + path.length + 1);
  bytes[0] = 1;
  bytes.write(md5, 1, 'latin1');
  bytes.writeUInt32LE(id, 34);
  bytes.write(path, 38, 'utf8');
  return bytes;
}

/** The calls `client` processed from `from`: "method arg1 arg2…". */
function callsFrom(client: Godot4SceneClient, from: number): string[] {
  const out: string[] = [];
  for (const entry of client.processed) {
    const [sender, hexed] = entry.split(':');
    if (Number(sender) !== from) continue;
    const decoded = decodeRemoteCall(Buffer.from(hexed ?? '', 'hex'));
    if ('call' in decoded) {
      const method = ids.node('Main')?.names[decoded.call.methodId] ?? '?';
      out.push([method, ...decoded.call.args.map(String)].join(' '));
    }
  }
  return out;
}

test('only allow-listed methods go from client to client; oversized calls go nowhere; the server still gets its calls', async (t) => {
  const log = captureLog('warning');
  t.after(() => log.restore());
  const { server, url, origin } = await startRoomServer({
    rpc: { manifest, clientToClient: ['/root/Main:chat'], maxArgBytes: 64 },
  });
  t.after(() => server.close());
  const a = await joinRoom(server, url('/g'));
  const b = await joinRoom(server, url('/g'), [a]);
  const pump = pumpAll(server, [a, b]);
  await pollUntil('a and b to see each other', () => a.connectedPeers.size === 2, pump);
  const room = server.getRoom('/g');
  const atServer: string[] = [];
  for (const method of ['chat', 'set_health']) {
    room?.onRpc('Main', method, (from, ...args) =>
      atServer.push([from, method, ...args.map(String)].join(' ')),
    );
  }
  const [ia, ib] = [a.getUniqueId(), b.getUniqueId()];
  const main = { path: 'Main' };

  a.sendCommand(ib, call(main, 'set_health', 0)); // a cheat: not relayed
  a.sendCommand(0, call(main, 'set_health', 1)); // not relayed, but the server's handler runs
  a.sendCommand(0, call(main, 'chat', 'x'.repeat(100))); // too large: nowhere
  a.sendCommand(0, call(main, 'chat', 'hi')); // everyone
  a.sendCommand(0, simplify(7, 'Main')); // relayed (and answered by the server)
  a.sendCommand(ib, call({ cacheId: 7 }, 'chat', 'by id')); // allowed, by the cached id
  a.sendCommand(ib, call({ cacheId: 7 }, 'set_health', 2)); // not allowed, by the cached id
  a.sendCommand(ib, call({ cacheId: 9 }, 'chat', 'unknown id')); // cannot be named: not relayed
  a.sendCommand(ib, call(main, 'chat', 'last'));
  await pollUntil("b to get a's last call", () => callsFrom(b, ia).includes('chat last'), pump);
  assert.deepEqual(callsFrom(b, ia), ['chat hi', 'chat by id', 'chat last']);
  assert.deepEqual(atServer, [`${ia} set_health 1`, `${ia} chat hi`]);

  const dropped = room?.session.rpc?.stats.dropped;
  assert.equal(dropped?.['not-relayed'], 4, 'set_health ×3, the unknown id');
  assert.equal(dropped?.['too-large'], 2, 'relayed and to the server');
  const metrics = await (await fetch(`${origin}/metrics`)).text();
  assert.match(metrics, /godot_ws_rpc_total\{outcome="dropped:not-relayed"\} 4\b/);
  assert.match(metrics, /godot_ws_rpc_total\{outcome="dropped:too-large"\} 2\b/);
  // One line per peer and kind, however many calls.
  assert.equal(
    log.lines.filter((l) => l.includes('(not-relayed)')).length,
    1,
    log.lines.join('\n'),
  );
});

test('without rules every call is relayed, as a Godot server does; 16 KiB arguments at most by default', async (t) => {
  const log = captureLog('warning');
  t.after(() => log.restore());
  const { server, url } = await startRoomServer({ rpc: { manifest } });
  t.after(() => server.close());
  const a = await joinRoom(server, url('/h'));
  const b = await joinRoom(server, url('/h'), [a]);
  const pump = pumpAll(server, [a, b]);
  await pollUntil('a and b to see each other', () => a.connectedPeers.size === 2, pump);
  const ib = b.getUniqueId();
  a.sendCommand(ib, call({ path: 'Main' }, 'set_health', 0));
  a.sendCommand(ib, call({ path: 'Other' }, 'set_health', 1)); // a node the manifest lacks
  a.sendCommand(ib, call({ path: 'Main' }, 'chat', 'y'.repeat(17 * 1024)));
  a.sendCommand(ib, call({ path: 'Main' }, 'chat', 'last'));
  await pollUntil('the last call', () => callsFrom(b, a.getUniqueId()).includes('chat last'), pump);
  assert.equal(b.processed.length, 3);
  assert.equal(server.getRoom('/h')?.session.rpc?.stats.dropped['too-large'], 1);
});

test('godot3 rooms: only allow-listed methods (by name) go from client to client; oversized ones go nowhere', async (t) => {
  const log = captureLog('warning');
  t.after(() => log.restore());
  const { server, url } = await startRoomServer({
    kind: 'godot3',
    rpc: { clientToClient: ['chat'], maxArgBytes: 64 },
  });
  const a = new WebSocketClient();
  const b = new WebSocketClient();
  t.after(() => {
    a.disconnectFromHost();
    b.disconnectFromHost();
    server.close();
  });
  const seen = new Map([
    [a, 0],
    [b, 0],
  ]);
  for (const c of [a, b]) c.peerConnected.connect(() => seen.set(c, (seen.get(c) ?? 0) + 1));
  a.connectToUrl(url('/g3'), [], true);
  b.connectToUrl(url('/g3'), [], true);
  const pump = pumpAll(server, [a, b]);
  await pollUntil('both to see each other', () => seen.get(a) === 2 && seen.get(b) === 2, pump);
  const atServer: string[] = [];
  const room = server.getRoom('/g3');
  for (const method of ['chat', 'set_health']) {
    room?.onRpc('Main', method, (_from, ...args) => atServer.push(`${method} ${args.join(',')}`));
  }
  const send = (to: number, method: string, ...args: Variant[]) => {
    a.setTargetPeer(to);
    a.putPacket(encodeGodot3Call({ path: 'Main' }, method, args).packet);
  };
  const ib = b.getUniqueId();
  send(ib, 'set_health', 0); // to b only: dropped
  send(0, 'set_health', 1); // to all: only the server's copy
  send(0, 'chat', 'z'.repeat(100)); // too large: nowhere
  send(0, 'chat', 'hi');
  send(ib, 'chat', 'last');
  const received: string[] = [];
  await pollUntil(
    "b to get a's last call",
    () => {
      while (b.getAvailablePacketCount() > 0) {
        const p = b.getPacket();
        const d = decodeGodot3Call(p);
        if ('call' in d) received.push(`${d.call.method} ${d.call.args.join(',')}`);
      }
      return received.includes('chat last');
    },
    pump,
  );
  assert.deepEqual(received, ['chat hi', 'chat last']);
  assert.deepEqual(atServer, ['set_health 1', 'chat hi']);
  const dropped = room?.session.rpc?.stats.dropped;
  assert.equal(dropped?.['not-relayed'], 2);
  assert.equal(dropped?.['too-large'], 2);
});
