// A WebSocket echo on Bun.serve for the echo benchmark; run by `bun` (bench/bun.ts finds or
// fetches it), never by Node: node:-free but for the IPC helper, and typed here by hand since
// Bun's types are not a dependency of the package.
// Run: bun build/bench/servers/bun-echo.js PORT (listens on 127.0.0.1).
import { reportToParent } from './report.js';

interface BunSocket {
  send(data: string | Uint8Array): number;
}
interface BunServer {
  port: number;
  upgrade(request: Request): boolean;
}
interface BunApi {
  serve(options: {
    port: number;
    hostname: string;
    fetch(request: Request, server: BunServer): Response | undefined;
    websocket: {
      maxPayloadLength: number;
      backpressureLimit: number;
      perMessageDeflate: boolean;
      message(ws: BunSocket, message: string | Uint8Array): void;
    };
  }): BunServer;
  gc(force: boolean): void;
}

const bun = (globalThis as unknown as { Bun: BunApi }).Bun;
const server = bun.serve({
  port: Number(process.argv[2] ?? 0),
  hostname: '127.0.0.1',
  fetch(request, server) {
    if (server.upgrade(request)) return undefined;
    return new Response('WebSocket only', { status: 426 });
  },
  websocket: {
    maxPayloadLength: 16 * 1024 * 1024,
    // Above what the benchmark keeps in flight on one connection (64 × 64 KiB), so that no
    // echo is dropped: send() would answer 0 and the load generator would wait for it.
    backpressureLimit: 64 * 1024 * 1024,
    perMessageDeflate: false,
    message(ws, message) {
      ws.send(message);
    },
  },
});
reportToParent(server.port, () => bun.gc(true));
