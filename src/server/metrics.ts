import type * as PromClient from 'prom-client';
import type { RoomServer } from './room-server.js';

type Prom = typeof PromClient;
type Registry = PromClient.Registry;

let loading: Promise<Prom | null> | null = null;
const registries = new WeakMap<RoomServer, Registry>();

/**
 * `prom-client` (an optional dependency) is loaded by the first `/metrics` request, so nobody
 * who never scrapes loads it, and a server without it still runs (the request gets 501).
 */
function loadPromClient(): Promise<Prom | null> {
  loading ??= import('prom-client').then(
    (module) => ((module as unknown as { default?: Prom }).default ?? module) as Prom,
    () => null,
  );
  return loading;
}

/** The server's metrics in the Prometheus text format, or null without prom-client. */
export async function metricsText(
  server: RoomServer,
): Promise<{ contentType: string; body: string } | null> {
  const prom = await loadPromClient();
  if (!prom) return null;
  let registry = registries.get(server);
  if (!registry) {
    registry = buildRegistry(prom, server);
    registries.set(server, registry);
  }
  return { contentType: registry.contentType, body: await registry.metrics() };
}

function buildRegistry(prom: Prom, server: RoomServer): Registry {
  const registry = new prom.Registry();
  prom.collectDefaultMetrics({ register: registry });
  const stats = server.stats;
  const gauge = (name: string, help: string, read: () => number) =>
    new prom.Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  const counter = (name: string, help: string, read: () => number) =>
    new prom.Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  const labelled = (
    name: string,
    help: string,
    label: string,
    read: () => Iterable<[string | number, number]>,
  ) =>
    new prom.Counter({
      name,
      help,
      labelNames: [label],
      registers: [registry],
      collect() {
        this.reset();
        for (const [key, value] of read()) this.inc({ [label]: String(key) }, value);
      },
    });
  gauge('godot_ws_rooms', 'Rooms open now.', () => server.getRooms().length);
  gauge('godot_ws_peers', 'Clients holding a seat (members and those still joining).', () =>
    server.peerCount(),
  );
  counter('godot_ws_rooms_created_total', 'Rooms created.', () => stats.roomsCreated);
  counter('godot_ws_rooms_closed_total', 'Rooms closed.', () => stats.roomsClosed);
  counter(
    'godot_ws_connections_accepted_total',
    'Joins accepted into a room.',
    () => stats.accepted,
  );
  labelled('godot_ws_connections_refused_total', 'Joins refused in the handshake.', 'reason', () =>
    stats.refused.entries(),
  );
  labelled(
    'godot_ws_handshake_failures_total',
    'Accepted clients that never became members.',
    'reason',
    () => [['handshake', stats.failed]],
  );
  counter('godot_ws_peers_joined_total', 'Clients that became members.', () => stats.joined);
  counter('godot_ws_peers_left_total', 'Members that left.', () => stats.left);
  labelled(
    'godot_ws_close_codes_total',
    'Close codes of members that left (-1: no close frame).',
    'code',
    () => stats.closeCodes.entries(),
  );
  const traffic = () => server.traffic();
  counter(
    'godot_ws_messages_received_total',
    'WebSocket messages from clients.',
    () => traffic().messagesIn,
  );
  counter(
    'godot_ws_messages_sent_total',
    "WebSocket messages to clients (relayed and the server's own).",
    () => traffic().messagesOut,
  );
  counter('godot_ws_received_bytes_total', 'Payload bytes from clients.', () => traffic().bytesIn);
  counter('godot_ws_sent_bytes_total', 'Payload bytes to clients.', () => traffic().bytesOut);
  labelled('godot_ws_dropped_packets_total', 'Packets not delivered, by reason.', 'reason', () =>
    server.droppedPackets().entries(),
  );
  const limited = () => server.totals.rateLimits(server.getRooms());
  counter(
    'godot_ws_rate_limited_bytes_total',
    "Payload bytes of messages dropped for being over a member's rate limit.",
    () => limited().bytes,
  );
  counter(
    'godot_ws_rate_limit_kicks_total',
    'Members closed with 1008 for staying over their rate limit.',
    () => limited().kicks,
  );
  const signaling = () => server.getSignaling()?.getCounters();
  if (server.getSignaling()) {
    gauge(
      'godot_ws_signaling_peers',
      'WebRTC signaling peers connected.',
      () => signaling()?.peers ?? 0,
    );
    gauge(
      'godot_ws_signaling_lobbies',
      'WebRTC signaling lobbies open.',
      () => signaling()?.lobbies ?? 0,
    );
    labelled('godot_ws_signaling_events_total', 'WebRTC signaling events, by kind.', 'event', () =>
      Object.entries(signaling() ?? {}).filter(
        ([k]) => !['peers', 'lobbies', 'sealedLobbies'].includes(k),
      ),
    );
  }
  const router = server.getJoinRouter();
  if (router) {
    labelled(
      'godot_ws_cluster_events_total',
      'Cluster: batches and bytes between nodes, batches lost (gaps), failed publishes, ' +
        'connections cut by a failure, dead nodes, joins refused while Redis was away.',
      'event',
      () => Object.entries(router.events()),
    );
    new prom.Gauge({
      name: 'godot_ws_cluster_forwarded_connections',
      help: 'Clients crossing nodes: held here for rooms elsewhere (edge), elsewhere for ours (home).',
      labelNames: ['role'],
      registers: [registry],
      collect() {
        const { edge, home } = router.forwardedConnections();
        this.set({ role: 'edge' }, edge);
        this.set({ role: 'home' }, home);
      },
    });
  }
  labelled(
    'godot_ws_rpc_total',
    'RPCs: calls handled by the server, calls it sent, paths confirmed, calls dropped by kind.',
    'outcome',
    () => server.rpcCounts().entries(),
  );
  labelled(
    'godot_ws_hook_errors_total',
    'Throws and timeouts of script hooks (by hook) and of room timers ("timer").',
    'hook',
    () => hookErrorsByHook(server.hookErrors.counts),
  );
  return registry;
}

/** `hookErrors` keys ("onPacket /room", "/room a timer", "onConnect") summed by hook name. */
function hookErrorsByHook(counts: ReadonlyMap<string, number>): [string, number][] {
  const out = new Map<string, number>();
  for (const [key, n] of counts) {
    const first = key.split(' ')[0] ?? '';
    const hook = first.startsWith('on') ? first : 'timer';
    out.set(hook, (out.get(hook) ?? 0) + n);
  }
  return [...out];
}
