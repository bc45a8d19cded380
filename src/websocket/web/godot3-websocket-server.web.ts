import { Error } from '../../core/error.js';
import { logger } from '../../core/logger.js';
import { Signal } from '../../core/signal.js';
import { ConnectionStatus } from '../godot3/networked-multiplayer-peer.js';
import { WebSocketMultiplayerPeer } from '../godot3/websocket-multiplayer-peer.js';
import type { WebSocketPeer } from '../godot3/websocket-peer.js';

/**
 * Godot 3's `WebSocketServer` in a browser: present so that shared game code loads, but a page
 * cannot listen. `listen` returns ERR_UNAVAILABLE with one logged error (Godot 3.2's HTML5 build
 * returns FAILED; we use the code Godot 4's Web build gives, like our browser
 * `WebSocketMultiplayerPeer.createServer`; both are ≠ OK). `isListening` is false, `getPeer`
 * null, `hasPeer` false; the signals exist and are never emitted.
 */
export class WebSocketServer extends WebSocketMultiplayerPeer {
  /** `client_connected(id, protocol)`: never emitted in a browser. */
  readonly clientConnected = new Signal<[id: number, protocol: string]>('client_connected');
  /** `client_disconnected(id, was_clean_close)`: never emitted in a browser. */
  readonly clientDisconnected = new Signal<[id: number, wasCleanClose: boolean]>(
    'client_disconnected',
  );
  /** `client_close_request(id, code, reason)`: never emitted in a browser. */
  readonly clientCloseRequest = new Signal<[id: number, code: number, reason: string]>(
    'client_close_request',
  );
  /** `data_received(id)`: never emitted in a browser. */
  readonly dataReceived = new Signal<[id: number]>('data_received');

  #bindIp = '*';

  /** Not possible in a browser: ERR_UNAVAILABLE and one logged error. */
  listen(_port: number, _protocols: string[] = [], _gdMpApi = false): Error {
    logger.error('WebSocketServer.listen: a browser cannot listen for connections.');
    return Error.ERR_UNAVAILABLE;
  }

  /** Nothing to stop. */
  stop(): void {}

  isListening(): boolean {
    return false;
  }

  hasPeer(_id: number): boolean {
    return false;
  }

  getPeer(_id: number): WebSocketPeer | null {
    return null;
  }

  getPeerAddress(_id: number): string {
    return '';
  }

  getPeerPort(_id: number): number {
    return 0;
  }

  disconnectPeer(id: number, _code = 1000, _reason = ''): void {
    logger.error(`WebSocketServer: no peer ${id}.`);
  }

  /** Kept for Godot's API (settable, unused). */
  get bindIp(): string {
    return this.#bindIp;
  }
  set bindIp(ip: string) {
    this.setBindIp(ip);
  }
  setBindIp(ip: string): void {
    this.#bindIp = ip;
  }
  getBindIp(): string {
    return this.#bindIp;
  }

  /** Always 1 (a server's id), as in Godot 3. */
  getUniqueId(): number {
    return 1;
  }

  getConnectionStatus(): ConnectionStatus {
    return ConnectionStatus.CONNECTION_DISCONNECTED;
  }

  poll(): void {}

  protected sendMultiplayer(_payload: Uint8Array): Error {
    return Error.ERR_UNCONFIGURED;
  }
}
