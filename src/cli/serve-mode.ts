import type { CryptoKey } from '../net/crypto-key.js';
import type { X509Certificate } from '../net/x509-certificate.js';
import type { HandshakeRequestHook } from '../websocket/node/server-opening.js';

/** The serve modes: what the server does with the clients that join. */
export const SERVE_MODES = ['godot4', 'godot3', 'echo'] as const;
export type ServeModeName = (typeof SERVE_MODES)[number];

/** What every mode is configured with (from the command line). */
export interface ServeSettings {
  port: number;
  /** "*" or an IP literal. */
  bind: string;
  /** Subprotocols accepted; empty = none required. */
  protocols: string[];
  /** Both set for wss://. */
  tls: { key: CryptoKey; certificate: X509Certificate } | null;
  /** Seconds between pings (0 = off). */
  heartbeat: number;
  /** Largest message accepted, in bytes; 0 = the mode's Godot default. */
  maxMessage: number;
  /** Answers plain HTTP requests (the status page); undefined lets upgrades through. */
  requestHook: HandshakeRequestHook;
}

/** What a mode reports to the command (log lines, status page, counters). */
export interface ModeEvents {
  joined(id: number, address: string): void;
  /**
   * `code` −1: dropped without a close frame; 0: a close frame without a status code.
   * `sent`: the server had sent this close frame and did not wait for the answer (godot4 mode
   * drops a closing peer at once, as Godot's WebSocketMultiplayerPeer does).
   */
  left(id: number, code: number, reason: string, sent?: { code: number; reason: string }): void;
  received(bytes: number): void;
}

/** A running server in one mode, driven by the serve command's poll loop. */
export interface ServeMode {
  /** Starts listening; resolves to null, or a one-line reason it could not. */
  listen(): Promise<string | null>;
  /** The port listened on (after `listen`). */
  localPort(): number;
  /** Accepts, reads, relays or echoes. */
  poll(): void;
  /** Called from socket events when `poll()` has work (may be unused by a mode). */
  onActivity: (() => void) | null;
  /** Number of connected (handshake done) clients. */
  peerCount(): number;
  /** Starts the closing handshake with every client. */
  closeAll(code: number, reason: string): void;
  /** Stops listening and drops whatever is left at once. */
  stop(): void;
}

/** Makes a mode's server from the settings. */
export type ModeFactory = (settings: ServeSettings, events: ModeEvents) => ServeMode;

/** "host:port" with IPv6 hosts in brackets. */
export function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
