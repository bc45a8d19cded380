import { MultiplayerPeer } from '../../src/core/multiplayer-peer.js';
import {
  encodeAuth,
  encodeRelay,
  NetworkCommand,
  packetCommand,
  parseSys,
  SysCommand,
} from '../../src/websocket/scene-relay/sys-command.js';
import { WebSocketMultiplayerPeer } from '../../src/websocket/websocket-multiplayer-peer.js';

const { CONNECTION_DISCONNECTED, CONNECTION_CONNECTING, CONNECTION_CONNECTED } = MultiplayerPeer;

/**
 * A test stand-in for a Godot 4 game client: SceneMultiplayer's client side
 * (docs/godot4-multiplayer.md §3.6, read from Godot's scene_multiplayer.cpp) over our
 * WebSocketMultiplayerPeer, without a scene tree. Everything observable is logged: `events`
 * (SceneMultiplayer's signals), `wire` (every packet read from the socket, hex, with its source)
 * and `processed` (what `_process_packet` got).
 */
export class Godot4SceneClient {
  readonly mp = new WebSocketMultiplayerPeer();
  /** Like `SceneMultiplayer.auth_callback`; null = admit the server at once. */
  authCallback: ((id: number, data: Uint8Array) => void) | null = null;
  /** Like `SceneMultiplayer.auth_timeout` in seconds (0 = none). */
  authTimeout = 3;
  serverRelay = true;
  readonly connectedPeers = new Set<number>();
  readonly pending = new Map<number, { since: number; local: boolean; remote: boolean }>();
  /** Signal log: "connected_to_server", "peer_connected:ID", "peer_packet:FROM:HEX", … */
  readonly events: string[] = [];
  /** Every packet read from the multiplayer peer: "FROM:HEX". */
  readonly wire: string[] = [];
  /** Every packet handed to `_process_packet`: "SENDER:HEX". */
  readonly processed: string[] = [];
  /**
   * False: packets are only counted (`rawFrom`: RAW packets by sender), not logged as hex in
   * `wire`, `processed` and `events` (floods of large packets).
   */
  logPackets = true;
  readonly rawFrom = new Map<number, number>();
  #last: number = CONNECTION_DISCONNECTED;

  constructor() {
    this.mp.peerConnected.connect((id) => this.#addPeer(id));
    this.mp.peerDisconnected.connect((id) => this.#delPeer(id));
  }

  connect(url: string): number {
    const err = this.mp.createClient(url);
    this.#updateStatus();
    return err;
  }

  getUniqueId(): number {
    return this.mp.getUniqueId();
  }

  /** `SceneMultiplayer.poll()`. */
  poll(): void {
    this.#updateStatus();
    if (this.#last === CONNECTION_DISCONNECTED) return;
    this.mp.poll();
    this.#updateStatus();
    if (this.#last !== CONNECTION_CONNECTED) return;
    while (this.mp.getAvailablePacketCount() > 0) {
      const from = this.mp.getPacketPeer();
      const packet = this.mp.getPacket();
      if (this.logPackets) this.wire.push(`${from}:${hex(packet)}`);
      this.#receive(from, packet);
      this.#updateStatus();
      if (this.#last !== CONNECTION_CONNECTED) return;
    }
    const now = performance.now();
    for (const [id, p] of [...this.pending]) {
      if (this.authTimeout > 0 && p.since + this.authTimeout * 1000 <= now) {
        this.mp.disconnectPeer(id);
        this.pending.delete(id);
        this.events.push(`peer_authentication_failed:${id}`);
      }
    }
    this.#updateStatus();
  }

  /** `multiplayer.send_bytes(bytes, to)`. */
  sendBytes(bytes: Uint8Array, to = 0): number {
    const packet = new Uint8Array(bytes.byteLength + 1);
    packet[0] = NetworkCommand.RAW;
    packet.set(bytes, 1);
    return this.sendCommand(to, packet);
  }

  /** `SceneMultiplayer::send_command` on a client: RELAY unless the target is the server. */
  sendCommand(to: number, packet: Uint8Array): number {
    this.mp.setTargetPeer(1);
    if (this.serverRelay && to !== 1) return this.mp.putPacket(encodeRelay(to, packet));
    return this.mp.putPacket(packet);
  }

  /** `multiplayer.send_auth(1, data)`. */
  sendAuth(id: number, data: Uint8Array): number {
    const p = this.pending.get(id);
    if (!p || data.byteLength === 0 || p.local || p.remote) return 31;
    this.mp.setTargetPeer(id);
    return this.mp.putPacket(encodeAuth(data));
  }

  /** `multiplayer.complete_auth(1)`. */
  completeAuth(id: number): number {
    const p = this.pending.get(id);
    if (!p || p.local) return 31;
    p.local = true;
    this.mp.setTargetPeer(id);
    const err = this.mp.putPacket(encodeAuth(new Uint8Array(0)));
    if (p.remote) this.#admitPeer(id);
    return err;
  }

  close(): void {
    this.mp.close();
    this.#updateStatus();
  }

  #receive(sender: number, packet: Uint8Array): void {
    const p = this.pending.get(sender);
    if (p) {
      const sys = parseSys(packet);
      if (sys?.command !== SysCommand.AUTH) return; // ERR_CONTINUE
      if (sys.data.byteLength > 0) {
        this.events.push(`auth_data:${sender}:${hex(sys.data)}`);
        this.authCallback?.(sender, sys.data.slice());
      } else {
        p.remote = true;
        if (p.local) this.#admitPeer(sender);
      }
      return;
    }
    if (!this.connectedPeers.has(sender)) return;
    if (packet.byteLength > 0 && packetCommand(packet) === NetworkCommand.SYS) {
      if (packet.byteLength > 1 && packet[1] === SysCommand.AUTH) return; // Confirmation (or error).
      this.#processSys(sender, packet);
      return;
    }
    this.#processPacket(sender, packet);
  }

  #processSys(from: number, packet: Uint8Array): void {
    if (packet.byteLength < 6) return;
    const sys = parseSys(packet);
    if (!sys) return;
    if (sys.command === SysCommand.ADD_PEER || sys.command === SysCommand.DEL_PEER) {
      if (!this.serverRelay || this.getUniqueId() === 1 || from !== 1) return;
      if (sys.command === SysCommand.ADD_PEER) this.#admitPeer(sys.peer);
      else this.#delPeer(sys.peer);
    } else if (sys.command === SysCommand.RELAY) {
      if (!this.serverRelay || from !== 1) return;
      this.#processPacket(sys.peer, sys.inner);
    }
  }

  #processPacket(from: number, packet: Uint8Array): void {
    const raw = packetCommand(packet) === NetworkCommand.RAW && packet.byteLength >= 2;
    if (raw) this.rawFrom.set(from, (this.rawFrom.get(from) ?? 0) + 1);
    if (!this.logPackets) return;
    this.processed.push(`${from}:${hex(packet)}`);
    if (raw) this.events.push(`peer_packet:${from}:${hex(packet.subarray(1))}`);
  }

  #addPeer(id: number): void {
    if (this.authCallback) {
      this.pending.set(id, { since: performance.now(), local: false, remote: false });
      this.events.push(`peer_authenticating:${id}`);
    } else {
      this.#admitPeer(id);
    }
  }

  #admitPeer(id: number): void {
    this.pending.delete(id);
    this.connectedPeers.add(id);
    if (id === 1) this.events.push('connected_to_server');
    this.events.push(`peer_connected:${id}`);
  }

  #delPeer(id: number): void {
    if (this.pending.delete(id)) {
      this.events.push(`peer_authentication_failed:${id}`);
      return;
    }
    if (!this.connectedPeers.delete(id)) return;
    this.events.push(`peer_disconnected:${id}`);
  }

  #updateStatus(): void {
    const status = this.mp.getConnectionStatus();
    if (status === this.#last) return;
    if (status === CONNECTION_DISCONNECTED) {
      this.events.push(
        this.#last === CONNECTION_CONNECTING ? 'connection_failed' : 'server_disconnected',
      );
      this.pending.clear();
      this.connectedPeers.clear();
    }
    this.#last = status;
  }
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
