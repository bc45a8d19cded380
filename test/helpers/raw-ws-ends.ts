/**
 * A WebSocketPeer open with a bare TCP socket on the other end, on either side, for tests that
 * write exact bytes (several frames in one write, broken frames). `write` sends raw bytes to the
 * peer, `wire(first, payload)` builds one frame as that end must send it (masked toward a server
 * peer, unmasked toward a client peer; `first` is the whole first byte: FIN, RSV bits, opcode),
 * and `frames` collects what the peer sent (payloads under 126 bytes).
 */
import assert from 'node:assert/strict';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { TCPServer } from '../../src/net/tcp-server.js';
import { acceptKey } from '../../src/websocket/node/accept-key.js';
import { WebSocketPeer } from '../../src/websocket/websocket-peer.js';
import { pollUntil } from './poll.js';
import { frame, rawClient } from './raw-ws-client.js';
import { listenLoopback } from './ws-pair.js';

export interface WireFrame {
  opcode: number;
  payload: Buffer;
}

export interface RawEnd {
  peer: WebSocketPeer;
  frames: WireFrame[];
  write(bytes: Buffer): void;
  wire(first: number, payload?: Buffer): Buffer;
}

type After = { after(fn: () => void): void };

/** Reads frames (masked or not, payload under 126 bytes) after the HTTP head from a socket. */
function collectFrames(socket: Socket, frames: WireFrame[], onHead: (head: string) => void): void {
  let bytes = Buffer.alloc(0);
  let headDone = false;
  socket.on('data', (chunk: Buffer) => {
    bytes = Buffer.concat([bytes, chunk]);
    if (!headDone) {
      const end = bytes.indexOf('\r\n\r\n');
      if (end < 0) return;
      headDone = true;
      onHead(bytes.subarray(0, end).toString('latin1'));
      bytes = bytes.subarray(end + 4);
    }
    for (;;) {
      if (bytes.length < 2) return;
      const n = bytes[1]! & 0x7f;
      const maskBytes = bytes[1]! & 0x80 ? 4 : 0;
      if (bytes.length < 2 + maskBytes + n) return;
      const payload = Buffer.from(bytes.subarray(2 + maskBytes, 2 + maskBytes + n));
      for (let i = 0; i < maskBytes && i < n; i++) {
        for (let j = i; j < n; j += 4) payload[j]! ^= bytes[2 + i]!;
      }
      frames.push({ opcode: bytes[0]! & 0x0f, payload });
      bytes = bytes.subarray(2 + maskBytes + n);
    }
  });
}

/** A server-side peer (acceptStream) and a raw client socket. */
export async function rawClientEnd(t: After): Promise<RawEnd> {
  const tcp = new TCPServer();
  await listenLoopback(tcp);
  const socket = rawClient(tcp.getLocalPort());
  let headDone = false;
  const frames: WireFrame[] = [];
  collectFrames(socket, frames, () => {
    headDone = true;
  });
  const peer = new WebSocketPeer();
  t.after(() => {
    socket.destroy();
    peer.close(-1);
    tcp.stop();
  });
  await pollUntil('a connection', () => tcp.isConnectionAvailable());
  assert.equal(peer.acceptStream(tcp.takeConnection()), 0);
  await pollUntil(
    'the handshake',
    () => headDone && peer.getReadyState() === WebSocketPeer.STATE_OPEN,
    () => peer.poll(),
  );
  // raw-ws-client's masked frame (key 0 0 0 0), with the whole first byte as given.
  const wire = (first: number, payload = Buffer.alloc(0)) => {
    const out = frame(first & 0x0f, payload);
    out[0] = first;
    return out;
  };
  return { peer, frames, write: (bytes) => socket.write(bytes), wire };
}

/** A client-side peer (connectToUrl) and a bare TCP server that answers its one upgrade. */
export async function rawServerEnd(t: After): Promise<RawEnd> {
  let socket: Socket | null = null;
  const frames: WireFrame[] = [];
  const server = createServer((s) => {
    s.on('error', () => {});
    collectFrames(s, frames, (head) => {
      const key = /^sec-websocket-key: *(\S+)/im.exec(head)?.[1] ?? '';
      s.write(
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          `Sec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`,
      );
      socket = s;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const peer = new WebSocketPeer();
  t.after(() => {
    peer.close(-1);
    (socket as Socket | null)?.destroy();
    server.close();
  });
  const { port } = server.address() as AddressInfo;
  assert.equal(peer.connectToUrl(`ws://127.0.0.1:${port}/`), 0);
  await pollUntil(
    'the handshake',
    () => socket !== null && peer.getReadyState() === WebSocketPeer.STATE_OPEN,
    () => peer.poll(),
  );
  const wire = (first: number, payload = Buffer.alloc(0)) =>
    Buffer.concat([Buffer.from([first, payload.length]), payload]);
  return { peer, frames, write: (bytes) => (socket as Socket | null)?.write(bytes), wire };
}
