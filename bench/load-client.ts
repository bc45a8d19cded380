import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/**
 * A minimal, fast WebSocket load generator for the echo benchmark: raw TCP, a hand-written
 * upgrade request, pre-masked frames written in batches, and a tiny length-only frame reader.
 * It does the same work whichever server it talks to, so the servers are compared fairly.
 * `raw`: the peer is a plain TCP echo (no handshake; it sends back our masked frames as they
 * are, so the reader skips the mask key a frame's header announces).
 */
export interface LoadResult {
  messages: number;
  bytes: number;
  seconds: number;
  rtts: Float64Array;
}

function frame(size: number): Buffer {
  const mask = randomBytes(4);
  const headerLen = size < 126 ? 2 : size < 65536 ? 4 : 10;
  const out = Buffer.allocUnsafe(headerLen + 4 + size);
  out[0] = 0x82;
  if (size < 126) out[1] = 0x80 | size;
  else if (size < 65536) {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(size, 2);
  } else {
    out[1] = 0x80 | 127;
    out.writeBigUInt64BE(BigInt(size), 2);
  }
  mask.copy(out, headerLen);
  const payload = out.subarray(headerLen + 4);
  for (let i = 0; i < size; i++) payload[i] = (i & 0xff) ^ mask[i & 3]!;
  return out;
}

class Conn {
  #socket: Socket;
  #frame: Buffer;
  #inflight: number;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #sentAt: number[] = [];
  #sentHead = 0;
  #stopAt = 0;
  #open = false;
  messages = 0;
  bytes = 0;
  rtts: number[] = [];
  done: Promise<void>;
  #resolveDone!: () => void;

  #path: string;
  #raw: boolean;

  constructor(port: number, size: number, inflight: number, path = '/', raw = false) {
    this.#path = path;
    this.#raw = raw;
    this.#frame = frame(size);
    this.#inflight = inflight;
    this.done = new Promise((r) => {
      this.#resolveDone = r;
    });
    this.#socket = connect({ port, host: '127.0.0.1', noDelay: true });
    this.#socket.on('error', () => this.#resolveDone());
    this.#socket.on('close', () => this.#resolveDone());
  }

  async open(): Promise<void> {
    if (this.#raw) return this.#openRaw();
    const key = randomBytes(16).toString('base64');
    this.#socket.write(
      `GET ${this.#path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    await new Promise<void>((resolve, reject) => {
      let head = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        this.#socket.off('data', onData);
        if (!head.subarray(0, 12).toString().includes('101')) reject(new Error('no 101'));
        const rest = head.subarray(end + 4);
        this.#socket.on('data', (c: Buffer) => this.#onData(c));
        if (rest.length) this.#onData(rest);
        this.#open = true;
        resolve();
      };
      this.#socket.on('data', onData);
      this.#socket.once('error', reject);
    });
  }

  /** A plain TCP echo: no handshake, frames from the first byte. */
  async #openRaw(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#socket.once('connect', resolve);
      this.#socket.once('error', reject);
    });
    this.#socket.on('data', (c: Buffer) => this.#onData(c));
    this.#open = true;
  }

  start(stopAt: number): void {
    this.#stopAt = stopAt;
    const burst: Buffer[] = [];
    for (let i = 0; i < this.#inflight; i++) {
      burst.push(this.#frame);
      this.#sentAt.push(performance.now());
    }
    this.#socket.cork();
    for (const b of burst) this.#socket.write(b);
    this.#socket.uncork();
  }

  #onData(chunk: Buffer): void {
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    let refill = 0;
    for (;;) {
      const len = this.#frameLength();
      if (len < 0 || len > this.#pendingBytes) break;
      this.#consume(len);
      const now = performance.now();
      this.rtts.push(now - this.#sentAt[this.#sentHead++]!);
      this.messages++;
      this.bytes += this.#frame.length;
      if (now < this.#stopAt) refill++;
    }
    if (this.#sentHead > 4096) {
      this.#sentAt = this.#sentAt.slice(this.#sentHead);
      this.#sentHead = 0;
    }
    if (refill > 0 && this.#open) {
      const now = performance.now();
      this.#socket.cork();
      for (let i = 0; i < refill; i++) {
        this.#sentAt.push(now);
        this.#socket.write(this.#frame);
      }
      this.#socket.uncork();
    } else if (this.#sentHead === this.#sentAt.length) {
      this.#resolveDone();
    }
  }

  /**
   * Total length of the next frame, or -1 if the header is incomplete. A server's frames are
   * unmasked; a raw echo's carry our mask key (4 bytes after the length).
   */
  #frameLength(): number {
    if (this.#pendingBytes < 2) return -1;
    const head = this.#peek(10);
    const key = this.#raw ? 4 : 0;
    const b1 = head[1]! & 0x7f;
    if (b1 < 126) return 2 + key + b1;
    if (b1 === 126) return head.length < 4 ? -1 : 4 + key + head.readUInt16BE(2);
    return head.length < 10 ? -1 : 10 + key + Number(head.readBigUInt64BE(2));
  }

  #peek(n: number): Buffer {
    const first = this.#pending[0]!;
    if (first.length >= n || this.#pending.length === 1) return first.subarray(0, n);
    return Buffer.concat(this.#pending).subarray(0, n);
  }

  #consume(n: number): void {
    this.#pendingBytes -= n;
    while (n > 0) {
      const first = this.#pending[0]!;
      if (first.length <= n) {
        n -= first.length;
        this.#pending.shift();
      } else {
        this.#pending[0] = first.subarray(n);
        n = 0;
      }
    }
  }

  close(): void {
    this.#open = false;
    this.#socket.destroy();
  }
}

/**
 * Runs `connections` × `inflight` echo loops of `size`-byte binary messages for `seconds`;
 * `raw`: against a plain TCP echo (see above).
 */
export async function runLoad(
  port: number,
  size: number,
  connections: number,
  inflight: number,
  seconds: number,
  raw = false,
): Promise<LoadResult> {
  const conns = Array.from({ length: connections }, () => new Conn(port, size, inflight, '/', raw));
  await Promise.all(conns.map((c) => c.open()));
  const start = performance.now();
  const stopAt = start + seconds * 1000;
  for (const c of conns) c.start(stopAt);
  await Promise.race([
    Promise.all(conns.map((c) => c.done)),
    new Promise((r) => setTimeout(r, seconds * 1000 + 10_000)),
  ]);
  const elapsed = (performance.now() - start) / 1000;
  for (const c of conns) c.close();
  const all = conns.flatMap((c) => c.rtts);
  const rtts = Float64Array.from(all).sort();
  return {
    messages: conns.reduce((n, c) => n + c.messages, 0),
    bytes: conns.reduce((n, c) => n + c.bytes, 0),
    seconds: elapsed,
    rtts,
  };
}

/**
 * Opens `count` idle WebSocket connections (connection i at `path(i)`, default "/") and keeps
 * them until `close()`. What the server sends them (ids, peer lists) is read and ignored.
 */
export async function openIdle(
  port: number,
  count: number,
  path: (i: number) => string = () => '/',
): Promise<{ close(): void }> {
  const conns: Conn[] = [];
  for (let i = 0; i < count; i += 50) {
    const n = Math.min(50, count - i);
    const batch = Array.from({ length: n }, (_, k) => new Conn(port, 1, 1, path(i + k)));
    await Promise.all(batch.map((c) => c.open()));
    conns.push(...batch);
  }
  return {
    close() {
      for (const c of conns) c.close();
    },
  };
}
