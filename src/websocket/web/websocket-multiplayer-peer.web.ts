import { Error } from '../../core/error.js';
import { logger } from '../../core/logger.js';
import { WebSocketMultiplayerPeerCore } from '../websocket-multiplayer-peer-core.js';
import { type BrowserTlsOptions, WebSocketPeer } from './websocket-peer.web.js';

/**
 * Godot 4's `WebSocketMultiplayerPeer` in a browser: the client only, over the browser
 * `WebSocketPeer`, with the same logic as the Node class (`WebSocketMultiplayerPeerCore`): the
 * first message must be the 4-byte id (≥ 2), `handshakeTimeout` covers it, targets are
 * ignored on a client, signals come from `poll()`. As in Godot's Web build, `createServer`
 * returns ERR_UNAVAILABLE; `handshakeHeaders` and TLS options are ignored with a warning
 * (the browser writes the request and checks certificates); `getPeerAddress` / `getPeerPort`
 * answer "" / 0 with a warning.
 */
export class WebSocketMultiplayerPeer extends WebSocketMultiplayerPeerCore<WebSocketPeer> {
  /** Not possible in a browser (Godot's Web build): ERR_UNAVAILABLE and one logged error. */
  createServer(
    _port: number,
    _bindAddress = '*',
    _tlsServerOptions: BrowserTlsOptions | null = null,
  ): Error {
    logger.error('createServer: a browser cannot listen for connections.');
    return Error.ERR_UNAVAILABLE;
  }

  /**
   * Connects to a server (docs/godot4-multiplayer.md §3.2); CONNECTING until the server's id
   * message arrives.
   */
  createClient(url: string, tlsClientOptions: BrowserTlsOptions | null = null): Error {
    const serverTls = tlsClientOptions?.isServer?.() === true;
    return this.startClient(serverTls, (ws) => ws.connectToUrl(url, tlsClientOptions));
  }

  protected override createSocket(): WebSocketPeer {
    return new WebSocketPeer();
  }
}
