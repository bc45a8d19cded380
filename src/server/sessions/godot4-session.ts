import type { Error } from '../../core/error.js';
import { TrafficMeter } from '../../core/traffic-meter.js';
import type { VisibilityRule } from '../../websocket/peer-visibility.js';
import { SceneRelayServer } from '../../websocket/scene-relay/scene-relay-server.js';
import { WebSocketMultiplayerPeer } from '../../websocket/websocket-multiplayer-peer.js';
import type { WebSocketPeer } from '../../websocket/websocket-peer.js';
import { State } from '../../websocket/websocket-peer-base.js';
import { formatAddress } from '../address.js';
import { Godot4RpcEndpoint } from '../rpc/godot4-rpc-endpoint.js';
import {
  anyNeedsSweep,
  type RoomSession,
  type SessionEvents,
  type SessionSettings,
} from './room-session.js';

/**
 * A room of Godot 4 games (`WebSocketMultiplayerPeer.create_client(url)` + SceneMultiplayer):
 * a `SceneRelayServer` over a hosted `WebSocketMultiplayerPeer`, so the room behaves on the
 * wire exactly as the single-session relay (and as a Godot server) does.
 */
export class Godot4Session implements RoomSession {
  readonly traffic = new TrafficMeter();
  /** (The relay logs what it drops; not counted per room yet.) */
  readonly dropped = 0;
  readonly relay: SceneRelayServer;
  readonly rpc: Godot4RpcEndpoint;
  readonly #mp = new WebSocketMultiplayerPeer();
  readonly #events: SessionEvents;
  readonly #heartbeat: number;
  /** Every client holding a seat, by id. */
  readonly #seated = new Map<number, WebSocketPeer>();
  /** Seated clients that are not members yet. */
  readonly #waiting = new Set<number>();
  /**
   * Close frames the server sent: the multiplayer peer drops a closing client at once (as
   * Godot's does), before its answer, so this is the code `left` reports for it.
   */
  readonly #sentClose = new Map<number, { code: number; reason: string }>();

  constructor(settings: SessionSettings, events: SessionEvents) {
    this.#events = events;
    this.#heartbeat = settings.heartbeat;
    const mp = this.#mp;
    mp.setHandshakeTimeout(settings.handshakeTimeout);
    mp.setSupportedProtocols(settings.protocols);
    if (settings.maxMessage > 0) {
      mp.setInboundBufferSize(settings.maxMessage);
      // Relayed packets go out again with a few bytes of header.
      mp.setOutboundBufferSize(Math.max(mp.getOutboundBufferSize(), settings.maxMessage + 64));
    }
    mp.createHostedServer();
    this.relay = new SceneRelayServer({
      peer: mp,
      auth: settings.auth,
      authTimeout: settings.authTimeout,
    });
    this.rpc = new Godot4RpcEndpoint(this.relay, {
      ...(settings.rpc ? { manifest: settings.rpc } : {}),
      ...(settings.label ? { label: settings.label } : {}),
    });
    this.relay.peerJoined.connect((id) => {
      this.#waiting.delete(id);
      events.joined(id);
    });
    this.relay.peerLeft.connect((id) => this.#gone(id, false));
    this.relay.peerAuthenticationFailed.connect((id) => this.#gone(id, true));
    this.relay.peerPacket.connect((from, bytes) => events.packet(from, bytes));
  }

  get onActivity(): (() => void) | null {
    return this.#mp.onActivity;
  }
  set onActivity(callback: (() => void) | null) {
    this.#mp.onActivity = callback;
  }

  accept(ws: WebSocketPeer, id: number): boolean {
    ws.setHeartbeatInterval(this.#heartbeat);
    ws.setTrafficMeter(this.traffic);
    if (this.#mp.acceptPeer(ws, id) !== 0) return false;
    this.#seated.set(id, ws);
    this.#waiting.add(id);
    return true;
  }

  poll(_everyone: boolean): void {
    this.relay.poll();
    // A handshake that failed or timed out was dropped by the multiplayer peer: free its seat.
    for (const id of this.#waiting) {
      const ws = this.#seated.get(id);
      if (ws?.getReadyState() === State.STATE_CLOSED) this.#gone(id, true);
    }
  }

  needsSweep(): boolean {
    return (
      this.#waiting.size > 0 ||
      this.#sentClose.size > 0 ||
      this.relay.hasPendingWork() ||
      anyNeedsSweep(this.#seated.values())
    );
  }

  seats(): number {
    return this.#seated.size;
  }

  members(): number[] {
    return this.relay.getPeers();
  }

  address(id: number): string {
    const ws = this.#seated.get(id);
    return ws ? formatAddress(ws.getConnectedHost(), ws.getConnectedPort()) : '';
  }

  sendBytes(to: number, bytes: Uint8Array): Error {
    return this.relay.sendBytes(to, bytes);
  }

  kick(id: number, code: number, reason: string): void {
    const ws = this.#seated.get(id);
    if (!ws) return;
    this.#sentClose.set(id, { code, reason });
    ws.close(code, reason);
    // Poll it soon: until the relay has let it go, it is a recipient that cannot take packets.
    ws.onActivity?.();
  }

  closeAll(code: number, reason: string): void {
    for (const id of this.#seated.keys()) this.kick(id, code, reason);
  }

  setVisibility(rule: VisibilityRule | null): void {
    this.relay.setVisibility(rule);
  }

  refreshVisibility(): void {
    this.relay.refreshVisibility();
  }

  stop(): void {
    this.relay.close();
    this.#seated.clear();
    this.#waiting.clear();
    this.#sentClose.clear();
  }

  #gone(id: number, neverJoined: boolean): void {
    const ws = this.#seated.get(id);
    if (!ws) return;
    this.#seated.delete(id);
    this.#waiting.delete(id);
    const sent = this.#sentClose.get(id);
    this.#sentClose.delete(id);
    if (neverJoined) this.#events.failed(id);
    else if (sent && ws.getCloseCode() < 0) this.#events.left(id, sent.code, sent.reason);
    else this.#events.left(id, ws.getCloseCode(), ws.getCloseReason());
  }
}
