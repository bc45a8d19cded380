// Echo server on godot-websocket for the benchmark: the example server (examples/echo-server.ts),
// on the port of the first argument (or a free one), reported to the parent over IPC.
import { startEchoServer } from '../../examples/echo-server.js';
import { reportToParent } from './report.js';

const server = startEchoServer(Number(process.argv[2] ?? 0));
if (typeof server === 'number') {
  console.error(`cannot start (error ${server})`);
  process.exit(1);
}
reportToParent(server.port);
