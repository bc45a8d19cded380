// `godot-ws serve --mode echo` for the echo benchmark: the CLI's own serve() in this process,
// on the port of the first argument, with the per-member rate limits off (they would stop the
// load) and the largest messages the benchmark sends allowed. Answers the parent over IPC.
import { serve } from '../../src/cli/serve.js';
import { reportToParent } from './report.js';

const port = process.argv[2] ?? '0';
reportToParent(Number(port)); // (serve() returns only when the server stops)
const args = ['--mode', 'echo', '--port', port, '--bind', '127.0.0.1', '--max-message', '16777216'];
await serve([
  ...args,
  '--peer-rate',
  '0',
  '--peer-bytes',
  '0',
  '--max-peers',
  '20000',
  '--log-level',
  'error',
]);
