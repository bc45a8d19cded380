// Our own server side for engine scenarios: a TCPServer whose connections are accepted by our
// Node `WebSocketPeer` (accept_stream), polled on socket activity and on a short timer. What a
// connection does is the test's handler; every state change is logged, so a scenario can
// assert what the server saw, line by line.
import { TCPServer } from '../../../src/net/tcp-server.js';
import { WebSocketPeer } from '../../../src/websocket/websocket-peer.js';
import { listenLoopback } from '../ws-pair.js';

/** One accepted connection. */
export interface PeerConn {
  /** Accept order, from 1. */
  readonly index: number;
  readonly peer: WebSocketPeer;
  /** The request path ('' until the request arrived). */
  path: string;
  /** The client's Sec-WebSocket-Extensions header, or null (seen by the handshake hook). */
  offeredExtensions: string | null;
  /** The client's Sec-WebSocket-Protocol header, or null. */
  offeredProtocols: string | null;
  /** Every request header (lowercased names), once the request arrived. */
  requestHeaders: ReadonlyMap<string, string>;
  /** Lines logged for this connection (also in the server's `log`, prefixed by the path). */
  readonly log: string[];
  /** Adds a line to this connection's log (and the server's). */
  note(line: string): void;
}

/** What the test's server does; every member is optional. */
export interface PeerServerHandlers {
  /** Set up a new peer before `acceptStream` (buffer sizes, subprotocols). */
  configure?(peer: WebSocketPeer): void;
  /** The peer reached OPEN. */
  onOpen?(conn: PeerConn): void;
  /** A packet arrived (already taken with `getPacket`). */
  onPacket?(conn: PeerConn, data: Uint8Array, isString: boolean): void;
}

export interface PeerServer {
  /** `ws://127.0.0.1:<port>` */
  readonly url: string;
  /** Every connection's lines, each prefixed by its request path. */
  readonly log: string[];
  readonly conns: PeerConn[];
  /** Resolves when `done()` holds (checked after every poll round); rejects after `ms`. */
  waitFor(what: string, done: () => boolean, ms?: number): Promise<void>;
  /** Drops every connection and stops listening. */
  stop(): void;
}

const STATE_NAMES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];

/**
 * Starts the server on 127.0.0.1 (any free port). Logged per connection: `open protocol=…`,
 * `state …` changes after OPEN, `closed <code> "<reason>"` (the close code and reason our peer
 * reports), and `failed` for a handshake that never opened.
 */
export async function startPeerServer(handlers: PeerServerHandlers = {}): Promise<PeerServer> {
  const tcp = new TCPServer();
  await listenLoopback(tcp);
  const log: string[] = [];
  const conns: PeerConn[] = [];
  const live = new Set<PeerConn>();
  const lastState = new Map<PeerConn, number>();
  const waiters = new Set<() => void>();
  let scheduled = false;
  let stopped = false;

  const note = (conn: PeerConn, line: string) => {
    conn.log.push(line);
    log.push(`${conn.path || '?'} ${line}`);
  };

  const pollAll = () => {
    scheduled = false;
    if (stopped) return;
    while (tcp.isConnectionAvailable()) accept();
    for (const conn of [...live]) pollConn(conn);
    for (const w of [...waiters]) w();
  };
  const wake = () => {
    if (scheduled || stopped) return;
    scheduled = true;
    setImmediate(pollAll);
  };

  function accept(): void {
    const peer = new WebSocketPeer();
    const conn: PeerConn = {
      index: conns.length + 1,
      peer,
      path: '',
      offeredExtensions: null,
      offeredProtocols: null,
      requestHeaders: new Map(),
      log: [],
      note: (line) => note(conn, line),
    };
    handlers.configure?.(peer);
    peer.setHandshakeRequestHook((request) => {
      conn.path = request.path;
      conn.offeredExtensions = request.headers.get('sec-websocket-extensions') ?? null;
      conn.offeredProtocols = request.headers.get('sec-websocket-protocol') ?? null;
      conn.requestHeaders = request.headers;
      return undefined;
    });
    peer.onActivity = wake;
    const stream = tcp.takeConnection();
    if (peer.acceptStream(stream) !== 0) return;
    conns.push(conn);
    live.add(conn);
    lastState.set(conn, WebSocketPeer.STATE_CONNECTING);
  }

  function pollConn(conn: PeerConn): void {
    conn.peer.poll();
    track(conn);
    while (conn.peer.getAvailablePacketCount() > 0) {
      const data = conn.peer.getPacket();
      handlers.onPacket?.(conn, data, conn.peer.wasStringPacket());
    }
    track(conn); // the handler may have closed the peer
    if (conn.peer.getReadyState() === WebSocketPeer.STATE_CLOSED) live.delete(conn);
  }

  /** Logs a state change since the last look. */
  function track(conn: PeerConn): void {
    const { peer } = conn;
    const before = lastState.get(conn);
    const state = peer.getReadyState();
    if (state === before) return;
    lastState.set(conn, state);
    if (before === WebSocketPeer.STATE_CONNECTING) {
      if (state === WebSocketPeer.STATE_CLOSED) {
        note(conn, 'failed');
        return;
      }
      note(conn, `open protocol=${JSON.stringify(peer.getSelectedProtocol())}`);
      handlers.onOpen?.(conn);
      if (peer.getReadyState() === state) return;
      lastState.set(conn, peer.getReadyState());
    }
    if (peer.getReadyState() === WebSocketPeer.STATE_CLOSED) {
      note(conn, `closed ${peer.getCloseCode()} ${JSON.stringify(peer.getCloseReason())}`);
    } else if (peer.getReadyState() !== WebSocketPeer.STATE_OPEN) {
      note(conn, `state ${STATE_NAMES[peer.getReadyState()]}`);
    }
  }

  tcp.onConnection = wake;
  // Close handshakes and socket ends need polls without traffic too.
  const timer = setInterval(wake, 10);
  return {
    url: `ws://127.0.0.1:${tcp.getLocalPort()}`,
    log,
    conns,
    waitFor(what, done, ms = 10_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!done()) return;
          waiters.delete(check);
          clearTimeout(deadline);
          resolve();
        };
        const deadline = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out after ${ms} ms waiting for ${what}\n${log.join('\n')}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    stop() {
      stopped = true;
      clearInterval(timer);
      for (const conn of live) conn.peer.close(-1);
      live.clear();
      tcp.stop();
    },
  };
}
