import {
  SceneRelayServer,
  type SceneRelayServerOptions,
} from '../../src/websocket/scene-relay/scene-relay-server.js';
import { Godot4SceneClient } from './godot4-scene-client.js';
import { FixedIdServer } from './mp-peers.js';
import { pollFor, pollUntil } from './poll.js';

/** A relay on 127.0.0.1 whose clients get the ids in `ids` (in connection order). */
export async function startRelay(
  ids: number[],
  options: Omit<SceneRelayServerOptions, 'peer'> = {},
): Promise<{ relay: SceneRelayServer; url: string; log: string[] }> {
  const relay = new SceneRelayServer({ ...options, peer: new FixedIdServer(ids) });
  const err = relay.listen(0, '127.0.0.1');
  if (err !== 0) throw new Error(`listen returned ${err}`);
  await pollUntil('the relay to listen', () => relay.getLocalPort() > 0);
  const log: string[] = [];
  relay.peerJoined.connect((id) => log.push(`joined:${id}`));
  relay.peerLeft.connect((id) => log.push(`left:${id}`));
  relay.peerAuthenticating.connect((id) => log.push(`authenticating:${id}`));
  relay.peerAuthenticationFailed.connect((id) => log.push(`auth_failed:${id}`));
  relay.packetReceived.connect((from, p) => log.push(`packet:${from}:${hex(p)}`));
  relay.peerPacket.connect((from, p) => log.push(`peer_packet:${from}:${hex(p)}`));
  return { relay, url: `ws://127.0.0.1:${relay.getLocalPort()}/`, log };
}

/** Polls the relay and every client once. */
export function pollEverything(relay: SceneRelayServer, clients: Godot4SceneClient[]): () => void {
  return () => {
    relay.poll();
    for (const c of clients) c.poll();
  };
}

/** Connects a Godot-4-like client and polls until `done` (default: connected_to_server). */
export async function join(
  relay: SceneRelayServer,
  url: string,
  others: Godot4SceneClient[] = [],
  configure?: (client: Godot4SceneClient) => void,
  done = (c: Godot4SceneClient) => c.events.includes('connected_to_server'),
): Promise<Godot4SceneClient> {
  const client = new Godot4SceneClient();
  configure?.(client);
  const err = client.connect(url);
  if (err !== 0) throw new Error(`createClient returned ${err}`);
  await pollUntil(
    'the client to join',
    () => done(client),
    pollEverything(relay, [...others, client]),
  );
  return client;
}

/** Polls for a short while so that anything in flight arrives. */
export function settle(
  relay: SceneRelayServer,
  clients: Godot4SceneClient[],
  ms = 40,
): Promise<void> {
  return pollFor(ms, pollEverything(relay, clients));
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
