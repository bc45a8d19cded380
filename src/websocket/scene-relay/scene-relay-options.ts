import type { WebSocketMultiplayerPeer } from '../websocket-multiplayer-peer.js';
import type { AuthCallback } from './auth-sessions.js';
import type { RelayPolicy } from './relay-policy.js';

/** Options of a `SceneRelayServer`. */
export interface SceneRelayServerOptions {
  /** Which client-to-client packets are forwarded (default `'all'`, as a Godot server). */
  relay?: RelayPolicy;
  /**
   * Turns on SceneMultiplayer authentication: clients stay pending until both sides sent `07 00`;
   * each AUTH message a client sends is passed here. Without it clients are admitted at once.
   */
  auth?: AuthCallback | null;
  /** Seconds a client may stay pending (default 3, as Godot's `auth_timeout`; 0 = no limit). */
  authTimeout?: number;
  /** The multiplayer peer to listen with (to configure buffers, protocols, timeouts first). */
  peer?: WebSocketMultiplayerPeer;
}
