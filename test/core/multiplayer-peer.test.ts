import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Error } from '../../src/core/error.js';
import {
  type ConnectionStatus,
  MultiplayerPeer,
  randomPeerId,
} from '../../src/core/multiplayer-peer.js';

class NullPeer extends MultiplayerPeer {
  poll(): void {}
  close(): void {}
  disconnectPeer(): void {}
  getUniqueId(): number {
    return 1;
  }
  getConnectionStatus(): ConnectionStatus {
    return MultiplayerPeer.CONNECTION_DISCONNECTED;
  }
  getPacketPeer(): number {
    return 0;
  }
  getAvailablePacketCount(): number {
    return 0;
  }
  protected getPacketRaw(): Uint8Array | Error {
    return Error.ERR_UNAVAILABLE;
  }
  protected putPacketRaw(): Error {
    return Error.OK;
  }
}

test('constants have Godot 4 values', () => {
  assert.equal(MultiplayerPeer.TARGET_PEER_BROADCAST, 0);
  assert.equal(MultiplayerPeer.TARGET_PEER_SERVER, 1);
  assert.deepEqual(
    [
      MultiplayerPeer.CONNECTION_DISCONNECTED,
      MultiplayerPeer.CONNECTION_CONNECTING,
      MultiplayerPeer.CONNECTION_CONNECTED,
    ],
    [0, 1, 2],
  );
  assert.deepEqual(
    [
      MultiplayerPeer.TRANSFER_MODE_UNRELIABLE,
      MultiplayerPeer.TRANSFER_MODE_UNRELIABLE_ORDERED,
      MultiplayerPeer.TRANSFER_MODE_RELIABLE,
    ],
    [0, 1, 2],
  );
});

test('base properties and defaults', () => {
  const p = new NullPeer();
  assert.equal(p.refuseNewConnections, false);
  assert.equal(p.transferChannel, 0);
  assert.equal(p.transferMode, MultiplayerPeer.TRANSFER_MODE_RELIABLE);
  p.refuseNewConnections = true;
  assert.equal(p.isRefusingNewConnections(), true);
  p.setTransferMode(MultiplayerPeer.TRANSFER_MODE_UNRELIABLE);
  assert.equal(p.getTransferMode(), 0);
  p.setTargetPeer(-5);
  assert.equal(p.getTargetPeer(), -5);
  assert.equal(p.getPacketChannel(), 0);
  assert.equal(p.getPacketMode(), MultiplayerPeer.TRANSFER_MODE_RELIABLE);
});

test('generated ids are 31-bit and never 0 or 1', () => {
  const p = new NullPeer();
  for (let i = 0; i < 2000; i++) {
    const id = i % 2 ? randomPeerId() : p.generateUniqueId();
    assert.ok(Number.isInteger(id) && id >= 2 && id <= 0x7fffffff, String(id));
  }
});
