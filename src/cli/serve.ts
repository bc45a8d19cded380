import { basename } from 'node:path';
import { Error } from '../core/error.js';
import { formatAddress } from '../server/address.js';
import { RoomServer } from '../server/room-server.js';
import { attachScript, loadServerScript } from '../server/script/script-host.js';
import { SignalingServer } from '../server/signaling/signaling-server.js';
import { CliError } from './args.js';
import { ConsoleOutput } from './console-output.js';
import { serveSignaling } from './mode-signaling.js';
import { parseServeArgs, SERVE_HELP } from './serve-args.js';
import { ServeLog } from './serve-log.js';
import { formatBytes } from './units.js';

export { parseServeArgs, SERVE_HELP } from './serve-args.js';

/** How long shutdown waits for clients to answer the close frames. */
const SHUTDOWN_GRACE_MS = 2000;
/** Polls happen on socket activity, and at least this often (timeouts, heartbeats). */
const SWEEP_MS = 100;

const LISTEN_REASONS: Record<string, string> = {
  EADDRINUSE: 'the port is already in use',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'that address is not on this machine',
};

/** Runs `godot-ws serve`; resolves with the exit status once the server has stopped. */
export async function serve(argv: string[]): Promise<number> {
  const options = parseServeArgs(argv);
  if (options === 'help') {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  if (options.mode === 'signaling') return serveSignaling(options);
  const out = new ConsoleOutput();
  out.captureLibraryLog(options.logLevel);
  const log = new ServeLog(out, options.logFormat);
  const server = new RoomServer(options.rooms);
  const addresses = new Map<string, string>();
  server.peerJoined.connect((room, id, address) => {
    addresses.set(`${room} ${id}`, address);
    log.joined(room, id, address);
  });
  server.peerLeft.connect((room, id, code, reason) => {
    const key = `${room} ${id}`;
    log.left(room, id, addresses.get(key) ?? '?', code, reason);
    addresses.delete(key);
  });
  server.peerRefused.connect((address, status, reason) => log.refused(address, status, reason));
  server.roomCreated.connect((room) => log.room(room, true));
  server.roomClosed.connect((room) => log.room(room, false));
  if (options.signalingPath !== null) {
    const { heartbeat, maxMessage } = options.rooms;
    const signaling = new SignalingServer({
      ...(heartbeat ? { heartbeat } : {}),
      ...(maxMessage ? { maxMessage } : {}),
    });
    const at = options.signalingPath;
    signaling.lobbyCreated.connect((lobby) => log.room(`${at} lobby ${lobby}`, true));
    signaling.lobbyClosed.connect((lobby) => log.room(`${at} lobby ${lobby}`, false));
    server.attachSignaling(signaling, at);
  }

  if (options.script !== null) {
    try {
      await attachScript(server, await loadServerScript(options.script), basename(options.script));
    } catch (err) {
      const why = err instanceof globalThis.Error ? err.message.split('\n')[0] : String(err);
      throw new CliError(`cannot load the script ${options.script}: ${why}`, 1);
    }
  }
  const err = await server.listen(options.port, options.bind, options.tls);
  if (err !== Error.OK) {
    const code = /\bE[A-Z]+\b/.exec(server.getLastError())?.[0] ?? '';
    const why = LISTEN_REASONS[code] ?? server.getLastError();
    throw new CliError(`cannot listen on ${formatAddress(options.bind, options.port)}: ${why}`, 1);
  }
  const scheme = options.tls ? 'wss' : 'ws';
  const host =
    options.bind === '*'
      ? 'localhost'
      : options.bind.includes(':')
        ? `[${options.bind}]`
        : options.bind;
  const url = `${scheme}://${host}:${server.getLocalPort()}/`;
  const kind = server.settings.kind;
  log.notice(
    `godot-ws serve: ${kind} mode on ${url} (dashboard: ${url.replace(/^ws/, 'http')}; ` +
      `rooms: ${url}ROOM)`,
  );

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
  const sweep = setInterval(poll, SWEEP_MS);
  const status = setInterval(() => {
    log.flush();
    const last = server.stats.samples.at(-1);
    const peers = server.peerCount();
    const rooms = server.getRooms().length;
    out.status(
      `${peers} peer${peers === 1 ? '' : 's'} · ${rooms} room${rooms === 1 ? '' : 's'} · ` +
        `${last?.messagesIn ?? 0} msg/s in · ${formatBytes(last?.bytesOut ?? 0)}/s out`,
    );
  }, 1000);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.notice(`godot-ws serve: ${signal}: closing ${server.peerCount()} connection(s)`);
      server.closeAll(1001, 'server shutting down');
      const deadline = Date.now() + SHUTDOWN_GRACE_MS;
      const wait = setInterval(() => {
        server.poll();
        if (server.peerCount() > 0 && Date.now() < deadline) return;
        clearInterval(wait);
        clearInterval(sweep);
        clearInterval(status);
        server.onActivity = null;
        server.close();
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
