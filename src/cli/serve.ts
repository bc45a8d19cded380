import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import type { LogLevel } from '../core/logger.js';
import { CliError, parseAmount, parseChoice, parseErrorMessage, parsePort } from './args.js';
import { ConsoleOutput } from './console-output.js';
import { describeClose } from './describe-close.js';
import { EchoMode } from './mode-echo.js';
import { Godot3Mode } from './mode-godot3.js';
import { Godot4Mode } from './mode-godot4.js';
import {
  type ModeEvents,
  type ModeFactory,
  SERVE_MODES,
  type ServeModeName,
  type ServeSettings,
} from './serve-mode.js';
import { ServeStats } from './serve-stats.js';
import { statusPageHook } from './status-page.js';
import { loadCertificate, loadPrivateKey } from './tls-files.js';

export const SERVE_HELP = `Usage: godot-ws serve [options]

A WebSocket server Godot games join; GET / on the same port shows a status page.

  --mode M           godot4 (default): Godot 4 games with WebSocketMultiplayerPeer + SceneMultiplayer
                     godot3: Godot 3 games with WebSocketClient (gd_mp_api multiplayer)
                     echo: sends every message back (any WebSocket client)
  --port N           port to listen on (default 9080; 0 = any free port)
  --bind IP          address to listen on (default *: every address)
  --protocol P       subprotocol to accept (repeatable); clients must then offer one
  --tls-cert FILE    PEM certificate (chain) for wss:// (with --tls-key)
  --tls-key FILE     PEM private key for wss://
  --heartbeat S      seconds between pings; a client silent for longer is dropped (default 0: off)
  --max-message B    largest message in bytes (default: Godot's, 64 KiB)
  --log-level L      error, warning (default), info or verbose
  -h, --help         show this help

One line per connect and disconnect (peer id, address, close code) on stdout; a live status
line on a terminal. Ctrl-C / SIGTERM sends close 1001 "server shutting down" to every client,
waits for their answers (at most 2 s) and exits with status 0.
`;

const MODES: Record<ServeModeName, ModeFactory> = {
  godot4: (settings, events) => new Godot4Mode(settings, events),
  godot3: (settings, events) => new Godot3Mode(settings, events),
  echo: (settings, events) => new EchoMode(settings, events),
};

const LOG_LEVELS = ['error', 'warning', 'info', 'verbose'] as const;
/** How long shutdown waits for clients to answer the close frames. */
const SHUTDOWN_GRACE_MS = 2000;
/** Polls happen on socket activity, and at least this often (timeouts, heartbeats). */
const SWEEP_MS = 50;

/** The parsed command line of `serve`. */
export interface ServeOptions {
  mode: ServeModeName;
  settings: Omit<ServeSettings, 'requestHook'>;
  logLevel: LogLevel;
}

/** Parses `serve`'s flags (throws CliError with one line). Exported for tests. */
export function parseServeArgs(argv: string[]): ServeOptions | 'help' {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (err) {
    throw new CliError(parseErrorMessage(err));
  }
  if (values.help) return 'help';
  const mode = parseChoice(values.mode ?? 'godot4', '--mode', SERVE_MODES);
  const port = parsePort(values.port ?? '9080');
  const bind = (values.bind ?? '*').replace(/^\[(.*)\]$/, '$1');
  if (bind !== '*' && isIP(bind) === 0) {
    throw new CliError(`--bind must be * or an IP address, not '${bind}'`);
  }
  const certPath = values['tls-cert'];
  const keyPath = values['tls-key'];
  if ((certPath === undefined) !== (keyPath === undefined)) {
    throw new CliError('--tls-cert and --tls-key go together');
  }
  let tls: ServeSettings['tls'] = null;
  if (certPath !== undefined && keyPath !== undefined) {
    const certificate = loadCertificate(certPath, '--tls-cert');
    const key = loadPrivateKey(keyPath, '--tls-key');
    const first = certificate.getNodeCertificates()[0];
    const keyObject = key.getKeyObject();
    if (first && keyObject && !first.checkPrivateKey(keyObject)) {
      throw new CliError(`--tls-key ${keyPath} does not belong to the certificate ${certPath}`, 1);
    }
    tls = { key, certificate };
  }
  return {
    mode,
    logLevel: parseChoice(values['log-level'] ?? 'warning', '--log-level', LOG_LEVELS),
    settings: {
      port,
      bind,
      protocols: values.protocol ?? [],
      tls,
      heartbeat: parseAmount(values.heartbeat ?? '0', '--heartbeat'),
      maxMessage: parseAmount(values['max-message'] ?? '0', '--max-message', true),
    },
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      mode: { type: 'string' },
      port: { type: 'string', short: 'p' },
      bind: { type: 'string' },
      protocol: { type: 'string', multiple: true },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      heartbeat: { type: 'string' },
      'max-message': { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** Runs `godot-ws serve`; resolves with the exit status once the server has stopped. */
export async function serve(argv: string[]): Promise<number> {
  const options = parseServeArgs(argv);
  if (options === 'help') {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  const out = new ConsoleOutput();
  out.captureLibraryLog(options.logLevel);
  const stats = new ServeStats();
  const { settings: base, mode: modeName } = options;
  const scheme = base.tls ? 'wss' : 'ws';
  const info = { mode: modeName, url: '' };
  const settings: ServeSettings = { ...base, requestHook: statusPageHook(stats, info) };
  const events: ModeEvents = {
    joined(id, address) {
      stats.joined(id, address);
      out.line(`peer ${id} connected from ${address}`);
    },
    left(id, code, reason, sent) {
      const address = stats.left(id)?.address ?? '?';
      const how =
        code < 0 && sent
          ? `closed by the server (${describeClose(sent.code, sent.reason)})`
          : describeClose(code, reason);
      out.line(`peer ${id} disconnected from ${address}: ${how}`);
    },
    received: (bytes) => stats.received(bytes),
  };
  const mode = MODES[modeName](settings, events);
  const failure = await mode.listen();
  if (failure) throw new CliError(failure, 1);
  const host =
    base.bind === '*' ? 'localhost' : base.bind.includes(':') ? `[${base.bind}]` : base.bind;
  info.url = `${scheme}://${host}:${mode.localPort()}/`;
  out.line(
    `godot-ws serve: ${modeName} mode on ${info.url} (status page: ${info.url.replace(/^ws/, 'http')})`,
  );

  let scheduled = false;
  const poll = () => {
    scheduled = false;
    mode.poll();
  };
  mode.onActivity = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(poll);
  };
  const sweep = setInterval(poll, SWEEP_MS);
  const status = setInterval(() => {
    stats.sample();
    out.status(stats.statusLine());
  }, 1000);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      out.line(`godot-ws serve: ${signal}: closing ${mode.peerCount()} connection(s)`);
      mode.closeAll(1001, 'server shutting down');
      const deadline = Date.now() + SHUTDOWN_GRACE_MS;
      const wait = setInterval(() => {
        mode.poll();
        if (mode.peerCount() > 0 && Date.now() < deadline) return;
        clearInterval(wait);
        clearInterval(sweep);
        clearInterval(status);
        mode.onActivity = null;
        mode.stop();
        out.endStatus();
        out.line('godot-ws serve: stopped');
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
        resolve(0);
      }, 5);
    };
    const onInt = () => shutdown('SIGINT');
    const onTerm = () => shutdown('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}
