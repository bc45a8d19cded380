// Our WebSocketPeer against the REAL Godot 3.2.3 engine (godot3-server) in raw mode (no
// multiplayer API): a GDScript WebSocketClient against our server-side peer, and our client
// against a GDScript WebSocketServer. Each engine run has a 20 s deadline and is killed by PID.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { Error } from '../../../src/core/error.js';
import { TCPServer } from '../../../src/net/tcp-server.js';
import { WebSocketPeer } from '../../../src/websocket/websocket-peer.js';
import { godot3Available, startGodot3 } from '../../helpers/godot3.js';
import { captureLog } from '../../helpers/log.js';
import { pollUntil, tick } from '../../helpers/poll.js';
import { scanFrames, startTapProxy } from '../../helpers/tap-proxy.js';
import { listenLoopback } from '../../helpers/ws-pair.js';
import { clientScript, MESSAGES, messageBytes, serverScript } from './raw-scripts.js';

const skip = godot3Available() ? false : 'godot3-server is not installed';
const DEADLINE_MS = 20_000;
/** Our server pings Godot this often; Godot 3 answers pongs (it never pings itself). */
const HEARTBEAT_S = 0.15;
const { STATE_OPEN, STATE_CLOSED, WRITE_MODE_TEXT, WRITE_MODE_BINARY } = WebSocketPeer;
const utf8 = new TextDecoder();

function bigBuffers(peer: WebSocketPeer): void {
  peer.inboundBufferSize = 1 << 20;
  peer.outboundBufferSize = 4 << 20;
}

/** One connection our server accepted, and what it saw. */
interface Served {
  peer: WebSocketPeer;
  opened: boolean;
  protocol: string;
  requestedUrl: string;
  /** The X-Player header of the request (Godot's custom_headers). */
  player: string | undefined;
  received: { data: Uint8Array; text: boolean }[];
  closed: { code: number; reason: string } | null;
}

/** Serves every connection on `tcp` until `stop()`: echo, "empties please", "close me". */
function serve(tcp: TCPServer): { served: Served[]; stop(): Promise<void> } {
  const served: Served[] = [];
  let running = true;
  const step = (): void => {
    while (tcp.isConnectionAvailable()) {
      const peer = new WebSocketPeer();
      peer.supportedProtocols = ['bar'];
      // (Not on the first, busy connection: GDScript comparing 300 KB echoes may skip frames.)
      if (served.length > 0) peer.heartbeatInterval = HEARTBEAT_S;
      bigBuffers(peer);
      const record: Served = {
        peer,
        opened: false,
        protocol: '',
        requestedUrl: '',
        player: undefined,
        received: [],
        closed: null,
      };
      peer.setHandshakeRequestHook((request) => {
        record.player = request.headers.get('x-player');
        return undefined;
      });
      assert.equal(peer.acceptStream(tcp.takeConnection()), Error.OK);
      served.push(record);
    }
    for (const s of served) {
      if (s.closed) continue;
      s.peer.poll();
      if (!s.opened && s.peer.getReadyState() === STATE_OPEN) {
        s.opened = true;
        s.protocol = s.peer.getSelectedProtocol();
        s.requestedUrl = s.peer.getRequestedUrl();
      }
      while (s.peer.getAvailablePacketCount() > 0) {
        const data = s.peer.getPacket();
        const text = s.peer.wasStringPacket();
        s.received.push({ data, text });
        const command = text ? utf8.decode(data) : '';
        if (command === 'empties please') {
          s.peer.send(new Uint8Array(0), WRITE_MODE_TEXT);
          s.peer.send(new Uint8Array(0), WRITE_MODE_BINARY);
        } else if (command === 'too big please') {
          s.peer.send(new Uint8Array(70_000));
        } else if (command === 'close me') {
          s.peer.close(4002, 'server bye');
        } else {
          s.peer.send(data, text ? WRITE_MODE_TEXT : WRITE_MODE_BINARY);
        }
      }
      if (s.peer.getReadyState() === STATE_CLOSED) {
        s.closed = { code: s.peer.getCloseCode(), reason: s.peer.getCloseReason() };
      }
    }
  };
  const loop = (async () => {
    while (running) {
      step();
      await tick(1);
    }
  })();
  return {
    served,
    async stop() {
      running = false;
      await loop;
      for (const s of served) s.peer.close(-1);
    },
  };
}

/** A port that was free a moment ago (Godot 3's WebSocketServer cannot report its own). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function linesStarting(lines: string[], prefix: string): string[] {
  return lines.filter((l) => l.startsWith(prefix));
}

test('a Godot 3 WebSocketClient ↔ our server-side peer: echo, subprotocol, close both ways', {
  skip,
}, async () => {
  const tcp = new TCPServer();
  await listenLoopback(tcp);
  const port = tcp.getLocalPort();
  const log = captureLog();
  const server = serve(tcp);
  // Godot connects through a tap proxy, so what we sent can be checked on the wire.
  const proxy = await startTapProxy(port);
  const engine = startGodot3({
    files: { 'main.gd': clientScript(proxy.port) },
    deadlineMs: DEADLINE_MS,
  });
  let run: Awaited<typeof engine.exited>;
  try {
    run = await engine.exited;
  } finally {
    engine.kill();
    await server.stop();
    proxy.close();
    tcp.stop();
    log.restore();
  }
  const out = `${run.lines.join('\n')}\nserved: ${JSON.stringify(
    server.served.map((s) => ({ opened: s.opened, n: s.received.length, closed: s.closed })),
  )}`;
  if (process.env.GODOT3_VERBOSE) console.log(out);
  assert.equal(run.timedOut, false, out);
  assert.equal(run.code, 0, `${out}\n${run.stderr}`);
  assert.deepEqual(linesStarting(run.lines, 'BUFFERS'), ['BUFFERS 0', 'BUFFERS 0']);

  // Connection 1: protocol "bar" chosen from the client's "foo,bar"; every echo intact.
  assert.ok(run.lines.includes('OPEN 1 bar'), out);
  const echoes = linesStarting(run.lines, 'ECHO');
  assert.equal(echoes.length, MESSAGES.length, out);
  for (const [i, line] of echoes.entries()) assert.match(line, new RegExp(`^ECHO ${i} OK `));
  assert.deepEqual(linesStarting(run.lines, 'EMPTY'), ['EMPTY True 0', 'EMPTY False 0'], out);
  const first: Served | undefined = server.served[0];
  assert.ok(first?.opened);
  assert.equal(first.protocol, 'bar');
  assert.equal(first.requestedUrl, `ws://127.0.0.1:${proxy.port}/chat?x=1`);
  assert.equal(first.player, 'alice');
  assert.equal(first.received.length, MESSAGES.length + 1);
  for (const [i, m] of MESSAGES.entries()) {
    const got: Served['received'][number] | undefined = first.received[i];
    assert.ok(got, `message ${i}`);
    assert.equal(got.text, m.text, `message ${i} kind`);
    assert.deepEqual(got.data, messageBytes(m), `message ${i} bytes`);
  }
  // Godot 3 sends "bye\0"; we report the reason without that NUL (as Godot itself does).
  assert.deepEqual(first.closed, { code: 4001, reason: 'bye' });
  // (Godot 3 reports was_clean_close = false on the side that started the close: wire §3.)
  assert.ok(run.lines.includes('CLOSED 1 False'), out);

  // Connection 2: our server closes; Godot reports the code and reason and echoes them.
  const second = server.served[1];
  assert.ok(run.lines.includes('OPEN 2 bar'), out);
  assert.ok(run.lines.includes('CLOSE_REQUEST 4002 server bye'), out);
  assert.ok(run.lines.includes('CLOSED 2 True'), out);
  assert.deepEqual(second?.closed, { code: 4002, reason: 'server bye' });

  // Connection 3: no common subprotocol: we drop it, Godot reports a connection error.
  assert.ok(run.lines.includes('ERROR 3'), out);
  const third = server.served[2];
  assert.equal(third?.opened, false);
  assert.deepEqual(third.closed, { code: -1, reason: '' });
  // Connection 4: Godot (default buffers) closes with 1009 on a 70000-byte message; we echo
  // the close and end TCP, but Godot 3.2.3 has stopped reading and never notices (STUCK).
  const fourth = server.served[3];
  assert.ok(run.lines.includes('OPEN 4 bar'), out);
  assert.match(out, /^(STUCK 4 2|CLOSED 4 (True|False))$/m);
  assert.deepEqual(linesStarting(run.lines, 'UNEXPECTED'), []);
  assert.equal(fourth?.closed?.code, 1009, out);
  const toGodot = scanFrames(proxy.down[3] ?? []).map((f) => [f.opcode, f.length]);
  assert.deepEqual(toGodot.slice(-2), [
    [2, 70_000],
    [8, 2],
  ]);
  assert.ok(run.lines.includes('DONE'), out);
});

/** Our client, connected to `url` (OPEN or CLOSED after the handshake). */
async function ourClient(url: string, protocols: string[]): Promise<WebSocketPeer> {
  const peer = new WebSocketPeer();
  peer.supportedProtocols = protocols;
  bigBuffers(peer);
  assert.equal(peer.connectToUrl(url), Error.OK);
  await pollUntil(
    `the handshake with ${url}`,
    () => peer.getReadyState() !== WebSocketPeer.STATE_CONNECTING,
    () => peer.poll(),
  );
  return peer;
}

async function nextPacket(peer: WebSocketPeer, what: string): Promise<[Uint8Array, boolean]> {
  await pollUntil(
    what,
    () => peer.getAvailablePacketCount() > 0,
    () => peer.poll(),
  );
  return [peer.getPacket(), peer.wasStringPacket()];
}

async function closed(peer: WebSocketPeer): Promise<{ code: number; reason: string }> {
  await pollUntil(
    'CLOSED',
    () => peer.getReadyState() === STATE_CLOSED,
    () => peer.poll(),
  );
  return { code: peer.getCloseCode(), reason: peer.getCloseReason() };
}

test('our client ↔ a Godot 3 WebSocketServer: echo, subprotocol, close both ways', {
  skip,
}, async () => {
  const port = await freePort();
  const engine = startGodot3({
    files: { 'main.gd': serverScript(port, 3) },
    deadlineMs: DEADLINE_MS,
  });
  const url = `ws://127.0.0.1:${port}/game?room=1`;
  const peers: WebSocketPeer[] = [];
  const log = captureLog();
  try {
    await engine.waitForLine(/^LISTEN /, 10_000);
    assert.ok(engine.lines.includes('LISTEN 0'), engine.lines.join('\n'));

    // No common subprotocol: Godot drops the connection without an HTTP answer.
    const refused = await ourClient(url, ['baz']);
    peers.push(refused);
    assert.deepEqual(await closed(refused), { code: -1, reason: '' });

    // Echo of every message; Godot picks "bar" from our "foo,bar".
    const a = await ourClient(url, ['foo', 'bar']);
    peers.push(a);
    assert.equal(a.getReadyState(), STATE_OPEN);
    assert.equal(a.getSelectedProtocol(), 'bar');
    for (const [i, m] of MESSAGES.entries()) {
      assert.equal(a.send(messageBytes(m), m.text ? WRITE_MODE_TEXT : WRITE_MODE_BINARY), Error.OK);
      const [data, text] = await nextPacket(a, `echo ${i}`);
      assert.equal(text, m.text, `echo ${i} kind`);
      assert.deepEqual(data, messageBytes(m), `echo ${i} bytes`);
    }
    // Godot receives empty messages but cannot send one (its put_packet of nothing is a no-op).
    a.send(new Uint8Array(0), WRITE_MODE_TEXT);
    a.send(new Uint8Array(0), WRITE_MODE_BINARY);
    a.sendText('after the empties');
    const [after, afterText] = await nextPacket(a, 'the echo after the empties');
    assert.equal(utf8.decode(after), 'after the empties');
    assert.equal(afterText, true);

    // Our close with code and reason: Godot reports it and echoes it back.
    a.close(4003, 'cya');
    assert.deepEqual(await closed(a), { code: 4003, reason: 'cya' });
    const aId = (await engine.waitForLine(/^CLOSE_REQUEST \d+ 4003 cya$/, 5000)).split(' ')[1];

    // Godot closes (disconnect_peer(id, 4004, "srv bye")); it sends "srv bye\0".
    const b = await ourClient(url, ['bar']);
    peers.push(b);
    assert.equal(b.getSelectedProtocol(), 'bar');
    b.sendText('close me');
    assert.deepEqual(await closed(b), { code: 4004, reason: 'srv bye' });

    // close(0): a close frame without status; Godot reports code 0 and answers likewise.
    const c = await ourClient(url, ['bar']);
    peers.push(c);
    assert.equal(c.getReadyState(), STATE_OPEN);
    c.close(0);
    assert.deepEqual(await closed(c), { code: 0, reason: '' });

    const run = await engine.exited;
    const out = run.lines.join('\n');
    if (process.env.GODOT3_VERBOSE) console.log(out);
    assert.equal(run.timedOut, false, out);
    assert.equal(run.code, 0, `${out}\n${run.stderr}`);
    assert.deepEqual(linesStarting(run.lines, 'BUFFERS'), ['BUFFERS 0']);
    assert.deepEqual(
      linesStarting(run.lines, 'CONNECTED').map((l) => l.split(' ')[2]),
      ['bar', 'bar', 'bar'],
      'the refused client never reached client_connected',
    );
    const received = linesStarting(run.lines, `RECV ${aId} `).map((l) => l.split(' ').slice(2));
    assert.deepEqual(received, [
      ...MESSAGES.map((m) => [String(messageBytes(m).byteLength), m.text ? 'True' : 'False']),
      ['0', 'True'],
      ['0', 'False'],
      ['17', 'True'],
    ]);
    // (Godot 3 reports was_clean_close = false on the side that started the close: wire §3.)
    assert.ok(run.lines.includes(`DISCONNECTED ${aId} True`), out);
    assert.match(out, /^DISCONNECTED \d+ False$/m);
    assert.match(out, /^CLOSE_REQUEST \d+ 0 $/m);
  } finally {
    for (const p of peers) p.close(-1);
    engine.kill();
    await engine.exited;
    log.restore();
  }
});
