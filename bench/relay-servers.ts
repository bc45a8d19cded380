import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAME_PROCESS_ENV, SERVE_HEAP_FLAG } from '../src/cli/heap-respawn.js';

/** A relay server under test: how to start it on a port, as a process of its own. */
export interface RelayServer {
  name: string;
  /** Node arguments (script and its options) for a given port; for `program`, its arguments. */
  args(port: number): string[];
  /** Not Node: the program to run (then Node flags do not apply). */
  program?: string;
  env?(port: number): Record<string, string>;
  /** Open an IPC channel to it (bench/servers/report.ts answers 'cpu' and 'mem' on it). */
  ipc?: boolean;
  /** The CLI's `serve` (as `godot-ws serve` runs: with its heap flag, see heap-respawn.ts). */
  serve?: boolean;
}

const root = join(import.meta.dirname, '..', '..');

/** `godot-ws serve` as shipped (dist/), Godot 4 rooms by path. */
export const OURS: RelayServer = {
  name: 'godot-ws serve',
  args: (port) => [
    join(root, 'dist', 'cli', 'main.js'),
    'serve',
    '--mode',
    'godot4',
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--log-level',
    'error',
    '--max-peers',
    '20000',
    '--max-rooms',
    '20000',
    // The relay's speed is measured, not the per-member rate limits (on by default), which
    // would hold back the unpaced senders.
    '--peer-rate',
    '0',
    '--peer-bytes',
    '0',
  ],
};

/** The plain relay on `ws` (bench/servers/ws-relay.ts). */
export const WS: RelayServer = {
  name: 'ws relay',
  args: (port) => [join(import.meta.dirname, 'servers', 'ws-relay.js'), String(port)],
};

/** Our server for Godot 3 games (`--mode godot3`), same flags as OURS otherwise. */
export const OURS_GODOT3: RelayServer = {
  name: 'godot-ws serve --mode godot3',
  args: (port) => OURS.args(port).map((a) => (a === 'godot4' ? 'godot3' : a)),
};

/**
 * Real Godot 3.2.3 (`godot3-server`, headless): bench/servers/godot3-relay/main.gd, a
 * `WebSocketServer` with gd_mp_api as the tree's network peer (it relays by itself), main loop
 * uncapped; it prints `FPS n` every second. One room (Godot ignores the path).
 */
export const GODOT3: RelayServer = {
  name: 'Godot 3.2.3',
  program: process.env.GODOT3_BIN ?? 'godot3-server',
  args: () => ['--no-window', '--path', godot3Project(), '-s', 'main.gd'],
  // (A 'C' locale makes Godot log two errors per translated string.)
  env: (port) => ({ RELAY_PORT: String(port), HOME: godot3Project(), LANG: 'en_US.UTF-8' }),
};

let project = '';
/** A copy of the Godot project in a temporary directory (Godot writes beside its project). */
function godot3Project(): string {
  if (project) return project;
  project = mkdtempSync(join(tmpdir(), 'godot3-relay-'));
  for (const file of ['project.godot', 'main.gd']) {
    copyFileSync(join(root, 'bench', 'servers', 'godot3-relay', file), join(project, file));
  }
  return project;
}

/** Whether `godot3-server` runs here (3.2.3 exits with 255 after printing its version). */
export function godot3Runs(): boolean {
  const probe = spawnSync(GODOT3.program!, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return /^3\./.test(probe.stdout?.trim() ?? '');
}

export interface Running {
  server: RelayServer;
  child: ChildProcess;
  pid: number;
  port: number;
  /** What the server wrote to stderr: line count and the first distinct lines. */
  log: { lines: number; sample: string[] };
  /** `FPS n` lines on its stdout (Godot), in order. */
  fps: number[];
}

function lines(stream: NodeJS.ReadableStream, each: (line: string) => void): void {
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (text: string) => {
    const all = (partial + text).split('\n');
    partial = all.pop()!;
    for (const line of all) each(line);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts a server on a free port, pinned to `cpu` from its first instruction (`taskset -c`;
 * -1: not pinned), and waits until it accepts connections. `nodeFlags` go to Node itself
 * (e.g. `--cpu-prof`).
 */
export async function startServer(
  server: RelayServer,
  cpu: number,
  nodeFlags: string[] = [],
): Promise<Running> {
  const port = await freePort();
  let command: string[];
  if (server.program) command = [server.program, ...server.args(port)];
  else {
    const script = server.args(port)[0]!;
    if (!existsSync(script)) throw new Error(`${script} is missing: run npm run build first`);
    // `godot-ws serve` runs itself again with its heap flag; here it gets the flag at once, so
    // that the measured process (CPU, memory) is the one that serves.
    const serveFlags =
      server.serve || script.endsWith(join('cli', 'main.js')) ? [SERVE_HEAP_FLAG] : [];
    command = [process.execPath, ...nodeFlags, ...serveFlags, ...server.args(port)];
  }
  if (cpu >= 0) command = ['taskset', '-c', String(cpu), ...command];
  const child = spawn(command[0]!, command.slice(1), {
    stdio: server.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, [SAME_PROCESS_ENV]: '1', ...server.env?.(port) },
  });
  const log = { lines: 0, sample: [] as string[] };
  const fps: number[] = [];
  lines(child.stderr!, (line) => {
    log.lines++;
    if (log.sample.length < 3 && !log.sample.includes(line)) log.sample.push(line);
  });
  lines(child.stdout!, (line) => {
    if (line.startsWith('FPS ')) fps.push(Number(line.slice(4)));
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`${server.name} exited (${code})`))),
  );
  exited.catch(() => {});
  const deadline = performance.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || performance.now() > deadline) {
      throw new Error(`${server.name} did not start: ${log.sample.join(' / ')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { server, child, pid: child.pid!, port, log, fps };
}

/** Stops a server (SIGTERM) and waits for it to exit (at most 5 s, then SIGKILL). */
export async function stopServer(running: Running): Promise<void> {
  if (running.child.exitCode !== null) return;
  const gone = new Promise<void>((r) => running.child.once('exit', () => r()));
  running.child.kill('SIGTERM');
  const timer = setTimeout(() => running.child.kill('SIGKILL'), 5000);
  await gone;
  clearTimeout(timer);
}
