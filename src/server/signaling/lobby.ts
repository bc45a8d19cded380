import type { SignalingProtocol } from './signaling-codec.js';

/** What a lobby knows of a member: its server-wide id. */
export interface LobbyMember {
  readonly id: number;
}

/** For the dashboard: one open lobby. */
export interface LobbyInfo {
  name: string;
  protocol: SignalingProtocol;
  /** Members now (the host included). */
  peers: number;
  mesh: boolean;
  sealed: boolean;
  /** Seconds since it was created. */
  ageSeconds: number;
}

/**
 * One lobby: a host (id 1 inside the lobby) and the peers that joined its name. It ends when
 * its host leaves. In a client/server lobby (not mesh) a client is told only about the host and
 * the host about every client; in a mesh everyone about everyone.
 */
export class Lobby<M extends LobbyMember = LobbyMember> {
  readonly name: string;
  readonly protocol: SignalingProtocol;
  readonly mesh: boolean;
  readonly host: M;
  readonly createdAt: number;
  /** Members in the order they joined (the host first). */
  readonly members = new Map<number, M>();
  sealed = false;
  /** When a sealed lobby's peers are closed (ms, the server's clock); 0 while not sealed. */
  sealDeadline = 0;
  /** Set once the seal's closes have gone out. */
  sealClosed = false;

  constructor(name: string, protocol: SignalingProtocol, mesh: boolean, host: M, now: number) {
    this.name = name;
    this.protocol = protocol;
    this.mesh = mesh;
    this.host = host;
    this.createdAt = now;
  }

  /** The id a member has inside this lobby: 1 for the host. */
  idOf(member: M): number {
    return member === this.host ? 1 : member.id;
  }

  /** The member a message addressed to `id` goes to (1 = the host). */
  find(id: number): M | undefined {
    return id === 1 ? this.host : this.members.get(id);
  }

  /** Whether `a` and `b` are told about each other. */
  visible(a: M, b: M): boolean {
    return this.mesh || a === this.host || b === this.host;
  }

  info(now: number): LobbyInfo {
    return {
      name: this.name,
      protocol: this.protocol,
      peers: this.members.size,
      mesh: this.mesh,
      sealed: this.sealed,
      ageSeconds: Math.max(0, Math.floor((now - this.createdAt) / 1000)),
    };
  }
}
