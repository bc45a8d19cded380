/**
 * Runs a page in real headless Chromium: serves it (and any files) from node:http on
 * 127.0.0.1, starts Chromium with a fresh profile, and collects what the page POSTs to
 * `/report` (one JSON value per request). `close()` ends every Chromium process by PID (the
 * process group, then any straggler whose command line names our profile) with deadlines;
 * an exit hook does the same if the test process ends first.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';
const MAX_REPORT_BYTES = 4 * 1024 * 1024;

/** A file the page server hands out. */
export interface ServedFile {
  contentType: string;
  body: string | Uint8Array;
}

export interface ChromiumPage {
  /** Origin of the page server, e.g. `http://127.0.0.1:12345`. */
  readonly origin: string;
  /** The fresh profile directory (also how stray processes are found: it is in their command line). */
  readonly profileDir: string;
  /** Every value the page reported, in arrival order. */
  readonly reports: unknown[];
  /** Resolves with the first report (already received or future) that `match` accepts. */
  waitForReport(
    what: string,
    match: (report: unknown) => boolean,
    deadlineMs?: number,
  ): Promise<unknown>;
  /** Last lines Chromium wrote to stderr (for failure messages). */
  stderrTail(): string;
  /** Ends Chromium and the server; safe to call more than once. */
  close(): Promise<void>;
}

const live = new Set<() => void>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const kill of live) kill();
  });
}

/** PIDs of processes whose command line contains `marker` (our unique profile directory). */
export function pidsWithMarker(marker: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(marker)) pids.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

function killPid(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Opens `/` of a server holding `html` and `files` in headless Chromium. */
export async function openChromiumPage(
  html: string,
  files: Record<string, ServedFile> = {},
): Promise<ChromiumPage> {
  const reports: unknown[] = [];
  const waiters = new Set<() => void>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'POST' && path === '/report') {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_REPORT_BYTES) chunks.push(chunk);
      });
      req.on('end', () => {
        try {
          reports.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          reports.push({ kind: 'error', message: `unparsable report (${size} bytes)` });
        }
        for (const wake of waiters) wake();
        res.writeHead(204).end();
      });
      return;
    }
    const file =
      path === '/' ? { contentType: 'text/html; charset=utf-8', body: html } : files[path];
    if (file === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.contentType, 'cache-control': 'no-store' });
    res.end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const profile = mkdtempSync(join(tmpdir(), 'gw-chromium-'));
  const child: ChildProcess = spawn(
    CHROMIUM,
    [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      `${origin}/`,
    ],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  child.once('error', (err) => {
    reports.push({ kind: 'error', message: `cannot start ${CHROMIUM}: ${err.message}` });
    for (const wake of waiters) wake();
  });

  const killAll = (): void => {
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL'); // the group Chromium leads (detached)
      } catch {
        killPid(child.pid);
      }
    }
    for (const pid of pidsWithMarker(profile)) killPid(pid);
  };
  live.add(killAll);
  installExitHook();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      killAll();
      await Promise.race([exited, sleep(5000)]);
      const end = Date.now() + 5000;
      while (pidsWithMarker(profile).length > 0 && Date.now() < end) {
        for (const pid of pidsWithMarker(profile)) killPid(pid);
        await sleep(50);
      }
      live.delete(killAll);
      const left = pidsWithMarker(profile);
      rmSync(profile, { recursive: true, force: true });
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (left.length > 0) throw new Error(`Chromium processes survived: ${left.join(', ')}`);
    })();
    return closing;
  };

  const waitForReport = (
    what: string,
    match: (report: unknown) => boolean,
    deadlineMs = 20_000,
  ): Promise<unknown> =>
    new Promise((resolve, reject) => {
      let seen = 0;
      const check = (): boolean => {
        for (; seen < reports.length; seen++) {
          const report = reports[seen];
          if (match(report)) {
            finish();
            resolve(report);
            return true;
          }
        }
        return false;
      };
      const timer = setTimeout(() => {
        finish();
        reject(
          new Error(
            `timed out after ${deadlineMs} ms waiting for ${what}; reports: ` +
              `${JSON.stringify(reports).slice(0, 2000)}; chromium stderr: ${stderr.slice(-800)}`,
          ),
        );
      }, deadlineMs);
      const wake = (): void => {
        check();
      };
      const finish = (): void => {
        clearTimeout(timer);
        waiters.delete(wake);
      };
      if (!check()) waiters.add(wake);
    });

  return { origin, profileDir: profile, reports, waitForReport, stderrTail: () => stderr, close };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
