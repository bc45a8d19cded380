// Our WebSocketPeer against `ws` over 127.0.0.1: the opening handshake in both roles
// (permessage-deflate never agreed, subprotocols, hooks, refusals, checks on ws's 101).
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { Error } from '../../src/core/error.js';
import { TCPServer } from '../../src/net/tcp-server.js';
import { WebSocketPeer } from '../../src/websocket/websocket-peer.js';
import { captureLog } from '../helpers/log.js';
import { pollUntil } from '../helpers/poll.js';
import { headOf, scanFrames, startTapProxy } from '../helpers/tap-proxy.js';
import {
  connectOurClient,
  echo,
  rawFrame,
  startWsServer,
  wsClientToOurServer,
} from '../helpers/ws-interop.js';
import { listenLoopback } from '../helpers/ws-pair.js';

const { STATE_CLOSED } = WebSocketPeer;
const MiB = 1 << 20;
const utf8 = new TextEncoder();

function bigLimits(peer: WebSocketPeer): void {
  peer.inboundBufferSize = MiB + 1024;
  peer.outboundBufferSize = 4 * MiB;
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

  test('our client: credentials and fragment never leave, the query does, the host is lowered', async () => {
    const server = await startWsServer();
    let seen: { url: string; host: string; auth: string | undefined } | null = null;
    server.wss.on('connection', (_ws, req) => {
      seen = { url: req.url ?? '', host: req.headers.host ?? '', auth: req.headers.authorization };
    });
    try {
      const peer = await connectOurClient(
        `WS://user:secret@LocalHost:${server.port}/a/b?q=1&r=2#frag`,
      );
      assert.deepEqual(seen, {
        url: '/a/b?q=1&r=2',
        host: `localhost:${server.port}`,
        auth: undefined,
      });
      peer.close(-1);
    } finally {
      server.close();
    }
  });

  test('ws client: our handshakeHeaders appear in the 101 response', async () => {
    const c = await wsClientToOurServer((p) => (p.handshakeHeaders = ['X-Server: godot-ws']));
    try {
      assert.equal(c.response.headers['x-server'], 'godot-ws');
      assert.equal(c.response.headers['sec-websocket-protocol'], undefined);
    } finally {
      c.close();
    }
  });
});
