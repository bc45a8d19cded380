// Starts and ends one headless Chromium process (with its own process group and a fresh
// temporary directory) for one Godot 4 Web engine instance.
//
// The temporary directory holds the profile (`--user-data-dir`) and serves as HOME, so the
// crash handler Chromium always starts (`chrome_crashpad_handler`, which leaves the process
// group with setsid) writes there and names it on its command line: ending a browser kills its
// process group, then every process whose command line names that directory, each by its PID.
import { type ChildProcess, spawn } from 'node:child_process';
import {
  accessSync,
  constants,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The browser binary CI installs (Debian's `chromium`); override with GODOT4_CHROMIUM. */
export const CHROMIUM_PATH = process.env.GODOT4_CHROMIUM ?? '/usr/bin/chromium';

/** Flags for a quiet, isolated headless browser that runs as root in a container. */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--disable-default-apps',
  '--disable-breakpad',
  '--disable-crash-reporter',
  '--mute-audio',
  '--autoplay-policy=no-user-gesture-required',
  // A page in a background tab or an occluded window must not be throttled.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

/**
 * For WebRTC between local browsers (the signaling tests, `StartOptions.browserFlags`): allow
 * loopback host candidates and name host addresses plainly rather than by mDNS, for machines
 * with only a loopback interface or no mDNS resolution (the development machine needed neither).
 */
export const WEBRTC_LOCAL_FLAGS: readonly string[] = [
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
];

/** Keep at most this many bytes of the browser's own stderr for failure messages. */
const STDERR_KEEP = 16 * 1024;

const live = new Set<ChromiumProcess>();
let exitHookInstalled = false;

/** Last resort: if the test process exits with browsers still running, end their groups. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const browser of live) browser.killNow();
  });
}

/** One running Chromium process group. */
export class ChromiumProcess {
  /** The process started; its PID is also the group id. */
  readonly child: ChildProcess;
  /** Fresh temporary directory (profile and HOME), removed by {@link kill}. */
  readonly rootDir: string;
  /** Tail of the browser's stderr (its own diagnostics, not the engine's). */
  stderr = '';
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  private ended = false;

  constructor(url: string, extraFlags: readonly string[] = []) {
    installExitHook();
    this.rootDir = mkdtempSync(join(tmpdir(), 'godot4-chromium-'));
    const home = join(this.rootDir, 'home');
    mkdirSync(home);
    const profile = join(this.rootDir, 'profile');
    this.child = spawn(
      CHROMIUM_PATH,
      [...CHROMIUM_FLAGS, ...extraFlags, `--user-data-dir=${profile}`, url],
      {
        detached: true, // own process group: kill(-pid) reaches the renderer and GPU processes too
        stdio: ['ignore', 'ignore', 'pipe'],
        env: {
          ...process.env,
          HOME: home,
          XDG_CONFIG_HOME: join(home, '.config'),
          XDG_CACHE_HOME: join(home, '.cache'),
        },
      },
    );
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_KEEP);
    });
    this.exited = new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.once('error', (err) => {
        this.stderr += `\nspawn failed: ${err.message}`;
        resolve();
      });
    });
    live.add(this);
  }

  /** PID of the browser process (and id of its process group). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Sends SIGKILL to the process group and to each stray process; synchronous. */
  private signalAll(): void {
    const pid = this.child.pid;
    if (pid !== undefined) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // the group is already gone
      }
    }
    for (const { pid: stray } of liveProcesses((p) => p.cmdline.includes(this.rootDir))) {
      try {
        process.kill(stray, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
  }

  /** True while a live (non-zombie) process of the group or a stray process exists. */
  anyLeft(): boolean {
    const pid = this.child.pid;
    return (
      liveProcesses(
        (p) => (pid !== undefined && p.pgrp === pid) || p.cmdline.includes(this.rootDir),
      ).length > 0
    );
  }

  /** Kills everything at once and removes the directory without waiting (exit hook). */
  killNow(): void {
    if (this.ended) return;
    this.ended = true;
    live.delete(this);
    this.signalAll();
    rmSync(this.rootDir, { recursive: true, force: true, maxRetries: 3 });
  }

  /**
   * Kills the process group and the stray processes, waits (at most `waitMs`) until none is
   * left, then removes the temporary directory. Idempotent.
   */
  async kill(waitMs = 5000): Promise<void> {
    if (this.ended) return;
    const deadline = performance.now() + waitMs;
    this.signalAll();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.exited,
      new Promise((resolve) => (timer = setTimeout(resolve, waitMs))),
    ]);
    clearTimeout(timer);
    while (this.anyLeft() && performance.now() < deadline) {
      this.signalAll();
      await sleep(50);
    }
    this.killNow();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A process as seen in /proc. */
export interface ProcessInfo {
  pid: number;
  /** Process group id. */
  pgrp: number;
  /** Command line, arguments separated by NUL. */
  cmdline: string;
}

/** Live (not zombie) processes accepted by `filter`, read from Linux /proc. */
export function liveProcesses(filter: (p: ProcessInfo) => boolean): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return found;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z' || fields[0] === 'X') continue;
      const info = {
        pid: Number(name),
        pgrp: Number(fields[2]),
        cmdline: readFileSync(`/proc/${name}/cmdline`, 'latin1'),
      };
      if (filter(info)) found.push(info);
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/** Live processes of the process group `pgid` (zombies, which hold nothing, not counted). */
export function liveGroupMembers(pgid: number): number[] {
  return liveProcesses((p) => p.pgrp === pgid).map((p) => p.pid);
}

/** Browsers started by this process and not yet ended (for leak checks in tests). */
export function liveChromiumCount(): number {
  return live.size;
}

/**
 * Why the browser tests cannot run here, or false when they can. Outside CI a missing browser
 * makes them skip with this reason; under CI (`CI` set, as `.ci/run` runs) the answer is always
 * false, so a missing browser fails them instead of skipping them quietly.
 */
export function chromiumSkipReason(
  path: string = CHROMIUM_PATH,
  env: Record<string, string | undefined> = process.env,
): string | false {
  if (env.CI) return false;
  try {
    accessSync(path, constants.X_OK);
    return false;
  } catch {
    return `Chromium not found at ${path} (install chromium, or set GODOT4_CHROMIUM; under CI this fails)`;
  }
}
