// A RoomServer in a process of its own for the soak test, started with --expose-gc: `GET /gc`
// collects garbage and answers the heap in use, so the test can tell memory still held from
// garbage not yet collected. Prints "listening PORT"; ends on SIGTERM.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { logger } from '../../src/core/logger.js';
import { RoomServer } from '../../src/server/room-server.js';

const gc = (globalThis as { gc?: () => void }).gc;
let logged = 0;
logger.setSink(() => {
  logged++;
});
// Generous handshake timeouts: the soak is about rooms, not about a starved CI machine.
const rooms = new RoomServer({ lingerSeconds: 0.2, maxRooms: 2000, handshakeTimeout: 10 });
const http = createServer((req, res) => {
  if (req.url === '/gc') {
    gc?.();
    gc?.();
    const heap = process.memoryUsage().heapUsed;
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ heap, logged }));
  } else if (!rooms.handleRequest(req, res)) {
    res.writeHead(404).end();
  }
});
rooms.attach(http);
let scheduled = false;
rooms.onActivity = () => {
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    rooms.poll();
  });
};
const sweep = setInterval(() => rooms.poll(), 100);
http.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(http.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  clearInterval(sweep);
  rooms.close();
  http.closeAllConnections();
  http.close(() => process.exit(0));
});
