import type { ConfigurableSocket } from '../websocket/godot3/websocket-multiplayer-peer.js';
import type { WebSocketPeer as Godot3Peer } from '../websocket/godot3/websocket-peer.js';
import { WebSocketServer } from '../websocket/godot3/websocket-server.js';
import type { WebSocketPeer } from '../websocket/websocket-peer.js';
import { listenOrReason } from './listen-check.js';
import {
  formatAddress,
  type ModeEvents,
  type ServeMode,
  type ServeSettings,
} from './serve-mode.js';

/**
 * The Godot 3 `WebSocketServer` with the serve command's settings applied to every connection
 * it makes (status-page hook, heartbeat, activity wake-up, message counting), through the
 * protected `makeSocket` that the Godot 3 classes use to create each connection.
 */
class ServeGodot3Server extends WebSocketServer {
  readonly sockets = new WeakMap<Godot3Peer, WebSocketPeer>();
  readonly #settings: ServeSettings;
  readonly #events: ModeEvents;
  wake: (() => void) | null = null;

  constructor(settings: ServeSettings, events: ModeEvents) {
    super();
    this.#settings = settings;
    this.#events = events;
  }

  protected override makeSocket<S extends ConfigurableSocket>(
    raw: S,
    wireReason?: (reason: string) => string,
  ): { socket: S; peer: Godot3Peer<S> } {
    const made = super.makeSocket(raw, wireReason);
    // On a server every socket is a Node WebSocketPeer (src/websocket/godot3/websocket-server.ts).
    const socket = made.socket as unknown as WebSocketPeer;
    socket.setHandshakeRequestHook(this.#settings.requestHook);
    socket.setHeartbeatInterval(this.#settings.heartbeat);
    socket.onActivity = () => this.wake?.();
    // Count what each client sends (the server relays it before Node code could see it).
    const getPacket = socket.getPacket.bind(socket);
    socket.getPacket = () => {
      const packet = getPacket();
      this.#events.received(packet.byteLength);
      return packet;
    };
    this.sockets.set(made.peer as unknown as Godot3Peer, socket);
    return made;
  }
}

/**
 * `serve --mode godot3`: Godot 3 games join with `WebSocketClient.connect_to_url(url, [], true)`
 * (gd_mp_api); the server hands out ids and relays rpc and `put_packet` between clients.
 */
export class Godot3Mode implements ServeMode {
  readonly #server: ServeGodot3Server;
  readonly #settings: ServeSettings;
  readonly #ids = new Map<number, WebSocketPeer>();

  constructor(settings: ServeSettings, events: ModeEvents) {
    this.#settings = settings;
    const server = new ServeGodot3Server(settings, events);
    this.#server = server;
    if (settings.bind !== '*') server.setBindIp(settings.bind);
    if (settings.tls) {
      server.privateKey = settings.tls.key;
      server.sslCertificate = settings.tls.certificate;
    }
    if (settings.maxMessage > 0) {
      // Godot 3 sizes are KiB rings holding 2^n − 1 bytes; the relay must fit it out again.
      const kb = Math.ceil((settings.maxMessage + 1) / 1024);
      server.setBuffers(kb, 1024, kb, 1024);
    }
    server.peerConnected.connect((id) => {
      const peer = server.getPeer(id);
      const socket = peer ? server.sockets.get(peer) : undefined;
      if (socket) this.#ids.set(id, socket);
      events.joined(id, formatAddress(server.getPeerAddress(id), server.getPeerPort(id)));
    });
    server.peerDisconnected.connect((id) => {
      const socket = this.#ids.get(id);
      this.#ids.delete(id);
      events.left(id, socket?.getCloseCode() ?? -1, socket?.getCloseReason() ?? '');
    });
  }

  get onActivity(): (() => void) | null {
    return this.#server.wake;
  }
  set onActivity(callback: (() => void) | null) {
    this.#server.wake = callback;
  }

  listen(): Promise<string | null> {
    const { port, bind, protocols } = this.#settings;
    return listenOrReason(
      {
        start: () => this.#server.listen(port, protocols, true),
        isListening: () => this.#server.isListening(),
        localPort: () => this.#server.getLocalPort(),
      },
      formatAddress(bind, port),
    );
  }

  localPort(): number {
    return this.#server.getLocalPort();
  }

  poll(): void {
    this.#server.poll();
    // Packets addressed to the server (peer 1) or to everyone: nobody here reads them.
    while (this.#server.getAvailablePacketCount() > 0) this.#server.getPacket();
  }

  peerCount(): number {
    return this.#ids.size;
  }

  closeAll(code: number, reason: string): void {
    for (const id of this.#ids.keys()) this.#server.disconnectPeer(id, code, reason);
  }

  stop(): void {
    this.#server.stop();
  }
}
