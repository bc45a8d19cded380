import type { Error } from '../../core/error.js';
import { logger } from '../../core/logger.js';
import { TLSOptions } from '../../net/tls-options.js';
import type { X509Certificate } from '../../net/x509-certificate.js';
import { WebSocketPeer as Socket } from '../websocket-peer.js';
import { godot3ReceivedReason } from './close-reason.js';
import { ConnectionStatus } from './networked-multiplayer-peer.js';
import { WebSocketClientBase } from './websocket-client-base.js';

/**
 * Godot 3's `WebSocketClient` (docs/godot3-multiplayer.md §4.3) for Node.js. Call `poll()`
 * regularly; every signal but a synchronous start failure is emitted from it. The poll cycle and
 * the `gd_mp_api` client are in `WebSocketClientBase` (shared with the browser build).
 *
 * With `gdMpApi` the client speaks Godot 3's multiplayer protocol: it learns its id and the
 * other peers from the server's system messages, emits `connectionSucceeded` when the server
 * (id 1) is announced, and — as Godot 3 does — `connectionFailed` instead of
 * `connectionClosed` / `connectionError` (so `serverDisconnected` is never emitted).
 */
export class WebSocketClient extends WebSocketClientBase<Socket> {
  #verifySsl = true;
  #trusted: X509Certificate | null = null;

  /**
   * Connects with Godot 3.2's URL rules (`ws://` or `wss://` prefix optional; path from the
   * first `/`; a port only after a single `:`). `protocols` are offered in order; `customHeaders`
   * (`"Name: value"`) are sent verbatim. Returns OK, or an error — then `connectionError`
   * (`connectionFailed` with `gdMpApi`) is emitted before returning.
   */
  connectToUrl(
    url: string,
    protocols: string[] = [],
    gdMpApi = false,
    customHeaders: string[] = [],
  ): Error {
    return this.startConnection(url, protocols, gdMpApi, (socket, parsed) => {
      socket.setHandshakeHeaders(customHeaders);
      const tls = !parsed.tls
        ? null
        : this.#verifySsl
          ? TLSOptions.client(this.#trusted)
          : TLSOptions.clientUnsafe(this.#trusted);
      return socket.connectToParsedUrl(parsed, tls, url);
    });
  }

  /** Whether wss:// certificates and host names are verified (default true). */
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

  /**
   * The CA (chain) wss:// servers must verify against instead of the system's; set while
   * disconnected.
   */
  get trustedSslCertificate(): X509Certificate | null {
    return this.#trusted;
  }
  set trustedSslCertificate(cert: X509Certificate | null) {
    this.setTrustedSslCertificate(cert);
  }
  setTrustedSslCertificate(cert: X509Certificate | null): void {
    if (this.getConnectionStatus() !== ConnectionStatus.CONNECTION_DISCONNECTED) {
      logger.error('trustedSslCertificate can only be set while disconnected.');
      return;
    }
    this.#trusted = cert;
  }
  getTrustedSslCertificate(): X509Certificate | null {
    return this.#trusted;
  }

  protected override createSocket(): Socket {
    return new Socket();
  }

  /** A close frame was exchanged, so the handshake had completed (even within this one poll). */
  protected override handshakeCompleted(socket: Socket): boolean {
    return socket.getCloseCode() !== -1;
  }

  /**
   * Native Godot 3: a failed attempt → `connectionError`; after being open,
   * `serverCloseRequest(code, reason)` if the server closed first, then
   * `connectionClosed(wasClean = the server closed first)`; `connectionFailed` instead of
   * both in multiplayer mode.
   */
  protected override connectionEnded(socket: Socket, opened: boolean): void {
    if (!opened) {
      this.emitFailure(this.connectionError);
      return;
    }
    const remote = socket.closeStartedByRemote();
    if (remote) {
      this.serverCloseRequest.emit(
        socket.getCloseCode(),
        godot3ReceivedReason(socket.getCloseReason()),
      );
    }
    if (this.isMultiplayer()) this.connectionFailed.emit();
    else this.connectionClosed.emit(remote);
  }
}
