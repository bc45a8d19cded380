import type { Error } from '../../core/error.js';
import { logger } from '../../core/logger.js';
import { godot3ReceivedReason } from '../godot3/close-reason.js';
import { WebSocketClientBase } from '../godot3/websocket-client-base.js';
import type { WebSocketPeer as Godot3WebSocketPeer } from '../godot3/websocket-peer.js';
import { browserUrl } from './browser-rules.js';
import { WebSocketPeer as Socket } from './websocket-peer.web.js';

/**
 * Godot 3's `WebSocketClient` in a browser, as Godot 3's HTML5 build behaves (docs/godot4-peer.md
 * §2), over the browser `WebSocketPeer`; the poll cycle and the `gd_mp_api` client are shared with
 * the Node class (`WebSocketClientBase`). Events become signals on `poll()`.
 *
 * As in Godot 3 HTML5: `customHeaders`, `verifySsl = false` and `trustedSslCertificate` are
 * ignored with a warning (the browser writes the request and checks certificates);
 * `getConnectedHost` / `getConnectedPort` answer "" / 0 with a warning; close reasons go to the
 * browser as given (no trailing NUL). Every close of the browser socket — the server's, our
 * own `disconnectFromHost`, or a failure — emits `serverCloseRequest(code, reason)` then
 * `connectionClosed(wasClean)` (the browser's `CloseEvent` values, e.g. 1006 and false for a
 * failure); a browser `error` event first emits `connectionError`. In multiplayer mode
 * `connectionFailed` replaces both `connectionError` and `connectionClosed`, emitted once per
 * connection (Godot 3 HTML5 emits it twice when an error precedes the close).
 */
export class WebSocketClient extends WebSocketClientBase<Socket> {
  #verifySsl = true;
  #trusted: unknown = null;

  /**
   * Connects with Godot 3.2's URL rules (see the Node class); the browser gets
   * scheme + host + (non-default port) + path. Returns OK, ERR_ALREADY_IN_USE,
   * ERR_INVALID_PARAMETER, or the browser's refusal (FAILED) — then `connectionError`
   * (`connectionFailed` with `gdMpApi`) is emitted before returning.
   */
  connectToUrl(
    url: string,
    protocols: string[] = [],
    gdMpApi = false,
    customHeaders: string[] = [],
  ): Error {
    return this.startConnection(url, protocols, gdMpApi, (socket, parsed) => {
      if (customHeaders.length > 0) {
        logger.warning('customHeaders are ignored in browsers (the browser writes the request).');
      }
      if (this.#trusted !== null || !this.#verifySsl) {
        logger.warning(
          'trustedSslCertificate and verifySsl are ignored in browsers (the browser checks certificates).',
        );
      }
      return socket.connectToUrl(browserUrl(parsed));
    });
  }

  /**
   * Kept for Godot's API; a browser always verifies certificates (a warning on connect if false).
   */
  get verifySsl(): boolean {
    return this.#verifySsl;
  }
  set verifySsl(enabled: boolean) {
    this.setVerifySslEnabled(enabled);
  }
  setVerifySslEnabled(enabled: boolean): void {
    this.#verifySsl = enabled;
  }
  isVerifySslEnabled(): boolean {
    return this.#verifySsl;
  }

  /** Kept for Godot's API; ignored in browsers (a warning on connect when set). */
  get trustedSslCertificate(): unknown {
    return this.#trusted;
  }
  set trustedSslCertificate(cert: unknown) {
    this.setTrustedSslCertificate(cert);
  }
  setTrustedSslCertificate(cert: unknown): void {
    this.#trusted = cert ?? null;
  }
  getTrustedSslCertificate(): unknown {
    return this.#trusted;
  }

  protected override createSocket(): Socket {
    return new Socket();
  }

  /** Godot 3 HTML5 hands the browser the close reason as is (no trailing NUL). */
  protected override newPeer(): Godot3WebSocketPeer<Socket> {
    return this.makeSocket(this.createSocket(), (reason) => reason).peer;
  }

  protected override handshakeCompleted(socket: Socket): boolean {
    return socket.wasOpened();
  }

  /** Godot 3 HTML5's close signals (see the class notes). */
  protected override connectionEnded(socket: Socket, _opened: boolean): void {
    const error = socket.hadError();
    if (error) this.emitFailure(this.connectionError);
    const reason = godot3ReceivedReason(socket.getCloseReason());
    this.serverCloseRequest.emit(socket.getCloseCode(), reason);
    if (!this.isMultiplayer()) this.connectionClosed.emit(socket.wasCleanClose());
    else if (!error) this.connectionFailed.emit();
  }
}
