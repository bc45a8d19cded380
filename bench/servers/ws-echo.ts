// Echo server on `ws` for the benchmark (set WS_NO_BUFFER_UTIL=1 to run it without bufferutil).
// The port: the first argument, or a free one (0), reported to the parent over IPC.
import { WebSocketServer } from 'ws';
import { reportToParent } from './report.js';

const wss = new WebSocketServer({
  port: Number(process.argv[2] ?? 0),
  host: '127.0.0.1',
  maxPayload: 2 * 1024 * 1024,
});
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});
wss.on('listening', () => {
  const address = wss.address();
  reportToParent(typeof address === 'object' && address ? address.port : 0);
});
