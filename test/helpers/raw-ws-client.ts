import { connect, type Socket } from 'node:net';

/**
 * A WebSocket client on a bare TCP socket, for tests that must misbehave (flood, never read):
 * it writes the upgrade request and lets the test write frames itself. `frame` builds one
 * masked client frame (mask key 0, so the payload bytes go out as they are).
 */
export function rawClient(port: number, path = '/'): Socket {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  return socket;
}

/** One masked client frame with FIN set (mask key 0). */
export function frame(opcode: number, payload: Uint8Array = new Uint8Array(0)): Buffer {
  const n = payload.byteLength;
  const head = n < 126 ? 2 : n < 65536 ? 4 : 10;
  const out = Buffer.alloc(head + 4 + n);
  out[0] = 0x80 | opcode;
  if (n < 126) out[1] = 0x80 | n;
  else if (n < 65536) {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(n, 2);
  } else {
    out[1] = 0x80 | 127;
    out.writeBigUInt64BE(BigInt(n), 2);
  }
  out.set(payload, head + 4); // mask key 0 0 0 0
  return out;
}

/** `count` copies of `one`, in one buffer. */
export function repeat(one: Uint8Array, count: number): Buffer {
  const out = Buffer.alloc(one.byteLength * count);
  for (let i = 0; i < count; i++) out.set(one, i * one.byteLength);
  return out;
}
