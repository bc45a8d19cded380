import { TCPServer } from '../../src/net/tcp-server.js';
import { WebSocketPeer } from '../../src/websocket/websocket-peer.js';
import { pollUntil } from './poll.js';

export interface Pair {
  client: WebSocketPeer;
  server: WebSocketPeer;
  tcp: TCPServer;
  port: number;
  /** Polls both peers once. */
  poll(): void;
  /** Drops both peers and the listener. */
  close(): void;
}

export interface PairOptions {
  configureClient?: (peer: WebSocketPeer) => void;
  configureServer?: (peer: WebSocketPeer) => void;
  path?: string;
  /** Whether to wait until both sides are OPEN (default true). */
  waitOpen?: boolean;
}

/** Starts a listener on 127.0.0.1, connects our client to our server-side peer, polls both open. */
export async function openPair(options: PairOptions = {}): Promise<Pair> {
  const tcp = new TCPServer();
  await listenLoopback(tcp);
  const port = tcp.getLocalPort();
  const client = new WebSocketPeer();
  const server = new WebSocketPeer();
  options.configureClient?.(client);
  options.configureServer?.(server);
  const url = `ws://127.0.0.1:${port}${options.path ?? '/'}`;
  const err = client.connectToUrl(url);
  if (err !== 0) throw new Error(`connectToUrl(${url}) returned ${err}`);
  await pollUntil(
    'a TCP connection',
    () => tcp.isConnectionAvailable(),
    () => client.poll(),
  );
  const accepted = server.acceptStream(tcp.takeConnection());
  if (accepted !== 0) throw new Error(`acceptStream returned ${accepted}`);
  const pair: Pair = {
    client,
    server,
    tcp,
    port,
    poll() {
      client.poll();
      server.poll();
    },
    close() {
      client.close(-1);
      server.close(-1);
      tcp.stop();
    },
  };
  if (options.waitOpen !== false) {
    await pollUntil(
      'both peers OPEN',
      () =>
        client.getReadyState() === WebSocketPeer.STATE_OPEN &&
        server.getReadyState() === WebSocketPeer.STATE_OPEN,
      pair.poll,
    );
  }
  return pair;
}

/** Listens on 127.0.0.1 with an OS-chosen port and waits until it is bound. */
export async function listenLoopback(tcp: TCPServer): Promise<void> {
  const err = tcp.listen(0, '127.0.0.1');
  if (err !== 0) throw new Error(`listen returned ${err}`);
  await pollUntil('the listener', () => tcp.isListening() && tcp.getLocalPort() > 0);
}
