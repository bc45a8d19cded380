// The server's JavaScript cost per echoed message, without the kernel: our WebSocketPeer (the
// echo example's loop) and a `ws` server each adopt an in-memory socket (a Duplex that hands
// every written chunk straight back as done), and the same masked client frames are pushed
// into it one 'data' event at a time, as a real socket delivers them. What differs between the
// two is everything above the socket: stream plumbing, parsing, unmasking, queues, the
// application's calls, framing and writes. One microtask turn follows each event, as after a
// real I/O callback. Side by side in one process, alternating rounds, median shown.
// Run: npm run build:test && node build/bench/peer-path.js [--messages 200000] [--rounds 5]
//   [--sizes 64,1024,65536] [--only godot-websocket|ws] [--chunk 65536]
// --chunk N: the frames arrive back to back, cut into N-byte reads (a frame may span reads,
// as from a real socket) instead of one frame per read.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { parseArgs } from 'node:util';
import { WebSocketServer } from 'ws';
import { StreamPeerTCP } from '../src/net/stream-peer-tcp.js';
import { FrameWriter } from '../src/protocol/frame-writer.js';
import { WebSocketPeer } from '../src/websocket/websocket-peer.js';
import { median } from './median.js';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '5' },
    sizes: { type: 'string', default: '64,1024,65536' },
    chunk: { type: 'string', default: '0' },
    only: { type: 'string' },
  },
});
const rounds = Math.max(1, Number(values.rounds));
const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

/** A socket stand-in: pushed chunks become 'data'; writes complete at once and are counted. */
class MemorySocket extends Duplex {
  written = 0;
  writes = 0;
  remoteAddress = '127.0.0.1';
  remotePort = 40000;
  override _read(): void {}
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.written += chunk.byteLength;
    this.writes++;
    done();
  }
  override _writev(chunks: { chunk: Buffer }[], done: () => void): void {
    for (const { chunk } of chunks) this.written += chunk.byteLength;
    this.writes++;
    done();
  }
  setNoDelay(): this {
    return this;
  }
  setTimeout(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
}

interface Server {
  name: string;
  /** A fresh connection: the socket after the handshake has been answered. */
  open(): Promise<MemorySocket>;
}

const requestHead =
  'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
  `Sec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13\r\n\r\n`;

const ours: Server = {
  name: 'godot-websocket',
  async open() {
    const socket = new MemorySocket();
    const peer = new WebSocketPeer();
    peer.inboundBufferSize = 16 * 1024 * 1024;
    peer.outboundBufferSize = 0;
    const echo = () => {
      peer.poll();
      while (peer.getAvailablePacketCount() > 0) {
        const data = peer.getPacket();
        const mode = peer.wasStringPacket()
          ? WebSocketPeer.WRITE_MODE_TEXT
          : WebSocketPeer.WRITE_MODE_BINARY;
        peer.send(data, mode);
      }
    };
    peer.onActivity = echo;
    peer.acceptStream(StreamPeerTCP.fromSocket(socket as unknown as Socket));
    socket.push(Buffer.from(requestHead));
    await settle();
    echo();
    await settle();
    if (peer.getReadyState() !== WebSocketPeer.STATE_OPEN) throw new Error('ours did not open');
    return socket;
  },
};

const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
const theirs: Server = {
  name: 'ws',
  async open() {
    const socket = new MemorySocket();
    const request = {
      method: 'GET',
      url: '/',
      headers: {
        host: '127.0.0.1',
        upgrade: 'websocket',
        connection: 'Upgrade',
        'sec-websocket-key': KEY,
        'sec-websocket-version': '13',
      },
    } as unknown as IncomingMessage;
    wss.handleUpgrade(request, socket as unknown as Socket, Buffer.alloc(0), (ws) => {
      ws.on('message', (data, isBinary) => ws.send(data as Buffer, { binary: isBinary }));
    });
    await settle();
    return socket;
  },
};

function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Masked client frames of `size` bytes (distinct mask keys): one frame per read, or with
 * `chunk` > 0 the frames back to back cut into reads of `chunk` bytes. Returns the reads and
 * how many frames they hold.
 */
function input(count: number, size: number, chunk: number): { reads: Buffer[]; frames: number } {
  const writer = new FrameWriter(true);
  const payload = new Uint8Array(size).fill(0x61);
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    writer.writeFrame(2, true, payload);
    out.push(Buffer.concat(writer.drain()));
  }
  if (chunk <= 0) return { reads: out, frames: count };
  const all = Buffer.concat(out);
  const reads: Buffer[] = [];
  for (let at = 0; at < all.length; at += chunk) reads.push(all.subarray(at, at + chunk));
  return { reads, frames: count };
}

/** ns per message; checks that every message was echoed. */
async function run(server: Server, data: ReturnType<typeof input>, messages: number, size: number) {
  const socket = await server.open();
  const before = socket.written;
  const passes = Math.max(1, Math.round(messages / data.frames));
  const start = process.hrtime.bigint();
  for (let pass = 0; pass < passes; pass++) {
    for (const read of data.reads) {
      socket.push(read);
      await undefined; // the microtask turn after an I/O callback
    }
  }
  await settle();
  const sent = passes * data.frames;
  const ns = Number(process.hrtime.bigint() - start) / sent;
  const headerSize = size < 126 ? 2 : size < 65536 ? 4 : 10;
  if (socket.written - before !== sent * (size + headerSize)) {
    throw new Error(`${server.name}: echoed ${socket.written - before} bytes, not all`);
  }
  socket.destroy();
  return ns;
}

const servers = [ours, theirs].filter((s) => values.only === undefined || s.name === values.only);
console.log(`Server JS cost per echoed message (in-memory socket), Node ${process.version}`);
const reads =
  Number(values.chunk) > 0 ? `frames cut into ${values.chunk}-byte reads` : 'one frame per read';
console.log(`${reads}; median of ${rounds} alternating rounds; ns per message (lower is better)\n`);
console.log(`| message | ${servers.map((s) => s.name).join(' | ')} | ws ÷ ours |`);
console.log(`| --- | ${servers.map(() => '---').join(' | ')} | --- |`);
for (const size of values.sizes.split(',').map(Number)) {
  const messages = Math.max(2000, Math.floor(Number(values.messages) / Math.max(1, size / 1024)));
  const data = input(64, size, Number(values.chunk));
  const results = new Map<string, number[]>(servers.map((s) => [s.name, []]));
  for (const s of servers) await run(s, data, Math.min(messages, 20000), size); // warm-up
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? servers : [...servers].reverse();
    for (const s of order) results.get(s.name)!.push(await run(s, data, messages, size));
  }
  const middle = (name: string) => median(results.get(name)!);
  const label = size >= 1024 ? `${size / 1024} KiB` : `${size} B`;
  console.log(
    `| ${label} | ${servers.map((s) => middle(s.name).toFixed(0)).join(' | ')} | ${servers.length === 2 ? (middle('ws') / middle('godot-websocket')).toFixed(2) : '-'}× |`,
  );
}
