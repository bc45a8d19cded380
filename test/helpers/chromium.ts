/**
 * Runs a page in real headless Chromium: serves it (and any files) from node:http on
 * 127.0.0.1, starts Chromium through the one launcher (`ChromiumProcess`, godot4/chromium.ts:
 * its own process group and temporary directory, ended by PID, an exit hook as last resort), and
 * collects what the page POSTs to `/report` (one JSON value per request).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChromiumProcess, liveProcesses } from './godot4/chromium.js';

export { CHROMIUM_PATH as CHROMIUM } from './godot4/chromium.js';

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

/** PIDs of processes whose command line contains `marker` (our unique profile directory). */
export function pidsWithMarker(marker: string): number[] {
  return liveProcesses((p) => p.cmdline.includes(marker)).map((p) => p.pid);
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

  const browser = new ChromiumProcess(`${origin}/`);
  const profile = browser.rootDir;
  browser.exited.then(() => {
    if (/spawn failed/.test(browser.stderr)) {
      reports.push({ kind: 'error', message: `cannot start Chromium: ${browser.stderr.trim()}` });
      for (const wake of waiters) wake();
    }
  });
  const stderrTail = () => browser.stderr.slice(-4000);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await browser.kill();
      const left = pidsWithMarker(profile);
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
              `${JSON.stringify(reports).slice(0, 2000)}; chromium stderr: ${stderrTail().slice(-800)}`,
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

  return { origin, profileDir: profile, reports, waitForReport, stderrTail, close };
}
