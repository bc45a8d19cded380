import { Error } from '../core/error.js';
import { TLSOptions } from '../net/tls-options.js';
import { SignalingServer } from '../server/signaling/signaling-server.js';
import type { HandshakeRequestHook } from '../websocket/node/server-opening.js';
import { ConsoleOutput } from './console-output.js';
import type { ServeOptions } from './serve-args.js';
import { ServeLog } from './serve-log.js';
import { listenFailure, runUntilSignal, servedUrl } from './serve-loop.js';

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
  const log = new ServeLog(out, options.logFormat, options.logLevel !== 'error');
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
    throw listenFailure(options.bind, options.port, code, code || `error ${err}`);
  }
  const url = servedUrl(options.bind, signaling.getLocalPort(), options.tls !== null);
  log.notice(`godot-ws serve: signaling mode on ${url} (lobbies: ${url.replace(/^ws/, 'http')})`);
  return runUntilSignal(
    {
      poll: () => signaling.poll(),
      get onActivity() {
        return signaling.onActivity;
      },
      set onActivity(callback) {
        signaling.onActivity = callback;
      },
      connections: () => signaling.getPeers().length,
      closeAll: (code, reason) => signaling.closeAll(code, reason),
      stop: () => signaling.stop(),
    },
    out,
    log,
    () => {
      const c = signaling.getCounters();
      return `${c.peers} peer(s) · ${c.lobbies} lobby(ies) · ${c.messagesRelayed} relayed`;
    },
  );
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
