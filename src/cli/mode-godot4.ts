import { TLSOptions } from '../net/tls-options.js';
import { SceneRelayServer } from '../websocket/scene-relay/scene-relay-server.js';
import { WebSocketMultiplayerPeer } from '../websocket/websocket-multiplayer-peer.js';
import type { WebSocketPeer } from '../websocket/websocket-peer.js';
import { listenOrReason } from './listen-check.js';
import {
  formatAddress,
  type ModeEvents,
  type ServeMode,
  type ServeSettings,
} from './serve-mode.js';

/**
 * `serve --mode godot4`: Godot 4 games join with `WebSocketMultiplayerPeer.create_client(url)`
 * and `multiplayer.multiplayer_peer = peer`; a `SceneRelayServer` admits them, tells each about
 * the others and relays rpc and `send_bytes` between them, as a Godot server would.
 */
export class Godot4Mode implements ServeMode {
  readonly #mp = new WebSocketMultiplayerPeer();
  readonly #relay: SceneRelayServer;
  readonly #settings: ServeSettings;
  readonly #sockets = new Map<number, WebSocketPeer>();
  /** Close frames this server sent (a closing peer is dropped before it answers). */
  readonly #sent = new Map<number, { code: number; reason: string }>();

  constructor(settings: ServeSettings, events: ModeEvents) {
    this.#settings = settings;
    const mp = this.#mp;
    mp.setSupportedProtocols(settings.protocols);
    mp.setHandshakeRequestHook(settings.requestHook);
    if (settings.maxMessage > 0) {
      mp.setInboundBufferSize(settings.maxMessage);
      // Relayed packets go out again with a few bytes of header.
      mp.setOutboundBufferSize(Math.max(mp.getOutboundBufferSize(), settings.maxMessage + 64));
    }
    mp.peerConnected.connect((id) => {
      const ws = mp.getPeer(id);
      if (!ws) return;
      ws.setHeartbeatInterval(settings.heartbeat);
      // Count what each client sends (the relay forwards it before Node code could see it).
      const getPacket = ws.getPacket.bind(ws);
      ws.getPacket = () => {
        const packet = getPacket();
        events.received(packet.byteLength);
        return packet;
      };
      this.#sockets.set(id, ws);
    });
    this.#relay = new SceneRelayServer({ peer: mp });
    this.#relay.peerJoined.connect((id) => {
      events.joined(id, formatAddress(mp.getPeerAddress(id), mp.getPeerPort(id)));
    });
    this.#relay.peerLeft.connect((id) => {
      const ws = this.#sockets.get(id);
      const sent = this.#sent.get(id);
      events.left(id, ws?.getCloseCode() ?? -1, ws?.getCloseReason() ?? '', sent);
    });
    mp.peerDisconnected.connect((id) => {
      this.#sockets.delete(id);
      this.#sent.delete(id);
    });
  }

  get onActivity(): (() => void) | null {
    return this.#mp.onActivity;
  }
  set onActivity(callback: (() => void) | null) {
    this.#mp.onActivity = callback;
  }

  listen(): Promise<string | null> {
    const { port, bind, tls } = this.#settings;
    const options = tls ? TLSOptions.server(tls.key, tls.certificate) : null;
    return listenOrReason(
      {
        start: () => this.#relay.listen(port, bind, options),
        isListening: () => this.#mp.getConnectionStatus() !== 0,
        localPort: () => this.#relay.getLocalPort(),
      },
      formatAddress(bind, port),
    );
  }

  localPort(): number {
    return this.#relay.getLocalPort();
  }

  poll(): void {
    this.#relay.poll();
  }

  peerCount(): number {
    return this.#relay.getPeers().length;
  }

  closeAll(code: number, reason: string): void {
    for (const id of this.#relay.getPeers()) {
      this.#sent.set(id, { code, reason });
      this.#mp.getPeer(id)?.close(code, reason);
    }
  }

  stop(): void {
    this.#relay.close();
  }
}
