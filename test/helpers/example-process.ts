// Runs a built example (build/examples/NAME.js, importing the package as a user would) as a
// child process with a deadline (SIGKILL by PID when it passes).
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');
const built = (name: string) => join(root, 'build', 'examples', `${name}.js`);

/** Runs an example; resolves with its output once it exits (SIGKILL by PID at the deadline). */
export function startExample(name: string, args: string[], deadlineMs = 15_000) {
  const child = spawn(process.execPath, [built(name), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => {
    out += s;
  });
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    out += s;
  });
  const kill = (signal: NodeJS.Signals = 'SIGKILL') => {
    if (child.exitCode === null && child.signalCode === null && child.pid)
      process.kill(child.pid, signal);
  };
  const timer = setTimeout(kill, deadlineMs);
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    }),
  );
  return { output: () => out, exited, kill };
}
