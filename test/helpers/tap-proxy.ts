// A TCP proxy on 127.0.0.1 that records the bytes going each way, and a scanner that lists
// the WebSocket frame headers in one direction (to check what really went over the wire).
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';

/** Both directions of every connection through the proxy, concatenated per direction. */
export interface TapProxy {
  port: number;
  /** Bytes client → server, per connection, in arrival order. */
  readonly up: Buffer[][];
  /** Bytes server → client, per connection. */
  readonly down: Buffer[][];
  close(): void;
}

/** Starts a proxy forwarding every connection to 127.0.0.1:`targetPort`. */
export async function startTapProxy(targetPort: number): Promise<TapProxy> {
  const up: Buffer[][] = [];
  const down: Buffer[][] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((inbound) => {
    const toServer: Buffer[] = [];
    const toClient: Buffer[] = [];
    up.push(toServer);
    down.push(toClient);
    const outbound = connect(targetPort, '127.0.0.1');
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        inbound.destroy();
        outbound.destroy();
      });
    }
    inbound.on('data', (chunk: Buffer) => {
      toServer.push(chunk);
      outbound.write(chunk);
    });
    outbound.on('data', (chunk: Buffer) => {
      toClient.push(chunk);
      inbound.write(chunk);
    });
    inbound.on('end', () => outbound.end());
    outbound.on('end', () => inbound.end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    up,
    down,
    close() {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

/** One frame header as read from the wire. */
export interface FrameInfo {
  fin: boolean;
  /** RSV1–3 as a 3-bit number (0 without extensions). */
  rsv: number;
  opcode: number;
  masked: boolean;
  length: number;
}

/**
 * Lists the frames in `chunks` (one direction of a connection), after the HTTP head that
 * starts it. A frame cut off at the end is left out.
 */
export function scanFrames(chunks: readonly Buffer[]): FrameInfo[] {
  const all = Buffer.concat(chunks);
  const headEnd = all.indexOf('\r\n\r\n');
  if (headEnd < 0) return [];
  const frames: FrameInfo[] = [];
  let at = headEnd + 4;
  while (at + 2 <= all.length) {
    const b0 = all[at]!;
    const b1 = all[at + 1]!;
    let length = b1 & 0x7f;
    let header = 2;
    if (length === 126) {
      if (at + 4 > all.length) break;
      length = all.readUInt16BE(at + 2);
      header = 4;
    } else if (length === 127) {
      if (at + 10 > all.length) break;
      length = Number(all.readBigUInt64BE(at + 2));
      header = 10;
    }
    const masked = (b1 & 0x80) !== 0;
    if (masked) header += 4;
    if (at + header + length > all.length) break;
    frames.push({ fin: (b0 & 0x80) !== 0, rsv: (b0 >> 4) & 7, opcode: b0 & 0x0f, masked, length });
    at += header + length;
  }
  return frames;
}

/** The HTTP head that starts one direction of a connection ('' if incomplete). */
export function headOf(chunks: readonly Buffer[]): string {
  const all = Buffer.concat(chunks);
  const end = all.indexOf('\r\n\r\n');
  return end < 0 ? '' : all.subarray(0, end).toString('latin1');
}
