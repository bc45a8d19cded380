import { logger } from '../../core/logger.js';
import type { Signal } from '../../core/signal.js';
import { Lobby } from './lobby.js';
import { newLobbyName } from './random-names.js';
import type { SignalingCodec } from './signaling-codec.js';
import type { SignalingCounters } from './signaling-counters.js';
import {
  CloseReason,
  SignalingCommand as Cmd,
  REFUSE_CODE,
  type SignalingMessage,
} from './signaling-message.js';
import type { JoinVerdict, ResolvedSignalingOptions } from './signaling-options.js';
import type { SignalingPeer } from './signaling-peer.js';

/** The longest lobby name a join hook may route to. */
const MAX_LOBBY_NAME = 128;

/** What the rules need from the server: its state, its signals, and how to send and close. */
export interface RulesContext {
  readonly options: ResolvedSignalingOptions;
  readonly counters: SignalingCounters;
  readonly lobbies: Map<string, Lobby<SignalingPeer>>;
  readonly signals: {
    peerJoined: Signal<[lobby: string, id: number]>;
    peerLeft: Signal<[lobby: string, id: number]>;
    lobbyCreated: Signal<[lobby: string]>;
    lobbySealed: Signal<[lobby: string]>;
    lobbyClosed: Signal<[lobby: string]>;
  };
  send(peer: SignalingPeer, message: SignalingMessage): void;
  close(peer: SignalingPeer, code: number, reason: string, now: number): void;
}

/**
 * The demo's lobby rules, whichever protocol version carried the message: JOIN (create, join,
 * the hook), SEAL, relaying OFFER / ANSWER / CANDIDATE with the sender's id, leaving, and the
 * close reason for each thing a peer may not do (docs/signaling.md).
 */
export class LobbyRules {
  readonly #ctx: RulesContext;

  constructor(ctx: RulesContext) {
    this.#ctx = ctx;
  }

  /** Closes the peers of lobbies whose seal time is up. */
  sweep(now: number): void {
    for (const lobby of this.#ctx.lobbies.values()) {
      if (lobby.sealed && !lobby.sealClosed && now >= lobby.sealDeadline) {
        lobby.sealClosed = true;
        for (const member of lobby.members.values()) {
          this.#ctx.close(member, 1000, CloseReason.SEAL_COMPLETE, now);
        }
      }
    }
  }

  /** Closes a peer for a message it should not have sent (counted as malformed). */
  refuse(peer: SignalingPeer, reason: string, now: number): void {
    this.#ctx.counters.malformed++;
    this.#ctx.close(peer, REFUSE_CODE, reason, now);
  }

  dispatch(peer: SignalingPeer, codec: SignalingCodec, message: SignalingMessage, now: number) {
    if (message.type === Cmd.JOIN) {
      this.#join(peer, codec, message.data, codec.meshOnly || message.id === 0, now);
      return;
    }
    const lobby = peer.lobby;
    if (!lobby) return this.refuse(peer, CloseReason.NEED_LOBBY, now);
    if (message.type === Cmd.SEAL) return this.#seal(peer, lobby, now);
    const relayed =
      message.type === Cmd.OFFER || message.type === Cmd.ANSWER || message.type === Cmd.CANDIDATE;
    if (!relayed && !codec.destinationFirst) return this.refuse(peer, CloseReason.INVALID_CMD, now);
    const dest = message.id > 0 ? lobby.find(message.id) : undefined;
    if (!dest) return this.refuse(peer, CloseReason.INVALID_DEST, now);
    if (!relayed) return this.refuse(peer, CloseReason.INVALID_CMD, now);
    this.#ctx.counters.messagesRelayed++;
    this.#ctx.send(dest, { type: message.type, id: lobby.idOf(peer), data: message.data });
  }

  #join(peer: SignalingPeer, codec: SignalingCodec, asked: string, mesh: boolean, now: number) {
    const c = this.#ctx.counters;
    const refuse = (reason: string, code = REFUSE_CODE) => {
      c.joinsRefused++;
      this.#ctx.close(peer, code, reason, now);
    };
    if (asked === '' && this.#ctx.lobbies.size >= this.#ctx.options.maxLobbies) {
      return refuse(CloseReason.TOO_MANY_LOBBIES);
    }
    if (peer.lobby) return refuse(CloseReason.ALREADY_IN_LOBBY);
    let name = asked;
    const verdict = this.#askHook(peer, codec, asked, mesh);
    if (peer.closeDeadline > 0) return; // the hook closed it (disconnectPeer)
    if (verdict === false) return refuse('Join refused');
    if (typeof verdict === 'object' && 'refuse' in verdict) {
      return refuse(String(verdict.refuse), validCloseCode(verdict.code) ?? REFUSE_CODE);
    }
    let create = name === '';
    if (typeof verdict === 'object' && 'lobby' in verdict) {
      name = String(verdict.lobby).slice(0, MAX_LOBBY_NAME);
      if (typeof verdict.mesh === 'boolean' && !codec.meshOnly) mesh = verdict.mesh;
      create = name === '' || !this.#ctx.lobbies.has(name);
      if (create && this.#ctx.lobbies.size >= this.#ctx.options.maxLobbies) {
        return refuse(CloseReason.TOO_MANY_LOBBIES);
      }
    }
    let lobby: Lobby<SignalingPeer> | undefined;
    if (create) {
      if (name === '') name = newLobbyName(this.#ctx.lobbies);
      lobby = new Lobby(name, codec.protocol, mesh, peer, now);
      this.#ctx.lobbies.set(name, lobby);
      c.lobbiesCreated++;
      this.#ctx.signals.lobbyCreated.emit(name);
    } else {
      lobby = this.#ctx.lobbies.get(name);
      if (!lobby || lobby.protocol !== codec.protocol) {
        return refuse(CloseReason.LOBBY_DOES_NOT_EXIST);
      }
      if (lobby.sealed) return refuse(CloseReason.LOBBY_IS_SEALED);
      if (lobby.members.size >= this.#ctx.options.maxPeersPerLobby) {
        return refuse(CloseReason.LOBBY_FULL);
      }
    }
    // As the demo: ID first, then each other member both ways, then JOIN with the name.
    const assigned = lobby.idOf(peer);
    this.#ctx.send(peer, { type: Cmd.ID, id: assigned, data: lobby.mesh ? 'true' : '' });
    for (const other of lobby.members.values()) {
      if (!lobby.visible(peer, other)) continue;
      this.#ctx.send(other, { type: Cmd.PEER_CONNECT, id: assigned, data: '' });
      this.#ctx.send(peer, { type: Cmd.PEER_CONNECT, id: lobby.idOf(other), data: '' });
    }
    lobby.members.set(peer.id, peer);
    peer.lobby = lobby;
    this.#ctx.send(peer, { type: Cmd.JOIN, id: 0, data: lobby.name });
    c.joins++;
    this.#ctx.signals.peerJoined.emit(lobby.name, assigned);
  }

  #askHook(peer: SignalingPeer, codec: SignalingCodec, lobby: string, mesh: boolean): JoinVerdict {
    const hook = this.#ctx.options.onJoin;
    if (!hook) return undefined;
    try {
      const { id, address, info } = peer;
      return hook({ id, lobby, mesh, protocol: codec.protocol, address, info });
    } catch (err) {
      logger.error(`SignalingServer: the join hook threw (${String(err)}); the join is refused.`);
      return { refuse: 'Server error' };
    }
  }

  #seal(peer: SignalingPeer, lobby: Lobby<SignalingPeer>, now: number): void {
    if (peer !== lobby.host) {
      this.refuse(peer, CloseReason.ONLY_HOST_CAN_SEAL, now);
      return;
    }
    const first = !lobby.sealed;
    if (first) {
      lobby.sealed = true;
      lobby.sealDeadline = now + this.#ctx.options.sealCloseMs;
      this.#ctx.counters.lobbiesSealed++;
    }
    for (const member of lobby.members.values())
      this.#ctx.send(member, { type: Cmd.SEAL, id: 0, data: '' });
    if (first) this.#ctx.signals.lobbySealed.emit(lobby.name);
  }

  leave(peer: SignalingPeer, lobby: Lobby<SignalingPeer>, now: number): void {
    const id = lobby.idOf(peer);
    lobby.members.delete(peer.id);
    peer.lobby = null;
    this.#ctx.signals.peerLeft.emit(lobby.name, id);
    if (peer === lobby.host) {
      this.#ctx.lobbies.delete(lobby.name);
      for (const member of lobby.members.values()) {
        member.lobby = null;
        this.#ctx.close(member, REFUSE_CODE, CloseReason.HOST_DISCONNECTED, now);
        this.#ctx.signals.peerLeft.emit(lobby.name, member.id);
      }
      lobby.members.clear();
      this.#ctx.counters.lobbiesClosed++;
      this.#ctx.signals.lobbyClosed.emit(lobby.name);
      return;
    }
    for (const member of lobby.members.values()) {
      if (lobby.visible(peer, member))
        this.#ctx.send(member, { type: Cmd.PEER_DISCONNECT, id, data: '' });
    }
  }
}

/** A close code a hook may send: 1000 or an application code (3000–4999). */
function validCloseCode(code: unknown): number | undefined {
  if (typeof code !== 'number' || !Number.isInteger(code)) return undefined;
  return code === 1000 || (code >= 3000 && code <= 4999) ? code : undefined;
}
