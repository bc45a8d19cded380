import { Error } from '../core/error.js';
import { StreamPeerTLS } from '../net/stream-peer-tls.js';
import { TCPServer } from '../net/tcp-server.js';
import { TLSOptions } from '../net/tls-options.js';
import { WebSocketPeer } from '../websocket/websocket-peer.js';
import { listenOrReason } from './listen-check.js';
import {
  formatAddress,
  type ModeEvents,
  type ServeMode,
  type ServeSettings,
} from './serve-mode.js';

/** Stop echoing a client's messages while this much is still waiting to be sent to it. */
const HIGH_WATER = 4 * 1024 * 1024;
/** Godot's default largest message (inbound buffer 64 KiB). */
const DEFAULT_MAX_MESSAGE = 65535;

interface Client {
  peer: WebSocketPeer;
  address: string;
  /** 0 until the handshake completes. */
  id: number;
}

/** `serve --mode echo`: every message comes back to its sender, text as text, binary as binary. */
export class EchoMode implements ServeMode {
  onActivity: (() => void) | null = null;
  readonly #settings: ServeSettings;
  readonly #events: ModeEvents;
  readonly #server = new TCPServer();
  readonly #tls: TLSOptions | null;
  #clients = new Set<Client>();
  #nextId = 1;

  constructor(settings: ServeSettings, events: ModeEvents) {
    this.#settings = settings;
    this.#events = events;
    const tls = settings.tls;
    this.#tls = tls ? TLSOptions.server(tls.key, tls.certificate) : null;
    this.#server.onConnection = () => this.onActivity?.();
  }

  listen(): Promise<string | null> {
    const { port, bind } = this.#settings;
    return listenOrReason(
      {
        start: () => this.#server.listen(port, bind),
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
    while (this.#server.isConnectionAvailable()) this.#accept();
    for (const client of this.#clients) this.#pollClient(client);
  }

  peerCount(): number {
    let n = 0;
    for (const client of this.#clients) if (client.id > 0) n++;
    return n;
  }

  closeAll(code: number, reason: string): void {
    for (const { peer } of this.#clients) peer.close(code, reason);
  }

  stop(): void {
    for (const { peer } of this.#clients) peer.close(-1);
    this.#clients.clear();
    this.#server.stop();
  }

  #accept(): void {
    const tcp = this.#server.takeConnection();
    if (!tcp) return;
    const address = formatAddress(tcp.getConnectedHost(), tcp.getConnectedPort());
    const peer = new WebSocketPeer();
    const { maxMessage, protocols, heartbeat, requestHook } = this.#settings;
    peer.setInboundBufferSize(maxMessage > 0 ? maxMessage : DEFAULT_MAX_MESSAGE);
    peer.setOutboundBufferSize(0); // HIGH_WATER below is the back-pressure
    peer.setSupportedProtocols(protocols);
    peer.setHeartbeatInterval(heartbeat);
    peer.setHandshakeRequestHook(requestHook);
    peer.onActivity = () => this.onActivity?.();
    let stream: StreamPeerTLS | typeof tcp = tcp;
    if (this.#tls) {
      const tls = new StreamPeerTLS();
      if (tls.acceptStream(tcp, this.#tls) !== Error.OK) {
        tcp.disconnectFromHost();
        return;
      }
      stream = tls;
    }
    if (peer.acceptStream(stream) === Error.OK) this.#clients.add({ peer, address, id: 0 });
  }

  #pollClient(client: Client): void {
    const { peer } = client;
    peer.poll();
    const state = peer.getReadyState();
    if (client.id === 0 && state !== WebSocketPeer.STATE_CONNECTING) {
      if (state === WebSocketPeer.STATE_CLOSED) {
        this.#clients.delete(client); // a failed handshake, or the status page
        return;
      }
      client.id = this.#nextId++;
      this.#events.joined(client.id, client.address);
    }
    while (peer.getAvailablePacketCount() > 0) {
      if (peer.getCurrentOutboundBufferedAmount() > HIGH_WATER) break; // 'drain' wakes us
      const data = peer.getPacket();
      this.#events.received(data.byteLength);
      const mode = peer.wasStringPacket()
        ? WebSocketPeer.WRITE_MODE_TEXT
        : WebSocketPeer.WRITE_MODE_BINARY;
      peer.send(data, mode);
    }
    if (peer.getReadyState() === WebSocketPeer.STATE_CLOSED) {
      this.#clients.delete(client);
      this.#events.left(client.id, peer.getCloseCode(), peer.getCloseReason());
    }
  }
}
