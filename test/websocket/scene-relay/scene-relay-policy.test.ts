import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Error } from '../../../src/core/error.js';
import { SceneRelayServer } from '../../../src/websocket/scene-relay/scene-relay-server.js';
import type { Godot4SceneClient } from '../../helpers/godot4-scene-client.js';
import { captureLog } from '../../helpers/log.js';
import { pollUntil } from '../../helpers/poll.js';
import { join, pollEverything, settle, startRelay } from '../../helpers/scene-relay-setup.js';

async function three(options: Parameters<typeof startRelay>[1]) {
  const { relay, url, log } = await startRelay([10, 20, 30], options);
  const a = await join(relay, url);
  const b = await join(relay, url, [a]);
  const c = await join(relay, url, [a, b]);
  const all = [a, b, c];
  await pollUntil(
    'peers known',
    () => all.every((x) => x.connectedPeers.size === 3),
    pollEverything(relay, all),
  );
  for (const x of all) x.wire.length = 0;
  log.length = 0;
  return { relay, log, a, b, c, all };
}

function wires(clients: Godot4SceneClient[]): string[][] {
  return clients.map((c) => c.wire.splice(0));
}

describe('SceneRelayServer: relay policy', () => {
  test("'none': nothing is forwarded, but packets for the server still reach Node", async () => {
    const { relay, log, a, all } = await three({ relay: 'none' });
    try {
      a.sendBytes(Uint8Array.of(1), 20);
      a.sendBytes(Uint8Array.of(2), 0);
      await pollUntil(
        'the broadcast at the server',
        () => log.length === 2,
        pollEverything(relay, all),
      );
      await settle(relay, all);
      assert.deepEqual(wires(all), [[], [], []]);
      assert.deepEqual(log, ['packet:10:0302', 'peer_packet:10:02']);
    } finally {
      relay.close();
    }
  });

  test('a filter decides per recipient and sees the sender, recipient, inner packet and target', async () => {
    const calls: string[] = [];
    const { relay, a, b, c, all } = await three({
      relay: (from, to, packet, target) => {
        calls.push(`${from}>${to}@${target}:${packet[0]}`);
        return to !== 20;
      },
    });
    try {
      a.sendBytes(Uint8Array.of(5), 0);
      await pollUntil('C', () => c.wire.length === 1, pollEverything(relay, all));
      await settle(relay, all);
      assert.deepEqual(wires([a, b, c]), [[], [], ['1:07030a0000000305']]);
      assert.deepEqual(calls, ['10>20@0:3', '10>30@0:3']);
      relay.relayPolicy = 'all';
      a.sendBytes(Uint8Array.of(6), 20);
      await pollUntil('B', () => b.wire.length === 1, pollEverything(relay, all));
      assert.deepEqual(b.wire, ['1:07030a0000000306']);
    } finally {
      relay.close();
    }
  });
});

describe('SceneRelayServer: a relay that waits for a slow recipient', () => {
  test('the policy judges each packet once per recipient, however often the relay retries it', async () => {
    const calls = new Map<string, number>(); // "packet>recipient" → times asked
    const { relay, a, b, c, all } = await three({
      relay: (_from, to, packet) => {
        const key = `${(packet[1]! << 8) | packet[2]!}>${to}`;
        calls.set(key, (calls.get(key) ?? 0) + 1);
        return true;
      },
    });
    const COUNT = 300; // of 60,000 bytes: more than the kernel buffers towards c hold
    for (const x of all) x.logPackets = false;
    let sent = 0;
    let stalled = 0; // polls since a last managed to send
    const send = () => {
      if (sent === COUNT || stalled++ % 25 !== 0) return; // (each refused send logs a line)
      const payload = new Uint8Array(60_000);
      payload[0] = sent >> 8;
      payload[1] = sent & 0xff;
      if (a.sendBytes(payload, 0) === Error.OK) {
        sent++;
        stalled = 0;
      }
    };
    const quiet = captureLog('error');
    try {
      // c reads nothing: the relay holds a's packets for it (and a behind them) and retries
      // them on every poll, until a can no longer send.
      await pollUntil(
        'a to be held back',
        () => sent === COUNT || stalled > 300,
        () => {
          send();
          relay.poll();
          a.poll();
          b.poll();
        },
      );
      assert.ok((b.rawFrom.get(10) ?? 0) < COUNT, 'the relay held packets back');
      await pollUntil(
        `all ${COUNT} at b and c`,
        () => b.rawFrom.get(10) === COUNT && c.rawFrom.get(10) === COUNT,
        () => {
          send();
          pollEverything(relay, all)();
        },
        20_000,
      );
      const repeated = [...calls].filter(([, n]) => n !== 1);
      assert.deepEqual(repeated, [], 'no packet was judged twice for a recipient');
      assert.equal(calls.size, 2 * COUNT);
    } finally {
      for (const x of all) x.close();
      await settle(relay, all);
      quiet.restore();
      relay.close();
    }
  });
});

describe('SceneRelayServer: hostile or odd input never crashes and changes nothing', () => {
  test('malformed SYS packets, ADD/DEL from a client, relayed SYS, RELAY to 1 are all dropped', async () => {
    const { relay, log, a, b, c, all } = await three({});
    const quiet = captureLog('error');
    try {
      const odd = [
        [0x07], // too short
        [0x07, 0x03, 0x14, 0x00], // RELAY header cut
        [0x07, 0x03, 0x14, 0x00, 0x00, 0x00], // RELAY without an inner packet
        [0x07, 0x01, 0x63, 0x00, 0x00, 0x00], // ADD_PEER from a client
        [0x07, 0x02, 0x14, 0x00, 0x00, 0x00], // DEL_PEER from a client
        [0x07, 0x09, 0x00, 0x00, 0x00, 0x00], // unknown sub-command
        [0x07, 0x00, 0x01], // AUTH data after admission
        [0x07, 0x03, 0x01, 0x00, 0x00, 0x00, 0x03, 0x01], // RELAY to the server (id 1)
      ];
      for (const packet of odd) a.sendCommand(1, Uint8Array.from(packet));
      a.sendCommand(0, Uint8Array.of(0x07, 0x01, 0x63, 0, 0, 0)); // a SYS packet inside RELAY
      a.sendCommand(1, Uint8Array.of(0x07, 0x00)); // a late AUTH confirmation: ignored
      await pollUntil(
        'the relayed SYS at B',
        () => b.wire.length === 1,
        pollEverything(relay, all),
      );
      await settle(relay, all);
      // Godot relays the inner SYS packet unchanged (clients then drop it), but does not process it.
      assert.deepEqual(wires([b, c]), [
        ['1:07030a000000070163000000'],
        ['1:07030a000000070163000000'],
      ]);
      assert.deepEqual(b.connectedPeers.has(99), false);
      assert.deepEqual(log, []);
      assert.deepEqual(relay.getPeers(), [10, 20, 30]);
      a.sendBytes(Uint8Array.of(0x77), 30);
      await pollUntil('still relaying', () => c.wire.length === 1, pollEverything(relay, all));
    } finally {
      quiet.restore();
      relay.close();
    }
  });

  test('ERR_UNCONFIGURED before listen; close() is quiet and the relay can listen again', async () => {
    const relay = new SceneRelayServer();
    const log = captureLog('error');
    try {
      assert.equal(relay.sendBytes(0, Uint8Array.of(1)), Error.ERR_UNCONFIGURED);
      relay.disconnectPeer(5);
      assert.equal(log.lines.length, 2);
      assert.deepEqual(relay.getPeers(), []);
      relay.poll();
      assert.equal(relay.listen(0, '127.0.0.1'), Error.OK);
      assert.equal(relay.listen(0, '127.0.0.1'), Error.ERR_ALREADY_IN_USE);
      relay.close();
      assert.equal(relay.getLocalPort(), 0);
      assert.equal(relay.listen(0, '127.0.0.1'), Error.OK);
    } finally {
      log.restore();
      relay.close();
    }
  });
});
