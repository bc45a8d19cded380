import { Error } from '../../core/error.js';
import { logger } from '../../core/logger.js';
import { TrafficMeter } from '../../core/traffic-meter.js';
import { WebSocketServer } from '../../websocket/godot3/websocket-server.js';
import type { VisibilityRule } from '../../websocket/peer-visibility.js';
import type { WebSocketPeer } from '../../websocket/websocket-peer.js';
import { State } from '../../websocket/websocket-peer-base.js';
import { formatAddress } from '../address.js';
import { Godot3RpcEndpoint } from '../rpc/godot3-rpc-endpoint.js';
import {
  anyNeedsSweep,
  type RoomSession,
  type SessionEvents,
  type SessionSettings,
} from './room-session.js';

/** Godot 3's MultiplayerAPI command byte of `send_bytes` packets (NETWORK_COMMAND_RAW). */
const GODOT3_RAW = 4;

/**
 * A room of Godot 3 games (`WebSocketClient.connect_to_url(url, [], true)`): a hosted Godot 3
 * `WebSocketServer` in gd_mp_api mode, so the room relays `rpc()` exactly as a Godot 3 server.
 */
export class Godot3Session implements RoomSession {
  readonly traffic = new TrafficMeter();
  /** (The relay logs what it drops; not counted per room yet.) */
  readonly dropped = 0;
  readonly server = new WebSocketServer();
  readonly rpc: Godot3RpcEndpoint;
  readonly #events: SessionEvents;
  readonly #settings: SessionSettings;
  readonly #seated = new Map<number, WebSocketPeer>();
  readonly #waiting = new Set<number>();
  #onActivity: (() => void) | null = null;

  constructor(settings: SessionSettings, events: SessionEvents) {
    this.#events = events;
    this.#settings = settings;
    const server = this.server;
    server.setHandshakeTimeout(settings.handshakeTimeout);
    if (settings.maxMessage > 0) {
      // Godot 3 sizes its rings in KiB; a message must fit the inbound ring.
      const kib = Math.ceil((settings.maxMessage + 1) / 1024);
      server.setBuffers(kib, 2048, Math.max(kib, 64), 2048);
    }
    server.listenHosted(true);
    this.rpc = new Godot3RpcEndpoint(
      {
        send: (to, packet) => {
          server.setTargetPeer(to);
          return server.putPacket(packet);
        },
        members: () => this.members(),
      },
      {
        ...(settings.rpc ? { manifest: settings.rpc } : {}),
        ...(settings.label ? { label: settings.label } : {}),
      },
    );
    if (this.rpc.filtersRelay) server.setRelayFilter((from, p) => this.rpc.mayRelay(from, p));
    server.peerConnected.connect((id) => {
      this.#waiting.delete(id);
      events.joined(id);
    });
    server.peerDisconnected.connect((id) => this.#gone(id, false));
  }

  get onActivity(): (() => void) | null {
    return this.#onActivity;
  }
  set onActivity(callback: (() => void) | null) {
    this.#onActivity = callback;
    this.server.onActivity = callback; // (the server passes it on to every client)
  }

  accept(ws: WebSocketPeer, id: number): boolean {
    ws.setSupportedProtocols(this.#settings.protocols);
    ws.setHeartbeatInterval(this.#settings.heartbeat);
    ws.setTrafficMeter(this.traffic);
    if (this.server.acceptPeer(ws, id) !== Error.OK) return false;
    this.#seated.set(id, ws);
    this.#waiting.add(id);
    return true;
  }

  poll(_everyone: boolean): void {
    const server = this.server;
    server.poll();
    while (server.getAvailablePacketCount() > 0) {
      const from = server.getPacketPeer();
      const packet = server.getPacket();
      if (packet.byteLength > 1 && packet[0] === GODOT3_RAW) {
        this.#events.packet(from, packet.subarray(1));
      } else if (!this.rpc.receive(from, packet)) {
        logger.verbose(`godot3 room: dropped a packet for the server from ${from}.`);
      }
    }
    for (const id of this.#waiting) {
      if (this.#seated.get(id)?.getReadyState() === State.STATE_CLOSED) this.#gone(id, true);
    }
  }

  needsSweep(): boolean {
    return (
      this.#waiting.size > 0 || this.server.hasHeldRelays() || anyNeedsSweep(this.#seated.values())
    );
  }

  seats(): number {
    return this.#seated.size;
  }

  members(): number[] {
    return [...this.#seated.keys()].filter((id) => !this.#waiting.has(id));
  }

  address(id: number): string {
    const ws = this.#seated.get(id);
    return ws ? formatAddress(ws.getConnectedHost(), ws.getConnectedPort()) : '';
  }

  sendBytes(to: number, bytes: Uint8Array): Error {
    if (bytes.byteLength === 0) return Error.ERR_INVALID_DATA;
    const packet = new Uint8Array(bytes.byteLength + 1);
    packet[0] = GODOT3_RAW;
    packet.set(bytes, 1);
    this.server.setTargetPeer(to);
    return this.server.putPacket(packet);
  }

  setVisibility(rule: VisibilityRule | null): void {
    this.server.setVisibility(rule);
  }

  refreshVisibility(): void {
    this.server.refreshVisibility();
  }

  kick(id: number, code: number, reason: string): void {
    const ws = this.#seated.get(id);
    ws?.close(code, reason);
    ws?.onActivity?.(); // polled soon: a closing recipient holds the relay back until it goes
  }

  closeAll(code: number, reason: string): void {
    for (const ws of this.#seated.values()) ws.close(code, reason);
  }

  stop(): void {
    this.server.stop();
    for (const ws of this.#seated.values()) ws.close(-1);
    this.#seated.clear();
    this.#waiting.clear();
  }

  #gone(id: number, neverJoined: boolean): void {
    const ws = this.#seated.get(id);
    if (!ws) return;
    this.#seated.delete(id);
    this.#waiting.delete(id);
    this.rpc.forget(id);
    if (neverJoined) this.#events.failed(id);
    else this.#events.left(id, ws.getCloseCode(), ws.getCloseReason());
  }
}
