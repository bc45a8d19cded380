import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Error } from '../../../src/core/error.js';
import { WebSocketPeer } from '../../../src/websocket/web/websocket-peer.web.js';
import { captureLog } from '../../helpers/log.js';

test('without a global WebSocket, connectToUrl is ERR_UNAVAILABLE with one error; state stays CLOSED', () => {
  const global = globalThis as { WebSocket?: unknown };
  const previous = global.WebSocket;
  delete global.WebSocket;
  const log = captureLog();
  try {
    const peer = new WebSocketPeer();
    assert.equal(peer.connectToUrl('ws://127.0.0.1:9/'), Error.ERR_UNAVAILABLE);
    assert.equal(peer.getReadyState(), WebSocketPeer.STATE_CLOSED);
    assert.deepEqual(log.lines, ['error: connectToUrl: this environment has no WebSocket.']);
  } finally {
    log.restore();
    if (previous !== undefined) global.WebSocket = previous;
  }
});

test('a new peer: CLOSED, close code -1, nothing to read, sends FAILED, close() is harmless', () => {
  const log = captureLog();
  try {
    const peer = new WebSocketPeer();
    assert.equal(peer.getReadyState(), WebSocketPeer.STATE_CLOSED);
    assert.deepEqual([peer.getCloseCode(), peer.getCloseReason()], [-1, '']);
    assert.deepEqual([peer.getSelectedProtocol(), peer.getRequestedUrl()], ['', '']);
    assert.equal(peer.getAvailablePacketCount(), 0);
    assert.equal(peer.getCurrentOutboundBufferedAmount(), 0);
    assert.equal(peer.getPacket().byteLength, 0);
    assert.equal(peer.getPacketError(), Error.ERR_UNAVAILABLE);
    assert.equal(peer.sendText('x'), Error.FAILED);
    assert.equal(peer.putPacket(Uint8Array.of(1)), Error.FAILED);
    peer.close();
    peer.close(-1);
    peer.poll();
    assert.equal(peer.getReadyState(), WebSocketPeer.STATE_CLOSED);
    assert.equal(peer.send('text' as unknown as Uint8Array), Error.ERR_INVALID_PARAMETER);
    assert.equal(log.lines.length, 3); // one per failed send
  } finally {
    log.restore();
  }
});
