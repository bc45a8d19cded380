// Echo server on godot-websocket for the benchmark: the example server, on a free port.
import { startEchoServer } from '../../examples/echo-server.js';
import { reportToParent } from './report.js';

const server = startEchoServer(0);
if (typeof server === 'number') {
  console.error(`cannot start (error ${server})`);
  process.exit(1);
}
reportToParent(server.port);
