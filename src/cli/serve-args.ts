import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import type { LogLevel } from '../core/logger.js';
import type { PeerLimitOptions } from '../server/peer-limits.js';
import { normalizeRoomName } from '../server/room-name.js';
import type { RoomServerTls } from '../server/room-server.js';
import {
  GODOT_MAX_PEERS,
  ROOM_KINDS,
  type RoomServerOptions,
} from '../server/room-server-options.js';
import { CliError, parseAmount, parseChoice, parseErrorMessage, parsePort } from './args.js';
import { parseRpcFlags } from './serve-rpc-args.js';
import { loadCertificate, loadPrivateKey } from './tls-files.js';

export const SERVE_HELP = `Usage: godot-ws serve [options]

A game server Godot games join by URL: ws://HOST:PORT/ROOM (the path names the room, "/" is
the default room). GET / on the same port shows a live dashboard, /metrics Prometheus metrics,
/rooms and /match the room API.

  --mode M              godot4 (default): Godot 4 games (WebSocketMultiplayerPeer + SceneMultiplayer)
                        godot3: Godot 3 games (WebSocketClient, gd_mp_api multiplayer)
                        broadcast: plain WebSocket clients; each message goes to the rest of the room
                        echo: sends every message back (any WebSocket client)
                        signaling: WebRTC signaling only (Godot's webrtc_signaling demo protocol,
                        Godot 4 and Godot 3); uses --port, --bind, --tls-*, --protocol,
                        --heartbeat (default 10 here), --max-message, --max-peers, --log-*
  --port N              port to listen on (default 9080; 0 = any free port)
  --bind IP             address to listen on (default *: every address, so other machines can join)
  --rooms auto|fixed    auto (default): a join to an unknown room creates it; fixed: only --room rooms
  --room NAME[:SEATS]   a room that always exists (repeatable); e.g. --room /lobby:16
  --max-peers-per-room N  seats per room (default ${GODOT_MAX_PEERS}, Godot's own limit)
  --max-rooms N         rooms at most (default 10000)
  --max-peers N         connections at most, all rooms together (default 10000)
  --room-linger S       seconds an empty room stays open for a rejoin (default 5)
  --notices             broadcast mode: JSON welcome/joined/left notices to the room
  --visibility V        godot4/godot3: all (default: every member sees every other), none (members
                        see only the server), groups (those a script put in one group)
  --signaling           also WebRTC signaling (Godot's webrtc_signaling demo protocol) on this port
  --signaling-path P    where signaling listens with --signaling (default /signal)
  --protocol P          subprotocol to accept (repeatable; '*' accepts whatever the client offers)
  --tls-cert FILE       PEM certificate (chain) for wss:// (with --tls-key)
  --tls-key FILE        PEM private key for wss://
  --heartbeat S         seconds between pings; a client silent for longer is dropped (default 0: off)
  --max-message B       largest message in bytes (default: Godot's, 64 KiB)
  --peer-rate N[:BURST] messages/s one member may send, and its burst (default 300:600; 0 = off);
                        over it its messages are dropped and counted
  --peer-bytes B[:BURST]  payload bytes/s one member may send (default 524288:1048576; 0 = off)
  --peer-kick-after S   a member over its limits for S seconds is closed with 1008 (default 10;
                        0 = only drop)
  --rpc-manifest FILE   JSON: node path → the game's @rpc method names (Godot 4 numbers them;
                        see the README); a script's \`export const rpc\` overrides it
  --rpc-allow M[,M…]    RPC methods clients may call in other clients ("chat" or "Main:chat";
                        repeatable); the rest are not relayed (default: all are)
  --rpc-max-arg-bytes B largest arguments of one RPC (default 16384; 0 = only --max-message)
  --script FILE         game logic: an ES module whose default export gets the server's hooks
                        (onConnect, onJoin, onLeave, onPacket, onRpc; see the README);
                        its \`export const rpc = { manifest }\` names the game's RPC methods
  --cluster URL         join a cluster on Redis (redis://host:6379[/db]): any node serves any room;
                        players of one room on different nodes see each other (docs/cluster.md)
  --node-id NAME        this node's name in the cluster (default: random)
  --workers N|auto      N processes on this port (node:cluster), each a node of --cluster;
                        auto = one per core (default 1)
  --admin-token T       the dashboard and /metrics need ?token=T or "Authorization: Bearer T"
  --log-format F        text (default) or json (one JSON object per line, for log collectors)
  --log-level L         error (then no join/leave/room lines either), warning (default), info
                        or verbose
  -h, --help            show this help

One line per join and leave (room, peer id, address, close code) on stdout; a live status line
on a terminal. Ctrl-C / SIGTERM sends close 1001 "server shutting down" to every client, waits
for their answers (at most 2 s) and exits with status 0.
`;

const LOG_LEVELS = ['error', 'warning', 'info', 'verbose'] as const;
const VISIBILITIES = ['all', 'none', 'groups'] as const;
const LOG_FORMATS = ['text', 'json'] as const;

/** `--mode`: a room kind, or the WebRTC signaling server alone. */
export const SERVE_MODES = [...ROOM_KINDS, 'signaling'] as const;

/** The parsed command line of `serve`. */
export interface ServeOptions {
  mode: (typeof SERVE_MODES)[number];
  port: number;
  /** "*" or an IP literal. */
  bind: string;
  tls: RoomServerTls | null;
  rooms: RoomServerOptions;
  /** A server script to load, or null. */
  script: string | null;
  /** Beside the rooms: WebRTC signaling on this path (null: none). */
  signalingPath: string | null;
  logLevel: LogLevel;
  logFormat: (typeof LOG_FORMATS)[number];
  /** Redis URL of the cluster to join, or null (a single process). */
  cluster: string | null;
  nodeId: string | null;
  /** Worker processes (1: this process serves). */
  workers: number;
}

/** Parses `serve`'s flags (throws CliError with one line). Exported for tests. */
export function parseServeArgs(argv: string[]): ServeOptions | 'help' {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (err) {
    throw new CliError(parseErrorMessage(err, argv));
  }
  if (values.help) return 'help';
  const bind = (values.bind ?? '*').replace(/^\[(.*)\]$/, '$1');
  if (bind !== '*' && isIP(bind) === 0) {
    throw new CliError(`--bind must be * or an IP address, not '${bind}'`);
  }
  const count = (flag: string, value: string | undefined, fallback: number) => {
    const n = parseAmount(value ?? String(fallback), flag, true);
    if (n < 1) throw new CliError(`${flag} must be at least 1, not '${value}'`);
    return n;
  };
  const perRoom = count('--max-peers-per-room', values['max-peers-per-room'], GODOT_MAX_PEERS);
  const mode = parseChoice(values.mode ?? 'godot4', '--mode', SERVE_MODES);
  const rooms: RoomServerOptions = {
    kind: mode === 'signaling' ? 'godot4' : mode,
    rooms: parseChoice(values.rooms ?? 'auto', '--rooms', ['auto', 'fixed'] as const),
    fixedRooms: (values.room ?? []).map((spec) => parseRoom(spec, perRoom)),
    maxPeersPerRoom: perRoom,
    maxRooms: count('--max-rooms', values['max-rooms'], 10000),
    maxPeers: count('--max-peers', values['max-peers'], 10000),
    lingerSeconds: parseAmount(values['room-linger'] ?? '5', '--room-linger'),
    notices: values.notices === true,
    visibility: parseChoice(values.visibility ?? 'all', '--visibility', VISIBILITIES),
    protocols: values.protocol ?? [],
    heartbeat: parseAmount(values.heartbeat ?? '0', '--heartbeat'),
    maxMessage: parseAmount(values['max-message'] ?? '0', '--max-message', true),
    adminToken: values['admin-token'] ?? '',
    ...rpcOption(values['rpc-manifest'], values['rpc-allow'], values['rpc-max-arg-bytes']),
    limits: parseLimits(values['peer-rate'], values['peer-bytes'], values['peer-kick-after']),
  };
  if (rooms.rooms === 'fixed' && rooms.fixedRooms?.length === 0) {
    throw new CliError('--rooms fixed needs at least one --room NAME');
  }
  return {
    mode,
    port: parsePort(values.port ?? '9080'),
    bind,
    tls: loadTls(values['tls-cert'], values['tls-key']),
    rooms,
    script: values.script ?? null,
    signalingPath: signalingPath(values.signaling === true, values['signaling-path']),
    logLevel: parseChoice(values['log-level'] ?? 'warning', '--log-level', LOG_LEVELS),
    logFormat: parseChoice(values['log-format'] ?? 'text', '--log-format', LOG_FORMATS),
    ...clusterOptions(values.cluster, values['node-id'], values.workers),
  };
}

/** `--cluster`, `--node-id`, `--workers`: checked together. */
function clusterOptions(
  url: string | undefined,
  nodeId: string | undefined,
  workersFlag: string | undefined,
): Pick<ServeOptions, 'cluster' | 'nodeId' | 'workers'> {
  if (url !== undefined && !/^rediss?:\/\/[^\s]+$/.test(url)) {
    throw new CliError(`--cluster must be a redis:// or rediss:// URL, not '${url}'`);
  }
  if (nodeId !== undefined && !/^[A-Za-z0-9._-]{1,64}$/.test(nodeId)) {
    throw new CliError(
      `--node-id must be 1 to 64 letters, digits, '.', '_' or '-', not '${nodeId}'`,
    );
  }
  if (nodeId !== undefined && url === undefined)
    throw new CliError('--node-id goes with --cluster');
  let workers = 1;
  if (workersFlag === 'auto') workers = availableParallelism();
  else if (workersFlag !== undefined) {
    workers = parseAmount(workersFlag, '--workers', true);
    if (workers < 1 || workers > 256) throw new CliError(`--workers must be 1 to 256 or auto`);
  }
  if (workers > 1 && url === undefined) {
    throw new CliError('--workers needs --cluster: the workers share rooms through Redis');
  }
  return { cluster: url ?? null, nodeId: nodeId ?? null, workers };
}

/** `NAME[:SEATS]`, the name checked as a join path would be. */
function parseRoom(spec: string, maxSeats: number): { name: string; capacity: number } {
  const colon = spec.lastIndexOf(':');
  const name = colon < 0 ? spec : spec.slice(0, colon);
  const checked = normalizeRoomName(name);
  if (!checked.ok) throw new CliError(`--room '${spec}': ${checked.reason}`);
  const capacity = colon < 0 ? maxSeats : Number(spec.slice(colon + 1));
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > maxSeats) {
    throw new CliError(`--room '${spec}': seats must be a whole number from 1 to ${maxSeats}`);
  }
  return { name: checked.name, capacity };
}

function loadTls(certPath: string | undefined, keyPath: string | undefined): RoomServerTls | null {
  if ((certPath === undefined) !== (keyPath === undefined)) {
    throw new CliError('--tls-cert and --tls-key go together');
  }
  if (certPath === undefined || keyPath === undefined) return null;
  const certificate = loadCertificate(certPath, '--tls-cert');
  const key = loadPrivateKey(keyPath, '--tls-key');
  const first = certificate.getNodeCertificates()[0];
  const keyObject = key.getKeyObject();
  if (first && keyObject && !first.checkPrivateKey(keyObject)) {
    throw new CliError(`--tls-key ${keyPath} does not belong to the certificate ${certPath}`, 1);
  }
  return { key, certificate };
}

/** `{ rpc }` from the RPC flags, or nothing. */
function rpcOption(
  manifest: string | undefined,
  allow: string[] | undefined,
  maxArgBytes: string | undefined,
): Pick<RoomServerOptions, 'rpc'> {
  const rpc = parseRpcFlags(manifest, allow, maxArgBytes);
  return rpc ? { rpc } : {};
}

/** `--peer-rate N[:BURST]`, `--peer-bytes B[:BURST]`, `--peer-kick-after S`. */
function parseLimits(
  rate: string | undefined,
  bytes: string | undefined,
  kickAfter: string | undefined,
): PeerLimitOptions {
  const out: PeerLimitOptions = {};
  const pair = (value: string, flag: string): [number, number | undefined] => {
    const [n, burst, extra] = value.split(':');
    if (extra !== undefined) throw new CliError(`${flag} is N or N:BURST, not '${value}'`);
    const amount = parseAmount(n ?? '', flag, true);
    return [amount, burst === undefined ? undefined : parseAmount(burst, flag, true)];
  };
  if (rate !== undefined) {
    const [n, burst] = pair(rate, '--peer-rate');
    out.messagesPerSecond = n;
    if (burst !== undefined) out.messageBurst = burst;
  }
  if (bytes !== undefined) {
    const [n, burst] = pair(bytes, '--peer-bytes');
    out.bytesPerSecond = n;
    if (burst !== undefined) out.byteBurst = burst;
  }
  if (kickAfter !== undefined) out.kickAfterSeconds = parseAmount(kickAfter, '--peer-kick-after');
  return out;
}

function signalingPath(on: boolean, path: string | undefined): string | null {
  if (path !== undefined && !on) throw new CliError('--signaling-path goes with --signaling');
  if (!on) return null;
  const checked = normalizeRoomName(path ?? '/signal');
  if (!checked.ok || checked.name === '/') {
    throw new CliError(`--signaling-path must be a path such as /signal, not '${path}'`);
  }
  return checked.name;
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
      rooms: { type: 'string' },
      room: { type: 'string', multiple: true },
      'max-peers-per-room': { type: 'string' },
      'max-rooms': { type: 'string' },
      'max-peers': { type: 'string' },
      'room-linger': { type: 'string' },
      notices: { type: 'boolean' },
      visibility: { type: 'string' },
      protocol: { type: 'string', multiple: true },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      heartbeat: { type: 'string' },
      'max-message': { type: 'string' },
      'peer-rate': { type: 'string' },
      'peer-bytes': { type: 'string' },
      'peer-kick-after': { type: 'string' },
      'admin-token': { type: 'string' },
      script: { type: 'string' },
      'rpc-manifest': { type: 'string' },
      'rpc-allow': { type: 'string', multiple: true },
      'rpc-max-arg-bytes': { type: 'string' },
      cluster: { type: 'string' },
      'node-id': { type: 'string' },
      workers: { type: 'string' },
      signaling: { type: 'boolean' },
      'signaling-path': { type: 'string' },
      'log-format': { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
