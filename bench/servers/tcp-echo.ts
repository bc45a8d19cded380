// A raw TCP echo on Node's own sockets for the echo benchmark: every byte read is written back
// as it is (no WebSocket: no handshake, no parsing; the load generator's `raw` mode reads its
// masked frames back). What Node's socket layer allows, the ceiling for a server written on it.
// Run: node build/bench/servers/tcp-echo.js PORT (listens on 127.0.0.1).
import { createServer } from 'node:net';
import { reportToParent } from './report.js';

const port = Number(process.argv[2] ?? 0);
const server = createServer({ noDelay: true }, (socket) => {
  socket.on('data', (chunk) => {
    if (!socket.write(chunk)) socket.pause();
  });
  socket.on('drain', () => socket.resume());
  socket.on('error', () => socket.destroy());
});
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  reportToParent(typeof address === 'object' && address ? address.port : port);
});
