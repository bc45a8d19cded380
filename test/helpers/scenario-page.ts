/**
 * A page that loads the browser bundle and runs scenario functions in Chromium, one after
 * another, reporting `{ kind: 'result', name, value | error, logs }` for each and then
 * `{ kind: 'done' }`. Scenarios are plain functions written in the test (type-checked against
 * the browser entry) and sent to the page as their compiled source, so they must not use
 * anything from their module scope: everything comes in through the context.
 */
import type * as BrowserEntry from '../../src/index.browser.js';
import type { ChromiumPage } from './chromium.js';

export interface PageContext {
  /** The library, as the page imported it from the bundle. */
  gw: typeof BrowserEntry;
  /** `ws://127.0.0.1:<port>` + `path` on the test's WebSocket server. */
  wsUrl(path: string): string;
  /** Values the test passed to the page. */
  params: Record<string, unknown>;
  sleep(ms: number): Promise<void>;
  /** Calls `poll`, then `done`, every few ms until `done` is true; throws after `deadlineMs`. */
  pollUntil(
    what: string,
    done: () => boolean,
    poll: () => void,
    deadlineMs?: number,
  ): Promise<void>;
  /** The library's log lines since the scenario started, as "level: message". */
  logs: string[];
  /**
   * Counts the events of the sockets the library creates from now on (it swaps the global
   * `WebSocket` for a counting subclass until `stop()`), so a scenario can wait for events to
   * have fired without polling the peer.
   */
  watchSockets(): SocketWatch;
}

/** Event counts of the sockets created while a watch is on. */
export interface SocketWatch {
  readonly counts: { open: number; message: number; close: number };
  stop(): void;
}

/** `watchSockets` over `global.WebSocket` (the page has its own copy of this code). */
export function watchSockets(global: { WebSocket?: unknown }): SocketWatch {
  const Original = global.WebSocket as typeof WebSocket;
  const counts = { open: 0, message: 0, close: 0 };
  global.WebSocket = class extends Original {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      for (const kind of ['open', 'message', 'close'] as const) {
        this.addEventListener(kind, () => counts[kind]++);
      }
    }
  };
  return { counts, stop: () => (global.WebSocket = Original) };
}

export type Scenario = (ctx: PageContext) => Promise<unknown>;

/** One scenario's outcome as the page reported it. */
export interface ScenarioResult {
  kind: 'result';
  name: string;
  value?: unknown;
  error?: string;
  logs: string[];
}

/** The HTML of a page that imports `bundlePath` and runs `scenarios` in order. */
export function scenarioPageHtml(
  bundlePath: string,
  wsOrigin: string,
  scenarios: Record<string, Scenario>,
  params: Record<string, unknown> = {},
): string {
  const entries = Object.entries(scenarios)
    .map(([name, run]) => `[${JSON.stringify(name)}, (${run.toString()})]`)
    .join(',\n');
  return `<!doctype html>
<meta charset="utf-8">
<title>godot-websocket scenarios</title>
<script type="module">
const post = (value) => fetch('/report', { method: 'POST', body: JSON.stringify(value) });
addEventListener('error', (e) => post({ kind: 'error', message: String(e.message) }));
addEventListener('unhandledrejection', (e) => post({ kind: 'error', message: String(e.reason?.stack ?? e.reason) }));
const gw = await import(${JSON.stringify(bundlePath)});
const logs = [];
gw.logger.setLevel('warning');
gw.logger.setSink((level, message) => logs.push(level + ': ' + message));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const pollUntil = async (what, done, poll, deadlineMs = 5000) => {
  const end = Date.now() + deadlineMs;
  for (;;) {
    poll();
    if (done()) return;
    if (Date.now() > end) throw new Error('timed out after ' + deadlineMs + ' ms waiting for ' + what);
    await sleep(2);
  }
};
const watchSockets = () => {
  const Original = globalThis.WebSocket;
  const counts = { open: 0, message: 0, close: 0 };
  globalThis.WebSocket = class extends Original {
    constructor(url, protocols) {
      super(url, protocols);
      for (const kind of ['open', 'message', 'close']) this.addEventListener(kind, () => counts[kind]++);
    }
  };
  return { counts, stop: () => { globalThis.WebSocket = Original; } };
};
const ctx = { gw, logs, sleep, pollUntil, watchSockets, params: ${JSON.stringify(params)},
  wsUrl: (path) => ${JSON.stringify(wsOrigin)} + path };
const scenarios = [
${entries}
];
for (const [name, run] of scenarios) {
  logs.length = 0;
  try {
    const value = await run(ctx);
    await post({ kind: 'result', name, value, logs: logs.slice() });
  } catch (e) {
    await post({ kind: 'result', name, error: String(e?.stack ?? e), logs: logs.slice() });
  }
}
await post({ kind: 'done' });
</script>
`;
}

/** Waits for the named scenario's result; throws with the page's error and log lines if it threw. */
export async function scenarioResult(
  page: ChromiumPage,
  name: string,
  deadlineMs = 60_000,
): Promise<ScenarioResult> {
  const report = (await page.waitForReport(
    `the result of scenario '${name}'`,
    (r) => {
      const { kind, name: reported } = r as { kind?: string; name?: string };
      return kind === 'error' || (kind === 'result' && reported === name);
    },
    deadlineMs,
  )) as ScenarioResult | { kind: 'error'; message: string };
  if (report.kind === 'error') throw new Error(`the page failed: ${report.message}`);
  if (report.error !== undefined) {
    throw new Error(
      `scenario '${name}' threw in the page: ${report.error}\nlogs: ${report.logs.join('\n')}`,
    );
  }
  return report;
}
