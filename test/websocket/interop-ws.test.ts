// Our WebSocketPeer against the `ws` library over real 127.0.0.1 sockets, in both roles:
// our client ↔ a ws server, and a ws client ↔ our server-side peer (from our TCPServer).
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { afterEach, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { Error } from '../../src/core/error.js';
import { TCPServer } from '../../src/net/tcp-server.js';
import { WebSocketPeer } from '../../src/websocket/websocket-peer.js';
import { captureLog } from '../helpers/log.js';
import { pollUntil } from '../helpers/poll.js';
import { headOf, scanFrames, startTapProxy } from '../helpers/tap-proxy.js';
import {
  closedBoth,
  closeLinks,
  connectOurClient,
  echo,
  link,
  nextPacket,
  ROLES,
  rawFrame,
  startWsServer,
  wsClientToOurServer,
} from '../helpers/ws-interop.js';
import { listenLoopback } from '../helpers/ws-pair.js';

const { STATE_CLOSED, WRITE_MODE_TEXT, WRITE_MODE_BINARY } = WebSocketPeer;
const MiB = 1 << 20;
const SIZES = [0, 1, 125, 126, 65535, 65536, MiB];
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

afterEach(closeLinks);

function bigLimits(peer: WebSocketPeer): void {
  peer.inboundBufferSize = MiB + 1024;
  peer.outboundBufferSize = 4 * MiB;
}

/** A string of exactly `n` UTF-8 bytes mixing 1- to 4-byte characters. */
function textOf(n: number): string {
  return 'a€é😀'.repeat(Math.floor(n / 10)) + 'a'.repeat(n % 10);
}

function binaryOf(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 131 + (i >> 8)) & 255;
  return out;
}

for (const role of ROLES) {
  describe(`interop with ws: ${role}`, () => {
    test('text and binary of 0 B … 1 MiB echo intact with their kind', async () => {
      const l = await link(role, bigLimits);
      echo(l.ws);
      for (const size of SIZES) {
        const text = textOf(size);
        assert.equal(l.peer.sendText(text), Error.OK, `sendText ${size}`);
        const gotText = await nextPacket(l, `${size} B text back`);
        assert.equal(l.peer.wasStringPacket(), true, `${size} B text kind`);
        assert.equal(gotText.byteLength, size);
        assert.equal(fromUtf8.decode(gotText), text);
        const bin = binaryOf(size);
        assert.equal(l.peer.send(bin, WRITE_MODE_BINARY), Error.OK, `send ${size}`);
        const gotBin = await nextPacket(l, `${size} B binary back`);
        assert.equal(l.peer.wasStringPacket(), false, `${size} B binary kind`);
        assert.deepEqual(gotBin, bin);
      }
      assert.equal(l.log.messages.length, 2 * SIZES.length);
      for (const [i, m] of l.log.messages.entries()) assert.equal(m.binary, i % 2 === 1);
    });

    test('fragmented messages from ws, with a ping in between, arrive as one packet', async () => {
      const l = await link(role, bigLimits);
      const euro = utf8.encode('€'); // split across two fragments
      l.ws.send(Buffer.from([0x61, euro[0]!]), { binary: false, fin: false });
      l.ws.ping(Buffer.from('mid'));
      l.ws.send(Buffer.from([euro[1]!, euro[2]!, 0x62]), { binary: false, fin: false });
      l.ws.send(Buffer.alloc(0), { binary: false, fin: true });
      const text = await nextPacket(l, 'the reassembled text');
      assert.equal(fromUtf8.decode(text), 'a€b');
      assert.equal(l.peer.wasStringPacket(), true);
      await pollUntil('the pong', () => l.log.pongs.length > 0, l.poll);
      assert.equal(l.log.pongs[0]?.toString(), 'mid');

      const big = binaryOf(300_000);
      l.ws.send(big.subarray(0, 1), { binary: true, fin: false });
      l.ws.send(big.subarray(1, 70_000), { binary: true, fin: false });
      l.ws.ping();
      l.ws.send(big.subarray(70_000), { binary: true, fin: true });
      l.ws.send('after');
      assert.deepEqual(await nextPacket(l, 'the reassembled binary'), big);
      assert.equal(l.peer.wasStringPacket(), false);
      assert.equal(fromUtf8.decode(await nextPacket(l, 'the next message')), 'after');
      assert.equal(l.peer.getAvailablePacketCount(), 0);
    });

    test('ws close(4001, "x") is seen by us and echoed', async () => {
      const l = await link(role);
      l.ws.close(4001, 'x');
      await closedBoth(l);
      assert.equal(l.peer.getCloseCode(), 4001);
      assert.equal(l.peer.getCloseReason(), 'x');
      assert.deepEqual(l.log.close, { code: 4001, reason: 'x' });
    });

    test('a close reason with one trailing NUL (Godot 3 style) is reported without it', async () => {
      const l = await link(role);
      l.ws.close(4001, 'bye\0');
      await closedBoth(l);
      assert.equal(l.peer.getCloseCode(), 4001);
      assert.equal(l.peer.getCloseReason(), 'bye');
      assert.deepEqual(l.log.close, { code: 4001, reason: 'bye\0' }, 'echoed byte for byte');
      const m = await link(role);
      m.ws.close(4001, 'a\0b\0\0');
      await closedBoth(m);
      assert.equal(m.peer.getCloseReason(), 'a\0b\0', 'only one trailing NUL goes');
    });

    test('our close(4002, "y") is seen by ws; its echo closes us cleanly', async () => {
      const l = await link(role);
      l.peer.close(4002, 'y');
      assert.equal(l.peer.getReadyState(), WebSocketPeer.STATE_CLOSING);
      await closedBoth(l);
      assert.deepEqual(l.log.close, { code: 4002, reason: 'y' });
      assert.equal(l.peer.getCloseCode(), 4002);
      assert.equal(l.peer.getCloseReason(), 'y');
    });

    test('our close(0) sends no status: ws sees 1005, we report 0', async () => {
      const l = await link(role);
      l.peer.close(0);
      await closedBoth(l);
      assert.deepEqual(l.log.close, { code: 1005, reason: '' });
      assert.equal(l.peer.getCloseCode(), 0);
    });

    test('an invalid close code from ws (1004) makes us close with 1002', async () => {
      const log = captureLog();
      try {
        const l = await link(role);
        l.socket.write(rawFrame(0x8, Uint8Array.of(0x03, 0xec), l.wsIsClient));
        await closedBoth(l);
        assert.equal(l.peer.getCloseCode(), 1002);
        assert.equal(l.peer.getCloseReason(), 'Protocol error');
        assert.equal(l.log.close?.code, 1002);
      } finally {
        log.restore();
      }
    });

    test('a message over our inboundBufferSize: we close 1009, ws sees 1009', async () => {
      const log = captureLog();
      try {
        const l = await link(role, (p) => (p.inboundBufferSize = 1000));
        l.ws.send(Buffer.alloc(1000, 1));
        assert.equal((await nextPacket(l, 'the 1000 B message')).byteLength, 1000);
        l.ws.send(Buffer.alloc(1001, 2));
        await closedBoth(l);
        assert.equal(l.peer.getCloseCode(), 1009);
        assert.equal(l.peer.getCloseReason(), 'Message too big');
        assert.equal(l.log.close?.code, 1009);
      } finally {
        log.restore();
      }
    });

    test('invalid UTF-8 in a text message from ws: we close 1007, ws sees 1007', async () => {
      const log = captureLog();
      try {
        const l = await link(role);
        l.ws.send(Buffer.from([0x68, 0xff, 0x69]), { binary: false });
        await closedBoth(l);
        assert.equal(l.peer.getCloseCode(), 1007);
        assert.equal(l.peer.getCloseReason(), 'Invalid frame payload data');
        assert.equal(l.log.close?.code, 1007);
        assert.equal(l.peer.getAvailablePacketCount(), 0);
      } finally {
        log.restore();
      }
    });

    test('text sent with send(…, WRITE_MODE_TEXT) reaches ws as text', async () => {
      const l = await link(role);
      assert.equal(l.peer.send(utf8.encode('hé'), WRITE_MODE_TEXT), Error.OK);
      assert.equal(l.peer.putPacket(Uint8Array.of(9)), Error.OK);
      await pollUntil('two messages at ws', () => l.log.messages.length === 2, l.poll);
      assert.deepEqual(l.log.messages[0], { data: Buffer.from('hé'), binary: false });
      assert.deepEqual(l.log.messages[1], { data: Buffer.of(9), binary: true });
    });
  });
}

describe('interop with ws: permessage-deflate is never negotiated', () => {
  test('a ws server with permessage-deflate: we offer none, it sends no RSV frames', async () => {
    const server = await startWsServer({ perMessageDeflate: { threshold: 0 } });
    const proxy = await startTapProxy(server.port);
    let peer: WebSocketPeer | null = null;
    try {
      peer = await connectOurClient(`ws://127.0.0.1:${proxy.port}/`, bigLimits);
      const { ws } = await server.next();
      echo(ws);
      assert.equal(ws.extensions, '');
      const text = 'compress me '.repeat(5000);
      assert.equal(peer.sendText(text), Error.OK);
      const p = peer;
      await pollUntil(
        'the echo',
        () => p.getAvailablePacketCount() > 0,
        () => p.poll(),
      );
      assert.equal(new TextDecoder().decode(p.getPacket()), text);
      const request = headOf(proxy.up[0] ?? []);
      const response = headOf(proxy.down[0] ?? []);
      assert.doesNotMatch(request, /sec-websocket-extensions/i);
      assert.doesNotMatch(response, /sec-websocket-extensions/i);
      const frames = scanFrames(proxy.down[0] ?? []);
      assert.equal(frames.length, 1);
      assert.deepEqual(frames[0], { fin: true, rsv: 0, opcode: 1, masked: false, length: 60000 });
    } finally {
      peer?.close(-1);
      proxy.close();
      server.close();
    }
  });

  test('a ws client offering permessage-deflate is declined; it then sends plain frames', async () => {
    const c = await wsClientToOurServer(bigLimits, { perMessageDeflate: { threshold: 0 } });
    try {
      assert.equal(c.response.headers['sec-websocket-extensions'], undefined);
      assert.equal(c.ws.extensions, '');
      const text = 'compress me '.repeat(5000);
      c.ws.send(text);
      await pollUntil(
        'the message',
        () => c.peer.getAvailablePacketCount() > 0,
        () => c.peer.poll(),
      );
      assert.equal(new TextDecoder().decode(c.peer.getPacket()), text);
      assert.equal(c.peer.getReadyState(), WebSocketPeer.STATE_OPEN);
    } finally {
      c.close();
    }
  });

  test('… and on the wire: the offer goes up, no extension and no RSV bit comes back', async () => {
    // Our server behind the tap proxy, so the ws client's own frames can be read too.
    const tcp = new TCPServer();
    await listenLoopback(tcp);
    const proxy = await startTapProxy(tcp.getLocalPort());
    const ws = new WebSocket(`ws://127.0.0.1:${proxy.port}/`, {
      perMessageDeflate: { threshold: 0 },
    });
    ws.on('error', () => {});
    const peer = new WebSocketPeer();
    try {
      await pollUntil('the connection', () => tcp.isConnectionAvailable());
      assert.equal(peer.acceptStream(tcp.takeConnection()), Error.OK);
      await pollUntil(
        'ws open',
        () => ws.readyState === WebSocket.OPEN,
        () => peer.poll(),
      );
      ws.send('compress me '.repeat(100));
      ws.send(Buffer.alloc(2000), { binary: true });
      await pollUntil(
        'two packets',
        () => peer.getAvailablePacketCount() === 2,
        () => peer.poll(),
      );
      assert.match(headOf(proxy.up[0] ?? []), /sec-websocket-extensions: permessage-deflate/i);
      assert.doesNotMatch(headOf(proxy.down[0] ?? []), /sec-websocket-extensions/i);
      const frames = scanFrames(proxy.up[0] ?? []);
      assert.deepEqual(
        frames.map((f) => [f.rsv, f.opcode, f.masked, f.length]),
        [
          [0, 1, true, 1200],
          [0, 2, true, 2000],
        ],
      );
    } finally {
      ws.terminate();
      peer.close(-1);
      proxy.close();
      tcp.stop();
    }
  });
});

describe('interop with ws: handshake details', () => {
  test('our client: subprotocol chosen by ws, extra headers and path seen by ws', async () => {
    const server = await startWsServer({
      handleProtocols: (offered) => (offered.has('bar') ? 'bar' : false),
    });
    let request: { url: string; player: string | undefined; protocol: string | undefined } | null =
      null;
    server.wss.on('connection', (_ws, req) => {
      request = {
        url: req.url ?? '',
        player: req.headers['x-player'] as string | undefined,
        protocol: req.headers['sec-websocket-protocol'],
      };
    });
    try {
      const peer = await connectOurClient(`ws://127.0.0.1:${server.port}/room/1?x=y`, (p) => {
        p.supportedProtocols = ['foo', 'bar'];
        p.handshakeHeaders = ['X-Player: alice'];
      });
      assert.equal(peer.getSelectedProtocol(), 'bar');
      assert.deepEqual(request, { url: '/room/1?x=y', player: 'alice', protocol: 'foo,bar' });
      peer.close(-1);
    } finally {
      server.close();
    }
  });

  test('our client facing a ws server that refuses (401) ends CLOSED with -1', async () => {
    const server = await startWsServer({ verifyClient: () => false });
    const log = captureLog();
    try {
      const peer = new WebSocketPeer();
      assert.equal(peer.connectToUrl(`ws://127.0.0.1:${server.port}/`), Error.OK);
      await pollUntil(
        'CLOSED',
        () => peer.getReadyState() === STATE_CLOSED,
        () => peer.poll(),
      );
      assert.equal(peer.getCloseCode(), -1);
      assert.ok(
        log.lines.some((l) => l.includes('401')),
        log.lines.join('\n'),
      );
    } finally {
      log.restore();
      server.close();
    }
  });

  test('ws client: our server picks its subprotocol from the client order', async () => {
    const c = await wsClientToOurServer((p) => (p.supportedProtocols = ['bar', 'foo']), {}, [
      'foo',
      'bar',
    ]);
    try {
      assert.equal(c.ws.protocol, 'foo');
      assert.equal(c.peer.getSelectedProtocol(), 'foo');
      assert.equal(c.peer.getRequestedUrl(), `ws://127.0.0.1:${c.tcp.getLocalPort()}/`);
    } finally {
      c.close();
    }
  });

  test('ws client rejected by our request hook sees the HTTP status', async () => {
    const tcp = new TCPServer();
    await listenLoopback(tcp);
    const ws = new WebSocket(`ws://127.0.0.1:${tcp.getLocalPort()}/secret`);
    let status = 0;
    ws.on('unexpected-response', (_req, res) => {
      status = res.statusCode ?? -1;
      res.resume();
    });
    ws.on('error', () => {});
    const peer = new WebSocketPeer();
    const log = captureLog();
    try {
      peer.setHandshakeRequestHook((req) =>
        req.path === '/secret' ? { status: 403, reason: 'Forbidden' } : undefined,
      );
      await pollUntil('the connection', () => tcp.isConnectionAvailable());
      assert.equal(peer.acceptStream(tcp.takeConnection()), Error.OK);
      await pollUntil(
        'the 403',
        () => status !== 0,
        () => peer.poll(),
      );
      assert.equal(status, 403);
      assert.equal(peer.getReadyState(), STATE_CLOSED);
    } finally {
      log.restore();
      ws.terminate();
      peer.close(-1);
      tcp.stop();
    }
  });

  test('our client: a ws server that sends and closes at once; the message stays readable', async () => {
    const server = await startWsServer();
    server.wss.on('connection', (ws) => {
      ws.send('welcome');
      ws.close(4000, 'full');
    });
    try {
      const peer = new WebSocketPeer();
      assert.equal(peer.connectToUrl(`ws://127.0.0.1:${server.port}/`), Error.OK);
      await pollUntil(
        'CLOSED',
        () => peer.getReadyState() === STATE_CLOSED,
        () => peer.poll(),
      );
      assert.equal(peer.getCloseCode(), 4000);
      assert.equal(peer.getCloseReason(), 'full');
      assert.equal(peer.getAvailablePacketCount(), 1);
      assert.equal(new TextDecoder().decode(peer.getPacket()), 'welcome');
    } finally {
      server.close();
    }
  });

  test('our server: frames sent in the same write as the upgrade request are read', async () => {
    const tcp = new TCPServer();
    await listenLoopback(tcp);
    const socket = connect(tcp.getLocalPort(), '127.0.0.1');
    const answer: Buffer[] = [];
    socket.on('data', (d: Buffer) => answer.push(d));
    socket.on('error', () => {});
    const request =
      'GET /early HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';
    socket.write(Buffer.concat([Buffer.from(request), rawFrame(1, utf8.encode('early'), true)]));
    const peer = new WebSocketPeer();
    try {
      await pollUntil('the connection', () => tcp.isConnectionAvailable());
      assert.equal(peer.acceptStream(tcp.takeConnection()), Error.OK);
      await pollUntil(
        'the early message',
        () => peer.getAvailablePacketCount() > 0,
        () => peer.poll(),
      );
      assert.equal(new TextDecoder().decode(peer.getPacket()), 'early');
      assert.equal(peer.getRequestedUrl(), 'ws://x/early');
      await pollUntil('the 101', () => Buffer.concat(answer).includes('\r\n\r\n'));
      assert.match(
        Buffer.concat(answer).toString('latin1'),
        /^HTTP\/1\.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK\+xOo=\r\n\r\n$/,
      );
    } finally {
      socket.destroy();
      peer.close(-1);
      tcp.stop();
    }
  });

  test('our client: a ws server choosing a subprotocol we did not offer is refused', async () => {
    const server = await startWsServer({ handleProtocols: () => 'evil' });
    const log = captureLog();
    try {
      const peer = new WebSocketPeer();
      peer.supportedProtocols = ['good'];
      assert.equal(peer.connectToUrl(`ws://127.0.0.1:${server.port}/`), Error.OK);
      await pollUntil(
        'CLOSED',
        () => peer.getReadyState() === STATE_CLOSED,
        () => peer.poll(),
      );
      assert.equal(peer.getCloseCode(), -1);
      assert.equal(peer.getSelectedProtocol(), '');
    } finally {
      log.restore();
      server.close();
    }
  });

  for (const [what, serverProtocols, clientProtocols, headers] of [
    ['offering a subprotocol to a server with none', [], ['foo'], {}],
    ['offering none to a server that needs one', ['bar'], [], {}],
    ['sending 5000 bytes of headers', [], [], { 'X-Big': 'a'.repeat(5000) }],
  ] as const) {
    test(`a ws client ${what} is dropped without an answer`, async () => {
      const tcp = new TCPServer();
      await listenLoopback(tcp);
      const ws = new WebSocket(`ws://127.0.0.1:${tcp.getLocalPort()}/`, [...clientProtocols], {
        headers,
      });
      let failure = '';
      let code = 0;
      ws.on('error', (err) => (failure = err.message));
      ws.on('close', (c) => (code = c));
      const peer = new WebSocketPeer();
      peer.supportedProtocols = [...serverProtocols];
      const log = captureLog();
      try {
        await pollUntil('the connection', () => tcp.isConnectionAvailable());
        assert.equal(peer.acceptStream(tcp.takeConnection()), Error.OK);
        await pollUntil(
          'ws closed',
          () => code !== 0,
          () => peer.poll(),
        );
        assert.equal(peer.getReadyState(), STATE_CLOSED);
        assert.equal(code, 1006);
        assert.match(failure, /socket hang up|ECONNRESET/);
      } finally {
        log.restore();
        ws.terminate();
        peer.close(-1);
        tcp.stop();
      }
    });
  }

  const responses: [string, (head: string[]) => string[], boolean][] = [
    [
      'lower-case "connection: upgrade" is accepted',
      (h) => h.map((l) => (l.startsWith('Connection:') ? 'connection: upgrade' : l)),
      true,
    ],
    [
      'an extension header we did not ask for is ignored (Godot)',
      (h) => [...h, 'Sec-WebSocket-Extensions: permessage-deflate'],
      true,
    ],
    [
      '"Connection: keep-alive, Upgrade" is refused (Godot’s whole-value rule)',
      (h) => h.map((l) => (l.startsWith('Connection:') ? 'Connection: keep-alive, Upgrade' : l)),
      false,
    ],
    [
      'an HTTP/1.0 status line is refused',
      (h) => ['HTTP/1.0 101 Switching Protocols', ...h.slice(1)],
      false,
    ],
    [
      'a response head over 4096 bytes is refused',
      (h) => [...h, `X-Big: ${'a'.repeat(5000)}`],
      false,
    ],
  ];
  for (const [what, edit, opens] of responses) {
    test(`our client and ws's 101 response: ${what}`, async () => {
      const server = await startWsServer();
      server.wss.on('headers', (headers) => {
        const edited = edit(headers);
        headers.length = 0;
        headers.push(...edited);
      });
      const log = captureLog();
      const peer = new WebSocketPeer();
      try {
        assert.equal(peer.connectToUrl(`ws://127.0.0.1:${server.port}/`), Error.OK);
        await pollUntil(
          'the handshake',
          () => peer.getReadyState() !== WebSocketPeer.STATE_CONNECTING,
          () => peer.poll(),
        );
        assert.equal(peer.getReadyState(), opens ? WebSocketPeer.STATE_OPEN : STATE_CLOSED);
        if (opens) {
          const { ws } = await server.next();
          ws.send('plain');
          await pollUntil(
            'a message',
            () => peer.getAvailablePacketCount() > 0,
            () => peer.poll(),
          );
          assert.equal(new TextDecoder().decode(peer.getPacket()), 'plain');
        } else {
          assert.equal(peer.getCloseCode(), -1);
        }
      } finally {
        log.restore();
        peer.close(-1);
        server.close();
      }
    });
  }
});
