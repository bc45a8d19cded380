import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Error } from '../../../src/core/error.js';
import type { AuthCallback } from '../../../src/websocket/scene-relay/auth-sessions.js';
import { Godot4SceneClient } from '../../helpers/godot4-scene-client.js';
import { captureLog } from '../../helpers/log.js';
import { pollUntil } from '../../helpers/poll.js';
import { hex, join, pollEverything, settle, startRelay } from '../../helpers/scene-relay-setup.js';

const text = new TextEncoder();
const secret = text.encode('secret');

/** Server side: "secret" → reply "ok" and complete; anything else → refuse. */
const checkSecret: AuthCallback = (_id, data) =>
  hex(data) === hex(secret) ? { reply: text.encode('ok'), complete: true } : 'refuse';

/** A client with an auth_callback that sends `password` when peer 1 starts authenticating. */
function authClient(password: Uint8Array) {
  return (client: Godot4SceneClient) => {
    client.authCallback = () => {
      client.completeAuth(1);
    };
    client.mp.peerConnected.connect(() => {
      client.sendAuth(1, password);
    });
  };
}

describe('SceneRelayServer: authentication (docs/godot4-multiplayer.md §3.6 rule 2)', () => {
  test('both sides with a callback: 07 00 <data> both ways, then 07 00 both ways, then admission', async () => {
    const seen: string[] = [];
    const { relay, url, log } = await startRelay([10, 20], {
      auth: (id, data) => {
        seen.push(`${id}:${hex(data)}`);
        return checkSecret(id, data);
      },
    });
    try {
      const a = await join(relay, url, [], authClient(secret));
      assert.deepEqual(seen, ['10:736563726574']);
      // From the relay: AUTH data "ok" (07 00 6f6b), then the 2-byte completion (07 00).
      assert.deepEqual(a.wire, ['1:07006f6b', '1:0700']);
      assert.deepEqual(a.events, [
        'peer_authenticating:1',
        'auth_data:1:6f6b',
        'connected_to_server',
        'peer_connected:1',
      ]);
      await pollUntil('admission', () => relay.getPeers().length === 1, pollEverything(relay, [a]));
      assert.deepEqual(log, ['authenticating:10', 'joined:10']);
      const b = await join(relay, url, [a], authClient(secret));
      await pollUntil(
        'A to learn B',
        () => a.connectedPeers.has(20),
        pollEverything(relay, [a, b]),
      );
      assert.deepEqual(b.wire.slice(0, 3), ['1:07006f6b', '1:0700', '1:07010a000000']);
      assert.deepEqual(relay.getPeers(), [10, 20]);
      assert.deepEqual(relay.getAuthenticatingPeers(), []);
    } finally {
      relay.close();
    }
  });

  test('wrong data: refused, the client sees peer_authentication_failed and is dropped', async () => {
    const { relay, url, log } = await startRelay([11], { auth: checkSecret });
    try {
      const a = await join(relay, url, [], authClient(text.encode('nope')), (c) =>
        c.events.includes('server_disconnected'),
      );
      assert.deepEqual(a.events, [
        'peer_authenticating:1',
        'peer_authentication_failed:1',
        'server_disconnected',
      ]);
      assert.deepEqual(log, ['authenticating:11', 'auth_failed:11']);
      assert.deepEqual(relay.getPeers(), []);
    } finally {
      relay.close();
    }
  });

  test('Node completes later with sendAuth / completeAuth; their errors match Godot', async () => {
    const { relay, url, log } = await startRelay([12], { auth: () => undefined });
    const errors = captureLog('error');
    try {
      const a = new Godot4SceneClient();
      authClient(secret)(a);
      a.connect(url);
      const all = [a];
      await pollUntil(
        'the auth data',
        () => relay.getAuthenticatingPeers().length === 1,
        pollEverything(relay, all),
      );
      assert.equal(relay.sendAuth(12, new Uint8Array(0)), Error.ERR_INVALID_PARAMETER);
      assert.equal(relay.sendAuth(99, Uint8Array.of(1)), Error.ERR_INVALID_PARAMETER);
      assert.equal(relay.sendAuth(12, Uint8Array.of(0x42)), Error.OK);
      assert.equal(relay.completeAuth(12), Error.OK);
      assert.equal(relay.completeAuth(12), Error.ERR_FILE_CANT_WRITE);
      assert.equal(relay.sendAuth(12, Uint8Array.of(1)), Error.ERR_FILE_CANT_WRITE);
      await pollUntil('admission', () => relay.getPeers().length === 1, pollEverything(relay, all));
      assert.deepEqual(a.wire, ['1:070042', '1:0700']);
      assert.ok(a.events.includes('connected_to_server'));
      assert.deepEqual(log, ['authenticating:12', 'joined:12']);
      assert.equal(errors.lines.length, 4);
    } finally {
      errors.restore();
      relay.close();
    }
  });

  test('a client without auth_callback admits peer 1 at once and ignores 07 00; the relay times it out', async () => {
    const { relay, url, log } = await startRelay([13], { auth: checkSecret, authTimeout: 0.3 });
    relay.peerAuthenticating.connect((id) => relay.completeAuth(id));
    try {
      const a = await join(relay, url, [], undefined, (c) => c.wire.length === 1);
      assert.deepEqual(a.wire, ['1:0700']);
      assert.deepEqual(a.events, ['connected_to_server', 'peer_connected:1']);
      await pollUntil(
        'the auth timeout',
        () => log.includes('auth_failed:13'),
        pollEverything(relay, [a]),
      );
      await pollUntil(
        'the drop',
        () => a.events.includes('server_disconnected'),
        pollEverything(relay, [a]),
      );
      assert.deepEqual(log, ['authenticating:13', 'auth_failed:13']);
    } finally {
      relay.close();
    }
  });

  test('packets from a pending client are dropped; without the auth option no AUTH bytes at all', async () => {
    const { relay, url, log } = await startRelay([14, 15], { auth: checkSecret, authTimeout: 0 });
    try {
      // A pending client's non-AUTH packets are dropped (Godot: ERR_CONTINUE).
      const p = new Godot4SceneClient();
      p.connect(url);
      await pollUntil(
        'pending on the relay, connected on the client',
        () => relay.getAuthenticatingPeers().length === 1 && p.getUniqueId() === 14,
        pollEverything(relay, [p]),
      );
      assert.equal(p.sendBytes(Uint8Array.of(1), 1), Error.OK);
      assert.equal(p.sendBytes(Uint8Array.of(2), 0), Error.OK);
      await settle(relay, [p]);
      assert.deepEqual(log, ['authenticating:14']);
      p.close();
      relay.close();

      const open = await startRelay([16]);
      const a = await join(open.relay, open.url);
      await settle(open.relay, [a]);
      assert.deepEqual(a.wire, []);
      assert.deepEqual(open.log, ['joined:16']);
      open.relay.close();
    } finally {
      relay.close();
    }
  });
});
