import { MultiplayerPeer } from '../../src/core/multiplayer-peer.js';
import { WebSocketMultiplayerPeer } from '../../src/websocket/websocket-multiplayer-peer.js';
import { pollUntil } from './poll.js';

/** A server whose ids come from a list (then random), for byte-exact tests. */
export class FixedIdServer extends WebSocketMultiplayerPeer {
  readonly ids: number[];
  constructor(ids: number[]) {
    super();
    this.ids = ids.slice();
  }
  override generateUniqueId(): number {
    return this.ids.shift() ?? super.generateUniqueId();
  }
}

/** Signal log of a multiplayer peer: "+id" for peerConnected, "-id" for peerDisconnected. */
export function recordSignals(peer: MultiplayerPeer): string[] {
  const events: string[] = [];
  peer.peerConnected.connect((id) => events.push(`+${id}`));
  peer.peerDisconnected.connect((id) => events.push(`-${id}`));
  return events;
}

/** Creates (or configures) a server listening on 127.0.0.1 at a free port; waits for the bind. */
export async function startServer(
  server: WebSocketMultiplayerPeer = new WebSocketMultiplayerPeer(),
): Promise<{ server: WebSocketMultiplayerPeer; port: number; url: string }> {
  const err = server.createServer(0, '127.0.0.1');
  if (err !== 0) throw new Error(`createServer returned ${err}`);
  await pollUntil('the server to listen', () => server.getLocalPort() > 0);
  const port = server.getLocalPort();
  return { server, port, url: `ws://127.0.0.1:${port}/` };
}

/** Polls every peer once. */
export function pollAll(...peers: { poll(): void }[]): () => void {
  return () => {
    for (const p of peers) p.poll();
  };
}

/** Starts a client and polls it and `server` until it is CONNECTED. */
export async function connectClient(
  server: WebSocketMultiplayerPeer,
  url: string,
  configure?: (client: WebSocketMultiplayerPeer) => void,
): Promise<WebSocketMultiplayerPeer> {
  const client = new WebSocketMultiplayerPeer();
  configure?.(client);
  const err = client.createClient(url);
  if (err !== 0) throw new Error(`createClient returned ${err}`);
  await pollUntil(
    'the client to be CONNECTED',
    () => client.getConnectionStatus() === MultiplayerPeer.CONNECTION_CONNECTED,
    pollAll(server, client),
  );
  return client;
}

/** Polls until `peer` has a packet; returns [source, bytes]. */
export async function nextPacket(
  peer: WebSocketMultiplayerPeer,
  poll: () => void,
  what = 'a packet',
): Promise<[number, Uint8Array]> {
  await pollUntil(what, () => peer.getAvailablePacketCount() > 0, poll);
  const from = peer.getPacketPeer();
  return [from, peer.getPacket()];
}
