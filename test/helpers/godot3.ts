// Runs the real Godot 3 engine (`godot3-server`, Godot 3.2.3 headless) on our own GDScript.
// Every run has a deadline and is killed by PID when it passes; its files live in a fresh
// temporary directory that is removed afterwards.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const GODOT3 = process.env.GODOT3_BIN ?? 'godot3-server';

let available: boolean | undefined;

/**
 * Whether `godot3-server` can be started here (tests skip themselves when it cannot). Under CI
 * (`CI` set, as `.ci/run` is run) the answer is always yes: `.ci/run` installs the engine, so
 * a missing one must fail the engine tests rather than quietly skip them.
 */
export function godot3Available(): boolean {
  if (process.env.CI) return true;
  if (available === undefined) {
    const probe = spawnSync(GODOT3, ['--version'], { encoding: 'utf8', timeout: 10_000 });
    // (3.2.3 exits with 255 after printing its version)
    available = /^3\./.test(probe.stdout?.trim() ?? '');
  }
  return available;
}

export interface Godot3Options {
  /** Files written into the run's directory (its working directory), e.g. `{ 'main.gd': src }`. */
  files: Record<string, string | Uint8Array>;
  /** Engine arguments; default `['--no-window', '-s', 'main.gd']` (a SceneTree script). */
  args?: string[];
  /** Kill the engine (SIGKILL by PID) if it has not exited by then. Default 15 s. */
  deadlineMs?: number;
  /** Called with each stdout line as it arrives. */
  onLine?: (line: string) => void;
}

export interface Godot3Result {
  /** stdout lines (the engine's banner included). */
  lines: string[];
  stderr: string;
  /** Exit code (`quit(code)` in GDScript), or null if killed. */
  code: number | null;
  timedOut: boolean;
}

/** A running engine: read its lines, wait for one, or stop it. */
export interface Godot3Process {
  readonly pid: number;
  readonly dir: string;
  readonly lines: string[];
  /** Resolves with the first line (past or future) matching `pattern`; rejects after `ms`. */
  waitForLine(pattern: RegExp, ms: number): Promise<string>;
  /** Resolves when the process has exited (killed at the deadline at the latest). */
  readonly exited: Promise<Godot3Result>;
  /** Kills the process by PID (SIGKILL) if it is still running. */
  kill(): void;
}

/** Starts the engine on `files` and returns at once. */
export function startGodot3(options: Godot3Options): Godot3Process {
  const dir = mkdtempSync(join(tmpdir(), 'godot3-'));
  for (const [name, content] of Object.entries(options.files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  const home = join(dir, '.home');
  mkdirSync(home);
  const child = spawn(GODOT3, options.args ?? ['--no-window', '-s', 'main.gd'], {
    cwd: dir,
    // Godot writes settings, logs and user:// under $HOME / XDG dirs: keep them in the run's dir.
    env: {
      ...process.env,
      HOME: home,
      XDG_DATA_HOME: join(home, '.local', 'share'),
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_CACHE_HOME: join(home, '.cache'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid ?? -1;
  const lines: string[] = [];
  type Waiter = {
    pattern: RegExp;
    resolve: (line: string) => void;
    reject: (err: globalThis.Error) => void;
  };
  const waiters: Waiter[] = [];
  let partial = '';
  let stderr = '';
  let running = pid > 0;
  let timedOut = false;

  const kill = (): void => {
    if (!running) return;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const addLine = (line: string): void => {
    lines.push(line);
    options.onLine?.(line);
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i];
      if (w?.pattern.test(line)) {
        waiters.splice(i, 1);
        w.resolve(line);
      }
    }
  };
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const p of parts) addLine(p.replace(/\r$/, ''));
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const deadline = setTimeout(() => {
    timedOut = true;
    kill();
  }, options.deadlineMs ?? 15_000);

  const exited = new Promise<Godot3Result>((resolve) => {
    let done = false;
    const finish = (code: number | null): void => {
      if (done) return;
      done = true;
      running = false;
      clearTimeout(deadline);
      if (partial !== '') addLine(partial);
      partial = '';
      for (const w of waiters.splice(0)) {
        w.reject(new globalThis.Error(`godot3 exited (code ${code}) before the line came`));
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({ lines, stderr, code, timedOut });
    };
    child.on('error', (err) => {
      stderr += String(err);
      if (pid < 0) finish(null); // never started (not installed?): no 'close' follows
    });
    child.on('close', (code) => finish(code));
  });

  return {
    pid,
    dir,
    lines,
    exited,
    kill,
    waitForLine(pattern: RegExp, ms: number): Promise<string> {
      const seen = lines.find((l) => pattern.test(l));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const i = waiters.indexOf(entry);
          if (i >= 0) waiters.splice(i, 1);
          reject(new globalThis.Error(`godot3: no line matching ${pattern} within ${ms} ms`));
        }, ms);
        const entry: Waiter = {
          pattern,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
          reject: (err) => {
            clearTimeout(timer);
            reject(err);
          },
        };
        if (running) waiters.push(entry);
        else entry.reject(new globalThis.Error('godot3 is not running'));
      });
    },
  };
}

/** Runs the engine on `files` until it exits (or is killed at the deadline). */
export function runGodot3(options: Godot3Options): Promise<Godot3Result> {
  return startGodot3(options).exited;
}
