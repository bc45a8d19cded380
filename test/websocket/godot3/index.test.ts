import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as godot3 from '../../../src/websocket/godot3/index.js';

test('the godot3 entry exports the Godot 3 classes under their Godot 3 names', () => {
  for (const name of [
    'WebSocketClient',
    'WebSocketServer',
    'WebSocketPeer',
    'WebSocketMultiplayerPeer',
    'NetworkedMultiplayerPeer',
    'X509Certificate',
    'CryptoKey',
    'Signal',
    'Error',
    'logger',
  ]) {
    assert.ok(name in godot3, name);
  }
  const client = new godot3.WebSocketClient();
  assert.ok(client instanceof godot3.NetworkedMultiplayerPeer);
  assert.equal(client.variantFormat, 'godot3');
  assert.equal(client.getPeer(1).variantFormat, 'godot3');
  assert.equal(godot3.WebSocketPeer.WRITE_MODE_BINARY, 1);
  assert.equal(godot3.NetworkedMultiplayerPeer.CONNECTION_CONNECTED, 2);
});
