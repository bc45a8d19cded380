// `godot-ws serve --mode echo` for the echo benchmark: the CLI's own serve() in this process,
// on a free port (read from its banner), with the per-member rate limits off (they would stop
// the load) and the largest messages the benchmark sends allowed.
import { serve } from '../../src/cli/serve.js';
import { reportToParent } from './report.js';

const write = process.stdout.write.bind(process.stdout);
let reported = false;
process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
  const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
  const port = /mode on ws:\/\/[^:]+:(\d+)\//.exec(text)?.[1];
  if (port && !reported) {
    reported = true;
    reportToParent(Number(port));
  }
  return write(chunk, ...rest);
}) as typeof process.stdout.write;

const args = ['--mode', 'echo', '--port', '0', '--bind', '127.0.0.1', '--max-message', '16777216'];
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
