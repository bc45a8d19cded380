import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Error } from '../../../src/core/error.js';
import type { SceneRelayServer } from '../../../src/websocket/scene-relay/scene-relay-server.js';
import type { Godot4SceneClient } from '../../helpers/godot4-scene-client.js';
import { captureLog } from '../../helpers/log.js';
import { pollUntil } from '../../helpers/poll.js';
import { join, pollEverything, settle, startRelay } from '../../helpers/scene-relay-setup.js';

const A = 10; // 0x0a
const B = 20; // 0x14
const C = 30; // 0x1e

/** Three Godot-4-like clients A, B, C joined in that order; wire logs reset afterwards. */
async function threeClients(options: Parameters<typeof startRelay>[1] = {}) {
  const { relay, url, log } = await startRelay([A, B, C, 40], options);
  const a = await join(relay, url);
  const b = await join(relay, url, [a]);
  const c = await join(relay, url, [a, b]);
  const all = [a, b, c];
  await pollUntil(
    'every client to know the others',
    () => all.every((x) => x.connectedPeers.size === 3),
    pollEverything(relay, all),
  );
  return { relay, url, log, a, b, c, all };
}

function take(client: Godot4SceneClient): string[] {
  return client.wire.splice(0);
}

async function arrived(relay: SceneRelayServer, all: Godot4SceneClient[], check: () => boolean) {
  await pollUntil('the packets', check, pollEverything(relay, all));
  await settle(relay, all);
}

describe('SceneRelayServer: three Godot 4 clients through the relay (docs/godot4-multiplayer.md §3.6)', () => {
  test('admission: ADD_PEER in Godot order, every client learns the others', async () => {
    const { relay, log, a, b, c } = await threeClients();
    try {
      assert.deepEqual(relay.getPeers(), [A, B, C]);
      assert.deepEqual(log, [`joined:${A}`, `joined:${B}`, `joined:${C}`]);
      // ADD_PEER = 07 01 <id int32 LE>, always from peer 1.
      assert.deepEqual(a.wire, ['1:070114000000', '1:07011e000000']);
      assert.deepEqual(b.wire, ['1:07010a000000', '1:07011e000000']);
      assert.deepEqual(c.wire, ['1:07010a000000', '1:070114000000']);
      assert.deepEqual(a.events, [
        'connected_to_server',
        'peer_connected:1',
        'peer_connected:20',
        'peer_connected:30',
      ]);
      assert.deepEqual(c.events, [
        'connected_to_server',
        'peer_connected:1',
        'peer_connected:10',
        'peer_connected:20',
      ]);
    } finally {
      relay.close();
    }
  });

  test('A → B: RELAY with the source substituted, only B gets it, the server does not process it', async () => {
    const { relay, log, a, b, c, all } = await threeClients();
    try {
      for (const x of all) take(x);
      log.length = 0;
      assert.equal(a.sendBytes(Uint8Array.of(0xab), B), Error.OK); // A sends 07 03 14000000 03ab
      await arrived(relay, all, () => b.wire.length === 1);
      assert.deepEqual(take(b), ['1:07030a00000003ab']);
      assert.deepEqual(b.processed.splice(0), ['10:03ab']);
      assert.ok(b.events.includes('peer_packet:10:ab'));
      assert.deepEqual([take(a), take(c), log], [[], [], []]);
    } finally {
      relay.close();
    }
  });

  test('A → all: B and C get it, A does not, and the server processes it as from A', async () => {
    const { relay, log, a, b, c, all } = await threeClients();
    try {
      for (const x of all) take(x);
      log.length = 0;
      a.sendBytes(Uint8Array.of(0xcd), 0);
      await arrived(relay, all, () => b.wire.length === 1 && c.wire.length === 1);
      assert.deepEqual(take(b), ['1:07030a00000003cd']);
      assert.deepEqual(take(c), ['1:07030a00000003cd']);
      assert.deepEqual(take(a), []);
      assert.deepEqual(log, ['packet:10:03cd', 'peer_packet:10:cd']);
    } finally {
      relay.close();
    }
  });

  test('A → all but B: only C gets it; the server processes it; all but 1: the server does not', async () => {
    const { relay, log, a, b, c, all } = await threeClients();
    try {
      for (const x of all) take(x);
      log.length = 0;
      a.sendBytes(Uint8Array.of(0xef), -B);
      await arrived(relay, all, () => c.wire.length === 1);
      assert.deepEqual(take(c), ['1:07030a00000003ef']);
      assert.deepEqual([take(a), take(b)], [[], []]);
      assert.deepEqual(log.splice(0), ['packet:10:03ef', 'peer_packet:10:ef']);
      a.sendBytes(Uint8Array.of(0x11), -1);
      await arrived(relay, all, () => b.wire.length === 1 && c.wire.length === 1);
      assert.deepEqual([take(b), take(c)], [['1:07030a0000000311'], ['1:07030a0000000311']]);
      assert.deepEqual(log, []);
    } finally {
      relay.close();
    }
  });

  test('A → server (id 1): sent raw, handed to Node code, nobody else gets it', async () => {
    const { relay, log, a, b, c, all } = await threeClients();
    try {
      for (const x of all) take(x);
      log.length = 0;
      a.sendBytes(Uint8Array.of(1, 2, 3), 1); // raw 03 010203
      const rpcLike = Uint8Array.of(0x00, 0x01, 0x02); // a REMOTE_CALL-shaped packet
      a.sendCommand(1, rpcLike);
      await arrived(relay, all, () => log.length === 3);
      assert.deepEqual(log, ['packet:10:03010203', 'peer_packet:10:010203', 'packet:10:000102']);
      assert.deepEqual([take(a), take(b), take(c)], [[], [], []]);
    } finally {
      relay.close();
    }
  });

  test('Node as peer 1: sendBytes to one, all, all-but-one; sendRaw; bad targets', async () => {
    const { relay, a, b, c, all } = await threeClients();
    const errors = captureLog('error');
    try {
      for (const x of all) take(x);
      assert.equal(relay.sendBytes(B, Uint8Array.of(7)), Error.OK);
      assert.equal(relay.sendBytes(0, Uint8Array.of(8)), Error.OK);
      assert.equal(relay.sendBytes(-B, Uint8Array.of(9)), Error.OK);
      assert.equal(relay.sendRaw(C, Uint8Array.of(0x00, 0xaa)), Error.OK);
      assert.equal(relay.sendBytes(99, Uint8Array.of(1)), Error.ERR_INVALID_PARAMETER);
      assert.equal(relay.sendBytes(1, Uint8Array.of(1)), Error.ERR_INVALID_PARAMETER);
      assert.equal(relay.sendBytes(0, new Uint8Array(0)), Error.ERR_INVALID_DATA);
      await arrived(
        relay,
        all,
        () => a.wire.length === 2 && b.wire.length === 2 && c.wire.length === 3,
      );
      assert.deepEqual(take(a), ['1:0308', '1:0309']);
      assert.deepEqual(take(b), ['1:0307', '1:0308']);
      assert.deepEqual(take(c), ['1:0308', '1:0309', '1:00aa']);
      assert.ok(b.events.includes('peer_packet:1:07'));
      assert.equal(errors.lines.length, 3);
    } finally {
      errors.restore();
      relay.close();
    }
  });

  test('B leaves: A and C get DEL_PEER(B); a relay to B afterwards is dropped silently', async () => {
    const { relay, log, a, b, c, all } = await threeClients();
    try {
      for (const x of all) take(x);
      log.length = 0;
      b.close();
      const rest = [a, c];
      await arrived(relay, rest, () => a.wire.length === 1 && c.wire.length === 1);
      assert.deepEqual(take(a), ['1:070214000000']);
      assert.deepEqual(take(c), ['1:070214000000']);
      assert.ok(a.events.includes('peer_disconnected:20'));
      assert.ok(c.events.includes('peer_disconnected:20'));
      assert.deepEqual(log, ['left:20']);
      assert.deepEqual(relay.getPeers(), [A, C]);
      a.sendBytes(Uint8Array.of(1), B);
      await settle(relay, rest);
      assert.deepEqual([take(a), take(c)], [[], []]);
    } finally {
      relay.close();
    }
  });

  test("after A leaves, a new peer D learns the others in Godot's order (C's place moved)", async () => {
    const { relay, url, a, b, c } = await threeClients();
    try {
      a.close();
      await arrived(relay, [b, c], () => relay.getPeers().length === 2);
      assert.deepEqual(relay.getPeers(), [C, B], "the last id took the leaver's place");
      const d = await join(relay, url, [b, c]);
      await arrived(relay, [b, c, d], () => d.connectedPeers.size === 3);
      assert.deepEqual(d.wire, ['1:07011e000000', '1:070114000000']); // ADD_PEER(C), then (B)
      assert.deepEqual(relay.getPeers(), [C, B, 40]);
    } finally {
      relay.close();
    }
  });

  test('disconnectPeer(B) from Node: DEL_PEER now, B is closed, no peerLeft', async () => {
    const { relay, log, a, b, c, all } = await threeClients();
    try {
      for (const x of all) take(x);
      log.length = 0;
      relay.disconnectPeer(B);
      assert.deepEqual(relay.getPeers(), [A, C]);
      await arrived(
        relay,
        all,
        () => b.events.includes('server_disconnected') && c.wire.length === 1,
      );
      assert.deepEqual([take(a), take(c)], [['1:070214000000'], ['1:070214000000']]);
      assert.deepEqual(log, []);
    } finally {
      relay.close();
    }
  });
});
