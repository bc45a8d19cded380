import { setLargeReadHandler } from '../net/large-reads.js';
import { CliError } from './args.js';
import type { ConsoleOutput } from './console-output.js';
import type { ServeLog } from './serve-log.js';

/** How long shutdown waits for clients to answer the close frames. */
const SHUTDOWN_GRACE_MS = 2000;
/** Polls happen on socket activity, and at least this often (timeouts, heartbeats). */
const SWEEP_MS = 100;

/** Why a listen failed, in words, by the error code Node reports. */
export const LISTEN_REASONS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'the port is already in use',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'that address is not on this machine',
};

/** The one-line error of a listen that failed with Node's error `code` (`detail` if unknown). */
export function listenFailure(bind: string, port: number, code: string, detail: string): CliError {
  const at = bind.includes(':') ? `[${bind}]:${port}` : `${bind}:${port}`;
  return new CliError(`cannot listen on ${at}: ${LISTEN_REASONS[code] ?? detail}`, 1);
}

/** The URL clients use for a server listening at `bind` ("*": shown as localhost). */
export function servedUrl(bind: string, port: number, tls: boolean): string {
  const host = bind === '*' ? 'localhost' : bind.includes(':') ? `[${bind}]` : bind;
  return `${tls ? 'wss' : 'ws'}://${host}:${port}/`;
}

/** What the serve loop drives: a polled server with an activity callback. */
export interface PolledServer {
  poll(): void;
  onActivity: (() => void) | null;
  /** Connections still open (shutdown waits for them). */
  connections(): number;
  closeAll(code: number, reason: string): void;
  /** Drops what is left and stops listening. */
  stop(): void;
}

/**
 * Runs a started server until SIGINT / SIGTERM: polls on socket activity and every 100 ms,
 * redraws the status line once a second; on a signal sends close 1001 "server shutting down"
 * to everyone, waits for their answers (at most 2 s), stops, and resolves with exit status 0.
 */
export function runUntilSignal(
  server: PolledServer,
  out: ConsoleOutput,
  log: ServeLog,
  statusLine: () => string,
): Promise<number> {
  let scheduled = false;
  const poll = () => {
    scheduled = false;
    server.poll();
  };
  server.onActivity = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(poll);
  };
  // A large read is polled at once, at the end of its own callback (see large-reads.ts).
  let soon = false;
  const pollSoon = () => {
    soon = false;
    server.poll();
  };
  setLargeReadHandler(() => {
    if (soon) return;
    soon = true;
    queueMicrotask(pollSoon);
  });
  const sweep = setInterval(poll, SWEEP_MS);
  const status = setInterval(() => {
    log.flush();
    out.status(statusLine());
  }, 1000);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.notice(`godot-ws serve: ${signal}: closing ${server.connections()} connection(s)`);
      server.closeAll(1001, 'server shutting down');
      const deadline = Date.now() + SHUTDOWN_GRACE_MS;
      const wait = setInterval(() => {
        server.poll();
        if (server.connections() > 0 && Date.now() < deadline) return;
        clearInterval(wait);
        clearInterval(sweep);
        clearInterval(status);
        server.onActivity = null;
        setLargeReadHandler(null);
        server.stop();
        log.flush(true);
        out.endStatus();
        log.notice('godot-ws serve: stopped');
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
