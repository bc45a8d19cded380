import { ActivityMarks } from '../core/activity-marks.js';
import { Error } from '../core/error.js';
import { ErrorCode, hostPort, type LastError, lastError } from '../core/last-error.js';
import { logger } from '../core/logger.js';
import type { StreamPeerTCP } from '../net/stream-peer-tcp.js';
import { StreamPeerTLS } from '../net/stream-peer-tls.js';
import type { TCPServer } from '../net/tcp-server.js';
import type { TLSOptions } from '../net/tls-options.js';
import type { WebSocketPeer } from './websocket-peer.js';
import { State } from './websocket-peer-base.js';

/**
 * Most TCP connections taken from the listen queue in one `poll()`. Deliberate difference:
 * Godot takes one per poll, which caps a 60 Hz loop at 60 new connections a second.
 */
const ACCEPTS_PER_POLL = 32;

const NONE_OPENED: [number, WebSocketPeer][] = [];

interface Pending {
  ws: WebSocketPeer;
  /** `performance.now()` when the TCP connection was taken. */
  since: number;
}

/**
 * The server side of `WebSocketMultiplayerPeer` before a peer has its id
 * (docs/godot4-multiplayer.md §3.3 steps 1–2): connections taken from the `TCPServer`, wrapped in
 * TLS if configured, and driven through the WebSocket handshake until OPEN, failure, or the
 * handshake timeout.
 */
export class PendingHandshakes {
  #pending = new Map<number, Pending>();
  /** Pending ids with socket activity since they were last polled. */
  #active = new ActivityMarks<number>();

  has(id: number): boolean {
    return this.#pending.has(id);
  }

  /** Takes waiting connections as pending peers, each under `newId()`. */
  accept(
    server: TCPServer,
    tls: TLSOptions | null,
    newPeer: () => WebSocketPeer,
    newId: () => number,
    now: number,
  ): void {
    for (let i = 0; i < ACCEPTS_PER_POLL && server.isConnectionAvailable(); i++) {
      const tcp = server.takeConnection();
      if (!tcp) return;
      const ws = newPeer();
      ws.handshakeTimeout = 0; // The multiplayer peer applies its own timeout.
      const stream = secure(tcp, tls);
      if (!stream || ws.acceptStream(stream) !== Error.OK) {
        tcp.disconnectFromHost();
        continue;
      }
      this.#start(newId(), ws, now);
    }
  }

  /** Adds a peer whose handshake another listener started (e.g. `acceptHttpUpgrade`). */
  add(id: number, ws: WebSocketPeer, now: number): void {
    ws.handshakeTimeout = 0; // The multiplayer peer applies its own timeout.
    this.#start(id, ws, now);
  }

  #start(id: number, ws: WebSocketPeer, now: number): void {
    this.#pending.set(id, { ws, since: now });
    ws.onActivity = this.#active.callbackFor(id);
    this.#active.mark(id); // its first poll starts the handshake
  }

  /**
   * Polls every handshake (`everyone`), or those with activity. Drops (silently, as Godot)
   * those older than `timeoutMs` and those that failed; returns the peers that reached OPEN, no
   * longer pending.
   */
  poll(
    now: number,
    timeoutMs: number,
    failed: (error: LastError) => void,
    everyone = true,
  ): [number, WebSocketPeer][] {
    const marked = this.#active.take();
    if (this.#pending.size === 0) return NONE_OPENED;
    const opened: [number, WebSocketPeer][] = [];
    const ids = everyone ? [...this.#pending.keys()] : marked;
    for (const id of ids) {
      const entry = this.#pending.get(id);
      if (!entry) continue;
      const { ws, since } = entry;
      if (now - since > timeoutMs) {
        logger.verbose(`WebSocket handshake timed out after ${timeoutMs / 1000} s.`);
        const address = hostPort(ws.getConnectedHost(), ws.getConnectedPort());
        const message = `no complete handshake within ${timeoutMs / 1000} s`;
        failed(lastError(ErrorCode.HANDSHAKE_TIMEOUT, message, address));
        this.#pending.delete(id);
        ws.close(-1);
        continue;
      }
      ws.poll();
      const state = ws.getReadyState();
      if (state === State.STATE_CONNECTING) continue;
      this.#pending.delete(id);
      if (state === State.STATE_OPEN) opened.push([id, ws]);
      else {
        const error = ws.getLastError();
        if (error) failed(error);
        ws.close(-1);
      }
    }
    return opened;
  }

  setOnActivity(callback: (() => void) | null): void {
    this.#active.wake = callback;
    for (const [id, { ws }] of this.#pending) ws.onActivity = this.#active.callbackFor(id);
  }

  /** Drops every pending connection. */
  clear(): void {
    for (const { ws } of this.#pending.values()) ws.close(-1);
    this.#pending.clear();
    this.#active.clear();
  }
}

function secure(tcp: StreamPeerTCP, tls: TLSOptions | null): StreamPeerTCP | StreamPeerTLS | null {
  if (!tls) return tcp;
  const stream = new StreamPeerTLS();
  return stream.acceptStream(tcp, tls) === Error.OK ? stream : null;
}
