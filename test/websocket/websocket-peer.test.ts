import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Error } from '../../src/core/error.js';
import { WebSocketPeer } from '../../src/websocket/websocket-peer.js';
import { captureLog } from '../helpers/log.js';
import { recordNoDelay } from '../helpers/no-delay.js';
import { pollFor, pollUntil } from '../helpers/poll.js';
import { openPair, type Pair } from '../helpers/ws-pair.js';

const { STATE_OPEN, STATE_CLOSING, STATE_CLOSED, WRITE_MODE_TEXT } = WebSocketPeer;
const text = new TextDecoder();

function bytes(n: number, seed = 7): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed) & 255;
  return out;
}

async function receive(pair: Pair, peer: WebSocketPeer, what = 'a packet'): Promise<Uint8Array> {
  await pollUntil(what, () => peer.getAvailablePacketCount() > 0, pair.poll);
  return peer.getPacket();
}

describe('WebSocketPeer: defaults and configuration', () => {
  test('a new peer is CLOSED with Godot defaults', () => {
    const p = new WebSocketPeer();
    assert.equal(p.getReadyState(), STATE_CLOSED);
    assert.equal(p.getCloseCode(), -1);
    assert.equal(p.getCloseReason(), '');
    assert.equal(p.inboundBufferSize, 65535);
    assert.equal(p.outboundBufferSize, 65535);
    assert.equal(p.maxQueuedPackets, 4096);
    assert.equal(p.heartbeatInterval, 0);
    assert.deepEqual(p.supportedProtocols, []);
    assert.deepEqual(p.handshakeHeaders, []);
    assert.equal(p.getSelectedProtocol(), '');
    assert.equal(p.getRequestedUrl(), '');
    assert.equal(p.getCurrentOutboundBufferedAmount(), 0);
    assert.equal(p.wasStringPacket(), false);
  });

  test('setters and getters mirror the properties; protocols are trimmed', () => {
    const p = new WebSocketPeer();
    p.setSupportedProtocols([' a ', 'b']);
    assert.deepEqual(p.getSupportedProtocols(), ['a', 'b']);
    p.inboundBufferSize = 1000;
    assert.equal(p.getInboundBufferSize(), 1000);
    p.setOutboundBufferSize(2000);
    assert.equal(p.outboundBufferSize, 2000);
    p.maxQueuedPackets = 3;
    assert.equal(p.getMaxQueuedPackets(), 3);
    p.setHeartbeatInterval(0.5);
    assert.equal(p.heartbeatInterval, 0.5);
    p.handshakeHeaders = ['X-A: 1'];
    assert.deepEqual(p.getHandshakeHeaders(), ['X-A: 1']);
  });

  test('connectToUrl validates like Godot', () => {
    const log = captureLog('error');
    try {
      const p = new WebSocketPeer();
      assert.equal(p.connectToUrl(''), Error.ERR_INVALID_PARAMETER);
      assert.equal(p.connectToUrl('http://127.0.0.1/'), Error.ERR_INVALID_PARAMETER);
      assert.equal(p.connectToUrl('ws://[::1/'), Error.ERR_INVALID_PARAMETER);
      assert.equal(p.connectToUrl('ws://127.0.0.1:1/'), Error.OK);
      assert.equal(p.getReadyState(), WebSocketPeer.STATE_CONNECTING);
      assert.equal(p.connectToUrl('ws://127.0.0.1:1/'), Error.ERR_ALREADY_IN_USE);
      p.close();
      assert.equal(p.getReadyState(), STATE_CLOSED, 'close while CONNECTING is immediate');
      assert.equal(p.acceptStream(null), Error.ERR_INVALID_PARAMETER);
      assert.equal(p.send(Uint8Array.of(1)), Error.FAILED);
    } finally {
      log.restore();
    }
  });

  test('a refused connection ends CLOSED with code -1 after poll', async () => {
    const log = captureLog('error');
    try {
      const p = new WebSocketPeer();
      assert.equal(p.connectToUrl('ws://127.0.0.1:9/'), Error.OK);
      await pollUntil(
        'CLOSED',
        () => p.getReadyState() === STATE_CLOSED,
        () => p.poll(),
      );
      assert.equal(p.getCloseCode(), -1);
    } finally {
      log.restore();
    }
  });
});

describe('WebSocketPeer: client and server-side peer over 127.0.0.1', () => {
  const pairs: Pair[] = [];
  after(() => {
    for (const p of pairs) p.close();
  });
  async function pair(options?: Parameters<typeof openPair>[0]): Promise<Pair> {
    const p = await openPair(options);
    pairs.push(p);
    return p;
  }

  test('text and binary both ways, wasStringPacket', async () => {
    const p = await pair();
    assert.equal(p.client.sendText('héllo'), Error.OK);
    const got = await receive(p, p.server);
    assert.equal(text.decode(got), 'héllo');
    assert.equal(p.server.wasStringPacket(), true);
    assert.equal(p.server.putPacket(Uint8Array.of(1, 2, 3)), Error.OK);
    const bin = await receive(p, p.client);
    assert.deepEqual([...bin], [1, 2, 3]);
    assert.equal(p.client.wasStringPacket(), false);
    assert.equal(p.server.send(Uint8Array.of(0x41), WRITE_MODE_TEXT), Error.OK);
    await receive(p, p.client);
    assert.equal(p.client.wasStringPacket(), true);
  });

  test('message sizes 0 B … 1 MiB arrive intact in both directions', async () => {
    const big = 1 << 20;
    const p = await pair({
      configureClient: (c) => {
        c.inboundBufferSize = big + 16;
        c.outboundBufferSize = 4 * big;
      },
      configureServer: (s) => {
        s.inboundBufferSize = big + 16;
        s.outboundBufferSize = 4 * big;
      },
    });
    for (const size of [0, 1, 125, 126, 127, 65535, 65536, 100_000, big]) {
      const data = bytes(size, size);
      assert.equal(p.client.send(data), Error.OK, `client send ${size}`);
      const atServer = await receive(p, p.server, `${size} B at the server`);
      assert.equal(atServer.byteLength, size);
      assert.deepEqual(atServer, data);
      assert.equal(p.server.send(atServer), Error.OK, `server send ${size}`);
      const back = await receive(p, p.client, `${size} B back at the client`);
      assert.deepEqual(back, data);
    }
  });

  test('many sends between two polls all arrive, in order', async () => {
    const p = await pair();
    for (let i = 0; i < 500; i++) assert.equal(p.client.sendText(`m${i}`), Error.OK);
    const seen: string[] = [];
    await pollUntil(
      '500 messages',
      () => {
        while (p.server.getAvailablePacketCount() > 0) seen.push(text.decode(p.server.getPacket()));
        return seen.length === 500;
      },
      p.poll,
    );
    assert.deepEqual(
      seen,
      Array.from({ length: 500 }, (_, i) => `m${i}`),
    );
  });

  test('client close with code and reason reaches the server; both CLOSED with that code', async () => {
    const p = await pair();
    p.client.close(4001, 'bye now');
    assert.equal(p.client.getReadyState(), STATE_CLOSING);
    await pollUntil(
      'both CLOSED',
      () => p.client.getReadyState() === STATE_CLOSED && p.server.getReadyState() === STATE_CLOSED,
      p.poll,
    );
    assert.equal(p.server.getCloseCode(), 4001);
    assert.equal(p.server.getCloseReason(), 'bye now');
    assert.equal(p.client.getCloseCode(), 4001, 'the server echoes the code');
    assert.equal(p.client.getCloseReason(), 'bye now');
  });

  test('server close; a message sent just before the close frame stays readable', async () => {
    const p = await pair();
    p.server.sendText('last words');
    p.server.close(1001, 'going away');
    await pollUntil('client CLOSED', () => p.client.getReadyState() === STATE_CLOSED, p.poll);
    assert.equal(p.client.getCloseCode(), 1001);
    assert.equal(p.client.getCloseReason(), 'going away');
    assert.equal(p.client.getAvailablePacketCount(), 1);
    assert.equal(text.decode(p.client.getPacket()), 'last words');
    await pollUntil('server CLOSED', () => p.server.getReadyState() === STATE_CLOSED, p.poll);
  });

  test('close with code 0 sends no status: the other side reports 0', async () => {
    const p = await pair();
    p.client.close(0);
    await pollUntil('server CLOSED', () => p.server.getReadyState() === STATE_CLOSED, p.poll);
    assert.equal(p.server.getCloseCode(), 0);
    assert.equal(p.server.getCloseReason(), '');
  });

  test('a negative code closes at once; the other side sees an unclean close (-1)', async () => {
    const p = await pair();
    p.client.close(-1);
    assert.equal(p.client.getReadyState(), STATE_CLOSED);
    assert.equal(p.client.getCloseCode(), -1);
    await pollUntil('server CLOSED', () => p.server.getReadyState() === STATE_CLOSED, p.poll);
    assert.equal(p.server.getCloseCode(), -1);
  });

  test('a message over inboundBufferSize closes with 1009 and both reach CLOSED', async () => {
    const log = captureLog('error');
    try {
      const p = await pair({ configureServer: (s) => (s.inboundBufferSize = 1000) });
      assert.equal(p.client.send(bytes(1001)), Error.OK);
      await pollUntil(
        'both CLOSED',
        () =>
          p.client.getReadyState() === STATE_CLOSED && p.server.getReadyState() === STATE_CLOSED,
        p.poll,
      );
      assert.equal(p.server.getCloseCode(), 1009);
      assert.equal(p.server.getCloseReason(), 'Message too big');
      assert.equal(p.client.getCloseCode(), 1009);
    } finally {
      log.restore();
    }
  });

  test('sends over outboundBufferSize or maxQueuedPackets return ERR_OUT_OF_MEMORY', async () => {
    const log = captureLog('error');
    try {
      const p = await pair({
        configureClient: (c) => {
          c.outboundBufferSize = 100;
          c.maxQueuedPackets = 3;
        },
      });
      assert.equal(p.client.send(bytes(101)), Error.ERR_OUT_OF_MEMORY);
      assert.equal(p.client.send(bytes(10)), Error.OK);
      assert.equal(p.client.send(bytes(10)), Error.OK);
      assert.equal(p.client.send(bytes(10)), Error.OK);
      assert.equal(p.client.send(bytes(10)), Error.ERR_OUT_OF_MEMORY, 'fourth queued packet');
      assert.equal(log.lines.length, 2);
      assert.ok(p.client.getCurrentOutboundBufferedAmount() >= 30);
      p.client.poll();
      assert.equal(p.client.send(bytes(10)), Error.OK, 'a poll flushes the queue');
    } finally {
      log.restore();
    }
  });

  test('maxQueuedPackets counts messages not yet written out: a reader that stops makes sends fail, then recover', async () => {
    const log = captureLog('error');
    try {
      const p = await pair({
        configureServer: (s) => {
          s.outboundBufferSize = 0; // no byte limit: only the message count bounds the backlog
          s.maxQueuedPackets = 4;
        },
        configureClient: (c) => (c.inboundBufferSize = 1 << 20),
      });
      // The client stops polling: its socket pauses, the kernel buffers fill, then Node's.
      const message = bytes(256 * 1024);
      let accepted = 0;
      let refused = false;
      for (let i = 0; i < 400 && !refused; i++) {
        const err = p.server.send(message);
        if (err === Error.OK) accepted++;
        else {
          assert.equal(err, Error.ERR_OUT_OF_MEMORY);
          refused = true;
        }
        await new Promise((resolve) => setImmediate(resolve)); // flushes run, the kernel takes what it can
      }
      assert.ok(refused, 'sends are refused once 4 messages wait in Node');
      assert.ok(accepted >= 4, `${accepted} accepted`);
      assert.match(log.lines[0] ?? '', /4 messages are still waiting to be written/);
      // Nothing was lost: the client reads every accepted message; then sends go through again.
      let received = 0;
      await pollUntil(
        'the client to read the backlog',
        () => {
          while (p.client.getAvailablePacketCount() > 0) {
            assert.equal(p.client.getPacket().byteLength, message.byteLength);
            received++;
          }
          return received === accepted;
        },
        p.poll,
      );
      assert.equal(p.server.send(message), Error.OK);
    } finally {
      log.restore();
    }
  });

  test('subprotocol: the first of the client list the server supports', async () => {
    const p = await pair({
      configureClient: (c) => (c.supportedProtocols = ['foo', 'bar']),
      configureServer: (s) => (s.supportedProtocols = ['bar', 'foo']),
    });
    assert.equal(p.client.getSelectedProtocol(), 'foo');
    assert.equal(p.server.getSelectedProtocol(), 'foo');
  });

  test('subprotocol mismatch fails the handshake on both sides', async () => {
    const log = captureLog('error');
    try {
      const p = await pair({
        configureClient: (c) => (c.supportedProtocols = ['foo']),
        configureServer: (s) => (s.supportedProtocols = ['bar']),
        waitOpen: false,
      });
      await pollUntil(
        'both CLOSED',
        () =>
          p.client.getReadyState() === STATE_CLOSED && p.server.getReadyState() === STATE_CLOSED,
        p.poll,
      );
      assert.equal(p.client.getCloseCode(), -1);
    } finally {
      log.restore();
    }
  });

  test('handshake headers and the request reach the server-side hook', async () => {
    let seen: { path: string; headers: Map<string, string> } | undefined;
    const p = await pair({
      path: '/room/7?x=1',
      configureClient: (c) => (c.handshakeHeaders = ['X-Player: alice']),
      configureServer: (s) =>
        s.setHandshakeRequestHook((request) => {
          seen = request;
          return undefined;
        }),
    });
    assert.equal(seen?.path, '/room/7?x=1');
    assert.equal(seen?.headers.get('x-player'), 'alice');
    assert.equal(p.server.getRequestedUrl(), `ws://127.0.0.1:${p.port}/room/7?x=1`);
    assert.equal(p.client.getRequestedUrl(), `ws://127.0.0.1:${p.port}/room/7?x=1`);
  });

  test('a hook that rejects answers with the HTTP status; the client fails', async () => {
    const log = captureLog('warning');
    try {
      const p = await pair({
        configureServer: (s) => s.setHandshakeRequestHook(() => ({ status: 403 })),
        waitOpen: false,
      });
      await pollUntil(
        'both CLOSED',
        () =>
          p.client.getReadyState() === STATE_CLOSED && p.server.getReadyState() === STATE_CLOSED,
        p.poll,
      );
      assert.ok(
        log.lines.some((l) => l.includes('403')),
        log.lines.join('\n'),
      );
    } finally {
      log.restore();
    }
  });

  test('host and port getters, setNoDelay (on by default, as in Godot)', async () => {
    let p: Awaited<ReturnType<typeof pair>> | undefined;
    const opening = await recordNoDelay(async () => {
      p = await pair();
    });
    const opened = p!;
    assert.equal(opened.client.getConnectedHost(), '127.0.0.1');
    assert.equal(opened.client.getConnectedPort(), opened.port);
    assert.equal(opened.server.getConnectedHost(), '127.0.0.1');
    assert.ok(opened.server.getConnectedPort() > 0);
    // Both sides switch Nagle off while opening (Godot does for accepted and connected streams).
    const side = (socket: { localPort?: number }) =>
      socket.localPort === opened.port ? 'server' : 'client';
    const atOpen = new Set(opening.filter(([, on]) => on).map(([socket]) => side(socket)));
    assert.deepEqual([...atOpen].sort(), ['client', 'server']);
    const calls = await recordNoDelay(async () => {
      opened.client.setNoDelay(false);
      opened.server.setNoDelay(true);
    });
    assert.deepEqual(
      calls.map(([socket, enabled]) => [side(socket), enabled]),
      [
        ['client', false],
        ['server', true],
      ],
    );
  });

  test('heartbeat: a peer that answers stays open; one that stops polling is dropped', async () => {
    const log = captureLog('error');
    try {
      const p = await pair({ configureClient: (c) => (c.heartbeatInterval = 0.05) });
      await pollFor(300, p.poll);
      assert.equal(p.client.getReadyState(), STATE_OPEN, 'pongs keep it open');
      await pollUntil(
        'the client to drop a silent server',
        () => p.client.getReadyState() === STATE_CLOSED,
        () => p.client.poll(),
        2000,
      );
      assert.equal(p.client.getCloseCode(), -1);
    } finally {
      log.restore();
    }
  });
});
