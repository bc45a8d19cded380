import { Error } from '../core/error.js';
import { TLSOptions } from '../net/tls-options.js';
import { SignalingServer } from '../server/signaling/signaling-server.js';
import type { HandshakeRequestHook } from '../websocket/node/server-opening.js';
import { CliError } from './args.js';
import { ConsoleOutput } from './console-output.js';
import type { ServeOptions } from './serve-args.js';
import { ServeLog } from './serve-log.js';

/** How long shutdown waits for clients to answer the close frames. */
const SHUTDOWN_GRACE_MS = 2000;
/** Polls happen on socket activity, and at least this often (join and seal timeouts). */
const SWEEP_MS = 100;

const LISTEN_REASONS: Record<string, string> = {
  EADDRINUSE: 'the port is already in use',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'that address is not on this machine',
};

/**
 * `godot-ws serve --mode signaling`: only the WebRTC signaling server of Godot's
 * `webrtc_signaling` demo (Godot 4 JSON and Godot 3 lines, each client's first message says
 * which) on the port; a game using the demo's client script joins with the URL alone. `GET /`
 * answers the lobby list and counters as JSON. Log lines: lobbies created and closed, peers
 * joining and leaving lobbies.
 */
export async function serveSignaling(options: ServeOptions): Promise<number> {
  const out = new ConsoleOutput();
  out.captureLibraryLog(options.logLevel);
  const log = new ServeLog(out, options.logFormat);
  const { rooms } = options;
  const signaling = new SignalingServer({
    protocols: rooms.protocols ?? [],
    requestHook: statusHook(() => signaling),
    ...(rooms.maxPeers ? { maxPeers: rooms.maxPeers } : {}),
    ...(rooms.heartbeat ? { heartbeat: rooms.heartbeat } : {}),
    ...(rooms.maxMessage ? { maxMessage: rooms.maxMessage } : {}),
  });
  const where = new Map<number, { address: string; lobby: string }>();
  signaling.peerConnected.connect((id, address) => where.set(id, { address, lobby: '' }));
  signaling.peerJoined.connect((lobby, id) => {
    const peer = where.get(id === 1 ? signaling.getLobbyHost(lobby) : id);
    if (peer) peer.lobby = lobby;
    log.joined(lobby, id, peer?.address ?? '?');
  });
  signaling.peerDisconnected.connect((id, code, reason) => {
    const peer = where.get(id);
    where.delete(id);
    if (peer?.lobby) log.left(peer.lobby, id, peer.address, code, reason);
  });
  signaling.lobbyCreated.connect((lobby) => log.room(lobby, true));
  signaling.lobbyClosed.connect((lobby) => log.room(lobby, false));

  const tls = options.tls ? TLSOptions.server(options.tls.key, options.tls.certificate) : null;
  const err = await signaling.listenAsync(options.port, options.bind, tls);
  if (err !== Error.OK) {
    const code = signaling.getListenErrorReason();
    const why = LISTEN_REASONS[code] ?? (code || `error ${err}`);
    const at = options.bind.includes(':') ? `[${options.bind}]` : options.bind;
    throw new CliError(`cannot listen on ${at}:${options.port}: ${why}`, 1);
  }
  const host =
    options.bind === '*'
      ? 'localhost'
      : options.bind.includes(':')
        ? `[${options.bind}]`
        : options.bind;
  const url = `${options.tls ? 'wss' : 'ws'}://${host}:${signaling.getLocalPort()}/`;
  log.notice(`godot-ws serve: signaling mode on ${url} (lobbies: ${url.replace(/^ws/, 'http')})`);
  return run(signaling, out, log);
}

/** `GET /`: the lobbies and counters as JSON; an upgrade goes through; other paths 404. */
function statusHook(server: () => SignalingServer): HandshakeRequestHook {
  return (request) => {
    if (request.headers.get('upgrade')?.toLowerCase() === 'websocket') return undefined;
    const path = request.path.split('?')[0];
    if (path !== '/') return { status: 404, body: `no page at ${path}; try /\n` };
    const s = server();
    return {
      status: 200,
      headers: ['Content-Type: application/json', 'Cache-Control: no-store'],
      body: `${JSON.stringify({ lobbies: s.getLobbies(), counters: s.getCounters() })}\n`,
    };
  };
}

/** Polls on activity and a sweep; Ctrl-C / SIGTERM closes everyone with 1001, then exits 0. */
function run(signaling: SignalingServer, out: ConsoleOutput, log: ServeLog): Promise<number> {
  let scheduled = false;
  const poll = () => {
    scheduled = false;
    signaling.poll();
  };
  signaling.onActivity = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(poll);
  };
  const sweep = setInterval(poll, SWEEP_MS);
  const status = setInterval(() => {
    log.flush();
    const c = signaling.getCounters();
    out.status(`${c.peers} peer(s) · ${c.lobbies} lobby(ies) · ${c.messagesRelayed} relayed`);
  }, 1000);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.notice(`godot-ws serve: ${signal}: closing ${signaling.getPeers().length} connection(s)`);
      signaling.closeAll(1001, 'server shutting down');
      const deadline = Date.now() + SHUTDOWN_GRACE_MS;
      const wait = setInterval(() => {
        signaling.poll();
        if (signaling.getPeers().length > 0 && Date.now() < deadline) return;
        clearInterval(wait);
        clearInterval(sweep);
        clearInterval(status);
        signaling.onActivity = null;
        signaling.stop();
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
