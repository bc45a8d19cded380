import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { Error } from '../core/error.js';
import { ClusterNode } from '../server/cluster/cluster-node.js';
import { RoomServer } from '../server/room-server.js';
import {
  attachScript,
  loadServerScriptModule,
  type ServerScriptModule,
} from '../server/script/script-host.js';
import { SignalingServer } from '../server/signaling/signaling-server.js';
import { CliError } from './args.js';
import { ConsoleOutput } from './console-output.js';
import { serveSignaling } from './mode-signaling.js';
import { parseServeArgs, SERVE_HELP } from './serve-args.js';
import { ServeLog } from './serve-log.js';
import { listenFailure, runUntilSignal, servedUrl } from './serve-loop.js';
import { runWorkers, workerNumber } from './serve-workers.js';
import { formatBytes } from './units.js';

export { parseServeArgs, SERVE_HELP } from './serve-args.js';

/** Runs `godot-ws serve`; resolves with the exit status once the server has stopped. */
export async function serve(argv: string[]): Promise<number> {
  const options = parseServeArgs(argv);
  if (options === 'help') {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  if (options.mode === 'signaling') return serveSignaling(options);
  const out = new ConsoleOutput();
  if (options.workers > 1 && workerNumber() === 0) {
    out.line(
      `godot-ws serve: ${options.workers} workers on port ${options.port}, cluster ${options.cluster}`,
    );
    return runWorkers(options.workers, out);
  }
  out.captureLibraryLog(options.logLevel);
  const log = new ServeLog(out, options.logFormat, options.logLevel !== 'error');
  const script = options.script === null ? null : await loadScript(options.script, null);
  // A script's `export const rpc` (the manifest, rules) is a server option.
  const rpc = script?.rpc ? { ...options.rooms.rpc, ...script.rpc } : options.rooms.rpc;
  const server = new RoomServer(rpc ? { ...options.rooms, rpc } : options.rooms);
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

  if (options.script !== null) await loadScript(options.script, server);
  let node: ClusterNode | null = null;
  if (options.cluster !== null) {
    const worker = workerNumber();
    const nodeId =
      options.nodeId ?? (worker > 0 ? `${randomBytes(3).toString('hex')}-w${worker}` : undefined);
    const started = await ClusterNode.start(server, {
      url: options.cluster,
      ...(nodeId ? { nodeId } : {}),
    });
    if (typeof started === 'string') throw new CliError(`--cluster: ${started}`, 1);
    node = started;
  }
  const err = await server.listen(options.port, options.bind, options.tls);
  if (err !== Error.OK) {
    node?.stop();
    const code = /\bE[A-Z]+\b/.exec(server.getLastError())?.[0] ?? '';
    throw listenFailure(options.bind, options.port, code, server.getLastError());
  }
  const url = servedUrl(options.bind, server.getLocalPort(), options.tls !== null);
  const kind = server.settings.kind;
  log.notice(
    `godot-ws serve: ${kind} mode on ${url} (dashboard: ${url.replace(/^ws/, 'http')}; ` +
      `rooms: ${url}ROOM)${node ? `; cluster node ${node.nodeId}` : ''}`,
  );

  return runUntilSignal(
    {
      poll: () => server.poll(),
      get onActivity() {
        return server.onActivity;
      },
      set onActivity(callback) {
        server.onActivity = callback;
      },
      connections: () => server.peerCount() + (node?.forwardedConnections().edge ?? 0),
      closeAll: (code, reason) => {
        server.closeAll(code, reason);
        node?.closeAll(code, reason);
      },
      stop: () => {
        node?.stop();
        server.close();
      },
    },
    out,
    log,
    () => {
      const last = server.stats.samples.at(-1);
      const peers = server.peerCount();
      const rooms = server.getRooms().length;
      return (
        `${peers} peer${peers === 1 ? '' : 's'} · ${rooms} room${rooms === 1 ? '' : 's'} · ` +
        `${last?.messagesIn ?? 0} msg/s in · ${formatBytes(last?.bytesOut ?? 0)}/s out`
      );
    },
  );
}

/** Imports the script (`server` null), or runs it against `server`; CliError (status 1) if it fails. */
async function loadScript(path: string, server: RoomServer | null): Promise<ServerScriptModule> {
  try {
    const script = await loadServerScriptModule(path);
    if (server) await attachScript(server, script.main, basename(path));
    return script;
  } catch (err) {
    const why = err instanceof globalThis.Error ? err.message.split('\n')[0] : String(err);
    throw new CliError(`cannot load the script ${path}: ${why}`, 1);
  }
}
