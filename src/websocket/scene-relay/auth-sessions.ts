/**
 * SceneMultiplayer's authentication bookkeeping on the server (docs/godot4-multiplayer.md §3.6 rule
 * 2): a peer stays pending until both sides have sent the 2-byte `07 00` — `local` when we
 * completed, `remote` when the client did — or until the auth timeout.
 */
export interface AuthSession {
  /** `performance.now()` when the peer connected. */
  since: number;
  local: boolean;
  remote: boolean;
}

/** The answer an auth callback may give at once (or use `sendAuth` / `completeAuth` later). */
export type AuthAnswer =
  | Uint8Array
  | 'complete'
  | 'refuse'
  | { reply?: Uint8Array; complete?: boolean }
  | undefined
  // biome-ignore lint/suspicious/noConfusingVoidType: callbacks that return nothing are allowed.
  | void;

/** Called with each non-empty AUTH message (`07 00 <data>`) from a pending client. */
export type AuthCallback = (id: number, data: Uint8Array) => AuthAnswer;

/** Pending peers by id, in the order they connected. */
export class AuthSessions {
  #sessions = new Map<number, AuthSession>();

  start(id: number, now: number): void {
    this.#sessions.set(id, { since: now, local: false, remote: false });
  }

  get(id: number): AuthSession | undefined {
    return this.#sessions.get(id);
  }

  /** Clients still authenticating. */
  get size(): number {
    return this.#sessions.size;
  }

  has(id: number): boolean {
    return this.#sessions.has(id);
  }

  delete(id: number): boolean {
    return this.#sessions.delete(id);
  }

  ids(): number[] {
    return [...this.#sessions.keys()];
  }

  /** Ids whose session is older than `timeoutMs` (none when `timeoutMs` ≤ 0). */
  expired(now: number, timeoutMs: number): number[] {
    if (timeoutMs <= 0 || this.#sessions.size === 0) return [];
    const out: number[] = [];
    for (const [id, s] of this.#sessions) if (s.since + timeoutMs <= now) out.push(id);
    return out;
  }

  clear(): void {
    this.#sessions.clear();
  }
}

/** What to do for each kind of `AuthAnswer`. */
export interface AuthActions {
  reply(data: Uint8Array): void;
  complete(): void;
  refuse(): void;
}

/** Carries out an auth callback's answer: reply first, then complete (Godot's order). */
export function applyAuthAnswer(answer: AuthAnswer, actions: AuthActions): void {
  if (answer === undefined) return;
  if (answer === 'refuse') actions.refuse();
  else if (answer === 'complete') actions.complete();
  else if (answer instanceof Uint8Array) actions.reply(answer);
  else {
    if (answer.reply) actions.reply(answer.reply);
    if (answer.complete) actions.complete();
  }
}
