// The HTML page that starts one Godot 4 Web engine instance and reports what it prints.
//
// Every onPrint / onPrintError / onExit call, and any page-level JavaScript error, becomes an
// event in a queue; the queue is POSTed to `<base>events` one batch at a time, so the server
// receives events in the order the engine produced them.
//
// Watchdog: the page asks `<base>alive` every second; when the server says the instance is
// not wanted (404) or cannot be reached three times running (the test process died, even by
// SIGKILL), the page closes its window, which ends the headless browser.

/** Kinds of event the page reports. */
export const PageEventKind = {
  /** One line the engine wrote to stdout (GDScript `print`). */
  print: 'print',
  /** One line the engine wrote to stderr (`printerr`, `push_error`, engine errors). */
  printError: 'printError',
  /** The engine quit; `text` holds the exit code. */
  exit: 'exit',
  /** `engine.startGame()` resolved: the wasm is compiled and main() ran. */
  started: 'started',
  /** A JavaScript error on the page (script load failure, startGame rejection, …). */
  pageError: 'pageError',
} as const;
export type PageEventKind = (typeof PageEventKind)[keyof typeof PageEventKind];

/** One event as POSTed by the page. */
export interface PageEvent {
  kind: PageEventKind;
  text: string;
  /** Milliseconds since the page's navigation start. */
  at: number;
}

/** Options for {@link pageHtml}. */
export interface PageOptions {
  /** URL of the engine's `index.js` (the wasm is fetched beside it as `index.wasm`). */
  engineJs: string;
  /** URL of the pack to run. */
  mainPack: string;
  /** Extra engine command-line arguments. */
  args: readonly string[];
}

/** Returns the page that runs `options.mainPack` and reports to `events` (relative URL). */
export function pageHtml(options: PageOptions): string {
  const config = JSON.stringify({
    executable: options.engineJs.replace(/\.js$/, ''),
    mainPack: options.mainPack,
    args: options.args,
  });
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>godot4 test</title></head>
<body><canvas id="canvas" width="64" height="64"></canvas>
<script>
(function () {
  var queue = [];
  var sending = false;
  function flush() {
    if (sending || queue.length === 0) return;
    sending = true;
    // No keepalive: keepalive requests are limited to 64 KiB of body and fail beyond it.
    var batch = queue.splice(0, 2000);
    fetch('events', { method: 'POST', body: JSON.stringify(batch) })
      .catch(function () {})
      .then(function () { sending = false; flush(); });
  }
  function report(kind, text) {
    queue.push({ kind: kind, text: String(text), at: performance.now() });
    flush();
  }
  function join(args) { return Array.prototype.map.call(args, String).join(' '); }
  window.__report = report;
  var misses = 0;
  setInterval(function () {
    fetch('alive', { cache: 'no-store' }).then(
      function (r) { misses = 0; if (r.status === 404) window.close(); },
      function () { if (++misses >= 3) window.close(); }
    );
  }, 1000);
  window.addEventListener('error', function (e) {
    report('pageError', (e.message || 'error') + (e.filename ? ' at ' + e.filename : ''));
  });
  window.addEventListener('unhandledrejection', function (e) {
    report('pageError', 'unhandled rejection: ' + e.reason);
  });
  var script = document.createElement('script');
  script.src = ${JSON.stringify(options.engineJs)};
  script.onerror = function () { report('pageError', 'could not load the engine script'); };
  script.onload = function () {
    var config = ${config};
    config.canvas = document.getElementById('canvas');
    config.focusCanvas = false;
    config.onPrint = function () { report('print', join(arguments)); };
    config.onPrintError = function () { report('printError', join(arguments)); };
    config.onExit = function (code) { report('exit', code); };
    new Engine(config).startGame().then(
      function () { report('started', ''); },
      function (err) { report('pageError', 'startGame failed: ' + err); }
    );
  };
  document.body.appendChild(script);
})();
</script></body></html>
`;
}
