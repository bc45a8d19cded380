import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { freePort } from './cli.js';

/** A test's `skip` option: false when `redis-server` runs here (always under CI, which must fail). */
export function redisSkip(): false | string {
  if (process.env.CI) return false;
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return /Redis server/.test(probe.stdout ?? '') ? false : 'redis-server is not installed';
}

/** A Redis server of the test's own on 127.0.0.1 (Debian's `redis-server`), no persistence. */
export interface TestRedis {
  readonly port: number;
  readonly url: string;
  /** Its process id (0 while stopped). */
  readonly pid: number;
  /** Stops it (SIGKILL by PID) and waits for the exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port (after `stop`). */
  start(): Promise<void>;
}

function launch(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start: ${out}`));
    }, 10_000);
    child.stdout?.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}): ${out}`));
    });
  });
}

/** Starts `redis-server` on a free loopback port. */
export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | null = await launch(port);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return child?.pid ?? 0;
    },
    async stop() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.kill('SIGKILL');
      await exited;
    },
    async start() {
      if (child) return;
      child = await launch(port);
    },
  };
}
