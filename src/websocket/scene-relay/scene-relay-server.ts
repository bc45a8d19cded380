import { Error } from '../../core/error.js';
import type { LastError } from '../../core/last-error.js';
import { logger } from '../../core/logger.js';
import { MultiplayerPeer } from '../../core/multiplayer-peer.js';
import { Signal } from '../../core/signal.js';
import type { TLSOptions } from '../../net/tls-options.js';
import { HeldPackets, type Waiting } from '../held-packets.js';
import { PeerVisibility, type VisibilityRule } from '../peer-visibility.js';
import { RelayBackpressure } from '../relay-backpressure.js';
import { WebSocketMultiplayerPeer } from '../websocket-multiplayer-peer.js';
import {
  type AuthAnswer,
  type AuthCallback,
  AuthSessions,
  applyAuthAnswer,
} from './auth-sessions.js';
import { DenseIdSet } from './dense-id-set.js';
import {
  type RelayPolicy,
  relayAllowed,
  relayRecipients,
  serverIsRelayTarget,
} from './relay-policy.js';
import type { SceneRelayServerOptions } from './scene-relay-options.js';
import {
  encodeAuth,
  encodeRelay,
  encodeSysPeer,
  NetworkCommand,
  packetCommand,
  parseSys,
  SysCommand,
} from './sys-command.js';

export type { SceneRelayServerOptions } from './scene-relay-options.js';

const EMPTY = new Uint8Array(0);
const AUTH_DONE = encodeAuth(EMPTY);

/**
 * A Node server for Godot 4 games: what a Godot server running SceneMultiplayer over
 * `WebSocketMultiplayerPeer` does on the wire (docs/godot4-multiplayer.md §3.6), without the scene
 * tree. It admits clients (optionally through SceneMultiplayer's authentication), tells every
 * client about the others (ADD_PEER / DEL_PEER), forwards RELAY packets with the source id filled
 * in, and hands packets addressed to the server (peer 1) to Node code. Call `poll()` regularly.
 */
export class SceneRelayServer {
  /** A client was admitted (after authentication, if any). */
  readonly peerJoined = new Signal<[id: number]>('peer_joined');
  /** An admitted client went away (not emitted for peers removed with `disconnectPeer`). */
  readonly peerLeft = new Signal<[id: number]>('peer_left');
  /** A client connected and must authenticate (only with the `auth` option). */
  readonly peerAuthenticating = new Signal<[id: number]>('peer_authenticating');
  /** A pending client left, timed out, or was refused. */
  readonly peerAuthenticationFailed = new Signal<[id: number]>('peer_authentication_failed');
  /**
   * A SceneMultiplayer packet (byte 0 = command: rpc, RAW, …) addressed to the server: sent to
   * peer 1 directly, or relayed to everyone / everyone but N ≠ 1, with its sender.
   */
  readonly packetReceived = new Signal<[from: number, packet: Uint8Array]>('packet_received');
  /** The bytes of a RAW packet (`multiplayer.send_bytes`) for the server, without the 0x03. */
  readonly peerPacket = new Signal<[from: number, bytes: Uint8Array]>('peer_packet');

  /** Which client-to-client packets are forwarded. */
  relayPolicy: RelayPolicy;
  /** Authentication callback; null = admit at once. Applies to clients that connect later. */
  auth: AuthCallback | null;
  /** Seconds a client may stay pending; 0 = no limit. */
  authTimeout: number;

  readonly #mp: WebSocketMultiplayerPeer;
  /** Admitted clients, in Godot's `connected_peers` order. */
  readonly #peers = new DenseIdSet();
  readonly #pending = new AuthSessions();
  /** Relays that wait for their recipients (their senders are not read meanwhile). */
  readonly #held = new HeldPackets();
  readonly #pressure = new RelayBackpressure();
  /** Admitted clients that left during this poll; the rest hear of them after it (DEL_PEER). */
  #leavers: number[] = [];
  /** Who knows whom, while a visibility rule is set (null: everyone knows everyone). */
  #visibility: { rule: VisibilityRule; told: PeerVisibility } | null = null;

  constructor(options: SceneRelayServerOptions = {}) {
    this.relayPolicy = options.relay ?? 'all';
    this.auth = options.auth ?? null;
    this.authTimeout = options.authTimeout ?? 3;
    this.#mp = options.peer ?? new WebSocketMultiplayerPeer();
    this.#mp.peerConnected.connect((id) => this.#onConnected(id));
    this.#mp.peerDisconnected.connect((id) => this.#onDisconnected(id));
  }

  /** The underlying server peer (configuration, `getPeerAddress`, `onActivity`, …). */
  get multiplayerPeer(): WebSocketMultiplayerPeer {
    return this.#mp;
  }

  /**
   * Listens for Godot clients; `tlsOptions` from `TLSOptions.server(...)` for wss. With an IP
   * literal as `bindAddress` Node binds a tick later (`getLocalPort()` is 0 until then; see
   * `WebSocketMultiplayerPeer.createServer`); "*" binds at once.
   */
  listen(port: number, bindAddress = '*', tlsOptions: TLSOptions | null = null): Error {
    return this.#mp.createServer(port, bindAddress, tlsOptions);
  }

  /**
   * Node extra: the last failure, or null: a failed listen, or the last client whose handshake
   * failed or whose connection was lost (see `WebSocketMultiplayerPeer.getLastError`).
   */
  getLastError(): LastError | null {
    return this.#mp.getLastError();
  }

  /** The listening port (useful after `listen(0)`), 0 when not listening. */
  getLocalPort(): number {
    return this.#mp.getLocalPort();
  }

  /**
   * Node extra: whether `poll()` has timed work besides its peers' own: clients authenticating
   * (their timeout), or relays waiting for a recipient that cannot take them yet.
   */
  hasPendingWork(): boolean {
    return this.#pending.size > 0 || this.#held.size > 0;
  }

  /** Accepts, reads and relays; emits this class's signals. */
  poll(): void {
    this.#mp.poll();
    this.#announceLeavers();
    for (const from of this.#held.release((f, p, decided) => this.#handle(f, p, decided))) {
      this.#mp.setPeerPaused(from, false);
    }
    while (this.#mp.getAvailablePacketCount() > 0) {
      const from = this.#mp.getPacketPeer();
      const packet = this.#mp.getPacket();
      if (this.#mp.getPacketError() !== Error.OK) break;
      if (this.#held.has(from)) {
        this.#held.hold(from, packet); // behind what waits
        continue;
      }
      const waiting = this.#handle(from, packet, null);
      if (waiting) {
        this.#held.hold(from, packet, waiting.waitFor);
        this.#mp.setPeerPaused(from, true);
      }
    }
    const timeoutMs = this.authTimeout * 1000;
    for (const id of this.#pending.expired(performance.now(), timeoutMs)) {
      this.#pending.delete(id);
      this.#mp.disconnectPeer(id);
      this.peerAuthenticationFailed.emit(id);
    }
  }

  /** Drops every client at once (no signals) and stops listening. */
  close(): void {
    this.#mp.close();
    this.#peers.clear();
    this.#leavers = [];
    this.#pending.clear();
    this.#held.clear();
    this.#pressure.clear();
  }

  /** Admitted clients, in Godot's order (join order; a leaver's place goes to the last one). */
  getPeers(): number[] {
    return this.#peers.toArray();
  }

  /** Clients still authenticating. */
  getAuthenticatingPeers(): number[] {
    return this.#pending.ids();
  }

  /**
   * Sends `bytes` as a RAW packet from peer 1 (what `multiplayer.send_bytes` sends; clients get
   * it in `peer_packet`). `to`: N one client, 0 every client, −N every client but N.
   */
  sendBytes(to: number, bytes: Uint8Array): Error {
    if (bytes.byteLength === 0) return fail(Error.ERR_INVALID_DATA, 'sendBytes: no bytes.');
    const packet = new Uint8Array(bytes.byteLength + 1);
    packet[0] = NetworkCommand.RAW;
    packet.set(bytes, 1);
    return this.sendRaw(to, packet);
  }

  /** Sends a whole SceneMultiplayer packet (e.g. an rpc) from peer 1 to N / 0 (all) / −N. */
  sendRaw(to: number, packet: Uint8Array): Error {
    if (this.#mp.getConnectionStatus() !== MultiplayerPeer.CONNECTION_CONNECTED) {
      return fail(Error.ERR_UNCONFIGURED, 'sendRaw: the relay is not listening.');
    }
    if (packet.byteLength === 0) return fail(Error.ERR_INVALID_DATA, 'sendRaw: empty packet.');
    if (to > 0) {
      if (!this.#peers.has(to)) return fail(Error.ERR_INVALID_PARAMETER, `No admitted peer ${to}.`);
      return this.#send(to, packet);
    }
    for (const id of this.#peers) if (id !== -to) this.#send(id, packet);
    return Error.OK;
  }

  /** Sends authentication data (`07 00 <data>`) to a pending client. */
  sendAuth(id: number, data: Uint8Array): Error {
    const session = this.#pending.get(id);
    if (!session) return fail(Error.ERR_INVALID_PARAMETER, `sendAuth: peer ${id} is not pending.`);
    if (data.byteLength === 0) return fail(Error.ERR_INVALID_PARAMETER, 'sendAuth: no data.');
    if (session.local || session.remote) {
      return fail(
        Error.ERR_FILE_CANT_WRITE,
        `sendAuth: authentication of ${id} already completed.`,
      );
    }
    return this.#send(id, encodeAuth(data));
  }

  /**
   * Marks a pending client as authenticated (sends `07 00`); it is admitted once it did the same.
   */
  completeAuth(id: number): Error {
    const session = this.#pending.get(id);
    if (!session) return fail(Error.ERR_INVALID_PARAMETER, `completeAuth: ${id} is not pending.`);
    if (session.local) return fail(Error.ERR_FILE_CANT_WRITE, `completeAuth: ${id} already done.`);
    session.local = true;
    const err = this.#send(id, AUTH_DONE);
    if (session.remote) this.#admit(id);
    return err;
  }

  /**
   * Node extra: which clients know of each other (ADD_PEER / DEL_PEER) and may send each other
   * packets; the server (peer 1) always knows and reaches everyone. Null (the default): all of
   * them, as a Godot server. After the rule's answers change (e.g. a client moved to another
   * group) call `refreshVisibility()`. A throwing rule counts as "no".
   */
  setVisibility(rule: VisibilityRule | null): void {
    const old = this.#visibility;
    if (rule === null) {
      this.#visibility = null;
      if (old) this.#refresh(old.told, () => true); // introduce everyone still apart
      return;
    }
    this.#visibility = { rule, told: old?.told ?? new PeerVisibility(this.#peers) };
    this.refreshVisibility();
  }

  /** Applies the visibility rule again: ADD_PEER to pairs it now joins, DEL_PEER to pairs it parts. */
  refreshVisibility(): void {
    if (this.#visibility) this.#refresh(this.#visibility.told, this.#visibility.rule);
  }

  #refresh(told: PeerVisibility, rule: VisibilityRule): void {
    const { add, del } = told.refresh(this.#peers.toArray(), rule);
    for (const [a, b] of add) {
      this.#send(a!, encodeSysPeer(SysCommand.ADD_PEER, b!));
      this.#send(b!, encodeSysPeer(SysCommand.ADD_PEER, a!));
    }
    for (const [a, b] of del) {
      this.#send(a!, encodeSysPeer(SysCommand.DEL_PEER, b!));
      this.#send(b!, encodeSysPeer(SysCommand.DEL_PEER, a!));
    }
  }

  /** Disconnects a client (close code 1000); the others get DEL_PEER now; no signal. */
  disconnectPeer(id: number): void {
    if (!this.#pending.delete(id)) {
      if (!this.#peers.has(id)) {
        logger.error(`disconnectPeer: no peer ${id}.`);
        return;
      }
      this.#remove(id);
    }
    this.#mp.disconnectPeer(id);
  }

  #onConnected(id: number): void {
    if (!this.auth) {
      this.#admit(id);
      return;
    }
    this.#pending.start(id, performance.now());
    this.peerAuthenticating.emit(id);
  }

  #onDisconnected(id: number): void {
    if (this.#pending.delete(id)) {
      this.peerAuthenticationFailed.emit(id);
    } else if (this.#peers.has(id)) {
      // DEL_PEER goes out once the poll has removed everyone who left (#announceLeavers), so
      // many clients leaving at once cost one message per leaver and remaining client.
      this.#peers.delete(id);
      this.#leavers.push(id);
      this.peerLeft.emit(id);
    }
  }

  /** DEL_PEER for every client that left during the last poll, to every client still here. */
  #announceLeavers(): void {
    if (this.#leavers.length === 0) return;
    const vis = this.#visibility;
    if (vis) {
      for (const id of this.#leavers) {
        const del = encodeSysPeer(SysCommand.DEL_PEER, id);
        for (const other of vis.told.leave(id)) if (this.#peers.has(other)) this.#send(other, del);
      }
      this.#leavers = [];
      return;
    }
    const dels = this.#leavers.map((id) => encodeSysPeer(SysCommand.DEL_PEER, id));
    this.#leavers = [];
    for (const other of this.#peers) for (const del of dels) this.#send(other, del);
  }

  /** Godot's order: for each admitted P, ADD_PEER(new) to P, then ADD_PEER(P) to the new one. */
  #admit(id: number): void {
    this.#pending.delete(id);
    const vis = this.#visibility;
    const others = vis ? vis.told.admit(id, this.#peers, vis.rule) : this.#peers;
    for (const other of others) {
      this.#send(other, encodeSysPeer(SysCommand.ADD_PEER, id));
      this.#send(id, encodeSysPeer(SysCommand.ADD_PEER, other));
    }
    this.#peers.add(id);
    this.peerJoined.emit(id);
  }

  /** Forgets an admitted client and sends DEL_PEER to the rest. */
  #remove(id: number): void {
    this.#peers.delete(id);
    this.#held.forget(id);
    this.#pressure.forget(id);
    const del = encodeSysPeer(SysCommand.DEL_PEER, id);
    for (const other of this.#visibility?.told.leave(id) ?? this.#peers) this.#send(other, del);
  }

  /**
   * One packet from client `from`: null when handled, or a relay its recipients cannot take now
   * (hold it); `decided`: whom it waited for before (a retry), null when it is new.
   */
  #handle(from: number, packet: Uint8Array, decided: number[] | null): Waiting | null {
    if (this.#pending.has(from)) {
      this.#handleAuth(from, packet);
      return null;
    }
    if (!this.#peers.has(from)) return null; // Refused or kicked: late packets are dropped.
    if (packetCommand(packet) !== NetworkCommand.SYS) {
      this.#deliver(from, packet);
      return null;
    }
    const sys = parseSys(packet);
    if (sys?.command === SysCommand.RELAY) {
      return this.#relay(from, sys.peer, sys.inner, decided);
    }
    if (!(sys?.command === SysCommand.AUTH && sys.data.byteLength === 0)) {
      logger.verbose(`Dropped a system packet from ${from} that a server does not accept.`);
    } // A late "07 00" from an admitted client is a confirmation: ignored, as Godot does.
    return null;
  }

  /**
   * Facts §3.6 rule 4: forward with the source substituted; the server may be a target too.
   * Nothing is sent while a recipient cannot take it (see `RelayBackpressure`): it waits for
   * the recipients decided now, and a retry (`decided`) sends to those of them still here.
   */
  #relay(
    from: number,
    target: number,
    inner: Uint8Array,
    decided: number[] | null,
  ): Waiting | null {
    if (target > 0 && !this.#peers.has(target)) return null; // Gone while in transit (or 1).
    const out = encodeRelay(from, inner);
    const recipients = decided
      ? decided.filter((id) => this.#peers.has(id))
      : this.#recipients(from, target, inner);
    const fits = (to: number) => this.#mp.canSendTo(to, out.byteLength);
    if (!this.#pressure.allFit(recipients, fits, performance.now())) {
      return { waitFor: recipients };
    }
    for (const to of recipients) this.#send(to, out);
    if (serverIsRelayTarget(target)) this.#deliver(from, inner);
    return null;
  }

  /** Who a RELAY packet goes to: the target rule, then visibility and the relay policy. */
  #recipients(from: number, target: number, inner: Uint8Array): number[] {
    const told = this.#visibility?.told;
    const recipients: number[] = [];
    for (const to of relayRecipients(this.#peers, from, target)) {
      if (told && !told.sees(from, to)) continue; // it does not know of them
      if (relayAllowed(this.relayPolicy, from, to, inner, target)) recipients.push(to);
    }
    return recipients;
  }

  #deliver(from: number, packet: Uint8Array): void {
    const command = packetCommand(packet);
    if (command === NetworkCommand.SYS) return; // Godot's server does not process relayed SYS.
    this.packetReceived.emit(from, packet);
    if (command === NetworkCommand.RAW && packet.byteLength > 1) {
      this.peerPacket.emit(from, packet.subarray(1));
    }
  }

  #handleAuth(from: number, packet: Uint8Array): void {
    const sys = parseSys(packet);
    if (sys?.command !== SysCommand.AUTH) return; // Only AUTH while pending (Godot drops the rest).
    if (sys.data.byteLength === 0) {
      const session = this.#pending.get(from);
      if (!session) return;
      session.remote = true;
      if (session.local) this.#admit(from);
      return;
    }
    const callback = this.auth;
    if (!callback) return;
    let answer: AuthAnswer;
    try {
      answer = callback(from, sys.data.slice());
    } catch (err) {
      logger.error(`The auth callback threw: ${String(err)}`);
      return;
    }
    applyAuthAnswer(answer, {
      reply: (data) => this.sendAuth(from, data),
      complete: () => this.completeAuth(from),
      refuse: () => {
        this.#pending.delete(from);
        this.#mp.disconnectPeer(from);
        this.peerAuthenticationFailed.emit(from);
      },
    });
  }

  #send(to: number, packet: Uint8Array): Error {
    this.#mp.setTargetPeer(to);
    return this.#mp.putPacket(packet);
  }
}

function fail(err: Error, message: string): Error {
  logger.error(message);
  return err;
}
