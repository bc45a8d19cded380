import { Error } from '../../core/error.js';
import { TrafficMeter } from '../../core/traffic-meter.js';
import type { WebSocketPeer } from '../../websocket/websocket-peer.js';
import { State, WriteMode } from '../../websocket/websocket-peer-base.js';
import { formatAddress } from '../address.js';
import {
  anyNeedsSweep,
  type RoomSession,
  type SessionEvents,
  type SessionSettings,
} from './room-session.js';

const textEncoder = new TextEncoder();

/**
 * A room of plain WebSocket clients (Godot's `WebSocketPeer`, a browser, a tool), in one of two
 * kinds: `broadcast` sends each message to every other member, text as text and binary as
 * binary (what a Godot chat server does), with optional JSON notices; `echo` sends each
 * message back to its sender. A message that does not fit a recipient's outbound buffer is
 * dropped for that recipient only (`dropped` counts them); the sender is never held back.
 */
export class PlainSession implements RoomSession {
  readonly traffic = new TrafficMeter();
  /** Messages not delivered to one recipient because its outbound buffer was full. */
  dropped = 0;
  readonly #kind: 'broadcast' | 'echo';
  readonly #events: SessionEvents;
  readonly #settings: SessionSettings;
  readonly #seated = new Map<number, WebSocketPeer>();
  /** Members (open and announced), in join order. */
  readonly #members = new Set<number>();
  /** Clients whose sockets had activity since the last poll (only they are read on a wake-up). */
  readonly #active = new Set<number>();
  /**
   * Echo rooms: a member's message whose echo does not fit its outbound buffer now. The member
   * is not read until its socket drained (which wakes it), so a client that sends faster than
   * it reads is held back by TCP instead of losing echoes.
   */
  readonly #waitingEcho = new Map<number, { data: Uint8Array; mode: WriteMode }>();
  #onActivity: (() => void) | null = null;

  constructor(kind: 'broadcast' | 'echo', settings: SessionSettings, events: SessionEvents) {
    this.#kind = kind;
    this.#settings = settings;
    this.#events = events;
  }

  get onActivity(): (() => void) | null {
    return this.#onActivity;
  }
  set onActivity(callback: (() => void) | null) {
    this.#onActivity = callback;
  }

  accept(ws: WebSocketPeer, id: number): boolean {
    const { maxMessage, heartbeat, handshakeTimeout, protocols } = this.#settings;
    ws.setSupportedProtocols(protocols);
    if (maxMessage > 0) {
      ws.setInboundBufferSize(maxMessage);
      ws.setOutboundBufferSize(Math.max(ws.getOutboundBufferSize(), maxMessage));
    }
    ws.setHeartbeatInterval(heartbeat);
    ws.handshakeTimeout = handshakeTimeout;
    ws.setTrafficMeter(this.traffic);
    ws.onActivity = () => this.#touch(id);
    this.#seated.set(id, ws);
    this.#active.add(id); // its handshake is waiting to be read
    return true;
  }

  poll(everyone: boolean): void {
    if (everyone) {
      // The sweep, for timers: an idle open peer without a heartbeat has none.
      for (const [id, ws] of this.#seated) {
        if (ws.needsSweep() || this.#active.has(id)) this.#pollPeer(id, ws);
      }
      this.#active.clear();
      return;
    }
    const readOn: number[] = [];
    while (this.#active.size > 0) {
      const ids = [...this.#active];
      this.#active.clear();
      for (const id of ids) {
        const ws = this.#seated.get(id);
        if (!ws) continue;
        this.#pollPeer(id, ws);
        // Reading stopped at its full queue, which is empty now: no socket event will say so.
        // (A member whose echo waits is woken by its socket's drain instead.)
        if (ws.isInputHeld() && !this.#waitingEcho.has(id)) readOn.push(id);
      }
    }
    if (readOn.length === 0) return;
    for (const id of readOn) this.#active.add(id);
    this.#onActivity?.();
  }

  needsSweep(): boolean {
    return (
      this.#active.size > 0 || this.#waitingEcho.size > 0 || anyNeedsSweep(this.#seated.values())
    );
  }

  seats(): number {
    return this.#seated.size;
  }

  members(): number[] {
    return [...this.#members];
  }

  address(id: number): string {
    const ws = this.#seated.get(id);
    return ws ? formatAddress(ws.getConnectedHost(), ws.getConnectedPort()) : '';
  }

  sendBytes(to: number, bytes: Uint8Array): Error {
    if (to > 0) {
      const ws = this.#members.has(to) ? this.#seated.get(to) : undefined;
      return ws ? ws.send(bytes, WriteMode.WRITE_MODE_BINARY) : Error.ERR_INVALID_PARAMETER;
    }
    for (const id of this.#members) {
      if (id !== -to) this.#seated.get(id)?.send(bytes, WriteMode.WRITE_MODE_BINARY);
    }
    return Error.OK;
  }

  kick(id: number, code: number, reason: string): void {
    const ws = this.#seated.get(id);
    ws?.close(code, reason);
    ws?.onActivity?.(); // polled soon, not at the next sweep
  }

  closeAll(code: number, reason: string): void {
    for (const ws of this.#seated.values()) ws.close(code, reason);
  }

  stop(): void {
    for (const ws of this.#seated.values()) ws.close(-1);
    this.#seated.clear();
    this.#members.clear();
    this.#active.clear();
    this.#waitingEcho.clear();
  }

  #pollPeer(id: number, ws: WebSocketPeer): void {
    ws.poll();
    const state = ws.getReadyState();
    if (state === State.STATE_OPEN && !this.#members.has(id)) this.#join(id, ws);
    if (this.#members.has(id)) this.#read(id, ws);
    if (state === State.STATE_CLOSED) this.#gone(id, ws);
  }

  #touch(id: number): void {
    this.#active.add(id);
    this.#onActivity?.();
  }

  #join(id: number, ws: WebSocketPeer): void {
    if (this.#kind === 'broadcast' && this.#settings.notices) {
      const peers = [...this.#members];
      ws.sendText(JSON.stringify({ type: 'welcome', id, peers }));
      this.#notice(JSON.stringify({ type: 'joined', id }));
    }
    this.#members.add(id);
    this.#events.joined(id);
  }

  #read(id: number, ws: WebSocketPeer): void {
    if (this.#kind === 'echo') {
      this.#echo(id, ws);
      return;
    }
    while (ws.getAvailablePacketCount() > 0) {
      const data = ws.getPacket();
      const mode = ws.wasStringPacket() ? WriteMode.WRITE_MODE_TEXT : WriteMode.WRITE_MODE_BINARY;
      for (const other of this.#members) {
        if (other === id) continue;
        const to = this.#seated.get(other);
        if (to?.getReadyState() === State.STATE_OPEN && to.trySend(data, mode) !== Error.OK) {
          this.dropped++;
        }
      }
    }
  }

  /** Echo rooms: each message back to its sender, in order, waiting while it does not fit. */
  #echo(id: number, ws: WebSocketPeer): void {
    const waiting = this.#waitingEcho.get(id);
    if (waiting) {
      if (!this.#echoFits(ws, waiting.data)) return;
      this.#waitingEcho.delete(id);
      this.#sendEcho(ws, waiting.data, waiting.mode);
    }
    while (ws.getAvailablePacketCount() > 0) {
      const data = ws.getPacket();
      const mode = ws.wasStringPacket() ? WriteMode.WRITE_MODE_TEXT : WriteMode.WRITE_MODE_BINARY;
      if (!this.#echoFits(ws, data)) {
        this.#waitingEcho.set(id, { data, mode });
        return;
      }
      this.#sendEcho(ws, data, mode);
    }
  }

  /** Whether to send the echo now: it fits, or it never will (not open, or over the limit alone). */
  #echoFits(ws: WebSocketPeer, data: Uint8Array): boolean {
    return (
      ws.canSend(data.byteLength) ||
      ws.getReadyState() !== State.STATE_OPEN ||
      ws.getCurrentOutboundBufferedAmount() === 0
    );
  }

  #sendEcho(ws: WebSocketPeer, data: Uint8Array, mode: WriteMode): void {
    // Counted, not logged: e.g. messages that came with the client's close frame.
    if (ws.trySend(data, mode) !== Error.OK) this.dropped++;
  }

  #gone(id: number, ws: WebSocketPeer): void {
    this.#seated.delete(id);
    this.#waitingEcho.delete(id);
    if (!this.#members.delete(id)) {
      this.#events.failed(id);
      return;
    }
    if (this.#kind === 'broadcast' && this.#settings.notices) {
      this.#notice(JSON.stringify({ type: 'left', id }));
    }
    this.#events.left(id, ws.getCloseCode(), ws.getCloseReason());
  }

  #notice(text: string): void {
    const bytes = textEncoder.encode(text);
    for (const id of this.#members) {
      const ws = this.#seated.get(id);
      if (ws?.getReadyState() === State.STATE_OPEN) ws.send(bytes, WriteMode.WRITE_MODE_TEXT);
    }
  }
}
