// Runs the built `godot-ws` CLI (dist/cli/main.js) as a child process. Every process has a
// deadline (SIGKILL by PID when it passes) and `kill()` for `after` hooks.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const CLI = join(import.meta.dirname, '..', '..', '..', 'dist', 'cli', 'main.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface CliProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout line (past or future) matching; rejects after `ms`. */
  waitForLine(pattern: RegExp, ms?: number, stream?: 'stdout' | 'stderr'): Promise<string>;
  readonly exited: Promise<CliResult>;
  /** Sends `signal` by PID if the process still runs. */
  signal(signal: NodeJS.Signals): void;
  /** SIGKILL by PID if still running: its children (the serving child of `serve`) first. */
  kill(): void;
}

export interface CliOptions {
  /** Text written to stdin, then stdin is ended; omit to leave stdin open. */
  input?: string;
  /** SIGKILL after this many ms (default 20 s). */
  deadlineMs?: number;
}

/** The pids of `pid`'s children (Linux `ps`; none where it fails). */
export function childPids(pid: number): number[] {
  try {
    const out = execFileSync('ps', ['--ppid', String(pid), '-o', 'pid='], { encoding: 'utf8' });
    return out
      .split('\n')
      .map(Number)
      .filter((n) => n > 0);
  } catch {
    return []; // ps exits 1 when there are none
  }
}

/** Starts `node dist/cli/main.js ...args`. */
export function startCli(args: string[], options: CliOptions = {}): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const pid = child.pid ?? -1;
  let out = '';
  let err = '';
  let running = true;
  let timedOut = false;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of [...waiters]) w();
  };
  child.stdout?.setEncoding('utf8').on('data', (s: string) => {
    out += s;
    wake();
  });
  child.stderr?.setEncoding('utf8').on('data', (s: string) => {
    err += s;
    wake();
  });
  child.stdin?.on('error', () => {});
  if (options.input !== undefined) child.stdin?.end(options.input);
  const killByPid = (signal: NodeJS.Signals) => {
    if (!running || pid < 0) return;
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  };
  // `serve` runs in a child Node of its own (src/cli/heap-respawn.ts): a kill that stands for
  // a crash takes the serving child first, so it cannot shut down gracefully.
  const killAll = () => {
    if (!running || pid < 0) return;
    for (const id of childPids(pid)) {
      try {
        process.kill(id, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    killByPid('SIGKILL');
  };
  const deadline = setTimeout(() => {
    timedOut = true;
    killAll();
  }, options.deadlineMs ?? 20_000);
  const exited = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => {
      running = false;
      clearTimeout(deadline);
      wake();
      resolve({ code, signal, stdout: out, stderr: err, timedOut });
    });
  });
  return {
    pid,
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    signal: killByPid,
    kill: killAll,
    waitForLine(pattern, ms = 5000, stream = 'stdout') {
      return new Promise((resolve, reject) => {
        const check = () => {
          const text = stream === 'stdout' ? out : err;
          const line = text.split('\n').find((l) => pattern.test(l));
          if (line !== undefined) {
            done();
            resolve(line);
          } else if (!running) {
            done();
            reject(new Error(`the CLI exited before printing ${pattern}:\n${out}\n${err}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no line matching ${pattern} within ${ms} ms:\n${out}\n${err}`));
        }, ms);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** Runs the CLI to completion (deadline 20 s unless given). */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, { input: '', ...options }).exited;
}

/** A port that was free a moment ago (bound and released on 127.0.0.1). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts `serve` with `args` on a port of its own choosing and waits for its banner. */
export async function startServe(
  args: string[],
  deadlineMs = 30_000,
): Promise<{ cli: CliProcess; port: number; url: string }> {
  const cli = startCli(['serve', '--port', '0', '--bind', '127.0.0.1', ...args], { deadlineMs });
  const banner = await cli.waitForLine(/mode on wss?:\/\//, 10_000);
  const url = banner.match(/(wss?:\/\/\S+?\/) /)?.[1] ?? '';
  const port = Number(url.match(/:(\d+)\/$/)?.[1] ?? 0);
  return { cli, port, url };
}

/** GET over plain HTTP; resolves with status and body (deadline 5 s). */
export function httpGet(port: number, path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = get({ host: '127.0.0.1', port, path, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (s: string) => {
        body += s;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    request.on('timeout', () => request.destroy(new Error('no answer within 5 s')));
    request.on('error', reject);
  });
}
