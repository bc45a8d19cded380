// serve's --max-message and --heartbeat, seen from outside.
import assert from 'node:assert/strict';
import { connect as tcpConnect } from 'node:net';
import { test } from 'node:test';
import { runCli, startServe } from '../helpers/cli.js';

test('--max-message: a larger message is refused with 1009; connect reports it and exits 1', async () => {
  const { cli, url } = await startServe(['--mode', 'echo', '--max-message', '10']);
  try {
    const ok = await runCli(['connect', url, '--wait', '0.3'], { input: '1234567890\n' });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout, '1234567890\n');
    const big = await runCli(['connect', url, '--wait', '2'], { input: '12345678901\n' });
    assert.equal(big.code, 1);
    assert.equal(big.stdout, '');
    assert.match(big.stderr, /closed: close 1009\n$/);
    await cli.waitForLine(/left \(.*\): close 1009/);
  } finally {
    cli.kill();
  }
});

test('--heartbeat: a client that never answers pings is dropped after the interval', async () => {
  const { cli, port } = await startServe(['--mode', 'echo', '--heartbeat', '0.3']);
  const socket = tcpConnect(port, '127.0.0.1');
  try {
    const frames: number[] = [];
    let headDone = false;
    socket.on('data', (chunk: Buffer) => {
      // After the 101 (which may share a chunk with the first frame), note each frame's first
      // byte (0x89 = ping; the server's pings are empty, so one frame is 2 bytes).
      let rest = chunk;
      if (!headDone) {
        const end = chunk.indexOf('\r\n\r\n');
        if (end < 0) return;
        headDone = true;
        rest = chunk.subarray(end + 4);
      }
      for (let i = 0; i + 1 < rest.length; i += 2 + (rest[i + 1]! & 0x7f)) frames.push(rest[i]!);
    });
    socket.on('error', () => {});
    socket.write(
      'GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    const started = Date.now();
    const line = await cli.waitForLine(/ left \(/, 5000);
    const elapsed = Date.now() - started;
    assert.match(line, /dropped without a close frame$/);
    assert.ok(frames.includes(0x89), `a ping was sent: ${frames}`);
    assert.ok(elapsed >= 300 && elapsed < 3000, `dropped after ${elapsed} ms`);
  } finally {
    socket.destroy();
    cli.kill();
  }
});

test('--peer-rate / --peer-kick-after: a client that keeps flooding is closed with 1008', async () => {
  const { cli, url } = await startServe([
    '--mode',
    'echo',
    '--peer-rate',
    '20:20',
    '--peer-kick-after',
    '0.5',
  ]);
  try {
    const { WebSocketPeer } = await import('../../src/websocket/websocket-peer.js');
    const { pollUntil } = await import('../helpers/poll.js');
    const ws = new WebSocketPeer();
    ws.connectToUrl(url);
    let echoed = 0;
    let sent = 0;
    await pollUntil(
      'the server to close the flood',
      () => ws.getReadyState() === 3,
      () => {
        ws.poll();
        if (ws.getReadyState() === 1)
          for (let i = 0; i < 20; i++) if (ws.sendText('x') === 0) sent++;
        while (ws.getAvailablePacketCount() > 0) {
          ws.getPacket();
          echoed++;
        }
      },
      10_000,
    );
    assert.equal(ws.getCloseCode(), 1008);
    assert.equal(ws.getCloseReason(), 'rate limit exceeded');
    assert.ok(echoed < sent / 2, `${echoed} of ${sent} echoed`);
    await cli.waitForLine(/left \(.*\): close 1008/);
  } finally {
    cli.kill();
  }
});

test('--peer-rate refuses what is not N or N:BURST', async () => {
  const bad = await runCli(['serve', '--peer-rate', '10:20:30']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--peer-rate is N or N:BURST/);
});
