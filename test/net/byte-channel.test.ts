import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ByteChannel } from '../../src/net/byte-channel.js';
import { pollUntil } from '../helpers/poll.js';
import { connectedPair, listeningServer } from './tcp-pair.js';

test('StreamPeerTCP as a ByteChannel: chunks out zero-copy, batched writes, readEnded', async () => {
  const server = await listeningServer();
  const [client, peer] = await connectedPair(server);
  const channel: ByteChannel = peer;
  let woken = 0;
  channel.onActivity = () => woken++;
  try {
    const parts = Array.from({ length: 64 }, (_, i) => new Uint8Array([i]));
    assert.equal(client.writeChunks(parts), true);
    const got: number[] = [];
    await pollUntil('64 bytes', () => {
      for (let c = channel.readChunk(); c !== undefined; c = channel.readChunk()) got.push(...c);
      return got.length === 64;
    });
    assert.deepEqual(
      got,
      parts.map((p) => p[0]),
    );
    assert.ok(woken >= 1);
    channel.unreadChunk(new Uint8Array([1, 2]));
    assert.equal(peer.getAvailableBytes(), 2);
    assert.deepEqual([...(channel.readChunk() ?? [])], [1, 2]);
    assert.equal(channel.writableLength, 0);
    client.writeChunks([new Uint8Array([99])]);
    client.endGracefully();
    await pollUntil('FIN', () => peer.getAvailableBytes() === 1 && woken >= 3);
    assert.equal(channel.readEnded, false, 'one byte still unread');
    channel.readChunk();
    assert.equal(channel.readEnded, true);
    assert.equal(peer.getStatus(), 2, 'status changes only in poll');
    peer.poll();
    assert.equal(peer.getStatus(), 0);
  } finally {
    client.disconnectFromHost();
    peer.disconnectFromHost();
    server.stop();
  }
  assert.equal(peer.writeChunks([new Uint8Array(1)]), false, 'gone');
});

test('setReadLimit pauses at the limit and resumes when drained', async () => {
  const server = await listeningServer();
  const [client, peer] = await connectedPair(server);
  try {
    peer.setReadLimit(1000);
    const block = new Uint8Array(100_000);
    client.putData(block);
    await pollUntil('some data', () => peer.getAvailableBytes() >= 1000);
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(peer.getAvailableBytes() < 100_000, `paused at ${peer.getAvailableBytes()}`);
    let total = 0;
    await pollUntil('all data', () => {
      for (let c = peer.readChunk(); c !== undefined; c = peer.readChunk()) total += c.byteLength;
      return total === 100_000;
    });
  } finally {
    client.disconnectFromHost();
    peer.disconnectFromHost();
    server.stop();
  }
});
