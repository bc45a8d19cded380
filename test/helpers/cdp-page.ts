/**
 * A real page in headless Chromium, driven over the DevTools protocol: open any URL (e.g. our
 * server's dashboard), evaluate expressions in it, take a screenshot. Chromium is started with
 * a fresh profile and a DevTools port of its choosing (read from the profile's
 * DevToolsActivePort); `close()` ends every process of that profile by PID.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { CHROMIUM, pidsWithMarker } from './chromium.js';

export interface CdpPage {
  /** Evaluates `expression` in the page; resolves with its (JSON-able) value. */
  evaluate<T>(expression: string): Promise<T>;
  /** A PNG of the viewport. */
  screenshot(): Promise<Buffer>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function openCdpPage(url: string, width = 420, height = 900): Promise<CdpPage> {
  const profile = mkdtempSync(join(tmpdir(), 'gw-cdp-'));
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
      '--remote-debugging-port=0',
      `--window-size=${width},${height}`,
      `--user-data-dir=${profile}`,
      url,
    ],
    { detached: true, stdio: 'ignore' },
  );
  const killAll = () => {
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    for (const pid of pidsWithMarker(profile)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  };
  process.once('exit', killAll);
  try {
    const port = await devToolsPort(profile);
    const socket = await pageSocket(port);
    let nextId = 1;
    const pending = new Map<
      number,
      (message: { result?: unknown; error?: { message: string } }) => void
    >();
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
      };
      if (message.id !== undefined) pending.get(message.id)?.(message);
    });
    const call = (method: string, params: object = {}) =>
      new Promise<unknown>((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => reject(new Error(`CDP ${method} timed out`)), 10_000);
        pending.set(id, (message) => {
          clearTimeout(timer);
          pending.delete(id);
          if (message.error) reject(new Error(`${method}: ${message.error.message}`));
          else resolve(message.result);
        });
        socket.send(JSON.stringify({ id, method, params }));
      });
    return {
      async evaluate<T>(expression: string) {
        const result = (await call('Runtime.evaluate', { expression, returnByValue: true })) as {
          result: { value: T };
          exceptionDetails?: { text: string };
        };
        if (result.exceptionDetails) throw new Error(`page threw: ${result.exceptionDetails.text}`);
        return result.result.value;
      },
      async screenshot() {
        const shot = (await call('Page.captureScreenshot', { format: 'png' })) as { data: string };
        return Buffer.from(shot.data, 'base64');
      },
      async close() {
        socket.terminate();
        killAll();
        const end = Date.now() + 5000;
        while (pidsWithMarker(profile).length > 0 && Date.now() < end) await sleep(50);
        process.off('exit', killAll);
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (err) {
    killAll();
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
}

async function devToolsPort(profile: string): Promise<number> {
  const end = Date.now() + 15_000;
  for (;;) {
    try {
      const port = Number(readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0]);
      if (port > 0) return port;
    } catch {
      // not written yet
    }
    if (Date.now() > end) throw new Error('Chromium did not open its DevTools port within 15 s');
    await sleep(50);
  }
}

async function pageSocket(port: number): Promise<WebSocket> {
  const end = Date.now() + 15_000;
  for (;;) {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
      type: string;
      webSocketDebuggerUrl: string;
    }[];
    const page = targets.find((t) => t.type === 'page');
    if (page) {
      const socket = new WebSocket(page.webSocketDebuggerUrl, { perMessageDeflate: false });
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      return socket;
    }
    if (Date.now() > end) throw new Error('no page target within 15 s');
    await sleep(100);
  }
}
